/**
 * `bill send`: each invoice or credit note e-mailed to the member with its PDF (art. 7.3.2),
 * over SMTP (nodemailer; `smtp.url` setting, or PARNASSE_SMTP_URL). Each sending is
 * recorded before it leaves (what, to whom, its Message-ID) and confirmed in its own
 * transaction as soon as the server accepts it (issue 28): an invoice whose sending was
 * confirmed is skipped unless `resend`; one recorded but never confirmed (the run was killed
 * in between) is sent again with the same Message-ID, so that a copy the server had in fact
 * accepted is the same message to the member's mail system. The connection is encrypted
 * before any login (smtp-url.ts) and a silent server is given up after a timeout. Members without e-mail are listed
 * for postal delivery, addresses the server refuses for good (5xx) as `rejected` (the
 * others are still sent). A server that cannot be reached, closes, or answers "try later"
 * stops the batch: exit 6 (ServiceError), what was sent stays recorded and the same
 * command sends the rest; a refused login is the setting's fault: exit 4. The e-mail is
 * French whatever the locale.
 *
 * Mail for review (issue 24): with `smtp.url` = `file:///DIR` nothing is sent — each message,
 * exactly as it would leave, is written into DIR as `<number>.eml` (0600, atomically; the
 * folder made 0700 when missing) and recorded like a sending (its Message-ID, accepted at once,
 * `server_reply` = `written to file://…`). Such a sending does not count for a real server: the
 * next `bill send` through SMTP sends it.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { parseSmtpUrl, smtpTimeoutMs } from '../settings/smtp-url.js';
import { ensureOutDir, writeFileAtomic } from '../files/atomic.js';
import { sql } from 'drizzle-orm';
import type { Connection } from '../db/connection.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import { InvalidInputError, ServiceError } from '../errors.js';
import { maskSecret, requireSettings } from '../settings/index.js';
import { t, tIn } from '../i18n/index.js';
import type { IsoDate } from '../rules/dates.js';
import { euros, frDate } from '../i18n/french.js';
import { paymentMeans } from './pdf.js';
import { pdfRenderer, selectDocs, todaysLetterheadIfNeeded } from './index.js';
import { letterheadFor, type InvoiceDoc } from './invoice-data.js';

export interface SendResult {
  /** `file`: where the message was written instead of being sent (`smtp.url` = `file:///DIR`). */
  sent: { invoice: string; to: string; message_id: string | null; file?: string }[];
  /** The folder the messages were written into (`file:///DIR`); absent when sent through a server. */
  folder?: string;
  skipped: { invoice: string; sent_at: string }[];
  postal: { invoice: string; member_no: string; name: string; address: string }[];
  /** Addresses the server refused for good (5xx): not recorded as sent, to fix or post. */
  rejected: { invoice: string; member_no: string; to: string; reason: string }[];
}

/** The pooled SMTP connections `bill send` may open (nodemailer renews one after 100 messages). */
export const SMTP_CONNECTIONS = 3;
/**
 * nodemailer's pool sends a message again, on a new connection and without end, when its
 * connection closes while it is out (`maxRequeues` unset): never here — a message handed over
 * without an answer stays unconfirmed and the batch stops (issue 28). The option is nodemailer's
 * own (lib/smtp-pool), missing from @types/nodemailer.
 */
const NO_REQUEUE = { maxRequeues: 0 };

/**
 * The pool's connections, opened with Nagle's algorithm off (issue 27). With nodemailer's own
 * socket it stays on: the last small segment of each message (the `.` that ends DATA) waits for
 * the server's delayed acknowledgement, about 40 ms a message — most of a batch's time on a
 * local server, client and server both idle (300 mails: 5.4 s with it, 1.6 s without, the same
 * CPU). nodemailer is given the connection made (its `getSocket` option): TLS, implicit or
 * STARTTLS, and the login stay its own. A connection not made within `wait` ms fails with
 * ETIMEDOUT, and a refused one with the system's error, as nodemailer's own would.
 */
export function noDelaySocket(host: string, port: number, wait: number) {
  return (_options: unknown, callback: (err: Error | null, socket?: { connection: net.Socket }) => void) => {
    const socket = net.connect({ host, port });
    const failed = (e: Error) => {
      clearTimeout(timer);
      socket.destroy();
      callback(e);
    };
    const timer = setTimeout(() => failed(Object.assign(new Error(`Connection timeout (${host}:${port})`), { code: 'ETIMEDOUT', syscall: 'connect' })), wait);
    socket.once('error', failed);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', failed);
      socket.setNoDelay(true);
      callback(null, { connection: socket });
    });
  };
}

function message(doc: InvoiceDoc, seller: string) {
  const name = `${doc.member.firstName} ${doc.member.lastName}`;
  const amount = euros(doc.totalTtcCents);
  if (doc.kind === 'credit_note')
    return {
      subject: tIn('fr', 'documents.mail.subject_credit', { number: doc.number, seller }),
      text: tIn('fr', 'documents.mail.body_credit', {
        name,
        number: doc.number,
        date: frDate(doc.issuedOn),
        amount,
        refers_to: doc.refersTo?.number ?? '',
        seller,
      }),
    };
  const means =
    paymentMeans(doc) === 'sepa'
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
  o: {
    numbers?: string[];
    month?: string;
    resend?: boolean;
    on: IsoDate;
    env?: Record<string, string | undefined>;
    now?: () => Date;
    /** Called after each document (sent, skipped, posted or refused): the progress bar's count. */
    onProgress?: (done: number) => void;
  },
): Promise<SendResult> {
  const env = o.env ?? {};
  const s = requireSettings(conn.db, ['mail.from', 'smtp.url'], env);
  const server = maskSecret('smtp.url', s['smtp.url']) ?? '';
  const smtp = parseSmtpUrl(s['smtp.url']);
  if ('problem' in smtp) throw new InvalidInputError(t('documents.mail.smtp_url_bad', { server, expected: t('settings.expect.smtp') }));
  const head = todaysLetterheadIfNeeded(conn, o);
  const folder = 'folder' in smtp ? smtp.folder : null;
  if (folder !== null) ensureOutDir(folder, 'smtp.url', '.eml');
  const wait = smtpTimeoutMs(env);
  const ca = env.PARNASSE_SMTP_CA ? fs.readFileSync(env.PARNASSE_SMTP_CA, 'utf8') : undefined;
  const transport =
    'folder' in smtp
      ? // the message as it would leave, built by the same library, kept in memory to be written
        nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
      : nodemailer.createTransport({
          // one connection for the batch (issue 27): one STARTTLS and one login, not one per
          // e-mail; a few at most, since the e-mails go one after the other (each is recorded
          // before it leaves and confirmed when accepted). A connection the server closes while
          // a message is out is never silently retried here (maxRequeues 0): the message stays
          // unconfirmed and the batch stops, as without the pool.
          pool: true,
          maxConnections: SMTP_CONNECTIONS,
          ...NO_REQUEUE,
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          requireTLS: smtp.requireTLS,
          ignoreTLS: smtp.ignoreTLS,
          ...(smtp.auth ? { auth: smtp.auth } : {}),
          connectionTimeout: wait,
          greetingTimeout: wait,
          socketTimeout: wait,
          dnsTimeout: wait,
          ...(ca ? { tls: { ca } } : {}),
          getSocket: noDelaySocket(smtp.host, smtp.port, wait),
        } as Parameters<typeof nodemailer.createTransport>[0]);
  const domain = /@([^>\s]+)>?\s*$/.exec(s['mail.from'])?.[1] ?? 'parnasse.invalid';
  const result: SendResult = { sent: [], skipped: [], postal: [], rejected: [], ...(folder !== null ? { folder } : {}) };
  // a message written to a folder for review is not sent: a real server's sending does not skip it
  const counted = folder !== null ? sql`1 = 1` : sql`(server_reply is null or server_reply not like 'written to file:%')`;
  // the PDFs are rendered on the workers (one per core) a few documents ahead of the one being
  // sent, in the order of the month; a document that will not be sent (already sent, by post)
  // is not rendered
  const renderer = await pdfRenderer(head);
  const priorOf = (doc: InvoiceDoc) =>
    conn.db.get<{ sent_at: string } | undefined>(
      sql`select sent_at from invoice_mailings where invoice_id = ${doc.id} and accepted_at is not null and ${counted} order by id desc limit 1`,
    );
  const docs = (function* () {
    for (const page of selectDocs(conn, o)) yield* page;
  })();
  const ahead: { doc: InvoiceDoc; pdf: Promise<Buffer> | null }[] = [];
  const fill = () => {
    while (ahead.length <= renderer.ahead) {
      const n = docs.next();
      if (n.done) return;
      const doc = n.value;
      let pdf: Promise<Buffer> | null = null;
      if (renderer.ahead > 0 && doc.member.email?.trim() && (o.resend || !priorOf(doc))) {
        pdf = renderer.render(doc);
        pdf.catch(() => {}); // a failure is told when its document's turn comes
      }
      ahead.push({ doc, pdf });
    }
  };
  try {
    let done = 0;
    for (fill(); ahead.length > 0; fill()) {
      const { doc, pdf: rendering } = ahead.shift()!;
      if (done > 0) o.onProgress?.(done);
      done++;
      const prior = priorOf(doc);
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
      const { subject, text } = message(doc, letterheadFor(doc, head).seller.name);
      const pdf = await (rendering ?? renderer.render(doc));
      // recorded before it leaves: a sending left unconfirmed by a killed run goes again under its Message-ID
      const unconfirmed = conn.db.get<{ id: number; message_id: string } | undefined>(
        sql`select id, message_id from invoice_mailings where invoice_id = ${doc.id} and accepted_at is null and to_address = ${to} and message_id is not null order by id desc limit 1`,
      );
      const messageId = unconfirmed?.message_id ?? `<${doc.number}.${randomBytes(8).toString('hex')}@${domain}>`;
      const mailingId =
        unconfirmed?.id ??
        Number(
          conn.sqlite
            .prepare('insert into invoice_mailings (invoice_id, to_address, message_id, sent_at) values (?, ?, ?, ?)')
            .run(doc.id, to, messageId, (o.now?.() ?? new Date()).toISOString()).lastInsertRowid,
        );
      let info: { messageId?: string; response?: string; message?: unknown };
      let file: string | undefined;
      try {
        info = await transport.sendMail({
          from: s['mail.from'],
          to,
          subject,
          text,
          messageId,
          attachments: [{ filename: `${doc.number}.pdf`, content: pdf, contentType: 'application/pdf' }],
        });
        if (folder !== null) {
          file = path.join(folder, `${doc.number}.eml`);
          writeFileAtomic(file, info.message as Buffer, { flag: 'smtp.url' });
          info.response = `written to ${pathToFileURL(file).href}`;
        }
      } catch (e) {
        if (folder !== null) {
          conn.sqlite.prepare('delete from invoice_mailings where id = ? and accepted_at is null').run(mailingId);
          throw e;
        }
        const err = e as NodeJS.ErrnoException & { responseCode?: number; response?: string };
        // the server said no, or the message never got to it: this attempt's record goes (one left
        // by a killed run stays: that earlier attempt may have been accepted); after the message
        // was handed over without an answer (a timeout, a cut), it stays unconfirmed: sent again
        const neverLeft =
          err.responseCode !== undefined ||
          ['EAUTH', 'ETLS', 'EDNS', 'EENVELOPE'].includes(err.code ?? '') ||
          err.syscall === 'connect' ||
          /\b(ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ENOTFOUND)\b/.test(err.message);
        if (neverLeft && !unconfirmed) conn.sqlite.prepare('delete from invoice_mailings where id = ? and accepted_at is null').run(mailingId);
        if (err.code === 'EENVELOPE' && (err.responseCode ?? 0) >= 500) {
          // this member's address is refused for good: never accepted, the others are still sent
          result.rejected.push({ invoice: doc.number, member_no: String(doc.member.memberNo), to, reason: (err.response ?? err.message).trim() });
          continue;
        }
        const reason = err.responseCode ? `${err.responseCode} ${(err.response ?? '').trim()}` : `${err.code ?? ''} ${err.message}`.trim();
        const details = { sent: result.sent, rejected: result.rejected };
        if (err.code === 'ETLS') throw new InvalidInputError(t('documents.mail.smtp_no_tls', { server, reason }), [], details);
        if (err.code === 'EAUTH') throw new InvalidInputError(t('documents.mail.smtp_login', { server, reason, sent: result.sent.length }), [], details);
        throw new ServiceError(t('documents.mail.smtp_failed', { server, reason, sent: result.sent.length }), details);
      }
      const acceptedAt = (o.now?.() ?? new Date()).toISOString();
      const reply = info.response?.trim() ?? null;
      writeTx(conn, (tx) => {
        tx.run(sql`update invoice_mailings set accepted_at = ${acceptedAt}, server_reply = ${reply} where id = ${mailingId}`);
        audit(tx, actor, {
          entity: 'invoice',
          entityId: doc.number,
          action: 'email',
          change: {
            to,
            sent_at: acceptedAt,
            message_id: messageId,
            server_reply: reply,
            resend: !!prior,
            ...(file !== undefined ? { file } : {}),
            ...(unconfirmed ? { unconfirmed_before: true } : {}),
          },
        });
      });
      result.sent.push({ invoice: doc.number, to, message_id: messageId, ...(file !== undefined ? { file } : {}) });
    }
    if (done > 0) o.onProgress?.(done);
  } finally {
    transport.close();
    await renderer.close();
  }
  return result;
}
