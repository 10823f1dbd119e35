/** Parsers for command-line values: a malformed value is a usage error (exit 2) naming its flag. */
import { UsageError } from '../errors.js';
import { daysInMonth, parseDate, type IsoDate } from '../rules/dates.js';
import { formatEuros, MAX_AMOUNT_CENTS, parseEuros, withinAmountBound, type Cents } from '../rules/money.js';
import { t } from '../i18n/index.js';
import { fmtMonth } from '../i18n/format.js';

/**
 * A date on a flag: `YYYY-MM-DD`, or `DD/MM/YYYY` as in the CSV files (CLI.md "Global":
 * every date flag accepts both). A well-formed day that the calendar lacks (`2026-11-31`)
 * is named as such, not as a format error.
 */
export function dateArg(value: unknown, flag: string): IsoDate {
  const s = typeof value === 'string' ? value.trim() : '';
  const d = s === '' ? null : parseDate(s);
  if (d !== null) return d;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  const [y, m] = iso ? [iso[1]!, iso[2]!] : fr ? [fr[3]!, fr[2]!] : [null, null];
  if (y !== null && m !== null && Number(m) >= 1 && Number(m) <= 12 && Number(y) >= 1000) {
    throw new UsageError(t('args.date_no_such_day', { flag, value: s, month: fmtMonth(`${y}-${m}`), days: daysInMonth(`${y}-${m}`) }));
  }
  throw new UsageError(t('args.date_format', { flag, value: value === undefined ? '' : String(value) }));
}

export function wholeNumberArg(value: unknown, flag: string): number {
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
    throw new UsageError(t('args.whole_number', { flag, value: String(value) }));
  return n;
}

/**
 * Euros as typed (`250`, `250.00`, `250,00`, `1 500,00`) → cents. One rule for every
 * amount flag: a malformed, negative or (unless `allowZero`, e.g. a free price) zero
 * amount is a usage error (exit 2) naming the flag.
 */
export function eurosArg(value: unknown, flag: string, o: { allowZero?: boolean } = {}): Cents {
  const c = typeof value === 'string' ? parseEuros(value) : null;
  if (c === null) throw new UsageError(t('args.amount_format', { flag, value: String(value) }));
  if (!withinAmountBound(c)) throw new UsageError(t('args.amount_too_large', { flag, value: String(value), max: formatEuros(MAX_AMOUNT_CENTS) }));
  if (c < 0 || (c === 0 && !o.allowZero))
    throw new UsageError(t(o.allowZero ? 'args.amount_not_negative' : 'args.amount_positive', { flag, value: String(value) }));
  return c;
}

/**
 * A value of a closed list (a zone, a status, a kind, a method) given to a filter or a
 * flag: compared without case; an unknown one is a usage error listing the valid values.
 */
export function enumArg<T extends string>(value: unknown, flag: string, what: string, valid: readonly T[]): T {
  const s = String(value ?? '').trim();
  const hit = valid.find((v) => v.toLowerCase() === s.toLowerCase());
  if (hit === undefined) throw new UsageError(t('args.unknown_value', { flag, what, value: s, values: valid.join(', ') }));
  return hit;
}

/**
 * An unquoted French amount splits into several words (`--amount 1 500,00` → `1`,
 * `500,00`) and commander answers "too many arguments". Finds such a split in the
 * command line and returns the quoted form to suggest, or null.
 */
export function unquotedAmount(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length - 1; i++) {
    if (!/^-?\d{1,3}$/.test(argv[i]!)) continue;
    let j = i + 1;
    while (j < argv.length && /^\d{3}$/.test(argv[j]!)) j++;
    if (j < argv.length && /^\d{3}[.,]\d{1,2}$/.test(argv[j]!)) j++;
    if (j === i + 1) continue;
    const amount = argv.slice(i, j).join(' ');
    const prev = argv[i - 1];
    return prev !== undefined && /^--[a-z][\w-]*$/.test(prev) ? `${prev} '${amount}'` : `'${amount}'`;
  }
  return null;
}
