/**
 * Everything an invoice or credit-note document shows, read from the database in one
 * place (PDF, e-mail, SEPA export, accounting CSV). Read-only.
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import type { IsoDate } from '../rules/dates.js';
import { lastDayOfMonth } from '../rules/dates.js';
import type { InvoiceKind, LineKind } from '../rules/enums.js';
import { lineHasVat } from '../rules/invoices.js';
import { UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { SELLER_NEEDS, sellerResolver, type BuyerRow, type FrozenDocument, type Letterhead } from '../invoicing/frozen.js';

export interface DocLine {
  kind: LineKind;
  label: string;
  period: string | null;
  htCents: number;
  ttcCents: number;
  vat: boolean;
}

export interface InvoiceDoc {
  id: number;
  number: string;
  kind: InvoiceKind;
  issuedOn: IsoDate;
  payBy: IsoDate;
  totalHtCents: number;
  totalVatCents: number;
  totalTtcCents: number;
  refersTo: { number: string; issuedOn: IsoDate } | null;
  isEntryFee: boolean;
  member: {
    id: number;
    memberNo: number;
    kind: 'person' | 'company';
    firstName: string;
    lastName: string;
    email: string;
    companyName: string | null;
    companySiren: string | null;
    street: string | null;
    postalCode: string | null;
    city: string | null;
  };
  lines: DocLine[];
  /** The mandate in force when the document is read (for the pre-notification). */
  mandate: { rum: string; signedOn: IsoDate } | null;
  /** The debit of this invoice, once exported. */
  debit: { collectionDate: IsoDate; rum: string; status: string } | null;
  /** The period of service: first and last day covered by the lines (else the issue date). */
  service: { from: IsoDate; to: IsoDate };
  /**
   * What the document stated when it was issued (src/invoicing/frozen.ts): `member` and
   * `mandate` above are read from it, and `letterhead` is its seller's version. Null for a
   * document issued before documents were frozen: read from the live tables (RULES.md §6).
   */
  frozen: FrozenDocument | null;
  letterhead: Letterhead | null;
}

/** The document's head: its own columns, and its member as the frozen buyer's row reads it (BuyerRow, but `kind` is `member_kind`). */
interface HeadRow extends Omit<BuyerRow, 'kind'> {
  id: number;
  number: string;
  kind: InvoiceKind;
  issued_on: string;
  pay_by: string;
  total_ht_cents: number;
  total_vat_cents: number;
  total_ttc_cents: number;
  ref_number: string | null;
  ref_issued_on: string | null;
  /** The first and last month of service of the invoice a credit note corrects (its lines' periods). */
  ref_period_from: string | null;
  ref_period_to: string | null;
  member_id: number;
  member_kind: BuyerRow['kind'];
  debit_date: string | null;
  debit_rum: string | null;
  debit_status: string | null;
  frozen: string | null;
}

const HEAD = sql`
  select i.id, i.number, i.kind, i.issued_on, i.pay_by, i.total_ht_cents, i.total_vat_cents, i.total_ttc_cents,
    r.number as ref_number, r.issued_on as ref_issued_on,
    (select min(rl.period) from invoice_lines rl where rl.invoice_id = r.id) as ref_period_from,
    (select max(rl.period) from invoice_lines rl where rl.invoice_id = r.id) as ref_period_to,
    m.id as member_id, m.member_no, m.kind as member_kind, m.first_name, m.last_name, m.email, m.company_name, m.company_siren,
    a.street, a.postal_code, a.city,
    sm.rum, sm.signed_on,
    e.collection_date as debit_date, dm.rum as debit_rum, d.status as debit_status,
    s.content as frozen
  from invoices i
  left join document_snapshots s on s.invoice_id = i.id
  join members m on m.id = i.member_id
  left join invoices r on r.id = i.refers_to
  left join addresses a on a.id = (select a2.id from addresses a2 where a2.member_id = m.id and a2.is_main = 1 order by a2.removed_on is not null, a2.id desc limit 1)
  left join sepa_mandates sm on sm.member_id = m.id and sm.ended_on is null
  left join sepa_debits d on d.invoice_id = i.id
  left join sepa_exports e on e.id = d.export_id
  left join sepa_mandates dm on dm.id = d.mandate_id`;

function toDoc(
  h: HeadRow,
  lines: { kind: LineKind; label: string; period: string | null; ht_cents: number; ttc_cents: number }[],
  sellers: (version: number | null) => Letterhead,
): InvoiceDoc {
  const periods = lines
    .map((l) => l.period)
    .filter((p): p is string => !!p)
    .sort();
  const frozen = h.frozen === null ? null : (JSON.parse(h.frozen) as FrozenDocument);
  const b = frozen?.buyer;
  const pay = frozen?.payment;
  return {
    id: h.id,
    number: h.number,
    kind: h.kind,
    issuedOn: h.issued_on,
    payBy: h.pay_by,
    totalHtCents: h.total_ht_cents,
    totalVatCents: h.total_vat_cents,
    totalTtcCents: h.total_ttc_cents,
    refersTo: h.ref_number ? { number: h.ref_number, issuedOn: h.ref_issued_on! } : null,
    isEntryFee: lines.some((l) => l.kind === 'entry_fee'),
    member: b
      ? {
          id: h.member_id,
          memberNo: b.memberNo,
          kind: b.kind,
          firstName: b.firstName,
          lastName: b.lastName,
          email: b.email ?? h.email,
          companyName: b.companyName,
          companySiren: b.companySiren,
          street: b.street,
          postalCode: b.postalCode,
          city: b.city,
        }
      : {
          id: h.member_id,
          memberNo: h.member_no,
          kind: h.member_kind,
          firstName: h.first_name,
          lastName: h.last_name,
          email: h.email,
          companyName: h.company_name,
          companySiren: h.company_siren,
          street: h.street,
          postalCode: h.postal_code,
          city: h.city,
        },
    lines: lines.map((l) => ({ kind: l.kind, label: l.label, period: l.period, htCents: l.ht_cents, ttcCents: l.ttc_cents, vat: lineHasVat(l.kind) })),
    mandate: pay ? (pay.rum ? { rum: pay.rum, signedOn: pay.mandateSignedOn! } : null) : h.rum ? { rum: h.rum, signedOn: h.signed_on! } : null,
    debit: h.debit_date ? { collectionDate: h.debit_date, rum: h.debit_rum!, status: h.debit_status! } : null,
    service: serviceOf(h, periods),
    frozen,
    letterhead: frozen ? sellers(frozen.sellerVersion) : null,
  };
}

/**
 * The period of service a document states: its lines' months; a credit note whose lines
 * carry none states the corrected invoice's (issue 21: it corrects that service, it does
 * not render one on its own date).
 */
function serviceOf(h: HeadRow, periods: string[]): { from: IsoDate; to: IsoDate } {
  if (periods.length) return { from: `${periods[0]}-01`, to: lastDayOfMonth(periods.at(-1)!) };
  if (h.kind === 'credit_note' && h.ref_number !== null) {
    if (h.ref_period_from !== null) return { from: `${h.ref_period_from}-01`, to: lastDayOfMonth(h.ref_period_to!) };
    return { from: h.ref_issued_on!, to: h.ref_issued_on! };
  }
  return { from: h.issued_on, to: h.issued_on };
}

function linesOf(db: Db | Tx, ids: number[]): Map<number, { kind: LineKind; label: string; period: string | null; ht_cents: number; ttc_cents: number }[]> {
  const out = new Map<number, { kind: LineKind; label: string; period: string | null; ht_cents: number; ttc_cents: number }[]>();
  if (ids.length === 0) return out;
  const rows = db.all<{ invoice_id: number; kind: LineKind; label: string; period: string | null; ht_cents: number; ttc_cents: number }>(
    sql`select invoice_id, kind, label, period, ht_cents, ttc_cents from invoice_lines where invoice_id in ${ids} order by invoice_id, id`,
  );
  for (const r of rows) {
    const list = out.get(r.invoice_id) ?? [];
    list.push(r);
    out.set(r.invoice_id, list);
  }
  return out;
}

/** Documents by id, in the order given; `sellers` resolves their seller versions (shared by the pages of a batch). */
export function loadDocs(db: Db | Tx, ids: number[], sellers = sellerResolver(db, SELLER_NEEDS.invoice)): InvoiceDoc[] {
  if (ids.length === 0) return [];
  const heads = db.all<HeadRow>(sql`${HEAD} where i.id in ${ids}`);
  const byId = new Map(heads.map((h) => [h.id, h]));
  const lines = linesOf(db, ids);
  return ids.map((id) => toDoc(byId.get(id)!, lines.get(id) ?? [], sellers));
}

/**
 * The letterhead a document is printed with: its own, frozen at issue; else today's, which
 * the caller loaded (before the first file) because such a document was selected
 * (`unfrozenCount`). A reprint of frozen documents never needs today's settings.
 */
export function letterheadFor(doc: InvoiceDoc, today: Letterhead | null): Letterhead {
  const head = doc.letterhead ?? today;
  if (!head) throw new Error(`${doc.number} was issued before documents were frozen, and today's letterhead was not loaded for it`);
  return head;
}

/** How many of the selected documents were issued before documents were frozen (no snapshot): they are printed with today's settings. */
export function unfrozenCount(db: Db | Tx, sel: { ids?: number[]; month?: string }): number {
  if (sel.month)
    return db.get<{ n: number }>(
      sql`select count(*) as n from invoices i left join billing_runs b on b.id = i.run_id left join document_snapshots s on s.invoice_id = i.id
          where s.invoice_id is null and ${ofMonth(sel.month)}`,
    )!.n;
  const ids = sel.ids ?? [];
  if (ids.length === 0) return 0;
  return db.get<{ n: number }>(
    sql`select count(*) as n from invoices i left join document_snapshots s on s.invoice_id = i.id where s.invoice_id is null and i.id in ${ids}`,
  )!.n;
}

/** Invoice ids from typed numbers (`F2026-1` accepted), in the order given; an unknown one is a usage error. */
export function idsOfNumbers(db: Db | Tx, numbers: string[], normalize: (s: string) => string): number[] {
  return numbers.map((n) => {
    const number = normalize(n);
    const r = db.get<{ id: number } | undefined>(sql`select id from invoices where number = ${number}`);
    if (!r) throw new UsageError(t('documents.no_invoice', { number }));
    return r.id;
  });
}

/**
 * The month's documents: the invoices of that month's billing runs, and the invoices and
 * credit notes issued in the month outside any run (entry fees, corrections). Ids in
 * number order, read in pages so that 100 000 invoices never sit in memory at once.
 */
export function monthDocIds(db: Db | Tx, month: string, afterId = 0, limit = -1): number[] {
  return db
    .all<{ id: number }>(
      sql`select i.id from invoices i left join billing_runs b on b.id = i.run_id where i.id > ${afterId} and ${ofMonth(month)} order by i.id limit ${limit}`,
    )
    .map((r) => r.id);
}

const ofMonth = (month: string) => sql`(b.month = ${month} or (i.run_id is null and substr(i.issued_on, 1, 7) = ${month}))`;

/** How many documents the month has (a progress bar's total). */
export function monthDocCount(db: Db | Tx, month: string): number {
  return db.get<{ n: number }>(sql`select count(*) as n from invoices i left join billing_runs b on b.id = i.run_id where ${ofMonth(month)}`)!.n;
}

/** Pages of the month's documents, `size` at a time. */
export function* monthDocPages(db: Db | Tx, month: string, size = 500): Generator<InvoiceDoc[]> {
  let after = 0;
  const sellers = sellerResolver(db, SELLER_NEEDS.invoice);
  for (;;) {
    const ids = monthDocIds(db, month, after, size);
    if (ids.length === 0) return;
    yield loadDocs(db, ids, sellers);
    after = ids.at(-1)!;
  }
}
