/** Calendar arithmetic on ISO dates (`YYYY-MM-DD`), pure: "today" is always an argument. */
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat.js';

dayjs.extend(customParseFormat);

export type IsoDate = string;

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const FR = /^\d{2}\/\d{2}\/\d{4}$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** True when year/month/day name a real calendar date (years 1000–9999). */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= (m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!);
}

/**
 * Accepts `YYYY-MM-DD` or `DD/MM/YYYY`; returns the ISO date, or null if not a real date.
 * Hand-rolled (no dayjs parse): imports call it millions of times.
 */
export function parseDate(input: string): IsoDate | null {
  const s = input.trim();
  let y: string;
  let m: string;
  let d: string;
  if (ISO.test(s)) {
    y = s.slice(0, 4);
    m = s.slice(5, 7);
    d = s.slice(8, 10);
  } else if (FR.test(s)) {
    d = s.slice(0, 2);
    m = s.slice(3, 5);
    y = s.slice(6, 10);
  } else return null;
  return isRealDate(Number(y), Number(m), Number(d)) ? `${y}-${m}-${d}` : null;
}

export function isIsoDate(s: string): boolean {
  return ISO.test(s) && isRealDate(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));
}

const DAY_MS = 86_400_000;
/** Days since 1970-01-01 of an ISO date (calendar arithmetic, no time zone), or null. */
function epochDay(date: IsoDate): number | null {
  if (!ISO.test(date)) return null;
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

/** Hand-rolled (lists compute a deadline per row): calendar days, the same as dayjs's. */
export function addDays(date: IsoDate, days: number): IsoDate {
  const e = epochDay(date);
  if (e === null || !Number.isInteger(days)) return dayjs(date).add(days, 'day').format('YYYY-MM-DD');
  const iso = new Date((e + days) * DAY_MS).toISOString();
  return iso.length === 24 ? iso.slice(0, 10) : dayjs(date).add(days, 'day').format('YYYY-MM-DD');
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  return dayjs(date).add(months, 'month').format('YYYY-MM-DD');
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  const ea = epochDay(a);
  const eb = epochDay(b);
  if (ea !== null && eb !== null) return eb - ea;
  return dayjs(b).diff(dayjs(a), 'day');
}

const MONTH = /^\d{4}-\d{2}$/;

/** Hand-rolled for a well-formed month (the monthly run asks it per line). */
export function daysInMonth(month: string /* YYYY-MM */): number {
  if (MONTH.test(month)) {
    const y = Number(month.slice(0, 4));
    const m = Number(month.slice(5, 7));
    if (y >= 1000 && m >= 1 && m <= 12) return m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!;
  }
  return dayjs(`${month}-01`).daysInMonth();
}

export function monthOf(date: IsoDate): string {
  return date.slice(0, 7);
}

export function lastDayOfMonth(month: string): IsoDate {
  return `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
}

/** Hand-rolled for a well-formed month (the monthly run asks it per item and period). */
export function nextMonth(month: string): string {
  if (MONTH.test(month)) {
    const y = Number(month.slice(0, 4));
    const m = Number(month.slice(5, 7));
    if (y >= 1000 && y < 9999 && m >= 1 && m <= 12) return m === 12 ? `${y + 1}-01` : `${y}-${m < 9 ? '0' : ''}${m + 1}`;
  }
  return dayjs(`${month}-01`).add(1, 'month').format('YYYY-MM');
}

/** 0 = Sunday … 6 = Saturday */
export function dayOfWeek(date: IsoDate): number {
  return dayjs(date).day();
}

export const minDate = (a: IsoDate, b: IsoDate): IsoDate => (a <= b ? a : b);
export const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (a >= b ? a : b);

const HOUR = 3_600_000;
/** The last Sunday of a month (0-based) of `year`, at 01:00 UTC: when EU summer time starts (March) or ends (October). */
function lastSundayAt1Utc(year: number, month0: number): number {
  const last = new Date(Date.UTC(year, month0 + 1, 0, 1));
  return last.getTime() - last.getUTCDay() * 24 * HOUR;
}

/**
 * The calendar date in Europe/Paris of an instant (ms since the epoch; RULES.md: dates are
 * Paris dates) — the default of `--date`. UTC+1, and UTC+2 from the last Sunday of March to
 * the last Sunday of October at 01:00 UTC (EU summer time, directive 2000/84/EC, in force
 * since 1996). Arithmetic rather than `Intl.DateTimeFormat`: loading ICU's time-zone data
 * cost ~40 ms at every start of the tool (issue 14). test/rules/paris-date.test.ts compares
 * it with ICU on every half hour around each change of time 2000–2040 and on random
 * instants 1996–2100: should the EU end summer time, that test fails on the updated Node.
 */
export function parisDate(instantMs: number): IsoDate {
  const year = new Date(instantMs).getUTCFullYear();
  const summer = instantMs >= lastSundayAt1Utc(year, 2) && instantMs < lastSundayAt1Utc(year, 9);
  return new Date(instantMs + (summer ? 2 : 1) * HOUR).toISOString().slice(0, 10);
}
