/** addDays and daysBetween (hand-rolled for lists, issue 14) agree with dayjs's calendar arithmetic. */
import dayjs from 'dayjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, daysInMonth, nextMonth } from '../../src/rules/dates.js';

const isoDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('calendar arithmetic', () => {
  it('addDays is dayjs add(n, "day"), across month ends, leap days and DST changes', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -4000, max: 4000 }), (d, n) => {
        expect(addDays(d, n)).toBe(dayjs(d).add(n, 'day').format('YYYY-MM-DD'));
      }),
    );
    expect(addDays('2028-02-25', 7)).toBe('2028-03-03');
    expect(addDays('2026-03-27', 7)).toBe('2026-04-03');
  });

  it('daysBetween is dayjs diff in days', () => {
    fc.assert(
      fc.property(isoDate, isoDate, (a, b) => {
        expect(daysBetween(a, b)).toBe(dayjs(b).diff(dayjs(a), 'day'));
      }),
    );
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
  });

  it('nextMonth and daysInMonth (hand-rolled for the monthly run) are dayjs add(1, "month") and daysInMonth', () => {
    fc.assert(
      fc.property(isoDate, (d) => {
        const m = d.slice(0, 7);
        expect(nextMonth(m)).toBe(dayjs(`${m}-01`).add(1, 'month').format('YYYY-MM'));
        expect(daysInMonth(m)).toBe(dayjs(`${m}-01`).daysInMonth());
      }),
    );
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(nextMonth('2026-09')).toBe('2026-10');
    expect(daysInMonth('2028-02')).toBe(29);
    expect(daysInMonth('2100-02')).toBe(28);
  });
});
