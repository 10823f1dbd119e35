/**
 * The selection committee (art. 3.3, 6; RULES.md §2.4): the agenda of ready candidacies,
 * decisions, and the confirmation call that creates the member and bills the entry fee.
 */
import { and, asc, eq, isNotNull, ne, sql } from 'drizzle-orm';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import { recordMandate } from '../collection/mandates.js';
import { normalizeIban } from '../rules/identifiers.js';
import { candidacies, DECIDED_CANDIDACY_STATUSES_SQL, members } from '../db/schema.js';
import { NotFoundError, RefusedError, UsageError } from '../errors.js';
import { EVALUATED_COLUMNS, evaluateStored, type CandidacyRow } from '../candidacy/evaluate.js';
import { iterateSelect } from '../db/iterate.js';
import { storedRef } from '../candidacy/ref.js';
import { CandidacyJudge, UNDECIDED_STATUSES } from '../candidacy/status.js';
import { daysBetween, type IsoDate } from '../rules/dates.js';
import type { Check } from '../rules/decision.js';
import { ART_COMMITTEE, committeeDeadline } from '../rules/eligibility.js';
import type { MemberKind } from '../rules/enums.js';
import { admissionTerms } from '../rules/membership.js';
import { t } from '../i18n/index.js';
import { fmtDate, fmtEnum } from '../i18n/format.js';
import { createMember } from '../membership/members.js';
import { issueInvoice } from '../invoicing/core.js';
import { priceOn } from '../prices/index.js';
import { cooptationsByCandidacy, liveReferrer } from '../candidacy/coopted-by.js';

export const ART_EFFECT = '6';
/** Candidacies the committee may still decide. */
const UNDECIDED = UNDECIDED_STATUSES;

export interface AgendaItem {
  ref: string;
  name: string;
  kind: string;
  company_name: string;
  zone: string | null;
  applied_on: string;
  deadline: string;
  overdue: boolean;
  days_left: number;
  sponsor_member_no: string | null;
  invited_by_parnasse: boolean;
  /** The member who co-opted the candidacy (annex 3), null when not co-opted. */
  coopted_by: string | null;
  checks: Check[];
}

function getCandidacy(db: Db | Tx, ref: string): CandidacyRow {
  const c = db
    .select()
    .from(candidacies)
    .where(eq(candidacies.ref, storedRef(db, ref) ?? ref))
    .get();
  if (!c) throw new NotFoundError(t('modules.no_candidacy_2', { ref }));
  return c;
}

/**
 * The agenda on a date: undecided candidacies that are ready on that date (eligible,
 * accessible, complete), oldest deadline first (deadline = applied_on + 7 days), overdue
 * ones flagged.
 */
export function agenda(db: Db | Tx, on: IsoDate): AgendaItem[] {
  return [...iterateAgenda(db, on)];
}

/**
 * The agenda read and judged one candidacy at a time (issue 14): the zone table and the
 * sponsors' standing are loaded first, then the undecided candidacies are iterated in
 * deadline order (applied_on order: the deadline is applied_on + 7 days) and each is
 * judged as it is read, so 100 000 candidacies never sit in memory together.
 */
export function* iterateAgenda(db: Db | Tx, on: IsoDate): Generator<AgendaItem> {
  // the zone table and the sponsors' standing on the date, read before the iteration opens
  const judge = new CandidacyJudge(db, on).preloadSponsors();
  const coopted = cooptationsByCandidacy(db); // few rows: the cooptations, not the candidacies
  // only the columns the criteria read and the agenda shows (a candidacy row is wide)
  const columns = Object.fromEntries(
    [...EVALUATED_COLUMNS, 'id', 'ref', 'status', 'zoneId', 'firstName', 'lastName', 'companyName', 'appliedOn'].map((k) => [
      k,
      candidacies[k as keyof CandidacyRow],
    ]),
  ) as {
    [K in
      | (typeof EVALUATED_COLUMNS)[number]
      | 'id'
      | 'ref'
      | 'status'
      | 'zoneId'
      | 'firstName'
      | 'lastName'
      | 'companyName'
      | 'appliedOn']: (typeof candidacies)[K];
  };
  const query = db
    .select(columns)
    .from(candidacies)
    // `+status`: read in the order of candidacies_applied_idx (applied_on, ref) and filter
    // as it goes, rather than through the status index and a sort of every undecided row
    // before the first is written (the sort held ~35 MB and 2 s at 100 000 rows, issue 14)
    .where(sql`+${candidacies.status} in ${[...UNDECIDED]}`)
    .orderBy(asc(candidacies.appliedOn), asc(candidacies.ref));
  const deadlines = new Map<string, { deadline: IsoDate; daysLeft: number }>();
  for (const r of iterateSelect(query)) {
    // ready on the date: THE status of a candidacy (src/candidacy/status.ts), as every list says
    const judged = judge.judge(r);
    if (judged.status !== 'ready') continue;
    const checks = judged.evaluation!.checks;
    let d = deadlines.get(r.appliedOn);
    if (d === undefined) {
      const deadline = committeeDeadline(r.appliedOn);
      deadlines.set(r.appliedOn, (d = { deadline, daysLeft: daysBetween(on, deadline) }));
    }
    const { deadline, daysLeft } = d;
    yield {
      ref: r.ref,
      name: `${r.firstName} ${r.lastName}`,
      kind: r.kind,
      company_name: r.companyName,
      zone: judged.zone,
      applied_on: r.appliedOn,
      deadline,
      overdue: on > deadline,
      days_left: daysLeft,
      sponsor_member_no: r.sponsorMemberNo,
      invited_by_parnasse: r.invitedByParnasse,
      coopted_by: liveReferrer(coopted.get(r.id)),
      checks,
    };
  }
}

export interface DecisionResult {
  ref: string;
  decision: 'accepted' | 'rejected';
  decided_on: string;
  reason: string | null;
  deadline: string;
  overdue: boolean;
}

/**
 * Records the committee's decision on a date. Accepting is refused unless the candidacy
 * is ready on that date (art. 3.3); a rejection needs no reason (discretionary power).
 * Acceptance validates the candidacy: the vetting notes are erased (annex 5).
 */
export function decide(conn: Connection, actor: Actor, d: { ref: string; accept: boolean; reason?: string | null; on: IsoDate }): DecisionResult {
  return writeTx(conn, (tx) => {
    const c = getCandidacy(tx, d.ref);
    if (!(UNDECIDED as readonly string[]).includes(c.status)) {
      const p = { ref: c.ref, status: fmtEnum('candidacy_status', c.status), date: c.decidedOn };
      throw new RefusedError(ART_COMMITTEE, t(c.decidedOn ? 'modules.decided_on' : 'modules.decided', p));
    }
    if (d.on < c.appliedOn) throw new UsageError(t('modules.decision_before', { on: d.on, applied_on: c.appliedOn }));
    const ev = evaluateStored(tx, c, d.on);
    if (d.accept && ev.verdict !== 'ready') {
      const failed = ev.checks.filter((x) => !x.pass);
      throw new RefusedError(
        ART_COMMITTEE,
        t('committee.not_ready', {
          ref: c.ref,
          verdict: fmtEnum('candidacy_status', ev.verdict),
          date: fmtDate(d.on),
          failed: failed.map((x) => `${x.id} (art. ${x.article}) ${x.message}`).join('; '),
        }),
      );
    }
    const status = d.accept ? 'accepted' : 'rejected';
    const reason = d.reason?.trim() ? d.reason.trim() : null;
    const erased = d.accept && c.vettingNotes !== null;
    tx.update(candidacies)
      .set({
        status,
        decidedOn: d.on,
        decisionReason: reason,
        zoneId: ev.zoneId,
        ...(d.accept ? { vettingNotes: null } : {}),
        updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`,
      })
      .where(eq(candidacies.id, c.id))
      .run();
    const deadline = committeeDeadline(c.appliedOn);
    audit(tx, actor, {
      entity: 'candidacy',
      entityId: c.ref,
      action: d.accept ? 'accept' : 'reject',
      change: { status: { from: c.status, to: status }, decided_on: d.on, reason, deadline, overdue: d.on > deadline, vetting_notes_erased: erased },
    });
    return { ref: c.ref, decision: status, decided_on: d.on, reason, deadline, overdue: d.on > deadline };
  });
}

export interface NotifyResult {
  member_no: string;
  contract_start: string;
  entry_fee_invoice: string | null;
}

/** A terminated honorary member who is the same person: rejoins without entry fee or gift. */
function returningHonorary(tx: Tx, c: CandidacyRow): { memberNo: number } | null {
  const m = tx
    .select({ memberNo: members.memberNo })
    .from(members)
    .where(
      and(
        eq(members.honorary, true),
        eq(members.status, 'terminated'),
        sql`(lower(${members.email}) = lower(${c.email}) or (lower(${members.firstName}) = lower(${c.firstName}) and lower(${members.lastName}) = lower(${c.lastName}) and ${members.companySiren} = ${c.companySiren}))`,
      ),
    )
    .get();
  return m ?? null;
}

/**
 * The confirmation call (art. 6: the contract takes effect on the day the member is
 * notified): creates the member (contract start = the call's date) with its main address
 * and Orange subscriptions, issues the entry-fee invoice at the price in force that day
 * (none for a returning honorary member), erases the vetting notes (annex 5), and marks
 * the candidacy `member`. A second call is refused.
 */
export function notify(conn: Connection, actor: Actor, n: { ref: string; on: IsoDate }): NotifyResult {
  return writeTx(conn, (tx) => {
    const c = getCandidacy(tx, n.ref);
    if (c.status === 'member' || c.memberId !== null) {
      const m = c.memberId ? tx.select({ no: members.memberNo }).from(members).where(eq(members.id, c.memberId)).get() : undefined;
      const when = c.notifiedOn ? t('modules.notified_when', { date: c.notifiedOn }) : '';
      throw new RefusedError(ART_EFFECT, t(m ? 'modules.notified_member' : 'modules.notified', { ref: c.ref, when, member_no: m?.no }));
    }
    if (c.status !== 'accepted')
      throw new RefusedError(ART_COMMITTEE, t('modules.notify_not_accepted', { ref: c.ref, status: fmtEnum('candidacy_status', c.status) }));
    if (c.decidedOn && n.on < c.decidedOn) throw new UsageError(t('modules.call_before', { on: n.on, decided_on: c.decidedOn }));
    const honorary = returningHonorary(tx, c);
    const terms = admissionTerms(honorary !== null);
    const member = createMember(tx, actor, {
      kind: c.kind as MemberKind,
      firstName: c.firstName,
      lastName: c.lastName,
      email: c.email,
      phone: c.phone,
      companyName: c.companyName,
      companySiren: c.companySiren,
      iban: c.iban,
      status: terms.initialStatus,
      contractStart: n.on,
      candidacyId: c.id,
      welcomeGift: terms.welcomeGift,
      address: { street: c.street, postalCode: c.postalCode, city: c.city, department: c.department, lineTechnology: c.lineTechnology },
      orangeSubscriptions: c.orangeSubscriptions,
    });
    // The SEPA form is signed with the subscription form (art. 7.3.3): its mandate starts now.
    if (c.iban && normalizeIban(c.iban))
      recordMandate(tx, actor, { memberId: member.id, memberNo: member.memberNo, iban: c.iban, signedOn: c.appliedOn, on: n.on });
    let invoice: string | null = null;
    if (terms.entryFee) {
      const ttc = priceOn(tx, 'entry_fee', n.on);
      invoice = issueInvoice(tx, actor, {
        memberId: member.id,
        issuedOn: n.on,
        lines: [{ kind: 'entry_fee', label: "Droits d'entrée", period: null, ttcCents: ttc, sourceKey: `entry_fee:${member.id}` }],
      }).number;
    }
    tx.update(candidacies)
      .set({ status: 'member', notifiedOn: n.on, memberId: member.id, vettingNotes: null, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` })
      .where(eq(candidacies.id, c.id))
      .run();
    audit(tx, actor, {
      entity: 'candidacy',
      entityId: c.ref,
      action: 'notify',
      change: {
        status: { from: c.status, to: 'member' },
        notified_on: n.on,
        member_no: member.memberNo,
        entry_fee_invoice: invoice,
        returning_honorary_of: honorary ? String(honorary.memberNo) : null,
        vetting_notes_erased: true,
      },
    });
    return { member_no: String(member.memberNo), contract_start: n.on, entry_fee_invoice: invoice };
  });
}

/** Accepted candidacies waiting for their confirmation call. */
export function awaitingCall(db: Db | Tx): { ref: string; name: string; decided_on: string | null }[] {
  return (
    db
      .select({ ref: candidacies.ref, first: candidacies.firstName, last: candidacies.lastName, decided: candidacies.decidedOn })
      .from(candidacies)
      // the decided term: read through candidacies_decided_idx
      .where(
        and(
          sql`${candidacies.status} in ${sql.raw(DECIDED_CANDIDACY_STATUSES_SQL)}`,
          eq(candidacies.status, 'accepted'),
          isNotNull(candidacies.decidedOn),
          ne(candidacies.status, 'member'),
        ),
      )
      .all()
      .map((r) => ({ ref: r.ref, name: `${r.first} ${r.last}`, decided_on: r.decided }))
  );
}
