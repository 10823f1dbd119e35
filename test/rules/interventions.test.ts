import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setLang } from '../../src/i18n/index.js';
import {
  ANNEX1_PRICES,
  checkExclusions,
  checkMemberStatus,
  checkPlace,
  checkScope,
  extraHalfHours,
  interventionCharge,
  parseEquipmentList,
  quotaDecision,
} from '../../src/rules/interventions.js';

const P = ANNEX1_PRICES;

describe('charges (annex 1, RULES.md §4)', () => {
  it('a 2 h 10 min out-of-hours technician visit costs 100 + 140 + 3 × 70 = 450,00 € TTC', () => {
    const c = interventionCharge({ kind: 'technician', minutes: 130, included: false, outOfHours: true }, P);
    expect(c.totalCents).toBe(450_00);
    expect(c.lines.map((l) => l.ttcCents)).toEqual([100_00, 140_00, 210_00]);
  });

  it('business-hours technician: travel + 120 first hour + 60 per started half-hour', () => {
    expect(interventionCharge({ kind: 'technician', minutes: 45, included: false, outOfHours: false }, P).totalCents).toBe(220_00);
    expect(interventionCharge({ kind: 'technician', minutes: 60, included: false, outOfHours: false }, P).totalCents).toBe(220_00);
    expect(interventionCharge({ kind: 'technician', minutes: 61, included: false, outOfHours: false }, P).totalCents).toBe(280_00);
    expect(interventionCharge({ kind: 'technician', minutes: 90, included: false, outOfHours: false }, P).totalCents).toBe(280_00);
    expect(interventionCharge({ kind: 'technician', minutes: 91, included: false, outOfHours: false }, P).totalCents).toBe(340_00);
  });

  it('an Airbox repair is a technician visit', () => {
    expect(interventionCharge({ kind: 'airbox', minutes: 130, included: false, outOfHours: true }, P).totalCents).toBe(450_00);
  });

  it('coach beyond the allowance: travel + 150 + 75 per started half-hour (decision)', () => {
    expect(interventionCharge({ kind: 'coach', minutes: 120, included: false, outOfHours: false }, P).totalCents).toBe(100_00 + 150_00 + 2 * 75_00);
  });

  it('an included coach visit with more than 3 devices bills the extra minutes at the coach rate, without travel', () => {
    const c = interventionCharge({ kind: 'coach', minutes: 120, included: true, outOfHours: false, devices: 5, extraMinutes: 40 }, P);
    expect(c.totalCents).toBe(150_00);
    expect(c.lines).toHaveLength(1);
    expect(c.lines[0]!.code).toBe('extra_devices');
    expect(interventionCharge({ kind: 'coach', minutes: 120, included: true, outOfHours: false, devices: 5, extraMinutes: 70 }, P).totalCents).toBe(225_00);
    expect(interventionCharge({ kind: 'coach', minutes: 120, included: true, outOfHours: false, devices: 3, extraMinutes: 0 }, P).totalCents).toBe(0);
  });

  it('an included visit costs nothing', () => {
    expect(interventionCharge({ kind: 'technician', minutes: 200, included: true, outOfHours: false }, P)).toEqual({ lines: [], totalCents: 0 });
  });

  it('property: a started half-hour rounds up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1440 }), (m) => {
        const n = extraHalfHours(m);
        expect(60 + n * 30).toBeGreaterThanOrEqual(m);
        if (n > 0) expect(60 + (n - 1) * 30).toBeLessThan(m);
      }),
    );
  });

  it('property: the charge is monotone in minutes, an integer, at least travel + first hour', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('technician', 'coach', 'airbox') as fc.Arbitrary<'technician' | 'coach' | 'airbox'>,
        fc.boolean(),
        fc.integer({ min: 1, max: 900 }),
        fc.integer({ min: 0, max: 300 }),
        (kind, off, m, more) => {
          const a = interventionCharge({ kind, minutes: m, included: false, outOfHours: off }, P).totalCents;
          const b = interventionCharge({ kind, minutes: m + more, included: false, outOfHours: off }, P).totalCents;
          expect(b).toBeGreaterThanOrEqual(a);
          expect(Number.isSafeInteger(a)).toBe(true);
          expect(a).toBeGreaterThanOrEqual(P.travel + Math.min(P.technicianHour, P.coachHour));
        },
      ),
    );
  });
});

describe('quota (art. 5.2.2, 5.4.1)', () => {
  it('tier B: 5 visits, the 6th is billable', () => {
    expect(quotaDecision('technician', 'B', { includedVisits: 4, includedCoach: 0 }, false).included).toBe(true);
    const sixth = quotaDecision('technician', 'B', { includedVisits: 5, includedCoach: 0 }, false);
    expect(sixth).toMatchObject({ included: false, article: '5.2.2' });
  });

  it('tier A: 15 visits, of which 2 coach visits', () => {
    expect(quotaDecision('technician', 'A', { includedVisits: 14, includedCoach: 2 }, false).included).toBe(true);
    expect(quotaDecision('coach', 'A', { includedVisits: 3, includedCoach: 2 }, false)).toMatchObject({ included: false, article: '5.4.1' });
    expect(quotaDecision('coach', 'A', { includedVisits: 3, includedCoach: 1 }, false).included).toBe(true);
    expect(quotaDecision('coach', 'B', { includedVisits: 1, includedCoach: 1 }, false).included).toBe(false);
  });

  it('out of hours is never included', () => {
    expect(quotaDecision('technician', 'A', { includedVisits: 0, includedCoach: 0 }, true).included).toBe(false);
  });
});

describe('scope and exclusions (art. 5.2.2, 5.5)', () => {
  it('accepts the listed equipment and apps', () => {
    expect(checkScope(parseEquipmentList('pto,fibre_box,Livebox,tv-decoder,ma_livebox,orange.tv,orange et moi,orange_pro')).ok).toBe(true);
  });

  it('Parnasse-installed items only when installed by Parnasse', () => {
    expect(checkScope(parseEquipmentList('wifi_ap:parnasse,ethernet:parnasse,multimedia:Parnasse')).ok).toBe(true);
    const d = checkScope(parseEquipmentList('livebox,wifi_ap'));
    expect(d).toMatchObject({ ok: false, article: '5.2.2' });
    expect(checkScope(parseEquipmentList('ethernet:member')).ok).toBe(false);
  });

  it('anything else is out of scope', () => {
    const d = checkScope(parseEquipmentList('printer'));
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.reason).toMatch(/"printer" is outside/);
  });

  it('refuses dangerous repairs, external causes, own repairs, Airbox misuse', () => {
    expect(checkExclusions('technician', { dangerous: true })).toMatchObject({ ok: false, article: '5.2.2' });
    expect(checkExclusions('technician', { externalCause: true })).toMatchObject({ ok: false, article: '5.2.2' });
    expect(checkExclusions('airbox', { memberRepaired: true })).toMatchObject({ ok: false, article: '5.2.2' });
    expect(checkExclusions('airbox', { airboxMisuse: true })).toMatchObject({ ok: false, article: '5.5' });
    expect(checkExclusions('technician', {}).ok).toBe(true);
  });

  it('only a coach may go elsewhere than the member’s addresses', () => {
    expect(checkPlace('coach', true).ok).toBe(true);
    expect(checkPlace('technician', true)).toMatchObject({ ok: false, article: '5.2.2' });
    expect(checkPlace('airbox', true)).toMatchObject({ ok: false, article: '5.5' });
    // the reason in the run's language (it was English only)
    setLang('fr');
    try {
      const d = checkPlace('technician', true);
      expect(d.ok ? '' : d.reason).toContain("n'a lieu qu'à l'une des adresses du membre");
    } finally {
      setLang('en');
    }
  });

  it('member status: pending allowed (art. 6), suspended 7.3.8, terminated 10.4', () => {
    expect(checkMemberStatus('pending', '2026-03-02', null).ok).toBe(true);
    expect(checkMemberStatus('active', '2026-03-02', null).ok).toBe(true);
    expect(checkMemberStatus('suspended', '2026-03-02', null)).toMatchObject({ ok: false, article: '7.3.8' });
    expect(checkMemberStatus('terminated', '2026-03-02', '2026-02-01')).toMatchObject({ ok: false, article: '10.4' });
    expect(checkMemberStatus('active', '2026-03-02', '2026-03-02')).toMatchObject({ ok: false, article: '10.4' });
    expect(checkMemberStatus('active', '2026-03-01', '2026-03-02').ok).toBe(true);
  });
});
