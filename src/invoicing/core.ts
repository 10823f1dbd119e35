/**
 * The invoice core, shared by admission (entry fee) and the monthly billing run:
 * gapless numbers taken inside the caller's writing transaction, immutable invoices
 * (the database refuses UPDATE/DELETE), credit notes with their own series, statuses
 * derived from payments, credit notes and disputes (art. 7.3; RULES.md §0, §6).
 */
import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import { audit, nextSequence, type Actor } from '../db/audit.js';
import { invoiceLines, invoices, members } from '../db/schema.js';
import { NotFoundError, RefusedError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { IsoDate } from '../rules/dates.js';
import type { InvoiceKind, InvoiceStatus, LineKind } from '../rules/enums.js';
import {
  ART_INVOICING,
  creditPartOf,
  formatInvoiceNumber,
  lineHasVat,
  parseInvoiceNumber,
  payByDate,
  seriesName,
  shareCredit,
  type CreditPart,
} from '../rules/invoices.js';
import { INDEMNITY_LABEL, PENALTY_LABEL } from '../rules/billing.js';
import { invoiceBalance, invoiceBalances, type InvoiceBalance } from '../collection/ledger.js';
import { formatEuros, htFromTtc, splitInvoice, type Cents } from '../rules/money.js';
import { buyerRow, frozenInvoice, storeFrozen } from './frozen.js';
import { sellerVersionNow } from '../settings/versions.js';

export interface NewLine {
  kind: LineKind;
  label: string;
  /** The month billed (`YYYY-MM`), null for one-off lines. */
  period?: string | null;
  ttcCents: Cents;
  /** What the line bills, unique across all invoices (idempotence of the billing run). */
  sourceKey?: string | null;
}

export interface NewInvoice {
  memberId: number;
  issuedOn: IsoDate;
  lines: NewLine[];
  runId?: number | null;
}

export interface IssuedInvoice {
  id: number;
  number: string;
  kind: InvoiceKind;
  issuedOn: IsoDate;
  payBy: IsoDate;
  totalHtCents: Cents;
  totalVatCents: Cents;
  totalTtcCents: Cents;
}

function insertDocument(tx: Tx, actor: Actor, kind: InvoiceKind, doc: NewInvoice & { refersTo?: number | null; payBy: IsoDate }): IssuedInvoice {
  if (doc.lines.length === 0) throw new UsageError(t('modules.no_line_invoice'));
  for (const l of doc.lines) {
    if (!Number.isSafeInteger(l.ttcCents) || l.ttcCents < 0) throw new RangeError(`invoice line "${l.label}" must be a non-negative integer of cents`);
  }
  const split = splitInvoice(doc.lines.map((l) => ({ ttcCents: l.ttcCents, vat: lineHasVat(l.kind) })));
  enforceChronological(tx, kind, doc.issuedOn);
  const n = nextSequence(tx, seriesName(kind, doc.issuedOn));
  const number = formatInvoiceNumber(kind, doc.issuedOn.slice(0, 4), n);
  const row = tx
    .insert(invoices)
    .values({
      number,
      kind,
      memberId: doc.memberId,
      issuedOn: doc.issuedOn,
      payBy: doc.payBy,
      totalHtCents: split.htCents,
      totalVatCents: split.vatCents,
      totalTtcCents: split.ttcCents,
      refersTo: doc.refersTo ?? null,
      runId: doc.runId ?? null,
    })
    .returning({ id: invoices.id, createdAt: invoices.createdAt })
    .get();
  const lines = doc.lines.map((l) => ({
    invoiceId: row.id,
    kind: l.kind,
    label: l.label,
    period: l.period ?? null,
    ttcCents: l.ttcCents,
    htCents: lineHasVat(l.kind) ? htFromTtc(l.ttcCents) : l.ttcCents,
    sourceKey: l.sourceKey ?? null,
  }));
  tx.insert(invoiceLines).values(lines).run();
  // what the document states besides its rows, frozen with it (frozen.ts)
  const seller = sellerVersionNow(tx, (e) => audit(tx, actor, e)).id;
  const frozen = frozenInvoice(
    seller,
    kind,
    doc.lines.some((l) => l.kind === 'entry_fee'),
    doc.payBy,
    buyerRow(tx, doc.memberId),
  );
  const frozenSha256 = storeFrozen(tx, { invoiceId: row.id }, frozen);
  const issued: IssuedInvoice = {
    id: row.id,
    number,
    kind,
    issuedOn: doc.issuedOn,
    payBy: doc.payBy,
    totalHtCents: split.htCents,
    totalVatCents: split.vatCents,
    totalTtcCents: split.ttcCents,
  };
  audit(tx, actor, {
    entity: 'invoice',
    entityId: number,
    action: kind === 'invoice' ? 'issue' : 'issue_credit_note',
    change: {
      id: row.id,
      number,
      kind,
      member_id: doc.memberId,
      issued_on: doc.issuedOn,
      pay_by: doc.payBy,
      total_ht_cents: split.htCents,
      total_vat_cents: split.vatCents,
      total_ttc_cents: split.ttcCents,
      refers_to: doc.refersTo ?? null,
      run_id: doc.runId ?? null,
      created_at: row.createdAt,
      lines: lines.map((l) => ({ kind: l.kind, label: l.label, period: l.period, ttc_cents: l.ttcCents, ht_cents: l.htCents, source_key: l.sourceKey })),
      frozen_sha256: frozenSha256,
    },
  });
  return issued;
}

/** CGI art. 242 nonies A: numbers follow dates within a series (RULES.md §6, decision "numbering"). */
export const ART_NUMBERING = '242 nonies A CGI';

/** The last document of the series a document dated `issuedOn` would join, or null. */
export function lastOfSeries(db: Db | Tx, kind: InvoiceKind, issuedOn: IsoDate): { number: string; issued_on: string } | null {
  const prefix = formatInvoiceNumber(kind, issuedOn.slice(0, 4), 1).slice(0, 6);
  return (
    db.get<{ number: string; issued_on: string } | undefined>(
      sql`select number, issued_on from invoices where number >= ${prefix + '0'} and number < ${prefix + ':'} order by number desc limit 1`,
    ) ?? null
  );
}

/** Refuses a document dated before the last one of its series (exit 3), instead of a later number with an earlier date. */
export function enforceChronological(db: Db | Tx, kind: InvoiceKind, issuedOn: IsoDate): void {
  const last = lastOfSeries(db, kind, issuedOn);
  if (last && last.issued_on > issuedOn)
    throw new RefusedError(
      ART_NUMBERING,
      t('billing.chrono', {
        kind: t(kind === 'invoice' ? 'refusals.kind_invoice' : 'refusals.kind_credit_note'),
        date: issuedOn,
        last: last.number,
        last_date: last.issued_on,
      }),
    );
}

/**
 * Issues an invoice inside the caller's writing transaction (`writeTx`): the number is
 * the next of the year's gapless series, pay-by = issue + 10 days (art. 7.3.5).
 */
export function issueInvoice(tx: Tx, actor: Actor, inv: NewInvoice): IssuedInvoice {
  return insertDocument(tx, actor, 'invoice', { ...inv, payBy: payByDate(inv.issuedOn) });
}

/**
 * Issues a credit note correcting an invoice: positive amounts, kind `credit_note`,
 * `refers_to` the invoice, its own gapless series (`A2026-000001`). The total credited
 * never exceeds the invoice.
 */
export function issueCreditNote(tx: Tx, actor: Actor, cn: { invoiceId: number; issuedOn: IsoDate; lines: NewLine[] }): IssuedInvoice {
  const inv = tx.select().from(invoices).where(eq(invoices.id, cn.invoiceId)).get();
  if (!inv) throw new NotFoundError(t('modules.no_invoice_id', { invoice_id: cn.invoiceId }));
  if (inv.kind !== 'invoice') throw new RefusedError(ART_INVOICING, t('modules.credit_a_credit_note', { number: inv.number }));
  if (cn.issuedOn < inv.issuedOn) throw new UsageError(t('modules.credit_before', { issued_on: inv.issuedOn }));
  const already = creditedCents(tx, inv.id);
  const total = cn.lines.reduce((s, l) => s + l.ttcCents, 0);
  if (total <= 0) throw new UsageError(t('modules.credit_positive'));
  if (already + total > inv.totalTtcCents)
    throw new RefusedError(
      ART_INVOICING,
      t('modules.credit_exceeds', { number: inv.number, total: formatEuros(inv.totalTtcCents), already: formatEuros(already), more: formatEuros(total) }),
    );
  return insertDocument(tx, actor, 'credit_note', {
    memberId: inv.memberId,
    issuedOn: cn.issuedOn,
    lines: cn.lines,
    refersTo: inv.id,
    payBy: cn.issuedOn,
  });
}

/**
 * The lines of a credit note giving back `amountCents` of an invoice, with the VAT of what
 * they give back (`shareCredit`, RULES.md §10 "credit notes"): one `credit` line (20 %) for
 * the taxed part, and the late charges — outside the scope of VAT, on an invoice of their
 * own since issue 23 — as `penalty` / `indemnity` lines, labelled as such. A taxed invoice
 * gets the one line it always got.
 */
export function creditLines(db: Db | Tx, invoiceId: number, amountCents: Cents, label: string): NewLine[] {
  const remaining: Record<CreditPart, Cents> = { credit: 0, penalty: 0, indemnity: 0 };
  const add = (rows: { kind: LineKind; c: number }[], sign: number) => {
    for (const r of rows) remaining[creditPartOf(r.kind)] += sign * r.c;
  };
  add(db.all<{ kind: LineKind; c: number }>(sql`select kind, sum(ttc_cents) as c from invoice_lines where invoice_id = ${invoiceId} group by kind`), 1);
  add(
    db.all<{ kind: LineKind; c: number }>(
      sql`select l.kind, sum(l.ttc_cents) as c from invoice_lines l join invoices c on c.id = l.invoice_id
          where c.refers_to = ${invoiceId} and c.kind = 'credit_note' group by l.kind`,
    ),
    -1,
  );
  const named: Record<CreditPart, string> = { credit: label, penalty: `${label} — ${PENALTY_LABEL}`, indemnity: `${label} — ${INDEMNITY_LABEL}` };
  return shareCredit(remaining, amountCents).map((s) => ({ kind: s.part, label: named[s.part], ttcCents: s.cents }));
}

export function creditedCents(db: Db | Tx, invoiceId: number): Cents {
  return db.get<{ c: number }>(sql`select coalesce(sum(total_ttc_cents), 0) as c from invoices where refers_to = ${invoiceId} and kind = 'credit_note'`).c;
}

/** Normalises a typed invoice number (`f2026-1` → `F2026-000001`). */
export function normalizeNumber(s: string): string {
  const p = parseInvoiceNumber(s) ?? /^([FA])(\d{4})-(\d{1,6})$/i.exec(s.trim())?.slice(1);
  if (!p) throw new UsageError(t('modules.not_invoice_number', { s }));
  if (Array.isArray(p)) return formatInvoiceNumber(p[0]!.toUpperCase() === 'F' ? 'invoice' : 'credit_note', p[1]!, Number(p[2]));
  return formatInvoiceNumber(p.kind, p.year, p.n);
}

/** An invoice with its money as of a date: the ledger's view (src/collection/ledger.ts). */
export type InvoiceSummary = InvoiceBalance;

/** One invoice (or credit note) with its amounts and status as of `on` (the ledger). */
export function invoiceSummary(db: Db | Tx, number: string, on: IsoDate): InvoiceSummary {
  const n = normalizeNumber(number);
  const b = invoiceBalance(db, { number: n }, on);
  if (!b) throw new NotFoundError(t('modules.no_invoice', { n }));
  return b;
}

/** Invoices and credit notes, oldest first, optionally of one member and/or one status on a date (the ledger). */
export function listInvoices(db: Db | Tx, f: { memberId?: number; status?: InvoiceStatus; on: IsoDate }): InvoiceSummary[] {
  return invoiceBalances(db, f);
}

export function memberIdOf(db: Db | Tx, memberNo: string | number): number {
  const no = Number(memberNo);
  const m = Number.isSafeInteger(no) ? db.select({ id: members.id }).from(members).where(eq(members.memberNo, no)).get() : undefined;
  if (!m) throw new NotFoundError(t('modules.no_member_2', { member_no: memberNo }));
  return m.id;
}
