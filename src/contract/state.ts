/**
 * The contract-state layer: what a member's contract is as of a date, reading only — the
 * member, its status on the date, the termination in force and its effective end, whether a
 * recovery procedure is open, its standing (with the ledger's money as of the date). Every
 * capability that needs to know reads it here; none asks another capability's module
 * (ARCHITECTURE.md, floors). It sits above the ledger and below every act.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import { members, terminations } from '../db/schema.js';
import { NotFoundError, enforce } from '../errors.js';
import { t } from '../i18n/index.js';
import type { IsoDate } from '../rules/dates.js';
import { checkContractRunning } from '../rules/termination.js';
import { memberBalance } from '../collection/ledger.js';

export type MemberRow = typeof members.$inferSelect;
export type TerminationRow = typeof terminations.$inferSelect;

/** The member by number (refused: not found). */
export function getMember(db: Db | Tx, memberNo: string | number): MemberRow {
  const s = String(memberNo).trim();
  const no = /^\d+$/.test(s) ? Number(s) : NaN;
  const m = Number.isSafeInteger(no) ? db.select().from(members).where(eq(members.memberNo, no)).get() : undefined;
  if (!m) throw new NotFoundError(t('modules.no_member', { member_no: memberNo }));
  return m;
}

/** The member's termination in force (recorded and not withdrawn), pending or effective. */
export function currentTermination(db: Db | Tx, memberId: number): TerminationRow | undefined {
  return db.select().from(terminations).where(and(eq(terminations.memberId, memberId), isNull(terminations.withdrawnOn))).get();
}

/** Refuses anything new on or after the contract's effective end (art. 10.4). */
export function assertContractRunning(db: Db | Tx, m: Pick<MemberRow, 'id' | 'terminatedOn'>, on: IsoDate): void {
  const end = m.terminatedOn ?? currentTermination(db, m.id)?.effectiveOn ?? null;
  enforce(checkContractRunning(on, end));
}

/** The status a member has on a date: `terminated` from the effective date even before it is settled. */
export function statusOn(m: Pick<MemberRow, 'status' | 'terminatedOn'>, on: IsoDate): string {
  return m.terminatedOn && m.terminatedOn <= on ? 'terminated' : m.status;
}

/**
 * "Under a recovery procedure" on `on` (RULES.md §6, annex 3, definitions "Membre
 * honoraire"): a second formal notice dated ≤ on in a procedure still open on `on`.
 * Cooptation and honorary status read this.
 */
export function underRecoveryProcedure(db: Db | Tx, memberId: number, on: IsoDate): boolean {
  const r = db.get<{ n: number }>(sql`
    select count(*) as n from dunning_steps s join dunning_procedures p on p.id = s.procedure_id
    where p.member_id = ${memberId} and s.step = 'second_notice' and s.on_date <= ${on}
      and p.opened_on <= ${on} and (p.closed_on is null or p.closed_on > ${on})`);
  return r.n > 0;
}

/** Ever subject to a recovery procedure (a second formal notice at any time). */
export function everUnderRecovery(db: Db | Tx, memberId: number): boolean {
  return db.get<{ n: number }>(sql`select count(*) as n from dunning_steps where member_id = ${memberId} and step = 'second_notice'`).n > 0;
}

/**
 * A member "in good standing" (RULES.md §2.1 E5 and §8): a member, not suspended or
 * terminated, up to date with invoices (nothing overdue and unpaid beyond what is under
 * dispute) and not under a recovery procedure (an outstanding second formal notice).
 * The money comes from the ledger (src/collection/ledger.ts), as of the date.
 */
export interface Standing {
  memberNo: string;
  exists: boolean;
  status: string | null;
  overdueCents: number;
  underRecovery: boolean;
  inGoodStanding: boolean;
}

export function memberStanding(db: Db | Tx, memberNo: string, on: string): Standing {
  const no = Number(memberNo);
  const m = Number.isSafeInteger(no)
    ? db.get<{ id: number; status: string } | undefined>(sql`select id, status from members where member_no = ${no}`)
    : undefined;
  if (!m) return { memberNo, exists: false, status: null, overdueCents: 0, underRecovery: false, inGoodStanding: false };
  const overdue = { c: memberBalance(db, m.id, on).lateCents };
  const overdueCents = overdue.c;
  const underRecovery = underRecoveryProcedure(db, m.id, on);
  return {
    memberNo,
    exists: true,
    status: m.status,
    overdueCents,
    underRecovery,
    inGoodStanding: (m.status === 'active' || m.status === 'pending') && overdueCents === 0 && !underRecovery,
  };
}
