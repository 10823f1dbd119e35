/**
 * `member guarantee …` (art. 7.1): a financial guarantee Parnasse asks a member for — an
 * amount and the date it is due —, the money received (a payment that is no invoice's),
 * applied to late invoices, or given back (first settling what is still owed: at the end of
 * the contract, the termination's balance). Held money is a liability (`accounts.guarantee`),
 * never revenue. The rules are src/rules/guarantee.ts; what is held on a date is the ledger's
 * (`guaranteeStates`, `guaranteesHeld`). Each act: one transaction, one audit entry.
 */
import { eq } from 'drizzle-orm';
import { ALL_TIME, guaranteeStates, invoiceBalance, invoiceBalances, type GuaranteeState } from '../collection/ledger.js';
import { assertContractRunning, getMember } from '../contract/state.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import type { Connection, Db, Tx } from '../db/connection.js';
import { guaranteeMoves, guarantees, members } from '../db/schema.js';
import { closeIfSettled } from '../dunning/index.js';
import { enforce, NotFoundError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { IsoDate } from '../rules/dates.js';
import type { GuaranteeMove, PaymentMethod } from '../rules/enums.js';
import { ART_GUARANTEE, availableFrom, checkApply, checkReceive, checkRequest, releasePlan, type GuaranteeMoveRow } from '../rules/guarantee.js';
import type { Cents } from '../rules/money.js';

export interface GuaranteeJson {
  id: number;
  member_no: string;
  amount_cents: Cents;
  requested_on: IsoDate;
  due_on: IsoDate;
  reason: string | null;
  received_cents: Cents;
  applied_cents: Cents;
  released_cents: Cents;
  held_cents: Cents;
  overdue: boolean;
  moves: { kind: GuaranteeMove; on: IsoDate; amount_cents: Cents; invoice: string | null; method: string | null }[];
}

export const guaranteeJson = (g: GuaranteeState): GuaranteeJson => ({
  id: g.id,
  member_no: String(g.memberNo),
  amount_cents: g.amountCents,
  requested_on: g.requestedOn,
  due_on: g.dueOn,
  reason: g.reason,
  received_cents: g.receivedCents,
  applied_cents: g.appliedCents,
  released_cents: g.releasedCents,
  held_cents: g.heldCents,
  overdue: g.overdue,
  moves: g.moves.map((v) => ({ kind: v.kind, on: v.on, amount_cents: v.amountCents, invoice: v.invoice, method: v.method })),
});

/** A suspension the closing of the procedure lifted (art. 7.3.8): the member and the status restored, as `bill pay` says it. */
export type SuspensionLifted = { member_no: string; status: 'active' | 'pending' } | null;

function lifted(tx: Tx, memberId: number, closed: { liftedTo: 'active' | 'pending' | null } | null): SuspensionLifted {
  if (!closed?.liftedTo) return null;
  const m = tx.select({ memberNo: members.memberNo }).from(members).where(eq(members.id, memberId)).get()!;
  return { member_no: String(m.memberNo), status: closed.liftedTo };
}

/** The guarantee by id with every move recorded (any date): what the write-time checks count. */
function load(tx: Tx, id: number) {
  const g = tx.select().from(guarantees).where(eq(guarantees.id, id)).get();
  if (!g) throw new NotFoundError(t('guarantee.none', { id }));
  const moves: GuaranteeMoveRow[] = tx
    .select({ kind: guaranteeMoves.kind, on: guaranteeMoves.onDate, amountCents: guaranteeMoves.amountCents })
    .from(guaranteeMoves)
    .where(eq(guaranteeMoves.guaranteeId, id))
    .all() as GuaranteeMoveRow[];
  return { g, moves };
}

/** The guarantee as of the act's date. */
function stateOf(db: Db | Tx, id: number, memberId: number, on: IsoDate): GuaranteeJson {
  return guaranteeJson(guaranteeStates(db, on, memberId).find((s) => s.id === id)!);
}

/** `member guarantee request NO --amount EUR --due D [--reason]`: Parnasse asks; only while the contract runs (art. 10.4). */
export function requestGuarantee(
  conn: Connection,
  actor: Actor,
  r: { memberNo: string; amountCents: Cents; dueOn: IsoDate; reason: string | null; on: IsoDate },
): GuaranteeJson {
  return writeTx(conn, (tx) => {
    const m = getMember(tx, r.memberNo);
    assertContractRunning(tx, m, r.on);
    enforce(checkRequest({ amountCents: r.amountCents, requestedOn: r.on, dueOn: r.dueOn }));
    const reason = r.reason?.trim() || null;
    const row = tx.insert(guarantees).values({ memberId: m.id, amountCents: r.amountCents, requestedOn: r.on, dueOn: r.dueOn, reason }).returning().get();
    audit(tx, actor, {
      entity: 'guarantee',
      entityId: row.id,
      action: 'request',
      change: { member_no: m.memberNo, amount_cents: r.amountCents, requested_on: r.on, due_on: r.dueOn, reason, article: ART_GUARANTEE },
    });
    return stateOf(tx, row.id, m.id, r.on);
  });
}

/** `member guarantee receive ID [--amount EUR] [--method M]`: the money paid in (default: what remains asked). */
export function receiveGuarantee(conn: Connection, actor: Actor, r: { id: number; amountCents?: Cents; method: PaymentMethod; on: IsoDate }): GuaranteeJson {
  return writeTx(conn, (tx) => {
    const { g, moves } = load(tx, r.id);
    const left = g.amountCents - moves.reduce((s, v) => s + (v.kind === 'received' ? v.amountCents : 0), 0);
    const amount = r.amountCents ?? left;
    enforce(checkReceive(g, moves, { amountCents: amount, on: r.on }));
    const row = tx
      .insert(guaranteeMoves)
      .values({ guaranteeId: g.id, kind: 'received', onDate: r.on, amountCents: amount, method: r.method })
      .returning()
      .get();
    audit(tx, actor, {
      entity: 'guarantee',
      entityId: g.id,
      action: 'receive',
      change: { move: row.id, amount_cents: amount, on: r.on, method: r.method },
    });
    return stateOf(tx, g.id, g.memberId, r.on);
  });
}

/**
 * One application of the guarantee to an invoice, inside the caller's transaction. The late
 * amount is the ledger's on `on`, and never more than what is due with everything recorded.
 */
function applyTo(tx: Tx, g: { id: number; memberId: number }, moves: GuaranteeMoveRow[], number: string, amountCents: Cents | undefined, on: IsoDate) {
  const b = invoiceBalance(tx, { number }, on);
  if (b?.kind !== 'invoice' || b.memberId !== g.memberId) throw new NotFoundError(t('guarantee.no_invoice', { number, id: g.id }));
  const now = invoiceBalance(tx, { number }, ALL_TIME)!;
  const late = Math.min(b.lateCents, now.dueCents);
  const amount = amountCents ?? Math.max(0, Math.min(late, availableFrom(moves, on)));
  enforce(
    checkApply(moves, { number, payBy: b.payBy, lateCents: late, contestedCents: b.contestedCents, isEntryFee: b.isEntryFee }, { amountCents: amount, on }),
  );
  const row = tx.insert(guaranteeMoves).values({ guaranteeId: g.id, kind: 'applied', onDate: on, amountCents: amount, invoiceId: b.id }).returning().get();
  moves.push({ kind: 'applied', on, amountCents: amount });
  return { move: row.id, invoice: number, amount_cents: amount };
}

/** `member guarantee apply ID --invoice NUMBER [--amount EUR]`: set off against a late invoice (RULES.md §Guarantees). */
export function applyGuarantee(
  conn: Connection,
  actor: Actor,
  a: { id: number; invoice: string; amountCents?: Cents; on: IsoDate },
): GuaranteeJson & { applied: { invoice: string; amount_cents: Cents }; dunning_closed: boolean; suspension_lifted: SuspensionLifted } {
  return writeTx(conn, (tx) => {
    const { g, moves } = load(tx, a.id);
    const done = applyTo(tx, g, moves, a.invoice, a.amountCents, a.on);
    const closed = closeIfSettled(tx, actor, g.memberId, a.on);
    audit(tx, actor, { entity: 'guarantee', entityId: g.id, action: 'apply', change: { ...done, on: a.on, dunning_closed: closed !== null } });
    return {
      ...stateOf(tx, g.id, g.memberId, a.on),
      applied: { invoice: done.invoice, amount_cents: done.amount_cents },
      dunning_closed: closed !== null,
      suspension_lifted: lifted(tx, g.memberId, closed),
    };
  });
}

/**
 * `member guarantee release ID [--method M]`: what is held first settles what the member
 * still owes on the invoices issued by then (due, not contested, oldest first — the entry
 * fee excepted, art. 7.3.3), the rest is given back.
 */
export function releaseGuarantee(
  conn: Connection,
  actor: Actor,
  r: { id: number; method: PaymentMethod; on: IsoDate },
): GuaranteeJson & {
  settled: { invoice: string; amount_cents: Cents }[];
  given_back_cents: Cents;
  dunning_closed: boolean;
  suspension_lifted: SuspensionLifted;
} {
  return writeTx(conn, (tx) => {
    const { g, moves } = load(tx, r.id);
    const now = new Map(invoiceBalances(tx, { on: ALL_TIME, memberId: g.memberId, issuedBy: true }).map((b) => [b.id, b.dueCents]));
    const due = invoiceBalances(tx, { on: r.on, memberId: g.memberId, issuedBy: true })
      .filter((b) => b.kind === 'invoice' && !b.isEntryFee)
      .map((b) => ({ invoiceId: b.id, number: b.number, dueCents: Math.min(b.dueCents, now.get(b.id) ?? 0) }))
      .filter((b) => b.dueCents > 0);
    const d = releasePlan(moves, due, r.on);
    enforce(d);
    const settled: { invoice: string; amount_cents: Cents }[] = [];
    for (const a of d.value.applied) {
      tx.insert(guaranteeMoves).values({ guaranteeId: g.id, kind: 'applied', onDate: r.on, amountCents: a.amountCents, invoiceId: a.invoiceId }).run();
      settled.push({ invoice: a.number, amount_cents: a.amountCents });
    }
    if (d.value.givenBackCents > 0)
      tx.insert(guaranteeMoves).values({ guaranteeId: g.id, kind: 'released', onDate: r.on, amountCents: d.value.givenBackCents, method: r.method }).run();
    const closed = settled.length > 0 ? closeIfSettled(tx, actor, g.memberId, r.on) : null;
    audit(tx, actor, {
      entity: 'guarantee',
      entityId: g.id,
      action: 'release',
      change: { on: r.on, settled, given_back_cents: d.value.givenBackCents, method: r.method, dunning_closed: closed !== null },
    });
    return {
      ...stateOf(tx, g.id, g.memberId, r.on),
      settled,
      given_back_cents: d.value.givenBackCents,
      dunning_closed: closed !== null,
      suspension_lifted: lifted(tx, g.memberId, closed),
    };
  });
}

/** `member guarantee list [NO]`: the guarantees requested by `on`, as of `on`; `--held` those holding money. */
export function listGuarantees(db: Db | Tx, f: { memberNo?: string; on: IsoDate; held?: boolean }): GuaranteeJson[] {
  const memberId = f.memberNo === undefined ? undefined : getMember(db, f.memberNo).id;
  return guaranteeStates(db, f.on, memberId)
    .filter((g) => !f.held || g.heldCents > 0)
    .map(guaranteeJson);
}
