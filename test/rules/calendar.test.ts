import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMinutes,
  checkWindow,
  contractYear,
  endOfStored,
  formatLocalDateTime,
  holidayOn,
  holidayRegion,
  isBusinessDay,
  parseLocalDateTime,
  slaDeadline,
} from '../../src/rules/calendar.js';
import { addDays, dayOfWeek } from '../../src/rules/dates.js';

const at = (s: string) => parseLocalDateTime(s)!;

describe('local date-times', () => {
  it('parses YYYY-MM-DDTHH:MM and rejects impossible ones', () => {
    expect(parseLocalDateTime('2026-03-02T09:30')).toEqual({ date: '2026-03-02', minutes: 570 });
    expect(parseLocalDateTime('2026-03-02 09:30')).toEqual({ date: '2026-03-02', minutes: 570 });
    expect(parseLocalDateTime('2026-02-30T09:30')).toBeNull();
    expect(parseLocalDateTime('2026-03-02T24:00')).toBeNull();
    expect(parseLocalDateTime('2026-03-02')).toBeNull();
    expect(formatLocalDateTime(addMinutes(at('2026-03-02T23:30'), 45))).toBe('2026-03-03T00:15');
  });
});

describe('public holidays by address (RULES.md §4 decision, date-holidays)', () => {
  it('picks the calendar of the département', () => {
    expect(holidayRegion('75')).toEqual({ country: 'FR' });
    expect(holidayRegion('67')).toEqual({ country: 'FR', state: '67' });
    expect(holidayRegion('57')).toEqual({ country: 'FR', state: '57' });
    expect(holidayRegion('98')).toEqual({ country: 'MC' });
  });

  it('Good Friday is a holiday in Alsace-Moselle only', () => {
    expect(holidayOn('2026-04-03', '67')).not.toBeNull();
    expect(holidayOn('2026-04-03', '68')).not.toBeNull();
    expect(holidayOn('2026-04-03', '57')).not.toBeNull();
    expect(holidayOn('2026-04-03', '75')).toBeNull();
    expect(holidayOn('2026-04-03', '98')).toBeNull(); // an observance in Monaco, not a day off
  });

  it('26 December is a holiday in Metz, not in Paris', () => {
    expect(holidayOn('2025-12-26', '57')).not.toBeNull();
    expect(holidayOn('2025-12-26', '75')).toBeNull();
  });

  it('Monaco has its own holidays (Fête du Prince, Sainte Dévote) and not the French ones', () => {
    expect(holidayOn('2026-11-19', '98')).toMatch(/Prince/);
    expect(holidayOn('2026-01-27', '98')).not.toBeNull();
    expect(holidayOn('2026-11-19', '75')).toBeNull();
    expect(holidayOn('2026-07-14', '98')).toBeNull();
    expect(holidayOn('2026-07-14', '75')).not.toBeNull();
  });

  it('Monaco: 1 Jan, 1 May, 15 Aug, 1 Nov, 19 Nov, 25 Dec on a Sunday make the Monday a holiday; not Sainte Dévote', () => {
    // loi n° 798: the Monday after a Sunday 1 January (2023), 1 November (2026), 15 August (2027)
    expect(holidayOn('2023-01-02', '98')).not.toBeNull();
    expect(holidayOn('2026-11-02', '98')).not.toBeNull();
    expect(holidayOn('2027-08-16', '98')).not.toBeNull();
    expect(holidayOn('2023-11-20', '98')).not.toBeNull(); // Fête du Prince, Sunday 19 November 2023
    expect(holidayOn('2022-05-02', '98')).not.toBeNull(); // 1 May 2022 was a Sunday
    expect(holidayOn('2022-12-26', '98')).not.toBeNull(); // 25 December 2022 was a Sunday
    expect(holidayOn('2030-01-28', '98')).toBeNull(); // Sainte Dévote on Sunday 27 January 2030: no Monday off
    expect(holidayOn('2024-12-09', '98')).toBeNull(); // 8 December 2024 was a Sunday: no Monday off
    // France has no substitute days
    expect(holidayOn('2026-11-02', '75')).toBeNull();
    expect(checkWindow('technician', 'A', at('2026-11-02T10:00'), 60, '98').ok).toBe(false);
  });

  it('observances are not holidays; business days are Mon–Fri minus holidays', () => {
    expect(holidayOn('2026-05-31', '75')).toBeNull(); // Fête des Mères
    expect(isBusinessDay('2026-05-01', '75')).toBe(false);
    expect(isBusinessDay('2026-05-02', '75')).toBe(false); // Saturday
    expect(isBusinessDay('2026-05-04', '75')).toBe(true);
  });
});

describe('windows (art. 5.2.2, 5.4.1, 5.5)', () => {
  it('a tier-B technician visit at 15:30 for 45 minutes is refused: it would end after 16:00', () => {
    const d = checkWindow('technician', 'B', at('2026-03-02T15:30'), 45, '59');
    expect(d.ok).toBe(false);
    expect(d.article).toBe('5.2.2');
    if (!d.ok) expect(d.reason).toMatch(/16:15.*after 16:00/);
    expect(checkWindow('technician', 'B', at('2026-03-02T15:15'), 45, '59').ok).toBe(true);
    expect(checkWindow('technician', 'A', at('2026-03-02T15:30'), 45, '75').ok).toBe(true);
  });

  it('start and end bounds are inclusive; before opening is refused', () => {
    expect(checkWindow('technician', 'A', at('2026-03-02T09:00'), 600, '75').ok).toBe(true);
    expect(checkWindow('technician', 'A', at('2026-03-02T08:59'), 30, '75').ok).toBe(false);
    expect(checkWindow('coach', 'A', at('2026-03-02T08:00'), 720, '75').ok).toBe(true);
    expect(checkWindow('coach', 'B', at('2026-03-02T08:00'), 60, '59').ok).toBe(false);
    expect(checkWindow('coach', 'B', at('2026-03-02T17:00'), 60, '59').ok).toBe(true);
    expect(checkWindow('coach', 'B', at('2026-03-02T17:00'), 61, '59').article).toBe('5.4.1');
  });

  it('Airbox repairs: Saturday allowed in tier A only', () => {
    expect(checkWindow('airbox', 'A', at('2026-03-07T10:00'), 60, '75').ok).toBe(true);
    const b = checkWindow('airbox', 'B', at('2026-03-07T10:00'), 60, '59');
    expect(b).toMatchObject({ ok: false, article: '5.5' });
    expect(checkWindow('technician', 'A', at('2026-03-07T10:00'), 60, '75').ok).toBe(false);
    expect(checkWindow('airbox', 'A', at('2026-03-08T10:00'), 60, '75').ok).toBe(false); // Sunday
  });

  it('Good Friday: refused in Strasbourg, allowed in Paris; 19 November refused in Monaco', () => {
    const sxb = checkWindow('technician', 'B', at('2026-04-03T10:00'), 60, '67');
    expect(sxb.ok).toBe(false);
    if (!sxb.ok) expect(sxb.reason).toMatch(/public holiday/);
    expect(checkWindow('technician', 'A', at('2026-04-03T10:00'), 60, '75').ok).toBe(true);
    expect(checkWindow('technician', 'A', at('2026-11-19T10:00'), 60, '98').ok).toBe(false);
    expect(checkWindow('technician', 'A', at('2026-11-19T10:00'), 60, '75').ok).toBe(true);
    expect(checkWindow('technician', 'B', at('2025-12-26T10:00'), 60, '57').ok).toBe(false);
  });

  it('property: a visit accepted in a window starts and ends inside it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 720 }), (start, minutes) => {
        const p = { date: '2026-03-04', minutes: start }; // a Wednesday
        const ok = checkWindow('technician', 'B', p, minutes, '59').ok;
        expect(ok).toBe(start >= 540 && start + minutes <= 960);
      }),
    );
  });
});

describe('the 72-business-hour deadline (tier B decision: 3 business days, same time)', () => {
  it('plain week: Monday 10:00 → Thursday 10:00', () => {
    expect(formatLocalDateTime(slaDeadline(at('2026-03-02T10:00'), '59'))).toBe('2026-03-05T10:00');
  });

  it('across a weekend and a holiday: Thursday 30 April → Wednesday 6 May (1 May off)', () => {
    expect(formatLocalDateTime(slaDeadline(at('2026-04-30T10:00'), '59'))).toBe('2026-05-06T10:00');
  });

  it('across Easter: Strasbourg loses Good Friday too', () => {
    expect(formatLocalDateTime(slaDeadline(at('2026-04-01T14:00'), '59'))).toBe('2026-04-07T14:00');
    expect(formatLocalDateTime(slaDeadline(at('2026-04-01T14:00'), '67'))).toBe('2026-04-08T14:00');
  });

  it('a request on Saturday counts from Monday', () => {
    expect(formatLocalDateTime(slaDeadline(at('2026-03-07T11:00'), '59'))).toBe('2026-03-11T11:00');
  });

  it('property: the deadline is a business day, 3 to 12 days later, same time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 1439 }), (offset, minutes) => {
        const date = addDays('2025-06-01', offset);
        const d = slaDeadline({ date, minutes }, '67');
        expect(d.minutes).toBe(minutes);
        expect(isBusinessDay(d.date, '67')).toBe(true);
        const gap = (Date.parse(d.date) - Date.parse(date)) / 86_400_000;
        expect(gap).toBeGreaterThanOrEqual(3);
        expect(gap).toBeLessThanOrEqual(12);
        expect(dayOfWeek(d.date)).not.toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('contract year (RULES.md §4 decision)', () => {
  it('runs from the start to the day before the anniversary', () => {
    expect(contractYear('2026-01-15', '2026-01-15')).toEqual({ index: 1, from: '2026-01-15', to: '2027-01-14' });
    expect(contractYear('2026-01-15', '2027-01-14')).toEqual({ index: 1, from: '2026-01-15', to: '2027-01-14' });
    expect(contractYear('2026-01-15', '2027-01-15')).toEqual({ index: 2, from: '2027-01-15', to: '2028-01-14' });
    expect(contractYear('2026-01-15', '2026-01-14')).toBeNull();
  });

  it('a start on 29 February has its anniversary on 28 February', () => {
    expect(contractYear('2024-02-29', '2025-02-27')).toMatchObject({ index: 1, to: '2025-02-27' });
    expect(contractYear('2024-02-29', '2025-02-28')).toMatchObject({ index: 2, from: '2025-02-28', to: '2026-02-27' });
    expect(contractYear('2024-02-29', '2028-02-29')).toMatchObject({ index: 5, from: '2028-02-29' });
  });

  it('property: years contain the date, last 365 or 366 days and follow each other', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 4000 }), (s, o) => {
        const start = addDays('2020-01-01', s);
        const on = addDays(start, o);
        const y = contractYear(start, on)!;
        expect(y.from <= on && on <= y.to).toBe(true);
        const next = contractYear(start, addDays(y.to, 1))!;
        expect(next.index).toBe(y.index + 1);
        expect(next.from).toBe(addDays(y.to, 1));
        const len = (Date.parse(y.to) - Date.parse(y.from)) / 86_400_000 + 1;
        expect(len === 365 || len === 366 || len === 364).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('endOfStored (intervene list, once per row)', () => {
  it('equals parsing, adding and formatting, the same day or across midnight', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 3000 }),
        (d, minutes) => {
          const start = d.toISOString().slice(0, 16);
          expect(endOfStored(start, minutes)).toBe(formatLocalDateTime(addMinutes(parseLocalDateTime(start)!, minutes)));
        },
      ),
    );
  });
});
