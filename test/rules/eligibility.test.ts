import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  committeeDeadline,
  evaluateCandidacy,
  residenceCardValidUntil,
  MIN_ANNUAL_INCOME_CENTS,
  MIN_COMPANY_REVENUE_CENTS,
  parseDocumentList,
  type CandidacyFacts,
  type EvaluationContext,
} from '../../src/rules/eligibility.js';
import { addDays, parseDate } from '../../src/rules/dates.js';
import { readyFacts } from '../helpers/candidacy-facts.js';

const facts = readyFacts;
const ctx = (over: Partial<EvaluationContext> = {}): EvaluationContext => ({ on: '2026-11-26', zoneId: 'paris', sponsor: null, ...over });
const byId = (f: CandidacyFacts, c = ctx()) => Object.fromEntries(evaluateCandidacy(f, c).checks.map((x) => [x.id, x]));

describe('eligibility (art. 3.1), access (art. 3.4), documents (art. 3.2)', () => {
  it('a complete, eligible candidacy is ready; every check names its article', () => {
    const ev = evaluateCandidacy(facts(), ctx());
    expect(ev.verdict).toBe('ready');
    expect(ev.checks.map((c) => c.id)).toEqual(['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'A1', 'A2', 'A3', 'D1', 'D2', 'D3', 'D4', 'D5', 'D6']);
    for (const c of ev.checks) expect(c.article).toBe(c.id[0] === 'E' ? '3.1' : c.id[0] === 'A' ? '3.4' : '3.2');
  });

  it('E2 fails at exactly 50 000 000 € and passes one cent above (strictly above)', () => {
    expect(MIN_COMPANY_REVENUE_CENTS).toBe(5_000_000_000);
    expect(byId(facts({ companyRevenueCents: 50_000_000_00 })).E2!.pass).toBe(false);
    expect(byId(facts({ companyRevenueCents: 50_000_000_01 })).E2!.pass).toBe(true);
    expect(evaluateCandidacy(facts({ companyRevenueCents: 50_000_000_00 }), ctx()).verdict).toBe('ineligible');
    expect(byId(facts({ isExecutive: false })).E2!.pass).toBe(false);
  });

  it('E3 fails at exactly 100 000 € and passes one cent above', () => {
    expect(MIN_ANNUAL_INCOME_CENTS).toBe(10_000_000);
    expect(byId(facts({ annualIncomeCents: 100_000_00 })).E3!.pass).toBe(false);
    expect(byId(facts({ annualIncomeCents: 100_000_01 })).E3!.pass).toBe(true);
  });

  it('E2/E3 messages show the cents that decide a boundary case (never "100 000 € > 100 000 €")', () => {
    expect(byId(facts({ annualIncomeCents: 100_000_01 })).E3!.message).toBe('annual gross income 100 000,01 € > 100 000 €');
    expect(byId(facts({ companyRevenueCents: 50_000_000_50 })).E2!.message).toBe('company revenue 50 000 000,50 € > 50 000 000 €');
    expect(byId(facts({ annualIncomeCents: 100_000_00 })).E3!.message).toBe('annual gross income 100 000 € is not above 100 000 €');
  });

  it('E1 outside the zone, E4 Préventel / unpaid / ban, E5 sponsor, E6 charter', () => {
    expect(byId(facts(), ctx({ zoneId: null })).E1!.pass).toBe(false);
    for (const k of ['preventelListed', 'operatorUnpaid', 'bankingBan'] as const) expect(byId(facts({ [k]: true })).E4!.pass).toBe(false);
    expect(byId(facts({ invitedByParnasse: false })).E5!.pass).toBe(false);
    expect(byId(facts({ invitedByParnasse: false, sponsorMemberNo: '7' }), ctx({ sponsor: { memberNo: '7', inGoodStanding: true } })).E5!.pass).toBe(true);
    expect(byId(facts({ invitedByParnasse: false, sponsorMemberNo: '7' }), ctx({ sponsor: { memberNo: '7', inGoodStanding: false } })).E5!.pass).toBe(false);
    expect(byId(facts({ charterAccepted: false })).E6!.pass).toBe(false);
  });

  it('A2 needs one or two Orange subscriptions; A3 no incompatible offer', () => {
    expect(byId(facts({ orangeSubscriptions: 0 })).A2!.pass).toBe(false);
    expect(byId(facts({ orangeSubscriptions: 2 })).A2!.pass).toBe(true);
    expect(byId(facts({ orangeSubscriptions: 3 })).A2!.pass).toBe(false);
    expect(byId(facts({ incompatibleOffer: true })).A3!.pass).toBe(false);
  });

  it('D2: the identity document is valid on its last day, expired the day after', () => {
    expect(byId(facts({ idExpiresOn: '2026-11-26' })).D2!.pass).toBe(true);
    expect(byId(facts({ idExpiresOn: '2026-11-25' })).D2!.pass).toBe(false);
    expect(evaluateCandidacy(facts({ idExpiresOn: '2026-11-25' }), ctx()).verdict).toBe('incomplete');
    expect(byId(facts({ idExpiresOn: null })).D2!.pass).toBe(false);
  });

  it("D2: a foreign national's resident card must be valid one year from the application (art. 3.2)", () => {
    const foreign = (card: string | null) => facts({ foreignNational: true, residenceCardExpiresOn: card, appliedOn: '2026-11-20' });
    // applied 20 Nov 2026: valid until 20 Nov 2027 at least
    expect(byId(foreign('2027-11-20')).D2!.pass).toBe(true);
    expect(byId(foreign('2027-11-19')).D2!.pass).toBe(false);
    expect(byId(foreign('2027-11-19')).D2!.article).toBe('3.2');
    expect(byId(foreign('2027-11-19')).D2!.message).toBe(
      'resident card expires on 2027-11-19, less than one year after the application of 2026-11-20 (must be valid until 2027-11-20)',
    );
    expect(evaluateCandidacy(foreign('2027-11-19'), ctx()).verdict).toBe('incomplete');
    expect(byId(foreign(null)).D2!.pass).toBe(false);
    expect(byId(foreign(null)).D2!.message).toBe('resident card received without its expiry date');
    expect(byId(foreign('2027-11-20')).D2!.message).toBe('identity document valid until 2030-12-31; resident card until 2027-11-20');
    // the identity document is still judged on the decision date
    expect(byId(facts({ foreignNational: true, residenceCardExpiresOn: '2028-01-01', idExpiresOn: '2026-11-25' })).D2!.pass).toBe(false);
    // a national needs no resident card
    expect(byId(facts({ residenceCardExpiresOn: null })).D2!.pass).toBe(true);
    // 29 February: one year later is 28 February
    expect(
      byId(
        facts({ foreignNational: true, appliedOn: '2028-02-29', residenceCardExpiresOn: '2029-02-28', idExpiresOn: '2031-01-01' }),
        ctx({ on: '2028-03-01' }),
      ).D2!.pass,
    ).toBe(true);
    expect(residenceCardValidUntil('2026-11-20')).toBe('2027-11-20');
  });

  it('D3 only when the addresses differ; D5 needs a valid FR IBAN', () => {
    expect(byId(facts()).D3!.pass).toBe(true);
    expect(byId(facts({ addressesDiffer: true })).D3!.pass).toBe(false);
    expect(byId(facts({ addressesDiffer: true, documents: ['D1', 'D2', 'D3', 'D4', 'D5', 'D6'] })).D3!.pass).toBe(true);
    expect(byId(facts({ iban: 'DE89370400440532013000' })).D5!.pass).toBe(false);
    expect(byId(facts({ iban: null })).D5!.pass).toBe(false);
  });

  it('an ineligible verdict wins over missing documents', () => {
    expect(evaluateCandidacy(facts({ documents: [], annualIncomeCents: 0 }), ctx()).verdict).toBe('ineligible');
    expect(evaluateCandidacy(facts({ documents: [] }), ctx()).verdict).toBe('incomplete');
  });

  it('committee deadline is applied_on + 7 days, across a month end and a year end', () => {
    expect(committeeDeadline('2026-11-26')).toBe('2026-12-03');
    expect(committeeDeadline('2026-12-28')).toBe('2027-01-04');
    expect(committeeDeadline('2028-02-25')).toBe('2028-03-03'); // leap year
  });

  it('document lists: sorted, deduplicated, unknown items apart', () => {
    expect(parseDocumentList('d6|D1,D1; D2')).toEqual({ documents: ['D1', 'D2', 'D6'], unknown: [] });
    expect(parseDocumentList('D1|D9|X').unknown).toEqual(['D9', 'X']);
  });

  it("property: E2 passes exactly when the executive's revenue is strictly above 50 M€", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 * MIN_COMPANY_REVENUE_CENTS }), fc.boolean(), (rev, exec) => {
        expect(byId(facts({ companyRevenueCents: rev, isExecutive: exec })).E2!.pass).toBe(exec && rev > MIN_COMPANY_REVENUE_CENTS);
      }),
    );
  });

  it('property: the verdict is ready iff every check passes', () => {
    fc.assert(
      fc.property(
        fc.record({
          annualIncomeCents: fc.integer({ min: 0, max: 300_000_00 }),
          orangeSubscriptions: fc.integer({ min: 0, max: 3 }),
          documents: fc.subarray(['D1', 'D2', 'D3', 'D4', 'D5', 'D6']),
          idExpiresOn: fc.constantFrom(null, '2026-11-25', '2026-11-26', '2031-01-01'),
          foreignNational: fc.boolean(),
          residenceCardExpiresOn: fc.constantFrom(null, '2027-11-19', '2027-11-20'),
          preventelListed: fc.boolean(),
        }),
        (over) => {
          const ev = evaluateCandidacy(facts(over), ctx());
          expect(ev.verdict === 'ready').toBe(ev.checks.every((c) => c.pass));
        },
      ),
    );
  });

  it('property: the committee deadline is always 7 days later; dates parse in both notations', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const fr = `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
        expect(parseDate(fr)).toBe(iso);
        expect(parseDate(iso)).toBe(iso);
        const dl = committeeDeadline(iso);
        expect(addDays(dl, -7)).toBe(iso);
        expect(Date.parse(dl) - Date.parse(iso)).toBe(7 * 86_400_000);
      }),
    );
  });

  it('rejects impossible dates', () => {
    expect(parseDate('29/02/2026')).toBeNull();
    expect(parseDate('29/02/2028')).toBe('2028-02-29');
    expect(parseDate('31/04/2026')).toBeNull();
    expect(parseDate('2026-13-01')).toBeNull();
    expect(parseDate('1/2/2026')).toBeNull();
  });
});
