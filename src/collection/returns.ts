/**
 * The bank's returns (R-transactions): debits rejected or returned. Each marks its debit
 * rejected and reverses the payment its export booked, so the invoice is unpaid from its
 * pay-by date and late after it (RULES.md §6 decision SEPA). Reads a simple CSV
 * (`invoice` or `end_to_end_id`, optional `reason` and `date`), a camt.054 notification of
 * returned debits (any version, issue 25) or a pain.002 status report
 * (rejected transactions: `TxSts` RJCT, or their payment's or group's status when they have none). All or nothing: one unknown line and nothing is
 * written (exit 4, every bad line listed). A return already recorded is `unchanged`.
 */
import Papa from 'papaparse';
import { sql } from 'drizzle-orm';
import type { Connection } from '../db/connection.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import { paymentReversals, sepaDebits } from '../db/schema.js';
import { InvalidInputError, type RowError } from '../errors.js';
import { parseDate, type IsoDate } from '../rules/dates.js';
import { t } from '../i18n/index.js';
import { eq } from 'drizzle-orm';
import { camtMessageOf, isDebitReturn, iterateCamt } from '../files/camt.js';
import { formatEuros } from '../i18n/euros.js';
import { child, childrenNamed, readXml, textAt, XmlError, type XmlElement } from '../files/xml.js';

export interface ReturnLine {
  line: number;
  invoice: string;
  reason: string | null;
  date: IsoDate | null;
  /** The amount the bank took back (camt.054), checked against the debit's; null when the file does not say. */
  amountCents?: number | null;
}

export interface ReturnsResult {
  rejected: number;
  unchanged: number;
  invoices: { invoice: string; member_no: string; amount_cents: number; reason: string | null; rejected_on: string; status: 'rejected' | 'unchanged' }[];
}

/** Lines of a returns file: pain.002 (XML) or CSV. */
export function parseReturns(text: string): { lines: ReturnLine[]; errors: RowError[] } {
  const body = text.replace(/^\ufeff/, '');
  if (/^\s*</.test(body)) return camtMessageOf(body) === 'other' ? parsePain002(body) : parseCamtReturns(body);
  const parsed = Papa.parse<Record<string, string>>(body, {
    header: true,
    skipEmptyLines: 'greedy',
    delimitersToGuess: [',', ';', '\t'],
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const fields = parsed.meta.fields ?? [];
  const col = (...names: string[]) => names.find((n) => fields.includes(n));
  const inv = col('invoice', 'end_to_end_id', 'endtoendid', 'e2e', 'facture');
  const reason = col('reason', 'reason_code', 'code', 'motif');
  const date = col('date', 'rejected_on', 'return_date');
  if (!inv) return { lines: [], errors: [{ line: 1, column: null, code: 'no_invoice_column', message: t('documents.returns.no_invoice_column') }] };
  const lines: ReturnLine[] = [];
  const errors: RowError[] = [];
  for (const [i, r] of parsed.data.entries()) {
    const line = i + 2;
    const number = (r[inv] ?? '').trim().toUpperCase();
    if (!number) {
      errors.push({ line, column: inv, code: 'empty_invoice', message: t('documents.returns.empty_invoice') });
      continue;
    }
    let d: IsoDate | null = null;
    if (date && (r[date] ?? '').trim()) {
      d = parseDate(r[date]!.trim());
      if (!d) {
        errors.push({ line, column: date, code: 'not_date', message: t('documents.returns.bad_date', { value: r[date]! }) });
        continue;
      }
    }
    lines.push({ line, invoice: number, reason: reason ? (r[reason] ?? '').trim() || null : null, date: d });
  }
  return { lines, errors };
}

/**
 * A camt.054 (or a camt.053) of any version: the collections taken back (`isDebitReturn`:
 * return information, or an `IDDT` unpaid/reversal code), by original end-to-end id, with
 * the ISO reason code, the amount and the booking date; every other entry is left alone.
 */
function parseCamtReturns(xml: string): { lines: ReturnLine[]; errors: RowError[] } {
  const lines: ReturnLine[] = [];
  const errors: RowError[] = [];
  for (const tx of iterateCamt(xml)) {
    if (!isDebitReturn(tx)) continue;
    if (tx.endToEndId === null) {
      errors.push({ line: tx.line, column: 'EndToEndId', code: 'no_end_to_end_id', message: t('documents.returns.camt_no_id') });
      continue;
    }
    if (tx.amountCents === null || (tx.currency !== null && tx.currency !== 'EUR')) {
      errors.push({ line: tx.line, column: 'Amt', code: 'bad_amount', message: t('documents.returns.camt_bad_amount', { id: tx.endToEndId }) });
      continue;
    }
    const date = tx.bookedOn !== null ? parseDate(tx.bookedOn) : null;
    lines.push({ line: tx.line, invoice: tx.endToEndId.toUpperCase(), reason: tx.returnReason, date, amountCents: tx.amountCents });
  }
  return { lines, errors };
}

/** Transaction statuses that mean the debit was not collected (ISO 20022 ExternalPaymentTransactionStatus1Code). */
const REJECTED = new Set(['RJCT']);

/**
 * A pain.002 (CstmrPmtStsRpt, any version, any namespace prefix): the rejected
 * transactions, by original end-to-end id. A transaction without its own status (`TxSts`)
 * takes its payment information's (`PmtInfSts`), else its group's (`GrpSts`); its reason the
 * same way. A file that is not a status report, a transaction whose status cannot be read,
 * or a group rejected or partly accepted without listing its transactions: exit 4.
 */
function parsePain002(xml: string): { lines: ReturnLine[]; errors: RowError[] } {
  let root: XmlElement;
  try {
    root = readXml(xml);
  } catch (e) {
    if (!(e instanceof XmlError)) throw e;
    throw new InvalidInputError(t('documents.returns.bad_xml', { detail: e.detail }), [{ line: e.line, column: null, code: 'bad_xml', message: e.detail }]);
  }
  const report = root.name === 'CstmrPmtStsRpt' ? root : child(root, 'CstmrPmtStsRpt');
  if (!report) throw new InvalidInputError(t('documents.returns.not_pain002', { root: root.name }));
  const created = textAt(report, 'GrpHdr/CreDtTm')?.slice(0, 10) ?? null;
  const date = created !== null ? parseDate(created) : null;
  const grp = child(report, 'OrgnlGrpInfAndSts');
  const grpSts = textAt(grp, 'GrpSts');
  const grpReason = reasonOf(grp);
  const lines: ReturnLine[] = [];
  const errors: RowError[] = [];
  let txs = 0;
  for (const pmt of childrenNamed(report, 'OrgnlPmtInfAndSts')) {
    const pmtSts = textAt(pmt, 'PmtInfSts');
    const pmtReason = reasonOf(pmt);
    for (const tx of childrenNamed(pmt, 'TxInfAndSts')) {
      txs++;
      const e2e = textAt(tx, 'OrgnlEndToEndId');
      const status = textAt(tx, 'TxSts') ?? pmtSts ?? grpSts;
      if (status === null) {
        errors.push({ line: tx.line, column: 'TxSts', code: 'no_status', message: t('documents.returns.tx_no_status', { id: e2e ?? '?' }) });
        continue;
      }
      if (!REJECTED.has(status)) continue;
      if (e2e === null) {
        errors.push({ line: tx.line, column: 'OrgnlEndToEndId', code: 'no_end_to_end_id', message: t('documents.returns.tx_no_id') });
        continue;
      }
      lines.push({ line: tx.line, invoice: e2e.toUpperCase(), reason: reasonOf(tx) ?? pmtReason ?? grpReason, date });
    }
    // a payment information rejected as a whole without its transactions: which debits is unknown
    if (childrenNamed(pmt, 'TxInfAndSts').length === 0 && pmtSts !== null && !ACCEPTED_WHOLE.has(pmtSts))
      throw new InvalidInputError(t('documents.returns.no_tx_status', { status: pmtSts }));
  }
  if (errors.length > 0) throw new InvalidInputError(t('documents.returns.no_tx_status_some', { count: errors.length }), errors);
  if (txs === 0 && (grpSts === null || !ACCEPTED_WHOLE.has(grpSts)))
    throw new InvalidInputError(t('documents.returns.no_tx_status', { status: grpSts ?? '—' }));
  return { lines, errors };
}

/** Group or payment statuses that accept every transaction: no list needed to know nothing was rejected. */
const ACCEPTED_WHOLE = new Set(['ACCP', 'ACSC', 'ACSP', 'ACTC', 'ACWC', 'ACCC', 'ACFC', 'ACIS', 'RCVD', 'PDNG']);

/** The first status reason code of an element (`StsRsnInf/Rsn/Cd`, or a proprietary `Prtry`). */
function reasonOf(el: XmlElement | null): string | null {
  return textAt(el, 'StsRsnInf/Rsn/Cd') ?? textAt(el, 'StsRsnInf/Rsn/Prtry');
}

export function recordReturns(conn: Connection, actor: Actor, text: string, on: IsoDate): ReturnsResult {
  const { lines, errors } = parseReturns(text);
  return writeTx(conn, (tx) => {
    const found = lines.map((l) => {
      const d = tx.get<
        | { id: number; status: string; payment_id: number | null; amount_cents: number; member_no: number; mandate_id: number; original_iban: string | null }
        | undefined
      >(sql`
        select d.id, d.status, d.payment_id, d.amount_cents, m.member_no, d.mandate_id, d.original_iban from sepa_debits d join invoices i on i.id = d.invoice_id
        join members m on m.id = i.member_id where i.number = ${l.invoice}`);
      if (!d) errors.push({ line: l.line, column: 'invoice', code: 'not_debited', message: t('documents.returns.not_debited', { invoice: l.invoice }) });
      else if (l.amountCents != null && l.amountCents !== d.amount_cents)
        errors.push({
          line: l.line,
          column: 'Amt',
          code: 'amount_differs',
          message: t('documents.returns.amount_differs', { invoice: l.invoice, returned: formatEuros(l.amountCents), debited: formatEuros(d.amount_cents) }),
        });
      return { l, d };
    });
    if (errors.length)
      throw new InvalidInputError(
        t('documents.returns.rejected_file', { count: errors.length }),
        errors.sort((a, b) => a.line - b.line),
      );
    const result: ReturnsResult = { rejected: 0, unchanged: 0, invoices: [] };
    for (const { l, d } of found) {
      const when = l.date ?? on;
      if (d!.status === 'rejected') {
        result.unchanged++;
        result.invoices.push({
          invoice: l.invoice,
          member_no: String(d!.member_no),
          amount_cents: d!.amount_cents,
          reason: l.reason,
          rejected_on: when,
          status: 'unchanged',
        });
        continue;
      }
      tx.update(sepaDebits).set({ status: 'rejected', rejectedOn: when, reasonCode: l.reason }).where(eq(sepaDebits.id, d!.id)).run();
      if (d!.payment_id !== null)
        tx.insert(paymentReversals)
          .values({ paymentId: d!.payment_id, reversedOn: when, reason: `SEPA ${l.reason ?? 'return'}` })
          .run();
      // the debit that told the bank of the mandate's new account came back: the bank was not
      // told — the next debit tells it again, unless a later debit was collected since
      let amendmentPending = false;
      if (d!.original_iban !== null) {
        const later = tx.get<{ n: number }>(
          sql`select count(*) as n from sepa_debits where mandate_id = ${d!.mandate_id} and id > ${d!.id} and status = 'exported'`,
        ).n;
        if (later === 0) {
          tx.run(sql`update sepa_mandates set amended_from_iban = case when iban = ${d!.original_iban} then null else ${d!.original_iban} end
                     where id = ${d!.mandate_id} and ended_on is null`);
          amendmentPending = true;
        }
      }
      audit(tx, actor, {
        entity: 'invoice',
        entityId: l.invoice,
        action: 'sepa_return',
        change: {
          payment_reversed: d!.payment_id,
          amount_cents: d!.amount_cents,
          reason: l.reason,
          rejected_on: when,
          ...(amendmentPending ? { amendment_pending_again: true } : {}),
        },
      });
      result.rejected++;
      result.invoices.push({
        invoice: l.invoice,
        member_no: String(d!.member_no),
        amount_cents: d!.amount_cents,
        reason: l.reason,
        rejected_on: when,
        status: 'rejected',
      });
    }
    return result;
  });
}
