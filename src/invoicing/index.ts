/** Invoices for the CLI: show (CLI.md JSON), list, pay (art. 7.3.3, 7.3.5), credit notes. */
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import { t } from '../i18n/index.js';
import { ALL_TIME, iterateInvoiceBalances, iterateListed } from '../collection/ledger.js';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import { disputes, invoiceLines, members, paymentReversals, payments, sepaDebits } from '../db/schema.js';
import { InvalidInputError, UsageError, enforce } from '../errors.js';
import type { IsoDate } from '../rules/dates.js';
import type { InvoiceStatus, PaymentMethod } from '../rules/enums.js';
import { checkPayment } from '../rules/invoices.js';
import { statusAfterEntryFee } from '../rules/membership.js';
import { closeIfSettled } from '../dunning/index.js';
import { creditLines, invoiceSummary, issueCreditNote, memberIdOf, type InvoiceSummary } from './core.js';

export * from './core.js';

export interface InvoiceJson {
  number: string;
  member_no: string;
  issued_on: IsoDate;
  /** null for a credit note: nothing is paid on it (issue 21). */
  pay_by: IsoDate | null;
  total_ht_cents: number;
  total_vat_cents: number;
  total_ttc_cents: number;
  paid_cents: number;
  outstanding_cents: number;
  /** null for a credit note (issue 21). */
  status: InvoiceStatus | null;
  /** Beyond CLI.md: the rest of the ledger's view on the date. */
  credited_cents: number;
  allocated_cents: number;
  contested_cents: number;
  late: boolean;
  credit_cents: number;
  lines: { kind: string; label: string; period: string | null; ttc_cents: number; ht_cents: number }[];
  disputes: { id: number; amount_cents: number; opened_on: string; reason: string; status: string; resolved_on: string | null }[];
  /** Payments dated by `on`; a direct debit the bank rejected says when and why (it never paid, issue 21). */
  payments: InvoicePaymentJson[];
  /** Financial guarantees applied to the invoice by `on` (art. 7.1): counted in `paid_cents`, no payment of their own. */
  guarantees: { id: number; amount_cents: number; on: string }[];
}

export interface InvoicePaymentJson {
  amount_cents: number;
  paid_on: string;
  method: string;
  rejected_on: string | null;
  reject_reason: string | null;
}

/** `bill show` (CLI.md): the invoice with its lines and disputes, status on `on`. */
export function showInvoice(db: Db | Tx, number: string, on: IsoDate): InvoiceJson & { _summary: InvoiceSummary } {
  const s = invoiceSummary(db, number, on);
  const lines = db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, s.id)).orderBy(asc(invoiceLines.id)).all();
  // as of `on`: disputes opened by then (resolved after it: still open), payments dated by then
  const ds = db
    .select()
    .from(disputes)
    .where(and(eq(disputes.invoiceId, s.id), lte(disputes.openedOn, on)))
    .orderBy(asc(disputes.id))
    .all()
    .map((d) => (d.resolvedOn !== null && d.resolvedOn > on ? { ...d, status: 'open', resolvedOn: null } : d));
  const ps = db
    .select({
      amountCents: payments.amountCents,
      paidOn: payments.paidOn,
      method: payments.method,
      rejectedOn: paymentReversals.reversedOn,
      reversal: paymentReversals.reason,
      code: sepaDebits.reasonCode,
    })
    .from(payments)
    .leftJoin(paymentReversals, eq(paymentReversals.paymentId, payments.id))
    .leftJoin(sepaDebits, eq(sepaDebits.paymentId, payments.id))
    .where(and(eq(payments.invoiceId, s.id), lte(payments.paidOn, on)))
    .orderBy(asc(payments.paidOn), asc(payments.id))
    .all();
  const gs = db.all<{ id: number; amount_cents: number; on: string }>(
    sql`select guarantee_id as id, amount_cents, on_date as "on" from guarantee_moves where invoice_id = ${s.id} and on_date <= ${on} order by on_date, id`,
  );
  const json: InvoiceJson = {
    number: s.number,
    member_no: String(s.memberNo),
    issued_on: s.issuedOn,
    pay_by: s.kind === 'credit_note' ? null : s.payBy,
    total_ht_cents: s.totalHtCents,
    total_vat_cents: s.totalVatCents,
    total_ttc_cents: s.totalTtcCents,
    paid_cents: s.paidCents,
    outstanding_cents: s.outstandingCents,
    status: s.status,
    credited_cents: s.creditedCents,
    allocated_cents: s.allocatedCents,
    contested_cents: s.contestedCents,
    late: s.late,
    credit_cents: s.creditCents,
    lines: lines.map((l) => ({ kind: l.kind, label: l.label, period: l.period, ttc_cents: l.ttcCents, ht_cents: l.htCents })),
    disputes: ds.map((d) => ({ id: d.id, amount_cents: d.amountCents, opened_on: d.openedOn, reason: d.reason, status: d.status, resolved_on: d.resolvedOn })),
    payments: ps.map((p) => ({
      amount_cents: p.amountCents,
      paid_on: p.paidOn,
      method: p.method,
      rejected_on: p.rejectedOn,
      reject_reason: p.rejectedOn === null ? null : (p.code ?? p.reversal),
    })),
    guarantees: gs,
  };
  // non-enumerable extras for the human view (never in the JSON document)
  Object.defineProperty(json, '_summary', { value: s, enumerable: false });
  return json as InvoiceJson & { _summary: InvoiceSummary };
}

export interface InvoiceListItem {
  number: string;
  kind: string;
  member_no: string;
  issued_on: string;
  /** null for a credit note (issue 21). */
  pay_by: string | null;
  total_ttc_cents: number;
  paid_cents: number;
  outstanding_cents: number;
  contested_cents: number;
  late: boolean;
  /** null for a credit note (issue 21). */
  status: InvoiceStatus | null;
  refers_to: string | null;
}

export function invoiceList(db: Db | Tx, f: { memberNo?: string; status?: InvoiceStatus; on: IsoDate }): InvoiceListItem[] {
  return [...iterateInvoiceList(db, f)];
}

/** `bill list`: invoices and credit notes issued by `on`, oldest first, as of `on`, read one at a time (issue 14). */
export function* iterateInvoiceList(db: Db | Tx, f: { memberNo?: string; status?: InvoiceStatus; on: IsoDate }): Generator<InvoiceListItem> {
  if (f.memberNo === undefined) {
    // the whole file: the ledger's narrow read, each row built once
    yield* iterateListed(db, { on: f.on, status: f.status }, (c, a) => ({
      number: c[1],
      kind: c[2],
      member_no: String(c[3]),
      issued_on: c[4],
      pay_by: c[2] === 'credit_note' ? null : c[5],
      total_ttc_cents: c[6],
      paid_cents: a.paidCents,
      outstanding_cents: a.outstandingCents,
      contested_cents: a.contestedCents,
      late: a.late,
      status: a.status,
      refers_to: c[7],
    }));
    return;
  }
  const memberId = memberIdOf(db, f.memberNo);
  for (const s of iterateInvoiceBalances(db, { memberId, status: f.status, on: f.on, issuedBy: true })) {
    yield {
      number: s.number,
      kind: s.kind,
      member_no: String(s.memberNo),
      issued_on: s.issuedOn,
      pay_by: s.kind === 'credit_note' ? null : s.payBy,
      total_ttc_cents: s.totalTtcCents,
      paid_cents: s.paidCents,
      outstanding_cents: s.outstandingCents,
      contested_cents: s.contestedCents,
      late: s.late,
      status: s.status,
      refers_to: s.refersTo,
    };
  }
}

export interface PaymentResult {
  invoice: string;
  amount_cents: number;
  paid_on: string;
  method: PaymentMethod;
  paid_cents: number;
  outstanding_cents: number;
  status: InvoiceStatus;
  /** Set when this payment of the entry fee made the member active (definitions "Adhésion"). */
  member_activated: string | null;
  /** Set when this payment settled everything late: the non-payment procedure closed (art. 7.3.8). */
  member_reinstated: string | null;
  /** The same, under a name that says it (issue 24): the member whose non-payment procedure this payment closed. */
  dunning_closed: string | null;
  /** Set when that closing lifted a suspension: the member and the status restored (art. 7.3.8). */
  suspension_lifted: { member_no: string; status: 'active' | 'pending' } | null;
}

/**
 * Records a payment: partial payments allowed, an overpayment is bad input (exit 4); the
 * entry fee is paid in one go by card, AMEX or transfer (art. 7.3.3) and makes a pending
 * member active.
 */
export function payInvoice(conn: Connection, actor: Actor, p: { number: string; amountCents: number; paidOn: IsoDate; method: PaymentMethod }): PaymentResult {
  return writeTx(conn, (tx) => recordPayment(tx, actor, p).result);
}

/**
 * The payment act inside the caller's transaction (`bill pay`, `bill payments import`):
 * checked, recorded with its `record` entry, the entry fee's activation and the dunning
 * procedure's closing with it. Returns the result and the new payment's id.
 */
export function recordPayment(
  tx: Tx,
  actor: Actor,
  p: { number: string; amountCents: number; paidOn: IsoDate; method: PaymentMethod },
): { result: PaymentResult; paymentId: number } {
  // the overpayment check counts everything recorded, whatever its date
  const s = invoiceSummary(tx, p.number, ALL_TIME);
  const d = checkPayment({ ...s, openDisputeCents: s.contestedCents }, { amountCents: p.amountCents, method: p.method, paidOn: p.paidOn });
  if (!d.ok && 'input' in d) throw new InvalidInputError(d.reason); // more than is owed: a typing mistake (issue 21)
  enforce(d);
  const row = tx
    .insert(payments)
    .values({ invoiceId: s.id, amountCents: p.amountCents, paidOn: p.paidOn, method: p.method })
    .returning({ id: payments.id, createdAt: payments.createdAt })
    .get();
  audit(tx, actor, {
    entity: 'payment',
    entityId: row.id,
    action: 'record',
    change: { invoice: s.number, amount_cents: p.amountCents, paid_on: p.paidOn, method: p.method, created_at: row.createdAt },
  });
  const after = invoiceSummary(tx, s.number, p.paidOn);
  let activated: string | null = null;
  if (s.isEntryFee && after.outstandingCents === 0) {
    const m = tx.select().from(members).where(eq(members.id, s.memberId)).get()!;
    // after the contract's effective end the payment is still accepted, but it activates nothing (art. 10.4)
    const ended = !!m.terminatedOn && m.terminatedOn <= p.paidOn;
    const next = ended ? null : statusAfterEntryFee(m.status);
    tx.update(members)
      .set({ entryFeePaidOn: p.paidOn, ...(next ? { status: next } : {}) })
      .where(eq(members.id, m.id))
      .run();
    audit(tx, actor, {
      entity: 'member',
      entityId: m.memberNo,
      action: 'entry_fee_paid',
      change: { entry_fee_paid_on: p.paidOn, status: next ? { from: m.status, to: next } : null },
    });
    if (next) activated = String(m.memberNo);
  }
  // everything that was late is paid: the non-payment procedure closes, a suspended member is reinstated (art. 7.3.8)
  const closed = closeIfSettled(tx, actor, s.memberId, p.paidOn);
  const reinstated = closed ? String(s.memberNo) : null;
  const result: PaymentResult = {
    invoice: s.number,
    amount_cents: p.amountCents,
    paid_on: p.paidOn,
    method: p.method,
    paid_cents: after.paidCents,
    outstanding_cents: after.outstandingCents,
    status: after.status!, // an invoice (a credit note is never paid)
    member_activated: activated,
    member_reinstated: reinstated,
    dunning_closed: reinstated,
    suspension_lifted: closed?.liftedTo ? { member_no: String(s.memberNo), status: closed.liftedTo } : null,
  };
  return { result, paymentId: row.id };
}

/** `bill credit`: a credit note of `amountCents` (default: what remains uncredited) on an invoice. */
export function creditInvoice(
  conn: Connection,
  actor: Actor,
  c: { number: string; amountCents?: number; issuedOn: IsoDate; reason: string },
): { number: string; refers_to: string; total_ttc_cents: number; total_ht_cents: number; total_vat_cents: number; issued_on: string } {
  return writeTx(conn, (tx) => {
    const s = invoiceSummary(tx, c.number, ALL_TIME);
    const amount = c.amountCents ?? s.totalTtcCents - s.creditedCents;
    if (amount <= 0) throw new UsageError(t('modules.nothing_to_credit', { number: s.number }));
    const cn = issueCreditNote(tx, actor, {
      invoiceId: s.id,
      issuedOn: c.issuedOn,
      lines: creditLines(tx, s.id, amount, `Avoir sur ${s.number}: ${c.reason}`),
    });
    return {
      number: cn.number,
      refers_to: s.number,
      total_ttc_cents: cn.totalTtcCents,
      total_ht_cents: cn.totalHtCents,
      total_vat_cents: cn.totalVatCents,
      issued_on: cn.issuedOn,
    };
  });
}
