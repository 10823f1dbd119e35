import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divRoundHalfUp, formatEuros, htFromTtc, parseEuros, splitInvoice, splitVat } from '../../src/rules/money.js';

describe('money (RULES.md §0)', () => {
  it('the entry fee 1 500,00 € TTC splits into 1 250,00 € HT + 250,00 € VAT (annex 1)', () => {
    expect(splitVat(150000)).toEqual({ ttcCents: 150000, htCents: 125000, vatCents: 25000 });
  });

  it('derives the HT printed in annex 1 from the round TTC prices', () => {
    expect(htFromTtc(25000)).toBe(20833); // Offre 250 € → 208,33
    expect(htFromTtc(9000)).toBe(7500);
    expect(htFromTtc(5500)).toBe(4583);
    expect(htFromTtc(10500)).toBe(8750);
    expect(htFromTtc(10000)).toBe(8333);
    expect(htFromTtc(12000)).toBe(10000);
    expect(htFromTtc(15000)).toBe(12500);
  });

  it('rounds half up to the cent (140 € → 116,67 € HT, annex prints 116,66 truncated)', () => {
    expect(htFromTtc(14000)).toBe(11667);
    expect(htFromTtc(7000)).toBe(5833);
    expect(divRoundHalfUp(5, 2)).toBe(3);
    expect(divRoundHalfUp(-5, 2)).toBe(-3);
  });

  it('penalties and indemnities are outside VAT', () => {
    expect(splitInvoice([{ ttcCents: 25000 }, { ttcCents: 4000, vat: false }])).toEqual({
      ttcCents: 29000,
      htCents: 20833 + 4000,
      vatCents: 29000 - 24833,
    });
  });

  it('property: an invoice split always sums back to its TTC, with VAT ≥ 0', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 30 }), (ttcs) => {
        const s = splitInvoice(ttcs.map((t) => ({ ttcCents: t })));
        expect(s.htCents + s.vatCents).toBe(s.ttcCents);
        expect(s.vatCents).toBeGreaterThanOrEqual(0);
        expect(s.ttcCents).toBe(ttcs.reduce((a, b) => a + b, 0));
      }),
    );
  });

  it('property: HT of a line is within half a cent of TTC / 1.2', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), (ttc) => {
        const ht = htFromTtc(ttc);
        expect(Math.abs(ht * 120 - ttc * 100)).toBeLessThanOrEqual(60);
      }),
    );
  });

  it('parses French and plain amounts', () => {
    expect(parseEuros('1 250 000,50')).toBe(125000050);
    expect(parseEuros('1\u00a0250\u00a0000,50')).toBe(125000050);
    expect(parseEuros('1\u202f250\u202f000,50')).toBe(125000050);
    expect(parseEuros('1250000.50')).toBe(125000050);
    expect(parseEuros('250')).toBe(25000);
    expect(parseEuros('250,5')).toBe(25050);
    expect(parseEuros('50 000 000 €')).toBe(5000000000);
    expect(parseEuros('-12,00')).toBe(-1200);
  });

  it('rejects what is not an amount', () => {
    for (const s of ['', 'abc', '12,345', '1 25 000', '12.3.4', '1e6', '=SUM(A1:A2)', '12,,5']) expect(parseEuros(s)).toBeNull();
  });

  it('formats by arithmetic exactly as the thousands regex did (issue 14), at every size and sign', () => {
    const byRegex = (c: number) => {
      const a = Math.abs(c);
      return `${c < 0 ? '-' : ''}${Math.floor(a / 100)
        .toString()
        .replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${(a % 100).toString().padStart(2, '0')} €`;
    };
    for (const c of [0, 5, 99, 100, 1000_00, 1005_00, 1_000_000_00, 1_000_001_07, -100_000_00, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER])
      expect(formatEuros(c)).toBe(byRegex(c));
    expect(formatEuros(123456789)).toBe('1 234 567,89 €');
    expect(formatEuros(-100007)).toBe('-1 000,07 €');
    fc.assert(
      fc.property(fc.maxSafeInteger(), (c) => {
        expect(formatEuros(c)).toBe(byRegex(c));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: formatting then parsing gives the cents back', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (c) => {
        expect(parseEuros(formatEuros(c))).toBe(c);
      }),
    );
  });
});
