/** Evaluates a stored candidacy on a date: zone from the zone table, sponsor standing from the members. */
import type { Db, Tx } from '../db/connection.js';
import type { candidacies } from '../db/schema.js';
import {
  candidacyVerdict,
  CRITERION_CHECKS,
  evaluateCandidacy,
  parseDocumentList,
  verdictOfChecks,
  type CandidacyFacts,
  type CandidacyVerdict,
  type EvaluationContext,
  type Evaluation,
} from '../rules/eligibility.js';
import type { Check } from '../rules/decision.js';
import type { MemberKind } from '../rules/enums.js';
import { zoneOf, zoneOfPostalCode } from '../rules/zones.js';
import type { CandidacyInput } from './record.js';
import { memberStanding } from '../contract/state.js';
import { loadZoneTable, type ZoneTable } from '../zones/table.js';

export type CandidacyRow = typeof candidacies.$inferSelect;

/** The columns the criteria read (lists select only these and what they show). */
export const EVALUATED_COLUMNS = [
  'kind',
  'companyRevenueCents',
  'isExecutive',
  'annualIncomeCents',
  'preventelListed',
  'operatorUnpaid',
  'bankingBan',
  'sponsorMemberNo',
  'invitedByParnasse',
  'charterAccepted',
  'lineTechnology',
  'orangeSubscriptions',
  'incompatibleOffer',
  'iban',
  'documents',
  'idExpiresOn',
  'foreignNational',
  'residenceCardExpiresOn',
  'appliedOn',
  'addressesDiffer',
  'postalCode',
] as const satisfies readonly (keyof CandidacyRow)[];
export type EvaluatedRow = Pick<CandidacyRow, (typeof EVALUATED_COLUMNS)[number]>;

export function factsOf(row: EvaluatedRow, documentsOf: (s: string) => readonly string[] = (s) => parseDocumentList(s).documents): CandidacyFacts {
  return {
    kind: row.kind as MemberKind,
    companyRevenueCents: row.companyRevenueCents,
    isExecutive: row.isExecutive,
    annualIncomeCents: row.annualIncomeCents,
    preventelListed: row.preventelListed,
    operatorUnpaid: row.operatorUnpaid,
    bankingBan: row.bankingBan,
    sponsorMemberNo: row.sponsorMemberNo,
    invitedByParnasse: row.invitedByParnasse,
    charterAccepted: row.charterAccepted,
    lineTechnology: row.lineTechnology,
    orangeSubscriptions: row.orangeSubscriptions,
    incompatibleOffer: row.incompatibleOffer,
    iban: row.iban,
    documents: documentsOf(row.documents),
    idExpiresOn: row.idExpiresOn,
    foreignNational: row.foreignNational,
    residenceCardExpiresOn: row.residenceCardExpiresOn,
    appliedOn: row.appliedOn,
    addressesDiffer: row.addressesDiffer,
  };
}

/**
 * The evaluation of many candidacies on one date, in one language (lists: `committee
 * agenda`): each criterion's check is built once per distinct key (`CriterionCheck.key`,
 * src/rules/eligibility.ts) and the same frozen Check is given to every candidacy it fits —
 * 15 messages per row were most of the agenda's time, and a JSON writer can keep the text of
 * a Check by its identity (src/cli/checks-json.ts). Equal to `evaluateCandidacy` (property-tested).
 * Each criterion keeps at most `max` checks (cleared past it: the amounts make many keys).
 */
export class CheckMemo {
  private readonly memo = CRITERION_CHECKS.map(() => new Map<unknown, Check>());
  constructor(
    readonly on: string,
    private readonly max = 10_000,
  ) {}

  evaluate(f: CandidacyFacts, ctx: EvaluationContext): Evaluation {
    if (ctx.on !== this.on) return evaluateCandidacy(f, ctx);
    const checks: Check[] = new Array<Check>(CRITERION_CHECKS.length);
    for (let i = 0; i < CRITERION_CHECKS.length; i++) {
      const c = CRITERION_CHECKS[i]!;
      const map = this.memo[i]!;
      const key = c.key(f, ctx);
      let hit = map.get(key);
      if (hit === undefined) {
        if (map.size >= this.max) map.clear();
        map.set(key, (hit = Object.freeze(c.check(f, ctx))));
      }
      checks[i] = hit;
    }
    return { checks, verdict: verdictOfChecks(checks) };
  }
}

/** All criteria of a candidacy judged on `on` (art. 3.1–3.4). */
export function evaluateStored(
  db: Db | Tx,
  row: EvaluatedRow,
  on: string,
  table: ZoneTable = loadZoneTable(db),
  sponsorOf: (memberNo: string) => SponsorFacts | null = (no) => sponsorFacts(db, no, on),
  zoneOfPostal: (postalCode: string) => string | null = (pc) => zoneOfPostalCode(pc, on, table.assignments),
): Evaluation & { zoneId: string | null } {
  const zoneId = zoneOfPostal(row.postalCode);
  const ev = evaluateCandidacy(factsOf(row), {
    on,
    zoneId,
    sponsor: row.sponsorMemberNo ? sponsorOf(row.sponsorMemberNo) : null,
  });
  return { checks: ev.checks, verdict: ev.verdict, zoneId };
}

export interface SponsorFacts {
  memberNo: string;
  inGoodStanding: boolean;
}

/** What the criteria need of a sponsor on a date (null: no such member). */
export function sponsorFacts(db: Db | Tx, memberNo: string, on: string): SponsorFacts | null {
  const s = memberStanding(db, memberNo, on);
  return s.exists ? { memberNo: s.memberNo, inGoodStanding: s.inGoodStanding } : null;
}

/** The facts of a typed (not yet stored) candidacy. */
export function factsOfInput(input: CandidacyInput, addressesDiffer = false): CandidacyFacts {
  return {
    kind: input.kind,
    companyRevenueCents: input.companyRevenueCents,
    isExecutive: input.isExecutive,
    annualIncomeCents: input.annualIncomeCents,
    preventelListed: input.preventelListed,
    operatorUnpaid: input.operatorUnpaid,
    bankingBan: input.bankingBan,
    sponsorMemberNo: input.sponsorMemberNo,
    invitedByParnasse: input.invitedByParnasse,
    charterAccepted: input.charterAccepted,
    lineTechnology: input.lineTechnology,
    orangeSubscriptions: input.orangeSubscriptions,
    incompatibleOffer: input.incompatibleOffer,
    iban: input.iban,
    documents: input.documents === '' ? [] : input.documents.split('|'),
    idExpiresOn: input.idExpiresOn,
    foreignNational: input.foreignNational,
    residenceCardExpiresOn: input.residenceCardExpiresOn,
    appliedOn: input.appliedOn,
    addressesDiffer,
  };
}

/**
 * Evaluates many candidacies on one date (imports): the zone table is loaded once and
 * the zone of each département and the standing of each sponsor are looked up once.
 */
export class BatchEvaluator {
  private readonly table: ZoneTable;
  private readonly zoneByDep = new Map<string, string | null>();
  private readonly sponsors = new Map<string, { memberNo: string; inGoodStanding: boolean } | null>();
  constructor(
    private readonly db: Db | Tx,
    readonly on: string,
  ) {
    this.table = loadZoneTable(db);
  }

  zoneOfDepartment(dep: string): string | null {
    let z = this.zoneByDep.get(dep);
    if (z === undefined) {
      z = zoneOf(dep, this.on, this.table.assignments);
      this.zoneByDep.set(dep, z);
    }
    return z;
  }

  sponsor(no: string | null): { memberNo: string; inGoodStanding: boolean } | null {
    if (!no) return null;
    let s = this.sponsors.get(no);
    if (s === undefined) {
      const st = memberStanding(this.db, no, this.on);
      s = st.exists ? { memberNo: st.memberNo, inGoodStanding: st.inGoodStanding } : null;
      this.sponsors.set(no, s);
    }
    return s;
  }

  evaluate(input: CandidacyInput, addressesDiffer = false): Evaluation & { zoneId: string | null } {
    const zoneId = this.zoneOfDepartment(input.department);
    const ev = evaluateCandidacy(factsOfInput(input, addressesDiffer), { on: this.on, zoneId, sponsor: this.sponsor(input.sponsorMemberNo) });
    return { ...ev, zoneId };
  }

  /** The verdict alone (the import's status), with the same rules as `evaluate`, no messages. */
  verdict(facts: CandidacyFacts, zoneId: string | null): CandidacyVerdict {
    return candidacyVerdict(facts, { on: this.on, zoneId, sponsor: this.sponsor(facts.sponsorMemberNo) });
  }
}
