/**
 * What `smtp.url` says about the connection (issue 28 item 11), pure — read by the settings
 * validator and by `bill send`. The password never travels in clear:
 *
 * - `smtps://USER:PASS@HOST[:465]` — TLS from the first byte;
 * - `smtp://USER:PASS@HOST[:587]` — STARTTLS is required: a server that does not offer it
 *   (or a man in the middle that strips it) stops the sending before the login is sent;
 * - `smtp://HOST:25/?tls=off` — explicitly no encryption, for a local relay: only without a
 *   login (a password with `tls=off` is refused).
 *
 * - `file:///path/to/dir` — mail for review (issue 24): nothing is sent, each message is
 *   written into that folder as `<number>.eml`; no host, no query.
 *
 * A server that stops answering is given up after `PARNASSE_SMTP_TIMEOUT` seconds (default
 * 60) at every step: connection, greeting, each answer.
 */
import { fileURLToPath } from 'node:url';

export interface SmtpUrl {
  host: string;
  port: number;
  /** TLS from the start (smtps). */
  secure: boolean;
  /** STARTTLS required (smtp without `tls=off`). */
  requireTLS: boolean;
  /** No STARTTLS at all (`tls=off`). */
  ignoreTLS: boolean;
  auth: { user: string; pass: string } | null;
}

/** `file:///DIR`: the messages are written into DIR instead of being sent. */
export interface MailFolder {
  folder: string;
}

export type SmtpUrlProblem = 'not_url' | 'scheme' | 'tls_value' | 'clear_password';

/** Parses `smtp.url`; a problem instead when it cannot be used. */
export function parseSmtpUrl(url: string): SmtpUrl | MailFolder | { problem: SmtpUrlProblem } {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return { problem: 'not_url' };
  }
  if (u.protocol === 'file:') {
    if ((u.hostname !== '' && u.hostname !== 'localhost') || u.search !== '' || u.hash !== '' || u.pathname === '/') return { problem: 'scheme' };
    return { folder: fileURLToPath(u) };
  }
  if ((u.protocol !== 'smtp:' && u.protocol !== 'smtps:') || !u.hostname) return { problem: 'scheme' };
  const tls = u.searchParams.get('tls');
  if (tls !== null && tls !== 'off' && tls !== 'required') return { problem: 'tls_value' };
  const secure = u.protocol === 'smtps:';
  const off = !secure && tls === 'off';
  const user = decodeURIComponent(u.username);
  const pass = decodeURIComponent(u.password);
  if (off && (user !== '' || pass !== '')) return { problem: 'clear_password' };
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    requireTLS: !secure && !off,
    ignoreTLS: off,
    auth: user !== '' || pass !== '' ? { user, pass } : null,
  };
}

/** Seconds before a silent server is given up (PARNASSE_SMTP_TIMEOUT, default 60). */
export function smtpTimeoutMs(env: Record<string, string | undefined>): number {
  const v = Number(env.PARNASSE_SMTP_TIMEOUT);
  return Number.isFinite(v) && v > 0 ? Math.round(v * 1000) : 60_000;
}
