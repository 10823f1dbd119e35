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
import { addDays } from '../../src/rules/dates.js';

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
    const granted = ev({
      disputes: [{ amountCents: 90000, openedOn: '2026-06-10', status: 'granted', resolvedOn: '2026-07-01' }],
      credits: [{ on: '2026-07-01', cents: 90000 }],
    });
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
    const inv = { kind: 'invoice', number: 'F2026-000001', issuedOn: '2026-06-10', outstandingCents: 150000, disputableCents: 60000 };
    expect(checkDispute(inv, 60000, '2026-06-11').ok).toBe(true);
    expect(checkDispute(inv, 60001, '2026-06-11')).toMatchObject({ ok: false, article: '7.3.6' });
    expect(checkDispute({ ...inv, kind: 'credit_note' }, 1, '2026-06-11').ok).toBe(false);
    expect(checkDispute({ ...inv, outstandingCents: 0, disputableCents: 0 }, 1, '2026-06-11').ok).toBe(false);
    // collected by direct debit: nothing outstanding, what was debited can still be disputed
    expect(checkDispute({ ...inv, outstandingCents: 0, disputableCents: 25000 }, 25000, '2026-06-11').ok).toBe(true);
    expect(checkDispute(inv, 1, '2026-06-09').ok).toBe(false);
  });

  it('a payment on the first day of delay was late (item 9): 1 500,00 € payable by 11/06, paid 12/06 → one period, 1500 × 3 × 3 % × 15/365 = 5,55', () => {
    const r3 = () => 300;
    const paid12 = ev({ payBy: '2027-06-11', payments: [{ on: '2027-06-12', cents: 150000 }] });
    const ps = penaltyPeriods(paid12, '2027-07-31', r3);
    expect(ps.map((p) => [p.startsOn, p.baseCents, p.amountCents])).toEqual([['2027-06-12', 150000, 555]]);
    expect(indemnityDue(ps)).toBe(true);
    // on the pay-by date: on time
    expect(penaltyPeriods(ev({ payBy: '2027-06-11', payments: [{ on: '2027-06-11', cents: 150000 }] }), '2027-07-31', r3)).toEqual([]);
    // the first day of the second period counts it too (each started period in full)
    expect(penaltyPeriods(ev({ payBy: '2027-06-11', payments: [{ on: '2027-06-27', cents: 150000 }] }), '2027-07-31', r3).map((p) => p.startsOn)).toEqual([
      '2027-06-12',
      '2027-06-27',
    ]);
  });

  it('sums given back as not due bear no penalty and no indemnity, whenever the credit note came (item 10)', () => {
    // 500,00 € of which 250,00 € (a month after the end) given back on 01/03, long after pay-by
    const half = ev({ totalTtcCents: 50000, payBy: '2026-06-20', credits: [{ on: '2026-07-20', cents: 25000 }], notDue: [{ on: '2026-07-20', cents: 25000 }] });
    expect(penaltyPeriods(half, '2026-07-06', rate).map((p) => p.baseCents)).toEqual([25000, 25000]);
    // everything not due: nothing late, no indemnity
    const none = ev({ totalTtcCents: 25000, credits: [{ on: '2026-08-01', cents: 25000 }], notDue: [{ on: '2026-08-01', cents: 25000 }] });
    expect(penaltyPeriods(none, '2026-08-30', rate)).toEqual([]);
    expect(indemnityDue(penaltyPeriods(none, '2026-08-30', rate))).toBe(false);
    // the legitimate part paid on time: nothing late either
    const paid = ev({
      totalTtcCents: 50000,
      payments: [{ on: '2026-06-15', cents: 25000 }],
      credits: [{ on: '2026-08-01', cents: 25000 }],
      notDue: [{ on: '2026-08-01', cents: 25000 }],
    });
    expect(penaltyPeriods(paid, '2026-08-30', rate)).toEqual([]);
  });

  it('an upheld amount starts its periods after the last period already charged on it (item 11: 403,23 €, 153,23 € contested 15/02, upheld 20/02)', () => {
    const r = () => 312;
    const e = ev({
      totalTtcCents: 40323,
      payBy: '2027-02-11',
      disputes: [{ amountCents: 15323, openedOn: '2027-02-15', status: 'upheld', resolvedOn: '2027-02-20' }],
    });
    const ps = penaltyPeriods(e, '2027-03-15', r);
    expect(ps.map((p) => [p.tranche, p.startsOn, p.endsOn, p.baseCents, p.amountCents])).toEqual(
      [
        ['main', '2027-02-12', '2027-02-26', 40323, 155], // 1,55 € on all of it: the period 12/02–26/02 covers the 153,23 € too
        ['main', '2027-02-27', '2027-03-13', 25000, 96],
        ['d1', '2027-02-27', '2027-03-13', 15323, 59], // not from 21/02: those days were charged already
        ['main', '2027-03-14', '2027-03-28', 25000, 96],
        ['d1', '2027-03-14', '2027-03-28', 15323, 59],
      ].sort((a, b) => (a[0] === b[0] ? 0 : a[0] === 'main' ? -1 : 1)),
    );
    // contested before any period: its own periods from the day after the resolution
    const early = ev({
      totalTtcCents: 40323,
      payBy: '2027-02-11',
      disputes: [{ amountCents: 15323, openedOn: '2027-02-05', status: 'upheld', resolvedOn: '2027-02-20' }],
    });
    expect(penaltyPeriods(early, '2027-02-21', r).map((p) => [p.tranche, p.startsOn, p.baseCents])).toEqual([
      ['main', '2027-02-12', 25000],
      ['d1', '2027-02-21', 15323],
    ]);
    // confirmed before the invoice's own pay-by: late from the day after pay-by, like the rest
    const beforePayBy = ev({
      totalTtcCents: 40323,
      payBy: '2027-02-11',
      disputes: [{ amountCents: 15323, openedOn: '2027-02-02', status: 'upheld', resolvedOn: '2027-02-05' }],
    });
    expect(penaltyPeriods(beforePayBy, '2027-02-12', r).map((p) => [p.tranche, p.startsOn, p.baseCents])).toEqual([
      ['main', '2027-02-12', 25000],
      ['d1', '2027-02-12', 15323],
    ]);
  });

  it('a credit note dated on the first day of a period lowers the next period, not that one (as a payment; living club seed 1004)', () => {
    // 144,00 € late from 15/02; 92,99 € contested 03/03 (inside main's period 02/03–16/03), upheld 04/03:
    // its own periods from 17/03, aligned on main's; a 28,80 € commercial gesture dated 01/04
    const e = ev({
      totalTtcCents: 14400,
      payBy: '2027-02-14',
      credits: [{ on: '2027-04-01', cents: 2880 }],
      disputes: [{ amountCents: 9299, openedOn: '2027-03-03', status: 'upheld', resolvedOn: '2027-03-04' }],
    });
    const ps = penaltyPeriods(e, '2027-04-16', () => 312);
    const bases = (d: string) => ps.filter((p) => p.startsOn === d).map((p) => [p.tranche, p.baseCents]);
    // the two tranches of 01/04 split what was due at the end of 31/03: 144,00 € — once, not 144,00 € against 115,20 €
    expect(bases('2027-04-01')).toEqual([
      ['main', 14400 - 9299],
      ['d1', 9299],
    ]);
    // the credit counts from the next period: the ordinary part first (RULES.md §6)
    expect(bases('2027-04-16')).toEqual([
      ['main', 14400 - 9299 - 2880],
      ['d1', 9299],
    ]);
  });

  it('property: no euro bears two penalties for one day; nothing given back bears any (items 10, 11)', () => {
    const day = (k: number) => addDays('2027-01-01', k);
    const amount = fc.integer({ min: 1, max: 60000 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 100000 }),
        fc.array(fc.record({ k: fc.integer({ min: 0, max: 120 }), cents: amount }), { maxLength: 3 }),
        fc.array(
          fc.record({
            opened: fc.integer({ min: 0, max: 90 }),
            len: fc.integer({ min: 0, max: 40 }),
            cents: amount,
            status: fc.constantFrom('upheld' as const, 'granted' as const, 'open' as const),
          }),
          { maxLength: 3 },
        ),
        fc.integer({ min: 0, max: 100000 }),
        fc.integer({ min: 0, max: 150 }),
        (total, pays, ds, notDueRaw, notDueOn) => {
          const notDue = Math.min(notDueRaw, total);
          const disputes = ds.map((d) => ({
            amountCents: d.cents,
            openedOn: day(d.opened),
            status: d.status,
            resolvedOn: d.status === 'open' ? null : day(d.opened + d.len),
          }));
          const e = ev({
            totalTtcCents: total,
            payBy: '2027-01-11',
            payments: pays.map((p) => ({ on: day(p.k), cents: p.cents })),
            credits: [
              ...(notDue > 0 ? [{ on: day(notDueOn), cents: notDue }] : []),
              ...disputes.filter((d) => d.status === 'granted').map((d) => ({ on: d.resolvedOn!, cents: d.amountCents })),
            ],
            notDue: notDue > 0 ? [{ on: day(notDueOn), cents: notDue }] : [],
            disputes,
          });
          const ps = penaltyPeriods(e, day(200), () => 300);
          // each day: what the periods covering it bear ≤ what was due (not given back) at the start of that day
          for (let k = 0; k <= 200; k++) {
            const d = day(k);
            const borne = ps.filter((p) => p.startsOn <= d && d <= addDays(p.startsOn, 14)).reduce((s, p) => s + p.baseCents, 0);
            expect(borne).toBeLessThanOrEqual(total - notDue);
          }
          for (const p of ps) expect(p.startsOn > e.payBy).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});
