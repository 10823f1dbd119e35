/**
 * Issue 24, mail for review: `smtp.url` may be `file:///path/to/dir` — `bill send` writes each
 * message there as an `.eml` (0600, atomically) instead of sending it, recorded like a sending
 * (invoice_mailings, the audit entry, the Message-ID). A sending to a folder does not count as
 * sent for a real server afterwards: the Desk checks the month's mails, then sends them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { parseSmtpUrl } from '../../src/settings/smtp-url.js';

function club() {
  const db = path.join(tempDir(), 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const a = insertMember(conn, { firstName: 'Hélène', lastName: 'Dupré', email: 'helene.dupre@example.fr' });
  const b = insertMember(conn, { email: '' });
  const ia = issue(conn, a, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
  issue(conn, b, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
  conn.close();
  return { db, ia };
}

const mailings = (db: string) => {
  const conn = openDatabase(db);
  try {
    return conn.sqlite.prepare('select to_address, message_id, accepted_at, server_reply from invoice_mailings order by id').all() as {
      to_address: string;
      message_id: string;
      accepted_at: string | null;
      server_reply: string | null;
    }[];
  } finally {
    conn.close();
  }
};

describe('smtp.url file:///DIR: mail for review (issue 24)', () => {
  it('parseSmtpUrl: a file URL names a folder; a file URL with a host or a query is refused', () => {
    expect(parseSmtpUrl('file:///tmp/mails')).toEqual({ folder: '/tmp/mails' });
    expect(parseSmtpUrl('file:///tmp/mes%20mails/')).toEqual({ folder: '/tmp/mes mails/' });
    expect(parseSmtpUrl('file://server/share')).toEqual({ problem: 'scheme' });
    expect(parseSmtpUrl('file:///tmp/m?tls=off')).toEqual({ problem: 'scheme' });
  });

  it('settings set accepts it (en); the folder is created 0700 at the first sending; each message an .eml 0600 with its Message-ID, recorded, audited', async () => {
    const c = club();
    const dir = path.join(tempDir(), 'relecture', '2026-12');
    const url = pathToFileURL(dir).href;
    const set = await cli(c.db, ['settings', 'set', 'smtp.url', url], { env: { LANG: 'C' } });
    expect(set.code, set.stderr).toBe(0);
    const r = await cli(c.db, ['--json', 'bill', 'send', '--month', '2026-12'], { env: { LANG: 'C' } });
    expect(r.code, r.stderr).toBe(0);
    const out = r.json();
    expect(out.sent).toHaveLength(1);
    const file = path.join(dir, `${c.ia}.eml`);
    expect(out.sent[0]).toMatchObject({ invoice: c.ia, to: 'helene.dupre@example.fr', file });
    expect(out.postal).toHaveLength(1);
    expect(fs.readdirSync(dir)).toEqual([`${c.ia}.eml`]);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const eml = fs.readFileSync(file, 'utf8');
    expect(eml).toContain(`Message-ID: ${out.sent[0].message_id}`);
    expect(eml).toContain('To: helene.dupre@example.fr');
    expect(eml).toContain('From: Cercle Parnasse <factures@parnasse.example>');
    expect(eml).toMatch(/Subject: .*Facture/);
    expect(eml).toContain(`filename=${c.ia}.pdf`);
    const rows = mailings(c.db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ to_address: 'helene.dupre@example.fr', message_id: out.sent[0].message_id });
    expect(rows[0]!.accepted_at).not.toBeNull();
    expect(rows[0]!.server_reply).toBe(`written to ${pathToFileURL(file).href}`);
    const conn = openDatabase(c.db);
    const entry = conn.sqlite.prepare("select change from audit_log where action = 'email'").get() as { change: string };
    conn.close();
    expect(JSON.parse(entry.change)).toMatchObject({ to: 'helene.dupre@example.fr', message_id: out.sent[0].message_id, file });
    // human output says where the messages are, and that nothing was sent
    const again = await cli(c.db, ['bill', 'send', '--month', '2026-12', '--resend'], { env: { LANG: 'C' } });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.replace(/\s+/g, ' ')).toContain(`1 e-mail(s) written to ${dir} (nothing sent)`);
    expect(fs.readdirSync(dir)).toEqual([`${c.ia}.eml`]);
    // a second run without --resend writes nothing again
    const skip = await cli(c.db, ['--json', 'bill', 'send', '--month', '2026-12']);
    expect(skip.json().sent).toEqual([]);
    expect(skip.json().skipped).toHaveLength(1);
  });

  it('in French: settings set, then the summary', async () => {
    const c = club();
    const dir = tempDir();
    expect((await cli(c.db, ['settings', 'set', 'smtp.url', pathToFileURL(dir).href], { env: { LANG: 'fr_FR.UTF-8' } })).code).toBe(0);
    const r = await cli(c.db, ['bill', 'send', '--month', '2026-12'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(`1 e-mail(s) écrit(s) dans ${dir} (rien n’a été envoyé)`);
  });

  it('a sending to a folder does not count for a real server: the next real sending sends it', async () => {
    const c = club();
    const dir = tempDir();
    expect((await cli(c.db, ['settings', 'set', 'smtp.url', pathToFileURL(dir).href])).code).toBe(0);
    expect((await cli(c.db, ['bill', 'send', '--month', '2026-12'])).code).toBe(0);
    // a real server that cannot be reached: the message is tried (exit 6), not skipped as already sent
    const real = await cli(c.db, ['--json', 'bill', 'send', '--month', '2026-12'], {
      env: { LANG: 'C', PARNASSE_SMTP_URL: 'smtp://127.0.0.1:1/?tls=off', PARNASSE_SMTP_TIMEOUT: '2' },
    });
    expect(real.code).toBe(6);
  });

  it('a file on the way of the folder: exit 2 naming smtp.url, nothing recorded', async () => {
    const c = club();
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, '');
    expect((await cli(c.db, ['settings', 'set', 'smtp.url', pathToFileURL(path.join(file, 'sub')).href])).code).toBe(0);
    const r = await cli(c.db, ['bill', 'send', '--month', '2026-12'], { env: { LANG: 'C' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('smtp.url');
    expect(r.stderr).toContain('not a directory');
    expect(mailings(c.db)).toEqual([]);
  });
});
