import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT_CENTS } from '../../src/rules/money.js';
import { shareCredit } from '../../src/rules/invoices.js';

describe('shareCredit: a credit note gives back each VAT part of an invoice in proportion (RULES.md §10)', () => {
  it('a taxed invoice: one credit share; late charges: shared between penalty and indemnity, largest remainder', () => {
    expect(shareCredit({ credit: 25_000, penalty: 0, indemnity: 0 }, 10_000)).toEqual([{ part: 'credit', cents: 10_000 }]);
    expect(shareCredit({ credit: 0, penalty: 1_000, indemnity: 4_000 }, 1_001)).toEqual([
      { part: 'penalty', cents: 200 },
      { part: 'indemnity', cents: 801 },
    ]);
    expect(shareCredit({ credit: 0, penalty: 1, indemnity: 1 }, 1)).toEqual([{ part: 'penalty', cents: 1 }]);
  });

  it('the shares add up to the amount, stay within each part when the amount does, and crediting all that remains gives back each part', () => {
    const cents = fc.integer({ min: 0, max: MAX_AMOUNT_CENTS });
    fc.assert(
      fc.property(cents, cents, cents, fc.integer({ min: 1, max: MAX_AMOUNT_CENTS }), (credit, penalty, indemnity, wanted) => {
        const remaining = { credit, penalty, indemnity };
        const total = credit + penalty + indemnity;
        fc.pre(total > 0);
        const amount = Math.min(wanted, total);
        const shares = shareCredit(remaining, amount);
        expect(shares.reduce((n, s) => n + s.cents, 0)).toBe(amount);
        for (const s of shares) {
          expect(s.cents).toBeGreaterThan(0);
          expect(s.cents).toBeLessThanOrEqual(remaining[s.part]);
        }
        if (amount === total)
          expect(shares).toEqual((['credit', 'penalty', 'indemnity'] as const).filter((p) => remaining[p] > 0).map((p) => ({ part: p, cents: remaining[p] })));
      }),
    );
  });
});
