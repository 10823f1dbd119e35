/**
 * The sentences an invoice or credit note states, in French, shared by its PDF and its
 * e-invoice (src/documents/cii.ts): what the XML says is what the PDF prints.
 */
import { tIn, type MessageKey, type Params } from '../i18n/index.js';
import { frDate, frIban } from '../i18n/french.js';
import type { InvoiceDoc } from './invoice-data.js';
import type { Letterhead } from '../invoicing/frozen.js';

const fr = (key: MessageKey, p: Params = {}) => tIn('fr', key, p);

/**
 * How a document is paid: SEPA debit (mandate, not the entry fee), transfer, or nothing
 * (credit note) — as frozen at issue; a document issued before that reads today's debit and mandate.
 */
export function paymentMeans(doc: InvoiceDoc): 'sepa' | 'transfer' | 'entry_fee' | 'credit' {
  if (doc.frozen?.payment) return doc.frozen.payment.means;
  if (doc.kind === 'credit_note') return 'credit';
  if (doc.isEntryFee) return 'entry_fee';
  if (doc.debit && doc.debit.status === 'exported') return 'sepa';
  return doc.mandate ? 'sepa' : 'transfer';
}

/** The SEPA mandate a debited document quotes: the frozen one; before documents were frozen, the exported debit's, else the mandate in force. */
export function debitMandate(doc: InvoiceDoc): string | null {
  return (!doc.frozen && doc.debit?.rum) || doc.mandate?.rum || null;
}

/** The payment sentence: the debit's date, mandate and creditor id, or the transfer's account, or the credit. */
export function paymentText(doc: InvoiceDoc, head: Letterhead): string {
  const means = paymentMeans(doc);
  if (means === 'credit') return fr('documents.pdf.pay.credit');
  if (means === 'sepa')
    return fr('documents.pdf.pay.sepa', {
      date: frDate(!doc.frozen && doc.debit?.status === 'exported' ? doc.debit.collectionDate : doc.payBy),
      rum: debitMandate(doc)!,
      ics: head.ics ?? '',
    });
  return fr(means === 'entry_fee' ? 'documents.pdf.pay.entry_fee' : 'documents.pdf.pay.transfer', {
    date: frDate(doc.payBy),
    iban: frIban(head.iban ?? ''),
    bic: head.bic ?? '',
    number: doc.number,
  });
}
