/**
 * Candidacy criteria (art. 3.1 eligibility E1–E6, art. 3.4 access A1–A3, art. 3.2
 * documents D1–D6; RULES.md §2). Pure: the zone, the sponsor's standing and the date
 * come in as arguments.
 */
import { check, type Check } from './decision.js';
import { DOCUMENT_IDS, LINE_TECHNOLOGIES, type DocumentId, type MemberKind } from './enums.js';
import { isFrenchIban } from './identifiers.js';
import { addDays, type IsoDate } from './dates.js';

export const ART_ELIGIBILITY = '3.1';
export const ART_DOCUMENTS = '3.2';
export const ART_COMMITTEE = '3.3';
export const ART_ACCESS = '3.4';

/** E2: revenue strictly above 50 000 000 €. */
export const MIN_COMPANY_REVENUE_CENTS = 50_000_000_00;
/** E3: gross income strictly above 100 000 €. */
export const MIN_ANNUAL_INCOME_CENTS = 100_000_00;
/** Committee decides within 7 days of the candidacy (art. 3.3). */
export const COMMITTEE_DEADLINE_DAYS = 7;

export interface CandidacyFacts {
  kind: MemberKind;
  companyRevenueCents: number;
  isExecutive: boolean;
  annualIncomeCents: number;
  preventelListed: boolean;
  operatorUnpaid: boolean;
  bankingBan: boolean;
  sponsorMemberNo: string | null;
  invitedByParnasse: boolean;
  charterAccepted: boolean;
  lineTechnology: string;
  orangeSubscriptions: number;
  incompatibleOffer: boolean;
  iban: string | null;
  documents: readonly string[];
  idExpiresOn: IsoDate | null;
  foreignNational: boolean;
  /** D3 is required only when the addresses on the documents differ. */
  addressesDiffer: boolean;
}

export interface EvaluationContext {
  /** The date the criteria are judged on (the decision date; D2 must be valid then). */
  on: IsoDate;
  /** Zone of the candidate's address on that date; null = outside the coverage zone. */
  zoneId: string | null;
  /** The sponsoring member as found in the database, null if none given or not found. */
  sponsor: { memberNo: string; inGoodStanding: boolean } | null;
}

export type CandidacyVerdict = 'ready' | 'ineligible' | 'incomplete';

export interface Evaluation {
  checks: Check[];
  verdict: CandidacyVerdict;
}

const eur = (cents: number) => `${Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} €`;

export function eligibilityChecks(f: CandidacyFacts, ctx: EvaluationContext): Check[] {
  const who = f.kind === 'company' ? 'the representative' : 'the candidate';
  const e4Reasons = [
    f.preventelListed && 'listed in the Préventel file',
    f.operatorUnpaid && 'unpaid or late payment with an operator',
    f.bankingBan && 'banking ban',
  ].filter(Boolean);
  let e5: string;
  if (f.invitedByParnasse) e5 = 'invited by Parnasse';
  else if (!f.sponsorMemberNo) e5 = 'neither sponsored by a member nor invited by Parnasse';
  else if (!ctx.sponsor) e5 = `sponsor ${f.sponsorMemberNo} is not a member`;
  else if (!ctx.sponsor.inGoodStanding) e5 = `sponsor ${f.sponsorMemberNo} is not a member in good standing`;
  else e5 = `sponsored by member ${f.sponsorMemberNo}`;
  return [
    check('E1', ART_ELIGIBILITY, ctx.zoneId !== null, ctx.zoneId ? `address in coverage zone ${ctx.zoneId}` : 'address outside the coverage zone'),
    check(
      'E2',
      ART_ELIGIBILITY,
      f.isExecutive && f.companyRevenueCents > MIN_COMPANY_REVENUE_CENTS,
      !f.isExecutive
        ? `${who} is not an executive of the company`
        : `company revenue ${eur(f.companyRevenueCents)} ${f.companyRevenueCents > MIN_COMPANY_REVENUE_CENTS ? '>' : 'is not above'} 50 000 000 €`,
    ),
    check(
      'E3',
      ART_ELIGIBILITY,
      f.annualIncomeCents > MIN_ANNUAL_INCOME_CENTS,
      `annual gross income ${eur(f.annualIncomeCents)} ${f.annualIncomeCents > MIN_ANNUAL_INCOME_CENTS ? '>' : 'is not above'} 100 000 €`,
    ),
    check('E4', ART_ELIGIBILITY, e4Reasons.length === 0, e4Reasons.length ? e4Reasons.join(', ') : 'no Préventel listing, unpaid debt or banking ban'),
    check('E5', ART_ELIGIBILITY, f.invitedByParnasse || (ctx.sponsor?.inGoodStanding ?? false), e5),
    check('E6', ART_ELIGIBILITY, f.charterAccepted, f.charterAccepted ? 'commits to the ethics charter' : 'has not committed to the ethics charter (annex 4)'),
  ];
}

export function accessChecks(f: CandidacyFacts): Check[] {
  const tech = (LINE_TECHNOLOGIES as readonly string[]).includes(f.lineTechnology);
  return [
    check('A1', ART_ACCESS, tech, tech ? `served by ${f.lineTechnology}` : `line technology "${f.lineTechnology}" is not fibre, VDSL or ADSL`),
    check(
      'A2',
      ART_ACCESS,
      f.orangeSubscriptions >= 1 && f.orangeSubscriptions <= 2,
      `${f.orangeSubscriptions} Orange internet subscription(s) at the address (1 or 2 required)`,
    ),
    check('A3', ART_ACCESS, !f.incompatibleOffer, f.incompatibleOffer ? 'holds an incompatible offer' : 'no incompatible offer'),
  ];
}

export function documentChecks(f: CandidacyFacts, on: IsoDate): Check[] {
  const has = (d: DocumentId) => f.documents.includes(d);
  const idDoc = f.foreignNational ? 'identity document and resident card' : 'identity document';
  let d2: string;
  let d2ok = false;
  if (!has('D2')) d2 = `${idDoc} not received`;
  else if (!f.idExpiresOn) d2 = `${idDoc} received without its expiry date`;
  else if (f.idExpiresOn < on) d2 = `${idDoc} expired on ${f.idExpiresOn} (must be valid on ${on})`;
  else {
    d2ok = true;
    d2 = `${idDoc} valid until ${f.idExpiresOn}`;
  }
  let d5: string;
  let d5ok = false;
  if (!has('D5')) d5 = 'bank details (RIB) not received';
  else if (!f.iban) d5 = 'bank details received without an IBAN';
  else if (!isFrenchIban(f.iban)) d5 = 'the IBAN is not a valid French (FR) IBAN';
  else {
    d5ok = true;
    d5 = 'French IBAN received';
  }
  const got = (d: DocumentId, what: string) => check(d, ART_DOCUMENTS, has(d), `${what} ${has(d) ? 'received' : 'not received'}`);
  return [
    got('D1', 'professional proof'),
    check('D2', ART_DOCUMENTS, d2ok, d2),
    f.addressesDiffer
      ? got('D3', 'proof of address')
      : check('D3', ART_DOCUMENTS, true, 'proof of address not required (addresses agree)'),
    got('D4', 'cancelled cheque or bank attestation'),
    check('D5', ART_DOCUMENTS, d5ok, d5),
    got('D6', 'signed subscription form'),
  ];
}

/** Every criterion, and the verdict: a failed E/A → ineligible, else a missing D → incomplete, else ready. */
export function evaluateCandidacy(f: CandidacyFacts, ctx: EvaluationContext): Evaluation {
  const ea = [...eligibilityChecks(f, ctx), ...accessChecks(f)];
  const docs = documentChecks(f, ctx.on);
  const verdict: CandidacyVerdict = ea.some((c) => !c.pass) ? 'ineligible' : docs.some((c) => !c.pass) ? 'incomplete' : 'ready';
  return { checks: [...ea, ...docs], verdict };
}

/** The committee's deadline: candidacy date + 7 days (art. 3.3). */
export function committeeDeadline(appliedOn: IsoDate): IsoDate {
  return addDays(appliedOn, COMMITTEE_DEADLINE_DAYS);
}

/** Parses a `D1|D2|…` list; returns the unknown items separately. */
export function parseDocumentList(s: string): { documents: DocumentId[]; unknown: string[] } {
  const items = s.split(/[|,;]/).map((x) => x.trim().toUpperCase()).filter((x) => x !== '');
  const documents: DocumentId[] = [];
  const unknown: string[] = [];
  for (const it of items) {
    if ((DOCUMENT_IDS as readonly string[]).includes(it)) {
      if (!documents.includes(it as DocumentId)) documents.push(it as DocumentId);
    } else unknown.push(it);
  }
  documents.sort();
  return { documents, unknown };
}
