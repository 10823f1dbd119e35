/** Helpers of the billing tests. */
import type { Connection } from '../../src/db/connection.js';
import { payInvoice } from '../../src/invoicing/index.js';
import { testActor } from './db.js';
import { audit, writeTx } from '../../src/db/audit.js';

/** Every invoice not paid at all, paid in full on its issue date by debit (recorded as the Desk records it). */
export function payAllInvoices(conn: Connection): void {
  const open = conn.sqlite
    .prepare(
      "select number, total_ttc_cents, issued_on from invoices i where kind = 'invoice' and not exists (select 1 from payments p where p.invoice_id = i.id)",
    )
    .all() as { number: string; total_ttc_cents: number; issued_on: string }[];
  for (const i of open) payInvoice(conn, testActor, { number: i.number, amountCents: i.total_ttc_cents, paidOn: i.issued_on, method: 'sepa' });
}

/**
 * The bank returned the debit that recorded payment `paymentId`: its reversal and the audit
 * entry of the return, as `bill returns` writes them (without a pain.002 file).
 */
export function recordReturn(conn: Connection, paymentId: number, on: string, reason = 'AM04'): void {
  writeTx(conn, (tx) => {
    const invoice = conn.sqlite
      .prepare('select i.number from payments p join invoices i on i.id = p.invoice_id where p.id = ?')
      .pluck()
      .get(paymentId) as string;
    conn.sqlite.prepare('insert into payment_reversals (payment_id, reversed_on, reason) values (?, ?, ?)').run(paymentId, on, `SEPA ${reason}`);
    audit(tx, testActor, { entity: 'invoice', entityId: invoice, action: 'sepa_return', change: { payment_reversed: paymentId, reason, rejected_on: on } });
  });
}
