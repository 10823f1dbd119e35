/**
 * End-to-end: `candidate import` of the built binary with its worker thread
 * (PARNASSE_IMPORT_WORKER=1 forces it on small files; 0 keeps the import in-process).
 * Both paths must give the same documents, exit codes and database.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDbPath, tempDir } from '../helpers/cli.js';
import { baseRow, csvText, rawFile, writeCsv, writeRaw } from '../csv/helpers.js';
import { CANDIDACY_COLUMNS } from '../../src/candidacy/columns.js';
import { englishEnv } from '../helpers/env.js';

const BIN = path.resolve('bin/parnasse.js');
const run = (worker: '0' | '1', args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: englishEnv({ NO_COLOR: '1', PARNASSE_OPERATOR: 'e2e', PARNASSE_IMPORT_WORKER: worker }),
  });
const list = (db: string) => JSON.parse(run('0', ['--db', db, '--json', 'candidate', 'list']).stdout) as { ref: string; status: string }[];

/** Imports `file` into a fresh database with and without the worker; returns both runs. */
function both(file: string, extra: string[] = []) {
  return (['1', '0'] as const).map((w) => {
    const db = tempDbPath();
    const r = run(w, ['--db', db, '--json', '--date', '2026-11-26', 'candidate', 'import', ...extra, file]);
    return { status: r.status, doc: r.stdout ? JSON.parse(r.stdout) : null, stderr: r.stderr, db };
  });
}

describe('candidate import through the worker thread (built binary)', { timeout: 120_000 }, () => {
  // many binaries per test: slow on a loaded machine
  beforeAll(() => {
    if (!fs.existsSync(path.resolve('dist/import-worker.js'))) {
      const b = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' });
      if (b.status !== 0) throw new Error(b.stderr);
    }
  });

  it('PARNASSE_IMPORT_WORKER=1 really starts a second thread, 0 does not (one CPU profile per thread)', () => {
    for (const [w, threads] of [
      ['1', 2],
      ['0', 1],
    ] as const) {
      const dir = tempDir('parnasse-prof-');
      const r = spawnSync(
        process.execPath,
        ['--cpu-prof', '--cpu-prof-dir', dir, BIN, '--db', tempDbPath(), '--json', '--date', '2026-11-26', 'candidate', 'import', 'fixtures/candidates.csv'],
        {
          encoding: 'utf8',
          env: englishEnv({ NO_COLOR: '1', PARNASSE_IMPORT_WORKER: w }),
        },
      );
      expect(r.status).toBe(0);
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).length).toBe(threads);
    }
  });

  it('the fixture: same counts and statuses as in-process; a second run through the worker changes nothing', () => {
    const [w, p] = both('fixtures/candidates.csv');
    expect(w!.status).toBe(0);
    expect(w!.doc).toEqual({ inserted: 33, updated: 0, unchanged: 0, errors: [] });
    expect(w!.doc).toEqual(p!.doc);
    expect(list(w!.db)).toEqual(list(p!.db));
    const again = run('1', ['--db', w!.db, '--json', '--date', '2026-11-26', 'candidate', 'import', 'fixtures/candidates.csv']);
    expect(JSON.parse(again.stdout)).toEqual({ inserted: 0, updated: 0, unchanged: 33, errors: [] });
  });

  it('many batches with bad rows of every kind: exit 4, every error with its line, in order, nothing written', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => baseRow({ ref: `R${i}` }));
    rows[5]!.banking_ban = 'bof';
    rows[1700]!.ref = 'R3'; // duplicate of line 5
    rows[2999]!.applied_on = '31/02/2026';
    const lines = csvText(rows).split('\r\n');
    lines.splice(900, 0, 'a;b;c'); // a record the reader rejects, between batches
    const file = writeRaw(writeCsv([]), lines.join('\r\n'));
    const [w, p] = both(file);
    expect(w!.status).toBe(4);
    expect(w!.doc).toEqual(p!.doc);
    // the codes cross the worker thread with the rows (issue 24)
    expect(w!.doc.errors.map((e: { line: number; column: string | null; code: string }) => [e.line, e.column, e.code])).toEqual([
      [7, 'banking_ban', 'not_bool'],
      [901, null, 'field_count'],
      [1703, 'ref', 'ref_twice'],
      [3002, 'applied_on', 'not_date'],
    ]);
    expect(w!.doc.errors[2].message).toBe('ref "R3" is given twice in the file');
    expect(w!.doc.inserted).toBe(2997);
    expect(list(w!.db)).toEqual([]);
  });

  it('a header error, an encoding error past the sniffed start, an empty file: exit 4 as in-process', () => {
    const noEmail = writeCsv([baseRow()], { columns: CANDIDACY_COLUMNS.filter((c) => c !== 'email') });
    const big = Array.from({ length: 400 }, (_, i) => baseRow({ ref: `R${i}` }));
    const bad = rawFile(Buffer.concat([Buffer.from(csvText(big), 'utf8'), Buffer.from([0x52, 0x39, 0x3b, 0xe9, 0x0d, 0x0a])]));
    const empty = rawFile('');
    for (const file of [noEmail, bad, empty]) {
      const [w, p] = both(file);
      expect(w!.status).toBe(4);
      expect(w!.doc).toEqual(p!.doc);
      expect(list(w!.db)).toEqual([]);
    }
    const [w] = both(noEmail);
    expect(w!.doc.errors).toEqual([{ line: 1, column: 'email', code: 'missing_column', message: 'missing column "email"' }]);
    const [wb] = both(bad);
    expect(wb!.doc.error.message).toMatch(/not valid UTF-8/);
    expect(wb!.doc.errors).toEqual([expect.objectContaining({ line: 0, code: 'not_utf8' })]);
  });

  it("the worker speaks the run's language: row errors in French with PARNASSE_LANG=fr, as in-process (issue 11)", () => {
    const file = writeCsv([baseRow(), baseRow({ ref: 'T-002', email: 'pas-un-email' })]);
    const runs = (['1', '0'] as const).map((w) =>
      spawnSync(process.execPath, [BIN, '--db', tempDbPath(), '--json', '--date', '2026-11-26', 'candidate', 'import', file], {
        encoding: 'utf8',
        env: englishEnv({ NO_COLOR: '1', PARNASSE_OPERATOR: 'e2e', PARNASSE_IMPORT_WORKER: w, PARNASSE_LANG: 'fr' }),
      }),
    );
    const [w, p] = runs.map((r) => ({ status: r.status, doc: JSON.parse(r.stdout) }));
    expect(p!.status).toBe(4);
    expect(w).toEqual(p);
    const messages = (w!.doc.errors as { message: string }[]).map((e) => e.message).join(' ');
    expect(messages).not.toBe('');
    expect(messages).toEqual(p!.doc.errors.map((e: { message: string }) => e.message).join(' '));
    expect(messages).not.toMatch(/\b(is not|expected|must|invalid)\b/);
  });

  it('--dry-run, --delimiter and --encoding latin1 go through the worker unchanged', () => {
    const file = writeCsv([baseRow(), baseRow({ ref: 'T-002', city: 'Besançon', postal_code: '25000', department: '25' })], {
      delimiter: ',',
      encoding: 'win1252',
    });
    const [w, p] = both(file, ['--dry-run', '--delimiter', ',', '--encoding', 'latin1']);
    expect(w!.status).toBe(0);
    expect(w!.doc).toEqual({ inserted: 2, updated: 0, unchanged: 0, errors: [] });
    expect(w!.doc).toEqual(p!.doc);
    expect(list(w!.db)).toEqual([]);
  });
});
