import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { giveBackAmounts } from '../../src/rules/billing.js';

describe('giveBackAmounts: months billed after an item ends are not due (art. 7.3.4)', () => {
  it("the contract's numbers: an option of 100,00 € ended on 15/12/2026, billed for January and February", () => {
    const lines = [
      { period: '2026-12', ttcCents: 10000 },
      { period: '2027-01', ttcCents: 10000 },
      { period: '2027-02', ttcCents: 10000 },
    ];
    expect(giveBackAmounts(lines, '2026-12-15', 1_000_000)).toEqual([0, 10000, 10000]); // December begun: due in full
    expect(giveBackAmounts(lines, '2026-12-31', 15000)).toEqual([0, 10000, 5000]); // at most what is left to credit
    expect(giveBackAmounts(lines, '2027-02-01', 1_000_000)).toEqual([0, 0, 0]);
    expect(giveBackAmounts(lines, '2026-11-30', 0)).toEqual([0, 0, 0]);
  });

  it('property: each month after the end gives back at most its amount, nothing before, never more than creditable in all', () => {
    const month = fc.integer({ min: 2026 * 12, max: 2030 * 12 }).map((n) => `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`);
    fc.assert(
      fc.property(fc.array(fc.record({ period: month, ttcCents: fc.integer({ min: 0, max: 1_000_000 }) })), month, fc.integer({ min: -1000, max: 5_000_000 }), (lines, end, creditable) => {
        const back = giveBackAmounts(lines, `${end}-15`, creditable);
        expect(back).toHaveLength(lines.length);
        let sum = 0;
        back.forEach((b, i) => {
          expect(Number.isSafeInteger(b)).toBe(true);
          expect(b).toBeGreaterThanOrEqual(0);
          expect(b).toBeLessThanOrEqual(lines[i]!.ttcCents);
          if (lines[i]!.period <= end) expect(b).toBe(0);
          sum += b;
        });
        const notDue = lines.filter((l) => l.period > end).reduce((s, l) => s + l.ttcCents, 0);
        expect(sum).toBe(Math.min(notDue, Math.max(0, creditable)));
      }),
    );
  });
});
