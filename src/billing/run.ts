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
import { RefusedError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { addDays, monthOf, nextMonth, type IsoDate } from '../rules/dates.js';
import type { LineKind, OptionCode } from '../rules/enums.js';
import { formatInvoiceNumber, lineHasVat, payByDate, seriesName } from '../rules/invoices.js';
import { htFromTtc, type Cents } from '../rules/money.js';
import {
  firstBillableMonth,
  INDEMNITY_LABEL,
  isMonth,
  monthsFromTo,
  OPTION_LABELS,
  PENALTY_LABEL,
  periodAmount,
  SUBSCRIPTION_LABEL,
} from '../rules/billing.js';
import { ART_PENALTY, INDEMNITY_CENTS, MissingRateError, penaltyPeriods } from '../rules/penalties.js';
import { creditSources } from '../collection/ledger.js';
import { invoiceEvents, rateLookup } from '../collection/index.js';
import { enforceChronological } from '../invoicing/core.js';

export interface RunOptions {
  month: string;
  date: IsoDate;
  dryRun?: boolean;
  /** Called every few hundred members with (done, total). */
  onProgress?: (done: number, total: number) => void;
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
  parked: { member_no: number; reason: string }[];
  /** Per member (kept for --dry-run and small runs; the cron job reads the totals). */
  members: MemberBill[];
}

// ---------------------------------------------------------------------------------------
// Recurring items: a list of sources. To bill one more kind of monthly item (e.g. Univers
// Pro maintenance bricks), add one source here: it yields items with a stable key prefix,
// a French label, a price (catalogue item or a fixed TTC), a quantity and its dates.

export interface RecurringItem {
  /** Stable identity; the line's source_key is `${key}:${YYYY-MM}`. */
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
}

export interface RecurringSource {
  name: string;
  load(sqlite: Database.Database): Iterable<RecurringItem>;
}

const subscriptionSource: RecurringSource = {
  name: 'subscription',
  *load(sqlite) {
    for (const m of sqlite.prepare('select id, contract_start from members').iterate() as Iterable<{ id: number; contract_start: string }>)
      yield { key: `subscription:${m.id}`, memberId: m.id, kind: 'subscription', label: SUBSCRIPTION_LABEL, price: { item: 'subscription' }, qty: 1, startOn: m.contract_start, endOn: null };
  },
};

const optionSource: RecurringSource = {
  name: 'option',
  *load(sqlite) {
    for (const o of sqlite.prepare('select id, member_id, option, qty, start_on, end_on from member_options').iterate() as Iterable<{
      id: number;
      member_id: number;
      option: OptionCode;
      qty: number;
      start_on: string;
      end_on: string | null;
    }>)
      yield { key: `option:${o.id}`, memberId: o.member_id, kind: 'option', label: OPTION_LABELS[o.option] ?? o.option, price: { item: o.option }, qty: o.qty, startOn: o.start_on, endOn: o.end_on };
  },
};

/** Every monthly item the run bills. Add a source here (and nowhere else) to bill a new kind. */
export const RECURRING_SOURCES: RecurringSource[] = [subscriptionSource, optionSource];

// ---------------------------------------------------------------------------------------

class DryRunRollback extends Error {}

export function checkRunMonth(month: string, date: IsoDate): void {
  if (!isMonth(month)) throw new UsageError(t('billing.run.bad_month', { value: month }));
  const limit = nextMonth(monthOf(date));
  if (month > limit) throw new UsageError(t('billing.run.future_month', { month, date, limit }));
}

export function billingRun(conn: Connection, actor: Actor, o: RunOptions): RunResult {
  checkRunMonth(o.month, o.date);
  const sqlite = conn.sqlite;
  let result: RunResult | undefined;
  const tx = sqlite.transaction(() => {
    result = runInside(conn, actor, o);
    if (o.dryRun) throw new DryRunRollback();
  });
  try {
    tx.immediate();
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
  return result!;
}

function runInside(conn: Connection, actor: Actor, o: RunOptions): RunResult {
  const sqlite = conn.sqlite;
  const { month, date } = o;
  const appender = auditAppender(sqlite, actor);
  const append = (e: Parameters<typeof appender.append>[0]) => appender.append(e);

  // prices: every version, priced on a period's first day
  const versions = new Map<string, { from: string; ttc: number | null }[]>();
  for (const p of sqlite.prepare('select item, ttc_cents, effective_from from prices order by item, effective_from').all() as { item: string; ttc_cents: number | null; effective_from: string }[]) {
    if (!versions.has(p.item)) versions.set(p.item, []);
    versions.get(p.item)!.push({ from: p.effective_from, ttc: p.ttc_cents });
  }
  const priceOn = (item: string, day: IsoDate): number | null => {
    let v: number | null = null;
    for (const p of versions.get(item) ?? []) if (p.from <= day) v = p.ttc;
    return v;
  };

  // members and how far each is billable
  interface M {
    id: number;
    no: number;
    first: string;
    last: string;
  }
  const members = new Map<number, M>();
  for (const m of sqlite
    .prepare(
      `select m.id, m.member_no, m.contract_start, m.billed_through, m.imported_from, substr(m.created_at, 1, 10) as created_on,
              coalesce(t.effective_on, m.terminated_on) as end_on
       from members m left join terminations t on t.member_id = m.id and t.withdrawn_on is null`,
    )
    .iterate() as Iterable<{ id: number; member_no: number; contract_start: string; billed_through: string | null; imported_from: string | null; created_on: string; end_on: string | null }>) {
    const first = firstBillableMonth({ contractStart: m.contract_start, billedThrough: m.billed_through, importedOn: m.imported_from ? m.created_on : null });
    const last = m.end_on && monthOf(m.end_on) < month ? monthOf(m.end_on) : month;
    members.set(m.id, { id: m.id, no: m.member_no, first, last });
  }

  // what each recurring item has already been billed through
  const billed = new Map<string, string>();
  for (const r of sqlite
    .prepare(`select substr(source_key, 1, length(source_key) - 8) as k, max(period) as p from invoice_lines where kind in ('subscription', 'option') and source_key is not null group by k`)
    .iterate() as Iterable<{ k: string; p: string }>)
    billed.set(r.k, r.p);

  interface Pending {
    lines: RunLine[];
    parked: string | null;
  }
  const work = new Map<number, Pending>();
  const of = (memberId: number): Pending => {
    let w = work.get(memberId);
    if (!w) work.set(memberId, (w = { lines: [], parked: null }));
    return w;
  };

  for (const source of RECURRING_SOURCES) {
    for (const it of source.load(sqlite)) {
      const m = members.get(it.memberId);
      if (!m) continue;
      const done = billed.get(it.key);
      let from = monthOf(it.startOn) > m.first ? monthOf(it.startOn) : m.first;
      if (done !== undefined && done >= from) from = nextMonth(done);
      let to = m.last;
      if (it.endOn && monthOf(it.endOn) < to) to = monthOf(it.endOn);
      if (it.endOn && it.endOn < it.startOn) continue;
      for (const period of monthsFromTo(from, to)) {
        const first = `${period}-01`;
        const price = 'ttcCents' in it.price ? it.price.ttcCents : priceOn(it.price.item, first > it.startOn ? first : it.startOn);
        const w = of(it.memberId);
        if (price === null) {
          w.parked ??= t('billing.run.no_price', { item: 'item' in it.price ? it.price.item : it.key, period });
          continue;
        }
        const ttc = periodAmount(price, it.qty, it.startOn, period);
        if (ttc === 0) continue;
        w.lines.push({ kind: it.kind, label: it.label, period, ttc_cents: ttc, source_key: `${it.key}:${period}` });
      }
    }
  }

  // pending charges due on the run date
  const charges = sqlite
    .prepare('select id, member_id, label, ttc_cents, due_on from pending_charges where invoice_line_id is null and due_on <= ? order by due_on, id')
    .all(date) as { id: number; member_id: number; label: string; ttc_cents: number; due_on: string }[];
  for (const c of charges) if (members.has(c.member_id)) of(c.member_id).lines.push({ kind: 'charge', label: c.label, period: monthOf(c.due_on), ttc_cents: c.ttc_cents, source_key: `charge:${c.id}` });

  // late-payment penalties and indemnities due on the run date (art. 7.3.7)
  const candidates = sqlite
    .prepare(
      `select i.id, i.number, i.member_id from invoices i
       where i.kind = 'invoice' and i.pay_by < ?
         and (i.total_ttc_cents > coalesce((select sum(p.amount_cents) from payments p where p.invoice_id = i.id and p.paid_on <= i.pay_by), 0)
               + coalesce((select sum(c.total_ttc_cents) from invoices c where c.refers_to = i.id and c.kind = 'credit_note' and c.issued_on <= i.pay_by), 0)
               + coalesce((select sum(a.amount_cents) from credit_allocations a where a.invoice_id = i.id and a.allocated_on <= i.pay_by), 0)
              or exists (select 1 from disputes d where d.invoice_id = i.id and d.status = 'upheld'))
       order by i.id`,
    )
    .all(date) as { id: number; number: string; member_id: number }[];
  if (candidates.length > 0) {
    const rates = rateLookup(conn.db);
    const lineExists = sqlite.prepare('select 1 from invoice_lines where source_key = ?').pluck();
    const events = invoiceEvents(sqlite, candidates.map((c) => c.id));
    for (const c of candidates) {
      let periods;
      try {
        periods = penaltyPeriods(events.get(c.id)!, date, rates);
      } catch (e) {
        if (e instanceof MissingRateError) throw new RefusedError(ART_PENALTY, t('billing.run.missing_rate', { semester: e.semester, invoice: c.number }));
        throw e;
      }
      if (periods.length === 0) continue;
      const w = of(c.member_id);
      for (const p of periods) {
        const key = `penalty:${c.id}:${p.key}`;
        if (p.amountCents === 0 || lineExists.get(key)) continue;
        w.lines.push({ kind: 'penalty', label: `${PENALTY_LABEL} — ${c.number}, période du ${frDate(p.startsOn)} au ${frDate(addDays(p.startsOn, 14))}`, period: monthOf(p.startsOn), ttc_cents: p.amountCents, source_key: key });
      }
      const ikey = `indemnity:${c.id}`;
      if (!lineExists.get(ikey)) w.lines.push({ kind: 'indemnity', label: `${INDEMNITY_LABEL} — ${c.number}`, period: month, ttc_cents: INDEMNITY_CENTS, source_key: ikey });
    }
  }

  // members holding a credit balance (credit notes on paid invoices)
  const creditMembers = new Set(
    (sqlite.prepare(`select distinct member_id from invoices where kind = 'credit_note' and issued_on <= ?`).pluck().all(date) as number[]),
  );

  // issue, member by member in number order
  const order = [...work.entries()].map(([id, w]) => ({ m: members.get(id)!, w })).sort((a, b) => a.m.no - b.m.no);
  const result: RunResult = {
    month,
    date,
    dry_run: !!o.dryRun,
    invoices: 0,
    total_ttc_cents: 0,
    lines: { subscription: 0, option: 0, charge: 0, penalty: 0, indemnity: 0 },
    credit_used_cents: 0,
    parked: [],
    members: [],
  };
  const runId = Number(sqlite.prepare('insert into billing_runs (month, run_on, invoices, total_ttc_cents, parked) values (?, ?, 0, 0, 0)').run(month, date).lastInsertRowid);
  const toIssue = order.filter((x) => x.w.parked === null && x.w.lines.length > 0);
  if (toIssue.length > 0) enforceChronological(conn.db, 'invoice', date);
  const series = seriesName('invoice', date);
  const seqRow = sqlite.prepare('select last_value from sequences where name = ?').get(series) as { last_value: number } | undefined;
  let seq = seqRow?.last_value ?? 0;
  const insInvoice = sqlite.prepare(
    `insert into invoices (number, kind, member_id, issued_on, pay_by, total_ht_cents, total_vat_cents, total_ttc_cents, refers_to, run_id) values (?, 'invoice', ?, ?, ?, ?, ?, ?, null, ?)`,
  );
  const insLine = sqlite.prepare('insert into invoice_lines (invoice_id, kind, label, period, ttc_cents, ht_cents, source_key) values (?, ?, ?, ?, ?, ?, ?)');
  const markCharge = sqlite.prepare('update pending_charges set invoice_line_id = ? where id = ?');
  const insAlloc = sqlite.prepare('insert into credit_allocations (member_id, from_invoice_id, invoice_id, amount_cents, allocated_on, run_id) values (?, ?, ?, ?, ?, ?)');
  const payBy = payByDate(date);
  const total = order.length;
  let done = 0;
  for (const { m, w } of order) {
    done++;
    if (o.onProgress && done % 500 === 0) o.onProgress(done, total);
    if (w.parked !== null) {
      result.parked.push({ member_no: m.no, reason: w.parked });
      continue;
    }
    if (w.lines.length === 0) continue;
    let ttc = 0;
    let ht = 0;
    const lines = w.lines.map((l) => {
      const lht = lineHasVat(l.kind) ? htFromTtc(l.ttc_cents) : l.ttc_cents;
      ttc += l.ttc_cents;
      ht += lht;
      return { ...l, ht_cents: lht };
    });
    seq++;
    const number = formatInvoiceNumber('invoice', date.slice(0, 4), seq);
    const invoiceId = Number(insInvoice.run(number, m.id, date, payBy, ht, ttc - ht, ttc, runId).lastInsertRowid);
    for (const l of lines) {
      const lineId = Number(insLine.run(invoiceId, l.kind, l.label, l.period, l.ttc_cents, l.ht_cents, l.source_key).lastInsertRowid);
      if (l.kind === 'charge') markCharge.run(lineId, Number(l.source_key.slice('charge:'.length)));
      result.lines[l.kind as keyof RunResult['lines']]++;
    }
    append({
      entity: 'invoice',
      entityId: number,
      action: 'issue',
      change: {
        number,
        kind: 'invoice',
        member_id: m.id,
        issued_on: date,
        pay_by: payBy,
        total_ht_cents: ht,
        total_vat_cents: ttc - ht,
        total_ttc_cents: ttc,
        refers_to: null,
        run: month,
        lines: lines.map((l) => ({ kind: l.kind, label: l.label, period: l.period, ttc_cents: l.ttc_cents, ht_cents: l.ht_cents })),
      },
    });
    // the member's credit balance, used against this invoice, visibly (RULES.md §6)
    let used = 0;
    if (creditMembers.has(m.id)) {
      let left = ttc;
      for (const s of creditSources(conn.db, m.id, date)) {
        if (left === 0) break;
        if (s.invoiceId === invoiceId) continue;
        const take = Math.min(left, s.creditCents);
        insAlloc.run(m.id, s.invoiceId, invoiceId, take, date, runId);
        append({ entity: 'credit_allocation', entityId: number, action: 'allocate', change: { from_invoice: s.number, invoice: number, amount_cents: take, allocated_on: date } });
        left -= take;
        used += take;
      }
    }
    result.invoices++;
    result.total_ttc_cents += ttc;
    result.credit_used_cents += used;
    result.members.push({ member_no: m.no, invoice: number, total_ttc_cents: ttc, credit_used_cents: used, lines: w.lines });
  }
  o.onProgress?.(total, total);
  if (result.invoices > 0)
    sqlite.prepare('insert into sequences (name, last_value) values (?, ?) on conflict(name) do update set last_value = excluded.last_value').run(series, seq);
  sqlite.prepare('update billing_runs set invoices = ?, total_ttc_cents = ?, parked = ? where id = ?').run(result.invoices, result.total_ttc_cents, result.parked.length, runId);
  append({
    entity: 'billing_run',
    entityId: runId,
    action: 'run',
    change: { month, run_on: date, invoices: result.invoices, total_ttc_cents: result.total_ttc_cents, lines: result.lines, credit_used_cents: result.credit_used_cents, parked: result.parked },
  });
  return result;
}

function frDate(d: IsoDate): string {
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}
