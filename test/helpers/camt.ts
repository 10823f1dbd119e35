/**
 * camt.053 statements and camt.054 notifications as banks send them, in three versions
 * (issue 25): `.02` (entry status as text, `Dbtr/Nm`, the transaction's amount only in
 * `AmtDtls`), `.08` and `.12` (`Sts/Cd`, `Dbtr/Pty/Nm`, `TxDtls/Amt`), with a namespace
 * prefix or without. The `.12` ones are validated against the ISO schemas
 * (test/fixtures/camt, from ../shared/standards/camt) by `validateCamt`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { XmlDocument, XsdValidator } from 'libxml2-wasm';

export type CamtVersion = '02' | '08' | '12';

export interface CamtTxSpec {
  amountCents: number;
  ref?: string;
  e2e?: string;
  msgId?: string;
  pmtInfId?: string;
  mandateId?: string;
  payerName?: string;
  payerIban?: string;
  ustrd?: string[];
  /** Structured creditor reference (`Strd/CdtrRefInf/Ref`). */
  strdRef?: string;
  returnReason?: string;
}

export interface CamtEntrySpec {
  /** The entry's `AcctSvcrRef` (omitted when null). */
  ref: string | null;
  ntryRef?: string;
  credit: boolean;
  bookedOn: string;
  reversal?: boolean;
  status?: string;
  family: string;
  subFamily: string;
  /** The entry's amount: the transactions' sum by default. */
  amountCents?: number;
  txs: CamtTxSpec[];
}

const CLUB_IBAN = 'FR7630004000031234567890143';
const eur = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function camt(
  kind: '053' | '054',
  version: CamtVersion,
  entries: CamtEntrySpec[],
  o: { prefix?: string; account?: string; msgId?: string; createdAt?: string } = {},
): string {
  const p = o.prefix ? `${o.prefix}:` : '';
  const x = (name: string, inner: string) => `<${p}${name}>${inner}</${p}${name}>`;
  const old = version === '02';
  const party = (nm: string) => (old ? x('Nm', esc(nm)) : x('Pty', x('Nm', esc(nm))));
  const amt = (c: number) => `<${p}Amt Ccy="EUR">${eur(c)}</${p}Amt>`;
  const tx = (e: CamtEntrySpec, t: CamtTxSpec) => {
    const refs =
      (t.msgId ? x('MsgId', t.msgId) : '') +
      (t.ref ? x('AcctSvcrRef', t.ref) : '') +
      (t.pmtInfId ? x('PmtInfId', t.pmtInfId) : '') +
      x('EndToEndId', t.e2e ?? 'NOTPROVIDED') +
      (t.mandateId ? x('MndtId', t.mandateId) : '');
    const parties =
      t.payerName || t.payerIban
        ? x('RltdPties', (t.payerName ? x('Dbtr', party(t.payerName)) : '') + (t.payerIban ? x('DbtrAcct', x('Id', x('IBAN', t.payerIban))) : ''))
        : '';
    const rmt =
      t.ustrd || t.strdRef
        ? x('RmtInf', (t.ustrd ?? []).map((u) => x('Ustrd', esc(u))).join('') + (t.strdRef ? x('Strd', x('CdtrRefInf', x('Ref', esc(t.strdRef)))) : ''))
        : '';
    const rtr = t.returnReason ? x('RtrInf', x('Rsn', x('Cd', t.returnReason))) : '';
    return x(
      'TxDtls',
      x('Refs', refs) +
        (old ? '' : amt(t.amountCents) + x('CdtDbtInd', e.credit ? 'CRDT' : 'DBIT')) +
        x('AmtDtls', x('TxAmt', amt(t.amountCents))) +
        parties +
        rmt +
        rtr,
    );
  };
  const entry = (e: CamtEntrySpec) =>
    x(
      'Ntry',
      (e.ntryRef ? x('NtryRef', e.ntryRef) : '') +
        amt(e.amountCents ?? e.txs.reduce((s, t) => s + t.amountCents, 0)) +
        x('CdtDbtInd', e.credit ? 'CRDT' : 'DBIT') +
        (e.reversal ? x('RvslInd', 'true') : '') +
        x('Sts', old ? (e.status ?? 'BOOK') : x('Cd', e.status ?? 'BOOK')) +
        x('BookgDt', x('Dt', e.bookedOn)) +
        x('ValDt', x('Dt', e.bookedOn)) +
        (e.ref ? x('AcctSvcrRef', e.ref) : '') +
        x('BkTxCd', x('Domn', x('Cd', 'PMNT') + x('Fmly', x('Cd', e.family) + x('SubFmlyCd', e.subFamily)))) +
        (e.txs.length > 0 ? x('NtryDtls', e.txs.map((t) => tx(e, t)).join('')) : ''),
    );
  const acct = x('Acct', x('Id', x('IBAN', o.account ?? CLUB_IBAN)));
  const createdAt = o.createdAt ?? '2026-12-15T06:00:00';
  const head = x('GrpHdr', x('MsgId', o.msgId ?? `BANK-${kind}-${version}`) + x('CreDtTm', createdAt));
  const body =
    kind === '053'
      ? x(
          'BkToCstmrStmt',
          head +
            x(
              'Stmt',
              x('Id', 'STMT-1') +
                x('CreDtTm', createdAt) +
                acct +
                x('Bal', x('Tp', x('CdOrPrtry', x('Cd', 'OPBD'))) + amt(0) + x('CdtDbtInd', 'CRDT') + x('Dt', x('Dt', '2026-12-01'))) +
                entries.map(entry).join(''),
            ),
        )
      : x('BkToCstmrDbtCdtNtfctn', head + x('Ntfctn', x('Id', 'NTF-1') + x('CreDtTm', createdAt) + acct + entries.map(entry).join('')));
  const ns = `urn:iso:std:iso:20022:tech:xsd:camt.${kind}.001.${version}`;
  const xmlns = o.prefix ? `xmlns:${o.prefix}="${ns}"` : `xmlns="${ns}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${p}Document ${xmlns}>${body}</${p}Document>\n`;
}

const validators = new Map<string, XsdValidator>();

/** Throws with libxml2's messages if `xml` is not valid against camt.<kind>.001.12.xsd. */
export function validateCamt(xml: string, kind: '053' | '054'): void {
  let v = validators.get(kind);
  if (!v) {
    const file = path.join(import.meta.dirname, '..', 'fixtures', 'camt', `camt.${kind}.001.12.xsd`);
    v = XsdValidator.fromDoc(XmlDocument.fromString(fs.readFileSync(file, 'utf8')));
    validators.set(kind, v);
  }
  const doc = XmlDocument.fromString(xml);
  try {
    v.validate(doc);
  } finally {
    doc.dispose();
  }
}

/** A valid French IBAN for account number `n` (RIB key and ISO 13616 check digits computed). */
export function frIban(n: number): string {
  const bank = '30006';
  const branch = '00001';
  const account = String(n).padStart(11, '0');
  const key = 97 - Number((89n * BigInt(bank) + 15n * BigInt(branch) + 3n * BigInt(account)) % 97n);
  const bban = `${bank}${branch}${account}${String(key).padStart(2, '0')}`;
  const check = 98 - Number(BigInt(`${bban}152700`) % 97n);
  return `FR${String(check).padStart(2, '0')}${bban}`;
}
