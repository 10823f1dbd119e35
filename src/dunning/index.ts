/**
 * Non-payment procedures (art. 7.3.8): `bill dunning [--date D] [--apply]`. Reads what is
 * late from the ledger (src/collection/ledger.ts) — never computes it — and records each
 * step: a formal notice holds its date, the total claimed, the invoices claimed with their
 * amounts (dunning_claims) and its 8-day deadline, which is what the letter (documents) needs.
 * The last step terminates through the one termination path (src/termination).
 * Safe under cron: one transaction; re-running the same day finds nothing left to do.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import { dunningClaims, dunningProcedures, dunningSteps, members } from '../db/schema.js';
import { invoiceBalances, memberBalance, memberBalances, type MemberBalance } from '../collection/ledger.js';
import type { IsoDate } from '../rules/dates.js';
import { nextDunningStep, noticeDeadline, type DunningAction, type DunningStep } from '../rules/dunning.js';
import { recordTermination, settleTerminations } from '../termination/index.js';
import { currentTermination, memberStatus } from '../contract/state.js';
import { planTermination } from '../rules/termination.js';
import { enforce } from '../errors.js';
import { buyerOf, buyerRow, frozenOf, storeFrozen, type FrozenDocument } from '../invoicing/frozen.js';
import { sellerVersionNow } from '../settings/versions.js';

type ProcedureRow = typeof dunningProcedures.$inferSelect;
type StepRow = typeof dunningSteps.$inferSelect;

function openProcedure(db: Db | Tx, memberId: number): ProcedureRow | undefined {
  return db
    .select()
    .from(dunningProcedures)
    .where(and(eq(dunningProcedures.memberId, memberId), isNull(dunningProcedures.closedOn)))
    .get();
}

function stepsOf(db: Db | Tx, procedureId: number): StepRow[] {
  return db.select().from(dunningSteps).where(eq(dunningSteps.procedureId, procedureId)).orderBy(asc(dunningSteps.on), asc(dunningSteps.id)).all();
}

export { everUnderRecovery, underRecoveryProcedure } from '../contract/state.js';

export interface DunningRow {
  member_no: string;
  name: string;
  status: string;
  late_cents: number;
  late_invoices: string[];
  procedure_id: number | null;
  last_step: { step: DunningStep; date: IsoDate } | null;
  next_step: DunningAction;
  possible_on: IsoDate;
  due: boolean;
  /** With --apply: the step was performed on the date. */
  done: boolean;
  /** Notices performed: the amount claimed and the 8-day deadline. */
  claimed_cents: number | null;
  deadline_on: IsoDate | null;
  /**
   * A step due that the contract refuses for this member (e.g. the termination when one is
   * already pending, art. 10.4): not performed, reported with its article; the rest of the
   * run goes on (RULES.md §6).
   */
  skipped: { article: string; reason: string } | null;
}

interface Candidate {
  memberId: number;
  memberNo: number;
  name: string;
  status: string;
  terminatedOn: string | null;
}

function candidates(db: Db | Tx, on: IsoDate): { c: Candidate; bal: MemberBalance | null }[] {
  const late = new Map(memberBalances(db, on, { lateOnly: true }).map((b) => [b.memberId, b]));
  const withProcedure = db.all<{ member_id: number }>(sql`select member_id from dunning_procedures where closed_on is null`).map((r) => r.member_id);
  const ids = [...new Set([...late.keys(), ...withProcedure])];
  if (ids.length === 0) return [];
  const rows = db.all<{ id: number; member_no: number; first_name: string; last_name: string; status: string; terminated_on: string | null }>(
    sql`select id, member_no, first_name, last_name, status, terminated_on from members where id in (${sql.join(
      ids.map((i) => sql`${i}`),
      sql`, `,
    )}) order by member_no`,
  );
  return rows.map((r) => ({
    c: { memberId: r.id, memberNo: r.member_no, name: `${r.first_name} ${r.last_name}`, status: r.status, terminatedOn: r.terminated_on },
    bal: late.get(r.id) ?? null,
  }));
}

function rowFor(db: Db | Tx, c: Candidate, bal: MemberBalance | null, on: IsoDate): DunningRow | null {
  const proc = openProcedure(db, c.memberId);
  const steps = proc ? stepsOf(db, proc.id) : null;
  const status = memberStatus(db, { memberId: c.memberId }, on)!;
  const ended = status === 'terminated';
  const next = nextDunningStep(
    {
      lateCents: bal?.lateCents ?? 0,
      oldestLatePayBy: bal?.oldestLatePayBy ?? null,
      steps: steps ? steps.map((s) => ({ step: s.step as DunningStep, on: s.on, deadlineOn: s.deadlineOn })) : null,
      ended,
    },
    on,
  );
  if (!next) return null;
  const last = steps?.at(-1);
  let skipped: DunningRow['skipped'] = null;
  if (next.action === 'termination' && next.due && steps) {
    const d = unpaidTermination(db, c.memberId, steps, on);
    if (!d.ok) skipped = { article: d.article, reason: d.reason };
  }
  return {
    member_no: String(c.memberNo),
    name: c.name,
    status,
    late_cents: bal?.lateCents ?? 0,
    late_invoices: bal?.lateInvoices ?? [],
    procedure_id: proc?.id ?? null,
    last_step: last ? { step: last.step as DunningStep, date: last.on } : null,
    next_step: next.action,
    possible_on: next.possibleOn,
    due: next.due,
    done: false,
    claimed_cents: null,
    deadline_on: null,
    skipped,
  };
}

/** The termination for non-payment the last step would record on `on`, judged (refused when another termination is in force, art. 10.4). */
function unpaidTermination(db: Db | Tx, memberId: number, steps: StepRow[], on: IsoDate) {
  const second = steps.filter((s) => s.step === 'second_notice').at(-1);
  const m = db.select().from(members).where(eq(members.id, memberId)).get()!;
  return planTermination(
    { reason: 'unpaid', on, by: 'parnasse', secondNoticeOn: second?.on ?? null },
    { status: m.status, contractStart: m.contractStart, terminationEffectiveOn: currentTermination(db, m.id)?.effectiveOn ?? null },
  );
}

/** `bill dunning` without --apply: each late member's next step and the date it becomes possible. */
export function dunningList(db: Db | Tx, on: IsoDate): DunningRow[] {
  return candidates(db, on)
    .map(({ c, bal }) => rowFor(db, c, bal, on))
    .filter((r): r is DunningRow => r !== null);
}

/**
 * Records a formal notice with the invoices it claims (late, uncontested amounts on its
 * date), and what its letter states of the club and the member, frozen (invoicing/frozen.ts).
 */
function recordNotice(tx: Tx, actor: Actor, memberId: number, procedureId: number, step: 'first_notice' | 'second_notice', on: IsoDate) {
  const late = invoiceBalances(tx, { on, memberId, lateOnly: true, issuedBy: true }).filter((b) => b.kind === 'invoice');
  const claimed = late.reduce((s, b) => s + b.lateCents, 0);
  const deadline = noticeDeadline(on);
  const row = tx
    .insert(dunningSteps)
    .values({ memberId, step, on, procedureId, claimedCents: claimed, deadlineOn: deadline, invoiceId: late[0]?.id ?? null })
    .returning({ id: dunningSteps.id })
    .get();
  if (late.length)
    tx.insert(dunningClaims)
      .values(late.map((b) => ({ stepId: row.id, invoiceId: b.id, amountCents: b.lateCents })))
      .run();
  const frozen: FrozenDocument = { sellerVersion: sellerVersionNow(tx, (e) => audit(tx, actor, e)).id, buyer: buyerOf(buyerRow(tx, memberId)) };
  const frozenSha256 = storeFrozen(tx, { stepId: row.id }, frozen);
  return { stepId: row.id, claimed, deadline, invoices: late.map((b) => ({ invoice: b.number, amount_cents: b.lateCents })), frozenSha256 };
}

/**
 * Closes the open procedure of a member when nothing is late on `on`; a suspended member is
 * reinstated. Returns null when nothing closed, else the status a suspension was lifted to
 * (null when the member was not suspended).
 */
export function closeIfSettled(tx: Tx, actor: Actor, memberId: number, on: IsoDate): { liftedTo: 'active' | 'pending' | null } | null {
  const proc = openProcedure(tx, memberId);
  if (!proc) return null;
  if (memberBalance(tx, memberId, on).lateCents > 0) return null;
  return { liftedTo: reinstate(tx, actor, memberId, proc, on) };
}

function reinstate(tx: Tx, actor: Actor, memberId: number, proc: ProcedureRow, on: IsoDate): 'active' | 'pending' | null {
  tx.update(dunningProcedures).set({ closedOn: on, closeReason: 'paid' }).where(eq(dunningProcedures.id, proc.id)).run();
  const m = tx.select().from(members).where(eq(members.id, memberId)).get()!;
  const to = m.status === 'suspended' ? (m.entryFeePaidOn ? 'active' : 'pending') : null;
  if (to) tx.update(members).set({ status: to, suspendedOn: null }).where(eq(members.id, memberId)).run();
  audit(tx, actor, {
    entity: 'member',
    entityId: m.memberNo,
    action: 'dunning_closed',
    change: { procedure_id: proc.id, closed_on: on, reason: 'paid', status: to ? { from: m.status, to } : null },
  });
  return to;
}

function perform(tx: Tx, actor: Actor, c: Candidate, action: DunningAction, on: IsoDate): { claimed: number | null; deadline: IsoDate | null } {
  let proc = openProcedure(tx, c.memberId);
  if (action === 'reinstatement') {
    if (proc) reinstate(tx, actor, c.memberId, proc, on);
    return { claimed: null, deadline: null };
  }
  if (!proc) {
    proc = tx.insert(dunningProcedures).values({ memberId: c.memberId, openedOn: on }).returning().get();
  }
  if (action === 'first_notice' || action === 'second_notice') {
    const n = recordNotice(tx, actor, c.memberId, proc.id, action, on);
    audit(tx, actor, {
      entity: 'member',
      entityId: c.memberNo,
      action: `dunning_${action}`,
      change: {
        procedure_id: proc.id,
        step_id: n.stepId,
        date: on,
        claimed_cents: n.claimed,
        deadline_on: n.deadline,
        invoices: n.invoices,
        article: '7.3.8',
        frozen_sha256: n.frozenSha256,
      },
    });
    return { claimed: n.claimed, deadline: n.deadline };
  }
  if (action === 'suspension') {
    const step = tx
      .insert(dunningSteps)
      .values({ memberId: c.memberId, step: 'suspension', on, procedureId: proc.id })
      .returning({ id: dunningSteps.id })
      .get();
    const m = tx.select().from(members).where(eq(members.id, c.memberId)).get()!;
    tx.update(members).set({ status: 'suspended', suspendedOn: on }).where(eq(members.id, c.memberId)).run();
    audit(tx, actor, {
      entity: 'member',
      entityId: c.memberNo,
      action: 'dunning_suspension',
      change: { procedure_id: proc.id, step_id: step.id, date: on, status: { from: m.status, to: 'suspended' }, article: '7.3.8' },
    });
    return { claimed: null, deadline: null };
  }
  // termination for non-payment: through the one termination path (judged before anything is written)
  const steps = stepsOf(tx, proc.id);
  const d = unpaidTermination(tx, c.memberId, steps, on);
  enforce(d);
  const second = steps.filter((s) => s.step === 'second_notice').at(-1)!;
  const step = tx.insert(dunningSteps).values({ memberId: c.memberId, step: 'termination', on, procedureId: proc.id }).returning({ id: dunningSteps.id }).get();
  const m = tx.select().from(members).where(eq(members.id, c.memberId)).get()!;
  // the termination's entry records the step and the procedure it closes (issue 28: db check compares them)
  recordTermination(tx, actor, m, { ...d.value, noticeDate: second.on }, on, { procedure_id: proc.id, step_id: step.id, on });
  tx.update(dunningProcedures).set({ closedOn: on, closeReason: 'terminated' }).where(eq(dunningProcedures.id, proc.id)).run();
  return { claimed: null, deadline: null };
}

/**
 * `bill dunning --apply`: performs every step due on `on`, each audited, in one
 * transaction. A member whose suspension and second notice fall due the same day gets both.
 * A step the contract refuses for one member (`skipped`) is reported and left undone; it
 * never stops the run for the others.
 */
export function applyDunning(conn: Connection, actor: Actor, on: IsoDate): DunningRow[] {
  return writeTx(conn, (tx) => {
    settleTerminations(tx, actor, on);
    const out: DunningRow[] = [];
    for (const { c } of candidates(tx, on)) {
      for (let guard = 0; guard < 4; guard++) {
        const fresh = tx.select().from(members).where(eq(members.id, c.memberId)).get()!;
        const cand: Candidate = { ...c, status: fresh.status, terminatedOn: fresh.terminatedOn };
        const row = rowFor(tx, cand, memberBalance(tx, c.memberId, on), on);
        if (!row) break;
        if (!row.due || row.skipped) {
          // a refused step is reported, never performed: the run goes on with the next member
          if (guard === 0 || row.skipped) out.push(row);
          break;
        }
        const r = perform(tx, actor, cand, row.next_step, on);
        out.push({ ...row, done: true, claimed_cents: r.claimed, deadline_on: r.deadline, status: memberStatus(tx, { memberId: c.memberId }, on)! });
        if (row.next_step === 'reinstatement' || row.next_step === 'termination') break;
      }
    }
    return out;
  });
}

export interface DunningLetter {
  step_id: number;
  step: 'first_notice' | 'second_notice';
  date: IsoDate;
  deadline_on: IsoDate;
  claimed_cents: number;
  /** A second notice: the first notice of its procedure, and the suspension if there was one. */
  first_notice_on: IsoDate | null;
  suspended_on: IsoDate | null;
  member: {
    member_no: string;
    kind: 'person' | 'company';
    first_name: string;
    last_name: string;
    company_name: string | null;
    email: string;
    street: string | null;
    postal_code: string | null;
    city: string | null;
  };
  invoices: { invoice: string; issued_on: IsoDate; pay_by: IsoDate; total_ttc_cents: number; amount_cents: number }[];
  /** What the letter stated when the notice was recorded (`member` above is read from it); null for a notice recorded before (RULES.md §6). */
  frozen: FrozenDocument | null;
}

/** A notice's addressee: as frozen when it was recorded, else (recorded before) as the member is now. */
function frozenMember(
  db: Db | Tx,
  r: {
    id: number;
    member_no: number;
    kind: 'person' | 'company';
    first_name: string;
    last_name: string;
    company_name: string | null;
    email: string;
    street: string | null;
    postal_code: string | null;
    city: string | null;
  },
): Pick<DunningLetter, 'member' | 'frozen'> {
  const frozen = frozenOf(db, { stepId: r.id });
  const b = frozen?.buyer;
  return {
    frozen,
    member: b
      ? {
          member_no: String(b.memberNo),
          kind: b.kind,
          first_name: b.firstName,
          last_name: b.lastName,
          company_name: b.companyName,
          email: r.email,
          street: b.street,
          postal_code: b.postalCode,
          city: b.city,
        }
      : {
          member_no: String(r.member_no),
          kind: r.kind,
          first_name: r.first_name,
          last_name: r.last_name,
          company_name: r.company_name,
          email: r.email,
          street: r.street,
          postal_code: r.postal_code,
          city: r.city,
        },
  };
}

/** What the letter of a formal notice needs (the documents capability renders it). */
export function dunningLetters(db: Db | Tx, f: { memberNo?: string; on?: IsoDate } = {}): DunningLetter[] {
  const rows = db.all<{
    id: number;
    step: string;
    on_date: string;
    deadline_on: string;
    claimed_cents: number;
    first_notice_on: string | null;
    suspended_on: string | null;
    member_no: number;
    kind: 'person' | 'company';
    first_name: string;
    last_name: string;
    company_name: string | null;
    email: string;
    street: string | null;
    postal_code: string | null;
    city: string | null;
  }>(sql`
    select s.id, s.step, s.on_date, s.deadline_on, s.claimed_cents,
      (select f.on_date from dunning_steps f where s.step = 'second_notice' and f.procedure_id = s.procedure_id and f.step = 'first_notice') as first_notice_on,
      (select f.on_date from dunning_steps f where s.step = 'second_notice' and f.procedure_id = s.procedure_id and f.step = 'suspension') as suspended_on,
      m.member_no, m.kind, m.first_name, m.last_name, m.company_name, m.email, a.street, a.postal_code, a.city
    from dunning_steps s join members m on m.id = s.member_id
    left join addresses a on a.member_id = m.id and a.is_main = 1 and a.removed_on is null
    where s.step in ('first_notice', 'second_notice')
      ${f.memberNo !== undefined ? sql`and m.member_no = ${Number(f.memberNo)}` : sql``}
      ${f.on !== undefined ? sql`and s.on_date = ${f.on}` : sql``}
    order by s.on_date, s.id`);
  return rows.map((r) => ({
    step_id: r.id,
    step: r.step as 'first_notice' | 'second_notice',
    date: r.on_date,
    deadline_on: r.deadline_on,
    claimed_cents: r.claimed_cents,
    first_notice_on: r.first_notice_on,
    suspended_on: r.suspended_on,
    ...frozenMember(db, r),
    invoices: db.all<{ invoice: string; issued_on: string; pay_by: string; total_ttc_cents: number; amount_cents: number }>(sql`
      select i.number as invoice, i.issued_on, i.pay_by, i.total_ttc_cents, c.amount_cents
      from dunning_claims c join invoices i on i.id = c.invoice_id where c.step_id = ${r.id} order by i.issued_on, i.id`),
  }));
}
