/**
 * Candidacy criteria (art. 3.1 eligibility E1–E6, art. 3.4 access A1–A3, art. 3.2
 * documents D1–D6; RULES.md §2). Pure: the zone, the sponsor's standing and the date
 * come in as arguments.
 */
import { check, type Check } from './decision.js';
import { DOCUMENT_IDS, LINE_TECHNOLOGIES, type DocumentId, type MemberKind } from './enums.js';
import { isFrenchIban } from './identifiers.js';
import { addDays, addMonths, type IsoDate } from './dates.js';
import { t } from '../i18n/index.js';
import { fmtDate, fmtMoney } from '../i18n/format.js';

export const ART_ELIGIBILITY = '3.1';
export const ART_DOCUMENTS = '3.2';
export const ART_COMMITTEE = '3.3';
export const ART_ACCESS = '3.4';

/** E2: revenue strictly above 50 000 000 €. */
export const MIN_COMPANY_REVENUE_CENTS = 50_000_000_00;
/** E3: gross income strictly above 100 000 €. */
export const MIN_ANNUAL_INCOME_CENTS = 100_000_00;
/** A foreign national's resident card must be valid one (1) year (art. 3.2), counted from the candidacy. */
export const RESIDENCE_CARD_MONTHS = 12;
/** The last day a foreign national's resident card must still cover (application + 1 year, art. 3.2; RULES.md §2). */
export function residenceCardValidUntil(appliedOn: IsoDate): IsoDate {
  return addMonths(appliedOn, RESIDENCE_CARD_MONTHS);
}
const residenceCardOk = (f: CandidacyFacts) =>
  !f.foreignNational || (!!f.residenceCardExpiresOn && f.residenceCardExpiresOn >= residenceCardValidUntil(f.appliedOn));

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
  /** A foreign national's resident card: valid one year from the application (art. 3.2). */
  residenceCardExpiresOn: IsoDate | null;
  /** The date of the candidacy (the resident card's year counts from it). */
  appliedOn: IsoDate;
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

/** Whole euros, with the cents only when there are some (`100 000 €`, `100 000,01 €`). */
const eur = (cents: number) => {
  const s = fmtMoney(cents);
  return cents % 100 === 0 ? `${s.slice(0, -',00 €'.length)} €` : s;
};

/**
 * The pass/fail of each criterion: the ONE definition of every rule, shared by the checks
 * (which add a human message) and by `candidacyVerdict` (the verdict alone, for imports).
 */
export const CRITERIA = {
  E1: (_f: unknown, ctx: EvaluationContext) => ctx.zoneId !== null,
  E2: (f: CandidacyFacts) => f.isExecutive && f.companyRevenueCents > MIN_COMPANY_REVENUE_CENTS,
  E3: (f: CandidacyFacts) => f.annualIncomeCents > MIN_ANNUAL_INCOME_CENTS,
  E4: (f: CandidacyFacts) => !f.preventelListed && !f.operatorUnpaid && !f.bankingBan,
  E5: (f: Pick<CandidacyFacts, 'invitedByParnasse'>, ctx: EvaluationContext) => f.invitedByParnasse || (ctx.sponsor?.inGoodStanding ?? false),
  E6: (f: CandidacyFacts) => f.charterAccepted,
  A1: (f: CandidacyFacts) => (LINE_TECHNOLOGIES as readonly string[]).includes(f.lineTechnology),
  A2: (f: CandidacyFacts) => f.orangeSubscriptions >= 1 && f.orangeSubscriptions <= 2,
  A3: (f: CandidacyFacts) => !f.incompatibleOffer,
  D1: (f: CandidacyFacts) => f.documents.includes('D1'),
  D2: (f: CandidacyFacts, on: IsoDate) => f.documents.includes('D2') && !!f.idExpiresOn && f.idExpiresOn >= on && residenceCardOk(f),
  D3: (f: CandidacyFacts) => !f.addressesDiffer || f.documents.includes('D3'),
  D4: (f: CandidacyFacts) => f.documents.includes('D4'),
  D5: (f: CandidacyFacts) => f.documents.includes('D5') && !!f.iban && isFrenchIban(f.iban),
  D6: (f: CandidacyFacts) => f.documents.includes('D6'),
} as const;
const C = CRITERIA;

/**
 * One criterion's check (result and message), and `key`: a value that is the same for two
 * candidacies exactly when their checks are the same on one date and in one language (it
 * names every fact the check reads, but the date). Lists of 100 000 candidacies judge each
 * criterion once per distinct key (`CheckMemo`, src/candidacy/evaluate.ts); a key of a
 * check and its check are written side by side here, and test/rules/verdict.test.ts holds
 * them equal to the evaluation without memo for any facts.
 */
export interface CriterionCheck {
  id: string;
  key(f: CandidacyFacts, ctx: EvaluationContext): string | number | boolean | null;
  check(f: CandidacyFacts, ctx: EvaluationContext): Check;
}

/** A separator no stored fact holds (control characters are refused at every input). */
const SEP = '\u0000';
const has = (f: CandidacyFacts, d: DocumentId) => f.documents.includes(d);
const received = (f: CandidacyFacts, d: 'D1' | 'D4' | 'D6', what: string) =>
  check(d, ART_DOCUMENTS, C[d](f), t(has(f, d) ? 'elig.received' : 'elig.not_received', { what }));

/** E1–E6 (art. 3.1), A1–A3 (art. 3.4), D1–D6 (art. 3.2), in the order the checks are listed. */
export const CRITERION_CHECKS: readonly CriterionCheck[] = [
  {
    id: 'E1',
    key: (_f, ctx) => ctx.zoneId,
    check: (f, ctx) => check('E1', ART_ELIGIBILITY, C.E1(f, ctx), ctx.zoneId ? t('elig.e1.in', { zone: ctx.zoneId }) : t('elig.e1.out')),
  },
  {
    id: 'E2',
    key: (f) => (f.isExecutive ? f.companyRevenueCents : `k${f.kind}`),
    check: (f) =>
      check(
        'E2',
        ART_ELIGIBILITY,
        C.E2(f),
        !f.isExecutive
          ? t('elig.e2.not_executive', { who: f.kind === 'company' ? t('elig.the_representative') : t('elig.the_candidate') })
          : t(f.companyRevenueCents > MIN_COMPANY_REVENUE_CENTS ? 'elig.e2.above' : 'elig.e2.not_above', {
              amount: eur(f.companyRevenueCents),
              threshold: eur(MIN_COMPANY_REVENUE_CENTS),
            }),
      ),
  },
  {
    id: 'E3',
    key: (f) => f.annualIncomeCents,
    check: (f) =>
      check(
        'E3',
        ART_ELIGIBILITY,
        C.E3(f),
        t(f.annualIncomeCents > MIN_ANNUAL_INCOME_CENTS ? 'elig.e3.above' : 'elig.e3.not_above', {
          amount: eur(f.annualIncomeCents),
          threshold: eur(MIN_ANNUAL_INCOME_CENTS),
        }),
      ),
  },
  {
    id: 'E4',
    key: (f) => (f.preventelListed ? 1 : 0) | (f.operatorUnpaid ? 2 : 0) | (f.bankingBan ? 4 : 0),
    check: (f) => {
      const reasons = [f.preventelListed && t('elig.e4.preventel'), f.operatorUnpaid && t('elig.e4.unpaid'), f.bankingBan && t('elig.e4.ban')].filter(Boolean);
      return check('E4', ART_ELIGIBILITY, C.E4(f), reasons.length ? reasons.join(', ') : t('elig.e4.ok'));
    },
  },
  {
    id: 'E5',
    key: (f, ctx) =>
      f.invitedByParnasse ? 'i' : `${ctx.sponsor === null ? 'x' : ctx.sponsor.inGoodStanding ? 'g' : 'b'}${f.sponsorMemberNo ? `n${f.sponsorMemberNo}` : ''}`,
    check: (f, ctx) => {
      let e5: string;
      if (f.invitedByParnasse) e5 = t('elig.e5.invited');
      else if (!f.sponsorMemberNo) e5 = t('elig.e5.none');
      else if (!ctx.sponsor) e5 = t('elig.e5.not_member', { no: f.sponsorMemberNo });
      else if (!ctx.sponsor.inGoodStanding) e5 = t('elig.e5.not_good_standing', { no: f.sponsorMemberNo });
      else e5 = t('elig.e5.sponsored', { no: f.sponsorMemberNo });
      return check('E5', ART_ELIGIBILITY, C.E5(f, ctx), e5);
    },
  },
  {
    id: 'E6',
    key: (f) => f.charterAccepted,
    check: (f) => check('E6', ART_ELIGIBILITY, C.E6(f), f.charterAccepted ? t('elig.e6.ok') : t('elig.e6.no')),
  },
  {
    id: 'A1',
    key: (f) => f.lineTechnology,
    check: (f) => {
      const tech = C.A1(f);
      return check('A1', ART_ACCESS, tech, tech ? t('elig.a1.ok', { technology: f.lineTechnology }) : t('elig.a1.no', { technology: f.lineTechnology }));
    },
  },
  {
    id: 'A2',
    key: (f) => f.orangeSubscriptions,
    check: (f) => check('A2', ART_ACCESS, C.A2(f), t('elig.a2', { count: f.orangeSubscriptions })),
  },
  {
    id: 'A3',
    key: (f) => f.incompatibleOffer,
    check: (f) => check('A3', ART_ACCESS, C.A3(f), f.incompatibleOffer ? t('elig.a3.no') : t('elig.a3.ok')),
  },
  { id: 'D1', key: (f) => has(f, 'D1'), check: (f) => received(f, 'D1', t('elig.d1')) },
  {
    id: 'D2',
    key: (f) => `${has(f, 'D2') ? 1 : 0}${f.foreignNational ? `1${f.residenceCardExpiresOn ?? ''}${SEP}${f.appliedOn}` : '0'}${SEP}${f.idExpiresOn ?? ''}`,
    check: (f, ctx) => {
      const on = ctx.on;
      const idDoc = f.foreignNational ? t('elig.d2.doc_foreign') : t('elig.d2.doc');
      let d2: string;
      if (!has(f, 'D2')) d2 = t('elig.d2.missing', { doc: idDoc });
      else if (!f.idExpiresOn) d2 = t('elig.d2.no_expiry', { doc: t('elig.d2.doc') });
      else if (f.idExpiresOn < on) d2 = t('elig.d2.expired', { doc: t('elig.d2.doc'), date: fmtDate(f.idExpiresOn), on: fmtDate(on) });
      else if (!f.foreignNational) d2 = t('elig.d2.valid', { doc: idDoc, date: fmtDate(f.idExpiresOn) });
      else if (!f.residenceCardExpiresOn) d2 = t('elig.d2.card_no_expiry');
      else if (!residenceCardOk(f)) {
        d2 = t('elig.d2.card_short', {
          date: fmtDate(f.residenceCardExpiresOn),
          applied: fmtDate(f.appliedOn),
          until: fmtDate(residenceCardValidUntil(f.appliedOn)),
        });
      } else d2 = t('elig.d2.valid_card', { date: fmtDate(f.idExpiresOn), card: fmtDate(f.residenceCardExpiresOn) });
      return check('D2', ART_DOCUMENTS, C.D2(f, on), d2);
    },
  },
  {
    id: 'D3',
    key: (f) => (f.addressesDiffer ? (has(f, 'D3') ? 2 : 1) : 0),
    check: (f) =>
      check(
        'D3',
        ART_DOCUMENTS,
        C.D3(f),
        f.addressesDiffer ? t(has(f, 'D3') ? 'elig.received' : 'elig.not_received', { what: t('elig.d3') }) : t('elig.d3.not_required'),
      ),
  },
  { id: 'D4', key: (f) => has(f, 'D4'), check: (f) => received(f, 'D4', t('elig.d4')) },
  {
    id: 'D5',
    // the IBAN is judged here once per candidacy (the costly part), the message from its outcome
    key: (f) => (C.D5(f) ? 0 : !has(f, 'D5') ? 1 : !f.iban ? 2 : 3),
    check: (f) => {
      const d5ok = C.D5(f);
      let d5: string;
      if (d5ok) d5 = t('elig.d5.ok');
      else if (!has(f, 'D5')) d5 = t('elig.d5.missing');
      else if (!f.iban) d5 = t('elig.d5.no_iban');
      else d5 = t('elig.d5.not_french');
      return check('D5', ART_DOCUMENTS, d5ok, d5);
    },
  },
  { id: 'D6', key: (f) => has(f, 'D6'), check: (f) => received(f, 'D6', t('elig.d6')) },
];
const EA_COUNT = 9;

export function eligibilityChecks(f: CandidacyFacts, ctx: EvaluationContext): Check[] {
  return CRITERION_CHECKS.slice(0, 6).map((c) => c.check(f, ctx));
}

export function accessChecks(f: CandidacyFacts, ctx: EvaluationContext = { on: '', zoneId: null, sponsor: null }): Check[] {
  return CRITERION_CHECKS.slice(6, EA_COUNT).map((c) => c.check(f, ctx));
}

export function documentChecks(f: CandidacyFacts, on: IsoDate): Check[] {
  const ctx: EvaluationContext = { on, zoneId: null, sponsor: null };
  return CRITERION_CHECKS.slice(EA_COUNT).map((c) => c.check(f, ctx));
}

/** The verdict of a list of checks in CRITERION_CHECKS order: a failed E/A → ineligible, else a failed D → incomplete, else ready. */
export function verdictOfChecks(checks: readonly Check[]): CandidacyVerdict {
  for (let i = 0; i < EA_COUNT; i++) if (!checks[i]!.pass) return 'ineligible';
  for (let i = EA_COUNT; i < checks.length; i++) if (!checks[i]!.pass) return 'incomplete';
  return 'ready';
}

/** Every criterion, and the verdict: a failed E/A → ineligible, else a missing D → incomplete, else ready. */
export function evaluateCandidacy(f: CandidacyFacts, ctx: EvaluationContext): Evaluation {
  const checks = CRITERION_CHECKS.map((c) => c.check(f, ctx));
  return { checks, verdict: verdictOfChecks(checks) };
}

/**
 * The verdict of `evaluateCandidacy` without building the checks and their messages
 * (bulk imports): the same CRITERIA, the same order of precedence.
 */
export function candidacyVerdict(f: CandidacyFacts, ctx: EvaluationContext): CandidacyVerdict {
  if (!(C.E1(f, ctx) && C.E2(f) && C.E3(f) && C.E4(f) && C.E5(f, ctx) && C.E6(f) && C.A1(f) && C.A2(f) && C.A3(f))) return 'ineligible';
  if (!(C.D1(f) && C.D2(f, ctx.on) && C.D3(f) && C.D4(f) && C.D5(f) && C.D6(f))) return 'incomplete';
  return 'ready';
}

/** The committee's deadline: candidacy date + 7 days (art. 3.3). */
export function committeeDeadline(appliedOn: IsoDate): IsoDate {
  return addDays(appliedOn, COMMITTEE_DEADLINE_DAYS);
}

/** Parses a `D1|D2|…` list (`|`, `,` or `;`, any case, spaces); returns the unknown items separately. */
export function parseDocumentList(s: string): { documents: DocumentId[]; unknown: string[] } {
  const mask = documentMask(s);
  if (mask >= 0) {
    const documents: DocumentId[] = [];
    for (let i = 0; i < DOCUMENT_IDS.length; i++) if (mask & (1 << i)) documents.push(DOCUMENT_IDS[i]!);
    return { documents, unknown: [] };
  }
  const items = s
    .split(/[|,;]/)
    .map((x) => x.trim().toUpperCase())
    .filter((x) => x !== '');
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

/**
 * The fast path of parseDocumentList (imports parse one list per row): a bit per
 * document D1–D6 when `s` holds only known ids, separators and spaces; -1 otherwise
 * (the general path then reports the unknown items).
 */
function documentMask(s: string): number {
  let mask = 0;
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 124 /* | */ || c === 44 /* , */ || c === 59 /* ; */ || c === 32 || c === 9) {
      i++;
      continue;
    }
    if (c !== 68 /* D */ && c !== 100 /* d */) return -1;
    const d = s.charCodeAt(i + 1) - 49; // '1' → 0
    if (!(d >= 0 && d < DOCUMENT_IDS.length)) return -1;
    i += 2;
    while (i < n && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
    if (i < n) {
      const e = s.charCodeAt(i);
      if (e !== 124 && e !== 44 && e !== 59) return -1;
    }
    mask |= 1 << d;
  }
  return mask;
}
