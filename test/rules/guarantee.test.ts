/** Art. 7.1: a financial guarantee asked, received, applied to what is late, given back. The subscription of annex 1 is 250 € TTC. */
import { describe, expect, it } from 'vitest';
import {
  availableFrom,
  checkApply,
  checkReceive,
  checkRequest,
  guaranteeOverdue,
  heldOn,
  releasePlan,
  type GuaranteeMoveRow,
} from '../../src/rules/guarantee.js';

const SUB = 25_000; // annex 1: the monthly subscription, TTC
const asked = { amountCents: 2 * SUB, requestedOn: '2027-03-01', dueOn: '2027-03-15' };

describe('financial guarantee (art. 7.1)', () => {
  it('a request names a positive amount and a date no earlier than itself', () => {
    expect(checkRequest(asked)).toMatchObject({ ok: true, article: '7.1' });
    expect(checkRequest({ ...asked, dueOn: '2027-02-28' })).toMatchObject({ ok: false, article: '7.1' });
    expect(checkRequest({ ...asked, amountCents: 0 })).toMatchObject({ ok: false, article: '7.1' });
  });

  it('receives at most what was asked, not before the request', () => {
    const got: GuaranteeMoveRow[] = [{ kind: 'received', on: '2027-03-10', amountCents: SUB }];
    expect(checkReceive(asked, got, { amountCents: SUB, on: '2027-03-20' }).ok).toBe(true);
    const over = checkReceive(asked, got, { amountCents: SUB + 1, on: '2027-03-20' });
    expect(over).toMatchObject({ ok: false, article: '7.1' });
    expect(checkReceive(asked, [], { amountCents: SUB, on: '2027-02-28' })).toMatchObject({ ok: false, article: '7.1' });
  });

  it('held on a date counts the moves dated by then; what may go out is the least held from then on', () => {
    const moves: GuaranteeMoveRow[] = [
      { kind: 'received', on: '2027-03-10', amountCents: 2 * SUB },
      { kind: 'applied', on: '2027-05-20', amountCents: SUB },
    ];
    expect(heldOn(moves, '2027-03-09')).toBe(0);
    expect(heldOn(moves, '2027-04-01')).toBe(2 * SUB);
    expect(heldOn(moves, '2027-05-20')).toBe(SUB);
    // on 1 April 500 € are held, but 250 € already went out on 20 May: only 250 € may go out on 1 April
    expect(availableFrom(moves, '2027-04-01')).toBe(SUB);
  });

  it('is applied only to what is late, never to a contested amount (art. 7.3.6), within what is held', () => {
    const moves: GuaranteeMoveRow[] = [{ kind: 'received', on: '2027-03-10', amountCents: SUB }];
    const inv = { number: 'F2027-000010', payBy: '2027-05-10', lateCents: SUB, contestedCents: 0, isEntryFee: false };
    expect(checkApply(moves, inv, { amountCents: SUB, on: '2027-05-20' })).toMatchObject({ ok: true, article: '7.1' });
    expect(checkApply(moves, { ...inv, lateCents: 0 }, { amountCents: SUB, on: '2027-05-10' })).toMatchObject({ ok: false, article: '7.1' });
    expect(checkApply(moves, { ...inv, lateCents: 0, contestedCents: SUB }, { amountCents: SUB, on: '2027-05-20' })).toMatchObject({
      ok: false,
      article: '7.3.6',
    });
    expect(checkApply(moves, { ...inv, lateCents: 2 * SUB }, { amountCents: SUB + 1, on: '2027-05-20' })).toMatchObject({ ok: false, article: '7.1' });
    expect(checkApply(moves, inv, { amountCents: SUB + 1, on: '2027-05-20' })).toMatchObject({ ok: false, article: '7.1' });
    expect(checkApply([], inv, { amountCents: 0, on: '2027-05-20' })).toMatchObject({ ok: false, article: '7.1' });
    // the entry fee is the member's own payment in one go (art. 7.3.3), late or not
    expect(checkApply(moves, { ...inv, isEntryFee: true }, { amountCents: SUB, on: '2027-05-20' })).toMatchObject({ ok: false, article: '7.3.3' });
  });

  it('given back: first settles what is due, oldest first, then returns the rest', () => {
    const moves: GuaranteeMoveRow[] = [{ kind: 'received', on: '2027-03-10', amountCents: 2 * SUB }];
    const due = [
      { invoiceId: 1, number: 'F2027-000001', dueCents: 10_000 },
      { invoiceId: 2, number: 'F2027-000002', dueCents: SUB },
    ];
    const d = releasePlan(moves, due, '2027-09-01');
    expect(d.ok && d.value).toEqual({
      applied: [
        { invoiceId: 1, number: 'F2027-000001', amountCents: 10_000 },
        { invoiceId: 2, number: 'F2027-000002', amountCents: SUB },
      ],
      givenBackCents: 2 * SUB - 10_000 - SUB,
    });
    const all = releasePlan(moves, [{ invoiceId: 3, number: 'F2027-000003', dueCents: 3 * SUB }], '2027-09-01');
    expect(all.ok && all.value).toEqual({ applied: [{ invoiceId: 3, number: 'F2027-000003', amountCents: 2 * SUB }], givenBackCents: 0 });
    expect(releasePlan([], due, '2027-09-01')).toMatchObject({ ok: false, article: '7.1' });
  });

  it('is overdue when not fully received after its due date', () => {
    const part: GuaranteeMoveRow[] = [{ kind: 'received', on: '2027-03-10', amountCents: SUB }];
    expect(guaranteeOverdue(asked, part, '2027-03-15')).toBe(false);
    expect(guaranteeOverdue(asked, part, '2027-03-16')).toBe(true);
    expect(guaranteeOverdue(asked, [...part, { kind: 'received', on: '2027-03-16', amountCents: SUB }], '2027-03-16')).toBe(false);
  });
});
