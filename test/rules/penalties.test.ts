import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkDispute,
  indemnityDue,
  MissingRateError,
  parseRate,
  penaltyPeriods,
  periodPenalty,
  semesterOf,
  type InvoiceEvents,
} from '../../src/rules/penalties.js';

const RATES: Record<string, number> = { '2026-S1': 262, '2026-S2': 275 };
const rate = (s: string) => RATES[s] ?? null;
const ev = (o: Partial<InvoiceEvents> = {}): InvoiceEvents => ({
  totalTtcCents: 150000,
  payBy: '2026-06-20',
  payments: [],
  credits: [],
  allocatedIn: [],
  allocatedOut: [],
  refunds: [],
  disputes: [],
  ...o,
});

describe('late-payment penalty (art. 7.3.7)', () => {
  it('rates: percent with two decimals, 0–100 %', () => {
    expect(parseRate('2.76')).toBe(276);
    expect(parseRate('2,7')).toBe(270);
    expect(parseRate('100')).toBe(10000);
    expect(parseRate('100.01')).toBeNull();
    expect(parseRate('-1')).toBeNull();
    expect(parseRate('2.765')).toBeNull();
    expect(parseRate('abc')).toBeNull();
    expect(semesterOf('2026-06-30')).toBe('2026-S1');
    expect(semesterOf('2026-07-01')).toBe('2026-S2');
  });

  it('two periods across a semester change, two rates (1 500,00 € unpaid, pay-by 20/06/2026)', () => {
    // period 1 starts 21/06 (S1, 2.62 %): 150000 × 3 × 0.0262 × 15 / 365 = 484.52 → 485 cents
    // period 2 starts 06/07 (S2, 2.75 %): 150000 × 3 × 0.0275 × 15 / 365 = 508.56 → 509 cents
    const ps = penaltyPeriods(ev(), '2026-07-06', rate);
    expect(ps.map((p) => [p.startsOn, p.semester, p.baseCents, p.amountCents])).toEqual([
      ['2026-06-21', '2026-S1', 150000, 485],
      ['2026-07-06', '2026-S2', 150000, 509],
    ]);
    expect(ps.map((p) => p.key)).toEqual(['main:1@2026-S1', 'main:2@2026-S2']);
    // a run on the 5th of July bills only the first (the second has not started)
    expect(penaltyPeriods(ev(), '2026-07-05', rate)).toHaveLength(1);
    // nothing on pay-by itself
    expect(penaltyPeriods(ev(), '2026-06-20', rate)).toEqual([]);
  });

  it('a partial payment lowers the base of the following periods only', () => {
    // 1 000,00 € paid 25/06 (inside period 1): period 1 keeps its 1 500,00 € base (485 cents);
    // period 2 (06/07, 2.75 %): 50000 × 3 × 0.0275 × 15 / 365 = 169.52 → 170 cents
    const ps = penaltyPeriods(ev({ payments: [{ on: '2026-06-25', cents: 100000 }] }), '2026-07-06', rate);
    expect(ps.map((p) => [p.baseCents, p.amountCents])).toEqual([
      [150000, 485],
      [50000, 170],
    ]);
    // paid in full on 01/07: period 2 has no base
    expect(penaltyPeriods(ev({ payments: [{ on: '2026-07-01', cents: 150000 }] }), '2026-08-30', rate)).toHaveLength(1);
  });

  it('a missing rate stops with the semester named, never a guess', () => {
    expect(() => penaltyPeriods(ev({ payBy: '2026-12-20' }), '2027-01-10', rate)).toThrow(MissingRateError);
    try {
      penaltyPeriods(ev({ payBy: '2026-12-20' }), '2027-01-10', rate);
    } catch (e) {
      expect((e as MissingRateError).semester).toBe('2027-S1');
    }
  });

  it('disputes: an open one suspends its part; upheld → due at once with its own periods; granted → nothing', () => {
    // 900,00 € of 1 500,00 € contested on 10/06 and upheld on 01/07: main base 600,00 € from 21/06;
    // the upheld 900,00 € has its own periods from 02/07 (2.75 %): 90000 × 3 × 0.0275 × 15 / 365 = 305.14 → 305
    const upheld = ev({ disputes: [{ amountCents: 90000, openedOn: '2026-06-10', status: 'upheld', resolvedOn: '2026-07-01' }] });
    const ps = penaltyPeriods(upheld, '2026-07-02', rate);
    expect(ps.map((p) => [p.tranche, p.startsOn, p.baseCents, p.amountCents])).toEqual([
      ['main', '2026-06-21', 60000, 194], // 60000 × 3 × 0.0262 × 15 / 365 = 193.81 → 194
      ['d1', '2026-07-02', 90000, 305],
    ]);
    // granted: a credit note of 900,00 € on 01/07 — no period for it, the main base stays 600,00 €
    const granted = ev({ disputes: [{ amountCents: 90000, openedOn: '2026-06-10', status: 'granted', resolvedOn: '2026-07-01' }], credits: [{ on: '2026-07-01', cents: 90000 }] });
    const gs = penaltyPeriods(granted, '2026-07-06', rate);
    expect(gs.map((p) => [p.tranche, p.baseCents])).toEqual([
      ['main', 60000],
      ['main', 60000],
    ]);
  });

  it('the 40 € indemnity: once an invoice has been late', () => {
    expect(indemnityDue(penaltyPeriods(ev(), '2026-06-21', rate))).toBe(true);
    expect(indemnityDue(penaltyPeriods(ev({ payments: [{ on: '2026-06-20', cents: 150000 }] }), '2026-12-31', rate))).toBe(false);
  });

  it('property: the penalty grows with the base and never exceeds 3 × rate × 15/365 + ½ cent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10000 }), (b, r) => {
        const p = periodPenalty(b, r);
        expect(Number.isInteger(p)).toBe(true);
        expect(Math.abs(p - (b * 3 * r * 15) / (10000 * 365))).toBeLessThanOrEqual(0.5 + 1e-9);
        expect(periodPenalty(b + 1, r)).toBeGreaterThanOrEqual(p);
      }),
    );
  });

  it('a dispute: not on a credit note, not on a paid invoice, not beyond what is outstanding and uncontested', () => {
    const inv = { kind: 'invoice', number: 'F2026-000001', issuedOn: '2026-06-10', outstandingCents: 150000, contestedCents: 90000 };
    expect(checkDispute(inv, 60000, '2026-06-11').ok).toBe(true);
    expect(checkDispute(inv, 60001, '2026-06-11')).toMatchObject({ ok: false, article: '7.3.6' });
    expect(checkDispute({ ...inv, kind: 'credit_note' }, 1, '2026-06-11').ok).toBe(false);
    expect(checkDispute({ ...inv, outstandingCents: 0, contestedCents: 0 }, 1, '2026-06-11').ok).toBe(false);
    expect(checkDispute(inv, 1, '2026-06-09').ok).toBe(false);
  });
});
