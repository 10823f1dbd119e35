/**
 * Euro amounts written in French (`1 500,00 €`): text, below the rules (which re-export it from
 * rules/money.ts) so that i18n never imports a rule.
 */
/** `150000` → `1 500,00 €` (French format, narrow no-break spaces avoided for terminals). */
export function formatEuros(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount must be an integer number of cents, got ${cents}`);
  const neg = cents < 0;
  const a = Math.abs(cents);
  const frac = a % 100;
  return `${neg ? '-' : ''}${groupThousands(Math.floor(a / 100))},${frac < 10 ? '0' : ''}${frac} €`;
}

/**
 * `1234567` → `1 234 567`: groups of three digits from the right, by arithmetic (lists
 * format two amounts per row; the regex it replaces took ~1 µs a call).
 */
export function groupThousands(n: number): string {
  if (n < 1000) return String(n);
  let out = '';
  while (n >= 1000) {
    const g = n % 1000;
    out = ` ${g < 10 ? '00' : g < 100 ? '0' : ''}${g}${out}`;
    n = Math.floor(n / 1000);
  }
  return `${n}${out}`;
}
