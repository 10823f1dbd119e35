/** Identifiers checked at input: SIREN (Luhn key) and French IBAN (RIB, art. 3.2 D5). */
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';

/** SIREN: 9 digits with a Luhn check digit (La Poste's 356 000 000 uses digit sum % 5). */
export function isValidSiren(input: string): boolean {
  const s = input.replace(/[\s\u00a0\u202f]/g, '');
  if (!/^\d{9}$/.test(s)) return false;
  if (s === '356000000') return true;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = s.charCodeAt(i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function normalizeSiren(input: string): string {
  return input.replace(/[\s\u00a0\u202f]/g, '');
}

/** The IBAN in electronic format (no spaces, upper case), or null if it is not a valid IBAN. */
export function normalizeIban(input: string): string | null {
  if (input === last.input) return last.output;
  const e = electronicFormatIBAN(input.trim());
  const out = e && isValidIBAN(e) ? e : null;
  last.input = input;
  last.output = out;
  // the normalised form is itself valid: remember it too (validation then evaluation of one row)
  if (out !== null && out !== input) {
    last2.input = out;
    last2.output = out;
  }
  return out;
}

/** A one-entry memo (plus its normalised form): an import validates then evaluates the same IBAN. */
const last: { input: string | null; output: string | null } = { input: null, output: null };
const last2: { input: string | null; output: string | null } = { input: null, output: null };

/** A valid French IBAN (country FR): D5 of art. 3.2. */
export function isFrenchIban(input: string): boolean {
  const e = input === last2.input ? last2.output : normalizeIban(input);
  return e !== null && e.startsWith('FR');
}
