/** Calendar arithmetic on ISO dates (`YYYY-MM-DD`), pure: "today" is always an argument. */
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat.js';

dayjs.extend(customParseFormat);

export type IsoDate = string;

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const FR = /^\d{2}\/\d{2}\/\d{4}$/;

/** Accepts `YYYY-MM-DD` or `DD/MM/YYYY`; returns the ISO date, or null if not a real date. */
export function parseDate(input: string): IsoDate | null {
  const s = input.trim();
  let d: dayjs.Dayjs;
  if (ISO.test(s)) d = dayjs(s, 'YYYY-MM-DD', true);
  else if (FR.test(s)) d = dayjs(s, 'DD/MM/YYYY', true);
  else return null;
  return d.isValid() ? d.format('YYYY-MM-DD') : null;
}

export function isIsoDate(s: string): boolean {
  return ISO.test(s) && dayjs(s, 'YYYY-MM-DD', true).isValid();
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return dayjs(date).add(days, 'day').format('YYYY-MM-DD');
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  return dayjs(date).add(months, 'month').format('YYYY-MM-DD');
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayjs(b).diff(dayjs(a), 'day');
}

export function daysInMonth(month: string /* YYYY-MM */): number {
  return dayjs(`${month}-01`).daysInMonth();
}

export function monthOf(date: IsoDate): string {
  return date.slice(0, 7);
}

export function lastDayOfMonth(month: string): IsoDate {
  return `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
}

export function nextMonth(month: string): string {
  return dayjs(`${month}-01`).add(1, 'month').format('YYYY-MM');
}

/** 0 = Sunday … 6 = Saturday */
export function dayOfWeek(date: IsoDate): number {
  return dayjs(date).day();
}

export const minDate = (a: IsoDate, b: IsoDate): IsoDate => (a <= b ? a : b);
export const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (a >= b ? a : b);
