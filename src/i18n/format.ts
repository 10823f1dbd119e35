/**
 * Formatting of human output in the run's language (issue 11), shared by every command,
 * capability message and refusal reason. JSON never goes through here: it keeps ISO dates,
 * integer cents and booleans.
 *
 * - Dates: French `27/11/2026`; English keeps ISO `2026-11-27` (unambiguous for any reader
 *   of English, and what every flag accepts back).
 * - Amounts: `1 500,00 €` in both languages (the club's currency as its members and its
 *   invoices write it, and the form `--amount` parses back). In French on a terminal,
 *   French typography (frenchTypography, issue 24): U+202F inside numbers, U+00A0 before
 *   € % : ; ? ! » and after «; a plain space otherwise: on a pipe or in a file the text is
 *   for grep, awk, cut and spreadsheets, which split on and match ASCII spaces
 *   (`grep '1 500,00'`); English output keeps the plain space too.
 * - Yes/no: `oui`/`non` in French.
 */
import { catalogues, lang, t, type MessageKey } from './index.js';
import { formatEuros } from './euros.js';

type Cents = number;

let narrowSpace = false;

/** Set once per run (src/cli/main.ts#run): narrow no-break spaces only in French on a terminal. */
export function setTerminalTypography(on: boolean): void {
  narrowSpace = on;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** `2026-11-27` → `27/11/2026` in French, unchanged in English; null/'' stay as they are. */
export function fmtDate<T extends string | null | undefined>(iso: T): T {
  if (!iso || lang() !== 'fr') return iso;
  const m = ISO_DATE.exec(iso);
  return (m ? `${m[3]}/${m[2]}/${m[1]}` : iso) as T;
}

const ISO_MONTH = /^(\d{4})-(\d{2})$/;
/** A month `2026-12` → `12/2026` in French (as dates are DD/MM/YYYY), unchanged in English; null/'' stay. */
export function fmtMonth<T extends string | null | undefined>(month: T): T {
  if (!month || lang() !== 'fr') return month;
  const m = ISO_MONTH.exec(month);
  return (m ? `${m[2]}/${m[1]}` : month) as T;
}

/** `2026-12-02T10:00` or `2026-12-02 10:00` → `02/12/2026 10:00` in French, `2026-12-02 10:00` in English. */
export function fmtDateTime<T extends string | null | undefined>(s: T): T {
  if (!s) return s;
  const m = ISO_DATETIME.exec(s);
  if (!m) return fmtDate(s);
  return (lang() === 'fr' ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}` : `${m[1]}-${m[2]}-${m[3]} ${m[4]}`) as T;
}

/** A date-time in a given language (invoice labels are French whatever the locale). */
export function fmtDateTimeIn(l: 'en' | 'fr', s: string): string {
  const m = ISO_DATETIME.exec(s);
  if (!m) return s;
  return l === 'fr' ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}` : `${m[1]}-${m[2]}-${m[3]} ${m[4]}`;
}

/**
 * Every ISO date or date-time inside a sentence (`… until 2027-11-29`, `at 2026-12-02T10:00`,
 * a seal's `2026-11-27T21:05:00.000Z`) in the run's format: THE place where human output
 * gets French dates (issue 11). `Output` passes every human line through it (results,
 * tables, warnings, errors, CSV row errors), so a message may carry raw ISO dates and
 * call sites need not format them. Not inside a file name, a path or an identifier
 * (backup-2026-11-27.db, RUM-2026-11-20-X), nor a value quoted back to the user
 * ("2026-02-30" is not a date).
 */
export function fmtDatesIn(text: string): string {
  if (lang() !== 'fr' || !mayHoldIsoDate(text)) return text;
  return text.replace(DATES_IN_TEXT, (_m, y: string, mo: string, d: string, hm?: string, sec?: string, z?: string) => {
    const day = `${d}/${mo}/${y}`;
    if (!hm) return day;
    return `${day} ${hm}${sec ?? ''}${z ? ' UTC' : ''}`;
  });
}

/**
 * Whether the text has the shape of an ISO date somewhere (`dddd-dd-dd`): a walk over its
 * '-', cheaper than the DATES_IN_TEXT regex and its look-behinds on every cell of a
 * 100 000-row table (issue 14), most of which hold no date at all.
 */
function mayHoldIsoDate(text: string): boolean {
  for (let i = text.indexOf('-', 4); i !== -1 && i + 5 < text.length; i = text.indexOf('-', i + 1)) {
    if (text.charCodeAt(i + 3) === 0x2d && isDigit(text, i - 1) && isDigit(text, i - 4) && isDigit(text, i + 1) && isDigit(text, i + 5)) return true;
  }
  return false;
}

function isDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

const DATES_IN_TEXT = /(?<![\w./\\"'“«-])(?<!« )(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2})(:\d{2})?(?:\.\d+)?(Z)?)?(?![\w-]|\.\w|["'”]| »)/g;

/**
 * French typography of human text (issue 24), as Intl.NumberFormat('fr-FR') and CLDR write
 * it: a narrow no-break space (U+202F) between the groups of a number (`15 128,94`), a
 * no-break space (U+00A0) before `€`, `%`, `:`, `;`, `?`, `!`, `»` and after `«`. The output
 * layer puts it in every French human line before wrapping, and the wrapper never breaks at
 * a no-break space: `15 128,94 €` or `« … »` is never split across lines. Only the spaces
 * change (one character for one), so a width is the same before and after.
 */
export function frenchTypography(text: string): string {
  if (lang() !== 'fr' || text.indexOf(' ') === -1) return text;
  return text.replace(NUMBER_GROUP, '$1\u202f').replace(BEFORE_SIGN, '\u00a0').replace(AFTER_GUILLEMET, '«\u00a0');
}

/** A space between digit groups: `1 234 567,89`, `12 345` (three digits then a non-digit). */
const NUMBER_GROUP = /(\d) (?=\d{3}(?!\d))/g;
/** A space before `:` `;` `?` `!` `»` (ending a word or the line) or before `€` `%`. */
const BEFORE_SIGN = /(?<=\S) (?=[:;?!»](?=\s|$|[),.])|[€%](?!\w))/g;
const AFTER_GUILLEMET = /« /g;

/** Whether human output is written with French typography's no-break spaces (French on a terminal); else plain spaces (a pipe, a file: grep). */
export function terminalTypography(): boolean {
  return narrowSpace;
}

/** `150000` → `1 500,00 €` (narrow no-break thousands separator in French on a terminal). */
export function fmtMoney(cents: Cents): string {
  const s = formatEuros(cents);
  return narrowSpace ? s.replace(/(\d) (?=\d{3}\b)/g, '$1\u202f') : s;
}

/** A rate in hundredths of a percent as the run writes it: `275` → `2.75` in English, `2,75` in French (decimal comma). */
export function fmtRate(bp: number): string {
  const s = `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;
  return lang() === 'fr' ? s.replace('.', ',') : s;
}

export function fmtBool(b: boolean | null | undefined): string {
  if (b === null || b === undefined) return '';
  return t(b ? 'common.yes' : 'common.no');
}

export type EnumName =
  | 'member_kind'
  | 'candidacy_status'
  | 'member_status'
  | 'intervention_kind'
  | 'invoice_kind'
  | 'line_kind'
  | 'payment_method'
  | 'invoice_status'
  | 'line_technology'
  | 'termination_reason'
  | 'requester'
  | 'data_right'
  | 'data_right_answer';

/** An enum value as human output shows it (`active` → `actif` in French); unknown values as they are. */
export function fmtEnum(name: EnumName, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const l = lang();
  if (l !== enumLang) {
    enumCache.clear();
    enumLang = l;
  }
  let byValue = enumCache.get(name);
  if (byValue === undefined) enumCache.set(name, (byValue = new Map()));
  let text = byValue.get(value);
  if (text === undefined) {
    const key = `enum.${name}.${value}`;
    // both catalogues have the same keys (the compiler and test/i18n check it): ask the one in use
    text = key in catalogues[l] ? t(key as MessageKey) : value;
    byValue.set(value, text);
  }
  return text;
}

/** fmtEnum's answers in the current language: a list asks the same few values 100 000 times. */
const enumCache = new Map<EnumName, Map<string, string>>();
let enumLang: string | undefined;
