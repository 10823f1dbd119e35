/**
 * `bill run`: the monthly billing run (art. 7.3; RULES.md §6 "Decision (monthly run)").
 *
 * One IMMEDIATE transaction for the whole run (kill -9 leaves all or nothing; a second run
 * waits on the lock, then finds nothing left to do or exits 5), idempotent by
 * `invoice_lines.source_key` (re-running bills nothing twice). Per member, in member-number
 * order: every recurring item (RECURRING_SOURCES) for each month not yet billed up to the
 * run's month (catch-up), at the price in force on the period's first day, prorated in its
 * first month; pending charges due on the run date; late-payment penalties and the 40 €
 * indemnity due on the run date; then the member's credit balance is allocated against the
 * new invoice. A member who cannot be billed (a price missing) is parked and billed by a
 * later run; a legal rate missing for a penalty stops the whole run (exit 3).
 * `--dry-run` runs exactly the same code and rolls back.
 */
import type Database from 'better-sqlite3';
import type { Connection } from '../db/connection.js';
import { auditAppender, type Actor } from '../db/audit.js';
import { BUYER_SQL, frozenHash, frozenInvoice, type BuyerRow } from '../invoicing/frozen.js';
import { sellerVersionNow } from '../settings/versions.js';
import { BusyError, RefusedError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { fmtMonth } from '../i18n/format.js';
import { addDays, monthOf, nextMonth, type IsoDate } from '../rules/dates.js';
import type { Brick, LineKind, OptionCode } from '../rules/enums.js';
import { formatInvoiceNumber, lineHasVat, payByDate, seriesName, settlement } from '../rules/invoices.js';
import { htFromTtc, type Cents } from '../rules/money.js';
import {
  BRICK_LABELS,
  firstBillableMonth,
  INDEMNITY_LABEL,
  isMonth,
  optionLabel,
  quantityChangeFirstMonthQty,
  PENALTY_LABEL,
  periodAmount,
  SUBSCRIPTION_LABEL,
} from '../rules/billing.js';
import { ART_PENALTY, INDEMNITY_CENTS, MissingRateError, penaltyPeriods, stateOn, type InvoiceEvents } from '../rules/penalties.js';
import { creditSources } from '../collection/ledger.js';
import { invoiceEvents, rateLookup } from '../collection/index.js';
import { enforceChronological } from '../invoicing/core.js';
import { giveBackMonthsNotDue, type GiveBackResult } from './give-back.js';

export interface RunOptions {
  month: string;
  date: IsoDate;
  dryRun?: boolean;
  /** Called after each block of members with (members examined, members of the club). */
  onProgress?: (done: number, total: number) => void;
  /** Called once, inside the write transaction, right after the first invoice is inserted (test hook). */
  onFirstInvoice?: () => void;
  /** Keep each member's bill in the result (`members`; default true). The CLI asks it for --dry-run only. */
  details?: boolean;
  /** How many penalty candidates' events are read at once (default 1 000; tests make it small). */
  eventsBlock?: number;
  /** How many members are planned and issued at once, in member-number order (default 100; tests make it smaller). */
  membersBlock?: number;
  /** The seals file to seal into once committed: asked for in the run's own transaction (seal_requests, issue 28). */
  sealTo?: string | null;
}

export interface RunLine {
  kind: LineKind;
  label: string;
  period: string | null;
  ttc_cents: Cents;
  source_key: string;
}

export interface MemberBill {
  member_no: number;
  invoice: string;
  total_ttc_cents: Cents;
  credit_used_cents: Cents;
  lines: RunLine[];
}

export interface RunResult {
  month: string;
  date: IsoDate;
  dry_run: boolean;
  invoices: number;
  total_ttc_cents: Cents;
  lines: { subscription: number; option: number; charge: number; penalty: number; indemnity: number };
  credit_used_cents: Cents;
  /** Months billed after their item's end, given back by credit notes dated the run's date (art. 7.3.4; give-back.ts). */
  given_back: GiveBackResult;
  parked: { member_no: number; reason: string }[];
  /** Per member (kept for --dry-run and small runs; the cron job reads the totals). */
  members: MemberBill[];
}

// ---------------------------------------------------------------------------------------
// Recurring items: a list of sources. To bill one more kind of monthly item (e.g. Univers
// Pro maintenance bricks), add one source here: it yields items with a stable key prefix,
// a French label, a price (catalogue item or a fixed TTC), a quantity and its dates.

export interface RecurringItem {
  /** Stable identity; the line's source_key is `${key}:${YYYY-MM}`, its cursor row `key`. */
  key: string;
  memberId: number;
  kind: 'subscription' | 'option';
  label: string;
  /** A catalogue item priced on the period's first day, or a fixed TTC price. */
  price: { item: string } | { ttcCents: Cents };
  qty: number;
  startOn: IsoDate;
  /** Last day served (the month of it is billed in full), null while running. */
  endOn: IsoDate | null;
  /**
   * The item's cursor (`billing_cursors.billed_through` for `key`, null: never billed) when
   * the source read it with the item (one join: the fast path for large sources); left
   * undefined, the run looks it up.
   */
  billedThrough?: string | null;
  /**
   * The quantity billed in the month the item starts, when it differs from `qty`: an
   * option whose quantity was changed (`member option set --qty`) continues the row it
   * replaces, so in that month only the units added are due (RULES.md §6, art. 7.3.4).
   */
  firstMonthQty?: number;
}

export interface RecurringSource {
  name: string;
  /**
   * The source's items of the members numbered in `members` (after `afterNo`, through
   * `throughNo`): the run plans and issues the club a block of members at a time (issue 21),
   * so a source is asked once per block. Within a member, items come in a stable order (the
   * order of their lines on the invoice). A source may yield items of other members: the run
   * bills only the block's. `month` is the run's month: a source may leave out the items whose
   * cursor already reaches it (the run checks again), so that a run with nothing left to do
   * reads almost nothing.
   */
  load(sqlite: Database.Database, month: string, members: MemberRange): Iterable<RecurringItem>;
}

/** A block of members by number: `afterNo` < member_no ≤ `throughNo`. */
export interface MemberRange {
  afterNo: number;
  throughNo: number;
}

/** A statement prepared once per connection (the run asks the same queries once per block). */
const preparedOnce = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function prepared(sqlite: Database.Database, sql: string): Database.Statement {
  let m = preparedOnce.get(sqlite);
  if (!m) preparedOnce.set(sqlite, (m = new Map()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = sqlite.prepare(sql)));
  return st;
}

const subscriptionSource: RecurringSource = {
  name: 'subscription',
  *load(sqlite, month, r) {
    const rows = prepared(
      sqlite,
      `select m.id, m.contract_start, c.billed_through from members m left join billing_cursors c on c.key = 'subscription:' || m.id
       where m.member_no > ? and m.member_no <= ? and (c.billed_through is null or c.billed_through < ?)`,
    )
      .raw()
      .iterate(r.afterNo, r.throughNo, month) as Iterable<[number, string, string | null]>;
    for (const [id, start, through] of rows)
      yield {
        key: `subscription:${id}`,
        memberId: id,
        kind: 'subscription',
        label: SUBSCRIPTION_LABEL,
        price: { item: 'subscription' },
        qty: 1,
        startOn: start,
        endOn: null,
        billedThrough: through,
      };
  },
};

const optionSource: RecurringSource = {
  name: 'option',
  *load(sqlite, month, r) {
    // an extra site's line names its site; a quantity change continues the row it ends the
    // day before, in the same month (`prev_qty`: those units are already billed for it)
    const rows = prepared(
      sqlite,
      `select o.id, o.member_id, o.option, o.qty, o.start_on, o.end_on, c.billed_through, a.street, a.postal_code, a.city,
              (select p.qty from member_options p
                where p.member_id = o.member_id and p.option = o.option and p.id <> o.id and p.requested_end_on = o.start_on
                  and p.end_on = date(o.start_on, '-1 day') and substr(p.end_on, 1, 7) = substr(o.start_on, 1, 7)
                  and p.end_on >= p.start_on) as prev_qty
       from members m join member_options o on o.member_id = m.id left join billing_cursors c on c.key = 'option:' || o.id
       left join addresses a on a.id = o.address_id
       where m.member_no > ? and m.member_no <= ?
         and (c.billed_through is null or (c.billed_through < ? and (o.end_on is null or c.billed_through < substr(o.end_on, 1, 7))))
       order by m.member_no, o.id`,
    )
      .raw()
      .iterate(r.afterNo, r.throughNo, month) as Iterable<
      [number, number, OptionCode, number, string, string | null, string | null, string | null, string | null, string | null, number | null]
    >;
    for (const [id, memberId, option, qty, startOn, endOn, through, street, postalCode, city, prevQty] of rows)
      yield {
        key: `option:${id}`,
        memberId,
        kind: 'option',
        label: optionLabel(option, street === null ? null : { street, postalCode: postalCode!, city: city! }),
        price: { item: option },
        qty,
        startOn,
        endOn,
        billedThrough: through,
        ...(prevQty !== null ? { firstMonthQty: quantityChangeFirstMonthQty(prevQty, qty) } : {}),
      };
  },
};

/** Univers Pro maintenance bricks (art. 5.12.3.1) at their quoted monthly TTC price, billed like options. */
const brickSource: RecurringSource = {
  name: 'brick',
  *load(sqlite, month, r) {
    const rows = prepared(
      sqlite,
      `select b.id, b.member_id, b.brick, b.price_ttc_cents, b.start_on, b.end_on, c.billed_through
       from members m join pro_bricks b on b.member_id = m.id left join billing_cursors c on c.key = 'brick:' || b.id
       where m.member_no > ? and m.member_no <= ?
         and (c.billed_through is null or (c.billed_through < ? and (b.end_on is null or c.billed_through < substr(b.end_on, 1, 7))))
       order by m.member_no, b.id`,
    )
      .raw()
      .iterate(r.afterNo, r.throughNo, month) as Iterable<[number, number, Brick, number, string, string | null, string | null]>;
    for (const [id, memberId, brick, price, startOn, endOn, through] of rows)
      yield {
        key: `brick:${id}`,
        memberId,
        kind: 'option',
        label: BRICK_LABELS[brick] ?? brick,
        price: { ttcCents: price },
        qty: 1,
        startOn,
        endOn,
        billedThrough: through,
      };
  },
};

/** Every monthly item the run bills. Add a source here (and nowhere else) to bill a new kind. */
export const RECURRING_SOURCES: RecurringSource[] = [subscriptionSource, optionSource, brickSource];

// ---------------------------------------------------------------------------------------

class DryRunRollback extends Error {}

export function checkRunMonth(month: string, date: IsoDate): void {
  if (!isMonth(month)) throw new UsageError(t('billing.run.bad_month', { value: month }));
  const limit = nextMonth(monthOf(date));
  if (month > limit) throw new UsageError(t('billing.run.future_month', { month: fmtMonth(month), date, limit: fmtMonth(limit) }));
}

/** Records, inside the writer's transaction, that the chain's head must be sealed into `file`. */
function requestSeal(sqlite: Connection['sqlite'], file: string, on: IsoDate): void {
  sqlite.prepare('insert into seal_requests (file, requested_at) values (?, ?)').run(file, `${on} ${new Date().toISOString()}`);
}

export function billingRun(conn: Connection, actor: Actor, o: RunOptions): RunResult {
  checkRunMonth(o.month, o.date);
  const sqlite = conn.sqlite;
  let result: RunResult | undefined;
  const tx = sqlite.transaction(() => {
    result = runInside(conn, actor, o);
    if (o.dryRun) throw new DryRunRollback();
    // a run that wrote owes a seal: asked for here, with what it wrote, written once committed
    if (o.sealTo && (result.invoices > 0 || result.given_back.credit_notes > 0)) requestSeal(sqlite, o.sealTo, o.date);
  });
  try {
    tx.immediate();
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
  return result!;
}

interface Line extends RunLine {
  ht_cents: Cents;
}

interface Pending {
  lines: Line[];
  parked: string | null;
  /** Cursor moves: item key, last period written for it, key, period… */
  cursors: string[];
}

/** How many penalty candidates' events are read at once (`RunOptions.eventsBlock`). */
const EVENTS_BLOCK = 1000;
/**
 * How many members are planned and issued at once (`RunOptions.membersBlock`). Small on
 * purpose: a block's lines live while it is issued, and a block that outlives two young-
 * generation collections is promoted, dying only at the next full collection (100 000
 * members all late: 355 MB peak with blocks of 1 000, 205 MB with blocks of 100).
 */
const MEMBERS_BLOCK = 100;

/**
 * The run in three steps (issue 21: a club where every member is late held the whole month's
 * plan — 510 000 lines, 100 000 invoices' events — before issuing anything):
 * 1. the late charges of every penalty candidate, in invoice order, kept compact (numbers, not
 *    lines) — all computed before anything is issued, as before: the run's own credit
 *    allocations change no candidate's events, and a missing rate names the first invoice;
 * 2. then the club a block of members at a time in member-number order: each block's recurring
 *    items and charges read, its lines made, its invoices issued, and the block let go;
 * 3. the penalty scan, the numbering, the run's row and its entry.
 * The same invoices, numbers, lines, snapshots and entries as planning the whole month first
 * (test/modules/billing-run-output.test.ts).
 */
function runInside(conn: Connection, actor: Actor, o: RunOptions): RunResult {
  const sqlite = conn.sqlite;
  const { month, date } = o;
  const details = o.details ?? true;
  // first, what was billed past an item's end (before the new invoices: a credit it leaves is used on them)
  const givenBack = giveBackMonthsNotDue(conn, actor, date);

  // prices: every version, priced on a period's first day
  const versions = new Map<string, { from: string; ttc: number | null }[]>();
  for (const p of sqlite.prepare('select item, ttc_cents, effective_from from prices order by item, effective_from').all() as {
    item: string;
    ttc_cents: number | null;
    effective_from: string;
  }[]) {
    if (!versions.has(p.item)) versions.set(p.item, []);
    versions.get(p.item)!.push({ from: p.effective_from, ttc: p.ttc_cents });
  }
  const priceOn = (item: string, day: IsoDate): number | null => {
    let v: number | null = null;
    for (const p of versions.get(item) ?? []) if (p.from <= day) v = p.ttc;
    return v;
  };
  const vatLine = (kind: LineKind, label: string, period: string | null, ttc: Cents, key: string): Line => ({
    kind,
    label,
    period,
    ttc_cents: ttc,
    source_key: key,
    ht_cents: lineHasVat(kind) ? htFromTtc(ttc) : ttc,
  });

  const result: RunResult = {
    month,
    date,
    dry_run: !!o.dryRun,
    invoices: 0,
    total_ttc_cents: 0,
    lines: { subscription: 0, option: 0, charge: 0, penalty: 0, indemnity: 0 },
    credit_used_cents: 0,
    given_back: givenBack,
    parked: [],
    members: [],
  };

  // 1. Late-payment penalties and indemnities due on the run date (art. 7.3.7). The invoices
  // that could bear one: those fallen due since the last scan and unpaid at their pay-by,
  // those watched since (not yet settled), and any brought back by a rejected debit or an
  // upheld dispute — not every invoice ever issued (a year of history, 1 200 000 invoices:
  // 2.1–2.6 s a run before anything is billed). The first run reads them all. An invoice of
  // late charges alone is never one.
  const scan = sqlite.prepare('select before, invoices_through as through from penalty_scan where id = 1').get() as
    | { before: string; through: number | null }
    | undefined;
  const scannedBefore = scan?.before ?? null;
  // the last invoice examined: one issued since with an earlier pay-by is read by its id
  const invoicesThrough = scan?.through ?? 0;
  const lastInvoice = (sqlite.prepare('select max(id) from invoices').pluck().get() as number | null) ?? 0;
  const unpaidAtPayBy = `(i.total_ttc_cents > coalesce((select sum(p.amount_cents) from payments p where p.invoice_id = i.id and p.paid_on <= i.pay_by
                                       and not exists (select 1 from payment_reversals v where v.payment_id = p.id)), 0)
         + coalesce((select sum(c.total_ttc_cents) from invoices c where c.refers_to = i.id and c.kind = 'credit_note' and c.issued_on <= i.pay_by), 0)
         + coalesce((select sum(a.amount_cents) from credit_allocations a where a.invoice_id = i.id and a.allocated_on <= i.pay_by), 0)
        or exists (select 1 from disputes d where d.invoice_id = i.id and d.status = 'upheld'))`;
  // the candidates as three columns (id order), not one object each
  const candIds: number[] = [];
  const candNumbers: string[] = [];
  const candMembers: number[] = [];
  for (const [id, number, memberId] of sqlite
    .prepare(
      `select * from (
       select i.id, i.number, i.member_id from invoices i
       where i.kind = 'invoice' and i.pay_by < @date${scannedBefore === null ? '' : ' and i.pay_by >= @scannedBefore'} and ${unpaidAtPayBy}
       union
       select i.id, i.number, i.member_id from invoices i
       where i.id > @invoicesThrough and i.kind = 'invoice' and i.pay_by < @date and ${unpaidAtPayBy}
       union
       select i.id, i.number, i.member_id from penalty_watch w join invoices i on i.id = w.invoice_id
       where w.closed_on is null and i.pay_by < @date
       union
       select i.id, i.number, i.member_id from invoices i
       where i.kind = 'invoice' and i.pay_by < @date and ${unpaidAtPayBy}
         and i.id in (select p.invoice_id from payment_reversals v cross join payments p on p.id = v.payment_id -- the few reversals, not every payment
                      union select invoice_id from disputes where status = 'upheld')
       ) u
       -- an invoice of late charges bears none itself: no penalty on penalties (C. civ. art. 1343-2), no second indemnity (RULES.md "E-invoicing")
       where exists (select 1 from invoice_lines l where l.invoice_id = u.id and l.kind not in ('penalty', 'indemnity'))
       order by 1`,
    )
    .raw()
    .iterate({ date, invoicesThrough, ...(scannedBefore === null ? {} : { scannedBefore }) }) as Iterable<[number, string, number]>) {
    candIds.push(id);
    candNumbers.push(number);
    candMembers.push(memberId);
  }
  /** The candidates (indexes) settled now: their watch is closed if the run issues (unless their member is parked). */
  const settledNow: number[] = [];
  // the late charges due, compact until their member's block: the candidate (index), the
  // period's start, amount and key (null for the indemnity); by member, in candidate order
  const dueCand: number[] = [];
  const dueStart: (IsoDate | null)[] = [];
  const dueCents: number[] = [];
  const dueKey: (string | null)[] = [];
  const dueOf = new Map<number, number[]>();
  if (candIds.length > 0) {
    const rates = rateLookup(conn.db);
    const lineExists = sqlite.prepare('select 1 from invoice_lines where source_key = ?').pluck();
    // the candidates' events a block at a time (issue 21: a club where every member is late
    // held 100 000 invoices' events at once)
    const block = o.eventsBlock ?? EVENTS_BLOCK;
    let events = new Map<number, InvoiceEvents>();
    for (let k = 0; k < candIds.length; k++) {
      const id = candIds[k]!;
      if (k % block === 0) events = invoiceEvents(sqlite, candIds.slice(k, k + block));
      const ev = events.get(id)!;
      let periods: ReturnType<typeof penaltyPeriods>;
      try {
        periods = penaltyPeriods(ev, date, rates);
      } catch (e) {
        if (e instanceof MissingRateError)
          throw new RefusedError(ART_PENALTY, t('billing.run.missing_rate', { semester: e.semester, invoice: candNumbers[k]! }));
        throw e;
      }
      if (settlement(stateOn(ev, date), date).outstandingCents === 0) settledNow.push(k);
      if (periods.length === 0) continue;
      // only what is not billed yet makes work for the member (a watched invoice already billed
      // through today costs no member lookup)
      let mine: number[] | undefined;
      const due = (start: IsoDate | null, cents: Cents, key: string | null) => {
        dueCand.push(k);
        dueStart.push(start);
        dueCents.push(cents);
        dueKey.push(key);
        if (!mine) {
          mine = dueOf.get(candMembers[k]!);
          if (!mine) dueOf.set(candMembers[k]!, (mine = []));
        }
        mine.push(dueCand.length - 1);
      };
      for (const p of periods) if (p.amountCents !== 0 && !lineExists.get(`penalty:${id}:${p.key}`)) due(p.startsOn, p.amountCents, p.key);
      if (!lineExists.get(`indemnity:${id}`)) due(null, INDEMNITY_CENTS, null);
    }
  }
  /** A member's late charges as lines (after their other lines), let go once made. */
  const lateLinesOf = (memberId: number): Line[] => {
    const mine = dueOf.get(memberId);
    if (!mine) return [];
    dueOf.delete(memberId);
    return mine.map((d) => {
      const k = dueCand[d]!;
      const start = dueStart[d]!;
      return start === null
        ? vatLine('indemnity', `${INDEMNITY_LABEL} — ${candNumbers[k]}`, month, INDEMNITY_CENTS, `indemnity:${candIds[k]}`)
        : vatLine(
            'penalty',
            `${PENALTY_LABEL} — ${candNumbers[k]}, période du ${frDate(start)} au ${frDate(addDays(start, 14))}`,
            monthOf(start),
            dueCents[d]!,
            `penalty:${candIds[k]}:${dueKey[d]}`,
          );
    });
  };

  // 2. The club a block of members at a time, in member-number order.
  interface M {
    id: number;
    no: number;
    first: string;
    last: string;
  }
  // members, how far each is billable (their floor `member:ID`: what the previous system billed, member import)
  const membersSt = sqlite.prepare(
    `select m.id, m.member_no, m.contract_start, coalesce(t.effective_on, m.terminated_on) as end_on, f.billed_through
     from members m left join terminations t on t.member_id = m.id and t.withdrawn_on is null
     left join billing_cursors f on f.key = 'member:' || m.id
     where m.member_no > ? and m.member_no <= ?`,
  );
  const cursorOf = sqlite.prepare('select billed_through from billing_cursors where key = ?').pluck();
  // pending charges due on the run date
  const chargesSt = sqlite.prepare(
    `select c.id, c.member_id, c.label, c.ttc_cents, c.due_on from members m join pending_charges c on c.member_id = m.id
     where m.member_no > ? and m.member_no <= ? and c.invoice_line_id is null and c.due_on <= ? order by c.due_on, c.id`,
  );
  const blockEndSt = sqlite.prepare('select member_no from members where member_no > ? order by member_no limit 1 offset ?').pluck();
  const block = Math.max(1, o.membersBlock ?? MEMBERS_BLOCK);
  // a block with nothing to do doubles the next one (up to 64 blocks: a run with nothing left
  // to do asks ~20 times, not 1 000); one with work brings it back
  let size = block;
  const clubSize = o.onProgress ? (sqlite.prepare('select count(*) from members').pluck().get() as number) : 0;
  let examined = 0;
  /** Members parked by this run: their late invoices stay watched. */
  const parkedIds = new Set<number>();

  // what issuing needs, set up at the first invoice (a run that issues nothing writes nothing)
  const issuing: { s: ReturnType<typeof startIssuing> | null } = { s: null };
  const startIssuing = () => {
    enforceChronological(conn.db, 'invoice', date);
    // members holding a credit balance (credit notes on paid invoices)
    const creditMembers = new Set(
      sqlite.prepare(`select distinct member_id from invoices where kind = 'credit_note' and issued_on <= ?`).pluck().all(date) as number[],
    );
    const appender = auditAppender(sqlite, actor, { exclusive: true });
    const runId = Number(
      sqlite.prepare('insert into billing_runs (month, run_on, invoices, total_ttc_cents, parked) values (?, ?, 0, 0, 0)').run(month, date).lastInsertRowid,
    );
    const series = seriesName('invoice', date);
    const seqRow = sqlite.prepare('select last_value from sequences where name = ?').get(series) as { last_value: number } | undefined;
    const insLine = sqlite.prepare('insert into invoice_lines (invoice_id, kind, label, period, ttc_cents, ht_cents, source_key) values (?, ?, ?, ?, ?, ?, ?)');
    const billedBy = sqlite.prepare('select i.number from invoice_lines l join invoices i on i.id = l.invoice_id where l.source_key = ?').pluck();
    const s = {
      creditMembers,
      appender,
      runId,
      series,
      seq: seqRow?.last_value ?? 0,
      year: date.slice(0, 4),
      insInvoice: sqlite.prepare(
        `insert into invoices (number, kind, member_id, issued_on, pay_by, total_ht_cents, total_vat_cents, total_ttc_cents, refers_to, run_id, created_at) values (?, 'invoice', ?, ?, ?, ?, ?, ?, null, ?, ?)`,
      ),
      // a key already billed means a cursor behind its lines (changed outside parnasse): say so, bill nothing
      insertLine: (invoiceId: number, l: Line) => {
        try {
          return insLine.run(invoiceId, l.kind, l.label, l.period, l.ttc_cents, l.ht_cents, l.source_key);
        } catch (e) {
          if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw e;
          const cursor = l.source_key.slice(0, l.source_key.lastIndexOf(':'));
          throw new BusyError(
            t('billing.run.already_billed', { key: l.source_key, invoice: String(billedBy.get(l.source_key) ?? '?'), cursor }),
            'unavailable',
          );
        }
      },
      markCharge: sqlite.prepare('update pending_charges set invoice_line_id = ? where id = ?'),
      moveCursor: sqlite.prepare(
        'insert into billing_cursors (key, member_id, billed_through) values (?, ?, ?) on conflict(key) do update set billed_through = excluded.billed_through where excluded.billed_through > billed_through',
      ),
      insAlloc: sqlite.prepare(
        'insert into credit_allocations (member_id, from_invoice_id, invoice_id, amount_cents, allocated_on, run_id) values (?, ?, ?, ?, ?, ?)',
      ),
      payBy: payByDate(date),
      // what each invoice states besides its rows, frozen with it (src/invoicing/frozen.ts): the
      // seller's version once for the run, the member's name, address and mandate per invoice
      sellerVersion: sellerVersionNow(conn.db, (e) => appender.append(e)).id,
      buyerSt: sqlite.prepare(BUYER_SQL),
      insSnapshot: sqlite.prepare('insert into document_snapshots (invoice_id, seller_version_id, content) values (?, ?, ?)'),
    };
    return s;
  };

  /** Issues one member's invoices (their lines, cursors moved, snapshot, entry, credit used). */
  const issue = (m: M, w: Pending) => {
    const s = (issuing.s ??= startIssuing());
    // late charges (outside VAT) on an invoice of their own, after the member's other lines (RULES.md "E-invoicing", BR-O-11)
    const groups = lateChargesApart(w.lines);
    for (let g = 0; g < groups.length; g++) {
      const lines = groups[g]!;
      let ttc = 0;
      let ht = 0;
      for (const l of lines) {
        ttc += l.ttc_cents;
        ht += l.ht_cents;
      }
      s.seq++;
      const number = formatInvoiceNumber('invoice', s.year, s.seq);
      const createdAt = new Date().toISOString(); // the column's own format, recorded in the entry
      const invoiceId = Number(s.insInvoice.run(number, m.id, date, s.payBy, ht, ttc - ht, ttc, s.runId, createdAt).lastInsertRowid);
      if (result.invoices === 0) o.onFirstInvoice?.();
      const audited: { kind: LineKind; label: string; period: string | null; ttc_cents: Cents; ht_cents: Cents; source_key: string }[] = [];
      for (const l of lines) {
        const lineId = Number(s.insertLine(invoiceId, l).lastInsertRowid);
        if (l.kind === 'charge') s.markCharge.run(lineId, Number(l.source_key.slice(7 /* 'charge:' */)));
        result.lines[l.kind as keyof RunResult['lines']]++;
        audited.push({ kind: l.kind, label: l.label, period: l.period, ttc_cents: l.ttc_cents, ht_cents: l.ht_cents, source_key: l.source_key });
      }
      if (g === 0) for (let i = 0; i < w.cursors.length; i += 2) s.moveCursor.run(w.cursors[i], m.id, w.cursors[i + 1]);
      const frozen = frozenInvoice(s.sellerVersion, 'invoice', false, s.payBy, s.buyerSt.get(m.id) as BuyerRow);
      const frozenText = JSON.stringify(frozen);
      s.insSnapshot.run(invoiceId, s.sellerVersion, frozenText);
      s.appender.append({
        entity: 'invoice',
        entityId: number,
        action: 'issue',
        change: {
          id: invoiceId,
          number,
          kind: 'invoice',
          member_id: m.id,
          issued_on: date,
          pay_by: s.payBy,
          total_ht_cents: ht,
          total_vat_cents: ttc - ht,
          total_ttc_cents: ttc,
          refers_to: null,
          run_id: s.runId,
          run: month,
          created_at: createdAt,
          lines: audited,
          frozen_sha256: frozenHash(frozenText),
        },
      });
      // the member's credit balance, used against this invoice, visibly (RULES.md §6)
      let used = 0;
      if (s.creditMembers.has(m.id)) {
        let left = ttc;
        for (const c of creditSources(conn.db, m.id, date)) {
          if (left === 0) break;
          if (c.invoiceId === invoiceId) continue;
          const take = Math.min(left, c.creditCents);
          s.insAlloc.run(m.id, c.invoiceId, invoiceId, take, date, s.runId);
          s.appender.append({
            entity: 'credit_allocation',
            entityId: number,
            action: 'allocate',
            change: { from_invoice: c.number, invoice: number, amount_cents: take, allocated_on: date },
          });
          left -= take;
          used += take;
        }
      }
      result.invoices++;
      result.total_ttc_cents += ttc;
      result.credit_used_cents += used;
      if (details)
        result.members.push({
          member_no: m.no,
          invoice: number,
          total_ttc_cents: ttc,
          credit_used_cents: used,
          lines: lines.map((l) => ({ kind: l.kind, label: l.label, period: l.period, ttc_cents: l.ttc_cents, source_key: l.source_key })),
        });
    }
  };

  for (let afterNo = Number.MIN_SAFE_INTEGER; ; ) {
    const end = blockEndSt.get(afterNo, size - 1) as number | undefined;
    const range: MemberRange = { afterNo, throughNo: end ?? Number.MAX_SAFE_INTEGER };
    // the block's members, read once the first item needs them (a block with nothing to do reads none)
    let members: Map<number, M> | null = null;
    const blockMembers = (): Map<number, M> => {
      if (members === null) {
        members = new Map();
        for (const [mid, no, contractStart, endOn, floor] of membersSt.raw().iterate(range.afterNo, range.throughNo) as Iterable<
          [number, number, string, string | null, string | null]
        >) {
          const first = firstBillableMonth({ contractStart, billedThrough: floor, importedOn: null });
          const last = endOn && monthOf(endOn) < month ? monthOf(endOn) : month;
          members.set(mid, { id: mid, no, first, last });
        }
      }
      return members;
    };
    const memberOf = (id: number): M | undefined => blockMembers().get(id);
    const work = new Map<number, Pending>();
    const of = (memberId: number): Pending => {
      let w = work.get(memberId);
      if (!w) work.set(memberId, (w = { lines: [], parked: null, cursors: [] }));
      return w;
    };
    const bill = (it: RecurringItem, done: string | null) => {
      if (it.endOn && it.endOn < it.startOn) return;
      const m = memberOf(it.memberId);
      if (!m) return; // not of this block
      const startMonth = monthOf(it.startOn);
      let from = startMonth > m.first ? startMonth : m.first;
      if (done !== null && done >= from) from = nextMonth(done);
      let to = m.last;
      if (it.endOn && monthOf(it.endOn) < to) to = monthOf(it.endOn);
      if (from > to) return;
      const w = of(it.memberId);
      let last: string | null = null;
      for (let period = from; period <= to; period = nextMonth(period)) {
        const first = `${period}-01`;
        const price = 'ttcCents' in it.price ? it.price.ttcCents : priceOn(it.price.item, first > it.startOn ? first : it.startOn);
        if (price === null) {
          w.parked ??= t('billing.run.no_price', { item: 'item' in it.price ? it.price.item : it.key, period: fmtMonth(period) });
          continue;
        }
        const ttc = periodAmount(price, period === startMonth && it.firstMonthQty !== undefined ? it.firstMonthQty : it.qty, it.startOn, period);
        if (ttc === 0) continue;
        w.lines.push(vatLine(it.kind, it.label, period, ttc, `${it.key}:${period}`));
        last = period;
      }
      if (last !== null) w.cursors.push(it.key, last);
    };

    for (const source of RECURRING_SOURCES) {
      // an open iteration blocks the connection: the block's items are read, then billed (a
      // cursor looked up when the source did not read it)
      const items = [...source.load(sqlite, month, range)];
      for (const it of items) bill(it, it.billedThrough !== undefined ? it.billedThrough : ((cursorOf.get(it.key) as string | undefined) ?? null));
    }
    const charges = chargesSt.raw().all(range.afterNo, range.throughNo, date) as [number, number, string, number, string][];
    for (const [id, memberId, label, ttc, dueOn] of charges)
      if (memberOf(memberId)) of(memberId).lines.push(vatLine('charge', label, monthOf(dueOn), ttc, `charge:${id}`));
    // then their late charges (computed in step 1)
    if (dueOf.size > 0) for (const id of blockMembers().keys()) for (const l of lateLinesOf(id)) of(id).lines.push(l);

    // issue, member by member in number order
    const order: { m: M; w: Pending }[] = [];
    for (const [id, w] of work) order.push({ m: memberOf(id)!, w });
    order.sort((a, b) => a.m.no - b.m.no);
    for (const { m, w } of order) {
      if (w.parked !== null) {
        result.parked.push({ member_no: m.no, reason: w.parked });
        parkedIds.add(m.id);
      } else if (w.lines.length > 0) issue(m, w);
    }
    examined = end === undefined ? clubSize : Math.min(clubSize, examined + size); // a block short of `size` is the last
    o.onProgress?.(examined, clubSize);
    if (end === undefined) break;
    afterNo = end;
    size = work.size === 0 ? Math.min(size * 2, block * 64) : block;
  }

  const s = issuing.s;
  if (s === null) return result; // nothing issued (nothing to do, or only parked members): nothing written, not even a billing_runs row

  // 3. The penalty scan: every invoice fallen due before the run's date has been examined; the
  // late ones are watched until nothing is owed on them (closed unless their member was parked)
  const watch = sqlite.prepare('insert or ignore into penalty_watch (invoice_id) values (?)');
  for (const id of candIds) watch.run(id);
  const close = sqlite.prepare('update penalty_watch set closed_on = ? where invoice_id = ? and closed_on is null');
  for (const k of settledNow) if (!parkedIds.has(candMembers[k]!)) close.run(date, candIds[k]!);
  sqlite
    .prepare(
      `insert into penalty_scan (id, before, invoices_through) values (1, ?, ?)
       on conflict(id) do update set before = max(before, excluded.before), invoices_through = max(coalesce(invoices_through, 0), excluded.invoices_through)`,
    )
    .run(date, lastInvoice);
  sqlite
    .prepare('insert into sequences (name, last_value) values (?, ?) on conflict(name) do update set last_value = excluded.last_value')
    .run(s.series, s.seq);
  sqlite
    .prepare('update billing_runs set invoices = ?, total_ttc_cents = ?, parked = ? where id = ?')
    .run(result.invoices, result.total_ttc_cents, result.parked.length, s.runId);
  s.appender.append({
    entity: 'billing_run',
    entityId: s.runId,
    action: 'run',
    change: {
      month,
      run_on: date,
      invoices: result.invoices,
      total_ttc_cents: result.total_ttc_cents,
      lines: result.lines,
      credit_used_cents: result.credit_used_cents,
      parked: result.parked,
    },
  });
  return result;
}

/**
 * A member's lines of a run as the invoices they make: the taxed lines, then the late
 * charges (penalties and the recovery indemnity, outside the scope of VAT) on an invoice of
 * their own — EN16931 forbids a "not subject to VAT" line beside taxed ones (BR-O-11;
 * RULES.md "E-invoicing"). Empty groups are left out.
 */
export function lateChargesApart<L extends { kind: LineKind }>(lines: L[]): L[][] {
  const taxed = lines.filter((l) => lineHasVat(l.kind));
  const late = lines.filter((l) => !lineHasVat(l.kind));
  return [taxed, late].filter((g) => g.length > 0);
}

function frDate(d: IsoDate): string {
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}
