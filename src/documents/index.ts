/**
 * What leaves the club (issue 9): invoice PDFs, the SEPA direct-debit file, the accounting
 * export, e-mails, the bank's returns. Every file is written under a temporary name and
 * renamed (src/files/atomic.ts); every check that can fail is made before the first write.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Connection } from '../db/connection.js';
import { DiskFullError, ensureOutDir } from '../files/atomic.js';
import { lang } from '../i18n/index.js';
import { normalizeNumber } from '../invoicing/core.js';
import { idsOfNumbers, loadDocs, monthDocCount, monthDocPages, unfrozenCount, type InvoiceDoc } from './invoice-data.js';
import type { Letterhead } from '../invoicing/frozen.js';
import { loadLetterhead } from './pdf.js';
import { fromWire, sameBytes, writeInvoicePdf, type FromPdfWorker, type PdfWorkerInput, type ToPdfWorker } from './pdf-files.js';
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
/** Pages of documents (monthDocPages) posted to the worker and not yet rendered. */
export const PDF_PAGES_IN_FLIGHT = 2;

/** The worker script next to this module (dist/pdf-worker.js), or null (running from sources). */
function workerScript(): URL | null {
  const url = new URL('./pdf-worker.js', import.meta.url);
  return url.protocol === 'file:' && fs.existsSync(fileURLToPath(url)) ? url : null;
}

/** A month goes to the worker when the built program has it; PARNASSE_PDF_WORKER=1/0 forces it on/off. */
function wantWorker(sel: { month?: string }): URL | null {
  const env = process.env.PARNASSE_PDF_WORKER;
  const want = env === '1' || env === '0' ? env === '1' : !!sel.month;
  return want ? workerScript() : null;
}

/**
 * `bill pdf`: one A4 PDF per invoice or credit note, `<number>.pdf` in `outDir`, one at a
 * time. A month (up to 100 000 invoices) is read in pages and rendered in a worker thread
 * with a bounded heap, a page or two ahead of it: memory stays flat whatever the month.
 * A file already there with the same bytes is left as it is (`unchanged`): writing a month
 * again, or after an interruption, rewrites only what changed. `onFile` is told of each
 * document; `collect` keeps the numbers for the result.
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
  const written = (number: string, wrote: boolean) => {
    if (opts.collect) result.numbers.push(number);
    if (!wrote) result.unchanged++;
    else if (wroteCount++ < 10) first.push(`${number}.pdf`);
    onFile(++result.count, number);
  };
  try {
    const script = wantWorker(sel);
    if (script) {
      await renderInWorker(script, selectDocs(conn, sel), { head, outDir: sel.outDir, lang: lang() }, written);
      return result;
    }
    for (const page of selectDocs(conn, sel)) {
      for (const doc of page) {
        written(doc.number, await writeInvoicePdf(doc, head, sel.outDir));
      }
    }
  } catch (e) {
    if (e instanceof DiskFullError) throw new DiskFullError(e.file, { files: first, total: wroteCount });
    throw e;
  }
  return result;
}

/** Posts the pages to a rendering worker, PDF_PAGES_IN_FLIGHT at most ahead of it, until all are written. */
export async function renderInWorker(
  script: URL,
  pages: Iterator<InvoiceDoc[]>,
  input: PdfWorkerInput,
  written: (number: string, wrote: boolean) => void,
): Promise<void> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(script, { workerData: input, resourceLimits: PDF_WORKER_LIMITS });
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    let inFlight = 0;
    let read = false; // every page posted
    const settle = (e: Error | null) => {
      if (settled) return;
      settled = true;
      const done = () => (e ? reject(e) : resolve());
      void worker.terminate().then(done, done);
    };
    const pump = () => {
      try {
        while (!settled && !read && inFlight < PDF_PAGES_IN_FLIGHT) {
          const next = pages.next();
          if (next.done) read = true;
          else if (next.value.length > 0) {
            worker.postMessage({ t: 'page', docs: next.value } satisfies ToPdfWorker);
            inFlight++;
          }
        }
        if (read && inFlight === 0) settle(null);
      } catch (e) {
        settle(e as Error);
      }
    };
    worker.on('message', (m: FromPdfWorker) => {
      if (settled) return;
      if (m.t === 'file') {
        try {
          written(m.number, m.written);
        } catch (e) {
          settle(e as Error);
        }
      } else if (m.t === 'page') {
        inFlight--;
        pump();
      } else settle(fromWire(m.error));
    });
    worker.on('error', (e) => settle(e));
    worker.on('exit', (code) => settle(new Error(`the PDF rendering worker stopped unexpectedly (exit ${code})`)));
    pump();
  });
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
