import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { giveBackAmounts } from '../../src/rules/billing.js';

describe('giveBackAmounts: months billed after an item ends are not due (art. 7.3.4)', () => {
  const at = (endOn: string) => ['2026-12', '2027-01', '2027-02'].map((period) => ({ period, ttcCents: 10000, endOn }));

  it("the contract's numbers: an option of 100,00 € ended on 15/12/2026, billed for January and February", () => {
    expect(giveBackAmounts(at('2026-12-15'), 1_000_000)).toEqual([0, 10000, 10000]); // December begun: due in full
    expect(giveBackAmounts(at('2026-12-31'), 15000)).toEqual([0, 10000, 5000]); // at most what is left to credit
    expect(giveBackAmounts(at('2027-02-01'), 1_000_000)).toEqual([0, 0, 0]);
    expect(giveBackAmounts(at('2026-11-30'), 0)).toEqual([0, 0, 0]);
  });

  it('decision: what the Desk credited by hand on the invoice is presumed to be those months, first', () => {
    expect(giveBackAmounts(at('2026-12-15'), 1_000_000, 10000)).toEqual([0, 0, 10000]);
    expect(giveBackAmounts(at('2026-12-15'), 1_000_000, 15000)).toEqual([0, 0, 5000]);
    expect(giveBackAmounts(at('2026-12-15'), 1_000_000, 50000)).toEqual([0, 0, 0]);
    // lines of items ended on different days, each judged by its own end
    expect(
      giveBackAmounts(
        [
          { period: '2027-01', ttcCents: 25000, endOn: '2027-01-31' },
          { period: '2027-01', ttcCents: 10000, endOn: '2026-12-15' },
        ],
        1_000_000,
      ),
    ).toEqual([0, 10000]);
  });

  it('property: each month after its end gives back at most its amount, nothing before; in all, never more than creditable nor than what the hand left', () => {
    const month = fc.integer({ min: 2026 * 12, max: 2030 * 12 }).map((n) => `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`);
    const line = fc.record({ period: month, ttcCents: fc.integer({ min: 0, max: 1_000_000 }), endOn: month.map((m) => `${m}-15`) });
    fc.assert(
      fc.property(fc.array(line), fc.integer({ min: -1000, max: 5_000_000 }), fc.integer({ min: -1000, max: 5_000_000 }), (lines, creditable, byHand) => {
        const back = giveBackAmounts(lines, creditable, byHand);
        expect(back).toHaveLength(lines.length);
        let sum = 0;
        back.forEach((b, i) => {
          expect(Number.isSafeInteger(b)).toBe(true);
          expect(b).toBeGreaterThanOrEqual(0);
          expect(b).toBeLessThanOrEqual(lines[i]!.ttcCents);
          if (lines[i]!.period <= lines[i]!.endOn.slice(0, 7)) expect(b).toBe(0);
          sum += b;
        });
        const notDue = lines.filter((l) => l.period > l.endOn.slice(0, 7)).reduce((s, l) => s + l.ttcCents, 0);
        expect(sum).toBe(Math.min(Math.max(0, notDue - Math.max(0, byHand)), Math.max(0, creditable)));
      }),
    );
  });
});
