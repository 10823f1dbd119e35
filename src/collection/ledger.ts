/**
 * The money owed "as of a date" — ONE place (issue 7). Member standing, `bill show|list`,
 * penalties, dunning, SEPA and cooptation all read these two functions, so they never
 * disagree. Only what is dated on or before `on` counts: payments (`paid_on`), credit
 * notes (`issued_on`), credit-balance allocations (`allocated_on`), refunds
 * (`refunded_on`) and disputes (opened on or before, not yet resolved on `on`). A direct
 * debit rejected by the bank (`payment_reversals`, `bill returns`) never paid: its payment
 * does not count on any date, so the invoice is unpaid from its pay-by date (RULES.md §6).
 *
 * Per invoice (kind `invoice`; a credit note has nothing outstanding and is `credited`):
 *   paid        = payments not returned + financial guarantee applied to it (art. 7.1, `guarantee_moves`)
 *   settled     = paid + credited + allocated_in − refunded − allocated_out
 *   outstanding = max(0, TTC − settled)                 what remains to be paid
 *   credit      = max(0, settled − TTC)                 held in the member's favour (RULES.md §6)
 *   contested   = min(outstanding, Σ disputes open on `on`)   suspended (art. 7.3.6)
 *   due         = outstanding − contested               what must be paid now
 *   late        = due − (upheld disputes confirmed on `on` itself), when `on` > pay-by
 *                 (an upheld amount is due at once, pay-by = the confirmation date: late from the next day)
 * The arithmetic is the pure `settlement()` of src/rules/invoices.ts; this module gathers
 * the amounts dated up to `on`: per invoice in one SQL statement (`select`: correlated
 * subqueries, for one invoice or one member) or for the whole file (`loadSums`: each table
 * summed once, grouped by invoice — `bill list`, dunning, SEPA), the same definitions.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import { iterateSqlRaw } from '../db/iterate.js';
import type { IsoDate } from '../rules/dates.js';
import type { GuaranteeMove, InvoiceKind, InvoiceStatus } from '../rules/enums.js';
import { guaranteeOverdue, heldOn } from '../rules/guarantee.js';
import { settlement } from '../rules/invoices.js';
import type { Cents } from '../rules/money.js';

/** A date after every date: "everything recorded so far" (write-time checks such as overpayment). */
export const ALL_TIME: IsoDate = '9999-12-31';

export interface InvoiceBalance {
  id: number;
  number: string;
  kind: InvoiceKind;
  memberId: number;
  memberNo: number;
  issuedOn: IsoDate;
  payBy: IsoDate;
  totalHtCents: Cents;
  totalVatCents: Cents;
  totalTtcCents: Cents;
  /** The invoice a credit note corrects (its number), else null. */
  refersTo: string | null;
  isEntryFee: boolean;
  /** Payments dated ≤ on. */
  paidCents: Cents;
  /** Credit notes on this invoice dated ≤ on. */
  creditedCents: Cents;
  /** Credit balance (from other invoices) used to settle this one, ≤ on. */
  allocatedCents: Cents;
  /** This invoice's excess given back (refunds) or used on later invoices (allocations out), ≤ on. */
  refundedCents: Cents;
  allocatedOutCents: Cents;
  outstandingCents: Cents;
  /** Excess held in the member's favour on this invoice (credit note on a paid invoice). */
  creditCents: Cents;
  /** Part of the outstanding suspended by disputes open on `on` (art. 7.3.6). */
  contestedCents: Cents;
  /** Outstanding − contested: what the member must pay now. */
  dueCents: Cents;
  /** What a dispute opened on `on` may still contest: the outstanding, or what was debited (art. 7.3.6), less open disputes. */
  disputableCents: Cents;
  /** Part of `due` that is past its pay-by on `on` (art. 7.3.5). */
  lateCents: Cents;
  late: boolean;
  /** null for a credit note (it has no payment status, issue 21). */
  status: InvoiceStatus | null;
}

export interface MemberBalance {
  memberId: number;
  memberNo: number;
  /** Σ invoices (not credit notes) issued ≤ on. */
  invoicedCents: Cents;
  paidCents: Cents;
  creditedCents: Cents;
  contestedCents: Cents;
  outstandingCents: Cents;
  dueCents: Cents;
  lateCents: Cents;
  /** Numbers of the invoices late on `on`, oldest first. */
  lateInvoices: string[];
  /** The earliest pay-by among late invoices (dunning counts from it), else null. */
  oldestLatePayBy: IsoDate | null;
  /** Credit balance in the member's favour, available for the next invoices or a refund. */
  creditBalanceCents: Cents;
  /** Financial guarantee held for the member (art. 7.1): received less applied and given back. Never revenue, not a credit. */
  guaranteeHeldCents: Cents;
}

/**
 * An invoice's own columns, as read (an array: cheaper than an object per row), in the order
 * of `select` and `selectPlain`: id, number, kind, member_id, member_no, issued_on, pay_by,
 * total_ht_cents, total_vat_cents, total_ttc_cents, refers_to (the corrected invoice's number).
 */
type InvoiceColumns = [number, string, InvoiceKind, number, number, string, string, number, number, number, string | null];
/** An invoice's amounts as of a date: the columns of `select` after its own. */
interface Amounts {
  entry_fee: number;
  paid: number;
  /** The part of `paid` the member did not pay himself — collected by direct debit or set off from his guarantee (art. 7.3.6, 7.1): it can still be disputed. */
  debited: number;
  credited: number;
  alloc_in: number;
  alloc_out: number;
  refunded: number;
  disputed: number;
  upheld_today: number;
}
const NO_AMOUNTS: Readonly<Amounts> = { entry_fee: 0, paid: 0, debited: 0, credited: 0, alloc_in: 0, alloc_out: 0, refunded: 0, disputed: 0, upheld_today: 0 };

/** A row of `select` as an array: the invoice's columns, then its amounts. */
type RawRow = [...InvoiceColumns, number, number, number, number, number, number, number, number, number];
function amountsOfRaw(a: RawRow): Amounts {
  return {
    entry_fee: a[11],
    paid: a[12],
    credited: a[13],
    alloc_in: a[14],
    alloc_out: a[15],
    refunded: a[16],
    disputed: a[17],
    upheld_today: a[18],
    debited: a[19],
  };
}

function select(on: IsoDate, where: SQL): SQL {
  return sql`
  select i.id, i.number, i.kind, i.member_id, m.member_no, i.issued_on, i.pay_by,
    i.total_ht_cents, i.total_vat_cents, i.total_ttc_cents,
    (select r.number from invoices r where r.id = i.refers_to) as refers_to,
    exists(select 1 from invoice_lines l where l.invoice_id = i.id and l.kind = 'entry_fee') as entry_fee,
    coalesce((select sum(p.amount_cents) from payments p where p.invoice_id = i.id and p.paid_on <= ${on}
               and not exists (select 1 from payment_reversals v where v.payment_id = p.id)), 0)
      + coalesce((select sum(g.amount_cents) from guarantee_moves g where g.invoice_id = i.id and g.on_date <= ${on}), 0) as paid,
    coalesce((select sum(c.total_ttc_cents) from invoices c where c.refers_to = i.id and c.kind = 'credit_note' and c.issued_on <= ${on}), 0) as credited,
    coalesce((select sum(a.amount_cents) from credit_allocations a where a.invoice_id = i.id and a.allocated_on <= ${on}), 0) as alloc_in,
    coalesce((select sum(a.amount_cents) from credit_allocations a where a.from_invoice_id = i.id and a.allocated_on <= ${on}), 0) as alloc_out,
    coalesce((select sum(f.amount_cents) from refunds f where f.invoice_id = i.id and f.refunded_on <= ${on}), 0) as refunded,
    coalesce((select sum(d.amount_cents) from disputes d where d.invoice_id = i.id and d.opened_on <= ${on}
               and (d.resolved_on is null or d.resolved_on > ${on})), 0) as disputed,
    coalesce((select sum(d.amount_cents) from disputes d where d.invoice_id = i.id and d.status = 'upheld'
               and d.resolved_on = ${on}), 0) as upheld_today,
    coalesce((select sum(p.amount_cents) from payments p where p.invoice_id = i.id and p.paid_on <= ${on} and p.method = 'sepa'
               and not exists (select 1 from payment_reversals v where v.payment_id = p.id)), 0)
      + coalesce((select sum(g.amount_cents) from guarantee_moves g where g.invoice_id = i.id and g.on_date <= ${on}), 0) as debited
  from invoices i join members m on m.id = i.member_id
  where ${where}`;
}

/** Invoice ids from…to (inclusive). */
export interface IdRange {
  from: number;
  to: number;
}

/** The invoices that have any amount, by id: one lookup per invoice read (most have a payment at most). */
type Sums = Map<number, Amounts>;

/**
 * The same amounts as `select`, for the whole file at once (lists, dunning, SEPA; issue 14):
 * each table summed ONCE, grouped by invoice, into a map by invoice id, then the invoices
 * read plainly and each looked up — instead of a correlated subquery per invoice and amount,
 * or six grouped subqueries joined through automatic indexes (100 000 invoices: 0.39 → 0.21 s
 * read by better-sqlite3). Same definitions, same dates: `test/modules/ledger.test.ts` checks
 * both give the same balances on a populated database. The map holds one entry per invoice
 * that has any such amount (a few MB at 100 000 invoices).
 */
function loadSums(db: Db | Tx, on: IsoDate, ids?: IdRange): Sums {
  // `ids`: the invoices from…to by id (a month's export, through the indexes) — else every invoice
  const only = (col: SQL) => (ids === undefined ? sql`` : sql` and ${col} between ${ids.from} and ${ids.to}`);
  const sums: Sums = new Map();
  const add = (k: keyof Amounts, q: SQL): void => {
    for (const [id, v] of db.values<[number, number]>(q)) {
      if (v === 0) continue;
      let a = sums.get(id);
      if (a === undefined) sums.set(id, (a = { ...NO_AMOUNTS }));
      a[k] = v;
    }
  };
  // paid, and the part of it collected by direct debit: one grouped read of the payments
  for (const [id, paid, debited] of db.values<
    [number, number, number]
  >(sql`select p.invoice_id, sum(p.amount_cents), sum(case when p.method = 'sepa' then p.amount_cents else 0 end)
      from payments p where p.paid_on <= ${on} and not exists (select 1 from payment_reversals v where v.payment_id = p.id)${only(sql`p.invoice_id`)} group by p.invoice_id`)) {
    if (paid === 0) continue;
    let a = sums.get(id);
    if (a === undefined) sums.set(id, (a = { ...NO_AMOUNTS }));
    a.paid = paid;
    a.debited = debited;
  }
  // a guarantee applied to an invoice settles it as a payment does (art. 7.1, RULES.md §Guarantees)
  for (const [id, applied] of db.values<[number, number]>(
    sql`select invoice_id, sum(amount_cents) from guarantee_moves where invoice_id is not null and on_date <= ${on}${only(sql`invoice_id`)} group by invoice_id`,
  )) {
    let a = sums.get(id);
    if (a === undefined) sums.set(id, (a = { ...NO_AMOUNTS }));
    a.paid += applied;
    a.debited += applied; // set off by the Desk, not paid by the member: still disputable (RULES.md §6)
  }
  add(
    'credited',
    sql`select refers_to, sum(total_ttc_cents) from invoices
      where kind = 'credit_note' and issued_on <= ${on} and refers_to is not null${only(sql`refers_to`)} group by refers_to`,
  );
  add('alloc_in', sql`select invoice_id, sum(amount_cents) from credit_allocations where allocated_on <= ${on}${only(sql`invoice_id`)} group by invoice_id`);
  add(
    'alloc_out',
    sql`select from_invoice_id, sum(amount_cents) from credit_allocations where allocated_on <= ${on}${only(sql`from_invoice_id`)} group by from_invoice_id`,
  );
  add('refunded', sql`select invoice_id, sum(amount_cents) from refunds where refunded_on <= ${on}${only(sql`invoice_id`)} group by invoice_id`);
  add(
    'disputed',
    sql`select invoice_id, sum(amount_cents) from disputes
      where opened_on <= ${on} and (resolved_on is null or resolved_on > ${on})${only(sql`invoice_id`)} group by invoice_id`,
  );
  add(
    'upheld_today',
    sql`select invoice_id, sum(amount_cents) from disputes where status = 'upheld' and resolved_on = ${on}${only(sql`invoice_id`)} group by invoice_id`,
  );
  // through the partial index invoice_lines_entry_fee_idx: one row per member at most
  add('entry_fee', sql`select distinct invoice_id, 1 from invoice_lines where kind = 'entry_fee'${only(sql`invoice_id`)}`);
  return sums;
}

/** The invoices of a whole-file read, without the amounts (`loadSums` has them). */
function selectPlain(where: SQL): SQL {
  return sql`
  select i.id, i.number, i.kind, i.member_id, m.member_no, i.issued_on, i.pay_by,
    i.total_ht_cents, i.total_vat_cents, i.total_ttc_cents, r.number as refers_to
  from invoices i join members m on m.id = i.member_id
  left join invoices r on r.id = i.refers_to
  where ${where}`;
}

/** The settlement (rules/invoices.ts) of an invoice's amounts as of `on`. */
function settle(kind: InvoiceKind, totalTtcCents: Cents, payBy: IsoDate, x: Readonly<Amounts>, on: IsoDate) {
  return settlement(
    {
      kind,
      totalTtcCents,
      payBy,
      paidCents: x.paid,
      debitedCents: x.debited,
      creditedCents: x.credited,
      allocatedCents: x.alloc_in,
      refundedCents: x.refunded,
      allocatedOutCents: x.alloc_out,
      openDisputeCents: x.disputed,
      upheldTodayCents: x.upheld_today,
    },
    on,
  );
}

function toBalance(a: InvoiceColumns | RawRow, x: Readonly<Amounts>, on: IsoDate): InvoiceBalance {
  const st = settle(a[2], a[9], a[6], x, on);
  return {
    id: a[0],
    number: a[1],
    kind: a[2],
    memberId: a[3],
    memberNo: a[4],
    issuedOn: a[5],
    payBy: a[6],
    totalHtCents: a[7],
    totalVatCents: a[8],
    totalTtcCents: a[9],
    refersTo: a[10],
    isEntryFee: x.entry_fee === 1,
    paidCents: x.paid,
    creditedCents: x.credited,
    allocatedCents: x.alloc_in,
    refundedCents: x.refunded,
    allocatedOutCents: x.alloc_out,
    outstandingCents: st.outstandingCents,
    creditCents: st.creditCents,
    contestedCents: st.contestedCents,
    dueCents: st.dueCents,
    disputableCents: st.disputableCents,
    lateCents: st.lateCents,
    late: st.lateCents > 0,
    status: st.status,
  };
}

/**
 * Many invoices, oldest first (issue date, then id): the whole file by `loadSums` and a
 * plain read, one member's few by the per-invoice `select`.
 */
function* manyBalances(db: Db | Tx, f: { on: IsoDate; memberId?: number; issuedBy?: boolean; perInvoice?: boolean }): Generator<InvoiceBalance> {
  let where = f.memberId === undefined ? sql`1` : sql`i.member_id = ${f.memberId}`;
  if (f.issuedBy) where = sql`${where} and i.issued_on <= ${f.on}`;
  if (f.memberId !== undefined || f.perInvoice) {
    for (const a of iterateSqlRaw<RawRow>(db, sql`${select(f.on, where)} order by i.issued_on, i.id`)) yield toBalance(a, amountsOfRaw(a), f.on);
    return;
  }
  const sums = loadSums(db, f.on); // before the iteration: the connection runs one statement at a time
  for (const a of iterateSqlRaw<InvoiceColumns>(db, sql`${selectPlain(where)} order by i.issued_on, i.id`))
    yield toBalance(a, sums.get(a[0]) ?? NO_AMOUNTS, f.on);
}

/**
 * A row of `bill list` as read: id, number, kind, member_no, issued_on, pay_by,
 * total_ttc_cents, refers_to (the corrected invoice's number) — only what the list shows.
 */
export type ListedColumns = [number, string, InvoiceKind, number, string, string, number, string | null];
/** What `bill list` shows of an invoice's amounts as of `on` (the fields of `InvoiceBalance` of the same names). */
export interface ListedAmounts {
  paidCents: Cents;
  outstandingCents: Cents;
  contestedCents: Cents;
  late: boolean;
  /** null for a credit note (it has no payment status, issue 21). */
  status: InvoiceStatus | null;
}

/**
 * The whole file's invoices and credit notes issued by `on`, oldest first, each handed to
 * `make` with its amounts as of `on` (`bill list` without --member; issue 14). The same sums, settlement and
 * order as `iterateInvoiceBalances` with `issuedBy`, of which it is the narrow form: 8 columns read instead
 * of 11 and no 25-field balance per row (100 000 invoices, `bill list --json`, interleaved
 * A/B median of 11: 700 → 660 ms of CPU).
 * test/modules/ledger.test.ts checks it gives the fields of `iterateInvoiceBalances`.
 */
export function* iterateListed<T>(db: Db | Tx, f: { on: IsoDate; status?: InvoiceStatus }, make: (c: ListedColumns, a: ListedAmounts) => T): Generator<T> {
  const sums = loadSums(db, f.on); // before the iteration: the connection runs one statement at a time
  const q = sql`select i.id, i.number, i.kind, m.member_no, i.issued_on, i.pay_by, i.total_ttc_cents, r.number as refers_to
    from invoices i join members m on m.id = i.member_id left join invoices r on r.id = i.refers_to
    where i.issued_on <= ${f.on}
    order by i.issued_on, i.id`;
  for (const c of iterateSqlRaw<ListedColumns>(db, q)) {
    const x = sums.get(c[0]) ?? NO_AMOUNTS;
    const st = settle(c[2], c[6], c[5], x, f.on);
    if (f.status !== undefined && st.status !== f.status) continue;
    yield make(c, { paidCents: x.paid, outstandingCents: st.outstandingCents, contestedCents: st.contestedCents, late: st.lateCents > 0, status: st.status });
  }
}

/**
 * What was paid and what remains of many invoices as of `on`, looked up by invoice while
 * another query streams them (the month's accounting export, the SEPA file's candidates,
 * issue 14): `ids` spans the ids of the invoices concerned; the amounts are those of
 * `invoiceBalance`.
 */
export function settledLookup(
  db: Db | Tx,
  on: IsoDate,
  ids: IdRange,
): (inv: { id: number; kind: InvoiceKind; totalTtcCents: Cents; payBy: IsoDate }) => {
  paidCents: Cents;
  outstandingCents: Cents;
  dueCents: Cents;
  creditCents: Cents;
} {
  const s = loadSums(db, on, ids);
  return (inv) => {
    const x = s.get(inv.id) ?? NO_AMOUNTS;
    const st = settle(inv.kind, inv.totalTtcCents, inv.payBy, x, on);
    return { paidCents: x.paid, outstandingCents: st.outstandingCents, dueCents: st.dueCents, creditCents: st.creditCents };
  };
}

/** One invoice or credit note by number or id, as of `on` (null when unknown). */
export function invoiceBalance(db: Db | Tx, key: { number: string } | { id: number }, on: IsoDate): InvoiceBalance | null {
  const where = 'number' in key ? sql`i.number = ${key.number}` : sql`i.id = ${key.id}`;
  const a = db.values<RawRow>(select(on, where))[0];
  return a ? toBalance(a, amountsOfRaw(a), on) : null;
}

/**
 * Invoices and credit notes, oldest first (issue date, then id), their amounts as of `on`,
 * optionally of one member, one status, or only the late ones. Documents issued after `on`
 * are listed too (as `open`, nothing counted against them yet) unless `issuedBy` is set.
 */
export function invoiceBalances(
  db: Db | Tx,
  f: { on: IsoDate; memberId?: number; status?: InvoiceStatus; lateOnly?: boolean; issuedBy?: boolean; perInvoice?: boolean },
): InvoiceBalance[] {
  return [...iterateInvoiceBalances(db, f)];
}

/** `invoiceBalances` read one invoice at a time (lists: `bill list`, issue 14). */
export function* iterateInvoiceBalances(
  db: Db | Tx,
  f: { on: IsoDate; memberId?: number; status?: InvoiceStatus; lateOnly?: boolean; issuedBy?: boolean; perInvoice?: boolean },
): Generator<InvoiceBalance> {
  for (const b of manyBalances(db, f)) {
    if (f.status && b.status !== f.status) continue;
    if (f.lateOnly && !b.late) continue;
    yield b;
  }
}

function sumMember(memberId: number, memberNo: number, bs: InvoiceBalance[], on: IsoDate): MemberBalance {
  const m: MemberBalance = {
    memberId,
    memberNo,
    invoicedCents: 0,
    paidCents: 0,
    creditedCents: 0,
    contestedCents: 0,
    outstandingCents: 0,
    dueCents: 0,
    lateCents: 0,
    lateInvoices: [],
    oldestLatePayBy: null,
    creditBalanceCents: 0,
    guaranteeHeldCents: 0,
  };
  for (const b of bs) {
    if (b.kind !== 'invoice' || b.issuedOn > on) continue;
    m.invoicedCents += b.totalTtcCents;
    m.paidCents += b.paidCents;
    m.creditedCents += b.creditedCents;
    m.contestedCents += b.contestedCents;
    m.outstandingCents += b.outstandingCents;
    m.dueCents += b.dueCents;
    m.lateCents += b.lateCents;
    m.creditBalanceCents += b.creditCents;
    if (b.late) {
      m.lateInvoices.push(b.number);
      if (m.oldestLatePayBy === null || b.payBy < m.oldestLatePayBy) m.oldestLatePayBy = b.payBy;
    }
  }
  return m;
}

/** A member's money as of `on` (member id, not number). A member with no invoice has all zeros. */
export function memberBalance(db: Db | Tx, memberId: number, on: IsoDate): MemberBalance {
  const no = db.get<{ member_no: number } | undefined>(sql`select member_no from members where id = ${memberId}`);
  const m = sumMember(memberId, no?.member_no ?? 0, invoiceBalances(db, { on, memberId, issuedBy: true }), on);
  m.guaranteeHeldCents = guaranteesHeld(db, on, memberId).get(memberId) ?? 0;
  return m;
}

/**
 * Financial guarantees held on `on` (art. 7.1), by member id: received − applied − released,
 * dated on or before `on` (members holding nothing are absent).
 */
export function guaranteesHeld(db: Db | Tx, on: IsoDate, memberId?: number): Map<number, Cents> {
  const only = memberId === undefined ? sql`` : sql` and g.member_id = ${memberId}`;
  const out = new Map<number, Cents>();
  for (const [id, held] of db.values<[number, number]>(sql`
      select g.member_id, sum(case when v.kind = 'received' then v.amount_cents else -v.amount_cents end)
      from guarantee_moves v join guarantees g on g.id = v.guarantee_id
      where v.on_date <= ${on}${only} group by g.member_id`))
    if (held !== 0) out.set(id, held);
  return out;
}

/** Every member with at least one invoice issued ≤ on, by member number (dunning, SEPA, reports). */
export function memberBalances(db: Db | Tx, on: IsoDate, f: { lateOnly?: boolean } = {}): MemberBalance[] {
  const byMember = new Map<number, InvoiceBalance[]>();
  for (const b of invoiceBalances(db, { on, issuedBy: true })) {
    if (!byMember.has(b.memberId)) byMember.set(b.memberId, []);
    byMember.get(b.memberId)!.push(b);
  }
  const held = guaranteesHeld(db, on);
  const out = [...byMember.entries()]
    .map(([id, bs]) => ({ ...sumMember(id, bs[0]!.memberNo, bs, on), guaranteeHeldCents: held.get(id) ?? 0 }))
    .sort((a, b) => a.memberNo - b.memberNo);
  return f.lateOnly ? out.filter((m) => m.lateCents > 0) : out;
}

/** A member's credit balance as of a date, and the invoices holding it (`bill credits`). */
export interface CreditBalance {
  memberId: number;
  memberNo: number;
  /** The member's name (a company's name for a company). */
  name: string;
  creditCents: Cents;
  invoices: { number: string; creditCents: Cents }[];
}

/**
 * Every member holding a credit balance on `on` (the `creditCents` of their invoices
 * issued by then, summed as `memberBalance` sums them), by member number: what is to be
 * refunded or used by the next run (`bill credits`, issue 21). Read as the whole file is:
 * the sums once, the invoices plainly, one member at a time.
 */
export function* iterateCreditBalances(db: Db | Tx, on: IsoDate): Generator<CreditBalance> {
  const sums = loadSums(db, on); // before the iteration: the connection runs one statement at a time
  const q = sql`select i.id, i.number, i.kind, i.member_id, m.member_no, i.pay_by, i.total_ttc_cents,
      case when m.kind = 'company' and m.company_name is not null then m.company_name else m.first_name || ' ' || m.last_name end
    from invoices i join members m on m.id = i.member_id
    where i.kind = 'invoice' and i.issued_on <= ${on}
    order by m.member_no, i.issued_on, i.id`;
  let cur: CreditBalance | null = null;
  for (const [id, number, kind, memberId, memberNo, payBy, total, name] of iterateSqlRaw<[number, string, InvoiceKind, number, number, string, number, string]>(
    db,
    q,
  )) {
    const x = sums.get(id);
    if (x === undefined) continue; // nothing paid or credited: no excess
    const credit = settle(kind, total, payBy, x, on).creditCents;
    if (credit === 0) continue;
    if (cur !== null && cur.memberId !== memberId) {
      yield cur;
      cur = null;
    }
    cur ??= { memberId, memberNo, name, creditCents: 0, invoices: [] };
    cur.creditCents += credit;
    cur.invoices.push({ number, creditCents: credit });
  }
  if (cur !== null) yield cur;
}

/**
 * Where a member's credit balance sits, oldest first: the invoices holding an excess on
 * `on` (used by the run's allocations and by `bill refund`).
 */
export function creditSources(db: Db | Tx, memberId: number, on: IsoDate): { invoiceId: number; number: string; creditCents: Cents }[] {
  return invoiceBalances(db, { on, memberId, issuedBy: true })
    .filter((b) => b.creditCents > 0)
    .map((b) => ({ invoiceId: b.id, number: b.number, creditCents: b.creditCents }));
}

/**
 * The whole file's invoices as the bank statement's import reads them (issue 25: 50 000
 * transfers matched without a query per transfer): every invoice and credit note by number
 * and by member, their amounts summed once (`loadSums`, everything recorded: `ALL_TIME`),
 * kept true by `paid` as the import records payments. `asOf` gives an invoice's balance on a
 * date from the same sums when nothing of it is dated after that date (no dispute resolved on
 * it either), else reads it (`invoiceBalance`): always what `invoiceBalance` says.
 */
export interface PaymentBook {
  /** As `invoiceBalance(db, { number }, ALL_TIME)`. */
  byNumber(number: string): InvoiceBalance | null;
  /** A member's invoices and credit notes with something outstanding, as of `ALL_TIME`. */
  openOf(memberId: number): InvoiceBalance[];
  /** As `invoiceBalance(db, { id }, on)`. */
  asOf(invoiceId: number, on: IsoDate): InvoiceBalance;
  /** A payment just recorded (not reversed). */
  paid(invoiceId: number, cents: Cents, paidOn: IsoDate, method: string): void;
}

export function paymentBook(db: Db | Tx): PaymentBook {
  const sums = loadSums(db, ALL_TIME);
  // the latest date of anything counted for an invoice, and of a dispute's resolution
  const latest = new Map<number, [string | null, string | null]>();
  for (const [id, dated, resolved] of db.values<[number, string | null, string | null]>(sql`
    select invoice_id, max(d), max(r) from (
      select invoice_id, paid_on as d, null as r from payments
      union all select refers_to, issued_on, null from invoices where kind = 'credit_note' and refers_to is not null
      union all select invoice_id, allocated_on, null from credit_allocations
      union all select from_invoice_id, allocated_on, null from credit_allocations
      union all select invoice_id, refunded_on, null from refunds
      union all select invoice_id, opened_on, resolved_on from disputes
      union all select invoice_id, on_date, null from guarantee_moves where invoice_id is not null
    ) group by invoice_id`))
    latest.set(id, [dated, resolved]);
  const byNumber = new Map<string, InvoiceColumns>();
  const byId = new Map<number, InvoiceColumns>();
  const byMember = new Map<number, InvoiceColumns[]>();
  for (const a of iterateSqlRaw<InvoiceColumns>(db, sql`${selectPlain(sql`1`)} order by i.issued_on, i.id`)) {
    byNumber.set(a[1], a);
    byId.set(a[0], a);
    const list = byMember.get(a[3]);
    if (list === undefined) byMember.set(a[3], [a]);
    else list.push(a);
  }
  const balance = (a: InvoiceColumns, on: IsoDate) => toBalance(a, sums.get(a[0]) ?? NO_AMOUNTS, on);
  return {
    byNumber: (number) => {
      const a = byNumber.get(number);
      return a === undefined ? null : balance(a, ALL_TIME);
    },
    openOf: (memberId) => (byMember.get(memberId) ?? []).map((a) => balance(a, ALL_TIME)).filter((b) => b.outstandingCents > 0),
    asOf: (invoiceId, on) => {
      const w = latest.get(invoiceId);
      if (w === undefined || ((w[0] === null || w[0] <= on) && (w[1] === null || w[1] < on))) return balance(byId.get(invoiceId)!, on);
      return invoiceBalance(db, { id: invoiceId }, on)!;
    },
    paid: (invoiceId, cents, paidOn, method) => {
      let a = sums.get(invoiceId);
      if (a === undefined) sums.set(invoiceId, (a = { ...NO_AMOUNTS }));
      a.paid += cents;
      if (method === 'sepa') a.debited += cents;
      const w = latest.get(invoiceId);
      if (w === undefined) latest.set(invoiceId, [paidOn, null]);
      else if (w[0] === null || w[0] < paidOn) w[0] = paidOn;
    },
  };
}

/** A financial guarantee as of a date (art. 7.1): what was asked, received, applied, given back, held. */
export interface GuaranteeState {
  id: number;
  memberId: number;
  memberNo: number;
  amountCents: Cents;
  requestedOn: IsoDate;
  dueOn: IsoDate;
  reason: string | null;
  receivedCents: Cents;
  appliedCents: Cents;
  releasedCents: Cents;
  heldCents: Cents;
  /** Not (fully) received after its due date. */
  overdue: boolean;
  moves: { id: number; kind: GuaranteeMove; on: IsoDate; amountCents: Cents; invoice: string | null; method: string | null }[];
}

/**
 * The guarantees requested by `on` (of one member, or every member), oldest first, their
 * moves dated on or before `on` (`member show`, `member guarantee list`).
 */
export function guaranteeStates(db: Db | Tx, on: IsoDate, memberId?: number): GuaranteeState[] {
  const only = memberId === undefined ? sql`` : sql` and g.member_id = ${memberId}`;
  const gs = db.all<{ id: number; member_id: number; member_no: number; amount_cents: number; requested_on: string; due_on: string; reason: string | null }>(
    sql`select g.id, g.member_id, m.member_no, g.amount_cents, g.requested_on, g.due_on, g.reason
        from guarantees g join members m on m.id = g.member_id where g.requested_on <= ${on}${only} order by g.requested_on, g.id`,
  );
  return gs.map((g) => {
    const moves = db
      .all<{ id: number; kind: GuaranteeMove; on_date: string; amount_cents: number; invoice: string | null; method: string | null }>(
        sql`select v.id, v.kind, v.on_date, v.amount_cents, i.number as invoice, v.method from guarantee_moves v left join invoices i on i.id = v.invoice_id
            where v.guarantee_id = ${g.id} and v.on_date <= ${on} order by v.on_date, v.id`,
      )
      .map((v) => ({ id: v.id, kind: v.kind, on: v.on_date, amountCents: v.amount_cents, invoice: v.invoice, method: v.method }));
    const sum = (k: GuaranteeMove) => moves.reduce((s, v) => s + (v.kind === k ? v.amountCents : 0), 0);
    const rows = moves.map((v) => ({ kind: v.kind, on: v.on, amountCents: v.amountCents }));
    return {
      id: g.id,
      memberId: g.member_id,
      memberNo: g.member_no,
      amountCents: g.amount_cents,
      requestedOn: g.requested_on,
      dueOn: g.due_on,
      reason: g.reason,
      receivedCents: sum('received'),
      appliedCents: sum('applied'),
      releasedCents: sum('released'),
      heldCents: heldOn(rows, on),
      overdue: guaranteeOverdue({ amountCents: g.amount_cents, dueOn: g.due_on }, rows, on),
      moves,
    };
  });
}
