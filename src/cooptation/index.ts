/**
 * Cooptation (annex 3; RULES.md §8; CLI.md `coopt`): members propose candidacies, the club
 * decides without giving reasons, the referrer chooses a reward within 6 months of the
 * referee's contract start. Loads state, asks src/rules/cooptation.ts, writes in one
 * transaction with its audit entry.
 */
import { storedRef } from '../candidacy/ref.js';
import { asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import { candidacies, cooptations, cooptRewards, members } from '../db/schema.js';
import { enforce, NotFoundError, RefusedError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { foldKey } from '../rules/names.js';
import { evaluateStored, type CandidacyRow } from '../candidacy/evaluate.js';
import { memberStanding } from '../contract/state.js';
import { addMonths, type IsoDate } from '../rules/dates.js';
import {
  ART_REWARD,
  cancelAllowed,
  COOPTATION_STATES,
  decisionAllowed,
  proposalDecision,
  rewardDecision,
  rewardState,
  rewardWindowUntil,
  samePerson,
  weekOf,
  yearOf,
  type RewardState,
} from '../rules/cooptation.js';

export { ART_COOPTATION, ART_REWARD } from '../rules/cooptation.js';

type CooptationRow = typeof cooptations.$inferSelect;
/** Candidacies whose stored status is the verdict of the criteria (not yet decided). */
const UNDECIDED = ['received', 'incomplete', 'ineligible', 'ready'];

function referrerByNo(db: Db | Tx, no: string) {
  const n = Number(no);
  const m = /^\d+$/.test(no.trim()) && Number.isSafeInteger(n) ? db.select().from(members).where(eq(members.memberNo, n)).get() : undefined;
  if (!m) throw new NotFoundError(t('cooptation.no_member', { no }));
  return m;
}

function candidacyByRef(db: Db | Tx, ref: string): CandidacyRow {
  // one rule for the case of references (issue 11): c-0042 finds C-0042, as everywhere else
  const c = db
    .select()
    .from(candidacies)
    .where(eq(candidacies.ref, storedRef(db, ref) ?? ref))
    .get();
  if (!c) throw new NotFoundError(t('cooptation.no_candidacy', { ref }));
  return c;
}

function cooptationById(db: Db | Tx, id: number): CooptationRow {
  const c = db.select().from(cooptations).where(eq(cooptations.id, id)).get();
  if (!c) throw new NotFoundError(t('cooptation.no_cooptation', { id }));
  return c;
}

/** Every candidacy of the same person as `c` (same e-mail, or same names and birth date), `c` included. */
export function candidaciesOfPerson(db: Db | Tx, c: CandidacyRow): CandidacyRow[] {
  const rows = db
    .select()
    .from(candidacies)
    .where(sql`lower(${candidacies.email}) = lower(${c.email}) or (${candidacies.birthDate} is not null and ${candidacies.birthDate} = ${c.birthDate})`)
    .all();
  return rows.filter((r) => r.id === c.id || samePerson(r, c));
}

/** The referee's contract start: the member created from the co-opted candidacy, or from another candidacy of the same person. */
function refereeOf(db: Db | Tx, c: CandidacyRow): { memberNo: number; contractStart: IsoDate } | null {
  const ids = candidaciesOfPerson(db, c)
    .map((r) => r.memberId)
    .filter((x): x is number => x !== null);
  const own = c.memberId;
  const pick = own !== null ? [own] : ids;
  if (pick.length === 0) return null;
  const m = db
    .select({ memberNo: members.memberNo, contractStart: members.contractStart })
    .from(members)
    .where(inArray(members.id, pick))
    .orderBy(asc(members.contractStart))
    .get();
  return m ?? null;
}

export interface ProposeResult {
  id: number;
  referrer: string;
  candidate: string;
  status: 'proposed';
  override: boolean;
  override_reason: string | null;
  proposed_on: string;
  year: number;
  count_in_year: number;
}

/** `coopt propose`: a member in good standing proposes an eligible candidacy (annex 3.3). */
export function propose(
  conn: Connection,
  actor: Actor,
  p: { referrerNo: string; candidateRef: string; on: IsoDate; overrideLimit?: boolean; reason?: string | null },
): ProposeResult {
  const reason = p.reason?.trim() ?? '';
  if (p.overrideLimit && reason === '') throw new UsageError(t('cooptation.override_needs_reason'));
  if (!p.overrideLimit && reason !== '') throw new UsageError(t('cooptation.reason_without_override'));
  return writeTx(conn, (tx) => {
    const m = referrerByNo(tx, p.referrerNo);
    const c = candidacyByRef(tx, p.candidateRef);
    const standing = memberStanding(tx, String(m.memberNo), p.on);
    const underRecovery = standing.underRecovery;
    // The cooptation is the sponsorship (E5) when the candidacy names no sponsor and was not invited.
    const judged = c.sponsorMemberNo || c.invitedByParnasse ? c : { ...c, sponsorMemberNo: String(m.memberNo) };
    const ev = evaluateStored(tx, judged, p.on);
    const criteria = ev.checks.filter((x) => x.id.startsWith('E') || x.id.startsWith('A'));
    const person = candidaciesOfPerson(tx, c);
    const earlier = tx
      .select({ id: cooptations.id, status: cooptations.status, referrerNo: members.memberNo, ref: candidacies.ref })
      .from(cooptations)
      .innerJoin(members, eq(members.id, cooptations.referrerId))
      .innerJoin(candidacies, eq(candidacies.id, cooptations.candidacyId))
      .where(
        inArray(
          cooptations.candidacyId,
          person.map((x) => x.id),
        ),
      )
      .orderBy(asc(cooptations.id))
      .all()
      .map((e) => ({ id: e.id, status: e.status, referrerNo: String(e.referrerNo), candidacyRef: e.ref }));
    const year = yearOf(p.on);
    const count = tx.get<{ n: number }>(
      sql`select count(*) as n from cooptations where referrer_id = ${m.id} and substr(proposed_on, 1, 4) = ${String(year)}`,
    ).n;
    const d = proposalDecision({
      on: p.on,
      referrer: { memberNo: String(m.memberNo), status: standing.status ?? m.status, overdueCents: standing.overdueCents, underRecovery },
      criteria,
      candidacy: { ref: c.ref, status: c.status },
      earlier,
      countInYear: count,
      override: p.overrideLimit ? { reason } : null,
    });
    enforce(d);
    const override = d.value.overLimit;
    // The cooptation is the sponsorship (E5): a candidacy that names no sponsor takes the referrer.
    const sponsorSet = judged !== c;
    if (sponsorSet) {
      tx.update(candidacies)
        .set({
          sponsorMemberNo: String(m.memberNo),
          ...(UNDECIDED.includes(c.status) ? { status: ev.verdict } : {}),
          updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`,
        })
        .where(eq(candidacies.id, c.id))
        .run();
      audit(tx, actor, {
        entity: 'candidacy',
        entityId: c.ref,
        action: 'sponsor_by_cooptation',
        change: {
          sponsor_member_no: { from: null, to: String(m.memberNo) },
          status: { from: c.status, to: UNDECIDED.includes(c.status) ? ev.verdict : c.status },
        },
      });
    }
    const row = tx
      .insert(cooptations)
      .values({
        referrerId: m.id,
        candidacyId: c.id,
        proposedOn: p.on,
        status: 'proposed',
        override,
        overrideReason: override ? reason : null,
      })
      .returning({ id: cooptations.id })
      .get();
    audit(tx, actor, {
      entity: 'cooptation',
      entityId: row.id,
      action: 'propose',
      change: {
        referrer: String(m.memberNo),
        candidate: c.ref,
        proposed_on: p.on,
        count_in_year_before: count,
        override,
        override_reason: override ? reason : null,
        override_requested: !!p.overrideLimit,
        sponsor_set: sponsorSet,
      },
    });
    return {
      id: row.id,
      referrer: String(m.memberNo),
      candidate: c.ref,
      status: 'proposed',
      override,
      override_reason: override ? reason : null,
      proposed_on: p.on,
      year,
      count_in_year: count + 1,
    };
  });
}

export interface DecideResult {
  id: number;
  referrer: string;
  candidate: string;
  status: 'accepted' | 'rejected' | 'cancelled';
  decided_on: string;
}

function refsOf(db: Db | Tx, c: CooptationRow): { referrer: string; candidate: string } {
  const r = db
    .select({ no: members.memberNo, ref: candidacies.ref })
    .from(cooptations)
    .innerJoin(members, eq(members.id, cooptations.referrerId))
    .innerJoin(candidacies, eq(candidacies.id, cooptations.candidacyId))
    .where(eq(cooptations.id, c.id))
    .get()!;
  return { referrer: String(r.no), candidate: r.ref };
}

/** `coopt decide`: the club accepts or rejects, never motivated (annex 3.3), before or after the committee. */
export function decideCooptation(conn: Connection, actor: Actor, d: { id: number; accept: boolean; on: IsoDate }): DecideResult {
  return writeTx(conn, (tx) => {
    const c = cooptationById(tx, d.id);
    enforce(decisionAllowed(c.status, c.id, d.accept ? 'accept' : 'reject'));
    if (d.on < c.proposedOn) throw new UsageError(t('cooptation.date_before_proposal', { date: d.on, proposed: c.proposedOn }));
    const status = d.accept ? 'accepted' : 'rejected';
    tx.update(cooptations).set({ status, decidedOn: d.on }).where(eq(cooptations.id, c.id)).run();
    const refs = refsOf(tx, c);
    audit(tx, actor, {
      entity: 'cooptation',
      entityId: c.id,
      action: d.accept ? 'accept' : 'reject',
      change: { status: { from: c.status, to: status }, decided_on: d.on, ...refs },
    });
    return { id: c.id, ...refs, status, decided_on: d.on };
  });
}

/** `coopt cancel --false-declaration`: at any time, no reward (annex 3.3). */
export function cancelCooptation(conn: Connection, actor: Actor, d: { id: number; on: IsoDate }): DecideResult {
  return writeTx(conn, (tx) => {
    const c = cooptationById(tx, d.id);
    enforce(cancelAllowed(c.status, c.id));
    if (d.on < c.proposedOn) throw new UsageError(t('cooptation.date_before_proposal', { date: d.on, proposed: c.proposedOn }));
    tx.update(cooptations).set({ status: 'cancelled', cancelledOn: d.on }).where(eq(cooptations.id, c.id)).run();
    const refs = refsOf(tx, c);
    audit(tx, actor, {
      entity: 'cooptation',
      entityId: c.id,
      action: 'cancel',
      change: { status: { from: c.status, to: 'cancelled' }, cancelled_on: d.on, cause: 'false_declaration', reward_withdrawn: c.rewardItem, ...refs },
    });
    return { id: c.id, ...refs, status: 'cancelled', decided_on: d.on };
  });
}

export interface RewardResult {
  id: number;
  item: string;
  chosen_on: string;
  delivery_on: string;
  reward_window_until: string;
}

/** The catalogue's item naming the same thing (issue 24: case, accents, spaces and punctuation aside), as the catalogue spells it. */
function catalogueItem(db: Db | Tx, item: string): { id: number; item: string } | null {
  const key = foldKey(item);
  return (
    db
      .select({ id: cooptRewards.id, item: cooptRewards.item })
      .from(cooptRewards)
      .where(isNull(cooptRewards.removedOn))
      .all()
      .find((r) => foldKey(r.item) === key) ?? null
  );
}

/** `coopt reward`: one reward per accepted cooptation, chosen in the 6-month window, delivered 6 weeks later at the earliest (annex 3.4). */
export function chooseReward(conn: Connection, actor: Actor, r: { id: number; item: string; on: IsoDate }): RewardResult {
  const typed = r.item.trim();
  if (typed === '') throw new UsageError(t('cooptation.item_empty'));
  return writeTx(conn, (tx) => {
    const listed = catalogueItem(tx, typed);
    const item = listed?.item ?? typed; // the reward as the catalogue spells it
    const c = cooptationById(tx, r.id);
    const cand = tx.select().from(candidacies).where(eq(candidacies.id, c.candidacyId)).get()!;
    const referee = refereeOf(tx, cand);
    const d = rewardDecision({
      id: c.id,
      status: c.status,
      contractStart: referee?.contractStart ?? null,
      chosen: c.rewardItem && c.rewardChosenOn ? { item: c.rewardItem, on: c.rewardChosenOn } : null,
      item,
      itemInCatalogue: listed !== null,
      on: r.on,
    });
    enforce(d);
    tx.update(cooptations).set({ rewardItem: item, rewardChosenOn: r.on, deliveryOn: d.value.deliveryOn }).where(eq(cooptations.id, c.id)).run();
    audit(tx, actor, {
      entity: 'cooptation',
      entityId: c.id,
      action: 'reward',
      change: { item, chosen_on: r.on, delivery_on: d.value.deliveryOn, reward_window_until: d.value.windowUntil, referee: referee?.memberNo ?? null },
    });
    return { id: c.id, item, chosen_on: r.on, delivery_on: d.value.deliveryOn, reward_window_until: d.value.windowUntil };
  });
}

// ------------------------------------------------------------------ the catalogue
export interface CatalogueItem {
  item: string;
  added_on: string;
}

export function catalogueAdd(conn: Connection, actor: Actor, item: string, on: IsoDate): CatalogueItem {
  const name = item.trim();
  if (name === '') throw new UsageError(t('cooptation.item_empty'));
  return writeTx(conn, (tx) => {
    const same = catalogueItem(tx, name);
    if (same) throw new RefusedError(ART_REWARD, t('cooptation.refuse.item_exists', { item: same.item }));
    tx.insert(cooptRewards).values({ item: name, addedOn: on }).run();
    audit(tx, actor, { entity: 'coopt_reward', entityId: name, action: 'add', change: { item: name, added_on: on } });
    return { item: name, added_on: on };
  });
}

export function catalogueRemove(conn: Connection, actor: Actor, item: string, on: IsoDate): { item: string; removed_on: string } {
  const name = item.trim();
  return writeTx(conn, (tx) => {
    const row = catalogueItem(tx, name);
    if (!row) throw new NotFoundError(t('cooptation.no_item', { item: name }));
    tx.update(cooptRewards).set({ removedOn: on }).where(eq(cooptRewards.id, row.id)).run();
    audit(tx, actor, { entity: 'coopt_reward', entityId: row.item, action: 'remove', change: { item: row.item, removed_on: on } });
    return { item: row.item, removed_on: on };
  });
}

export function catalogueList(db: Db | Tx): CatalogueItem[] {
  return db
    .select({ item: cooptRewards.item, added_on: cooptRewards.addedOn })
    .from(cooptRewards)
    .where(isNull(cooptRewards.removedOn))
    .orderBy(asc(cooptRewards.item))
    .all();
}

// ------------------------------------------------------------------ reading
export interface CooptationView {
  id: number;
  referrer: string;
  candidate: string;
  candidate_name: string;
  proposed_on: string;
  status: string;
  decided_on: string | null;
  override: boolean;
  override_reason: string | null;
  referee_member_no: string | null;
  contract_start: string | null;
  reward_state: RewardState;
  reward_window_until: string | null;
  reward: string | null;
  reward_chosen_on: string | null;
  delivery_on: string | null;
  cancelled_on: string | null;
}

function views(db: Db | Tx, where: ReturnType<typeof sql> | undefined, on: IsoDate): CooptationView[] {
  const q = db
    .select({ c: cooptations, referrer: members.memberNo, cand: candidacies })
    .from(cooptations)
    .innerJoin(members, eq(members.id, cooptations.referrerId))
    .innerJoin(candidacies, eq(candidacies.id, cooptations.candidacyId));
  const rows = (where ? q.where(where) : q).orderBy(asc(cooptations.proposedOn), asc(cooptations.id)).all();
  return rows.map(({ c, referrer, cand }) => {
    const referee = c.status === 'accepted' ? refereeOf(db, cand) : null;
    const start = referee?.contractStart ?? null;
    return {
      id: c.id,
      referrer: String(referrer),
      candidate: cand.ref,
      candidate_name: `${cand.firstName} ${cand.lastName}`,
      proposed_on: c.proposedOn,
      status: c.status,
      decided_on: c.decidedOn,
      override: c.override,
      override_reason: c.overrideReason,
      referee_member_no: referee ? String(referee.memberNo) : null,
      contract_start: start,
      reward_state: rewardState(c.status, start, c.rewardItem !== null, on),
      reward_window_until: start ? rewardWindowUntil(start) : null,
      reward: c.status === 'cancelled' ? null : c.rewardItem,
      reward_chosen_on: c.status === 'cancelled' ? null : c.rewardChosenOn,
      delivery_on: c.status === 'cancelled' ? null : c.deliveryOn,
      cancelled_on: c.cancelledOn,
    };
  });
}

export interface StatusReport {
  referrer: string;
  date: string;
  year: number;
  count: number;
  limit: number;
  cooptations: CooptationView[];
}

/** `coopt status`: the member's rights on a date (annex 3.4, last paragraph): the count of the year and each deadline. */
export function referrerStatus(db: Db | Tx, referrerNo: string, on: IsoDate): StatusReport {
  const m = referrerByNo(db, referrerNo);
  const all = views(db, sql`${cooptations.referrerId} = ${m.id} and ${cooptations.proposedOn} <= ${on}`, on);
  const year = yearOf(on);
  return {
    referrer: String(m.memberNo),
    date: on,
    year,
    count: all.filter((c) => yearOf(c.proposed_on) === year).length,
    limit: 2,
    cooptations: all,
  };
}

export interface DeskList {
  date: string;
  cooptations: CooptationView[];
  /** Rewards whose earliest delivery falls in the week (Monday–Sunday) of the date. */
  to_deliver_this_week: CooptationView[];
  /** Open reward windows that close within a month of the date. */
  windows_closing: CooptationView[];
}

/** `coopt list`: the Desk's view. */
export function deskList(db: Db | Tx, opts: { status?: string; on: IsoDate }): DeskList {
  if (opts.status !== undefined && !(COOPTATION_STATES as readonly string[]).includes(opts.status)) {
    throw new UsageError(t('cooptation.unknown_status', { status: opts.status, statuses: COOPTATION_STATES.join(', ') }));
  }
  const all = views(db, undefined, opts.on);
  const week = weekOf(opts.on);
  const monthAhead = addMonths(opts.on, 1);
  return {
    date: opts.on,
    cooptations: opts.status ? all.filter((c) => c.status === opts.status) : all,
    to_deliver_this_week: all.filter((c) => c.status === 'accepted' && c.delivery_on !== null && c.delivery_on >= week.from && c.delivery_on <= week.to),
    windows_closing: all.filter((c) => c.reward_state === 'window_open' && c.reward_window_until !== null && c.reward_window_until <= monthAhead),
  };
}
