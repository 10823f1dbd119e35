/**
 * Frozen documents (issue 21; RULES.md §6 "Frozen documents"): what an issued document
 * states besides its own rows — the seller's identity and legal mentions, the buyer's name,
 * company, SIREN and address, the payment means, mandate and terms — captured when it is
 * issued, in the same transaction, and never read again from the live tables. A reprint of
 * an invoice, credit note, quote or formal notice is the same document whatever changed
 * since (`settings set`, `member edit`, a new mandate).
 *
 * - The seller is shared by every document of a period: it is stored once per change as a
 *   version (`seller_versions`, `FrozenSeller` as JSON) and a document keeps the version's
 *   id. `settings set` of a seller or creditor key records a new version in its audit entry
 *   (`seller_version`); an issue that finds the settings differ from the last version (a
 *   database from before the versions) records one first (`seller_version/record`).
 * - The rest is per document (`document_snapshots.content`, `FrozenDocument` as JSON), and
 *   its SHA-256 is the `frozen_sha256` field of the document's issue audit entry: the hash
 *   chain covers it, `db check` compares the two (frozen-check.ts). The hash rather than a
 *   copy: a month of 100 000 invoices stores each buyer once, not twice.
 *
 * Factur-X (issue 23) reads `FrozenDocument` and `FrozenSeller` through `frozenOf`.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import { InvalidInputError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { IsoDate } from '../rules/dates.js';
import type { InvoiceKind } from '../rules/enums.js';
import { frenchVatNumber } from '../rules/sepa.js';
import { requireSettings, SELLER_KEYS, type Seller, type SettingKey } from '../settings/index.js';
import { SELLER_FIELDS, type FrozenSeller } from '../settings/versions.js';

export { sellerVersionNow, currentSeller, type FrozenSeller } from '../settings/versions.js';

/** The member as the document names it, with its billing (main) address. */
export interface FrozenBuyer {
  memberNo: number;
  kind: 'person' | 'company';
  firstName: string;
  lastName: string;
  /** The e-mail at issue: an individual's electronic address in the e-invoice (BT-49, issue 23); absent in documents frozen before. */
  email?: string;
  companyName: string | null;
  companySiren: string | null;
  /** A company's French VAT number (derived from its SIREN); null for a person. */
  vatNumber: string | null;
  street: string | null;
  postalCode: string | null;
  city: string | null;
}

export type PaymentMeans = 'sepa' | 'transfer' | 'entry_fee' | 'credit';

/** Late-payment terms an invoice states (art. 7.3.7; C. com. L441-10, D441-5). */
export interface LatePaymentTerms {
  /** Penalties at this many times the legal interest rate… */
  penaltyLegalRateTimes: number;
  /** …per indivisible period of this many days from the day after pay-by. */
  periodDays: number;
  /** The fixed recovery indemnity. */
  indemnityCents: number;
  /** No discount for early payment. */
  earlyPaymentDiscount: false;
}

/**
 * The terms invoices have stated, by version: a snapshot keeps the version it was issued
 * with (`FrozenPayment.latePaymentTerms`), so terms changed one day are a new version and
 * earlier invoices keep theirs. Version 1 is the PDF's mention `documents.pdf.penalties`.
 */
export const LATE_PAYMENT_TERMS: Readonly<Record<number, LatePaymentTerms>> = {
  1: { penaltyLegalRateTimes: 3, periodDays: 15, indemnityCents: 4000, earlyPaymentDiscount: false },
};
export const CURRENT_LATE_PAYMENT_TERMS = 1;

/** How an invoice or credit note says it is paid. */
export interface FrozenPayment {
  /** SEPA debit (a mandate in force at issue), transfer, the entry fee's means (card, Amex, transfer), or a credit note. */
  means: PaymentMeans;
  payBy: IsoDate;
  /** The mandate shown (means `sepa`): its unique reference and signature date. */
  rum: string | null;
  mandateSignedOn: IsoDate | null;
  /** Invoices only: the version of the late-payment terms stated (LATE_PAYMENT_TERMS). */
  latePaymentTerms: number | null;
}

export interface FrozenPlace {
  street: string;
  postalCode: string;
  city: string;
}

/** What a quote states of the works: where the member receives mail, where the works are, what they are. */
export interface FrozenQuote {
  address: FrozenPlace | null;
  site: FrozenPlace;
  services: string[];
}

/** One issued document's frozen data (`document_snapshots.content`, and `frozen` in its issue audit entry). */
export interface FrozenDocument {
  /** `seller_versions.id` in force at issue; null when the club had no identity yet (RULES.md §6). */
  sellerVersion: number | null;
  buyer: FrozenBuyer;
  /** Invoices and credit notes. */
  payment?: FrozenPayment;
  /** Quotes. */
  quote?: FrozenQuote;
}

/** A document's seller, resolved and complete for what the document prints. */
export interface Letterhead {
  seller: Seller;
  ics: string | null;
  iban: string | null;
  bic: string | null;
}

// ------------------------------------------------------------------ the seller

/** What each kind of document needs of the seller (the letterhead's settings). */
export const SELLER_NEEDS = {
  invoice: [...SELLER_KEYS, 'creditor.ics', 'creditor.iban', 'creditor.bic'],
  letter: [...SELLER_KEYS, 'creditor.iban', 'creditor.bic'],
  quote: [...SELLER_KEYS],
} as const satisfies Record<string, readonly SettingKey[]>;

function complete(s: FrozenSeller, need: readonly SettingKey[]): boolean {
  return need.every((k) => s[SELLER_FIELDS[k]!] !== null && s[SELLER_FIELDS[k]!] !== '');
}

function letterheadOf(s: FrozenSeller): Letterhead {
  return {
    seller: {
      name: s.name!,
      legalForm: s.legalForm!,
      capitalCents: s.capitalCents!,
      street: s.street!,
      postalCode: s.postalCode!,
      city: s.city!,
      siren: s.siren!,
      rcs: s.rcs,
      vatNumber: s.vatNumber!,
      vatOnDebits: s.vatOnDebits === 'yes',
      electronicAddress: s.electronicAddress ?? s.siren!,
    },
    ics: s.ics,
    iban: s.iban,
    bic: s.bic,
  };
}

/**
 * Resolves documents' seller versions into letterheads, each version read once. A document
 * states its own version; one issued while the club's identity was incomplete for what it
 * prints (or before any) states the first complete version recorded after its issue — it
 * could not be printed before, and versions are never changed, so it is then fixed too.
 * None complete yet: the missing setting, one clear line (exit 4).
 */
export function sellerResolver(db: Db | Tx, need: readonly SettingKey[]): (version: number | null) => Letterhead {
  const cache = new Map<number, Letterhead>();
  return (version) => {
    const from = version ?? 0;
    const hit = cache.get(from);
    if (hit) return hit;
    for (const r of db.all<{ id: number; content: string }>(sql`select id, content from seller_versions where id >= ${from} order by id`)) {
      const s = JSON.parse(r.content) as FrozenSeller;
      if (complete(s, need)) {
        const head = letterheadOf(s);
        cache.set(from, head);
        return head;
      }
    }
    requireSettings(db, need); // names the missing setting
    throw new InvalidInputError(t('settings.missing', { key: need[0]! }));
  };
}

// ------------------------------------------------------------------ the buyer and payment

/**
 * The member, its billing address (the current main one — one lookup in the partial unique
 * index — else the last main one) and its mandate in force.
 */
export const BUYER_SQL = `select m.member_no, m.kind, m.first_name, m.last_name, m.email, m.company_name, m.company_siren,
    a.street, a.postal_code, a.city, sm.rum, sm.signed_on
  from members m
  left join addresses a on a.id = coalesce(
    (select a2.id from addresses a2 where a2.member_id = m.id and a2.is_main = 1 and a2.removed_on is null),
    (select max(a2.id) from addresses a2 where a2.member_id = m.id and a2.is_main = 1))
  left join sepa_mandates sm on sm.member_id = m.id and sm.ended_on is null
  where m.id = ?`;

export interface BuyerRow {
  member_no: number;
  kind: 'person' | 'company';
  first_name: string;
  last_name: string;
  email: string;
  company_name: string | null;
  company_siren: string | null;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  rum: string | null;
  signed_on: string | null;
}

/** The buyer row of a member (one-off writes; the monthly run prepares BUYER_SQL once). */
export function buyerRow(db: Db | Tx, memberId: number): BuyerRow {
  const [head, tail] = BUYER_SQL.split('?') as [string, string];
  return db.get<BuyerRow>(sql`${sql.raw(head)}${memberId}${sql.raw(tail)}`)!;
}

export function buyerOf(r: BuyerRow): FrozenBuyer {
  const company = r.kind === 'company';
  return {
    memberNo: r.member_no,
    kind: r.kind,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    companyName: r.company_name,
    companySiren: r.company_siren,
    vatNumber: company && r.company_siren ? frenchVatNumber(r.company_siren) : null,
    street: r.street,
    postalCode: r.postal_code,
    city: r.city,
  };
}

/** How a document issued now is paid: a credit note credits; the entry fee has its own means; else the mandate in force, or a transfer. */
export function paymentOf(kind: InvoiceKind, isEntryFee: boolean, payBy: IsoDate, r: BuyerRow): FrozenPayment {
  const means: PaymentMeans = kind === 'credit_note' ? 'credit' : isEntryFee ? 'entry_fee' : r.rum ? 'sepa' : 'transfer';
  return {
    means,
    payBy,
    rum: means === 'sepa' ? r.rum : null,
    mandateSignedOn: means === 'sepa' ? r.signed_on : null,
    latePaymentTerms: kind === 'invoice' ? CURRENT_LATE_PAYMENT_TERMS : null,
  };
}

/** The frozen data of an invoice or credit note issued now. */
export function frozenInvoice(sellerVersion: number | null, kind: InvoiceKind, isEntryFee: boolean, payBy: IsoDate, r: BuyerRow): FrozenDocument {
  return { sellerVersion, buyer: buyerOf(r), payment: paymentOf(kind, isEntryFee, payBy, r) };
}

// ------------------------------------------------------------------ stored snapshots

export type SnapshotOf = { invoiceId: number } | { quoteId: number } | { stepId: number };

/** What a document's issue audit entry records of its frozen data (`frozen_sha256`): the SHA-256 of the stored JSON. */
export const frozenHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Stores a document's frozen data (inside the issuing transaction); returns its hash, for the audit entry (`frozen_sha256`). */
export function storeFrozen(db: Db | Tx, of: SnapshotOf, f: FrozenDocument): string {
  const text = JSON.stringify(f);
  const [invoiceId, quoteId, stepId] = ['invoiceId' in of ? of.invoiceId : null, 'quoteId' in of ? of.quoteId : null, 'stepId' in of ? of.stepId : null];
  db.run(
    sql`insert into document_snapshots (invoice_id, quote_id, step_id, seller_version_id, content) values (${invoiceId}, ${quoteId}, ${stepId}, ${f.sellerVersion}, ${text})`,
  );
  return frozenHash(text);
}

/** A document's frozen data, or null (issued before documents were frozen: RULES.md §6). */
export function frozenOf(db: Db | Tx, of: SnapshotOf): FrozenDocument | null {
  const where = 'invoiceId' in of ? sql`invoice_id = ${of.invoiceId}` : 'quoteId' in of ? sql`quote_id = ${of.quoteId}` : sql`step_id = ${of.stepId}`;
  const r = db.get<{ content: string } | undefined>(sql`select content from document_snapshots where ${where}`);
  return r ? (JSON.parse(r.content) as FrozenDocument) : null;
}

/** A seller version's content. */
export function sellerVersion(db: Db | Tx, id: number): FrozenSeller | null {
  const r = db.get<{ content: string } | undefined>(sql`select content from seller_versions where id = ${id}`);
  return r ? (JSON.parse(r.content) as FrozenSeller) : null;
}
