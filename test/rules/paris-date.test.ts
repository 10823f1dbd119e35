import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parisDate } from '../../src/rules/dates.js';

/** The reference: ICU's time-zone data, as `Intl` reads it (40 ms to load at each start: not used at run time). */
const ICU = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
const icu = (ms: number) => ICU.format(new Date(ms));

describe('parisDate: the calendar date in Europe/Paris of an instant (RULES.md: dates are Paris dates)', () => {
  it('around midnight in winter (UTC+1) and in summer (UTC+2)', () => {
    expect(parisDate(Date.UTC(2026, 11, 6, 22, 59, 59))).toBe('2026-12-06');
    expect(parisDate(Date.UTC(2026, 11, 6, 23, 0, 0))).toBe('2026-12-07');
    expect(parisDate(Date.UTC(2026, 6, 14, 21, 59, 59))).toBe('2026-07-14');
    expect(parisDate(Date.UTC(2026, 6, 14, 22, 0, 0))).toBe('2026-07-15');
    expect(parisDate(Date.UTC(2026, 11, 31, 23, 30))).toBe('2027-01-01');
  });

  it('on the changes of time: last Sunday of March and of October at 01:00 UTC', () => {
    // 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC); 25 October 2026: 03:00 CEST becomes 02:00 CET
    expect(parisDate(Date.UTC(2026, 2, 28, 22, 59))).toBe('2026-03-28');
    expect(parisDate(Date.UTC(2026, 2, 28, 23, 0))).toBe('2026-03-29');
    expect(parisDate(Date.UTC(2026, 9, 24, 21, 59))).toBe('2026-10-24');
    expect(parisDate(Date.UTC(2026, 9, 24, 22, 0))).toBe('2026-10-25');
    expect(parisDate(Date.UTC(2026, 9, 25, 22, 59))).toBe('2026-10-25');
    expect(parisDate(Date.UTC(2026, 9, 25, 23, 0))).toBe('2026-10-26');
  });

  it('agrees with ICU on every hour around every change of time, 2000–2040', () => {
    for (let y = 2000; y <= 2040; y++) {
      for (const month of [2, 9]) {
        const from = Date.UTC(y, month, 20);
        for (let ms = from; ms < from + 14 * 86_400_000; ms += 1_800_000) expect(parisDate(ms), new Date(ms).toISOString()).toBe(icu(ms));
      }
    }
  });

  it('agrees with ICU on any instant, 1996–2100 (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1996, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => parisDate(ms) === icu(ms)),
      { numRuns: 20_000 },
    );
  });
});
