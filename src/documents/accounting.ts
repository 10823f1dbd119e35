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

interface Row {
  id: number;
  number: string;
  kind: 'invoice' | 'credit_note';
  issued_on: string;
  pay_by: string;
  member_no: number;
  member: string;
  line_kind: LineKind;
  label: string;
  period: string | null;
  ht_cents: number;
  ttc_cents: number;
  paid: number;
  credited: number;
}

function quote(v: string, sep: string): string {
  return /["\r\n]/.test(v) || v.includes(sep) ? `"${v.replace(/"/g, '""')}"` : v;
}

function amount(cents: number, french: boolean): string {
  const neg = cents < 0;
  const a = Math.abs(cents);
  const s = `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
  return french ? s.replace('.', ',') : s;
}

/** Writes the month's lines through `write`, page by page (bounded memory); returns the totals. */
export function writeAccountingCsv(db: Db | Tx, month: string, french: boolean, write: (chunk: string) => void): AccountingTotals {
  const totals: AccountingTotals = { lines: 0, documents: 0, ht_cents: 0, vat_cents: 0, ttc_cents: 0 };
  for (const chunk of accountingCsvChunks(db, month, french, totals)) write(chunk);
  return totals;
}

/**
 * The accounting CSV as chunks of about a thousand invoices, read a page at a time, so a
 * month of 100 000 invoices is never held whole (issue 14: exports stream like lists); the
 * caller writes each chunk and may wait for the reader. `totals` is filled as it goes.
 */
export function* accountingCsvChunks(db: Db | Tx, month: string, french: boolean, totals: AccountingTotals): Generator<string> {
  const sep = french ? ';' : ',';
  yield (french ? '\ufeff' : '') + ACCOUNTING_COLUMNS.join(sep) + '\r\n';
  let after = 0;
  for (;;) {
    const ids = db
      .all<{ id: number }>(sql`select i.id from invoices i where i.id > ${after} and ${inMonth(month)} order by i.id limit 1000`)
      .map((r) => r.id);
    if (ids.length === 0) break;
    after = ids.at(-1)!;
    totals.documents += ids.length;
    // paid and credited once per invoice (materialized), not once per line
    const rows = db.all<Row>(sql`
      with d as materialized (
        select i.id, i.number, i.kind, i.issued_on, i.pay_by, m.member_no,
          case when m.kind = 'company' and m.company_name is not null then m.company_name else m.first_name || ' ' || m.last_name end as member,
          ${PAID_SQL} as paid,
          coalesce((select sum(c.total_ttc_cents) from invoices c where c.refers_to = i.id and c.kind = 'credit_note'), 0) as credited,
          i.total_ttc_cents as total
        from invoices i join members m on m.id = i.member_id
        where i.id in ${ids})
      select d.id, d.number, d.kind, d.issued_on, d.pay_by, d.member_no, d.member,
        l.kind as line_kind, l.label, l.period, l.ht_cents, l.ttc_cents, d.paid, d.credited, d.total
      from d join invoice_lines l on l.invoice_id = d.id
      order by d.id, l.id`);
    let chunk = '';
    for (const r of rows) {
      const sign = r.kind === 'credit_note' ? -1 : 1;
      const ht = sign * r.ht_cents;
      const ttc = sign * r.ttc_cents;
      const vat = ttc - ht;
      const total = (r as unknown as { total: number }).total;
      const outstanding = r.kind === 'invoice' ? Math.max(0, total - r.paid - r.credited) : 0;
      totals.lines++;
      totals.ht_cents += ht;
      totals.vat_cents += vat;
      totals.ttc_cents += ttc;
      const cells = [
        r.number,
        r.kind,
        french ? frDate(r.issued_on) : r.issued_on,
        french ? frDate(r.pay_by) : r.pay_by,
        String(r.member_no),
        r.member,
        r.line_kind,
        r.label,
        r.period ?? '',
        amount(ht, french),
        lineHasVat(r.line_kind) ? (french ? '20,00' : '20.00') : (french ? '0,00' : '0.00'),
        amount(vat, french),
        amount(ttc, french),
        amount(r.kind === 'invoice' ? r.paid : 0, french),
        amount(outstanding, french),
      ];
      chunk += cells.map((c) => quote(c, sep)).join(sep) + '\r\n';
    }
    yield chunk;
  }
}
