/**
 * The end of a membership (RULES.md §7; art. 10, 11.3, 3.4, 7.3.8): `terminate`, its
 * preview, withdrawal of a pending termination, honorary eligibility, the Airboxes due back
 * (the options a member ends by e-mail, art. 10.3.2, are membership's `terminateOption`).
 *
 * ONE code path records a termination (`recordTermination`): `terminate`, `member
 * subscription remove` of the last Orange subscription (art. 10.1) and the dunning's last
 * step (art. 7.3.8) all call it. It writes `terminations.effective_on` and
 * `members.terminated_on` (the same date: the first day without a contract) and makes the
 * status `terminated` once that day has come (`settleTerminations`). The monthly run bills
 * the month of `members.terminated_on` in full and nothing after it.
 */
import { guaranteesHeld } from '../collection/ledger.js';
import { and, asc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import { bricksEndedBy, bricksToEnd, endBricksWithContract, restoreBricks } from '../pro/contract-end.js';
import { addresses, airboxes, candidacies, memberOptions, members, subscriptions, terminations } from '../db/schema.js';
import { NotFoundError, UsageError, enforce } from '../errors.js';
import { t } from '../i18n/index.js';
import { lastDayOfMonth, nextMonth, type IsoDate } from '../rules/dates.js';
import { TERMINATION_REASONS, type TerminationReason } from '../rules/enums.js';
import { CRITERIA } from '../rules/eligibility.js';
import { zoneOf } from '../rules/zones.js';
import {
  checkWithdrawal,
  consequences,
  honoraryEligibility,
  planTermination,
  type Party,
  type Requester,
  type TerminationPlan,
  type TerminationRequest,
} from '../rules/termination.js';
import { factsOf } from '../candidacy/evaluate.js';
import { loadZoneTable } from '../zones/table.js';
import {
  assertContractRunning,
  currentTermination,
  everUnderRecovery,
  getMember,
  memberStatus,
  type MemberRow,
  type TerminationRow,
} from '../contract/state.js';

// reads of the contract's state, for the callers that still ask termination for them
export { assertContractRunning, currentTermination, everUnderRecovery, type TerminationRow };

export function parseReason(s: string): TerminationReason {
  if (!(TERMINATION_REASONS as readonly string[]).includes(s))
    throw new UsageError(t('termination.usage.reason', { value: s, reasons: TERMINATION_REASONS.join(', ') }));
  return s as TerminationReason;
}

export function parseRequester(s: string): Requester {
  if (s !== 'member' && s !== 'delegate' && s !== 'parnasse') throw new UsageError(t('termination.usage.by', { value: s }));
  return s;
}

/** The date of the latest second formal notice of the member's open non-payment procedure, if any. */
function secondNoticeOn(db: Db | Tx, memberId: number): IsoDate | null {
  const r = db.get<{ d: string | null }>(sql`
    select max(s.on_date) as d from dunning_steps s join dunning_procedures p on p.id = s.procedure_id
    where s.member_id = ${memberId} and s.step = 'second_notice' and p.closed_on is null`);
  return r.d;
}

/**
 * Still meets art. 3.1 (honorary status): the main address in the coverage zone (E1) and,
 * when the member came through a candidacy, its criteria E2–E4 and E6 as recorded. E5
 * (sponsor or invitation) is the committee's to judge again when the member rejoins.
 */
export function stillEligible(db: Db | Tx, m: MemberRow, on: IsoDate): boolean {
  const main = db
    .select()
    .from(addresses)
    .where(and(eq(addresses.memberId, m.id), eq(addresses.isMain, true)))
    .orderBy(asc(addresses.id))
    .all()
    .at(-1);
  const zone = main ? zoneOf(main.department, on, loadZoneTable(db).assignments) : null;
  if (!zone) return false;
  if (!m.candidacyId) return true;
  const c = db.select().from(candidacies).where(eq(candidacies.id, m.candidacyId)).get();
  if (!c) return true;
  const f = factsOf(c);
  return CRITERIA.E2(f) && CRITERIA.E3(f) && CRITERIA.E4(f) && CRITERIA.E6(f);
}

export interface TerminationJson {
  member_no: string;
  reason: TerminationReason;
  article: string;
  by: Party;
  requested_on: IsoDate;
  notice_date: IsoDate | null;
  since: IsoDate | null;
  effective_on: IsoDate;
  pending: boolean;
  last_billed_month: string;
  direct_debits_stop_from: string;
  airbox_return_due: boolean;
  airbox_serial: string | null;
  mail_access_until: IsoDate;
  refund: boolean;
  options_ended: { option: string; qty: number; billed_until: IsoDate }[];
  /** Univers Pro maintenance bricks the termination ends (art. 5.12, 10.4). */
  bricks_ended: { brick: string; billed_until: IsoDate }[];
  subscriptions_ended: number;
  honorary_eligible: boolean;
}

function planOf(db: Db | Tx, m: MemberRow, req: TerminationRequest): TerminationPlan {
  const cur = currentTermination(db, m.id);
  const d = planTermination(
    { ...req, secondNoticeOn: req.reason === 'unpaid' ? (req.secondNoticeOn ?? secondNoticeOn(db, m.id)) : null },
    { status: m.status, contractStart: m.contractStart, terminationEffectiveOn: cur?.effectiveOn ?? null },
  );
  enforce(d);
  return d.value;
}

/** The plan's own facts, as the JSON answer and the audit entry both state them. */
function planFields(p: TerminationPlan) {
  return {
    reason: p.reason,
    article: p.article,
    by: p.by,
    requested_on: p.requestedOn,
    notice_date: p.noticeDate,
    since: p.since,
    effective_on: p.effectiveOn,
  };
}

/** What a termination will do, before it is done (`terminate` shows it and asks). */
function describe(db: Db | Tx, m: MemberRow, p: TerminationPlan, on: IsoDate): TerminationJson {
  const billedUntil = lastDayOfMonth(p.lastBilledMonth);
  const opts = db
    .select()
    .from(memberOptions)
    .where(and(eq(memberOptions.memberId, m.id), or(isNull(memberOptions.endOn), gt(memberOptions.endOn, billedUntil))))
    .orderBy(asc(memberOptions.id))
    .all();
  const subs = db.get<{ n: number }>(sql`
    select count(*) as n from subscriptions s join addresses a on a.id = s.address_id
    where a.member_id = ${m.id} and (s.ended_on is null or s.ended_on > ${p.effectiveOn})`).n;
  const box = db
    .select()
    .from(airboxes)
    .where(and(eq(airboxes.memberId, m.id), isNull(airboxes.returnedOn)))
    .get();
  return {
    member_no: String(m.memberNo),
    ...planFields(p),
    pending: p.effectiveOn > on,
    last_billed_month: p.lastBilledMonth,
    direct_debits_stop_from: nextMonth(p.lastBilledMonth),
    airbox_return_due: !!box,
    airbox_serial: box?.serial ?? null,
    mail_access_until: p.mailAccessUntil,
    refund: p.refund,
    options_ended: opts.map((o) => ({ option: o.option, qty: o.qty, billed_until: billedUntil })),
    bricks_ended: bricksToEnd(db, m.id, billedUntil),
    subscriptions_ended: subs,
    honorary_eligible: !everUnderRecovery(db, m.id) && !m.honorary && stillEligible(db, m, on),
  };
}

/**
 * Records a termination inside the caller's transaction — the ONE code path (terminate,
 * the last subscription's removal, the dunning's last step). Every option ends and is
 * billed through the month of the effective date; the remaining Orange subscriptions end
 * on it; the member is `terminated` from it.
 */
export function recordTermination(
  tx: Tx,
  actor: Actor,
  m: MemberRow,
  p: TerminationPlan,
  on: IsoDate,
  dunning?: { procedure_id: number; step_id: number; on: IsoDate },
): TerminationJson {
  const json = describe(tx, m, p, on);
  const row = tx
    .insert(terminations)
    .values({
      memberId: m.id,
      reason: p.reason,
      requestedOn: p.requestedOn,
      noticeDate: p.noticeDate,
      since: p.since,
      effectiveOn: p.effectiveOn,
      byWhom: p.by,
    })
    .returning({ id: terminations.id })
    .get();
  const billedUntil = lastDayOfMonth(p.lastBilledMonth);
  tx.update(memberOptions)
    .set({ endOn: billedUntil, requestedEndOn: p.effectiveOn, terminationId: row.id })
    .where(and(eq(memberOptions.memberId, m.id), or(isNull(memberOptions.endOn), gt(memberOptions.endOn, billedUntil))))
    .run();
  endBricksWithContract(tx, m.id, row.id, billedUntil);
  tx.run(sql`update subscriptions set ended_on = ${p.effectiveOn}, termination_id = ${row.id}
             where ended_on is null and address_id in (select id from addresses where member_id = ${m.id})`);
  const effective = p.effectiveOn <= on;
  tx.update(members)
    .set({ terminatedOn: p.effectiveOn, ...(effective ? { status: 'terminated' } : {}) })
    .where(eq(members.id, m.id))
    .run();
  audit(tx, actor, {
    entity: 'member',
    entityId: m.memberNo,
    action: 'terminate',
    change: {
      termination_id: row.id,
      ...planFields(p),
      last_billed_month: p.lastBilledMonth,
      status: effective ? { from: m.status, to: 'terminated' } : null,
      options_ended: json.options_ended.length,
      bricks_ended: json.bricks_ended.length,
      subscriptions_ended: json.subscriptions_ended,
      ...(dunning ? { dunning } : {}),
    },
  });
  return json;
}

export interface TerminateInput {
  memberNo: string;
  reason: TerminationReason;
  on: IsoDate;
  by?: Requester;
  noticeDate?: IsoDate | null;
  since?: IsoDate | null;
}

const requestOf = (i: TerminateInput): TerminationRequest => ({
  reason: i.reason,
  on: i.on,
  by: i.by,
  noticeDate: i.noticeDate ?? null,
  since: i.since ?? null,
});

/** The preview of `terminate` (nothing written): refuses exactly as the act would. */
export function previewTermination(db: Db | Tx, i: TerminateInput): TerminationJson {
  const m = getMember(db, i.memberNo);
  return describe(db, m, planOf(db, m, requestOf(i)), i.on);
}

/** `terminate`: records the termination (one transaction, audited). */
export function terminate(conn: Connection, actor: Actor, i: TerminateInput): TerminationJson {
  return writeTx(conn, (tx) => {
    settleTerminations(tx, actor, i.on);
    const m = getMember(tx, i.memberNo);
    const p = planOf(tx, m, requestOf(i));
    return recordTermination(tx, actor, m, p, i.on);
  });
}

/**
 * The last Orange subscription ended (art. 10.1): the contract ends that day, through the
 * same path as `terminate --reason orange_lost`. A pending termination with a later date
 * is superseded (the contract ends sooner).
 */
export function terminateForLostOrange(tx: Tx, actor: Actor, memberId: number, endedOn: IsoDate): TerminationJson {
  const cur = currentTermination(tx, memberId);
  if (cur && cur.effectiveOn > endedOn) {
    tx.update(terminations).set({ withdrawnOn: endedOn }).where(eq(terminations.id, cur.id)).run();
    restoreAfterWithdrawal(tx, memberId, cur.id);
  }
  const m = tx.select().from(members).where(eq(members.id, memberId)).get()!;
  const p = planOf(tx, m, { reason: 'orange_lost', on: endedOn, lastSubscriptionEndedOn: endedOn });
  return recordTermination(tx, actor, m, p, endedOn);
}

function restoreAfterWithdrawal(tx: Tx, memberId: number, terminationId: number): { options: number; subscriptions: number } {
  const options = tx
    .update(memberOptions)
    .set({ endOn: null, requestedEndOn: null, terminationId: null })
    .where(and(eq(memberOptions.memberId, memberId), eq(memberOptions.terminationId, terminationId)))
    .returning({ id: memberOptions.id })
    .all().length;
  const subs = tx
    .update(subscriptions)
    .set({ endedOn: null, terminationId: null })
    .where(eq(subscriptions.terminationId, terminationId))
    .returning({ id: subscriptions.id })
    .all().length;
  restoreBricks(tx, terminationId);
  tx.update(members).set({ terminatedOn: null }).where(eq(members.id, memberId)).run();
  return { options, subscriptions: subs };
}

/** Withdraws a pending termination, before its effective date, by the party that asked for it. */
export function withdrawTermination(conn: Connection, actor: Actor, w: { memberNo: string; by: Requester; on: IsoDate }) {
  return writeTx(conn, (tx) => {
    const m = getMember(tx, w.memberNo);
    const cur = currentTermination(tx, m.id);
    if (!cur) throw new NotFoundError(t('termination.none', { member: m.memberNo }));
    enforce(checkWithdrawal({ effectiveOn: cur.effectiveOn, by: cur.byWhom as Party, reason: cur.reason as TerminationReason }, w.by, w.on));
    tx.update(terminations).set({ withdrawnOn: w.on }).where(eq(terminations.id, cur.id)).run();
    const restored = restoreAfterWithdrawal(tx, m.id, cur.id);
    audit(tx, actor, {
      entity: 'member',
      entityId: m.memberNo,
      action: 'withdraw_termination',
      change: {
        termination_id: cur.id,
        reason: cur.reason,
        effective_on: cur.effectiveOn,
        withdrawn_on: w.on,
        by: w.by,
        options_restored: restored.options,
        subscriptions_restored: restored.subscriptions,
      },
    });
    return { member_no: String(m.memberNo), reason: cur.reason as TerminationReason, effective_on: cur.effectiveOn, withdrawn_on: w.on, by: w.by };
  });
}

/** `terminate show NO`: the termination in force, pending or effective, with its consequences; null if none. */
export function showTermination(db: Db | Tx, memberNo: string, on: IsoDate): (TerminationJson & { status: string; guarantee_held_cents: number }) | null {
  const m = getMember(db, memberNo);
  const cur = currentTermination(db, m.id);
  if (!cur) return null;
  const c = consequences(cur.effectiveOn);
  const box = db
    .select()
    .from(airboxes)
    .where(and(eq(airboxes.memberId, m.id), isNull(airboxes.returnedOn)))
    .get();
  const opts = db.select().from(memberOptions).where(eq(memberOptions.terminationId, cur.id)).orderBy(asc(memberOptions.id)).all();
  const subs = db.select({ id: subscriptions.id }).from(subscriptions).where(eq(subscriptions.terminationId, cur.id)).all();
  const reason = cur.reason as TerminationReason;
  return {
    member_no: String(m.memberNo),
    status: cur.effectiveOn <= on ? 'terminated' : 'pending_termination',
    reason,
    article: planArticle(reason),
    by: cur.byWhom as Party,
    requested_on: cur.requestedOn,
    notice_date: cur.noticeDate,
    since: cur.since,
    effective_on: cur.effectiveOn,
    pending: cur.effectiveOn > on,
    last_billed_month: c.lastBilledMonth,
    direct_debits_stop_from: nextMonth(c.lastBilledMonth),
    airbox_return_due: !!box,
    airbox_serial: box?.serial ?? null,
    mail_access_until: c.mailAccessUntil,
    refund: reason !== 'incompatible_offer',
    options_ended: opts.map((o) => ({ option: o.option, qty: o.qty, billed_until: o.endOn ?? lastDayOfMonth(c.lastBilledMonth) })),
    bricks_ended: bricksEndedBy(db, cur.id),
    subscriptions_ended: subs.length,
    honorary_eligible: !everUnderRecovery(db, m.id) && !m.honorary && stillEligible(db, m, on),
    /** Financial guarantee still held on `on` (art. 7.1): given back with the termination's balance (`member guarantee release`). */
    guarantee_held_cents: guaranteesHeld(db, on, m.id).get(m.id) ?? 0,
  };
}

function planArticle(reason: TerminationReason): string {
  return { member_request: '10.3.1', orange_lost: '10.1', breach: '10.2', incompatible_offer: '3.4', unpaid: '7.3.8', force_majeure: '11.3' }[reason];
}

/** Makes `terminated` every member whose effective date has come (idempotent; run by every termination-aware write and the monthly run). */
export function settleTerminations(tx: Tx, actor: Actor, on: IsoDate): number {
  const due = tx
    .select({ id: members.id, memberNo: members.memberNo, status: members.status, terminatedOn: members.terminatedOn })
    .from(members)
    .where(and(lte(members.terminatedOn, on), sql`${members.status} <> 'terminated'`))
    .all();
  for (const m of due) {
    tx.update(members).set({ status: 'terminated' }).where(eq(members.id, m.id)).run();
    audit(tx, actor, {
      entity: 'member',
      entityId: m.memberNo,
      action: 'termination_effective',
      change: { status: { from: m.status, to: 'terminated' }, effective_on: m.terminatedOn },
    });
  }
  return due.length;
}

/** Airboxes due back: lent to a member whose contract has ended (or ends) and not yet returned (art. 10.4). */
export function airboxesDue(db: Db | Tx, on: IsoDate) {
  const rows = db.all<{ member_no: number; first_name: string; last_name: string; serial: string; lent_on: string; effective_on: string }>(sql`
    select m.member_no, m.first_name, m.last_name, b.serial, b.lent_on, m.terminated_on as effective_on
    from airboxes b join members m on m.id = b.member_id
    where b.returned_on is null and m.terminated_on is not null
    order by m.terminated_on, m.member_no`);
  return rows.map((r) => ({
    member_no: String(r.member_no),
    name: `${r.first_name} ${r.last_name}`,
    serial: r.serial,
    lent_on: r.lent_on,
    effective_on: r.effective_on,
    overdue: r.effective_on <= on,
  }));
}

/** `member honorary NO`: refused unless the member is eligible (definitions "Membre honoraire"). */
export function makeHonorary(conn: Connection, actor: Actor, memberNo: string, on: IsoDate) {
  return writeTx(conn, (tx) => {
    settleTerminations(tx, actor, on);
    const m = getMember(tx, memberNo);
    enforce(
      honoraryEligibility({
        terminated: memberStatus(tx, { memberId: m.id }, on) === 'terminated',
        everUnderRecovery: everUnderRecovery(tx, m.id),
        meetsEligibility: stillEligible(tx, m, on),
        honorary: m.honorary,
      }),
    );
    tx.update(members).set({ honorary: true }).where(eq(members.id, m.id)).run();
    audit(tx, actor, { entity: 'member', entityId: m.memberNo, action: 'make_honorary', change: { honorary: true, on } });
    return { member_no: String(m.memberNo), honorary: true, on };
  });
}
