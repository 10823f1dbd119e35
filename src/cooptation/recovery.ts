/**
 * "Under a recovery procedure" (art. 7.3.8; RULES.md §6): an outstanding second formal
 * notice. Until the dunning module (termination engineer) is on main, the notices are read
 * from the dunning_steps table here: this is the ONE seam to point at that module later.
 * A second notice is outstanding on D when it is dated on or before D and the invoice it
 * concerns (or, for a notice without an invoice, any of the member's invoices) still has
 * something outstanding on D — the money as of D comes from the ledger.
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import type { IsoDate } from '../rules/dates.js';
import { invoiceBalance, memberBalance } from '../collection/ledger.js';

export function underRecoveryProcedure(db: Db | Tx, memberId: number, on: IsoDate): boolean {
  const notices = db.all<{ invoice_id: number | null }>(
    sql`select invoice_id from dunning_steps where member_id = ${memberId} and step = 'second_notice' and on_date <= ${on}`,
  );
  return notices.some((n) =>
    n.invoice_id === null ? memberBalance(db, memberId, on).lateCents > 0 : (invoiceBalance(db, { id: n.invoice_id }, on)?.outstandingCents ?? 0) > 0,
  );
}
