/** Issue 25: matching a transfer (rules/bank.ts, RULES.md §6 "bank files in"). */
import { describe, expect, it } from 'vitest';
import { invoiceNumbersIn, matchTransfer, type OpenInvoice } from '../../src/rules/bank.js';

const inv = (number: string, memberId: number, outstandingCents: number, payBy = '2026-12-11'): OpenInvoice => ({
  number,
  kind: 'invoice',
  memberId,
  issuedOn: '2026-12-01',
  payBy,
  totalTtcCents: 25_000,
  paidCents: 25_000 - outstandingCents,
  creditedCents: 0,
  outstandingCents,
  contestedCents: 0,
  isEntryFee: false,
});
const base = { bookedOn: '2026-12-10', payerMembers: [] as number[], ofPayer: [] as OpenInvoice[] };

describe('invoiceNumbersIn', () => {
  it('finds numbers as banks cut them, each once, in order; not inside longer digits', () => {
    expect(invoiceNumbersIn(['Facture F2026-000123 et f2026000124', 'F 2026 000123 / A2026-000002', 'REF12F2026-0001234'])).toEqual([
      'F2026-000123',
      'F2026-000124',
      'A2026-000002',
    ]);
  });
});

describe('matchTransfer', () => {
  it('one named invoice: paid in full or in part; more than owed: the Desk', () => {
    const a = inv('F2026-000001', 1, 25_000);
    expect(matchTransfer({ ...base, amountCents: 10_000, numbers: [a.number], named: [a] })).toEqual({
      ok: true,
      by: 'reference',
      pays: [{ number: a.number, cents: 10_000 }],
    });
    expect(matchTransfer({ ...base, amountCents: 25_001, numbers: [a.number], named: [a] })).toMatchObject({ ok: false, why: 'overpays' });
  });
  it('several named invoices of one member: oldest pay-by first, the last in part; of two members: the Desk', () => {
    const a = inv('F2026-000002', 1, 5_000, '2026-12-20');
    const b = inv('F2026-000001', 1, 3_000, '2026-12-05');
    expect(matchTransfer({ ...base, amountCents: 6_000, numbers: [a.number, b.number], named: [a, b] })).toEqual({
      ok: true,
      by: 'reference',
      pays: [
        { number: b.number, cents: 3_000 },
        { number: a.number, cents: 3_000 },
      ],
    });
    const c = inv('F2026-000003', 2, 1_000);
    expect(matchTransfer({ ...base, amountCents: 6_000, numbers: [a.number, c.number], named: [a, c] })).toMatchObject({ ok: false, why: 'several_members' });
    expect(matchTransfer({ ...base, amountCents: 6_000, numbers: ['F2026-000009'], named: [null] })).toMatchObject({ ok: false, why: 'unknown_invoice' });
  });
  it('by IBAN: only an exact amount; several: the oldest; two members owing it: the Desk; a payment refused: the Desk', () => {
    const a = inv('F2026-000002', 1, 5_000, '2026-12-20');
    const b = inv('F2026-000001', 1, 5_000, '2026-12-05');
    expect(matchTransfer({ ...base, amountCents: 5_000, numbers: [], named: [], payerMembers: [1], ofPayer: [a, b] })).toMatchObject({
      ok: true,
      by: 'iban',
      pays: [{ number: b.number }],
    });
    expect(matchTransfer({ ...base, amountCents: 4_000, numbers: [], named: [], payerMembers: [1], ofPayer: [a, b] })).toMatchObject({
      ok: false,
      why: 'no_exact_amount',
    });
    const c = inv('F2026-000003', 2, 5_000);
    expect(matchTransfer({ ...base, amountCents: 5_000, numbers: [], named: [], payerMembers: [1, 2], ofPayer: [a, c] })).toMatchObject({
      ok: false,
      why: 'shared_account',
    });
    expect(matchTransfer({ ...base, amountCents: 5_000, numbers: [], named: [], payerMembers: [], ofPayer: [] })).toMatchObject({
      ok: false,
      why: 'unknown_payer',
    });
    const fee = { ...inv('F2026-000004', 1, 5_000), isEntryFee: true };
    expect(matchTransfer({ ...base, amountCents: 1_000, numbers: [fee.number], named: [fee] })).toMatchObject({ ok: false, why: 'refused' });
  });

  it('by IBAN: a guarantee of the payer still awaited for exactly the amount (art. 7.1) makes it the Desk’s, an invoice owing it or not', () => {
    const a = inv('F2026-000002', 1, 50_000);
    const ofPayer = [a];
    expect(
      matchTransfer({ ...base, amountCents: 50_000, numbers: [], named: [], payerMembers: [1], ofPayer, guaranteesAwaited: [{ memberId: 1, cents: 50_000 }] }),
    ).toMatchObject({ ok: false, why: 'guarantee_awaited' });
    expect(
      matchTransfer({
        ...base,
        amountCents: 20_000,
        numbers: [],
        named: [],
        payerMembers: [1],
        ofPayer: [],
        guaranteesAwaited: [{ memberId: 1, cents: 20_000 }],
      }),
    ).toMatchObject({
      ok: false,
      why: 'guarantee_awaited',
    });
    // another amount awaited: the invoice is paid as before
    expect(
      matchTransfer({ ...base, amountCents: 50_000, numbers: [], named: [], payerMembers: [1], ofPayer, guaranteesAwaited: [{ memberId: 1, cents: 30_000 }] }),
    ).toMatchObject({ ok: true, by: 'iban', pays: [{ number: a.number, cents: 50_000 }] });
    // a transfer naming its invoice pays it, whatever a guarantee awaits
    expect(
      matchTransfer({
        ...base,
        amountCents: 50_000,
        numbers: [a.number],
        named: [a],
        payerMembers: [],
        ofPayer: [],
        guaranteesAwaited: [{ memberId: 1, cents: 50_000 }],
      }),
    ).toMatchObject({ ok: true, by: 'reference' });
  });
});
