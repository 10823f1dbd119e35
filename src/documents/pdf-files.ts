/**
 * One invoice or credit-note PDF rendered and written to `<number>.pdf`, in the process that
 * calls it: the main thread (a few documents, tests from the sources) or the rendering
 * worker of a month (pdf-worker.ts). Shared by both so that they write the same bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BusyError, InvalidInputError, UsageError } from '../errors.js';
import { DiskFullError, writeFileAtomic } from '../files/atomic.js';
import type { Lang } from '../i18n/index.js';
import type { InvoiceDoc } from './invoice-data.js';
import { pdfBytes, renderInvoicePdf, type Letterhead } from './pdf.js';

/**
 * Renders `doc` and writes it into `outDir` (temporary name, then rename), unless the same
 * bytes are already there (a month written again, or resumed after an interruption,
 * rewrites only what is missing or altered; a frozen document never changes). Returns
 * whether the file was written.
 */
/** The PDF of `doc`, whole: what `bill send` attaches (rendered in this thread or by a worker). */
export async function invoicePdfBuffer(doc: InvoiceDoc, head: Letterhead | null): Promise<Buffer> {
  return Buffer.concat(await pdfBytes(renderInvoicePdf(doc, head)));
}

export async function writeInvoicePdf(doc: InvoiceDoc, head: Letterhead | null, outDir: string): Promise<boolean> {
  const file = path.join(outDir, `${doc.number}.pdf`);
  const chunks = await pdfBytes(renderInvoicePdf(doc, head));
  if (sameBytes(file, chunks)) return false;
  writeFileAtomic(file, chunks, { fsync: false });
  return true;
}

/** Whether `file` is a regular file holding exactly `chunks` (anything unreadable: no). */
export function sameBytes(file: string, chunks: readonly Buffer[]): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size !== chunks.reduce((n, c) => n + c.length, 0)) return false;
    return fs.readFileSync(file).equals(Buffer.concat(chunks));
  } catch {
    return false;
  }
}

/**
 * Messages from the main thread to a rendering worker: a chunk of documents, numbered `seq`
 * in the order of the month (a worker is terminated once all are written).
 */
export type ToPdfWorker = { t: 'chunk'; seq: number; docs: InvoiceDoc[] } | { t: 'render'; id: number; doc: InvoiceDoc };

/** An error crossing the thread boundary with its exit code's class (a full disk stays exit 5). */
export interface WireError {
  kind: 'usage' | 'invalid' | 'busy' | 'unavailable' | 'full' | 'other';
  message: string;
  /** The file a full disk could not take (kind `full`). */
  file?: string;
  stack?: string;
}

/**
 * Messages from a rendering worker: one file written (the `index`-th of chunk `seq`), a chunk
 * finished (`stopped`: left off before its end because the pool is stopping), a failure (at the
 * `index`-th document of chunk `seq`).
 */
export type FromPdfWorker =
  | { t: 'file'; seq: number; index: number; number: string; written: boolean }
  | { t: 'done'; seq: number; stopped: boolean }
  | { t: 'fail'; seq: number; index: number; error: WireError }
  /** `render`: the bytes of one document's PDF (`bill send` attaches them; nothing written), or why not. */
  | { t: 'pdf'; id: number; bytes: ArrayBuffer }
  | { t: 'pdf_fail'; id: number; error: WireError };

/** What the worker starts with. */
export interface PdfWorkerInput {
  /** Today's letterhead, for documents issued before documents were frozen (null: none selected). */
  head: Letterhead | null;
  /** Where the chunks' files go (unused by `render`). */
  outDir: string;
  lang: Lang;
  /**
   * One Int32 shared by the pool: a worker leaves off, between two documents, any chunk
   * numbered above it (a failure at chunk N: N; stop everything: -1). Absent: never stops.
   */
  stopAbove?: SharedArrayBuffer;
}

export function toWire(e: unknown): WireError {
  const err = e instanceof Error ? e : new Error(String(e));
  if (e instanceof DiskFullError) return { kind: 'full', message: err.message, file: e.file };
  const kind = e instanceof BusyError ? e.code : e instanceof InvalidInputError ? 'invalid' : e instanceof UsageError ? 'usage' : 'other';
  return { kind, message: err.message, stack: err.stack };
}

export function fromWire(w: WireError): Error {
  if (w.kind === 'full') return new DiskFullError(w.file!);
  const e =
    w.kind === 'busy' || w.kind === 'unavailable'
      ? new BusyError(w.message, w.kind)
      : w.kind === 'invalid'
        ? new InvalidInputError(w.message)
        : w.kind === 'usage'
          ? new UsageError(w.message)
          : new Error(w.message);
  if (w.stack) e.stack = w.stack;
  return e;
}
