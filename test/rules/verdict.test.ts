/** The import's verdict-only path agrees with the full evaluation (same criteria, same precedence). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  candidacyVerdict,
  evaluateCandidacy,
  parseDocumentList,
  MIN_ANNUAL_INCOME_CENTS,
  MIN_COMPANY_REVENUE_CENTS,
  type CandidacyFacts,
  type EvaluationContext,
} from '../../src/rules/eligibility.js';
import { DOCUMENT_IDS } from '../../src/rules/enums.js';

const around = (x: number) => fc.oneof(fc.constant(x), fc.constant(x + 1), fc.constant(x - 1), fc.integer({ min: 0, max: 3 * x }));
/** Mostly `good`, sometimes not: every verdict shows up often. */
const mostly = <T>(good: T, other: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(good), weight: 6 }, { arbitrary: other, weight: 1 });
const factsArb: fc.Arbitrary<CandidacyFacts> = fc.record({
  kind: fc.constantFrom('person' as const, 'company' as const),
  companyRevenueCents: mostly(2 * MIN_COMPANY_REVENUE_CENTS, around(MIN_COMPANY_REVENUE_CENTS)),
  isExecutive: mostly(true, fc.boolean()),
  annualIncomeCents: mostly(2 * MIN_ANNUAL_INCOME_CENTS, around(MIN_ANNUAL_INCOME_CENTS)),
  preventelListed: mostly(false, fc.boolean()),
  operatorUnpaid: mostly(false, fc.boolean()),
  bankingBan: mostly(false, fc.boolean()),
  sponsorMemberNo: fc.option(fc.constantFrom('1', '42'), { nil: null }),
  invitedByParnasse: mostly(true, fc.boolean()),
  charterAccepted: mostly(true, fc.boolean()),
  lineTechnology: mostly('fibre', fc.constantFrom('vdsl', 'adsl', 'cable')),
  orangeSubscriptions: mostly(1, fc.integer({ min: 0, max: 4 })),
  incompatibleOffer: mostly(false, fc.boolean()),
  iban: mostly<string | null>(
    'FR7630006000011234567890189',
    fc.option(fc.constantFrom('FR7630006000011234567890189', 'FR7630006000011234567890188', 'DE89370400440532013000'), { nil: null }),
  ),
  documents: mostly<string[]>(['D1', 'D2', 'D4', 'D5', 'D6'], fc.subarray([...DOCUMENT_IDS])),
  idExpiresOn: mostly<string | null>('2030-12-31', fc.option(fc.constantFrom('2026-11-25', '2026-11-26'), { nil: null })),
  foreignNational: fc.boolean(),
  residenceCardExpiresOn: mostly<string | null>('2031-01-01', fc.option(fc.constantFrom('2027-11-19', '2027-11-20'), { nil: null })),
  appliedOn: fc.constant('2026-11-20'),
  addressesDiffer: mostly(false, fc.boolean()),
});
const ctxArb: fc.Arbitrary<EvaluationContext> = fc.record({
  on: fc.constant('2026-11-26'),
  zoneId: mostly<string | null>('paris', fc.option(fc.constant('corse'), { nil: null })),
  sponsor: fc.option(fc.record({ memberNo: fc.constant('42'), inGoodStanding: fc.boolean() }), { nil: null }),
});

describe('candidacyVerdict', () => {
  it('is the verdict of evaluateCandidacy for any facts (property)', () => {
    fc.assert(
      fc.property(factsArb, ctxArb, (f, c) => {
        expect(candidacyVerdict(f, c)).toBe(evaluateCandidacy(f, c).verdict);
      }),
      { numRuns: 3000 },
    );
  });
  it('hits every verdict', () => {
    const seen = new Set(fc.sample(fc.tuple(factsArb, ctxArb), 3000).map(([f, c]) => candidacyVerdict(f, c)));
    expect([...seen].sort()).toEqual(['incomplete', 'ineligible', 'ready']);
  });
});

describe('parseDocumentList', () => {
  /** The general algorithm, as a reference for the fast path. */
  const reference = (s: string) => {
    const items = s
      .split(/[|,;]/)
      .map((x) => x.trim().toUpperCase())
      .filter((x) => x !== '');
    const documents: string[] = [];
    const unknown: string[] = [];
    for (const it of items) {
      if ((DOCUMENT_IDS as readonly string[]).includes(it)) {
        if (!documents.includes(it)) documents.push(it);
      } else unknown.push(it);
    }
    return { documents: documents.sort(), unknown };
  };
  it('gives what the general algorithm gives, for any string over ids, separators and spaces (property)', () => {
    const piece = fc.constantFrom('D', 'd', '1', '2', '3', '5', '6', '7', '0', '|', ',', ';', ' ', '\t', '\u00a0', 'X', 'D1', 'D6', 'D12');
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 14 }).map((a) => a.join('')),
        (s) => {
          expect(parseDocumentList(s)).toEqual(reference(s));
        },
      ),
      { numRuns: 5000 },
    );
  });
  it('the usual export forms', () => {
    expect(parseDocumentList('D1|D2|D4|D5|D6')).toEqual({ documents: ['D1', 'D2', 'D4', 'D5', 'D6'], unknown: [] });
    expect(parseDocumentList(' d6 ; D1, D1 ')).toEqual({ documents: ['D1', 'D6'], unknown: [] });
    expect(parseDocumentList('')).toEqual({ documents: [], unknown: [] });
    expect(parseDocumentList('D1|D7')).toEqual({ documents: ['D1'], unknown: ['D7'] });
  });
});
