/**
 * `bill pdf --month` on a pool of rendering workers (issue 27): PARNASSE_WORKERS=N threads,
 * one per core by default. The files must be the same bytes and the JSON the same list, in the
 * same order, whatever the number of workers; a failure is the one in-process rendering meets
 * first; Ctrl-C leaves no temporary file and no file cut short.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { loadDocs, monthDocIds } from '../../src/documents/invoice-data.js';
import { loadLetterhead } from '../../src/documents/pdf.js';
import { PDF_CHUNK, PDF_CHUNKS_IN_FLIGHT, pdfWorkerCount, renderInWorkers } from '../../src/documents/index.js';
import { writeInvoicePdf } from '../../src/documents/pdf-files.js';
import { tempDir } from '../helpers/cli.js';
import { englishEnv } from '../helpers/env.js';
import { pdfMonth } from '../helpers/pdf-month.js';

const BIN = path.resolve('bin/parnasse.js');
const WORKER = path.resolve('dist/pdf-worker.js');
const env = (workers: string) => englishEnv({ NO_COLOR: '1', PARNASSE_WORKERS: workers });

const month = pdfMonth;

const files = (dir: string) => fs.readdirSync(dir).sort();
const temps = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

/** The month's documents in this thread, one by one: the reference bytes. */
async function reference(db: string): Promise<string> {
  const conn = openDatabase(db);
  try {
    const out = tempDir();
    for (const doc of loadDocs(conn.db, monthDocIds(conn.db, '2026-12'))) await writeInvoicePdf(doc, loadLetterhead(conn.db), out);
    return out;
  } finally {
    conn.close();
  }
}

function sameFiles(dir: string, ref: string, names = files(ref)) {
  for (const f of names) expect(fs.readFileSync(path.join(dir, f)).equals(fs.readFileSync(path.join(ref, f))), f).toBe(true);
}

describe('PARNASSE_WORKERS', () => {
  it('a whole number chooses (0: in this thread, capped at 64); anything else: one per core', () => {
    const cores = Math.min(os.availableParallelism(), 64);
    expect(pdfWorkerCount({ PARNASSE_WORKERS: '0' })).toBe(0);
    expect(pdfWorkerCount({ PARNASSE_WORKERS: '1' })).toBe(1);
    expect(pdfWorkerCount({ PARNASSE_WORKERS: ' 3 ' })).toBe(3);
    expect(pdfWorkerCount({ PARNASSE_WORKERS: '500' })).toBe(64);
    for (const v of [undefined, '', 'two', '-1', '1.5']) expect(pdfWorkerCount({ PARNASSE_WORKERS: v })).toBe(cores);
  });
});

describe('bill pdf --month on a pool of workers (built binary)', { timeout: 300_000 }, () => {
  // enough documents for a second worker: more than PDF_CHUNKS_IN_FLIGHT chunks of PDF_CHUNK
  const people = PDF_CHUNK * PDF_CHUNKS_IN_FLIGHT + 4;
  let c: { db: string; numbers: string[] };
  let ref: string;
  beforeAll(async () => {
    if (!fs.existsSync(WORKER)) {
      const b = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' });
      if (b.status !== 0) throw new Error(b.stderr);
    }
    c = month(people);
    ref = await reference(c.db);
  });

  it('1, 2 or 0 workers: the same bytes, the same JSON in the order of the month; N workers are N more threads', () => {
    const lists = (['1', '2', '0'] as const).map((w) => {
      const out = tempDir();
      const prof = tempDir('parnasse-prof-');
      const r = spawnSync(
        process.execPath,
        ['--cpu-prof', '--cpu-prof-dir', prof, BIN, '--db', c.db, '--json', 'bill', 'pdf', '--month', '2026-12', '--out', out],
        {
          encoding: 'utf8',
          env: env(w),
        },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(fs.readdirSync(prof).filter((f) => f.endsWith('.cpuprofile')).length, `threads with PARNASSE_WORKERS=${w}`).toBe(1 + Number(w));
      expect(files(out)).toEqual(files(ref));
      sameFiles(out, ref);
      expect(temps(out)).toEqual([]);
      return (JSON.parse(r.stdout) as { files: { number: string }[] }).files.map((f) => f.number);
    });
    expect(lists[0]).toEqual(c.numbers);
    expect(lists[1]).toEqual(c.numbers);
    expect(lists[2]).toEqual(c.numbers);
  });

  it('Ctrl-C: the workers stop between two documents — no temporary file, every PDF there whole', async () => {
    const out = tempDir();
    const child = spawn(process.execPath, [BIN, '--db', c.db, '--quiet', 'bill', 'pdf', '--month', '2026-12', '--out', out], {
      env: env('2'),
      stdio: 'ignore',
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    while (!fs.readdirSync(out).some((f) => f.endsWith('.pdf'))) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    const end = await exited;
    expect(end.signal).toBe('SIGINT');
    expect(temps(out)).toEqual([]);
    const written = files(out);
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(c.numbers.length);
    sameFiles(out, ref, written);
  });
});

describe('renderInWorkers (the pool itself)', { timeout: 300_000 }, () => {
  let c: { db: string; numbers: string[] };
  beforeAll(() => {
    if (!fs.existsSync(WORKER)) {
      const b = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' });
      if (b.status !== 0) throw new Error(b.stderr);
    }
    c = month(12); // 14 documents, in chunks of 2 between two workers
  });

  /** The month, in pages of 5 documents. */
  function* pages(conn: ReturnType<typeof openDatabase>) {
    const ids = monthDocIds(conn.db, '2026-12');
    for (let i = 0; i < ids.length; i += 5) yield loadDocs(conn.db, ids.slice(i, i + 5));
  }

  it('every document told once in the order of the month, every file counted as written, the same bytes', async () => {
    const conn = openDatabase(c.db);
    try {
      const out = tempDir();
      const told: string[] = [];
      const rendered: string[] = [];
      await renderInWorkers(pathToFileURL(WORKER), pages(conn), { head: loadLetterhead(conn.db), outDir: out, lang: 'en' }, (n) => told.push(n), {
        workers: 2,
        chunk: 2,
        onRendered: (n) => rendered.push(n),
      });
      expect(told).toEqual(c.numbers);
      expect([...rendered].sort()).toEqual([...c.numbers].sort());
      sameFiles(out, await reference(c.db));
    } finally {
      conn.close();
    }
  });

  it('three documents that cannot be written: the error is the first in the order of the month, as in-process', async () => {
    const conn = openDatabase(c.db);
    try {
      const head = loadLetterhead(conn.db);
      // the 4th document ends the first worker's second chunk; the 5th opens the second
      // worker's first: that one fails first in time, the 4th first in the month
      const obstacles = (dir: string) => {
        for (const i of [9, 4, 3]) fs.mkdirSync(path.join(dir, `${c.numbers[i]}.pdf`));
      };
      const inProcess = tempDir();
      obstacles(inProcess);
      let expected: unknown;
      try {
        for (const doc of loadDocs(conn.db, monthDocIds(conn.db, '2026-12'))) await writeInvoicePdf(doc, head, inProcess);
      } catch (e) {
        expected = e;
      }
      expect((expected as Error).message).toContain(`${c.numbers[3]}.pdf`);
      const out = tempDir();
      obstacles(out);
      const told: string[] = [];
      const thrown = await renderInWorkers(pathToFileURL(WORKER), pages(conn), { head, outDir: out, lang: 'en' }, (n) => told.push(n), {
        workers: 2,
        chunk: 2,
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(thrown).toBeInstanceOf((expected as Error).constructor);
      expect((thrown as Error).message).toBe((expected as Error).message.replace(inProcess, out));
      expect(told.slice(0, 3)).toEqual(c.numbers.slice(0, 3));
      for (const i of [9, 4, 3]) expect(told).not.toContain(c.numbers[i]);
      expect(temps(out)).toEqual([]);
    } finally {
      conn.close();
    }
  });
});
