/**
 * Invoice rules (art. 7.3; RULES.md §0, §6). Pure: numbering format, pay-by date, status
 * derived from payments, credit notes and disputes, and the payment checks.
 */
import { addDays, type IsoDate } from './dates.js';
import { refused, type Decision } from './decision.js';
import type { InvoiceKind, InvoiceStatus, LineKind, PaymentMethod } from './enums.js';
import { formatEuros, type Cents } from './money.js';
import { t } from '../i18n/index.js';

export const ART_INVOICING = '7.3';
export const ART_PAYMENT_MEANS = '7.3.3';
export const ART_PAY_BY = '7.3.5';
/** Payment must reach Parnasse within 10 days of the invoice date (art. 7.3.5). */
export const PAY_WITHIN_DAYS = 10;

const PREFIX: Record<InvoiceKind, string> = { invoice: 'F', credit_note: 'A' };

/** The gapless counter of a series: one per kind and per year of issue. */
export function seriesName(kind: InvoiceKind, issuedOn: IsoDate): string {
  return `${kind}:${issuedOn.slice(0, 4)}`;
}

/** `F2026-000001` (invoices) / `A2026-000001` (credit notes). */
export function formatInvoiceNumber(kind: InvoiceKind, year: number | string, n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`invoice sequence must be a positive integer, got ${n}`);
  return `${PREFIX[kind]}${year}-${String(n).padStart(6, '0')}`;
}

const NUMBER_RE = /^([FA])(\d{4})-(\d{6,})$/;

export function parseInvoiceNumber(s: string): { kind: InvoiceKind; year: number; n: number } | null {
  const m = NUMBER_RE.exec(s.trim().toUpperCase());
  if (!m) return null;
  return { kind: m[1] === 'F' ? 'invoice' : 'credit_note', year: Number(m[2]), n: Number(m[3]) };
}

/** Pay-by = invoice date + 10 days (art. 7.3.5). */
export function payByDate(issuedOn: IsoDate): IsoDate {
  return addDays(issuedOn, PAY_WITHIN_DAYS);
}

/**
 * Lateness, ONE definition (art. 7.3.5, 7.3.7; issue 21): the payment must have reached
 * Parnasse by the pay-by date; the first day of delay is the day after it. A sum still due at
 * the start of a day after the pay-by (not paid by the end of the day before) is late that
 * day: paid on the first day of delay, it was late. The ledger (`settlement`: late on `on`
 * once `on` > pay-by), the penalties (periods from `firstDayLate`, on what was due at the end
 * of the day before), the run's scan (unpaid at the end of the pay-by date), standing and
 * dunning (first notice from `firstDayLate`) read it from here.
 */
export function firstDayLate(payBy: IsoDate): IsoDate {
  return addDays(payBy, 1);
}

/** Whether `on` is a day of delay for a sum payable by `payBy`. */
export function isPastPayBy(on: IsoDate, payBy: IsoDate): boolean {
  return on > payBy;
}

/** Late-payment penalties and the recovery indemnity are outside the scope of VAT (RULES.md §0). */
export function lineHasVat(kind: LineKind): boolean {
  return kind !== 'penalty' && kind !== 'indemnity';
}

/**
 * What a credit note can give back, by VAT treatment: taxed lines (given back on a `credit`
 * line at 20 %) and the two kinds outside the scope of VAT, given back under their own kind.
 */
export type CreditPart = 'credit' | 'penalty' | 'indemnity';
export const CREDIT_PARTS: readonly CreditPart[] = ['credit', 'penalty', 'indemnity'];

/** The part of a credit note a line of `kind` belongs to (of an invoice, or of a credit note already issued on it). */
export function creditPartOf(kind: LineKind): CreditPart {
  return kind === 'penalty' || kind === 'indemnity' ? kind : 'credit';
}

/**
 * A credit note states the VAT of what it credits (RULES.md §10, "credit notes"): an
 * amount credited on an invoice is shared between its parts in proportion to what remains
 * to credit in each (the invoice's lines less the credit notes already issued on it), each
 * share rounded down and the cents left over given to the largest remainders (the first
 * part on a tie), so the shares add up to `amount`. A taxed invoice gives one `credit`
 * share; an invoice of late charges none; crediting all that remains gives back each part
 * exactly. Parts of zero are left out.
 */
export function shareCredit(remaining: Readonly<Record<CreditPart, Cents>>, amount: Cents): { part: CreditPart; cents: Cents }[] {
  const rest = CREDIT_PARTS.map((part) => ({ part, left: Math.max(0, remaining[part]) }));
  const total = rest.reduce((n, r) => n + r.left, 0);
  if (total === 0) return amount > 0 ? [{ part: 'credit', cents: amount }] : [];
  // amount × left may pass 2^53 (two amounts of a million euros): BigInt, exact
  const shares = rest.map((r) => {
    const p = BigInt(amount) * BigInt(r.left);
    return { part: r.part, cents: Number(p / BigInt(total)), frac: p % BigInt(total) };
  });
  let over = amount - shares.reduce((n, s) => n + s.cents, 0);
  for (const s of [...shares].sort((a, b) => (b.frac > a.frac ? 1 : b.frac < a.frac ? -1 : 0))) {
    if (over === 0) break;
    s.cents++;
    over--;
  }
  return shares.filter((s) => s.cents > 0).map(({ part, cents }) => ({ part, cents }));
}

export interface InvoiceState {
  kind: InvoiceKind;
  totalTtcCents: Cents;
  paidCents: Cents;
  /** The part of `paidCents` the member did not pay himself: collected by direct debit, or set off from his financial guarantee (art. 7.3.6, 7.1). */
  debitedCents?: Cents;
  /** Σ credit notes referring to the invoice. */
  creditedCents: Cents;
  /** Σ disputes open on the date (opened on or before, not yet resolved). */
  openDisputeCents: Cents;
  payBy: IsoDate;
  /** Credit balance from other invoices used to settle this one (RULES.md §6). */
  allocatedCents?: Cents;
  /** This invoice's excess given back (`bill refund`) or used on later invoices. */
  refundedCents?: Cents;
  allocatedOutCents?: Cents;
  /** Upheld disputes confirmed on the date itself: due at once, late only from the next day (art. 7.3.6). */
  upheldTodayCents?: Cents;
}

export interface Settlement {
  /** What remains to be paid. */
  outstandingCents: Cents;
  /** Excess held in the member's favour (a credit note on a paid invoice, RULES.md §6). */
  creditCents: Cents;
  /** Part of the outstanding suspended by open disputes (art. 7.3.6). */
  contestedCents: Cents;
  /** Outstanding − contested: due now. */
  dueCents: Cents;
  /**
   * What a dispute may still contest (art. 7.3.6; RULES.md §6): the outstanding, or more when
   * a direct debit collected it — the invoice less what was credited, allocated or paid
   * other than by debit — less the disputes open.
   */
  disputableCents: Cents;
  /** Part of `due` past its pay-by (art. 7.3.5). */
  lateCents: Cents;
  /** null for a credit note: a document that is not paid, it has no payment status (issue 21). */
  status: InvoiceStatus | null;
}

/**
 * The money of one invoice on a date, from the amounts dated up to it:
 * settled = paid + credited + allocated − refunded − allocated out; outstanding =
 * max(0, TTC − settled); credit = max(0, settled − TTC); contested = min(outstanding, open
 * disputes); due = outstanding − contested; late = due (less what an upheld dispute made
 * due today) once the date is past pay-by. Status: a credit note has none (null: it is not
 * paid, issue 21); an invoice cancelled in full by credit notes is `credited`; nothing outstanding → `paid`; something late →
 * `late` (a dispute suspends only its part, the rest stays due); an open dispute →
 * `disputed`; something settled → `partially_paid`; else `open`.
 */
export function settlement(s: InvoiceState, on: IsoDate): Settlement {
  if (s.kind === 'credit_note') return { outstandingCents: 0, creditCents: 0, contestedCents: 0, dueCents: 0, disputableCents: 0, lateCents: 0, status: null };
  const settled = s.paidCents + s.creditedCents + (s.allocatedCents ?? 0) - (s.refundedCents ?? 0) - (s.allocatedOutCents ?? 0);
  const outstanding = Math.max(0, s.totalTtcCents - settled);
  const credit = Math.max(0, settled - s.totalTtcCents);
  const contested = Math.min(outstanding, s.openDisputeCents);
  const due = outstanding - contested;
  const late = isPastPayBy(on, s.payBy) ? Math.max(0, due - (s.upheldTodayCents ?? 0)) : 0;
  const debited = s.debitedCents ?? 0;
  const notPaidByMember = s.totalTtcCents - s.creditedCents - (s.allocatedCents ?? 0) - (s.paidCents - debited);
  const disputable = Math.max(0, Math.max(outstanding, debited > 0 ? notPaidByMember : 0) - s.openDisputeCents);
  let status: InvoiceStatus;
  if (s.creditedCents >= s.totalTtcCents && s.totalTtcCents > 0) status = 'credited';
  else if (outstanding === 0) status = 'paid';
  else if (late > 0) status = 'late';
  else if (contested > 0) status = 'disputed';
  else if (settled > 0) status = 'partially_paid';
  else status = 'open';
  return { outstandingCents: outstanding, creditCents: credit, contestedCents: contested, dueCents: due, disputableCents: disputable, lateCents: late, status };
}

/** What remains to be paid (never below 0). */
export function outstandingOf(s: Pick<InvoiceState, 'kind' | 'totalTtcCents' | 'paidCents' | 'creditedCents'> & Partial<InvoiceState>): Cents {
  return settlement({ openDisputeCents: 0, payBy: '9999-12-31', ...s }, '0000-01-01').outstandingCents;
}

/** Status on a date (see `settlement`). */
export function invoiceStatus(s: InvoiceState, on: IsoDate): InvoiceStatus | null {
  return settlement(s, on).status;
}

export interface PaymentRequest {
  amountCents: Cents;
  method: PaymentMethod;
  paidOn: IsoDate;
}

export interface PayableInvoice extends InvoiceState {
  number: string;
  /** What remains to be paid, everything recorded so far counted (the ledger's `outstandingCents`); else derived. */
  outstandingCents?: Cents;
  issuedOn: IsoDate;
  /** The entry-fee invoice: paid in one go, by card, AMEX or transfer (art. 7.3.3). */
  isEntryFee: boolean;
}

/**
 * A payment that the contract refuses, or one that cannot be: more than what is
 * outstanding is a mistake in what was typed (`input: true`: bad input, exit 4; issue 21),
 * not a rule of the contract — no article forbids paying more, the books cannot hold it.
 */
export type PaymentDecision = Decision | { ok: false; article: string; reason: string; input: true };

/** Whether a payment may be recorded against an invoice. */
export function checkPayment(inv: PayableInvoice, p: PaymentRequest): PaymentDecision {
  if (inv.kind === 'credit_note') return refused(ART_INVOICING, t('billing.pay.credit_note', { number: inv.number }));
  if (p.amountCents <= 0) return refused(ART_PAY_BY, t('billing.pay.positive'));
  if (p.paidOn < inv.issuedOn) return refused(ART_PAY_BY, t('billing.pay.before_invoice', { date: p.paidOn, issued_on: inv.issuedOn }));
  const outstanding = inv.outstandingCents ?? outstandingOf(inv);
  if (outstanding === 0) return { ...refused(ART_INVOICING, t('billing.pay.nothing_outstanding', { number: inv.number })), input: true };
  if (p.amountCents > outstanding)
    return {
      ...refused(
        ART_INVOICING,
        t('billing.pay.overpayment', { amount: formatEuros(p.amountCents), outstanding: formatEuros(outstanding), number: inv.number }),
      ),
      input: true,
    };
  if (inv.isEntryFee) {
    if (p.method === 'sepa') return refused(ART_PAYMENT_MEANS, t('billing.pay.entry_fee_sepa'));
    if (p.amountCents !== outstanding)
      return refused(ART_PAYMENT_MEANS, t('billing.pay.entry_fee_once', { expected: formatEuros(outstanding), amount: formatEuros(p.amountCents) }));
  }
  return { ok: true, article: ART_PAY_BY };
}
