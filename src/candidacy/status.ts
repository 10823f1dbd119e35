/**
 * A candidacy's status AS OF A DATE (issue 21): the one function every reader asks —
 * `candidate list|show|check`, `committee agenda`, the simulation. A decided candidacy
 * (accepted, rejected, member, withdrawn) keeps the status the committee or the candidate
 * gave it; an undecided one is the verdict of the criteria on the date (art. 3.1–3.4:
 * ready | ineligible | incomplete), with the zone table and the sponsor's standing of that
 * date — never the status stored when it was last written, which a zone revision or a
 * sponsor paying makes stale.
 *
 * A `CandidacyJudge` holds what many candidacies share on one date (the zone table, the
 * zone of each postal code, each sponsor's standing) so a list of 100 000 judges each row
 * as it streams; `preloadSponsors` reads the sponsors before a list opens its iteration
 * (an open iteration blocks the connection).
 */
import { and, inArray, isNotNull } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import { candidacies } from '../db/schema.js';
import { candidacyVerdict } from '../rules/eligibility.js';
import type { CandidacyStatus } from '../rules/enums.js';
import { zoneOfPostalCode } from '../rules/zones.js';
import { loadZoneTable, type ZoneTable } from '../zones/table.js';
import { CheckMemo, evaluateStored, factsOf, sponsorFacts, type EvaluatedRow, type SponsorFacts } from './evaluate.js';
import { parseDocumentList, type Evaluation } from '../rules/eligibility.js';
import { DECIDED_STATUSES } from './store.js';

/** Candidacies the committee may still decide: their status is judged on the date. */
export const UNDECIDED_STATUSES = ['received', 'incomplete', 'ineligible', 'ready'] as const;

/** What the status needs of a stored candidacy: the criteria's columns, the stored status and zone. */
export type JudgedRow = EvaluatedRow & { status: string; zoneId: string | null };

export interface JudgedStatus {
  status: CandidacyStatus;
  /** The zone of the candidacy's address on the date (undecided), or the one recorded at the decision. */
  zone: string | null;
}

export class CandidacyJudge {
  readonly table: ZoneTable;
  private readonly zones = new Map<string, string | null>();
  private readonly sponsors = new Map<string, SponsorFacts | null>();
  private memo: CheckMemo | undefined;
  private readonly documentLists = new Map<string, readonly string[]>();
  constructor(
    private readonly db: Db | Tx,
    readonly on: string,
  ) {
    this.table = loadZoneTable(db);
  }

  /** Reads the standing of every sponsor of an undecided candidacy (before a list iterates). */
  preloadSponsors(): this {
    const nos = this.db
      .selectDistinct({ no: candidacies.sponsorMemberNo })
      .from(candidacies)
      // through candidacies_sponsor_idx (sponsored candidacies only, their status in the index)
      .where(and(isNotNull(candidacies.sponsorMemberNo), inArray(candidacies.status, [...UNDECIDED_STATUSES])))
      .all();
    for (const { no } of nos) if (no) this.sponsor(no);
    return this;
  }

  zoneOfPostal = (pc: string): string | null => {
    let z = this.zones.get(pc);
    if (z === undefined) this.zones.set(pc, (z = zoneOfPostalCode(pc, this.on, this.table.assignments)));
    return z;
  };

  sponsor = (no: string): SponsorFacts | null => {
    let s = this.sponsors.get(no);
    if (s === undefined) this.sponsors.set(no, (s = sponsorFacts(this.db, no, this.on)));
    return s;
  };

  /** THE status of a candidacy on the judge's date. */
  status(row: JudgedRow): JudgedStatus {
    if (DECIDED_STATUSES.includes(row.status)) return { status: row.status as CandidacyStatus, zone: row.zoneId };
    const zone = this.zoneOfPostal(row.postalCode);
    const status = candidacyVerdict(factsOf(row), { on: this.on, zoneId: zone, sponsor: row.sponsorMemberNo ? this.sponsor(row.sponsorMemberNo) : null });
    return { status, zone };
  }

  /** A stored `D1|D2|…` list as the criteria read it, parsed once per distinct text (read-only). */
  private documentsOf = (s: string): readonly string[] => {
    let d = this.documentLists.get(s);
    if (d === undefined) {
      if (this.documentLists.size >= 1000) this.documentLists.clear();
      this.documentLists.set(s, (d = Object.freeze(parseDocumentList(s).documents)));
    }
    return d;
  };

  /**
   * THE status of a candidacy on the judge's date with every criterion's check (the agenda):
   * an undecided candidacy's status is the verdict of these checks. The checks are shared
   * between candidacies (CheckMemo: frozen, one per distinct input); a decided one has none.
   */
  judge(row: JudgedRow): JudgedStatus & { evaluation: Evaluation | null } {
    if (DECIDED_STATUSES.includes(row.status)) return { status: row.status as CandidacyStatus, zone: row.zoneId, evaluation: null };
    const zone = this.zoneOfPostal(row.postalCode);
    this.memo ??= new CheckMemo(this.on);
    const evaluation = this.memo.evaluate(factsOf(row, this.documentsOf), {
      on: this.on,
      zoneId: zone,
      sponsor: row.sponsorMemberNo ? this.sponsor(row.sponsorMemberNo) : null,
    });
    return { status: evaluation.verdict, zone, evaluation };
  }

  /** Every criterion with its message, on the judge's date (check, agenda). */
  evaluate(row: EvaluatedRow) {
    return evaluateStored(this.db, row, this.on, this.table, this.sponsor, this.zoneOfPostal);
  }
}

/** The status of one candidacy on `on`. */
export function candidacyStatus(db: Db | Tx, row: JudgedRow, on: string): JudgedStatus {
  return new CandidacyJudge(db, on).status(row);
}
