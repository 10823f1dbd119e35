/**
 * The pain.008 file as it is written (issue 14: 100 000 debits, never one string nor one
 * tree): the bytes the `sepa` package wrote for the fields we use (kept in the tests as the
 * oracle, property-tested equal for pain.008.001.08 and .02), produced piece by piece.
 *
 * The XML gives its counts and control sums before the transactions (GrpHdr, then each
 * PmtInf): they come in first, from `groups` (the debits summed by sequence type and
 * collection date, in integer cents), and the debits follow in the order of their blocks
 * (sequence type, collection date, then as recorded). The writer checks as it goes that the
 * debits it is given are exactly those the groups announced: a file whose sums are not its
 * transactions' is never finished.
 *
 * What the package left to us is here too: texts in the EPC Latin set (checked, anchored,
 * on every text put), no postal address at all, amounts from integer cents (string
 * arithmetic, never a float), the debtor's account amendment (`amendmentXml`) in place of
 * `<AmdmntInd>false</AmdmntInd>`.
 */
import { plainDecimal } from '../rules/money.js';
import { EPC_TEXT, normalizeIcs, toEpcText } from '../rules/sepa.js';
import { normalizeIban } from '../rules/identifiers.js';
import { isIsoDate } from '../rules/dates.js';
import { frMonth } from '../i18n/french.js';

export type Pain = '08' | '02';
export type SequenceType = 'FRST' | 'RCUR';

export interface Pain008Head {
  msgId: string;
  /** Local date-time of the message, `YYYY-MM-DDTHH:MM:SS`. */
  createdAtIso: string;
  month: string;
}

export interface Pain008Creditor {
  name: string;
  ics: string;
  iban: string;
  bic: string;
}

/** One payment information block: the debits of one sequence type and collection date. */
export interface Pain008Group {
  sequence_type: SequenceType;
  collection_date: string;
  count: number;
  cents: number;
}

export interface DebitRow {
  invoice: string;
  member_no: number;
  first_name: string;
  last_name: string;
  kind: string;
  company_name: string | null;
  amount_cents: number;
  sequence_type: SequenceType;
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

/** Blocks in the package's order: sequence type, then collection date. */
export function groupOrder(a: Pain008Group, b: Pain008Group): number {
  if (a.sequence_type !== b.sequence_type) return a.sequence_type < b.sequence_type ? -1 : 1;
  return a.collection_date < b.collection_date ? -1 : a.collection_date > b.collection_date ? 1 : 0;
}

/** Integer cents as the file writes euros: `26200` → `262.00` (string arithmetic). */
export function decimalEuros(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`pain.008: an amount must be a whole number of cents, got ${cents}`);
  return plainDecimal(cents);
}

const SPECIAL_XML = /[&<>"']/;
function escapeXml(text: string): string {
  if (!SPECIAL_XML.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** An element with its text (escaped), or empty (`<Tag/>`) when the text is. */
function el(tag: string, text: string): string {
  return text === '' ? `<${tag}/>` : `<${tag}>${escapeXml(text)}</${tag}>`;
}

/** A text we put (name, remittance, identifier): in the EPC set, whole (anchored), within `max`. */
function epc(tag: string, text: string, max: number): string {
  if (!EPC_TEXT.test(text)) throw new Error(`pain.008 ${tag} outside the EPC character set: ${text}`);
  if (text.length > max) throw new Error(`pain.008 ${tag} longer than ${max} characters: ${text}`);
  return el(tag, text);
}

/** An identifier (end-to-end id, mandate reference): EPC text of at most 35, no leading `/`, no `//`. */
function sepaId(tag: string, id: string): string {
  if ((id.length > 1 && id.startsWith('/')) || id.includes('//')) throw new Error(`pain.008 ${tag} is an id and must not start with "/" nor hold "//": ${id}`);
  return epc(tag, id, 35);
}

/** A calendar date as it is stored (`YYYY-MM-DD`), which must be one. */
function calendarDate(tag: string, d: string): string {
  if (!isIsoDate(d)) throw new Error(`pain.008 ${tag} is not a date: ${d}`);
  return el(tag, d);
}

/** An IBAN as stored (electronic format), which must be valid (the rules' check, ibantools). */
const validIban = (iban: string): boolean => normalizeIban(iban) === iban;

/** Territories whose BIC country differs from the IBAN's (as the package allows them). */
const TERRITORIES: Record<string, string[]> = {
  FI: ['AX'],
  FR: ['GF', 'GP', 'MQ', 'RE', 'PF', 'TF', 'YT', 'NC', 'BL', 'MF', 'PM', 'WF'],
  GB: ['IM', 'JE', 'GG'],
};

/** The creditor's part of every PmtInf block, checked once. */
function creditorXml(pain: Pain, cred: Pain008Creditor): string {
  if (!validIban(cred.iban)) throw new Error(`pain.008 creditor IBAN is invalid: ${cred.iban}`);
  if (normalizeIcs(cred.ics) !== cred.ics) throw new Error(`pain.008 creditor id is invalid: ${cred.ics}`);
  const country = cred.bic.slice(4, 6);
  if (cred.bic !== '' && country !== cred.iban.slice(0, 2) && !(TERRITORIES[cred.iban.slice(0, 2)] ?? []).includes(country))
    throw new Error(`pain.008 creditor BIC ${cred.bic} and IBAN ${cred.iban} are of different countries`);
  const agent = cred.bic === '' ? '<Othr><Id>NOTPROVIDED</Id></Othr>' : el(pain === '08' ? 'BICFI' : 'BIC', cred.bic);
  return (
    `<Cdtr>${epc('Nm', cred.name, 70)}</Cdtr><CdtrAcct><Id>${el('IBAN', cred.iban)}</Id></CdtrAcct>` +
    `<CdtrAgt><FinInstnId>${agent}</FinInstnId></CdtrAgt><ChrgBr>SLEV</ChrgBr>` +
    `<CdtrSchmeId><Id><PrvtId><Othr>${el('Id', cred.ics)}<SchmeNm><Prtry>SEPA</Prtry></SchmeNm></Othr></PrvtId></Id></CdtrSchmeId>`
  );
}

/**
 * The remittance text of a debit: `toEpcText` of "Facture NUMBER MONTH membre NO", made of its
 * parts when the invoice number is plain (letters, digits, dashes: the month's French name
 * transliterated once, the same text).
 */
function remittance(invoice: string, memberNo: number, month: string, monthEpc: string): string {
  const text = `Facture ${invoice} ${monthEpc} membre ${memberNo}`;
  return /^[A-Za-z0-9-]+$/.test(invoice) && text.length <= 140 ? text : toEpcText(`Facture ${invoice} ${frMonth(month)} membre ${memberNo}`, 140);
}

/** The transaction of one debit (`instrId`: its payment block's id, a dot, its rank in the block). */
function transactionXml(d: DebitRow, instrId: string, month: string, monthEpc: string): string {
  if (!(d.amount_cents >= 1 && d.amount_cents <= 99_999_999_999)) throw new Error(`pain.008 amount out of range for ${d.invoice}: ${d.amount_cents} cents`);
  if (!validIban(d.iban)) throw new Error(`pain.008 debtor IBAN is invalid for ${d.invoice}: ${d.iban}`);
  const name = d.kind === 'company' && d.company_name ? d.company_name : `${d.first_name} ${d.last_name}`;
  return (
    `<DrctDbtTxInf><PmtId>${el('InstrId', instrId)}${sepaId('EndToEndId', d.invoice)}</PmtId>` +
    `<InstdAmt Ccy="EUR">${decimalEuros(d.amount_cents)}</InstdAmt>` +
    `<DrctDbtTx><MndtRltdInf>${sepaId('MndtId', d.rum)}${calendarDate('DtOfSgntr', d.signed_on)}` +
    (d.original_iban ? amendmentXml(d.original_iban, d.iban) : '<AmdmntInd>false</AmdmntInd>') +
    '</MndtRltdInf></DrctDbtTx><DbtrAgt><FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId></DbtrAgt>' +
    `<Dbtr>${epc('Nm', toEpcText(name, 70) || 'Membre', 70)}</Dbtr><DbtrAcct><Id>${el('IBAN', d.iban)}</Id></DbtrAcct>` +
    `<RmtInf>${epc('Ustrd', remittance(d.invoice, d.member_no, month, monthEpc), 140)}</RmtInf></DrctDbtTxInf>`
  );
}

/**
 * The pain.008 XML of recorded debits, in pieces (about one per transaction). `groups`: the
 * debits' count and sum per sequence type and collection date; `debits`: the same debits in
 * block order (sequence type, collection date), then in the order they were recorded.
 */
export function* pain008Chunks(
  pain: Pain,
  head: Pain008Head,
  cred: Pain008Creditor,
  groups: readonly Pain008Group[],
  debits: Iterable<DebitRow>,
): Generator<string> {
  const blocks = [...groups].sort(groupOrder);
  let count = 0;
  let cents = 0;
  for (const g of blocks) {
    if (!(Number.isSafeInteger(g.count) && g.count > 0)) throw new Error(`pain.008: a block without debits (${g.sequence_type} ${g.collection_date})`);
    count += g.count;
    cents += g.cents;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(head.createdAtIso))
    throw new Error(`pain.008 creation time is not a local date-time: ${head.createdAtIso}`);
  const ns = `urn:iso:std:iso:20022:tech:xsd:pain.008.001.${pain}`;
  yield `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="${ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${ns} pain.008.001.${pain}.xsd">` +
    `<CstmrDrctDbtInitn><GrpHdr>${el('MsgId', head.msgId)}${el('CreDtTm', head.createdAtIso)}<NbOfTxs>${count}</NbOfTxs>` +
    `<CtrlSum>${decimalEuros(cents)}</CtrlSum><InitgPty>${epc('Nm', cred.name, 70)}</InitgPty></GrpHdr>`;
  const creditor = creditorXml(pain, cred);
  const monthEpc = toEpcText(frMonth(head.month), 140);
  const it = debits[Symbol.iterator]();
  try {
    let k = 0;
    for (const g of blocks) {
      const pmtInfId = `${head.msgId}.${k++}`;
      yield `<PmtInf>${el('PmtInfId', pmtInfId)}<PmtMtd>DD</PmtMtd><BtchBookg>true</BtchBookg><NbOfTxs>${g.count}</NbOfTxs>` +
        `<CtrlSum>${decimalEuros(g.cents)}</CtrlSum><PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl><LclInstrm><Cd>CORE</Cd></LclInstrm>` +
        `${el('SeqTp', g.sequence_type)}</PmtTpInf>${calendarDate('ReqdColltnDt', g.collection_date)}${creditor}`;
      let sum = 0;
      for (let n = 0; n < g.count; n++) {
        const next = it.next();
        if (next.done) throw new Error(`pain.008: ${g.count} debits announced for ${g.sequence_type} ${g.collection_date}, ${n} given`);
        const d = next.value;
        if (d.sequence_type !== g.sequence_type || d.collection_date !== g.collection_date)
          throw new Error(`pain.008: debit ${d.invoice} (${d.sequence_type} ${d.collection_date}) out of its block (${g.sequence_type} ${g.collection_date})`);
        sum += d.amount_cents;
        yield transactionXml(d, `${pmtInfId}.${n}`, head.month, monthEpc);
      }
      if (sum !== g.cents) throw new Error(`pain.008: the control sum of ${g.sequence_type} ${g.collection_date} is ${g.cents} cents, its debits ${sum}`);
      yield '</PmtInf>';
    }
    if (!it.next().done) throw new Error('pain.008: more debits than the blocks announced');
  } finally {
    it.return?.();
  }
  yield '</CstmrDrctDbtInitn></Document>';
}

/** The whole file as one string (small files, tests). */
export function pain008Xml(pain: Pain, head: Pain008Head, cred: Pain008Creditor, groups: readonly Pain008Group[], debits: Iterable<DebitRow>): string {
  let xml = '';
  for (const piece of pain008Chunks(pain, head, cred, groups, debits)) xml += piece;
  return xml;
}

/** The blocks of debits given in memory (tests, small files): count and sum per sequence type and date. */
export function groupsOf(debits: Iterable<DebitRow>): Pain008Group[] {
  const by = new Map<string, Pain008Group>();
  for (const d of debits) {
    const k = `${d.sequence_type}|${d.collection_date}`;
    const g = by.get(k);
    if (g) {
      g.count++;
      g.cents += d.amount_cents;
    } else by.set(k, { sequence_type: d.sequence_type, collection_date: d.collection_date, count: 1, cents: d.amount_cents });
  }
  return [...by.values()].sort(groupOrder);
}
