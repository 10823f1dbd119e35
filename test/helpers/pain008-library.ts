/**
 * The pain.008 file as the `sepa` package writes it: the oracle of the streaming writer
 * (src/collection/pain008.ts), which must give the same bytes. This is the export's former
 * builder, kept as it was: the package's document, control sums from integer cents, the
 * debtor amendment put in place of `<AmdmntInd>false</AmdmntInd>`, our anchored EPC check.
 */
import SEPA from 'sepa';
import { EPC_TEXT, toEpcText } from '../../src/rules/sepa.js';
import { amendmentXml, type DebitRow, type Pain, type Pain008Creditor } from '../../src/collection/pain008.js';
import { frMonth } from '../../src/i18n/french.js';

/** A calendar date as the `sepa` package reads it (local components). */
const localDate = (d: string) => new Date(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const localDateTime = (s: string) =>
  new Date(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)), Number(s.slice(11, 13)), Number(s.slice(14, 16)), Number(s.slice(17, 19)));

/** The package prints numbers of euros with two decimals: every sum is made in cents before. */
const euros = (cents: number) => cents / 100;

/** The pain.008 XML of recorded debits, built by the `sepa` package. */
export function buildPain008Library(
  pain: Pain,
  head: { msgId: string; createdAtIso: string; month: string },
  cred: Pain008Creditor,
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
    if (group) group.push(d);
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
  (doc as unknown as { normalize(): void }).normalize = function (this: {
    _paymentInfo: { normalize(): void }[];
    grpHdr: { controlSum: number; transactionCount: number };
  }) {
    for (const p of this._paymentInfo) p.normalize();
    this.grpHdr.controlSum = euros(all);
    this.grpHdr.transactionCount = count;
  };
  let xml = doc.toString();
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
      if (flag < 0 || (next !== -1 && flag > next)) break;
      parts.push(xml.slice(from, flag), details);
      from = flag + FLAG.length;
      done.add(id);
    }
    const missing = [...amended.keys()].filter((id) => !done.has(id));
    if (missing.length > 0) throw new Error(`pain.008: no mandate details for ${missing.join(', ')}`);
    parts.push(xml.slice(from));
    xml = parts.join('');
  }
  for (const m of xml.matchAll(/<(Nm|Ustrd|MndtId|EndToEndId)>([^<]*)<\//g)) {
    const text = m[2]!
      .replace(/&amp;/g, '&')
      .replace(/&apos;/g, "'")
      .replace(/&quot;/g, '"');
    if (!EPC_TEXT.test(text)) throw new Error(`pain.008 ${m[1]} outside the EPC character set: ${text}`);
  }
  if (xml.includes('<AdrLine>')) throw new Error('pain.008 must not carry unstructured addresses');
  return xml;
}
