import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPayment,
  formatInvoiceNumber,
  invoiceStatus,
  outstandingOf,
  parseInvoiceNumber,
  payByDate,
  seriesName,
  type PayableInvoice,
} from '../../src/rules/invoices.js';
import { checkPriceChange, checkWithdrawal, versionInForce } from '../../src/rules/prices.js';
import {
  checkAddSubscription,
  checkDelegate,
  checkExtraSite,
  checkHonorary,
  checkMobileLine,
  checkProtectedDevice,
  checkRemoveSubscription,
  admissionTerms,
  statusAfterEntryFee,
} from '../../src/rules/membership.js';
import { splitInvoice } from '../../src/rules/money.js';

const inv = (o: Partial<PayableInvoice> = {}): PayableInvoice => ({
  number: 'F2026-000001',
  kind: 'invoice',
  issuedOn: '2026-12-10',
  payBy: '2026-12-20',
  totalTtcCents: 150000,
  paidCents: 0,
  creditedCents: 0,
  openDisputeCents: 0,
  isEntryFee: false,
  ...o,
});

describe('invoice numbering (RULES.md §6)', () => {
  it('formats F/A series per year, six digits', () => {
    expect(formatInvoiceNumber('invoice', 2026, 1)).toBe('F2026-000001');
    expect(formatInvoiceNumber('credit_note', 2027, 42)).toBe('A2027-000042');
    expect(seriesName('invoice', '2026-12-31')).toBe('invoice:2026');
    expect(seriesName('credit_note', '2027-01-01')).toBe('credit_note:2027');
  });
  it('property: parse ∘ format is the identity', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('invoice' as const, 'credit_note' as const),
        fc.integer({ min: 2000, max: 2999 }),
        fc.integer({ min: 1, max: 999_999 }),
        (k, y, n) => {
          expect(parseInvoiceNumber(formatInvoiceNumber(k, y, n))).toEqual({ kind: k, year: y, n });
        },
      ),
    );
  });
});

describe('pay-by and status (art. 7.3.5)', () => {
  it('pay-by is the invoice date + 10 days, across month and year ends', () => {
    expect(payByDate('2026-12-10')).toBe('2026-12-20');
    expect(payByDate('2026-12-25')).toBe('2027-01-04');
    expect(payByDate('2027-02-25')).toBe('2027-03-07');
  });
  it('derives open, partially_paid, paid, late, disputed, credited', () => {
    expect(invoiceStatus(inv(), '2026-12-20')).toBe('open');
    expect(invoiceStatus(inv(), '2026-12-21')).toBe('late');
    expect(invoiceStatus(inv({ paidCents: 100 }), '2026-12-15')).toBe('partially_paid');
    expect(invoiceStatus(inv({ paidCents: 100 }), '2026-12-21')).toBe('late');
    expect(invoiceStatus(inv({ paidCents: 150000 }), '2027-05-01')).toBe('paid');
    // a dispute suspends only its part: the rest past pay-by is late (art. 7.3.6)
    expect(invoiceStatus(inv({ openDisputeCents: 150000 }), '2026-12-21')).toBe('disputed');
    expect(invoiceStatus(inv({ openDisputeCents: 9000 }), '2026-12-21')).toBe('late');
    expect(invoiceStatus(inv({ openDisputeCents: 9000 }), '2026-12-20')).toBe('disputed');
    expect(invoiceStatus(inv({ creditedCents: 150000 }), '2026-12-21')).toBe('credited');
    expect(invoiceStatus(inv({ creditedCents: 50000, paidCents: 100000 }), '2026-12-21')).toBe('paid');
    // a credit note is not paid: no status (issue 21)
    expect(invoiceStatus(inv({ kind: 'credit_note' }), '2026-12-21')).toBeNull();
  });
  it('property: outstanding = max(0, TTC − paid − credited)', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(1_000_000), fc.nat(1_000_000), (t, p, c) => {
        expect(outstandingOf({ kind: 'invoice', totalTtcCents: t, paidCents: p, creditedCents: c })).toBe(Math.max(0, t - p - c));
      }),
    );
  });
});

describe('payments', () => {
  it('partial payments are allowed, an overpayment is bad input (not a refusal of art. 7.3.5)', () => {
    expect(checkPayment(inv({ paidCents: 100000 }), { amountCents: 50000, method: 'sepa', paidOn: '2026-12-11' }).ok).toBe(true);
    const over = checkPayment(inv({ paidCents: 100000 }), { amountCents: 50001, method: 'sepa', paidOn: '2026-12-11' });
    expect(over).toMatchObject({ ok: false, input: true });
    expect(checkPayment(inv({ paidCents: 150000 }), { amountCents: 1, method: 'sepa', paidOn: '2026-12-11' })).toMatchObject({ ok: false, input: true });
  });
  it('the entry fee: card, AMEX or transfer, in one go (art. 7.3.3)', () => {
    const e = inv({ isEntryFee: true });
    for (const method of ['card', 'amex', 'transfer'] as const) expect(checkPayment(e, { amountCents: 150000, method, paidOn: '2026-12-11' }).ok).toBe(true);
    expect(checkPayment(e, { amountCents: 150000, method: 'sepa', paidOn: '2026-12-11' })).toMatchObject({ ok: false, article: '7.3.3' });
    expect(checkPayment(e, { amountCents: 75000, method: 'card', paidOn: '2026-12-11' })).toMatchObject({ ok: false, article: '7.3.3' });
  });
  it('a credit note is not paid; a payment is not dated before the invoice', () => {
    expect(checkPayment(inv({ kind: 'credit_note' }), { amountCents: 1, method: 'card', paidOn: '2026-12-11' }).ok).toBe(false);
    expect(checkPayment(inv(), { amountCents: 1, method: 'card', paidOn: '2026-12-09' }).ok).toBe(false);
  });
  it('the entry fee 1 500,00 € TTC splits into 1 250,00 € HT + 250,00 € VAT', () => {
    expect(splitInvoice([{ ttcCents: 150000 }])).toEqual({ ttcCents: 150000, htCents: 125000, vatCents: 25000 });
  });
});

describe('prices (art. 7.2, 9)', () => {
  it('a change needs one month of notice, a withdrawal three', () => {
    expect(checkPriceChange('2027-01-15', '2027-02-15').ok).toBe(true);
    expect(checkPriceChange('2027-01-15', '2027-02-14')).toMatchObject({ ok: false, article: '7.2' });
    expect(checkPriceChange('2027-01-31', '2027-02-28').ok).toBe(true); // dayjs clamps to month end
    expect(checkWithdrawal('2027-01-15', '2027-04-15').ok).toBe(true);
    expect(checkWithdrawal('2027-01-15', '2027-04-14')).toMatchObject({ ok: false, article: '9' });
  });
  it('the version in force is the latest effective on the date', () => {
    const vs = [
      { item: 'subscription', ttcCents: 25000, effectiveFrom: '2025-06-01', announcedOn: '2025-06-01' },
      { item: 'subscription', ttcCents: 26000, effectiveFrom: '2027-03-01', announcedOn: '2027-01-15' },
      { item: 'mail', ttcCents: null, effectiveFrom: '2027-06-01', announcedOn: '2027-02-01' },
    ];
    expect(versionInForce(vs, 'subscription', '2027-02-28')?.ttcCents).toBe(25000);
    expect(versionInForce(vs, 'subscription', '2027-03-01')?.ttcCents).toBe(26000);
    expect(versionInForce(vs, 'mail', '2027-06-01')?.ttcCents).toBeNull();
    expect(versionInForce(vs, 'subscription', '2025-05-31')).toBeUndefined();
  });
});

describe('member limits', () => {
  it('≤ 5 extra sites (art. 5.11)', () => {
    expect(checkExtraSite(4).ok).toBe(true);
    expect(checkExtraSite(5)).toMatchObject({ ok: false, article: '5.11' });
  });
  it('1–2 Orange subscriptions per address (art. 3.4); the last of the main address ends the contract (art. 10.1)', () => {
    expect(checkAddSubscription(1).ok).toBe(true);
    expect(checkAddSubscription(2)).toMatchObject({ ok: false, article: '3.4' });
    expect(checkRemoveSubscription(2, true)).toEqual({ ok: true, article: '3.4', endsContract: false });
    expect(checkRemoveSubscription(1, true)).toEqual({ ok: true, article: '10.1', endsContract: true });
    expect(checkRemoveSubscription(1, false)).toMatchObject({ ok: false, article: '3.4' });
  });
  it('the contract ends only when the member has no Orange subscription left at all (art. 10.1)', () => {
    // the main address's last subscription while an extra site still holds one: not the end of the contract
    expect(checkRemoveSubscription(1, true, 1)).toMatchObject({ ok: false, article: '3.4' });
    expect(checkRemoveSubscription(2, true, 1)).toEqual({ ok: true, article: '3.4', endsContract: false });
    expect(checkRemoveSubscription(1, true, 0)).toEqual({ ok: true, article: '10.1', endsContract: true });
  });
  it('≤ 5 mobile lines, Sosh/Mobicarte/locked plans excluded (art. 5.6)', () => {
    expect(checkMobileLine(4, 'orange').ok).toBe(true);
    expect(checkMobileLine(5, 'orange')).toMatchObject({ ok: false, article: '5.6' });
    for (const p of ['sosh', 'mobicarte', 'locked']) expect(checkMobileLine(0, p)).toMatchObject({ ok: false, article: '5.6' });
  });
  it('≤ 20 Bitdefender devices, with the option (art. 5.3)', () => {
    expect(checkProtectedDevice(19, true).ok).toBe(true);
    expect(checkProtectedDevice(20, true)).toMatchObject({ ok: false, article: '5.3' });
    expect(checkProtectedDevice(0, false)).toMatchObject({ ok: false, article: '5.3' });
  });
  it('a delegate is replaced only with a written notice (definitions, art. 1)', () => {
    expect(checkDelegate(false, null).ok).toBe(true);
    expect(checkDelegate(true, null)).toMatchObject({ ok: false, article: '1' });
    expect(checkDelegate(true, '2027-01-04').ok).toBe(true);
  });
  it('the written notice must precede the replacement it allows (or be the same day)', () => {
    expect(checkDelegate(true, '2027-01-04', '2027-01-04').ok).toBe(true);
    expect(checkDelegate(true, '2027-01-04', '2027-01-10').ok).toBe(true);
    expect(checkDelegate(true, '2027-01-11', '2027-01-10')).toMatchObject({ ok: false, article: '1' });
  });
  it('honorary: terminated, never under recovery; a returning honorary pays no entry fee, gets no gift', () => {
    expect(checkHonorary('terminated', false, false).ok).toBe(true);
    expect(checkHonorary('active', false, false).ok).toBe(false);
    expect(checkHonorary('terminated', true, false).ok).toBe(false);
    expect(admissionTerms(true)).toEqual({ entryFee: false, welcomeGift: false, initialStatus: 'active' });
    expect(admissionTerms(false)).toEqual({ entryFee: true, welcomeGift: true, initialStatus: 'pending' });
    expect(statusAfterEntryFee('pending')).toBe('active');
    expect(statusAfterEntryFee('suspended')).toBeNull();
  });
});
