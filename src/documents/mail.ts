/**
 * `bill send`: each invoice or credit note e-mailed to the member with its PDF (art. 7.3.2),
 * over SMTP (nodemailer; `smtp.url` setting, or PARNASSE_SMTP_URL). Each sending is
 * recorded (what, to whom, when) in its own transaction as soon as the server accepts it;
 * an invoice already sent is skipped unless `resend`. Members without e-mail are listed
 * for postal delivery, addresses the server refuses for good (5xx) as `rejected` (the
 * others are still sent). A server that cannot be reached, closes, or answers "try later"
 * stops the batch: exit 6 (ServiceError), what was sent stays recorded and the same
 * command sends the rest; a refused login is the setting's fault: exit 4. The e-mail is
 * French whatever the locale.
 */
import nodemailer from 'nodemailer';
import { sql } from 'drizzle-orm';
import type { Connection } from '../db/connection.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import { invoiceMailings } from '../db/schema.js';
import { InvalidInputError, ServiceError } from '../errors.js';
import { maskSecret, requireSettings } from '../settings/index.js';
import { t, tIn } from '../i18n/index.js';
import type { IsoDate } from '../rules/dates.js';
import { euros, frDate } from '../i18n/french.js';
import { loadLetterhead, paymentMeans, pdfBytes, renderInvoicePdf } from './pdf.js';
import { selectDocs } from './index.js';
import type { InvoiceDoc } from './invoice-data.js';

export interface SendResult {
  sent: { invoice: string; to: string; message_id: string | null }[];
  skipped: { invoice: string; sent_at: string }[];
  postal: { invoice: string; member_no: string; name: string; address: string }[];
  /** Addresses the server refused for good (5xx): not recorded as sent, to fix or post. */
  rejected: { invoice: string; member_no: string; to: string; reason: string }[];
}

function message(doc: InvoiceDoc, seller: string) {
  const name = `${doc.member.firstName} ${doc.member.lastName}`;
  const amount = euros(doc.totalTtcCents);
  if (doc.kind === 'credit_note')
    return {
      subject: tIn('fr', 'documents.mail.subject_credit', { number: doc.number, seller }),
      text: tIn('fr', 'documents.mail.body_credit', { name, number: doc.number, date: frDate(doc.issuedOn), amount, refers_to: doc.refersTo?.number ?? '', seller }),
    };
  const means = paymentMeans(doc) === 'sepa'
    ? tIn('fr', 'documents.mail.means_sepa', { date: frDate(doc.debit?.collectionDate ?? doc.payBy) })
    : tIn('fr', 'documents.mail.means_transfer');
  return {
    subject: tIn('fr', 'documents.mail.subject_invoice', { number: doc.number, seller }),
    text: tIn('fr', 'documents.mail.body_invoice', { name, number: doc.number, date: frDate(doc.issuedOn), amount, pay_by: frDate(doc.payBy), means, seller }),
  };
}

export async function sendInvoices(
  conn: Connection,
  actor: Actor,
  o: { numbers?: string[]; month?: string; resend?: boolean; on: IsoDate; env?: Record<string, string | undefined>; now?: () => Date },
): Promise<SendResult> {
  const s = requireSettings(conn.db, ['mail.from', 'smtp.url'], o.env ?? {});
  const head = loadLetterhead(conn.db);
  const transport = nodemailer.createTransport(s['smtp.url']);
  const result: SendResult = { sent: [], skipped: [], postal: [], rejected: [] };
  try {
    for (const page of selectDocs(conn, o)) {
      for (const doc of page) {
        const prior = conn.db.get<{ sent_at: string } | undefined>(sql`select sent_at from invoice_mailings where invoice_id = ${doc.id} order by id desc limit 1`);
        if (prior && !o.resend) {
          result.skipped.push({ invoice: doc.number, sent_at: prior.sent_at });
          continue;
        }
        const to = doc.member.email?.trim();
        if (!to) {
          const m = doc.member;
          result.postal.push({
            invoice: doc.number,
            member_no: String(m.memberNo),
            name: m.kind === 'company' && m.companyName ? m.companyName : `${m.firstName} ${m.lastName}`,
            address: [m.street, `${m.postalCode ?? ''} ${m.city ?? ''}`.trim()].filter(Boolean).join(', '),
          });
          continue;
        }
        const { subject, text } = message(doc, head.seller.name);
        const pdf = Buffer.concat(await pdfBytes(renderInvoicePdf(doc, head)));
        let info: { messageId?: string };
        try {
          info = await transport.sendMail({
            from: s['mail.from'],
            to,
            subject,
            text,
            attachments: [{ filename: `${doc.number}.pdf`, content: pdf, contentType: 'application/pdf' }],
          });
        } catch (e) {
          const err = e as NodeJS.ErrnoException & { responseCode?: number; response?: string };
          if (err.code === 'EENVELOPE' && (err.responseCode ?? 0) >= 500) {
            // this member's address is refused for good: the others are still sent
            result.rejected.push({ invoice: doc.number, member_no: String(doc.member.memberNo), to, reason: (err.response ?? err.message).trim() });
            continue;
          }
          const server = maskSecret('smtp.url', s['smtp.url']) ?? '';
          const reason = err.responseCode ? `${err.responseCode} ${(err.response ?? '').trim()}` : (err.code ?? err.message);
          const details = { sent: result.sent, rejected: result.rejected };
          if (err.code === 'EAUTH') throw new InvalidInputError(t('documents.mail.smtp_login', { server, reason, sent: result.sent.length }), [], details);
          throw new ServiceError(t('documents.mail.smtp_failed', { server, reason, sent: result.sent.length }), details);
        }
        const sentAt = (o.now?.() ?? new Date()).toISOString();
        writeTx(conn, (tx) => {
          tx.insert(invoiceMailings).values({ invoiceId: doc.id, toAddress: to, messageId: info.messageId ?? null, sentAt }).run();
          audit(tx, actor, { entity: 'invoice', entityId: doc.number, action: 'email', change: { to, sent_at: sentAt, message_id: info.messageId ?? null, resend: !!prior } });
        });
        result.sent.push({ invoice: doc.number, to, message_id: info.messageId ?? null });
      }
    }
  } finally {
    transport.close();
  }
  return result;
}
