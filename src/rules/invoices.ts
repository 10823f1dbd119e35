/**
 * Invoice rules (art. 7.3; RULES.md §0, §6). Pure: numbering format, pay-by date, status
 * derived from payments, credit notes and disputes, and the payment checks.
 */
import { addDays, type IsoDate } from './dates.js';
import { refused, type Decision } from './decision.js';
import type { InvoiceKind, InvoiceStatus, LineKind, PaymentMethod } from './enums.js';
import { formatEuros, type Cents } from './money.js';

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

/** Late-payment penalties and the recovery indemnity are outside the scope of VAT (RULES.md §0). */
export function lineHasVat(kind: LineKind): boolean {
  return kind !== 'penalty' && kind !== 'indemnity';
}

export interface InvoiceState {
  kind: InvoiceKind;
  totalTtcCents: Cents;
  paidCents: Cents;
  /** Σ credit notes referring to the invoice. */
  creditedCents: Cents;
  /** Σ open disputes on the invoice. */
  openDisputeCents: Cents;
  payBy: IsoDate;
}

/** What remains to be paid: TTC − payments − credit notes (never below 0). */
export function outstandingOf(s: Pick<InvoiceState, 'kind' | 'totalTtcCents' | 'paidCents' | 'creditedCents'>): Cents {
  if (s.kind === 'credit_note') return 0;
  return Math.max(0, s.totalTtcCents - s.paidCents - s.creditedCents);
}

/**
 * Status on a date: a credit note, or an invoice cancelled in full by credit notes, is
 * `credited`; nothing outstanding → `paid`; an open dispute → `disputed`; past pay-by and
 * unpaid → `late`; some payment → `partially_paid`; else `open`.
 */
export function invoiceStatus(s: InvoiceState, on: IsoDate): InvoiceStatus {
  if (s.kind === 'credit_note') return 'credited';
  if (s.creditedCents >= s.totalTtcCents && s.totalTtcCents > 0) return 'credited';
  const outstanding = outstandingOf(s);
  if (outstanding === 0) return 'paid';
  if (s.openDisputeCents > 0) return 'disputed';
  if (on > s.payBy) return 'late';
  if (s.paidCents > 0) return 'partially_paid';
  return 'open';
}

export interface PaymentRequest {
  amountCents: Cents;
  method: PaymentMethod;
  paidOn: IsoDate;
}

export interface PayableInvoice extends InvoiceState {
  number: string;
  issuedOn: IsoDate;
  /** The entry-fee invoice: paid in one go, by card, AMEX or transfer (art. 7.3.3). */
  isEntryFee: boolean;
}

/** Whether a payment may be recorded against an invoice. */
export function checkPayment(inv: PayableInvoice, p: PaymentRequest): Decision {
  if (inv.kind === 'credit_note') return refused(ART_INVOICING, `${inv.number} is a credit note: it is not paid`);
  if (p.amountCents <= 0) return refused(ART_PAY_BY, 'a payment must be a positive amount');
  if (p.paidOn < inv.issuedOn) return refused(ART_PAY_BY, `payment dated ${p.paidOn} is before the invoice date ${inv.issuedOn}`);
  const outstanding = outstandingOf(inv);
  if (outstanding === 0) return refused(ART_PAY_BY, `${inv.number} has nothing outstanding`);
  if (p.amountCents > outstanding)
    return refused(
      ART_PAY_BY,
      `overpayment: ${formatEuros(p.amountCents)} exceeds the ${formatEuros(outstanding)} outstanding on ${inv.number}`,
    );
  if (inv.isEntryFee) {
    if (p.method === 'sepa')
      return refused(ART_PAYMENT_MEANS, 'the entry fee is paid by card, AMEX or bank transfer, not by SEPA direct debit');
    if (p.amountCents !== outstanding)
      return refused(
        ART_PAYMENT_MEANS,
        `the entry fee is paid in one go: ${formatEuros(outstanding)} expected, got ${formatEuros(p.amountCents)}`,
      );
  }
  return { ok: true, article: ART_PAY_BY };
}
