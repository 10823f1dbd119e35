/**
 * The month's direct debits as one ISO 20022 pain.008 file, SDD Core (art. 7.3.1; RULES.md
 * §6 decision SEPA). Generated with the `sepa` package, with what it leaves to us done here:
 * texts transliterated to the EPC Latin set and cut to the scheme's lengths (its own
 * charset check is unanchored), no postal address at all (it writes address lines only,
 * which banks reject since 15 November 2026), control sums from integer cents.
 *
 * Exporting books each debit as a `sepa` payment dated on its collection date (the debit
 * pays the invoice by the pay-by date, so it is never late); the bank's return of a
 * rejected debit reverses that payment (`bill returns`). Exporting a month again rewrites
 * the same message (same id, same creation time) unless `--new` asks for a new one with
 * what is not exported yet.
 */
import SEPA from 'sepa';
import { eq, sql } from 'drizzle-orm';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, auditAppender, writeTx, type Actor } from '../db/audit.js';
import { sepaExports } from '../db/schema.js';
import { InvalidInputError, enforce } from '../errors.js';
import { assertWritableFile, writeFileAtomic } from '../files/atomic.js';
import type { IsoDate } from '../rules/dates.js';
import { EPC_TEXT, checkCollectionDate, mandateLapsed, normalizeBic, normalizeIcs, sequenceType, toEpcText } from '../rules/sepa.js';
import { normalizeIban } from '../rules/identifiers.js';
import { requireSettings } from '../settings/index.js';
import { monthCollectables } from './month.js';
import { frMonth } from '../documents/french.js';
import { t } from '../i18n/index.js';

export type Pain = '08' | '02';
export type LeftOutReason = 'no_mandate' | 'mandate_lapsed' | 'already_exported' | 'pay_by_passed' | 'nothing_due' | 'entry_fee' | 'not_in_file';

export interface SepaExportResult {
  month: string;
  msg_id: string | null;
  file: string | null;
  pain: Pain;
  reused: boolean;
  transactions: number;
  total_cents: number;
  collection_dates: string[];
  debits: { invoice: string; member_no: string; amount_cents: number; sequence_type: 'FRST' | 'RCUR'; collection_date: string; rum: string }[];
  left_out: { invoice: string; member_no: string; reason: LeftOutReason }[];
}

interface Candidate {
  invoiceId: number;
  number: string;
  memberNo: number;
  memberId: number;
  payBy: IsoDate;
  dueCents: number;
  isEntryFee: boolean;
  exported: boolean;
}

interface DebitRow {
  invoice: string;
  member_no: number;
  first_name: string;
  last_name: string;
  kind: string;
  company_name: string | null;
  amount_cents: number;
  sequence_type: 'FRST' | 'RCUR';
  collection_date: string;
  rum: string;
  iban: string;
  signed_on: string;
  /** The mandate's IBAN before an amendment this debit tells the bank of (`member edit --iban`), else null. */
  original_iban: string | null;
}

/**
 * The amendment details of a debit whose mandate changed account since its last collection
 * (EPC SDD Core rulebook, AT-24): the original IBAN when the account stays with the same bank,
 * "SMNDA" (same mandate, new debtor agent) as the original debtor agent when it moved to
 * another bank. The bank of an IBAN: the bank code of its BBAN (first 5 characters in
 * France; the first 4 elsewhere — a different code is then read as another bank).
 */
export function amendmentXml(originalIban: string, iban: string): string {
  const len = originalIban.startsWith('FR') && iban.startsWith('FR') ? 5 : 4;
  const sameBank = originalIban.slice(0, 2) === iban.slice(0, 2) && originalIban.slice(4, 4 + len) === iban.slice(4, 4 + len);
  const details = sameBank
    ? `<OrgnlDbtrAcct><Id><IBAN>${originalIban}</IBAN></Id></OrgnlDbtrAcct>`
    : '<OrgnlDbtrAgt><FinInstnId><Othr><Id>SMNDA</Id></Othr></FinInstnId></OrgnlDbtrAgt>';
  return `<AmdmntInd>true</AmdmntInd><AmdmntInfDtls>${details}</AmdmntInfDtls>`;
}

function creditor(db: Db | Tx) {
  const s = requireSettings(db, ['seller.name', 'creditor.ics', 'creditor.iban', 'creditor.bic']);
  const ics = normalizeIcs(s['creditor.ics']);
  if (!ics) throw new InvalidInputError(t('documents.sepa.bad_ics', { ics: s['creditor.ics'] }));
  const iban = normalizeIban(s['creditor.iban']);
  if (!iban) throw new InvalidInputError(t('settings.invalid', { key: 'creditor.iban', value: s['creditor.iban'], expected: t('settings.expect.iban') }));
  const bic = normalizeBic(s['creditor.bic']);
  if (!bic) throw new InvalidInputError(t('settings.invalid', { key: 'creditor.bic', value: s['creditor.bic'], expected: t('settings.expect.bic') }));
  return { name: toEpcText(s['seller.name'], 70), ics, iban, bic };
}

/** A calendar date as the `sepa` package reads it (local components). */
const localDate = (d: IsoDate) => new Date(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const localDateTime = (s: string) =>
  new Date(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)), Number(s.slice(11, 13)), Number(s.slice(14, 16)), Number(s.slice(17, 19)));

function nowLocal(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}T${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}`;
}

/**
 * The `sepa` package takes amounts as JavaScript numbers and prints them with two decimals:
 * the only place a cent count becomes a number of euros. Every sum (control sums included)
 * is made in integer cents before this conversion, never on its result.
 */
const euros = (cents: number) => cents / 100;

/** The pain.008 XML of recorded debits. */
export function buildPain008(
  pain: Pain,
  head: { msgId: string; createdAtIso: string; month: string },
  cred: ReturnType<typeof creditor>,
  debits: DebitRow[],
): string {
  const doc = new SEPA.Document(pain === '08' ? 'pain.008.001.08' : 'pain.008.001.02');
  doc.grpHdr.id = head.msgId;
  doc.grpHdr.created = localDateTime(head.createdAtIso);
  doc.grpHdr.initiatorName = cred.name;
  const groups = new Map<string, DebitRow[]>();
  for (const d of debits) {
    const k = `${d.sequence_type}|${d.collection_date}`;
    const group = groups.get(k);
    if (group) group.push(d); // (copying the group for each debit was quadratic: 100 000 debits, ~60 s)
    else groups.set(k, [d]);
  }
  const totals: number[] = [];
  for (const [k, rows] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const [seq, date] = k.split('|') as ['FRST' | 'RCUR', string];
    const info = doc.createPaymentInfo();
    info.collectionDate = localDate(date);
    info.creditorIBAN = cred.iban;
    info.creditorBIC = cred.bic;
    info.creditorName = cred.name;
    info.creditorId = cred.ics;
    info.localInstrumentation = 'CORE';
    info.sequenceType = seq;
    info.batchBooking = true;
    const cents = rows.reduce((s, r) => s + r.amount_cents, 0);
    totals.push(cents);
    // control sums from integer cents, not a float running sum
    (info as unknown as { normalize(): void; controlSum: number }).normalize = function (this: { controlSum: number }) {
      this.controlSum = euros(cents);
    };
    doc.addPaymentInfo(info);
    for (const r of rows) {
      const tx = info.createTransaction();
      const name = r.kind === 'company' && r.company_name ? r.company_name : `${r.first_name} ${r.last_name}`;
      tx.debtorName = toEpcText(name, 70) || 'Membre';
      tx.debtorIBAN = r.iban;
      tx.mandateId = r.rum;
      tx.mandateSignatureDate = localDate(r.signed_on);
      tx.amount = euros(r.amount_cents);
      tx.end2endId = r.invoice;
      tx.remittanceInfo = toEpcText(`Facture ${r.invoice} ${frMonth(head.month)} membre ${r.member_no}`, 140);
      info.addTransaction(tx);
    }
  }
  const all = totals.reduce((a, b) => a + b, 0);
  const count = debits.length;
  (doc as unknown as { normalize(): void }).normalize = function (this: { _paymentInfo: { normalize(): void }[]; grpHdr: { controlSum: number; transactionCount: number } }) {
    for (const p of this._paymentInfo) p.normalize();
    this.grpHdr.controlSum = euros(all);
    this.grpHdr.transactionCount = count;
  };
  let xml = doc.toString();
  // the sepa package writes AmdmntInd false and knows only a creditor's amendment: a debtor
  // account's amendment is put in the transaction of its end-to-end id (the invoice number)
  // (in one pass over the document: a slice of the whole file per amended debit was quadratic
  // when a bank change amends every mandate)
  const amended = new Map(debits.filter((r) => r.original_iban).map((r) => [r.invoice, amendmentXml(r.original_iban!, r.iban)]));
  if (amended.size > 0) {
    const FLAG = '<AmdmntInd>false</AmdmntInd>';
    const parts: string[] = [];
    let from = 0;
    const done = new Set<string>();
    for (let at = xml.indexOf('<EndToEndId>'); at !== -1; at = xml.indexOf('<EndToEndId>', at + 1)) {
      const end = xml.indexOf('</EndToEndId>', at);
      const id = xml.slice(at + '<EndToEndId>'.length, end);
      const details = amended.get(id);
      if (details === undefined) continue;
      const flag = xml.indexOf(FLAG, end);
      const next = xml.indexOf('<EndToEndId>', end);
      if (flag < 0 || (next !== -1 && flag > next)) break; // not in this transaction: reported below
      parts.push(xml.slice(from, flag), details);
      from = flag + FLAG.length;
      done.add(id);
    }
    const missing = [...amended.keys()].filter((id) => !done.has(id));
    if (missing.length > 0) throw new Error(`pain.008: no mandate details for ${missing.join(', ')}`);
    parts.push(xml.slice(from));
    xml = parts.join('');
  }
  // our own, anchored, check: every text we put is in the EPC set, no address line anywhere
  for (const m of xml.matchAll(/<(Nm|Ustrd|MndtId|EndToEndId)>([^<]*)<\//g)) {
    const text = m[2]!.replace(/&amp;/g, '&').replace(/&apos;/g, "'").replace(/&quot;/g, '"');
    if (!EPC_TEXT.test(text)) throw new Error(`pain.008 ${m[1]} outside the EPC character set: ${text}`);
  }
  if (xml.includes('<AdrLine>')) throw new Error('pain.008 must not carry unstructured addresses');
  return xml;
}

function toResult(pain: Pain, month: string, file: string | null, head: { msgId: string } | null, debits: DebitRow[], leftOut: SepaExportResult['left_out'], reused: boolean): SepaExportResult {
  return {
    month,
    msg_id: head?.msgId ?? null,
    file,
    pain,
    reused,
    transactions: debits.length,
    total_cents: debits.reduce((s, d) => s + d.amount_cents, 0),
    collection_dates: [...new Set(debits.map((d) => d.collection_date))].sort(),
    debits: debits.map((d) => ({
      invoice: d.invoice,
      member_no: String(d.member_no),
      amount_cents: d.amount_cents,
      sequence_type: d.sequence_type,
      collection_date: d.collection_date,
      rum: d.rum,
    })),
    left_out: leftOut,
  };
}

/**
 * `bill export --format sepa`. Every check (settings, ICS, --out, collection date) is made
 * before anything is written; the debits, their payments and the file are one act: if the
 * file cannot be written, nothing is recorded.
 */
export function exportSepa(
  conn: Connection,
  actor: Actor,
  o: { month: string; on: IsoDate; out: string; pain: Pain; collectionDate?: IsoDate; newExport?: boolean; now?: Date },
): SepaExportResult {
  assertWritableFile(o.out);
  const cred = creditor(conn.db);
  return writeTx(conn, (tx) => {
    const previous = tx.select().from(sepaExports).where(eq(sepaExports.month, o.month)).orderBy(sql`${sepaExports.id} desc`).get();
    const candidates = monthCollectables(tx, o.month, o.on);
    if (previous && !o.newExport) {
      // the same message again: same id, same creation time, the debits recorded then
      const debits = debitsWithDates(tx, previous.id);
      const inFile = new Set(debits.map((d) => d.invoice));
      const leftOut = candidates
        .filter((c) => !inFile.has(c.number) && !c.exported && !c.isEntryFee && c.dueCents > 0)
        .map((c) => ({ invoice: c.number, member_no: String(c.memberNo), reason: 'not_in_file' as const }));
      const xml = buildPain008(previous.pain as Pain, { msgId: previous.msgId, createdAtIso: previous.createdAtIso, month: o.month }, cred, debits);
      writeFileAtomic(o.out, xml);
      return toResult(previous.pain as Pain, o.month, o.out, previous, debits, leftOut, true);
    }

    const leftOut: SepaExportResult['left_out'] = [];
    const chosen: { c: Candidate; mandate: { id: number; rum: string; iban: string; signedOn: string; amendedFromIban: string | null }; collection: IsoDate }[] = [];
    // the lookups of every candidate, prepared once on the raw handle (issue 14: 100 000 debits)
    const sqlite = conn.sqlite;
    const mandateOf = sqlite.prepare(
      'select id, rum, iban, signed_on as signedOn, recorded_on as recordedOn, amended_from_iban as amendedFromIban from sepa_mandates where member_id = ? and ended_on is null',
    );
    const lastCollectionOf = sqlite
      .prepare("select max(e.collection_date) from sepa_debits d join sepa_exports e on e.id = d.export_id where d.mandate_id = ? and d.status = 'exported'")
      .pluck();
    for (const c of candidates) {
      const out = (reason: LeftOutReason) => leftOut.push({ invoice: c.number, member_no: String(c.memberNo), reason });
      if (c.isEntryFee) continue; // paid by card, AMEX or transfer (art. 7.3.3), never debited
      if (c.exported) {
        out('already_exported');
        continue;
      }
      if (c.dueCents <= 0) continue; // paid, credited or contested
      const mandate = mandateOf.get(c.memberId) as { id: number; rum: string; iban: string; signedOn: string; recordedOn: string; amendedFromIban: string | null } | undefined;
      if (!mandate) {
        out('no_mandate');
        continue;
      }
      const last = lastCollectionOf.get(mandate.id) as string | null;
      if (mandateLapsed({ signedOn: mandate.signedOn, recordedOn: mandate.recordedOn, lastCollection: last }, o.on)) {
        out('mandate_lapsed');
        continue;
      }
      let collection = c.payBy;
      if (o.collectionDate) {
        enforce(checkCollectionDate(o.collectionDate, c.payBy, o.on));
        collection = o.collectionDate;
      } else if (collection <= o.on) {
        out('pay_by_passed');
        continue;
      }
      chosen.push({ c, mandate, collection });
    }
    if (chosen.length === 0) return toResult(o.pain, o.month, null, null, [], leftOut, false);

    const n = tx.get<{ n: number }>(sql`select count(*) as n from sepa_exports where month = ${o.month}`).n + 1;
    const msgId = `PARNASSE-${o.month}-${n}`;
    const createdAtIso = nowLocal(o.now ?? new Date());
    const total = chosen.reduce((s, x) => s + x.c.dueCents, 0);
    const exp = tx
      .insert(sepaExports)
      .values({ msgId, month: o.month, pain: o.pain, collectionDate: chosen.map((x) => x.collection).sort()[0]!, createdAtIso, transactions: chosen.length, totalCents: total })
      .returning({ id: sepaExports.id })
      .get();
    // the debits, their payments and an audit entry each: statements prepared once (bulk path)
    const collectionsOf = sqlite.prepare("select count(*) from sepa_debits where mandate_id = ? and status = 'exported'").pluck();
    const insPayment = sqlite.prepare("insert into payments (invoice_id, amount_cents, paid_on, method) values (?, ?, ?, 'sepa') returning id").pluck();
    const insDebit = sqlite.prepare(
      'insert into sepa_debits (export_id, invoice_id, mandate_id, debtor_iban, original_iban, sequence_type, amount_cents, payment_id) values (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const appender = auditAppender(sqlite, actor, { exclusive: true });
    const seen = new Map<number, number>();
    for (const x of chosen) {
      const before = seen.get(x.mandate.id) ?? (collectionsOf.get(x.mandate.id) as number);
      seen.set(x.mandate.id, before + 1);
      const paymentId = insPayment.get(x.c.invoiceId, x.c.dueCents, x.collection) as number;
      appender.append({
        entity: 'payment',
        entityId: paymentId,
        action: 'record',
        change: { invoice: x.c.number, amount_cents: x.c.dueCents, paid_on: x.collection, method: 'sepa', sepa_message: msgId },
      });
      insDebit.run(exp.id, x.c.invoiceId, x.mandate.id, x.mandate.iban, x.mandate.amendedFromIban, sequenceType(before), x.c.dueCents, paymentId);
    }
    // the bank is told of an amended account once: this file carries it
    for (const id of new Set(chosen.filter((x) => x.mandate.amendedFromIban !== null).map((x) => x.mandate.id))) {
      tx.run(sql`update sepa_mandates set amended_from_iban = null where id = ${id}`);
    }
    // one collection date per export row is informative; each debit's own date is its payment's
    tx.run(sql`update sepa_exports set collection_date = ${chosen.map((x) => x.collection).sort()[0]!} where id = ${exp.id}`);
    const debits = debitsWithDates(tx, exp.id);
    audit(tx, actor, {
      entity: 'sepa_export',
      entityId: msgId,
      action: 'export',
      change: { month: o.month, pain: o.pain, transactions: debits.length, total_cents: total, left_out: leftOut.length },
    });
    const xml = buildPain008(o.pain, { msgId, createdAtIso, month: o.month }, cred, debits);
    writeFileAtomic(o.out, xml);
    return toResult(o.pain, o.month, o.out, { msgId }, debits, leftOut, false);
  });
}

/** Debits of an export with each one's collection date (its payment's date). */
function debitsWithDates(db: Db | Tx, exportId: number): DebitRow[] {
  return db.all<DebitRow>(sql`
    select i.number as invoice, m.member_no, m.first_name, m.last_name, m.kind, m.company_name,
      d.amount_cents, d.sequence_type, p.paid_on as collection_date, sm.rum, coalesce(d.debtor_iban, sm.iban) as iban, sm.signed_on,
      d.original_iban
    from sepa_debits d join payments p on p.id = d.payment_id join invoices i on i.id = d.invoice_id
    join members m on m.id = i.member_id join sepa_mandates sm on sm.id = d.mandate_id
    where d.export_id = ${exportId} order by d.id`);
}
