/**
 * `member cap` (art. 11.1): the liability cap for an incident, from what was invoiced before it;
 * `member damages add|list`: damages actually paid, within the incident's and the calendar
 * year's caps (a payment out, never a credit note: RULES.md §9).
 */
import { sql } from 'drizzle-orm';
import { audit, writeTx, type Actor } from '../db/audit.js';
import type { Connection, Db, Tx } from '../db/connection.js';
import { damagesPaid } from '../db/schema.js';
import { getMember } from '../contract/state.js';
import { enforce, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { IsoDate } from '../rules/dates.js';
import type { PaymentMethod } from '../rules/enums.js';
import { annualWindow, ART_LIABILITY, capWindows, checkCompensation, monthsBefore, INCIDENT_MONTHS, type Window } from '../rules/liability.js';
import type { Cents } from '../rules/money.js';

/** Invoiced under the contract in a window: invoices issued in it, less the credit notes issued in it. */
function invoicedIn(db: Db | Tx, memberId: number, w: Window): number {
  return db.get<{ c: number }>(sql`
    select coalesce(sum(case when kind = 'invoice' then total_ttc_cents else -total_ttc_cents end), 0) as c
    from invoices where member_id = ${memberId} and issued_on between ${w.from} and ${w.to}`).c;
}

interface PaidRow {
  id: number;
  amount_cents: number;
  paid_on: IsoDate;
  incident_on: IsoDate;
  reason: string;
  method: PaymentMethod;
}

/** The damages paid to a member by `on`, oldest first. */
function paidRows(db: Db | Tx, memberId: number, on: IsoDate): PaidRow[] {
  return db.all<PaidRow>(
    sql`select id, amount_cents, paid_on, incident_on, reason, method from damages_paid where member_id = ${memberId} and paid_on <= ${on} order by paid_on, id`,
  );
}

const sum = (rows: readonly { amount_cents: number }[]) => rows.reduce((s, r) => s + r.amount_cents, 0);

/**
 * The caps of an incident for damages paid on `on` (`--date`; the incident's day if later):
 * the year's cap is that of the calendar year the damages are paid in ("versés au cours
 * d'une année civile"), as `recordDamages` counts it — not the incident's year.
 */
export function liabilityCap(db: Db | Tx, memberNo: string, incident: IsoDate, others: readonly IsoDate[] = [], on: IsoDate = incident) {
  const m = getMember(db, memberNo);
  const p = capWindows(incident, others);
  // damages are never paid before their incident (checkCompensation): a later incident is asked about as paid on its day
  const year = Number((on < incident ? incident : on).slice(0, 4));
  // the year's damages paid so far: their incidents count among the year's (the last one sets the window)
  const paid = paidRows(db, m.id, '9999-12-31');
  const inYear = paid.filter((r) => Number(r.paid_on.slice(0, 4)) === year);
  const annual = annualWindow([p.lastIncident, ...inYear.map((r) => r.incident_on)]);
  const incidentCap = Math.max(0, invoicedIn(db, m.id, p.incidentWindow));
  const annualCap = Math.max(0, invoicedIn(db, m.id, annual.window));
  const incidentPaid = sum(paid.filter((r) => r.incident_on === incident));
  const yearPaid = sum(inYear);
  return {
    member_no: String(m.memberNo),
    incident_on: incident,
    incident_cap_cents: incidentCap,
    incident_window: p.incidentWindow,
    /** Damages already paid for this incident, and what its cap still allows. */
    incident_paid_cents: incidentPaid,
    incident_left_cents: Math.max(0, incidentCap - incidentPaid),
    year,
    last_incident_on: annual.lastIncident,
    annual_cap_cents: annualCap,
    annual_window: annual.window,
    /** Damages paid in the calendar year, all incidents together, and what the year's cap still allows. */
    year_paid_cents: yearPaid,
    annual_left_cents: Math.max(0, annualCap - yearPaid),
    article: ART_LIABILITY,
  };
}

export interface DamagesJson {
  id: number;
  member_no: string;
  amount_cents: Cents;
  paid_on: IsoDate;
  incident_on: IsoDate;
  reason: string;
  method: PaymentMethod;
  /** After this payment: what the incident's cap and the year's cap still allow. */
  incident_left_cents: Cents;
  annual_left_cents: Cents;
  article: string;
}

/**
 * `member damages add NO --amount EUR --incident D --reason TEXT`: damages and interest paid
 * to the member on `on` (art. 11.1), refused beyond the incident's cap or the calendar year's.
 */
export function recordDamages(
  conn: Connection,
  actor: Actor,
  d: { memberNo: string; amountCents: Cents; incidentOn: IsoDate; reason: string; method: PaymentMethod; on: IsoDate },
): DamagesJson {
  const reason = d.reason.trim();
  if (!reason) throw new UsageError(t('damages.reason_missing'));
  return writeTx(conn, (tx) => {
    const m = getMember(tx, d.memberNo);
    const paid = paidRows(tx, m.id, '9999-12-31');
    const inYear = paid.filter((r) => r.paid_on.slice(0, 4) === d.on.slice(0, 4));
    const annual = annualWindow([d.incidentOn, ...inYear.map((r) => r.incident_on)]);
    const decision = checkCompensation({
      amountCents: d.amountCents,
      incidentOn: d.incidentOn,
      paidOn: d.on,
      incidentCapCents: Math.max(0, invoicedIn(tx, m.id, monthsBefore(d.incidentOn, INCIDENT_MONTHS))),
      paidForIncidentCents: sum(paid.filter((r) => r.incident_on === d.incidentOn)),
      annualCapCents: Math.max(0, invoicedIn(tx, m.id, annual.window)),
      paidInYearCents: sum(inYear),
    });
    enforce(decision);
    const row = tx
      .insert(damagesPaid)
      .values({ memberId: m.id, amountCents: d.amountCents, paidOn: d.on, incidentOn: d.incidentOn, reason, method: d.method })
      .returning({ id: damagesPaid.id })
      .get();
    audit(tx, actor, {
      entity: 'damages',
      entityId: row.id,
      action: 'pay',
      change: { member_no: m.memberNo, amount_cents: d.amountCents, paid_on: d.on, incident_on: d.incidentOn, method: d.method, article: ART_LIABILITY },
    });
    return {
      id: row.id,
      member_no: String(m.memberNo),
      amount_cents: d.amountCents,
      paid_on: d.on,
      incident_on: d.incidentOn,
      reason,
      method: d.method,
      incident_left_cents: decision.value.incidentLeftCents,
      annual_left_cents: decision.value.annualLeftCents,
      article: ART_LIABILITY,
    };
  });
}

/** Damages paid by `on`, oldest first, of one member or all. */
export function listDamages(db: Db | Tx, f: { memberNo?: string; on: IsoDate }) {
  const only = f.memberNo === undefined ? sql`` : sql` and d.member_id = ${getMember(db, f.memberNo).id}`;
  return db
    .all<{ id: number; member_no: number; amount_cents: number; paid_on: string; incident_on: string; reason: string; method: string }>(
      sql`select d.id, m.member_no, d.amount_cents, d.paid_on, d.incident_on, d.reason, d.method from damages_paid d join members m on m.id = d.member_id
          where d.paid_on <= ${f.on}${only} order by d.paid_on, d.id`,
    )
    .map((r) => ({ ...r, member_no: String(r.member_no) }));
}

/**
 * `member show`: the damages paid in the calendar year of `on` and what the year's cap still
 * allows (its window: the 9 months before the last incident compensated that year); null when
 * nothing was paid that year (no incident, no cap yet).
 */
export function damagesThisYear(db: Db | Tx, memberNo: string, on: IsoDate) {
  const m = getMember(db, memberNo);
  const inYear = paidRows(db, m.id, on).filter((r) => r.paid_on.slice(0, 4) === on.slice(0, 4));
  if (inYear.length === 0) return null;
  const annual = annualWindow(inYear.map((r) => r.incident_on));
  const cap = Math.max(0, invoicedIn(db, m.id, annual.window));
  const paid = sum(inYear);
  return {
    year: Number(on.slice(0, 4)),
    paid_cents: paid,
    last_incident_on: annual.lastIncident,
    annual_cap_cents: cap,
    annual_left_cents: Math.max(0, cap - paid),
  };
}
