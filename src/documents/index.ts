/**
 * What leaves the club (issue 9): invoice PDFs, the SEPA direct-debit file, the accounting
 * export, e-mails, the bank's returns. Every file is written under a temporary name and
 * renamed (src/files/atomic.ts); every check that can fail is made before the first write.
 */
import path from 'node:path';
import type { Connection } from '../db/connection.js';
import { assertWritableDir, writeFileAtomic } from '../files/atomic.js';
import { normalizeNumber } from '../invoicing/core.js';
import { idsOfNumbers, loadDocs, monthDocPages, type InvoiceDoc } from './invoice-data.js';
import { loadLetterhead, pdfBytes, renderInvoicePdf } from './pdf.js';

export interface PdfResult {
  files: { number: string; path: string }[];
}

/** The documents asked for: numbers (in order) or a whole month, in pages. */
export function* selectDocs(conn: Connection, sel: { numbers?: string[]; month?: string }): Generator<InvoiceDoc[]> {
  if (sel.month) yield* monthDocPages(conn.db, sel.month);
  else yield loadDocs(conn.db, idsOfNumbers(conn.db, sel.numbers ?? [], normalizeNumber));
}

/**
 * `bill pdf`: one A4 PDF per invoice or credit note, `<number>.pdf` in `outDir`, one at a
 * time (a month of 100 000 invoices streams with bounded memory).
 */
export async function writePdfs(
  conn: Connection,
  sel: { numbers?: string[]; month?: string; outDir: string },
  onFile: (n: number) => void = () => {},
): Promise<PdfResult> {
  assertWritableDir(sel.outDir);
  const head = loadLetterhead(conn.db);
  const files: PdfResult['files'] = [];
  let n = 0;
  for (const page of selectDocs(conn, sel)) {
    for (const doc of page) {
      const file = path.join(sel.outDir, `${doc.number}.pdf`);
      writeFileAtomic(file, await pdfBytes(renderInvoicePdf(doc, head)), { fsync: false });
      files.push({ number: doc.number, path: file });
      onFile(++n);
    }
  }
  return { files };
}
