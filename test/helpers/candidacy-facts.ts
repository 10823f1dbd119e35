/** The facts of a candidacy that passes every criterion (a ready person in Paris), as the rules tests start from. */
import type { CandidacyFacts } from '../../src/rules/eligibility.js';

export const readyFacts = (over: Partial<CandidacyFacts> = {}): CandidacyFacts => ({
  kind: 'person',
  companyRevenueCents: 80_000_000_00,
  isExecutive: true,
  annualIncomeCents: 200_000_00,
  preventelListed: false,
  operatorUnpaid: false,
  bankingBan: false,
  sponsorMemberNo: null,
  invitedByParnasse: true,
  charterAccepted: true,
  lineTechnology: 'fibre',
  orangeSubscriptions: 1,
  incompatibleOffer: false,
  iban: 'FR7630006000011234567890189',
  documents: ['D1', 'D2', 'D4', 'D5', 'D6'],
  idExpiresOn: '2030-12-31',
  foreignNational: false,
  residenceCardExpiresOn: null,
  appliedOn: '2026-11-20',
  addressesDiffer: false,
  ...over,
});
