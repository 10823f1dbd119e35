/**
 * End-to-end: `bill pdf --month` of the built binary renders in a worker thread with a
 * bounded heap (src/documents/index.ts, PDF_WORKER_LIMITS); PARNASSE_PDF_WORKER=0 keeps it
 * in-process. Both paths must write the same bytes, print the same JSON and fail the same way.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { loadDocs, monthDocIds } from '../../src/documents/invoice-data.js';
import { loadLetterhead } from '../../src/documents/pdf.js';
import { renderInWorker } from '../../src/documents/index.js';
import { writeInvoicePdf } from '../../src/documents/pdf-files.js';
import { tempDir } from '../helpers/cli.js';
import { englishEnv } from '../helpers/env.js';
import { pdfMonth } from '../helpers/pdf-month.js';
import { pdfFlatText } from '../helpers/pdf-text.js';

const BIN = path.resolve('bin/parnasse.js');
const WORKER = path.resolve('dist/pdf-worker.js');
const run = (worker: '0' | '1', args: string[], extra: string[] = []) =>
  spawnSync(process.execPath, [...extra, BIN, ...args], { encoding: 'utf8', env: englishEnv({ NO_COLOR: '1', PARNASSE_PDF_WORKER: worker }) });

const month = pdfMonth;

const files = (dir: string) => fs.readdirSync(dir).sort();

describe('bill pdf --month through the rendering worker (built binary)', { timeout: 120_000 }, () => {
  beforeAll(() => {
    if (!fs.existsSync(WORKER)) {
      const b = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' });
      if (b.status !== 0) throw new Error(b.stderr);
    }
  });

  it('the same files byte for byte and the same JSON as in-process; the worker is a second thread', () => {
    const c = month();
    const out = { '1': tempDir(), '0': tempDir() };
    const docs = (['1', '0'] as const).map((w) => {
      const prof = tempDir('parnasse-prof-');
      const r = run(w, ['--db', c.db, '--json', 'bill', 'pdf', '--month', '2026-12', '--out', out[w]], ['--cpu-prof', '--cpu-prof-dir', prof]);
      expect(r.status, r.stderr).toBe(0);
      expect(fs.readdirSync(prof).filter((f) => f.endsWith('.cpuprofile')).length).toBe(w === '1' ? 2 : 1);
      return JSON.parse(r.stdout) as { files: { number: string; path: string }[] };
    });
    expect(docs[0]!.files).toEqual(c.numbers.map((number) => ({ number, path: path.join(out['1'], `${number}.pdf`) })));
    expect(docs[1]!.files.map((f) => f.number)).toEqual(c.numbers);
    expect(files(out['1'])).toEqual(c.numbers.map((n) => `${n}.pdf`).sort());
    for (const f of files(out['1'])) expect(fs.readFileSync(path.join(out['1'], f)).equals(fs.readFileSync(path.join(out['0'], f))), f).toBe(true);
    expect(pdfFlatText(fs.readFileSync(path.join(out['1'], `${c.numbers[0]}.pdf`)))).toContain('Dupré & Fils SARL');
    expect(pdfFlatText(fs.readFileSync(path.join(out['1'], `${c.numbers.at(-1)}.pdf`)))).toContain(`Avoir rectifiant la facture n° ${c.numbers[0]}`);
    // the human line counts the files (the list itself is kept only for --json)
    const human = run('1', ['--db', c.db, 'bill', 'pdf', '--month', '2026-12', '--out', tempDir()]);
    expect(human.stdout.trim()).toMatch(new RegExp(`^${c.numbers.length} PDF\\(s\\) written`));
    // written again through the worker: every file is already there, byte for byte
    const again = run('1', ['--db', c.db, '--json', 'bill', 'pdf', '--month', '2026-12', '--out', out['0']]);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).unchanged).toBe(c.numbers.length);
  });

  it('pages posted a few at a time ahead of the worker: every document of seven pages, in order, the same bytes', async () => {
    const c = month(12); // 14 documents, in pages of 2
    const conn = openDatabase(c.db);
    try {
      const head = loadLetterhead(conn.db);
      const ids = monthDocIds(conn.db, '2026-12');
      const pages = function* () {
        for (let i = 0; i < ids.length; i += 2) yield loadDocs(conn.db, ids.slice(i, i + 2));
      };
      const out = tempDir();
      const seen: string[] = [];
      await renderInWorker(pathToFileURL(WORKER), pages(), { head, outDir: out, lang: 'en' }, (n) => seen.push(n));
      expect(seen).toEqual(c.numbers);
      const mine = tempDir();
      for (const doc of loadDocs(conn.db, ids)) await writeInvoicePdf(doc, head, mine);
      for (const f of files(mine)) expect(fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(mine, f))), f).toBe(true);
      expect(files(out)).toEqual(files(mine));
    } finally {
      conn.close();
    }
  });

  it('a file that cannot be written: exit 4 and one line naming it, from the worker as in-process', () => {
    const c = month();
    for (const w of ['1', '0'] as const) {
      const out = tempDir();
      fs.mkdirSync(path.join(out, `${c.numbers[1]}.pdf`)); // a directory where the second PDF goes
      const r = run(w, ['--db', c.db, 'bill', 'pdf', '--month', '2026-12', '--out', out]);
      expect(r.status, r.stderr).toBe(4);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`${c.numbers[1]}.pdf`);
      expect(fs.existsSync(path.join(out, `${c.numbers[0]}.pdf`))).toBe(true);
      expect(fs.readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    }
  });
});
