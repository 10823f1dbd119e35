import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFrenchIban, isValidSiren, normalizeIban, normalizeSiren } from '../../src/rules/identifiers.js';
import * as ibantools from 'ibantools';

/** Luhn key for an 8-digit body (as the fixtures compute it). */
function sirenOf(body: number): string {
  const s = String(body).padStart(8, '0');
  for (let k = 0; k < 10; k++) if (isValidSiren(s + k)) return s + k;
  throw new Error('no key');
}

describe('SIREN (Luhn key) and IBAN', () => {
  it('accepts real SIRENs, with spaces, and rejects a wrong key', () => {
    expect(isValidSiren('732829320')).toBe(true); // Orange SA
    expect(isValidSiren('732 829 320')).toBe(true);
    expect(isValidSiren('732829321')).toBe(false);
    expect(isValidSiren('73282932')).toBe(false);
    expect(isValidSiren('abcdefghi')).toBe(false);
    expect(isValidSiren('356000000')).toBe(true); // La Poste
    expect(normalizeSiren('732\u00a0829\u202f320')).toBe('732829320');
  });

  it('property: exactly one key digit makes a valid SIREN; changing one digit breaks it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (body, pos, delta) => {
        const s = sirenOf(body);
        const keys = [...'0123456789'].filter((k) => isValidSiren(s.slice(0, 8) + k));
        expect(keys).toHaveLength(1);
        const changed = s.slice(0, pos) + String((Number(s[pos]) + delta) % 10) + s.slice(pos + 1);
        if (changed !== '356000000') expect(isValidSiren(changed)).toBe(false);
      }),
    );
  });

  it('IBAN: printed or electronic form; FR for D5; a valid foreign IBAN is valid but not French', () => {
    expect(normalizeIban('fr76 3000 6000 0112 3456 7890 189')).toBe('FR7630006000011234567890189');
    expect(isFrenchIban('FR76 3000 6000 0112 3456 7890 189')).toBe(true);
    expect(normalizeIban('FR76 3000 6000 0112 3456 7890 188')).toBeNull();
    expect(normalizeIban('DE89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
    expect(isFrenchIban('DE89370400440532013000')).toBe(false);
    expect(isFrenchIban('not an iban')).toBe(false);
    // the memo never confuses two values
    expect(isFrenchIban('FR7630006000011234567890189')).toBe(true);
    expect(normalizeIban('FR7630006000011234567890188')).toBeNull();
  });
});

describe('French IBAN fast path agrees with ibantools', () => {
  const alnum = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const digits = fc.stringMatching(/^\d{10}$/);
  const account = fc.array(fc.constantFrom(...alnum.split('')), { minLength: 11, maxLength: 11 }).map((a) => a.join(''));

  it('property: every composed FR IBAN (any RIB key) is judged as ibantools judges it', () => {
    fc.assert(
      fc.property(digits, account, fc.integer({ min: 0, max: 99 }), (bankBranch, acc, key) => {
        const bban = `${bankBranch}${acc}${String(key).padStart(2, '0')}`;
        const iban = ibantools.composeIBAN({ countryCode: 'FR', bban });
        if (!iban) return; // ibantools refuses the BBAN (bad RIB key): ours must refuse it too
        const expected = ibantools.isValidIBAN(iban);
        expect(normalizeIban(iban) !== null).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: a single changed character is judged as ibantools judges it', () => {
    const valid = ['FR7630006000011234567890189', 'FR1420041010050500013M02606', 'FR7610107001011234567890129'];
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.integer({ min: 2, max: 26 }), fc.constantFrom(...alnum.split('')), (iban, pos, ch) => {
        const mutated = iban.slice(0, pos) + ch + iban.slice(pos + 1);
        expect(normalizeIban(mutated) !== null).toBe(ibantools.isValidIBAN(mutated));
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts the printed form with spaces and lower case', () => {
    expect(normalizeIban('fr76 3000 6000 0112 3456 7890 189')).toBe('FR7630006000011234567890189');
    expect(isFrenchIban('FR76 3000 6000 0112 3456 7890 188')).toBe(false);
  });
});
