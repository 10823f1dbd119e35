/**
 * French field parsers for CSV cells (and command-line values): amounts in euros,
 * dates, booleans, enumerations, integers. Each returns `{ ok, value }` or `{ ok: false,
 * message }` so callers report the reason with the line and column, in the run's language
 * (the catalogue is read only on a failure). No allocation beyond the result on the hot
 * path: imports call these millions of times.
 */
import { parseEuros, type Cents } from '../rules/money.js';
import { parseDate, type IsoDate } from '../rules/dates.js';
import { t } from '../i18n/index.js';
import type { RowCode } from '../errors.js';

/** A value read, or why not: the stable code of the cause (CLI.md "Row error codes") and its message. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; code: RowCode; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (code: RowCode, message: string): Parsed<never> => ({ ok: false, code, message });

const TRUE = new Set(['yes', 'true', 'oui', '1', 'y', 'o', 'vrai']);
const FALSE = new Set(['no', 'false', 'non', '0', 'n', 'faux']);
export const BOOLEAN_WORDS = 'yes/no, true/false, oui/non, 1/0';

/** `yes/no/true/false/oui/non/1/0` (any case; also y/n, o, vrai/faux). */
export function parseBooleanField(raw: string): Parsed<boolean> {
  const s = raw.trim().toLowerCase();
  if (TRUE.has(s)) return ok(true);
  if (FALSE.has(s)) return ok(false);
  return s === ''
    ? bad('bool_empty', t('fields.bool_empty', { words: BOOLEAN_WORDS }))
    : bad('not_bool', t('fields.not_bool', { value: clip(raw), words: BOOLEAN_WORDS }));
}

/** Euros as typed in France or in C locale: `1 250 000,50`, `1250000.50`, `250`, with normal / no-break / narrow no-break spaces. */
export function parseAmountField(raw: string, opts: { min?: Cents } = {}): Parsed<Cents> {
  const cents = parseEuros(raw);
  if (cents === null)
    return raw.trim() === '' ? bad('amount_empty', t('fields.amount_empty')) : bad('not_amount', t('fields.not_amount', { value: clip(raw) }));
  if (opts.min !== undefined && cents < opts.min) return bad('below_min', t('fields.below_min', { value: clip(raw) }));
  return ok(cents);
}

/** `YYYY-MM-DD` or `DD/MM/YYYY`, a real calendar date. */
export function parseDateField(raw: string): Parsed<IsoDate> {
  const d = parseDate(raw);
  if (d === null) return raw.trim() === '' ? bad('date_empty', t('fields.date_empty')) : bad('not_date', t('fields.not_date', { value: clip(raw) }));
  return ok(d);
}

/** A whole number within bounds (French spaces allowed as thousand separators). */
export function parseIntegerField(raw: string, min = 0, max = Number.MAX_SAFE_INTEGER): Parsed<number> {
  const s = raw.trim().replace(/[\u0020\u00a0\u202f]/g, '');
  if (!/^-?\d{1,15}$/.test(s))
    return raw.trim() === '' ? bad('integer_empty', t('fields.integer_empty')) : bad('not_integer', t('fields.not_integer', { value: clip(raw) }));
  const n = Number(s);
  if (n < min || n > max) return bad('out_of_range', t('fields.out_of_range', { value: n, min, max }));
  return ok(n);
}

/** One of a list of values, case-insensitive; returns the canonical spelling. */
export function parseEnumField<T extends string>(raw: string, values: readonly T[]): Parsed<T> {
  const s = raw.trim().toLowerCase();
  for (const v of values) if (v.toLowerCase() === s) return ok(v);
  return s === ''
    ? bad('enum_empty', t('fields.enum_empty', { values: values.join(', ') }))
    : bad('not_enum', t('fields.not_enum', { value: clip(raw), values: values.join(', ') }));
}

/** Shortens a value quoted in an error message. */
export function clip(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
