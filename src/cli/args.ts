/** Parsers for command-line values: a malformed value is a usage error (exit 2) naming its flag. */
import { UsageError } from '../errors.js';
import { parseDate, type IsoDate } from '../rules/dates.js';
import { parseEuros, type Cents } from '../rules/money.js';

/** A date on a flag: `YYYY-MM-DD`, or `DD/MM/YYYY` as in the CSV files. */
export function dateArg(value: unknown, flag: string): IsoDate {
  const d = typeof value === 'string' ? parseDate(value) : null;
  if (d === null) throw new UsageError(`${flag} expects a date YYYY-MM-DD${value === undefined ? '' : `, got "${String(value)}"`}`);
  return d;
}

export function wholeNumberArg(value: unknown, flag: string): number {
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
    throw new UsageError(`${flag} must be a whole number, got "${String(value)}"`);
  return n;
}

/** Euros as typed (`250`, `250.00`, `250,00`, `1 500,00`) → cents, never negative. */
export function eurosArg(value: unknown, flag: string): Cents {
  const c = typeof value === 'string' ? parseEuros(value) : null;
  if (c === null || c < 0) throw new UsageError(`${flag} expects an amount in euros (250, 250.00, 250,00), got "${String(value)}"`);
  return c;
}
