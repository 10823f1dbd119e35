/**
 * The intervention calendar (art. 5.2.2, 5.4.1, 5.5; RULES.md §4): windows per tier and
 * kind, public holidays by the address, business days, the 72-business-hour deadline and
 * the contract year. Pure: every date and time comes in as an argument. Times are local
 * Europe/Paris wall-clock times `YYYY-MM-DDTHH:MM` (no time-zone arithmetic is needed:
 * windows are wall-clock windows).
 *
 * Holidays come from `date-holidays` (maintained data, no IO): France; Alsace-Moselle
 * (states 57, 67, 68 of FR) adds Good Friday and 26 December; Monaco (country MC) for
 * département 98. One instance per region is built on first use and cached, and each
 * year's list is cached, so the library's cost is paid once per process — and only by a
 * process that asks for a holiday: the library (0.24 s to load, 2 MB of data) is required
 * on first use, not imported, so `intervene list` and every command that merely links this
 * module start without it (issue 14).
 */
import { createRequire } from 'node:module';
import type HolidaysLib from 'date-holidays';
import { addDays, addMonths, dayOfWeek, isIsoDate, type IsoDate } from './dates.js';
import type { InterventionKind, Tier } from './enums.js';
import { refused, type Decision } from './decision.js';
import { t, type MessageKey } from '../i18n/index.js';
import { fmtDate } from '../i18n/format.js';

/** `YYYY-MM-DDTHH:MM`, local Paris wall-clock time. */
export type LocalDateTime = string;

export const ART_TECHNICIAN = '5.2.2';
export const ART_COACH = '5.4.1';
export const ART_AIRBOX = '5.5';
export const ART_CONTRACT_START = '6';

/** The article that sets the window of each kind of visit. */
export const WINDOW_ARTICLE: Record<InterventionKind, string> = {
  technician: ART_TECHNICIAN,
  coach: ART_COACH,
  airbox: ART_AIRBOX,
};

export interface Window {
  /** Days of the week allowed, 0 = Sunday … 6 = Saturday. */
  days: readonly number[];
  /** Minutes after midnight: the visit may start at `from` and must end by `to`. */
  from: number;
  to: number;
}

const MON_FRI = [1, 2, 3, 4, 5] as const;
const MON_SAT = [1, 2, 3, 4, 5, 6] as const;
const h = (hours: number) => hours * 60;

/** RULES.md §4 table. */
export const WINDOWS: Record<InterventionKind, Record<Tier, Window>> = {
  technician: { A: { days: MON_FRI, from: h(9), to: h(19) }, B: { days: MON_FRI, from: h(9), to: h(16) } },
  coach: { A: { days: MON_FRI, from: h(8), to: h(20) }, B: { days: MON_FRI, from: h(9), to: h(18) } },
  airbox: { A: { days: MON_SAT, from: h(9), to: h(19) }, B: { days: MON_FRI, from: h(9), to: h(16) } },
};

/** Day names in the run's language (0 = Sunday). */
const dayName = (d: number): string => t(`calendar.day.${d}` as MessageKey);

export function describeWindow(w: Window): string {
  const first = dayName(w.days[0]!).slice(0, 3);
  const last = dayName(w.days[w.days.length - 1]!).slice(0, 3);
  return `${first}–${last} ${hhmm(w.from)}–${hhmm(w.to)}`;
}

// ---------------------------------------------------------------------------------------
// Local date-times

const LDT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/;

export interface ParsedDateTime {
  date: IsoDate;
  /** minutes after midnight */
  minutes: number;
}

/** Parses `YYYY-MM-DDTHH:MM` (a space is accepted for the T); null if not a real date-time. */
export function parseLocalDateTime(input: string): ParsedDateTime | null {
  const m = LDT.exec(input.trim().replace(' ', 'T'));
  if (!m) return null;
  const [, date, hh, mm] = m;
  if (!isIsoDate(date!)) return null;
  const hours = Number(hh);
  const mins = Number(mm);
  if (hours > 23 || mins > 59) return null;
  return { date: date!, minutes: hours * 60 + mins };
}

/**
 * The wall-clock hour that does not exist in Paris on `date` (minutes after midnight,
 * `from` included, `to` excluded), or null: the change to summer time, the last Sunday of
 * March, clocks go from 02:00 straight to 03:00 (EU rule since 1996, Europe/Paris).
 */
export function parisGap(date: IsoDate): { from: number; to: number } | null {
  if (date.slice(5, 7) !== '03') return null;
  const lastSunday = 31 - dayOfWeek(`${date.slice(0, 8)}31` as IsoDate);
  return Number(date.slice(8, 10)) === lastSunday ? { from: 120, to: 180 } : null;
}

/** Whether a parsed local time falls in the spring gap (it names no instant). */
export function inParisGap(p: ParsedDateTime): boolean {
  const g = parisGap(p.date);
  return g !== null && p.minutes >= g.from && p.minutes < g.to;
}

export function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function formatLocalDateTime(p: ParsedDateTime): LocalDateTime {
  return `${p.date}T${hhmm(p.minutes)}`;
}

/**
 * The wall-clock end of a visit stored as `YYYY-MM-DDTHH:MM` (a stored value: checked when it
 * was written), as `formatLocalDateTime(addMinutes(parseLocalDateTime(start), minutes))` —
 * without parsing and validating it again when it ends the same day (`intervene list`: once per row).
 */
export function endOfStored(start: LocalDateTime, minutes: number): LocalDateTime {
  const total = Number(start.slice(11, 13)) * 60 + Number(start.slice(14, 16)) + minutes;
  if (start.length === 16 && start[10] === 'T' && total < 1440) return `${start.slice(0, 11)}${hhmm(total)}`;
  return formatLocalDateTime(addMinutes(parseLocalDateTime(start)!, minutes));
}

/** The wall-clock end of a visit (may fall on a later day). */
export function addMinutes(p: ParsedDateTime, minutes: number): ParsedDateTime {
  const total = p.minutes + minutes;
  const days = Math.floor(total / 1440);
  return { date: days === 0 ? p.date : addDays(p.date, days), minutes: total - days * 1440 };
}

// ---------------------------------------------------------------------------------------
// Public holidays by address

export interface HolidayRegion {
  country: 'FR' | 'MC';
  state?: '57' | '67' | '68';
}

/** The holiday calendar of a département (RULES.md §4 decision). */
export function holidayRegion(department: string): HolidayRegion {
  if (department === '98') return { country: 'MC' };
  if (department === '57' || department === '67' || department === '68') return { country: 'FR', state: department };
  return { country: 'FR' };
}

let Holidays: typeof HolidaysLib | undefined;
/** date-holidays, loaded on first use (its CommonJS build; external to the bundle). */
function holidaysLib(): typeof HolidaysLib {
  return (Holidays ??= createRequire(import.meta.url)('date-holidays') as typeof HolidaysLib);
}
const instances = new Map<string, HolidaysLib>();
const years = new Map<string, Map<IsoDate, string>>();

function holidaysOf(region: HolidayRegion, year: number): Map<IsoDate, string> {
  const key = `${region.country}/${region.state ?? ''}`;
  const yearKey = `${key}/${year}`;
  let list = years.get(yearKey);
  if (list) return list;
  let hd = instances.get(key);
  if (!hd) {
    const H = holidaysLib();
    hd = region.state ? new H(region.country, region.state) : new H(region.country);
    if (region.country === 'MC') fixMonacoSubstitutes(hd);
    instances.set(key, hd);
  }
  list = new Map();
  // only days off by law ("public"); observances (Mother's Day, Easter Sunday…) are not holidays
  for (const x of hd.getHolidays(year)) {
    if (x.type !== 'public') continue;
    const d = x.date.slice(0, 10);
    if (!list.has(d)) list.set(d, x.name);
  }
  years.set(yearKey, list);
  return list;
}

/**
 * Monaco's law (loi n° 798): when 1 January, 1 May, 15 August, 1 November, 19 November or
 * 25 December falls on a Sunday, the Monday after is a public holiday too. date-holidays
 * 3.x has that rule for 1 May, 19 November and 25 December only, and wrongly for
 * 27 January (Sainte Dévote); this restates the three missing days and Sainte Dévote in
 * the library's own rule language.
 */
function fixMonacoSubstitutes(hd: HolidaysLib): void {
  hd.unsetRule('01-27 and if sunday then next monday');
  hd.setHoliday('01-27', { name: { fr: 'Sainte Dévote', en: "Saint Devota's Day" }, type: 'public' });
  const days: [string, string, string][] = [
    ['01-01', 'Nouvel An', "New Year's Day"],
    ['08-15', 'Assomption', 'Assumption'],
    ['11-01', 'Toussaint', "All Saints' Day"],
  ];
  for (const [d, fr, en] of days) {
    hd.unsetRule(d);
    hd.setHoliday(`${d} and if sunday then next monday`, { name: { fr, en }, type: 'public', substitute: true });
  }
}

/** The public holiday on that date at an address of that département, or null. */
export function holidayOn(date: IsoDate, department: string): string | null {
  return holidaysOf(holidayRegion(department), Number(date.slice(0, 4))).get(date) ?? null;
}

/** Mon–Fri and not a public holiday of the address. */
export function isBusinessDay(date: IsoDate, department: string): boolean {
  const dow = dayOfWeek(date);
  return dow >= 1 && dow <= 5 && holidayOn(date, department) === null;
}

// ---------------------------------------------------------------------------------------
// Windows

/**
 * Never on a public holiday of the address (RULES.md §4), whatever the window, even out of
 * hours: neither the day the visit starts nor the day it ends (a visit past midnight).
 */
export function checkHoliday(kind: InterventionKind, start: ParsedDateTime, minutes: number, department: string): Decision {
  const article = WINDOW_ARTICLE[kind];
  const end = addMinutes(start, minutes);
  for (const date of end.date === start.date ? [start.date] : [start.date, end.date]) {
    const holiday = holidayOn(date, department);
    if (holiday) return refused(article, t('calendar.holiday', { date: fmtDate(date), holiday }));
  }
  return { ok: true, article };
}

/**
 * Does a visit of `minutes` starting at `start` fit its window (start AND end inside,
 * never on a public holiday of the address)? The article is that of the kind.
 */
export function checkWindow(kind: InterventionKind, tier: Tier, start: ParsedDateTime, minutes: number, department: string): Decision {
  const article = WINDOW_ARTICLE[kind];
  const w = WINDOWS[kind][tier];
  const notHoliday = checkHoliday(kind, start, minutes, department);
  if (!notHoliday.ok) return notHoliday;
  const dow = dayOfWeek(start.date);
  const win = t('calendar.window', { kind: t(`calendar.kind.${kind}` as MessageKey), tier, window: describeWindow(w) });
  if (!w.days.includes(dow)) return refused(article, t('calendar.wrong_day', { date: fmtDate(start.date), day: dayName(dow), window: win }));
  if (start.minutes < w.from) return refused(article, t('calendar.too_early', { start: hhmm(start.minutes), from: hhmm(w.from), window: win }));
  const end = start.minutes + minutes;
  if (end > w.to)
    return refused(
      article,
      t('calendar.too_late', { end: end >= 1440 ? t('calendar.next_day') : hhmm(end), start: hhmm(start.minutes), minutes, to: hhmm(w.to), window: win }),
    );
  return { ok: true, article };
}

// ---------------------------------------------------------------------------------------
// The 72-business-hour deadline (tier B)

export const SLA_BUSINESS_DAYS = 3;

/**
 * RULES.md §4 decision: "72 heures ouvrées" = 3 business days: the same time of day on the
 * third business day (Mon–Fri, not a holiday of the address) after the day of the request.
 */
export function slaDeadline(requestedAt: ParsedDateTime, department: string): ParsedDateTime {
  let d = requestedAt.date;
  let n = 0;
  while (n < SLA_BUSINESS_DAYS) {
    d = addDays(d, 1);
    if (isBusinessDay(d, department)) n++;
  }
  return { date: d, minutes: requestedAt.minutes };
}

// ---------------------------------------------------------------------------------------
// Contract year

export interface ContractYear {
  /** 1 for the first year */
  index: number;
  from: IsoDate;
  to: IsoDate;
}

/**
 * The contract year containing `on` (RULES.md §4 decision): from the contract start (or
 * one of its anniversaries) to the day before the next anniversary. Anniversaries are
 * computed from the start itself (a start on 29 February has its anniversary on
 * 28 February in other years). Null when `on` is before the contract start.
 */
export function contractYear(contractStart: IsoDate, on: IsoDate): ContractYear | null {
  if (on < contractStart) return null;
  let n = Number(on.slice(0, 4)) - Number(contractStart.slice(0, 4));
  while (n > 0 && addMonths(contractStart, 12 * n) > on) n--;
  while (addMonths(contractStart, 12 * (n + 1)) <= on) n++;
  return {
    index: n + 1,
    from: addMonths(contractStart, 12 * n),
    to: addDays(addMonths(contractStart, 12 * (n + 1)), -1),
  };
}
