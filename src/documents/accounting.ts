/**
 * The accounting export (issue 9): one CSV line per invoice line of the month, credit notes
 * negative so that a column sums to the month's net turnover. `french`: `;` separator,
 * `,` decimals, DD/MM/YYYY dates, UTF-8 with BOM (opens as is in a French spreadsheet). Text
 * cells beginning like a formula are neutralised (issue 28, `spreadsheetCell`).
 */
import { plainDecimal } from '../rules/money.js';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import { inMonth } from '../collection/month.js';
import { settledLookup } from '../collection/ledger.js';
import type { IsoDate } from '../rules/dates.js';
import { lineHasVat } from '../rules/invoices.js';
import type { LineKind } from '../rules/enums.js';
import { frDate } from '../i18n/french.js';
import { spreadsheetCell } from '../csv/cell.js';
import { idBlocks, preparedValues } from '../db/iterate.js';

export const ACCOUNTING_COLUMNS = [
  'number',
  'kind',
  'issued_on',
  'pay_by',
  'member_no',
  'member',
  'line_kind',
  'label',
  'period',
  'ht',
  'vat_rate',
  'vat',
  'ttc',
  'invoice_paid',
  'invoice_outstanding',
] as const;

export interface AccountingTotals {
  lines: number;
  documents: number;
  ht_cents: number;
  vat_cents: number;
  ttc_cents: number;
}

/** The export's rows, as arrays (cheaper than an object per line): an invoice, a line. */
type InvoiceRow = [
  id: number,
  number: string,
  kind: 'invoice' | 'credit_note',
  issuedOn: string,
  payBy: string,
  memberNo: number,
  member: string,
  total: number,
];
type LineRow = [invoiceId: number, lineKind: LineKind, label: string, period: string | null, htCents: number, ttcCents: number];

/** A text cell: quoted as needed, formulas neutralised (src/csv/cell.ts). */
const quote = spreadsheetCell;

const amount = (cents: number, french: boolean): string => plainDecimal(cents, french ? ',' : '.');

/** Writes the month's lines through `write` as they are read (bounded memory); returns the totals. Paid/outstanding as of `on`. */
export function writeAccountingCsv(db: Db | Tx, month: string, french: boolean, on: IsoDate, write: (chunk: string) => void): AccountingTotals {
  const totals: AccountingTotals = { lines: 0, documents: 0, ht_cents: 0, vat_cents: 0, ttc_cents: 0 };
  let buf = '';
  for (const line of accountingCsvChunks(db, month, french, on, totals)) {
    buf += line;
    if (buf.length >= 1 << 16) {
      write(buf);
      buf = '';
    }
  }
  if (buf !== '') write(buf);
  return totals;
}

/**
 * The accounting CSV a page at a time (issue 14: exports stream like lists; a month of 100 000
 * invoices is never held whole). The month's invoice ids are read in blocks: what was paid
 * and remains of a block's invoices is summed from the ledger, then the block is read in
 * pages — its invoices, then their lines, by two statements prepared once — all in one read
 * transaction, so the export is one consistent snapshot of the books. `invoice_paid` and
 * `invoice_outstanding` are the ledger's as of `on` (issue 21). The caller writes the
 * lines and may wait for the reader. `totals` is filled as it goes.
 */
export function* accountingCsvChunks(db: Db | Tx, month: string, french: boolean, on: IsoDate, totals: AccountingTotals, page?: number): Generator<string> {
  const sep = french ? ';' : ',';
  yield (french ? '\ufeff' : '') + ACCOUNTING_COLUMNS.join(sep) + '\r\n';
  const vatRate = french ? '20,00' : '20.00';
  const noVat = french ? '0,00' : '0.00';
  // a savepoint opens the read transaction (or nests in the caller's): one snapshot for every page
  db.run(sql`savepoint accounting_export`);
  try {
    const [from, to] = db.values<[number | null, number | null]>(sql`select min(i.id), max(i.id) from invoices i where ${inMonth(month)}`)[0]!;
    if (from === null || to === null) return;
    const invoicesOf = preparedValues<InvoiceRow>(
      db,
      sql`select i.id, i.number, i.kind, i.issued_on, i.pay_by, m.member_no,
            case when m.kind = 'company' and m.company_name is not null then m.company_name else m.first_name || ' ' || m.last_name end,
            i.total_ttc_cents
          from invoices i join members m on m.id = i.member_id
          where i.id between ${sql.placeholder('lo')} and ${sql.placeholder('hi')} and ${inMonth(month)}
          order by i.id`,
    );
    const linesOf = preparedValues<LineRow>(
      db,
      sql`select invoice_id, kind, label, period, ht_cents, ttc_cents from invoice_lines
          where invoice_id between ${sql.placeholder('lo')} and ${sql.placeholder('hi')} order by invoice_id, id`,
    );
    // a page's invoices, then their lines by a second statement (fewer values than a join)
    for (const block of idBlocks(from, to, page)) {
      // what was paid and what remains as of `on` (`--date`), per the ledger like `bill show`
      // (a debit exported but not yet collected has paid nothing): once per invoice of the
      // block (not once per line; a block bounds the memory)
      const settled = settledLookup(db, on, block);
      for (const ids of block.pages) {
        const invoices = invoicesOf(ids);
        if (invoices.length === 0) continue;
        const lines = linesOf(ids);
        let k = 0; // the page's invoices and lines are both in invoice id order: merged as they go
        let chunk = '';
        for (const [id, number, kind, issuedOn, payBy, memberNo, member, total] of invoices) {
          while (k < lines.length && lines[k]![0] < id) k++; // lines of invoices of another month
          if (k >= lines.length || lines[k]![0] !== id) continue;
          totals.documents++;
          const owed = settled({ id, kind, totalTtcCents: total, payBy });
          const paid = kind === 'invoice' ? owed.paidCents : 0;
          const sign = kind === 'credit_note' ? -1 : 1;
          const head =
            quote(number, sep) +
            sep +
            kind +
            sep +
            (french ? frDate(issuedOn) : issuedOn) +
            sep +
            (french ? frDate(payBy) : payBy) +
            sep +
            String(memberNo) +
            sep +
            quote(member, sep) +
            sep;
          const tail = amount(paid, french) + sep + amount(owed.outstandingCents, french) + '\r\n';
          for (; k < lines.length && lines[k]![0] === id; k++) {
            const [, lineKind, label, period, htCents, ttcCents] = lines[k]!;
            const ht = sign * htCents;
            const ttc = sign * ttcCents;
            const vat = ttc - ht;
            totals.lines++;
            totals.ht_cents += ht;
            totals.vat_cents += vat;
            totals.ttc_cents += ttc;
            chunk +=
              head +
              lineKind +
              sep +
              quote(label, sep) +
              sep +
              quote(period ?? '', sep) +
              sep +
              amount(ht, french) +
              sep +
              (lineHasVat(lineKind) ? vatRate : noVat) +
              sep +
              amount(vat, french) +
              sep +
              amount(ttc, french) +
              sep +
              tail;
          }
          if (chunk.length >= 1 << 16) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk !== '') yield chunk;
      }
    }
  } finally {
    db.run(sql`release accounting_export`);
  }
}
