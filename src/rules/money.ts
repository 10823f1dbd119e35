/**
 * Money in integer euro cents (RULES.md §0). TTC is the reference; HT is derived per line
 * with half-up rounding; invoice VAT = invoice TTC − Σ line HT. Never a float.
 */
export type Cents = number;

export const VAT_RATE_PERCENT = 20;

/**
 * The largest amount typed anywhere (a price, a payment, a quote line, a CSV amount):
 * 1 000 000,00 € (RULES.md §0, issue 28). The contract's largest figure is 1 500 €; with this
 * bound a month of 100 000 invoices of 100 lines each still sums far below 2^53 cents.
 */
export const MAX_AMOUNT_CENTS = 100_000_000;

/** Whether `c` is within ±MAX_AMOUNT_CENTS. */
export function withinAmountBound(c: Cents): boolean {
  return Math.abs(c) <= MAX_AMOUNT_CENTS;
}

function assertCents(n: number, what = 'amount'): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer number of cents, got ${n}`);
}

/**
 * round-half-up(numerator / denominator) for integers, denominator > 0, exact (BigInt
 * beyond the safe range). Negative numerators round half away from zero.
 */
export function divRoundHalfUp(numerator: number | bigint, denominator: number | bigint): number {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  if (d <= 0n) throw new RangeError('denominator must be positive');
  const neg = n < 0n;
  const a = neg ? -n : n;
  const q = (2n * a + d) / (2n * d);
  return Number(neg ? -q : q);
}

/** HT of one line from its TTC: round-half-up(TTC / 1.2) (RULES.md §0). */
export function htFromTtc(ttc: Cents): Cents {
  assertCents(ttc);
  return divRoundHalfUp(BigInt(ttc) * 100n, 100 + VAT_RATE_PERCENT);
}

export interface VatSplit {
  ttcCents: Cents;
  htCents: Cents;
  vatCents: Cents;
}

/** Split of an invoice: HT = Σ line HT, VAT = TTC − HT. Lines outside VAT pass `vat: false`. */
export function splitInvoice(lines: { ttcCents: Cents; vat?: boolean }[]): VatSplit {
  let ttc = 0;
  let ht = 0;
  for (const l of lines) {
    assertCents(l.ttcCents);
    ttc += l.ttcCents;
    ht += l.vat === false ? l.ttcCents : htFromTtc(l.ttcCents);
  }
  return { ttcCents: ttc, htCents: ht, vatCents: ttc - ht };
}

export function splitVat(ttc: Cents): VatSplit {
  return splitInvoice([{ ttcCents: ttc }]);
}

/**
 * Parses a euro amount as typed by a person or a French spreadsheet: `1250000.50`,
 * `1 250 000,50` (normal, no-break or narrow no-break space), `250`, `250,5`, `-12,00`,
 * an optional trailing `€`. Returns cents, or null when it is not an amount.
 */
/**
 * Cents as a plain decimal for files and machines: `123456` → `1234.56` (or `1234,56` with
 * `sep = ','`), a minus for a negative amount, no thousands separator, string arithmetic only.
 */
export function plainDecimal(cents: Cents, sep: '.' | ',' = '.'): string {
  const a = Math.abs(cents);
  const c = a % 100;
  return `${cents < 0 ? '-' : ''}${Math.floor(a / 100)}${sep}${c < 10 ? '0' : ''}${c}`;
}

export function parseEuros(input: string): Cents | null {
  let s = input.trim();
  if (s.endsWith('€')) s = s.replace(/\s*€$/, '').trim();
  if (s === '') return null;
  // grouping: spaces (now ') between groups of 3 digits; `,` or `.` is the decimal mark. After
  // the trims no space leads, so every space found is a separator (an import parses millions:
  // no replace callback, no BigInt below 14 digits)
  if (SPACE.test(s)) s = s.replace(SPACES, "'");
  const m = AMOUNT.exec(s);
  if (!m) return null;
  const whole = m[2]!.indexOf("'") < 0 ? m[2]! : m[2]!.replace(/'/g, '');
  return toCents(m[1]!, whole, m[3]);
}

const SPACE = /[\u0020\u00a0\u202f]/;
const SPACES = /[\u0020\u00a0\u202f]/g;
const AMOUNT = /^(-?)(\d{1,3}(?:'\d{3})+|\d+)(?:[.,](\d{1,2}))?$/;

function toCents(sign: string, whole: string, frac: string | undefined): Cents | null {
  const f = (frac ?? '').padEnd(2, '0');
  // up to 13 digits of euros the cents stay below 2^53: plain numbers are exact
  if (whole.length <= 13) {
    const n = Number(whole) * 100 + Number(f);
    return sign === '-' ? -n : n;
  }
  const big = BigInt(whole) * 100n + BigInt(f);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  const n = Number(big);
  return sign === '-' ? -n : n;
}

export { formatEuros, groupThousands } from '../i18n/euros.js';
