/**
 * Issue 28 items 11 and 7 (bill send): the password never travels in clear (STARTTLS
 * required unless smtp.url says `tls=off`, and then no login); a server that stops answering
 * is given up after PARNASSE_SMTP_TIMEOUT (exit 6, the rest resumable); a sending is recorded
 * before it leaves and confirmed after, and one left unconfirmed by a killed run goes again
 * under the same Message-ID. Real smtp-server instances on 127.0.0.1.
 */
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { setSetting } from '../../src/settings/index.js';
import { testActor } from '../helpers/db.js';
import { SMTP_CA, SMTP_TLS } from '../helpers/smtp.js';
import { parseSmtpUrl } from '../../src/settings/smtp-url.js';

interface Got {
  raw: string;
  to: string[];
  messageId: string | null;
}

async function server(o: Partial<SMTPServerOptions> & { hangAfter?: number } = {}) {
  const got: Got[] = [];
  const logins: string[] = [];
  const { hangAfter, ...opts } = o;
  const srv = new SMTPServer({
    secure: false,
    ...SMTP_TLS,
    authOptional: true,
    logger: false,
    onAuth(auth, session, cb) {
      logins.push(`${auth.username}:${auth.password}${session.secure ? ' over TLS' : ' IN CLEAR'}`);
      cb(null, { user: auth.username });
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        got.push({ raw, to: session.envelope.rcptTo.map((r) => r.address), messageId: /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? null });
        if (hangAfter !== undefined && got.length > hangAfter) return; // stops answering: never says 250
        cb();
      });
    },
    ...opts,
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (srv.server.address() as AddressInfo).port,
    got,
    logins,
    close: () => new Promise<void>((resolve) => srv.close(() => resolve())),
  };
}

function club(url: string) {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  conn.sqlite.prepare("insert into settings (key, value) values ('smtp.url', ?) on conflict(key) do update set value = excluded.value").run(url);
  const nos = [insertMember(conn, { email: 'a@example.fr' }), insertMember(conn, { email: 'b@example.fr' }), insertMember(conn, { email: 'c@example.fr' })];
  const inv = nos.map((no) => issue(conn, no, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]));
  conn.close();
  return { db, inv };
}

function mailings(db: string): { number: string; message_id: string; accepted: boolean }[] {
  const conn = openDatabase(db);
  try {
    return conn.sqlite
      .prepare(
        'select i.number, m.message_id, m.accepted_at is not null as accepted from invoice_mailings m join invoices i on i.id = m.invoice_id order by m.id',
      )
      .all()
      .map((r) => ({ ...(r as { number: string; message_id: string }), accepted: !!(r as { accepted: number }).accepted }));
  } finally {
    conn.close();
  }
}

const SEND = ['--json', '--date', '2026-12-01', 'bill', 'send', '--month', '2026-12'];

describe('SMTP: the password never in clear (issue 28 item 11)', () => {
  it('a server that offers no STARTTLS: exit 4, the login never sent, nothing received, nothing confirmed (English and French)', async () => {
    const s = await server({ disabledCommands: ['STARTTLS'], allowInsecureAuth: true });
    try {
      const c = club(`smtp://club:s3cr3t@127.0.0.1:${s.port}`);
      const r = await cli(c.db, SEND, { env: { LANG: 'C', PARNASSE_SMTP_CA: SMTP_CA } });
      expect(r.code, r.stdout).toBe(4);
      expect(r.json().error.message).toContain('no encrypted connection');
      expect(r.json().error.message).not.toContain('s3cr3t');
      const fr = await cli(c.db, SEND, { env: { LANG: 'fr_FR.UTF-8', PARNASSE_SMTP_CA: SMTP_CA } });
      expect(fr.code).toBe(4);
      expect(fr.json().error.message).toContain('aucune connexion chiffrée');
      expect(s.logins).toEqual([]);
      expect(s.got).toEqual([]);
      expect(mailings(c.db).filter((m) => m.accepted)).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('with STARTTLS the login goes over TLS and the mail is sent', async () => {
    const s = await server();
    try {
      const c = club(`smtp://club:s3cr3t@127.0.0.1:${s.port}`);
      const r = await cli(c.db, SEND, { env: { PARNASSE_SMTP_CA: SMTP_CA } });
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(s.logins).toEqual(['club:s3cr3t over TLS']); // one pooled connection for the batch (issue 27)
      expect(s.got).toHaveLength(3);
    } finally {
      await s.close();
    }
  });

  it('tls=off: only without a login — refused by settings set and at sending time; a relay without login works', async () => {
    expect(parseSmtpUrl('smtp://club:pw@relay.example:25/?tls=off')).toEqual({ problem: 'clear_password' });
    expect(parseSmtpUrl('smtp://relay.example:25/?tls=maybe')).toEqual({ problem: 'tls_value' });
    expect(parseSmtpUrl('smtp://u:p@mail.example')).toMatchObject({ port: 587, requireTLS: true, secure: false });
    expect(parseSmtpUrl('smtps://u:p@mail.example')).toMatchObject({ port: 465, requireTLS: false, secure: true });
    const s = await server({ disabledCommands: ['STARTTLS'] });
    try {
      const c = club(`smtp://127.0.0.1:${s.port}/?tls=off`);
      const set = await cli(c.db, ['settings', 'set', 'smtp.url', `smtp://club:pw@127.0.0.1:${s.port}/?tls=off`], { env: { LANG: 'C' } });
      expect(set.code).toBe(4);
      expect(set.stderr).not.toContain('pw@');
      const viaEnv = await cli(c.db, SEND, { env: { PARNASSE_SMTP_URL: `smtp://club:pw@127.0.0.1:${s.port}/?tls=off` } });
      expect(viaEnv.code).toBe(4);
      expect(s.logins).toEqual([]);
      const r = await cli(c.db, SEND);
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(s.got).toHaveLength(3);
    } finally {
      await s.close();
    }
  });
});

describe('SMTP: a server that stops answering (issue 28 item 11)', () => {
  it('gives up after PARNASSE_SMTP_TIMEOUT: exit 6, what was accepted is recorded, the same command sends the rest — the unanswered one under the same Message-ID', async () => {
    const hung = await server({ hangAfter: 1 });
    const c = club(`smtp://club:pw@127.0.0.1:${hung.port}`);
    const t0 = Date.now();
    const r = await cli(c.db, SEND, { env: { PARNASSE_SMTP_CA: SMTP_CA, PARNASSE_SMTP_TIMEOUT: '1.5', LANG: 'C' } });
    const took = Date.now() - t0;
    await hung.close().catch(() => {});
    expect(r.code, r.stdout).toBe(6);
    expect(took).toBeLessThan(15_000);
    expect(r.json().sent).toHaveLength(1);
    const before = mailings(c.db);
    expect(before.map((m) => m.accepted)).toEqual([true, false]); // the second left, never confirmed
    const good = await server();
    try {
      const conn = openDatabase(c.db);
      setSetting(conn, testActor, 'smtp.url', `smtp://club:pw@127.0.0.1:${good.port}`);
      conn.close();
      const again = await cli(c.db, SEND, { env: { PARNASSE_SMTP_CA: SMTP_CA } });
      expect(again.code, again.stderr + again.stdout).toBe(0);
      expect(again.json().skipped).toHaveLength(1);
      expect(again.json().sent).toHaveLength(2);
      expect(good.got[0]!.messageId).toBe(before[1]!.message_id); // the same message, not a second one
      const after = mailings(c.db);
      expect(after).toHaveLength(3);
      expect(after.every((m) => m.accepted)).toBe(true);
      expect(new Set(after.map((m) => m.message_id)).size).toBe(3);
    } finally {
      await good.close();
    }
  });
});

describe('bill send: recorded before it leaves, confirmed after (issue 28 item 7)', () => {
  it('a sending left unconfirmed (killed after the server accepted it) goes again under its Message-ID; a confirmed one is never sent again', async () => {
    const s = await server();
    try {
      const c = club(`smtp://club:pw@127.0.0.1:${s.port}`);
      const first = await cli(c.db, ['--json', '--date', '2026-12-01', 'bill', 'send', c.inv[0]!], { env: { PARNASSE_SMTP_CA: SMTP_CA } });
      expect(first.code, first.stderr).toBe(0);
      // what a run killed between the server's 250 and the confirmation leaves
      const conn = openDatabase(c.db);
      const id = conn.sqlite.prepare('select id from invoices where number = ?').pluck().get(c.inv[1]) as number;
      conn.sqlite
        .prepare(
          "insert into invoice_mailings (invoice_id, to_address, message_id, sent_at) values (?, 'b@example.fr', '<left.by.a.kill@parnasse.example>', '2026-12-01T10:00:00Z')",
        )
        .run(id);
      conn.close();
      const r = await cli(c.db, SEND, { env: { PARNASSE_SMTP_CA: SMTP_CA } });
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(r.json().skipped.map((x: { invoice: string }) => x.invoice)).toEqual([c.inv[0]]);
      expect(r.json().sent.map((x: { invoice: string }) => x.invoice)).toEqual([c.inv[1], c.inv[2]]);
      expect(s.got.map((g) => g.messageId)).toContain('<left.by.a.kill@parnasse.example>');
      expect(s.got).toHaveLength(3);
      const m = mailings(c.db);
      expect(m.filter((x) => x.number === c.inv[1])).toEqual([{ number: c.inv[1], message_id: '<left.by.a.kill@parnasse.example>', accepted: true }]);
    } finally {
      await s.close();
    }
  });
});
