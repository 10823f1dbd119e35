/**
 * parseEuros without BigInt below 14 digits and without a replace callback (issue 27: an
 * import parses two amounts per row) answers exactly as the former all-BigInt parser, kept
 * here as the reference, on any mix of digits, spaces, marks, signs and euro signs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEuros } from '../../src/rules/money.js';

function reference(input: string): number | null {
  let s = input.trim().replace(/\s*€$/, '').trim();
  if (s === '') return null;
  s = s.replace(/[\u0020\u00a0\u202f]/g, (m, off: number) => (off > 0 ? "'" : m));
  const m = /^(-?)(\d{1,3}(?:'\d{3})+|\d+)(?:[.,](\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const f = (m[3] ?? '').padEnd(2, '0');
  const big = BigInt(m[2]!.replace(/'/g, '')) * 100n + BigInt(f === '' ? '0' : f);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  const n = Number(big);
  return m[1] === '-' ? -n : n;
}

const piece = fc.constantFrom('0', '1', '2', '5', '9', '000', '123', ' ', '\u00a0', '\u202f', ',', '.', '-', '€', ' €', "'", '\t', '99999999999', '0000');

describe('parseEuros, fast path', () => {
  it('answers as the BigInt parser on random amounts as typed', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const s = parts.join('');
        expect(Object.is(parseEuros(s), reference(s)), JSON.stringify(s)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('around the 13-digit edge and the safe-integer bound', () => {
    for (const s of [
      '9999999999999,99',
      '99999999999999',
      '90071992547409,91',
      '90071992547409,92',
      '-0',
      '-0,00',
      '1 250 000,50',
      '61 000 000,00 €',
      '0012,5',
    ])
      expect(Object.is(parseEuros(s), reference(s)), s).toBe(true);
  });
});
