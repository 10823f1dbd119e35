/**
 * The bank's camt messages (issue 25): a camt.053 statement (`BkToCstmrStmt`) or a camt.054
 * debit/credit notification (`BkToCstmrDbtCdtNtfctn`), any version (`camt.05x.001.02` to
 * `.12`: read by local names, whatever the namespace or its prefix), read entry by entry
 * (`iterateXml`: one entry's subtree at a time) into one typed transaction per entry detail
 * (`Ntry/NtryDtls/TxDtls`; an entry without details is one transaction). What differs
 * between versions is read both ways: the entry status (`Sts` text in .02–.03, `Sts/Cd`
 * after), a party's name (`Dbtr/Nm` before .08, `Dbtr/Pty/Nm` after), a transaction's
 * amount (`TxDtls/Amt` from .04, `AmtDtls/TxAmt/Amt` always).
 */
import { InvalidInputError } from '../errors.js';
import { t } from '../i18n/index.js';
import { child, childrenNamed, iterateXml, textAt, XmlError, type XmlElement } from './xml.js';

export type CamtMessage = 'statement' | 'notification';

export interface CamtTx {
  /** The line of the entry in the file. */
  line: number;
  /** The account the statement or notification is about (its IBAN), null when not an IBAN. */
  account: string | null;
  /**
   * The bank's reference of this transaction, unique for the account: the entry's
   * `AcctSvcrRef` (else `NtryRef`), with the transaction's own `Refs/AcctSvcrRef` when the
   * entry has several (else `#n`, its position); null when the bank gave none.
   */
  ref: string | null;
  credit: boolean;
  reversal: boolean;
  /** `BOOK`, `PDNG`, `INFO`… (null: not given). */
  status: string | null;
  bookedOn: string | null;
  /** Cents, null when the amount cannot be read (or another currency than `currency`). */
  amountCents: number | null;
  currency: string | null;
  /** Bank transaction code: domain, family, sub-family (`PMNT`/`RCDT`/`ESCT`, `PMNT`/`IDDT`/`UPDD`…). */
  domain: string | null;
  family: string | null;
  subFamily: string | null;
  /** `Refs` of the underlying payment: for our direct debits the pain.008's ids. */
  msgId: string | null;
  pmtInfId: string | null;
  endToEndId: string | null;
  mandateId: string | null;
  payerName: string | null;
  payerIban: string | null;
  /** Unstructured lines and the structured references (creditor reference, referred documents). */
  remittance: string[];
  /** `RtrInf` present: a return, with its reason code (ISO `Cd`, or the bank's `Prtry`). */
  returned: boolean;
  returnReason: string | null;
}

/** `250.00` → 25000; null for anything that is not a plain decimal with at most two decimals. */
export function camtCents(text: string | null): number | null {
  if (text === null) return null;
  const m = /^(\d{1,15})(?:\.(\d{1,2})0*)?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

const nameOf = (party: XmlElement | null): string | null => textAt(party, 'Nm') ?? textAt(party, 'Pty/Nm');
const dateOf = (el: XmlElement | null): string | null => (textAt(el, 'Dt') ?? textAt(el, 'DtTm'))?.slice(0, 10) ?? null;
const compact = (iban: string | null): string | null => (iban === null ? null : iban.replace(/\s+/g, '').toUpperCase());

function transactions(ntry: XmlElement, account: string | null): CamtTx[] {
  const entryRef = textAt(ntry, 'AcctSvcrRef') ?? textAt(ntry, 'NtryRef');
  const entryCredit = textAt(ntry, 'CdtDbtInd') === 'CRDT';
  const sts = child(ntry, 'Sts');
  const status = sts === null ? null : sts.text !== '' ? sts.text : (textAt(sts, 'Cd') ?? textAt(sts, 'Prtry'));
  const txs = childrenNamed(ntry, 'NtryDtls').flatMap((d) => childrenNamed(d, 'TxDtls'));
  const entryAmt = child(ntry, 'Amt');
  const common = {
    line: ntry.line,
    account,
    reversal: textAt(ntry, 'RvslInd') === 'true',
    status,
    bookedOn: dateOf(child(ntry, 'BookgDt')),
  };
  const code = (el: XmlElement | null) => ({
    domain: textAt(el, 'BkTxCd/Domn/Cd'),
    family: textAt(el, 'BkTxCd/Domn/Fmly/Cd'),
    subFamily: textAt(el, 'BkTxCd/Domn/Fmly/SubFmlyCd'),
  });
  const entryCode = code(ntry);
  if (txs.length === 0)
    return [
      {
        ...common,
        ref: entryRef,
        credit: entryCredit,
        amountCents: camtCents(entryAmt?.text ?? null),
        currency: entryAmt?.attrs.Ccy ?? null,
        ...entryCode,
        msgId: null,
        pmtInfId: null,
        endToEndId: null,
        mandateId: null,
        payerName: null,
        payerIban: null,
        remittance: textAt(ntry, 'AddtlNtryInf') !== null ? [textAt(ntry, 'AddtlNtryInf')!] : [],
        returned: false,
        returnReason: null,
      },
    ];
  return txs.map((tx, i) => {
    const amt = child(tx, 'Amt') ?? child(child(child(tx, 'AmtDtls'), 'TxAmt'), 'Amt') ?? (txs.length === 1 ? entryAmt : null);
    const own = textAt(tx, 'Refs/AcctSvcrRef');
    const ref = entryRef === null ? own : txs.length === 1 ? entryRef : `${entryRef}/${own ?? `#${i + 1}`}`;
    const txCode = code(tx);
    const rmt = child(tx, 'RmtInf');
    const remittance = [
      ...childrenNamed(rmt, 'Ustrd').map((u) => u.text),
      ...childrenNamed(rmt, 'Strd').flatMap((s) => [
        ...childrenNamed(s, 'RfrdDocInf').map((d) => textAt(d, 'Nb') ?? ''),
        textAt(s, 'CdtrRefInf/Ref') ?? '',
        ...childrenNamed(s, 'AddtlRmtInf').map((a) => a.text),
      ]),
    ].filter((x) => x !== '');
    const rtr = child(tx, 'RtrInf');
    const cdi = textAt(tx, 'CdtDbtInd');
    return {
      ...common,
      ref,
      credit: cdi === null ? entryCredit : cdi === 'CRDT',
      amountCents: camtCents(amt?.text ?? null),
      currency: amt?.attrs.Ccy ?? null,
      domain: txCode.domain ?? entryCode.domain,
      family: txCode.family ?? entryCode.family,
      subFamily: txCode.subFamily ?? entryCode.subFamily,
      msgId: textAt(tx, 'Refs/MsgId'),
      pmtInfId: textAt(tx, 'Refs/PmtInfId'),
      endToEndId: textAt(tx, 'Refs/EndToEndId'),
      mandateId: textAt(tx, 'Refs/MndtId'),
      payerName: nameOf(child(child(tx, 'RltdPties'), 'Dbtr')),
      payerIban: compact(textAt(tx, 'RltdPties/DbtrAcct/Id/IBAN')),
      remittance,
      returned: rtr !== null,
      returnReason: textAt(rtr, 'Rsn/Cd') ?? textAt(rtr, 'Rsn/Prtry'),
    };
  });
}

const MESSAGES: Record<string, CamtMessage> = { BkToCstmrStmt: 'statement', BkToCstmrDbtCdtNtfctn: 'notification' };
const REPORTS = new Set(['Stmt', 'Ntfctn']);

/** The message a bank XML file holds, from its first elements (null: not a camt.053/054). */
export function camtMessageOf(xml: string): CamtMessage | 'other' {
  const m = /<(?:[\w.-]+:)?(BkToCstmrStmt|BkToCstmrDbtCdtNtfctn|CstmrPmtStsRpt|BkToCstmrAcctRpt)[\s>]/.exec(xml.slice(0, 4096));
  return m ? (MESSAGES[m[1]!] ?? 'other') : 'other';
}

/**
 * The transactions of a camt.053 or camt.054, in file order, read one entry at a time (`xml`:
 * the whole text, or its pieces as a file is read: `readTextChunks`).
 * Malformed XML, or another message: `InvalidInputError` (exit 4) — thrown when met, so a
 * caller that writes must read everything before it commits (the callers do: one transaction).
 */
export function* iterateCamt(xml: string | Iterable<string>): Generator<CamtTx> {
  let message: CamtMessage | null = null;
  let root: string | null = null;
  let account: string | null = null;
  try {
    for (const { path, el } of iterateXml(xml, (name, p) => {
      if (p.length === 1 && root === null) {
        root = name;
        message = MESSAGES[name] ?? null;
        if (message === null) throw new InvalidInputError(t('documents.camt.not_camt', { root: name }));
      }
      return p.length === 3 && REPORTS.has(p[2]!) && (name === 'Acct' || name === 'Ntry');
    })) {
      if (el.name === 'Acct') account = compact(textAt(el, 'Id/IBAN'));
      else yield* transactions(el, account);
      void path;
    }
  } catch (e) {
    if (!(e instanceof XmlError)) throw e;
    throw new InvalidInputError(t('documents.camt.bad_xml', { detail: e.detail }), [{ line: e.line, column: null, code: 'bad_xml', message: e.detail }]);
  }
  if (message === null) throw new InvalidInputError(t('documents.camt.not_camt', { root: root ?? '—' }));
}

/** Sub-families of issued direct debits (`PMNT`/`IDDT`) that take a collection back. */
const RETURN_SUBFAMILIES = new Set(['UPDD', 'PRDD', 'RCDD']);

/** A collection of ours taken back by the debtor's bank (reject, return, refund): its return information, or its code. */
export function isDebitReturn(tx: CamtTx): boolean {
  if (tx.returned) return true;
  if (tx.family !== 'IDDT') return false;
  return (!tx.credit && tx.subFamily !== null && RETURN_SUBFAMILIES.has(tx.subFamily)) || (tx.credit && tx.reversal);
}
