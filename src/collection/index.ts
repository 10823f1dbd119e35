/**
 * Late payment and what follows an invoice (art. 7.3.5–7.3.7; RULES.md §6): the legal
 * rate table, disputes and their resolution, refunds of a credit balance, and each
 * invoice's dated events for the penalty rules. Amounts "as of a date": ./ledger.ts.
 */
import type Database from 'better-sqlite3';
import { asc, eq, sql } from 'drizzle-orm';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import { disputes, invoices, legalRates, refunds } from '../db/schema.js';
import { NotFoundError, RefusedError, UsageError, enforce } from '../errors.js';
import { t } from '../i18n/index.js';
import { fmtRate } from '../i18n/format.js';
import type { IsoDate } from '../rules/dates.js';
import type { PaymentMethod } from '../rules/enums.js';
import {
  checkDispute,
  formatRate,
  isSemester,
  missingRates,
  MissingRateError,
  owedOn,
  penaltyPeriods,
  ART_DISPUTE,
  ART_PENALTY,
  type InvoiceEvents,
  type PenaltyPeriod,
} from '../rules/penalties.js';
import { formatEuros, type Cents } from '../rules/money.js';
import { ART_INVOICING } from '../rules/invoices.js';
import { ALL_TIME, invoiceBalance } from './ledger.js';
import { creditLines, issueCreditNote, normalizeNumber } from '../invoicing/core.js';

// ---------------------------------------------------------------------------------------
// Legal interest rates ("tous les autres cas"), one per half-year.

export interface RateRow {
  semester: string;
  /** null for a semester needed and not recorded (`missing`). */
  rate: string | null;
  rate_bp: number | null;
  used: boolean;
  /** Needed on the date and not recorded yet (issue 21): `needed_from` is its first day. */
  missing?: true;
  needed_from?: string;
}

/** Semesters whose rate an issued penalty line used (its source_key ends `@SEMESTER`). */
function usedSemesters(db: Db | Tx): Set<string> {
  const rows = db.all<{ s: string }>(
    sql`select distinct substr(source_key, instr(source_key, '@') + 1) as s from invoice_lines where kind = 'penalty' and source_key like '%@%'`,
  );
  return new Set(rows.map((r) => r.s));
}

/** The table, and after it the semesters needed on `on` whose rate is missing (`missingRates`). */
export function listRates(db: Db | Tx, on: IsoDate): RateRow[] {
  const used = usedSemesters(db);
  const rows: RateRow[] = db
    .select()
    .from(legalRates)
    .orderBy(asc(legalRates.semester))
    .all()
    .map((r) => ({ semester: r.semester, rate: formatRate(r.rateBp), rate_bp: r.rateBp, used: used.has(r.semester) }));
  for (const m of missingRatesOn(db, on)) rows.push({ semester: m.semester, rate: null, rate_bp: null, used: false, missing: true, needed_from: m.neededFrom });
  return rows;
}

/** The semesters whose rate is needed on `on` and not recorded (announced ahead, issue 21). */
export function missingRatesOn(db: Db | Tx, on: IsoDate): { semester: string; neededFrom: IsoDate }[] {
  return missingRates(on, rateLookup(db));
}

export function rateLookup(db: Db | Tx): (semester: string) => number | null {
  const m = new Map(
    db
      .select()
      .from(legalRates)
      .all()
      .map((r) => [r.semester, r.rateBp]),
  );
  return (s) => m.get(s) ?? null;
}

/** `bill rates set`: a new or corrected rate, refused once an issued penalty used it (art. 7.3.7). */
export function setRate(conn: Connection, actor: Actor, semester: string, rateBp: number): RateRow & { previous_bp: number | null } {
  if (!isSemester(semester)) throw new UsageError(t('billing.rates.bad_semester', { value: semester }));
  return writeTx(conn, (tx) => {
    const prev = tx.select().from(legalRates).where(eq(legalRates.semester, semester)).get();
    if (prev && prev.rateBp !== rateBp && usedSemesters(tx).has(semester))
      throw new RefusedError(ART_PENALTY, t('billing.rates.used', { semester, rate: fmtRate(prev.rateBp) }));
    tx.insert(legalRates).values({ semester, rateBp }).onConflictDoUpdate({ target: legalRates.semester, set: { rateBp } }).run();
    audit(tx, actor, { entity: 'legal_rate', entityId: semester, action: 'set', change: { semester, rate_bp: { from: prev?.rateBp ?? null, to: rateBp } } });
    return { semester, rate: formatRate(rateBp), rate_bp: rateBp, used: false, previous_bp: prev?.rateBp ?? null };
  });
}

// ---------------------------------------------------------------------------------------
// Disputes (art. 7.3.6)

export interface DisputeJson {
  id: number;
  invoice: string;
  amount_cents: number;
  status: 'open' | 'upheld' | 'granted';
  opened_on: string;
  resolved_on: string | null;
  credit_note: string | null;
}

export function openDispute(conn: Connection, actor: Actor, d: { number: string; amountCents: Cents; on: IsoDate; reason: string }): DisputeJson {
  const reason = d.reason.trim();
  if (reason === '') throw new UsageError(t('billing.dispute.reason_required'));
  return writeTx(conn, (tx) => {
    const n = normalizeNumber(d.number);
    // as of the dispute's date (issue 21): a debit exported but not yet collected has paid nothing yet
    const then = invoiceBalance(tx, { number: n }, d.on);
    if (!then) throw new NotFoundError(t('billing.not_found_invoice', { invoice: n }));
    enforce(checkDispute(then, d.amountCents, d.on));
    // disputes already recorded that open later must still have room with this one open
    const later = tx.all<{ on: string }>(
      sql`select distinct opened_on as "on" from disputes where invoice_id = ${then.id} and opened_on > ${d.on} order by opened_on`,
    );
    for (const { on } of later) enforce(checkDispute(invoiceBalance(tx, { id: then.id }, on)!, d.amountCents, on));
    const row = tx
      .insert(disputes)
      .values({ invoiceId: then.id, amountCents: d.amountCents, openedOn: d.on, reason, status: 'open' })
      .returning({ id: disputes.id })
      .get();
    audit(tx, actor, { entity: 'dispute', entityId: row.id, action: 'open', change: { invoice: n, amount_cents: d.amountCents, opened_on: d.on, reason } });
    return { id: row.id, invoice: n, amount_cents: d.amountCents, status: 'open', opened_on: d.on, resolved_on: null, credit_note: null };
  });
}

/**
 * `bill resolve`: upheld → the amount is due at once (pay-by = this date, penalties from
 * the next day); granted → a credit note dated this day cancels it (art. 7.3.6).
 */
export function resolveDispute(conn: Connection, actor: Actor, r: { id: number; outcome: 'upheld' | 'granted'; on: IsoDate }): DisputeJson {
  return writeTx(conn, (tx) => {
    const d = tx.select().from(disputes).where(eq(disputes.id, r.id)).get();
    if (!d) throw new NotFoundError(t('billing.dispute.not_found', { id: r.id }));
    const inv = tx.select().from(invoices).where(eq(invoices.id, d.invoiceId)).get()!;
    if (d.status !== 'open')
      throw new RefusedError(ART_DISPUTE, t('billing.dispute.already_resolved', { id: d.id, status: d.status, date: d.resolvedOn ?? '' }));
    if (r.on < d.openedOn) throw new RefusedError(ART_DISPUTE, t('billing.dispute.resolved_before', { id: d.id, date: r.on, opened: d.openedOn }));
    let creditNote: string | null = null;
    let creditNoteId: number | null = null;
    if (r.outcome === 'granted') {
      const cn = issueCreditNote(tx, actor, {
        invoiceId: inv.id,
        issuedOn: r.on,
        lines: creditLines(tx, inv.id, d.amountCents, `Avoir sur ${inv.number} : contestation accordée (${d.reason})`),
      });
      creditNote = cn.number;
      creditNoteId = cn.id;
    }
    tx.update(disputes).set({ status: r.outcome, resolvedOn: r.on, creditNoteId }).where(eq(disputes.id, d.id)).run();
    audit(tx, actor, {
      entity: 'dispute',
      entityId: d.id,
      action: r.outcome,
      change: { invoice: inv.number, amount_cents: d.amountCents, status: { from: 'open', to: r.outcome }, resolved_on: r.on, credit_note: creditNote },
    });
    return { id: d.id, invoice: inv.number, amount_cents: d.amountCents, status: r.outcome, opened_on: d.openedOn, resolved_on: r.on, credit_note: creditNote };
  });
}

// ---------------------------------------------------------------------------------------
// Refunds of a credit balance (RULES.md §6)

export function refund(
  conn: Connection,
  actor: Actor,
  r: { number: string; amountCents: Cents; on: IsoDate; method: PaymentMethod },
): { id: number; invoice: string; amount_cents: number; refunded_on: string; method: string; credit_left_cents: number } {
  return writeTx(conn, (tx) => {
    const n = normalizeNumber(r.number);
    const now = invoiceBalance(tx, { number: n }, ALL_TIME);
    if (!now) throw new NotFoundError(t('billing.not_found_invoice', { invoice: n }));
    if (now.kind !== 'invoice') throw new RefusedError(ART_INVOICING, t('billing.refund.credit_note', { invoice: n }));
    const then = invoiceBalance(tx, { number: n }, r.on)!;
    const available = Math.min(now.creditCents, then.creditCents);
    if (available === 0) throw new RefusedError(ART_INVOICING, t('billing.refund.no_credit', { invoice: n, date: r.on }));
    if (r.amountCents > available)
      throw new RefusedError(
        ART_INVOICING,
        t('billing.refund.too_much', { invoice: n, amount: formatEuros(r.amountCents), available: formatEuros(available) }),
      );
    const row = tx
      .insert(refunds)
      .values({ memberId: now.memberId, invoiceId: now.id, amountCents: r.amountCents, refundedOn: r.on, method: r.method })
      .returning({ id: refunds.id })
      .get();
    audit(tx, actor, {
      entity: 'refund',
      entityId: row.id,
      action: 'record',
      change: { invoice: n, amount_cents: r.amountCents, refunded_on: r.on, method: r.method },
    });
    return { id: row.id, invoice: n, amount_cents: r.amountCents, refunded_on: r.on, method: r.method, credit_left_cents: now.creditCents - r.amountCents };
  });
}

// ---------------------------------------------------------------------------------------
// Events of invoices, for the penalty rules

/**
 * The dated events of the given invoices (payments, credit notes, allocations, refunds,
 * disputes), in a few statements. Everything recorded is returned (but the payments of
 * debits the bank rejected, which never paid); the rules date-filter.
 */
export function invoiceEvents(raw: Database.Database, ids: number[]): Map<number, InvoiceEvents> {
  const out = new Map<number, InvoiceEvents>();
  if (ids.length === 0) return out;
  for (let k = 0; k < ids.length; k += 500) {
    const chunk = ids.slice(k, k + 500);
    const list = chunk.join(',');
    for (const i of raw.prepare(`select id, total_ttc_cents, pay_by from invoices where id in (${list})`).all() as {
      id: number;
      total_ttc_cents: number;
      pay_by: string;
    }[])
      out.set(i.id, {
        totalTtcCents: i.total_ttc_cents,
        payBy: i.pay_by,
        payments: [],
        credits: [],
        allocatedIn: [],
        allocatedOut: [],
        refunds: [],
        disputes: [],
        notDue: [],
      });
    const add = (q: string, pick: (e: InvoiceEvents) => { on: string; cents: number }[]) => {
      for (const r of raw.prepare(q).all() as { id: number; on: string; cents: number }[]) pick(out.get(r.id)!).push({ on: r.on, cents: r.cents });
    };
    // a debit the bank rejected never paid (RULES.md §6, SEPA): its payment is no event
    add(
      `select invoice_id as id, paid_on as "on", amount_cents as cents from payments p where invoice_id in (${list})
         and not exists (select 1 from payment_reversals v where v.payment_id = p.id)`,
      (e) => e.payments,
    );
    // a financial guarantee applied to the invoice pays it on its date (art. 7.1, RULES.md §Guarantees)
    add(`select invoice_id as id, on_date as "on", amount_cents as cents from guarantee_moves where invoice_id in (${list})`, (e) => e.payments);
    add(
      `select refers_to as id, issued_on as "on", total_ttc_cents as cents from invoices where kind = 'credit_note' and refers_to in (${list})`,
      (e) => e.credits,
    );
    // the part of those credit notes that gives back sums not due (the run's `given_back:` lines): never due, no penalty
    add(
      `select c.refers_to as id, c.issued_on as "on", sum(l.ttc_cents) as cents from invoices c join invoice_lines l on l.invoice_id = c.id
       where c.kind = 'credit_note' and c.refers_to in (${list}) and l.source_key >= 'given_back:' and l.source_key < 'given_back;' group by c.id`,
      (e) => e.notDue!,
    );
    add(`select invoice_id as id, allocated_on as "on", amount_cents as cents from credit_allocations where invoice_id in (${list})`, (e) => e.allocatedIn);
    add(
      `select from_invoice_id as id, allocated_on as "on", amount_cents as cents from credit_allocations where from_invoice_id in (${list})`,
      (e) => e.allocatedOut,
    );
    add(`select invoice_id as id, refunded_on as "on", amount_cents as cents from refunds where invoice_id in (${list})`, (e) => e.refunds);
    for (const d of raw
      .prepare(`select invoice_id as id, amount_cents, opened_on, status, resolved_on from disputes where invoice_id in (${list}) order by id`)
      .all() as {
      id: number;
      amount_cents: number;
      opened_on: string;
      status: 'open' | 'upheld' | 'granted';
      resolved_on: string | null;
    }[])
      out.get(d.id)!.disputes.push({ amountCents: d.amount_cents, openedOn: d.opened_on, status: d.status, resolvedOn: d.resolved_on });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// What each penalty line covers

/** A penalty or indemnity line, with what it covers (art. 7.3.7). */
export interface PenaltyCharge {
  line_id: number;
  /** The invoice that bears the line (a later run's). */
  on_invoice_id: number;
  on_invoice: string;
  /** The late invoice it is charged for. */
  invoice_id: number;
  invoice: string;
  kind: 'penalty' | 'indemnity';
  label: string;
  period: string | null;
  /** `penalty:INVOICE:` + this: the period's key (`main:1@2027-S1`); null for the indemnity. */
  period_key: string | null;
  /**
   * The period as the rules give it today from the invoice's events (`penaltyPeriods`): its
   * days (from–to, 15 days), the amount it is computed on and the rate; null when no period
   * bears anything any more (all of it given back) and for the indemnity.
   */
  from: IsoDate | null;
  to: IsoDate | null;
  base_cents: Cents | null;
  rate_bp: number | null;
  /** What the period or the indemnity comes to today (0: nothing, it was charged on sums not due). */
  owed_cents: Cents;
  ttc_cents: Cents;
  /** Given back since by credit notes (`given_back:<line id>`, `#2`…). */
  given_back_cents: Cents;
  given_back_lines: number;
}

/**
 * The penalty and indemnity lines charged for the given late invoices (every late invoice
 * when none is given), by line id, each with the period the rules give it today — so that what
 * each euro bears can be checked: no euro two penalties for one day, nothing given back any
 * (issue 21). `through`: the periods are computed through the latest date a line was billed
 * (rates are frozen once used).
 */
export function penaltyCharges(raw: Database.Database, f: { invoiceIds?: number[] } = {}): PenaltyCharge[] {
  type Row = {
    id: number;
    on_id: number;
    on_number: string;
    kind: 'penalty' | 'indemnity';
    label: string;
    period: string | null;
    ttc_cents: number;
    source_key: string;
    issued_on: string;
    gb: number;
    gbn: number;
  };
  const cols = `select l.id, i.id as on_id, i.number as on_number, l.kind, l.label, l.period, l.ttc_cents, l.source_key, i.issued_on,
      (select coalesce(sum(g.ttc_cents), 0) from invoice_lines g where g.source_key = 'given_back:' || l.id or (g.source_key > 'given_back:' || l.id || '#' and g.source_key < 'given_back:' || l.id || '$')) as gb,
      (select count(*) from invoice_lines g where g.source_key = 'given_back:' || l.id or (g.source_key > 'given_back:' || l.id || '#' and g.source_key < 'given_back:' || l.id || '$')) as gbn
    from invoice_lines l join invoices i on i.id = l.invoice_id where i.kind = 'invoice'`;
  const rows: Row[] = [];
  if (f.invoiceIds === undefined)
    rows.push(
      ...(raw
        .prepare(`${cols} and l.kind in ('penalty', 'indemnity') and (l.source_key like 'penalty:%' or l.source_key like 'indemnity:%') order by l.id`)
        .all() as Row[]),
    );
  else {
    const q = raw.prepare(`${cols} and ((l.source_key > @from and l.source_key < @to) or l.source_key = @indemnity) order by l.id`);
    for (const id of f.invoiceIds) rows.push(...(q.all({ from: `penalty:${id}:`, to: `penalty:${id};`, indemnity: `indemnity:${id}` }) as Row[]));
  }
  const subject = (key: string) => Number(key.split(':')[1]);
  const ids = [...new Set(rows.map((r) => subject(r.source_key)))];
  const events = invoiceEvents(raw, ids);
  const numbers = new Map<number, string>();
  const numberOf = raw.prepare('select number from invoices where id = ?').pluck();
  for (const id of ids) numbers.set(id, numberOf.get(id) as string);
  const rates = new Map((raw.prepare('select semester, rate_bp from legal_rates').raw().all() as [string, number][]).map(([s, r]) => [s, r]));
  const throughOf = new Map<number, IsoDate>();
  for (const r of rows) {
    const id = subject(r.source_key);
    if (r.issued_on > (throughOf.get(id) ?? '')) throughOf.set(id, r.issued_on);
  }
  const periodsOf = new Map<number, PenaltyPeriod[]>();
  for (const id of ids) {
    try {
      periodsOf.set(
        id,
        penaltyPeriods(events.get(id)!, throughOf.get(id)!, (s) => rates.get(s) ?? null),
      );
    } catch (e) {
      if (!(e instanceof MissingRateError)) throw e;
      periodsOf.set(id, []);
    }
  }
  return rows.map((r) => {
    const id = subject(r.source_key);
    const periods = periodsOf.get(id)!;
    const key = r.kind === 'penalty' ? r.source_key.slice(`penalty:${id}:`.length) : null;
    const p = key === null ? undefined : periods.find((x) => x.key === key);
    const owed = owedOn(r.kind, key, periods);
    return {
      line_id: r.id,
      on_invoice_id: r.on_id,
      on_invoice: r.on_number,
      invoice_id: id,
      invoice: numbers.get(id)!,
      kind: r.kind,
      label: r.label,
      period: r.period,
      period_key: key,
      from: p?.startsOn ?? null,
      to: p?.endsOn ?? null,
      base_cents: p?.baseCents ?? null,
      rate_bp: p?.rateBp ?? null,
      owed_cents: owed,
      ttc_cents: r.ttc_cents,
      given_back_cents: r.gb,
      given_back_lines: r.gbn,
    };
  });
}
