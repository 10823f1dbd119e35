/**
 * Late payment (art. 7.3.5–7.3.7; RULES.md §6). Pure: an invoice's dated events come in,
 * the penalty periods and the indemnity come out.
 *
 * - Penalty: from the first day of delay (the day after pay-by, `firstDayLate`), per
 *   indivisible period of 15 days (each started period counted in full), on the unpaid and
 *   uncontested TTC amount at the start of the period's first day (what was still due at the
 *   end of the day before: a payment made on the first day of a period does not escape it),
 *   at 3 × the legal rate in force that day: `round(amount × 3 × rate × 15 / 365)`. A period
 *   is billed by a run on or after its first day, once. A partial payment lowers the base of
 *   the following periods only.
 * - An upheld dispute (art. 7.3.6): its amount is due at once (pay-by = the confirmation
 *   date, but never before the invoice's own) and has its own periods. **Decision (issue
 *   21):** they start the day after the resolution or the day after the last period already
 *   charged on that amount (a period of the invoice that began before the dispute was
 *   opened), whichever is later — no euro bears two penalties for one day. **Decision:** a
 *   payment settles the ordinary part first, then the upheld amounts in the order they were
 *   confirmed.
 * - **Decision (issue 21):** sums given back as not due (`notDue`: the run's credit notes for
 *   months after an item's end, and the penalties given back with them) were never due: they
 *   bear no penalty and no indemnity, whatever the date of the credit note; what was charged
 *   on them before is given back with them (`penaltiesNotDue`).
 * - Indemnity: 40 € once per invoice that has been late (L441-10, D441-5 Code de commerce).
 */
import { addDays, maxDate, type IsoDate } from './dates.js';
import { refused, type Decision } from './decision.js';
import { firstDayLate, settlement, type InvoiceState } from './invoices.js';
import { divRoundHalfUp, formatEuros, type Cents } from './money.js';
import { t } from '../i18n/index.js';

export const ART_PENALTY = '7.3.7';
export const ART_DISPUTE = '7.3.6';
export const PERIOD_DAYS = 15;
export const PENALTY_MULTIPLIER = 3;
export const INDEMNITY_CENTS: Cents = 4000;

/** `2026-S1` (January–June) / `2026-S2` (July–December). */
export function semesterOf(date: IsoDate): string {
  return `${date.slice(0, 4)}-S${Number(date.slice(5, 7)) <= 6 ? 1 : 2}`;
}

const SEMESTER_RE = /^(\d{4})-S([12])$/;
export function isSemester(s: string): boolean {
  return SEMESTER_RE.test(s);
}

/** A rate typed as a percentage (`2.76`, `2,76`) → hundredths of a percent (276); null if malformed or outside 0–100 %. */
export function parseRate(input: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(input.trim().replace(/\s*%$/, ''));
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0') || '0');
  return bp <= 10000 ? bp : null;
}

export function formatRate(bp: number): string {
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;
}

/** One period's penalty: round(amount × 3 × rate × 15 / 365), rate in hundredths of a percent. */
export function periodPenalty(baseCents: Cents, rateBp: number): Cents {
  return divRoundHalfUp(BigInt(baseCents) * BigInt(PENALTY_MULTIPLIER * rateBp * PERIOD_DAYS), 10000n * 365n);
}

export interface DatedAmount {
  on: IsoDate;
  cents: Cents;
}

export interface DisputeEvent {
  amountCents: Cents;
  openedOn: IsoDate;
  status: 'open' | 'upheld' | 'granted';
  resolvedOn: IsoDate | null;
}

/** Everything dated that moves an invoice's money (the ledger's inputs, for one invoice). */
export interface InvoiceEvents {
  totalTtcCents: Cents;
  payBy: IsoDate;
  payments: DatedAmount[];
  credits: DatedAmount[];
  allocatedIn: DatedAmount[];
  allocatedOut: DatedAmount[];
  refunds: DatedAmount[];
  disputes: DisputeEvent[];
  /**
   * The part of `credits` that gives back sums not due (the run's `given_back:` lines),
   * by credit note date. Optional: none.
   */
  notDue?: DatedAmount[];
}

const sumTo = (xs: DatedAmount[], on: IsoDate) => xs.reduce((s, x) => (x.on <= on ? s + x.cents : s), 0);

/** The invoice's state on a date, from its events (same arithmetic as the ledger). */
export function stateOn(ev: InvoiceEvents, on: IsoDate): InvoiceState {
  return {
    kind: 'invoice',
    totalTtcCents: ev.totalTtcCents,
    payBy: ev.payBy,
    paidCents: sumTo(ev.payments, on),
    creditedCents: sumTo(ev.credits, on),
    allocatedCents: sumTo(ev.allocatedIn, on),
    refundedCents: sumTo(ev.refunds, on),
    allocatedOutCents: sumTo(ev.allocatedOut, on),
    openDisputeCents: ev.disputes.reduce((s, d) => (d.openedOn <= on && (d.resolvedOn === null || d.resolvedOn > on) ? s + d.amountCents : s), 0),
    upheldTodayCents: 0,
  };
}

export interface PenaltyPeriod {
  /** `main` for the invoice's own pay-by, `d<i>` for the i-th dispute upheld (in the order of confirmation). */
  tranche: string;
  /** 1-based index of the 15-day period in its tranche. */
  index: number;
  startsOn: IsoDate;
  /** The period's last day (start + 14 days). */
  endsOn: IsoDate;
  baseCents: Cents;
  semester: string;
  rateBp: number;
  amountCents: Cents;
  /** Stable identity of what is billed, for idempotence (`source_key`). */
  key: string;
}

export type RateLookup = (semester: string) => number | null;

export class MissingRateError extends Error {
  constructor(readonly semester: string) {
    super(`no legal interest rate for ${semester}`);
  }
}

/**
 * What the penalties of an invoice are computed on at the start of `day`: its state at the
 * end of the day before (one definition of lateness, rules/invoices.ts), the sums given back
 * as not due taken out of its total from the start, whatever the credit note's date.
 */
function dueAtStartOf(ev: InvoiceEvents, day: IsoDate): Cents {
  const before = addDays(day, -1);
  const st = stateOn(ev, before);
  const notDueAll = (ev.notDue ?? []).reduce((s, x) => s + x.cents, 0);
  const notDueBy = sumTo(ev.notDue ?? [], before);
  return settlement({ ...st, totalTtcCents: st.totalTtcCents - notDueAll, creditedCents: st.creditedCents - notDueBy }, before).dueCents;
}

/**
 * The penalty periods started on or before `through` with a positive base. Throws
 * `MissingRateError` naming the semester when a period needs a rate the table lacks.
 */
export function penaltyPeriods(ev: InvoiceEvents, through: IsoDate, rate: RateLookup): PenaltyPeriod[] {
  const upheld = ev.disputes
    .filter((d) => d.status === 'upheld' && d.resolvedOn !== null)
    .map((d, i) => ({ ...d, resolvedOn: d.resolvedOn!, i }))
    .sort((a, b) => (a.resolvedOn < b.resolvedOn ? -1 : a.resolvedOn > b.resolvedOn ? 1 : a.i - b.i));
  /** due at the start of P split: ordinary part first, then upheld amounts in confirmation order */
  const split = (p: IsoDate) => {
    const due = dueAtStartOf(ev, p);
    const confirmed = upheld.filter((u) => u.resolvedOn < p);
    const upheldTotal = confirmed.reduce((s, u) => s + u.amountCents, 0);
    const main = Math.max(0, due - upheldTotal);
    let rest = due - main;
    const byDispute = new Map<number, Cents>();
    for (const u of confirmed) {
      const take = Math.min(rest, u.amountCents);
      byDispute.set(u.i, take);
      rest -= take;
    }
    return { main, byDispute };
  };
  const out: PenaltyPeriod[] = [];
  /** The periods from `first`, every 15 days, begun by `through`. */
  const tranche = (name: string, first: IsoDate, base: (p: IsoDate) => Cents): PenaltyPeriod[] => {
    const got: PenaltyPeriod[] = [];
    for (let k = 0; ; k++) {
      const start = addDays(first, k * PERIOD_DAYS);
      if (start > through) break;
      const b = base(start);
      if (b <= 0) continue;
      const semester = semesterOf(start);
      const r = rate(semester);
      if (r === null) throw new MissingRateError(semester);
      got.push({
        tranche: name,
        index: k + 1,
        startsOn: start,
        endsOn: addDays(start, PERIOD_DAYS - 1),
        baseCents: b,
        semester,
        rateBp: r,
        amountCents: periodPenalty(b, r),
        key: `${name}:${k + 1}@${semester}`,
      });
    }
    return got;
  };
  const lateFrom = firstDayLate(ev.payBy);
  const main = tranche('main', lateFrom, (p) => split(p).main);
  out.push(...main);
  /** periods that charged each amount before it was contested: main, and the tranches of disputes confirmed before */
  const charged: PenaltyPeriod[][] = [main];
  for (const [rank, u] of upheld.entries()) {
    // the last period begun while the amount was still in its base (the dispute not yet open at the end of the day before)
    let covered: IsoDate | null = null;
    for (const c of charged) for (const p of c) if (p.startsOn <= u.openedOn && (covered === null || p.endsOn > covered)) covered = p.endsOn;
    let first = maxDate(firstDayLate(u.resolvedOn), lateFrom);
    if (covered !== null) first = maxDate(first, addDays(covered, 1));
    // named by its rank among the upheld in the order they were confirmed, which a later
    // confirmation never changes — not by its place among the invoice's disputes: an earlier
    // dispute upheld later renamed every period already charged, billed again (seed 2017 × 36)
    const own = tranche(`d${rank + 1}`, first, (p) => split(p).byDispute.get(u.i) ?? 0);
    out.push(...own);
    charged.push(own);
  }
  return out;
}

/** The 40 € indemnity is due once the invoice has been late (a penalty period with a base). */
export function indemnityDue(periods: PenaltyPeriod[]): boolean {
  return periods.length > 0;
}

/** `bill dispute`: on an invoice (not a credit note), dated from its issue, within what is outstanding and not yet contested. */
/** `inv` as of the dispute's date (the ledger's balance on `on`): what can still be contested is its `disputableCents`. */
export function checkDispute(
  inv: { kind: string; number: string; issuedOn: IsoDate; outstandingCents: Cents; disputableCents: Cents },
  amountCents: Cents,
  on: IsoDate,
): Decision {
  if (inv.kind === 'credit_note') return refused(ART_DISPUTE, t('billing.dispute.on_credit_note', { invoice: inv.number }));
  if (on < inv.issuedOn) return refused(ART_DISPUTE, t('billing.dispute.before_invoice', { date: on, issued: inv.issuedOn }));
  if (inv.outstandingCents === 0 && inv.disputableCents === 0) return refused(ART_DISPUTE, t('billing.dispute.paid', { invoice: inv.number }));
  const room = inv.disputableCents;
  if (amountCents > room)
    return refused(ART_DISPUTE, t('billing.dispute.too_much', { invoice: inv.number, amount: formatEuros(amountCents), room: formatEuros(room) }));
  return { ok: true, article: ART_DISPUTE };
}

/**
 * What a penalty or indemnity line charged for a late invoice comes to today, from the
 * invoice's periods (`penaltyPeriods` on its events, sums given back as not due left out):
 * its period's amount (`periodKey`, e.g. `main:1@2027-S1`; 0 when that period no longer bears
 * anything), or the 40 € while the invoice has been late for something due.
 */
export function owedOn(kind: 'penalty' | 'indemnity', periodKey: string | null, periods: readonly PenaltyPeriod[]): Cents {
  if (kind === 'indemnity') return indemnityDue([...periods]) ? INDEMNITY_CENTS : 0;
  return periods.find((p) => p.key === periodKey)?.amountCents ?? 0;
}

/**
 * What a charged line gives back once sums of its invoice were found not due (**decision**,
 * issue 21: what was charged on them is given back with them): its amount, less what it
 * comes to today (`owedOn`), less what was given back already; never below 0 (a line that
 * comes to more today — a base that grew — is not billed again by a credit note).
 */
export function notDueBack(l: { ttcCents: Cents; givenBackCents: Cents; owedCents: Cents }): Cents {
  return Math.max(0, l.ttcCents - l.givenBackCents - Math.min(l.owedCents, l.ttcCents));
}

/** The first day of a semester (`2027-S1` → 2027-01-01). */
export function semesterStart(semester: string): IsoDate {
  return `${semester.slice(0, 4)}-${semester.endsWith('1') ? '01' : '07'}-01`;
}

/**
 * The semesters whose legal rate must be known on `on` (issue 21): the current one, and
 * from the 1st of the month before a semester (1 June, 1 December) the next one — so a
 * missing rate is announced a month ahead, not discovered by the run that needs it.
 */
export function missingRates(on: IsoDate, rateOf: (semester: string) => number | null): { semester: string; neededFrom: IsoDate }[] {
  const month = Number(on.slice(5, 7));
  const needed = [semesterOf(on)];
  if (month === 6) needed.push(`${on.slice(0, 4)}-S2`);
  if (month === 12) needed.push(`${Number(on.slice(0, 4)) + 1}-S1`);
  return needed.filter((s) => rateOf(s) === null).map((semester) => ({ semester, neededFrom: semesterStart(semester) }));
}
