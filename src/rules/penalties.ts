/**
 * Late payment (art. 7.3.5–7.3.7; RULES.md §6). Pure: an invoice's dated events come in,
 * the penalty periods and the indemnity come out.
 *
 * - Penalty: from the day after pay-by, per indivisible period of 15 days (each started
 *   period counted in full), on the unpaid and uncontested TTC amount on the period's
 *   first day, at 3 × the legal rate in force that day:
 *   `round(amount × 3 × rate × 15 / 365)`. A period is billed by a run on or after its
 *   first day, once. A partial payment lowers the base of the following periods only.
 * - An upheld dispute (art. 7.3.6): its amount is due at once (pay-by = the confirmation
 *   date) and has its own periods from the next day. **Decision:** a payment settles the
 *   ordinary part first, then the upheld amounts in the order they were confirmed.
 * - Indemnity: 40 € once per invoice that has been late (L441-10, D441-5 Code de commerce).
 */
import { addDays, type IsoDate } from './dates.js';
import { refused, type Decision } from './decision.js';
import { settlement, type InvoiceState } from './invoices.js';
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
  /** `main` for the invoice's own pay-by, `d<i>` for the i-th upheld dispute's. */
  tranche: string;
  /** 1-based index of the 15-day period in its tranche. */
  index: number;
  startsOn: IsoDate;
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
 * The penalty periods started on or before `through` with a positive base. Throws
 * `MissingRateError` naming the semester when a period needs a rate the table lacks.
 */
export function penaltyPeriods(ev: InvoiceEvents, through: IsoDate, rate: RateLookup): PenaltyPeriod[] {
  const upheld = ev.disputes
    .filter((d) => d.status === 'upheld' && d.resolvedOn !== null)
    .map((d, i) => ({ ...d, resolvedOn: d.resolvedOn!, i }))
    .sort((a, b) => (a.resolvedOn < b.resolvedOn ? -1 : a.resolvedOn > b.resolvedOn ? 1 : a.i - b.i));
  /** due on P split: ordinary part first, then upheld amounts in confirmation order */
  const split = (p: IsoDate) => {
    const due = settlement(stateOn(ev, p), p).dueCents;
    const confirmed = upheld.filter((u) => u.resolvedOn <= p);
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
  const tranche = (name: string, payBy: IsoDate, base: (p: IsoDate) => Cents) => {
    for (let k = 0; ; k++) {
      const start = addDays(payBy, 1 + k * PERIOD_DAYS);
      if (start > through) break;
      const b = base(start);
      if (b <= 0) continue;
      const semester = semesterOf(start);
      const r = rate(semester);
      if (r === null) throw new MissingRateError(semester);
      out.push({ tranche: name, index: k + 1, startsOn: start, baseCents: b, semester, rateBp: r, amountCents: periodPenalty(b, r), key: `${name}:${k + 1}@${semester}` });
    }
  };
  tranche('main', ev.payBy, (p) => split(p).main);
  for (const u of upheld) tranche(`d${u.i + 1}`, u.resolvedOn, (p) => split(p).byDispute.get(u.i) ?? 0);
  return out;
}

/** The 40 € indemnity is due once the invoice has been late (a penalty period with a base). */
export function indemnityDue(periods: PenaltyPeriod[]): boolean {
  return periods.length > 0;
}

/** `bill dispute`: on an invoice (not a credit note), dated from its issue, within what is outstanding and not yet contested. */
export function checkDispute(inv: { kind: string; number: string; issuedOn: IsoDate; outstandingCents: Cents; contestedCents: Cents }, amountCents: Cents, on: IsoDate): Decision {
  if (inv.kind === 'credit_note') return refused(ART_DISPUTE, t('billing.dispute.on_credit_note', { invoice: inv.number }));
  if (on < inv.issuedOn) return refused(ART_DISPUTE, t('billing.dispute.before_invoice', { date: on, issued: inv.issuedOn }));
  if (inv.outstandingCents === 0) return refused(ART_DISPUTE, t('billing.dispute.paid', { invoice: inv.number }));
  const room = inv.outstandingCents - inv.contestedCents;
  if (amountCents > room)
    return refused(ART_DISPUTE, t('billing.dispute.too_much', { invoice: inv.number, amount: formatEuros(amountCents), room: formatEuros(room) }));
  return { ok: true, article: ART_DISPUTE };
}
