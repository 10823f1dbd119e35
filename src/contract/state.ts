/**
 * The contract-state layer: what a member's contract is as of a date, reading only — the
 * member, its status on the date, the termination in force and its effective end, whether a
 * recovery procedure is open, its standing (with the ledger's money as of the date). Every
 * capability that needs to know reads it here; none asks another capability's module
 * (ARCHITECTURE.md, floors). It sits above the ledger and below every act.
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import { members, terminations } from '../db/schema.js';
import { NotFoundError, enforce } from '../errors.js';
import { t } from '../i18n/index.js';
import type { IsoDate } from '../rules/dates.js';
import type { MemberStatus } from '../rules/enums.js';
import { memberStatusOn, type MemberStatusFacts } from '../rules/membership.js';
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
  return db
    .select()
    .from(terminations)
    .where(and(eq(terminations.memberId, memberId), isNull(terminations.withdrawnOn)))
    .get();
}

/** Refuses anything new on or after the contract's effective end (art. 10.4). */
export function assertContractRunning(db: Db | Tx, m: Pick<MemberRow, 'id' | 'terminatedOn'>, on: IsoDate): void {
  const end = m.terminatedOn ?? currentTermination(db, m.id)?.effectiveOn ?? null;
  enforce(checkContractRunning(on, end));
}

// ---------------------------------------------------------------------------------------
// A member's status as of a date (issue 21): decided by the pure `memberStatusOn`
// (src/rules/membership.ts) from dated facts — never the stored `members.status`, a cache
// the commands write. One SQL select list (`stateColumns`) serves one member and the whole
// streamed `member list` alike.

/** The facts of `memberStatusOn` as columns of a query over `members m` (as of `on`). */
export function stateColumns(on: IsoDate): SQL {
  return sql`m.status as st_stored, m.contract_start as st_start, m.entry_fee_paid_on as st_fee_paid_on,
    exists (select 1 from invoice_lines l where l.source_key = 'entry_fee:' || m.id) as st_fee_billed,
    m.terminated_on as st_terminated_on, m.suspended_on as st_suspended_on,
    (select max(s.on_date) from dunning_steps s join dunning_procedures p on p.id = s.procedure_id
       where s.member_id = m.id and s.step = 'suspension' and s.on_date <= ${on}
         and (p.closed_on is null or p.closed_on > ${on})) as st_suspension_on,
    exists (select 1 from dunning_steps s where s.member_id = m.id and s.step = 'suspension') as st_ever_suspended`;
}

/** A row carrying `stateColumns`. */
export interface StateRow {
  st_stored: string;
  st_start: string;
  st_fee_paid_on: string | null;
  st_fee_billed: number;
  st_terminated_on: string | null;
  st_suspended_on: string | null;
  st_suspension_on: string | null;
  st_ever_suspended: number;
}

export function factsOfRow(r: StateRow): MemberStatusFacts {
  return {
    storedStatus: r.st_stored,
    contractStart: r.st_start,
    entryFeePaidOn: r.st_fee_paid_on,
    entryFeeBilled: r.st_fee_billed === 1,
    terminatedOn: r.st_terminated_on,
    suspendedOn: r.st_suspended_on,
    suspensionInForceOn: r.st_suspension_on,
    everDunningSuspended: r.st_ever_suspended === 1,
  };
}

/** The status of a row read with `stateColumns(on)`. */
export function statusOfRow(r: StateRow, on: IsoDate): MemberStatus {
  return memberStatusOn(factsOfRow(r), on);
}

export interface TerminationInForce {
  id: number;
  reason: string;
  effective_on: IsoDate;
  by: string;
  notice_date: IsoDate | null;
  requested_on: IsoDate;
  /** Not yet effective on the date. */
  pending: boolean;
}

export interface ContractState {
  member_id: number;
  member_no: string;
  status: MemberStatus;
  /** The termination recorded and not withdrawn, pending or effective on the date; null if none. */
  termination: TerminationInForce | null;
  /** The first day without a contract, when a termination is in force. */
  effective_on: IsoDate | null;
  /** The dunning suspension in force on the date (its date), or the imported one. */
  suspended_since: IsoDate | null;
}

/**
 * A member's contract state on `on` (by id or number); null when there is no such member.
 * The one function every reader of a member's status uses.
 */
export function contractState(db: Db | Tx, who: { memberId: number } | { memberNo: string | number }, on: IsoDate): ContractState | null {
  const where = 'memberId' in who ? sql`m.id = ${who.memberId}` : memberNoWhere(who.memberNo);
  if (where === null) return null;
  const r = db.get<(StateRow & { id: number; member_no: number }) | undefined>(
    sql`select m.id, m.member_no, ${stateColumns(on)} from members m where ${where}`,
  );
  if (!r) return null;
  const t = db.get<{ id: number; reason: string; effective_on: string; by_whom: string; notice_date: string | null; requested_on: string } | undefined>(
    sql`select id, reason, effective_on, by_whom, notice_date, requested_on from terminations where member_id = ${r.id} and withdrawn_on is null`,
  );
  const status = statusOfRow(r, on);
  return {
    member_id: r.id,
    member_no: String(r.member_no),
    status,
    termination: t
      ? {
          id: t.id,
          reason: t.reason,
          effective_on: t.effective_on,
          by: t.by_whom,
          notice_date: t.notice_date,
          requested_on: t.requested_on,
          pending: t.effective_on > on,
        }
      : null,
    effective_on: t?.effective_on ?? r.st_terminated_on,
    suspended_since: status === 'suspended' ? (r.st_suspension_on ?? r.st_suspended_on) : null,
  };
}

/** A member's status on `on` (see `contractState`); null when there is no such member. */
export function memberStatus(db: Db | Tx, who: { memberId: number } | { memberNo: string | number }, on: IsoDate): MemberStatus | null {
  return contractState(db, who, on)?.status ?? null;
}

function memberNoWhere(memberNo: string | number): SQL | null {
  const s = String(memberNo).trim();
  const no = /^\d+$/.test(s) ? Number(s) : NaN;
  return Number.isSafeInteger(no) ? sql`m.member_no = ${no}` : null;
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
 * The money comes from the ledger (src/collection/ledger.ts), the status from
 * `contractState`, both as of the date.
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
  const state = Number.isSafeInteger(no) ? contractState(db, { memberNo: no }, on) : null;
  if (!state) return { memberNo, exists: false, status: null, overdueCents: 0, underRecovery: false, inGoodStanding: false };
  const overdueCents = memberBalance(db, state.member_id, on).lateCents;
  const underRecovery = underRecoveryProcedure(db, state.member_id, on);
  return {
    memberNo,
    exists: true,
    status: state.status,
    overdueCents,
    underRecovery,
    inGoodStanding: (state.status === 'active' || state.status === 'pending') && overdueCents === 0 && !underRecovery,
  };
}
