/**
 * What leaves the club (issue 9): invoice PDFs, the SEPA direct-debit file, the accounting
 * export, e-mails, the bank's returns. Every file is written under a temporary name and
 * renamed (src/files/atomic.ts); every check that can fail is made before the first write.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Connection } from '../db/connection.js';
import { DiskFullError, ensureOutDir } from '../files/atomic.js';
import { lang } from '../i18n/index.js';
import { normalizeNumber } from '../invoicing/core.js';
import { idsOfNumbers, loadDocs, monthDocCount, monthDocPages, unfrozenCount, type InvoiceDoc } from './invoice-data.js';
import type { Letterhead } from '../invoicing/frozen.js';
import { loadLetterhead } from './pdf.js';
import { fromWire, invoicePdfBuffer, sameBytes, writeInvoicePdf, type FromPdfWorker, type PdfWorkerInput, type ToPdfWorker } from './pdf-files.js';
import path from 'node:path';
import { writeFileAtomic } from '../files/atomic.js';
import { invoiceXmlOrRules } from './cii.js';

export interface PdfResult {
  /** How many documents were rendered. */
  count: number;
  /** How many of them were already there, byte for byte, and left as they were. */
  unchanged: number;
  /** The documents written, in order (only when asked: a month's list grows with the month). */
  numbers: string[];
}

/** How many documents a selection holds (a progress bar's total). */
export function countDocs(conn: Connection, sel: { numbers?: string[]; month?: string }): number {
  return sel.month ? monthDocCount(conn.db, sel.month) : (sel.numbers ?? []).length;
}

/**
 * Today's letterhead (the seller and creditor settings), loaded — and a missing setting told,
 * before the first file — only when the selection holds a document issued before documents
 * were frozen: every other document is printed from its own frozen data, whatever today's
 * settings are (null then).
 */
export function todaysLetterheadIfNeeded(conn: Connection, sel: { numbers?: string[]; month?: string }): Letterhead | null {
  const unfrozen = sel.month
    ? unfrozenCount(conn.db, { month: sel.month })
    : unfrozenCount(conn.db, { ids: idsOfNumbers(conn.db, sel.numbers ?? [], normalizeNumber) });
  return unfrozen > 0 ? loadLetterhead(conn.db) : null;
}

/** The documents asked for: numbers (in order) or a whole month, in pages. */
export function* selectDocs(conn: Connection, sel: { numbers?: string[]; month?: string }): Generator<InvoiceDoc[]> {
  if (sel.month) yield* monthDocPages(conn.db, sel.month);
  else yield loadDocs(conn.db, idsOfNumbers(conn.db, sel.numbers ?? [], normalizeNumber));
}

/**
 * The rendering worker's heap (MB). Nothing is retained from one document to the next (the
 * heap after a full GC stays near 30 MB: fonts, the shared layout cache), but pdfkit and
 * fontkit make ~1 MB of short-lived garbage per document, and V8 left to itself grew the
 * heap to ~130 MB, the young generation to ~48 MB, with up to 64 MB of dead buffers
 * waiting: peak RSS rose with the month, 214 MB at 1 000 invoices, 283 MB at 20 000. With
 * these limits V8 collects sooner and both heaps stay flat: 159 MB at 1 000, 195 MB at
 * 100 000 (the creep left is native memory). The young generation's 16 MB rather than 8
 * keeps the scavenges half as many.
 */
export const PDF_WORKER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 } as const;
/**
 * A month is handed to the renderers in chunks of this many documents (a page read from the
 * database holds 500): small enough that the workers of a pool end the month together (a
 * chunk is ~0.2 s of work), large enough that a message per chunk costs nothing.
 */
export const PDF_CHUNK = 25;
/** Chunks posted to each worker and not yet rendered. */
export const PDF_CHUNKS_IN_FLIGHT = 2;
/** The most renderers `PARNASSE_WORKERS` may ask for. */
const MAX_WORKERS = 64;

/**
 * How many rendering workers a month gets: `PARNASSE_WORKERS` (0 = in this thread, as from the
 * sources; 1 = one worker thread; N), else one per core. A value that is not a whole number is
 * ignored (one per core), as PARNASSE_SMTP_TIMEOUT's is.
 */
export function pdfWorkerCount(env: Record<string, string | undefined> = process.env): number {
  const v = env.PARNASSE_WORKERS?.trim();
  if (v !== undefined && /^\d+$/.test(v)) return Math.min(Number(v), MAX_WORKERS);
  return Math.max(1, Math.min(os.availableParallelism(), MAX_WORKERS));
}

/** The worker script next to this module (dist/pdf-worker.js), or null (running from sources). */
function workerScript(): URL | null {
  const url = new URL('./pdf-worker.js', import.meta.url);
  return url.protocol === 'file:' && fs.existsSync(fileURLToPath(url)) ? url : null;
}

/**
 * A month goes to the workers when the built program has them (PARNASSE_WORKERS=0: in this
 * thread); PARNASSE_PDF_WORKER=1/0 forces them on/off for any selection.
 */
function wantWorker(sel: { month?: string }): URL | null {
  const env = process.env.PARNASSE_PDF_WORKER;
  const want = env === '1' || env === '0' ? env === '1' : !!sel.month && pdfWorkerCount() > 0;
  return want ? workerScript() : null;
}

/**
 * `bill pdf`: one A4 PDF per invoice or credit note, `<number>.pdf` in `outDir`. A month (up to
 * 100 000 invoices) is read in pages and rendered by a pool of worker threads, one per core
 * (`pdfWorkerCount`), each with a bounded heap, a chunk or two ahead of them: memory stays flat
 * whatever the month, and every file has the same bytes whatever the number of workers (a
 * document's PDF depends on the document alone). A file already there with the same bytes is
 * left as it is (`unchanged`): writing a month again, or after an interruption, rewrites only
 * what changed. `onFile` is told of each document as it is written (a progress bar: every
 * worker's); `collect` keeps the numbers for the result, in the order of the month.
 */
export async function writePdfs(
  conn: Connection,
  sel: { numbers?: string[]; month?: string; outDir: string },
  onFile: (n: number, number: string) => void = () => {},
  opts: { collect?: boolean } = {},
): Promise<PdfResult> {
  const head = todaysLetterheadIfNeeded(conn, sel);
  // after the settings: a refused run creates no folder (issue 24)
  ensureOutDir(sel.outDir, '--out', '.pdf'); // and the temporary PDFs a killed run left there removed
  const result: PdfResult = { count: 0, unchanged: 0, numbers: [] };
  // the first files written, for a full disk's message (issue 28: it lists what is already there)
  const first: string[] = [];
  let wroteCount = 0;
  let told = 0;
  const written = (number: string, wrote: boolean) => {
    if (opts.collect) result.numbers.push(number);
    result.count++;
    if (!wrote) result.unchanged++;
    else if (wroteCount++ < 10) first.push(`${number}.pdf`);
  };
  try {
    const script = wantWorker(sel);
    if (script) {
      await renderInWorkers(script, selectDocs(conn, sel), { head, outDir: sel.outDir, lang: lang() }, written, {
        workers: Math.max(1, pdfWorkerCount()),
        onRendered: (number) => onFile(++told, number),
      });
      return result;
    }
    for (const page of selectDocs(conn, sel)) {
      for (const doc of page) {
        written(doc.number, await writeInvoicePdf(doc, head, sel.outDir));
        onFile(++told, doc.number);
      }
    }
  } catch (e) {
    if (e instanceof DiskFullError) throw new DiskFullError(e.file, { files: first, total: wroteCount });
    throw e;
  }
  return result;
}

/** One worker (`renderInWorkers` with one): the pages rendered in a single thread. */
export function renderInWorker(
  script: URL,
  pages: Iterator<InvoiceDoc[]>,
  input: PdfWorkerInput,
  written: (number: string, wrote: boolean) => void,
): Promise<void> {
  return renderInWorkers(script, pages, input, written, { workers: 1 });
}

/** A worker of the pool and the chunks it holds. */
interface Renderer {
  worker: Worker;
  /** The chunks posted to it and not answered yet. */
  holds: Set<number>;
  /** Stopped (an error, an unexpected exit): given nothing more. */
  gone: boolean;
}

/** A chunk posted: the files it has written so far (each worker writes its chunk in order). */
interface Chunk {
  files: { number: string; wrote: boolean }[];
  /** Answered: finished, left off, or failed. */
  ended: boolean;
}

const NO_STOP = 0x7fffffff;

/**
 * Renders the pages on a pool of at most `workers` worker threads (started as the month needs
 * them: a month of a chunk or two keeps to one). The pages are cut into chunks of PDF_CHUNK
 * documents, numbered in order; each worker holds at most PDF_CHUNKS_IN_FLIGHT of them, the
 * least busy is given the next. `written` is told of every document in the order of the month
 * (the files of a chunk a worker ends first wait for the chunks before it); `onRendered` as each
 * file is written, whichever worker wrote it (the progress bar).
 *
 * A failure is the one in-process rendering would have met: the first failing document in the
 * order of the month. Once a document fails, the chunks after its own are left off between two
 * documents, those before it are finished (one of them may fail first), and the error is thrown
 * when every worker has answered. Ctrl-C (SIGINT) or SIGTERM stops every worker between two
 * documents — no file is cut in the middle of its write and no temporary file stays — then the
 * signal is raised again, as if it had not been caught; a second one does it at once.
 */
export async function renderInWorkers(
  script: URL,
  pages: Iterator<InvoiceDoc[]>,
  input: PdfWorkerInput,
  written: (number: string, wrote: boolean) => void,
  opts: { workers?: number; onRendered?: (number: string) => void /** documents per chunk (PDF_CHUNK) */; chunk?: number } = {},
): Promise<void> {
  const { Worker } = await import('node:worker_threads');
  const most = Math.max(1, opts.workers ?? 1);
  const size = Math.max(1, opts.chunk ?? PDF_CHUNK);
  const stopAbove = new SharedArrayBuffer(4);
  const mark = new Int32Array(stopAbove);
  Atomics.store(mark, 0, NO_STOP);
  const workerData: PdfWorkerInput = { ...input, stopAbove };
  const renderers: Renderer[] = [];
  const chunks = new Map<number, Chunk>();
  let posted = 0; // chunks posted (the next one's number)
  let told = 0; // the chunk whose files `written` is told next…
  let toldIndex = 0; // …from this one
  let page: InvoiceDoc[] = [];
  let at = 0;
  let read = false; // every page read
  let next: InvoiceDoc[] | null = null; // the chunk waiting for a worker
  let failure: { seq: number; index: number; error: Error } | null = null;
  let signal: NodeJS.Signals | null = null;
  let closing = false;

  await new Promise<void>((resolve, reject) => {
    const raise = (sig: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.kill(process.pid, sig);
    };
    const close = () => {
      if (closing) return;
      closing = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const done = () => {
        if (signal) raise(signal);
        else if (failure) reject(failure.error);
        else resolve();
      };
      void Promise.all(renderers.map((r) => r.worker.terminate())).then(done, done);
    };
    const onSignal = (sig: NodeJS.Signals) => {
      if (signal || closing) return raise(sig);
      signal = sig;
      fail(-1, -1, new Error(sig));
    };
    /** The first failure in the order of the month wins; the chunks after it stop. */
    const fail = (seq: number, index: number, error: Error) => {
      if (!failure || seq < failure.seq || (seq === failure.seq && index < failure.index)) failure = { seq, index, error };
      if (seq < Atomics.load(mark, 0)) Atomics.store(mark, 0, seq);
    };
    const tell = () => {
      for (let c = chunks.get(told); c; c = chunks.get(told)) {
        while (toldIndex < c.files.length) {
          const f = c.files[toldIndex++]!;
          try {
            written(f.number, f.wrote);
          } catch (e) {
            fail(-1, -1, e as Error);
          }
        }
        if (!c.ended) return;
        chunks.delete(told++);
        toldIndex = 0;
      }
    };
    const nextChunk = (): InvoiceDoc[] | null => {
      while (at >= page.length) {
        const n = pages.next();
        if (n.done) return null;
        page = n.value;
        at = 0;
      }
      const docs = page.slice(at, at + size);
      at += docs.length;
      return docs;
    };
    const start = (): Renderer => {
      const r: Renderer = { worker: new Worker(script, { workerData, resourceLimits: PDF_WORKER_LIMITS }), holds: new Set(), gone: false };
      renderers.push(r);
      r.worker.on('message', (m: FromPdfWorker) => answer(r, m));
      r.worker.on('error', (e) => lost(r, e));
      r.worker.on('exit', (code) => lost(r, new Error(`the PDF rendering worker stopped unexpectedly (exit ${code})`)));
      return r;
    };
    /** A worker that died: its chunks end with its error (at their first document). */
    const lost = (r: Renderer, e: Error) => {
      if (closing || r.gone) return;
      r.gone = true;
      for (const seq of r.holds) {
        chunks.get(seq)!.ended = true;
        fail(seq, 0, e);
      }
      r.holds.clear();
      if (!failure) fail(posted, 0, e); // it held nothing: the month cannot go on without knowing why
      step();
    };
    const answer = (r: Renderer, m: FromPdfWorker) => {
      if (closing || m.t === 'pdf' || m.t === 'pdf_fail') return;
      const c = chunks.get(m.seq)!;
      if (m.t === 'file') {
        c.files.push({ number: m.number, wrote: m.written });
        try {
          opts.onRendered?.(m.number);
        } catch (e) {
          fail(-1, -1, e as Error);
        }
      } else {
        c.ended = true;
        r.holds.delete(m.seq);
        if (m.t === 'fail') {
          r.gone = true; // it answers its other chunks as left off
          fail(m.seq, m.index, fromWire(m.error));
        }
      }
      step();
    };
    const pump = () => {
      try {
        while (!failure && !read) {
          if (next === null) {
            next = nextChunk();
            if (next === null) {
              read = true;
              break;
            }
          }
          let r: Renderer | undefined;
          for (const c of renderers) if (!c.gone && (!r || c.holds.size < r.holds.size)) r = c;
          if (!r || r.holds.size >= PDF_CHUNKS_IN_FLIGHT) {
            if (renderers.length >= most) break;
            r = start();
          }
          const seq = posted++;
          chunks.set(seq, { files: [], ended: false });
          r.holds.add(seq);
          r.worker.postMessage({ t: 'chunk', seq, docs: next } satisfies ToPdfWorker);
          next = null;
        }
      } catch (e) {
        fail(posted, 0, e as Error); // a page that could not be read: after every chunk before it
      }
    };
    /** After each answer: tell the files in order, post more, and end when nothing is left to wait for. */
    const step = () => {
      tell();
      pump();
      if (closing) return;
      const waiting = renderers.some((r) => !r.gone && r.holds.size > 0) || [...chunks.values()].some((c) => !c.ended);
      if (waiting) return;
      if (failure || read) {
        tell();
        close();
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    step();
  });
}

/** Renders one document's PDF and gives its bytes (`bill send`): in this thread or on a pool of workers. */
export interface PdfRenderer {
  render(doc: InvoiceDoc): Promise<Buffer>;
  /** How many documents are worth asking for ahead of the one being sent (every worker kept busy). */
  readonly ahead: number;
  /** Stops the workers (nothing of theirs is written: no file can be cut short). */
  close(): Promise<void>;
}

/**
 * The renderer of `bill send`: a pool of `pdfWorkerCount()` worker threads (each with the
 * bounded heap of PDF_WORKER_LIMITS, started as the documents asked ahead need them) when the
 * built program has them, else this thread (from the sources, PARNASSE_WORKERS=0 or
 * PARNASSE_PDF_WORKER=0). The bytes are the same either way. A worker's failure is the
 * document's: the same error, at the same document, as in this thread.
 */
export async function pdfRenderer(head: Letterhead | null): Promise<PdfRenderer> {
  const n = pdfWorkerCount();
  const script = process.env.PARNASSE_PDF_WORKER === '0' || n === 0 ? null : workerScript();
  if (!script) return { render: (doc) => invoicePdfBuffer(doc, head), ahead: 0, close: async () => {} };
  const { Worker } = await import('node:worker_threads');
  const input: PdfWorkerInput = { head, outDir: '', lang: lang() };
  interface One {
    worker: Worker;
    waiting: Set<number>;
    gone: boolean;
  }
  const pool: One[] = [];
  const asked = new Map<number, { resolve: (b: Buffer) => void; reject: (e: Error) => void }>();
  let ids = 0;
  let turn = 0;
  let closing = false;
  const lost = (one: One, e: Error) => {
    if (closing || one.gone) return;
    one.gone = true;
    for (const id of one.waiting) asked.get(id)?.reject(e);
    one.waiting.clear();
  };
  const start = (): One => {
    const one: One = { worker: new Worker(script, { workerData: input, resourceLimits: PDF_WORKER_LIMITS }), waiting: new Set(), gone: false };
    pool.push(one);
    one.worker.on('message', (m: FromPdfWorker) => {
      if (m.t !== 'pdf' && m.t !== 'pdf_fail') return;
      const a = asked.get(m.id);
      asked.delete(m.id);
      one.waiting.delete(m.id);
      if (m.t === 'pdf') a?.resolve(Buffer.from(m.bytes));
      else a?.reject(fromWire(m.error));
    });
    one.worker.on('error', (e) => lost(one, e));
    one.worker.on('exit', (code) => lost(one, new Error(`the PDF rendering worker stopped unexpectedly (exit ${code})`)));
    return one;
  };
  return {
    ahead: 2 * n,
    render(doc) {
      // the least busy, ties taken in turn (the documents are asked one at a time, often with every worker idle)
      let one: One | undefined;
      for (let i = 0; i < pool.length; i++) {
        const o = pool[(turn + i) % pool.length]!;
        if (!o.gone && (!one || o.waiting.size < one.waiting.size)) one = o;
      }
      turn++;
      if (!one || (one.waiting.size > 0 && pool.length < n)) one = start();
      const id = ids++;
      const chosen = one;
      return new Promise<Buffer>((resolve, reject) => {
        asked.set(id, { resolve, reject });
        chosen.waiting.add(id);
        chosen.worker.postMessage({ t: 'render', id, doc } satisfies ToPdfWorker);
      });
    },
    async close() {
      closing = true;
      await Promise.all(pool.map((o) => o.worker.terminate()));
    },
  };
}

export interface XmlResult extends PdfResult {
  /** Documents that have no e-invoice: issued before late charges had their own invoice, they mix lines outside VAT with taxed ones (BR-O-11). */
  skipped: string[];
  /** Each skipped document with the EN16931 rules its figures break (BR-O-11 for those above; any other one is a damaged database: `db check`). */
  skippedRules: { number: string; rules: string[] }[];
}

/**
 * `bill xml`: the bare CII XML of each invoice or credit note (`<number>.xml` in `outDir`),
 * the bytes `bill pdf` embeds as factur-x.xml. Written atomically; a file already there
 * with the same bytes is left as it is. A month is read in pages.
 */
export function writeXmls(conn: Connection, sel: { numbers?: string[]; month?: string; outDir: string }, opts: { collect?: boolean } = {}): XmlResult {
  ensureOutDir(sel.outDir);
  const head = todaysLetterheadIfNeeded(conn, sel);
  const result: XmlResult = { count: 0, unchanged: 0, numbers: [], skipped: [], skippedRules: [] };
  for (const page of selectDocs(conn, sel)) {
    for (const doc of page) {
      const made = invoiceXmlOrRules(doc, head);
      if (!('xml' in made)) {
        result.skipped.push(doc.number);
        result.skippedRules.push({ number: doc.number, rules: made.rules });
        continue;
      }
      const xml = made.xml;
      const file = path.join(sel.outDir, `${doc.number}.xml`);
      const bytes = [Buffer.from(xml, 'utf8')];
      if (sameBytes(file, bytes)) result.unchanged++;
      else writeFileAtomic(file, bytes, { fsync: false });
      result.count++;
      if (opts.collect) result.numbers.push(doc.number);
    }
  }
  return result;
}
