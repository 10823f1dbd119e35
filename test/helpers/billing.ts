/** Helpers of the billing tests. */
import type { Connection } from '../../src/db/connection.js';
import { payInvoice } from '../../src/invoicing/index.js';
import { testActor } from './db.js';

/** Every invoice not paid at all, paid in full on its issue date by debit (recorded as the Desk records it). */
export function payAllInvoices(conn: Connection): void {
  const open = conn.sqlite
    .prepare("select number, total_ttc_cents, issued_on from invoices i where kind = 'invoice' and not exists (select 1 from payments p where p.invoice_id = i.id)")
    .all() as { number: string; total_ttc_cents: number; issued_on: string }[];
  for (const i of open) payInvoice(conn, testActor, { number: i.number, amountCents: i.total_ttc_cents, paidOn: i.issued_on, method: 'sepa' });
}
