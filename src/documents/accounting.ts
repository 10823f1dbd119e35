/**
 * The accounting export (issue 9): one CSV line per invoice line of the month, credit notes
 * negative so that a column sums to the month's net turnover. `french`: `;` separator,
 * `,` decimals, DD/MM/YYYY dates, UTF-8 with BOM (opens as is in a French spreadsheet).
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import { inMonth, PAID_SQL } from '../collection/month.js';
import { lineHasVat } from '../rules/invoices.js';
import type { LineKind } from '../rules/enums.js';
import { frDate } from './french.js';
import { iterateSqlRaw } from '../db/iterate.js';

export const ACCOUNTING_COLUMNS = [
  'number', 'kind', 'issued_on', 'pay_by', 'member_no', 'member', 'line_kind', 'label', 'period',
  'ht', 'vat_rate', 'vat', 'ttc', 'invoice_paid', 'invoice_outstanding',
] as const;

export interface AccountingTotals {
  lines: number;
  documents: number;
  ht_cents: number;
  vat_cents: number;
  ttc_cents: number;
}

/** A row of the export's query, as an array (cheaper than an object per line). */
type RawRow = [
  id: number, number: string, kind: 'invoice' | 'credit_note', issuedOn: string, payBy: string, memberNo: number, member: string,
  lineKind: LineKind, label: string, period: string | null, htCents: number, ttcCents: number, paid: number, credited: number, total: number,
];

function quote(v: string, sep: string): string {
  return /["\r\n]/.test(v) || v.includes(sep) ? `"${v.replace(/"/g, '""')}"` : v;
}

function amount(cents: number, french: boolean): string {
  const neg = cents < 0;
  const a = Math.abs(cents);
  const s = `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
  return french ? s.replace('.', ',') : s;
}

/** Writes the month's lines through `write` as they are read (bounded memory); returns the totals. */
export function writeAccountingCsv(db: Db | Tx, month: string, french: boolean, write: (chunk: string) => void): AccountingTotals {
  const totals: AccountingTotals = { lines: 0, documents: 0, ht_cents: 0, vat_cents: 0, ttc_cents: 0 };
  let buf = '';
  for (const line of accountingCsvChunks(db, month, french, totals)) {
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
 * The accounting CSV line by line, read by one streaming query in invoice order (issue 14:
 * exports stream like lists; a month of 100 000 invoices is never held whole, and the
 * export reads one consistent snapshot of the books). The caller writes the lines and may
 * wait for the reader. `totals` is filled as it goes.
 */
export function* accountingCsvChunks(db: Db | Tx, month: string, french: boolean, totals: AccountingTotals): Generator<string> {
  const sep = french ? ';' : ',';
  yield (french ? '\ufeff' : '') + ACCOUNTING_COLUMNS.join(sep) + '\r\n';
  const rows = iterateSqlRaw<RawRow>(
    db,
    sql`select i.id, i.number, i.kind, i.issued_on, i.pay_by, m.member_no,
          case when m.kind = 'company' and m.company_name is not null then m.company_name else m.first_name || ' ' || m.last_name end as member,
          l.kind as line_kind, l.label, l.period, l.ht_cents, l.ttc_cents,
          ${PAID_SQL} as paid,
          coalesce((select sum(c.total_ttc_cents) from invoices c where c.refers_to = i.id and c.kind = 'credit_note'), 0) as credited,
          i.total_ttc_cents as total
        from invoices i
        join members m on m.id = i.member_id
        join invoice_lines l on l.invoice_id = i.id
        where ${inMonth(month)}
        order by i.id, l.id`,
  );
  const vatRate = french ? '20,00' : '20.00';
  const noVat = french ? '0,00' : '0.00';
  let last = -1;
  for (const [id, number, kind, issuedOn, payBy, memberNo, member, lineKind, label, period, htCents, ttcCents, paid, credited, total] of rows) {
    if (id !== last) {
      totals.documents++;
      last = id;
    }
    const sign = kind === 'credit_note' ? -1 : 1;
    const ht = sign * htCents;
    const ttc = sign * ttcCents;
    const vat = ttc - ht;
    const outstanding = kind === 'invoice' ? Math.max(0, total - paid - credited) : 0;
    totals.lines++;
    totals.ht_cents += ht;
    totals.vat_cents += vat;
    totals.ttc_cents += ttc;
    yield (
      quote(number, sep) + sep +
      kind + sep +
      (french ? frDate(issuedOn) : issuedOn) + sep +
      (french ? frDate(payBy) : payBy) + sep +
      String(memberNo) + sep +
      quote(member, sep) + sep +
      lineKind + sep +
      quote(label, sep) + sep +
      quote(period ?? '', sep) + sep +
      amount(ht, french) + sep +
      (lineHasVat(lineKind) ? vatRate : noVat) + sep +
      amount(vat, french) + sep +
      amount(ttc, french) + sep +
      amount(kind === 'invoice' ? paid : 0, french) + sep +
      amount(outstanding, french) + '\r\n'
    );
  }
}
