/**
 * CheckMemo (src/candidacy/evaluate.ts, issue 27): the agenda's checks built once per
 * distinct key of each criterion (CRITERION_CHECKS, src/rules/eligibility.ts) are the checks
 * `evaluateCandidacy` builds for each candidacy — a key that forgot a fact its message reads
 * would give one candidacy another's message, which this property finds.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckMemo } from '../../src/candidacy/evaluate.js';
import { lang, setLang } from '../../src/i18n/index.js';
import {
  evaluateCandidacy,
  MIN_ANNUAL_INCOME_CENTS,
  MIN_COMPANY_REVENUE_CENTS,
  type CandidacyFacts,
  type EvaluationContext,
} from '../../src/rules/eligibility.js';
import { DOCUMENT_IDS } from '../../src/rules/enums.js';
import { readyFacts } from '../helpers/candidacy-facts.js';

const around = (x: number) => fc.oneof(fc.constant(x), fc.constant(x + 1), fc.constant(x - 1), fc.constant(x + 50), fc.integer({ min: 0, max: 3 * x }));
const mostly = <T>(good: T, other: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(good), weight: 3 }, { arbitrary: other, weight: 2 });
const date = fc.constantFrom('2026-11-18', '2026-11-20', '2026-11-25', '2026-11-26', '2027-11-19', '2027-11-20', '2027-11-26', '2030-12-31');
const factsArb: fc.Arbitrary<CandidacyFacts> = fc.record({
  kind: fc.constantFrom('person' as const, 'company' as const),
  companyRevenueCents: mostly(2 * MIN_COMPANY_REVENUE_CENTS, around(MIN_COMPANY_REVENUE_CENTS)),
  isExecutive: mostly(true, fc.boolean()),
  annualIncomeCents: mostly(2 * MIN_ANNUAL_INCOME_CENTS, around(MIN_ANNUAL_INCOME_CENTS)),
  preventelListed: mostly(false, fc.boolean()),
  operatorUnpaid: mostly(false, fc.boolean()),
  bankingBan: mostly(false, fc.boolean()),
  sponsorMemberNo: fc.option(fc.constantFrom('1', '42', ''), { nil: null }),
  invitedByParnasse: mostly(true, fc.boolean()),
  charterAccepted: mostly(true, fc.boolean()),
  lineTechnology: mostly('fibre', fc.constantFrom('vdsl', 'adsl', 'cable', 'satellite')),
  orangeSubscriptions: mostly(1, fc.integer({ min: 0, max: 4 })),
  incompatibleOffer: mostly(false, fc.boolean()),
  iban: mostly<string | null>(
    'FR7630006000011234567890189',
    fc.option(fc.constantFrom('FR7630006000011234567890189', 'FR7630006000011234567890188', 'DE89370400440532013000', ''), { nil: null }),
  ),
  documents: mostly<string[]>(['D1', 'D2', 'D4', 'D5', 'D6'], fc.subarray([...DOCUMENT_IDS])),
  idExpiresOn: fc.option(date, { nil: null }),
  foreignNational: fc.boolean(),
  residenceCardExpiresOn: fc.option(date, { nil: null }),
  appliedOn: fc.constantFrom('2026-11-18', '2026-11-20', '2026-11-26'),
  addressesDiffer: mostly(false, fc.boolean()),
});
const ctxArb = (on: string): fc.Arbitrary<EvaluationContext> =>
  fc.record({
    on: fc.constant(on),
    zoneId: fc.option(fc.constantFrom('paris', 'corse', 'nord', ''), { nil: null }),
    sponsor: fc.option(fc.record({ memberNo: fc.constantFrom('1', '42'), inGoodStanding: fc.boolean() }), { nil: null }),
  });

describe('CheckMemo: the memoized checks are the checks of evaluateCandidacy', () => {
  const before = lang();
  afterEach(() => setLang(before));

  for (const language of ['en', 'fr'] as const) {
    it(`property: candidacy after candidacy through one memo, every check and the verdict are evaluateCandidacy's (${language})`, () => {
      setLang(language);
      fc.assert(
        fc.property(fc.array(fc.tuple(factsArb, ctxArb('2026-11-26')), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 40 }), (rows, max) => {
          const memo = new CheckMemo('2026-11-26', max);
          for (const [f, ctx] of rows) expect(memo.evaluate(f, ctx)).toEqual(evaluateCandidacy(f, ctx));
        }),
        { numRuns: 400 },
      );
    });
  }

  it('shares one frozen check between candidacies with the same facts for a criterion, and judges another date without the memo', () => {
    const f = readyFacts({ companyRevenueCents: 2 * MIN_COMPANY_REVENUE_CENTS, annualIncomeCents: 2 * MIN_ANNUAL_INCOME_CENTS });
    const ctx: EvaluationContext = { on: '2026-11-26', zoneId: 'paris', sponsor: null };
    const memo = new CheckMemo('2026-11-26');
    const a = memo.evaluate(f, ctx);
    const b = memo.evaluate({ ...f, annualIncomeCents: f.annualIncomeCents + 1 }, ctx);
    expect(a.verdict).toBe('ready');
    expect(b.checks[0]).toBe(a.checks[0]); // E1: same zone, the same object
    expect(b.checks[2]).not.toBe(a.checks[2]); // E3: another income, another message
    expect(b.checks[2]!.message).not.toBe(a.checks[2]!.message);
    expect(Object.isFrozen(a.checks[0])).toBe(true);
    // a context of another date is judged as evaluateCandidacy judges it (the memo holds one date)
    const later: EvaluationContext = { ...ctx, on: '2031-01-02' };
    expect(memo.evaluate(f, later)).toEqual(evaluateCandidacy(f, later));
    expect(memo.evaluate(f, later).verdict).toBe('incomplete');
  });
});
