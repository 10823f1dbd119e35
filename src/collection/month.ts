/** The month's invoices as collection sees them: what is due (the ledger), and whether it was debited. */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import { idBlocks, preparedValues } from '../db/iterate.js';
import type { IsoDate } from '../rules/dates.js';
import { ALL_TIME, invoiceBalance, settledLookup } from './ledger.js';

/** SQL: the invoices of a month (its billing runs, and what was issued in it outside a run). */
export const inMonth = (month: string) =>
  sql`(i.run_id in (select b.id from billing_runs b where b.month = ${month}) or (i.run_id is null and substr(i.issued_on, 1, 7) = ${month}))`;

export interface Collectable {
  invoiceId: number;
  number: string;
  memberNo: number;
  memberId: number;
  payBy: IsoDate;
  dueCents: number;
  isEntryFee: boolean;
  exported: boolean;
  /** The member's first day without a contract, if a termination is recorded (art. 10.4). */
  terminatedOn: IsoDate | null;
}

type CollectableRow = [
  id: number,
  number: string,
  memberNo: number,
  memberId: number,
  payBy: string,
  totalTtcCents: number,
  entryFee: number,
  exported: number,
  terminatedOn: string | null,
];

/**
 * The month's invoices (not credit notes), in id order, with what is due on `on` per the
 * ledger (never more than what is due with everything recorded, later dates included) — summed for a block of invoice ids at once (`settledLookup`), not one ledger query
 * per invoice (100 000 invoices: 100 000 statements prepared, issue 14), and read a page at a
 * time: the month is never held whole, and no statement stays open between pages, so the
 * caller may write as it reads (the SEPA export books each debit as it decides it; what it
 * writes concerns invoices already read).
 */
export function* iterateMonthCollectables(db: Db | Tx, month: string, on: IsoDate, page?: number): Generator<Collectable> {
  const [from, to] = db.values<[number | null, number | null]>(
    sql`select min(i.id), max(i.id) from invoices i where i.kind = 'invoice' and ${inMonth(month)}`,
  )[0]!;
  if (from === null || to === null) return;
  const rowsOf = preparedValues<CollectableRow>(
    db,
    sql`select i.id, i.number, m.member_no, m.id, i.pay_by, i.total_ttc_cents,
          exists(select 1 from invoice_lines l where l.invoice_id = i.id and l.kind = 'entry_fee'),
          exists(select 1 from sepa_debits sd where sd.invoice_id = i.id), m.terminated_on
        from invoices i join members m on m.id = i.member_id
        where i.id between ${sql.placeholder('lo')} and ${sql.placeholder('hi')} and i.kind = 'invoice' and ${inMonth(month)}
        order by i.id`,
  );
  for (const block of idBlocks(from, to, page)) {
    const settled = settledLookup(db, on, block);
    // what is recorded with a later date than `on` (a payment, a guarantee applied, a credit
    // note, a credit used, a dispute opened) caps what is due: never debit what is already
    // paid, credited or contested with everything recorded, as `bill pay` checks (art. 7.1,
    // 7.3.6). Usually none: read only for the few invoices of the block that have any.
    const later = new Set(
      db
        .values<[number]>(
          sql`select invoice_id from payments where invoice_id between ${block.from} and ${block.to} and paid_on > ${on}
          union select invoice_id from guarantee_moves where invoice_id between ${block.from} and ${block.to} and on_date > ${on}
          union select refers_to from invoices where kind = 'credit_note' and refers_to between ${block.from} and ${block.to} and issued_on > ${on}
          union select invoice_id from credit_allocations where invoice_id between ${block.from} and ${block.to} and allocated_on > ${on}
          union select invoice_id from disputes where invoice_id between ${block.from} and ${block.to} and opened_on > ${on}`,
        )
        .map(([id]) => id),
    );
    const dueOf = (id: number, total: number, payBy: string): number => {
      const due = settled({ id, kind: 'invoice', totalTtcCents: total, payBy }).dueCents;
      return later.has(id) ? Math.min(due, invoiceBalance(db, { id }, ALL_TIME)!.dueCents) : due;
    };
    for (const ids of block.pages) {
      for (const [id, number, memberNo, memberId, payBy, total, entryFee, exported, terminatedOn] of rowsOf(ids)) {
        yield {
          invoiceId: id,
          number,
          memberNo,
          memberId,
          payBy,
          dueCents: exported || entryFee ? 0 : dueOf(id, total, payBy),
          isEntryFee: entryFee === 1,
          exported: exported === 1,
          terminatedOn,
        };
      }
    }
  }
}
