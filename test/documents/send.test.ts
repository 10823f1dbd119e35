import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { SMTP_CA, SMTP_TLS } from '../helpers/smtp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { setSetting } from '../../src/settings/index.js';
import { testActor } from '../helpers/db.js';

interface Received {
  from: string;
  to: string[];
  raw: string;
  user: string | undefined;
  /** The SMTP session (one per connection) that carried it. */
  session: string;
}

const received: Received[] = [];
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  server = new SMTPServer({
    secure: false,
    ...SMTP_TLS,
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, cb) {
      if (address.address === 'bounce@example.fr') {
        const err = new Error('5.1.1 mailbox unavailable') as Error & { responseCode: number };
        err.responseCode = 550;
        cb(err);
      } else cb();
    },
    onAuth(auth, _session, cb) {
      if (auth.username === 'club' && auth.password === 's3cr3t') cb(null, { user: 'club' });
      else cb(new Error('bad credentials'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: session.user as string | undefined,
          session: session.id,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function club() {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  setSetting(conn, testActor, 'smtp.url', `smtp://club:s3cr3t@127.0.0.1:${port}`);
  const a = insertMember(conn, { firstName: 'Hélène', lastName: 'Dupré', email: 'helene.dupre@example.fr' });
  const b = insertMember(conn, { email: '' });
  const ia = issue(conn, a, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
  const ib = issue(conn, b, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
  conn.close();
  return { db, a, b, ia, ib };
}

describe('bill send: e-mails over SMTP to a real server', () => {
  it('sends the PDF to the member (French subject and body), records it, lists postal members; a second run sends nothing', async () => {
    const c = club();
    const before = received.length;
    const r = await cli(c.db, ['--json', '--date', '2026-12-01', 'bill', 'send', '--month', '2026-12'], { env: { PARNASSE_SMTP_CA: SMTP_CA } });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const res = r.json();
    expect(res.sent).toEqual([{ invoice: c.ia, to: 'helene.dupre@example.fr', message_id: expect.any(String) }]);
    expect(res.postal).toEqual([expect.objectContaining({ invoice: c.ib, member_no: String(c.b), address: '1 rue de Rivoli, 75001 Paris' })]);
    const got = received.slice(before);
    expect(got).toHaveLength(1);
    const m = got[0]!;
    expect(m.to).toEqual(['helene.dupre@example.fr']);
    expect(m.from).toBe('factures@parnasse.example');
    expect(m.user).toBe('club');
    const unfolded = m.raw.replace(/\r\n[ \t]/g, ' ');
    expect(unfolded).toMatch(/^Subject: .*Facture/m);
    expect(unfolded).toContain(`filename=${c.ia}.pdf`);
    expect(unfolded).toContain('Content-Type: application/pdf');
    const b64 = /Content-Type: application\/pdf[\s\S]*?\r\n\r\n([A-Za-z0-9+/=\r\n]+)/.exec(m.raw)![1]!;
    expect(Buffer.from(b64.replace(/\s/g, ''), 'base64').subarray(0, 5).toString()).toBe('%PDF-');

    const again = await cli(c.db, ['--json', '--date', '2026-12-02', 'bill', 'send', '--month', '2026-12'], { env: { PARNASSE_SMTP_CA: SMTP_CA } });
    expect(again.code).toBe(0);
    expect(again.json().sent).toEqual([]);
    expect(again.json().skipped).toEqual([expect.objectContaining({ invoice: c.ia })]);
    expect(received.length).toBe(before + 1);

    const resend = await cli(c.db, ['--json', '--date', '2026-12-02', 'bill', 'send', c.ia, '--resend'], { env: { PARNASSE_SMTP_CA: SMTP_CA } });
    expect(resend.json().sent).toHaveLength(1);
    expect(received.length).toBe(before + 2);
  });

  it('a batch goes through one pooled connection (one STARTTLS, one login), not one per e-mail (issue 27)', async () => {
    const c = club();
    const conn = openDatabase(c.db);
    const more = [1, 2, 3].map((i) => {
      const m = insertMember(conn, { email: `m${i}@example.fr` });
      return issue(conn, m, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
    });
    conn.close();
    const before = received.length;
    const r = await cli(c.db, ['--json', '--date', '2026-12-01', 'bill', 'send', '--month', '2026-12'], { env: { PARNASSE_SMTP_CA: SMTP_CA } });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.json().sent.map((x: { invoice: string }) => x.invoice)).toEqual([c.ia, ...more]);
    const got = received.slice(before);
    expect(got.map((m) => m.to[0])).toEqual(['helene.dupre@example.fr', 'm1@example.fr', 'm2@example.fr', 'm3@example.fr']);
    expect(new Set(got.map((m) => m.session)).size).toBe(1);
    expect(got.every((m) => m.user === 'club')).toBe(true);
    expect(mailings(c.db).sort()).toEqual([c.ia, ...more].sort());
  });

  it('an unreachable server: one line naming it, the password masked, nothing recorded', async () => {
    const c = club();
    const conn = openDatabase(c.db);
    setSetting(conn, testActor, 'smtp.url', 'smtp://club:s3cr3t@127.0.0.1:1');
    conn.close();
    const r = await cli(c.db, ['--date', '2026-12-01', 'bill', 'send', c.ia], { env: { PARNASSE_SMTP_CA: SMTP_CA, LANG: 'C' } });
    // not the database (5) nor the data (4): the mail server is away, run again later
    expect(r.code).toBe(6);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('cannot send through smtp://club:****@127.0.0.1:1');
    expect(r.stderr).toContain('run the same command again to send the rest');
    expect(r.stderr).not.toContain('s3cr3t');
    const raw = openDatabase(c.db);
    expect(raw.sqlite.prepare('select count(*) from invoice_mailings').pluck().get()).toBe(0);
    raw.close();
  });

  it('no mail server set: one line naming smtp.url and the command that sets it, exit 4, nothing sent', async () => {
    const c = club();
    const raw = openDatabase(c.db);
    raw.sqlite.prepare("delete from settings where key = 'smtp.url'").run();
    raw.close();
    const before = received.length;
    const r = await cli(c.db, ['--date', '2026-12-01', 'bill', 'send', '--month', '2026-12'], { env: { PARNASSE_SMTP_CA: SMTP_CA, LANG: 'C' } });
    expect(r.code).toBe(4);
    expect(r.stderr.trim()).toBe('error: setting smtp.url is missing: set it with `parnasse settings set smtp.url VALUE`');
    expect(received.length).toBe(before);
    expect(mailings(c.db)).toEqual([]);
  });

  it('the server goes away mid-batch: exit 6, what was sent stays recorded, the same command sends only the rest', async () => {
    const flaky = await startServer({ acceptOnly: 1 });
    try {
      const c = club();
      const conn = openDatabase(c.db);
      const x = insertMember(conn, { email: 'x@example.fr' });
      const ix = issue(conn, x, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
      setSetting(conn, testActor, 'smtp.url', `smtp://club:s3cr3t@127.0.0.1:${flaky.port}`);
      conn.close();
      const r = await cli(c.db, ['--json', '--date', '2026-12-01', 'bill', 'send', '--month', '2026-12'], { env: { PARNASSE_SMTP_CA: SMTP_CA, LANG: 'C' } });
      expect(r.code).toBe(6);
      const doc = r.json();
      expect(doc.error).toMatchObject({ code: 'service_unavailable', article: null });
      expect(doc.error.message).toContain('421');
      expect(doc.error.message).toContain('1 e-mail(s) sent and recorded before');
      expect(doc.sent).toEqual([{ invoice: c.ia, to: 'helene.dupre@example.fr', message_id: expect.any(String) }]);
      expect(flaky.received.map((m) => m.to)).toEqual([['helene.dupre@example.fr']]);
      expect(mailings(c.db)).toEqual([c.ia]);

      // the server is back (the usual one): only the invoice not sent goes out
      const conn2 = openDatabase(c.db);
      setSetting(conn2, testActor, 'smtp.url', `smtp://club:s3cr3t@127.0.0.1:${port}`);
      conn2.close();
      const before = received.length;
      const again = await cli(c.db, ['--json', '--date', '2026-12-02', 'bill', 'send', '--month', '2026-12'], { env: { PARNASSE_SMTP_CA: SMTP_CA } });
      expect(again.code, again.stdout).toBe(0);
      expect(again.json().sent.map((x: { invoice: string }) => x.invoice)).toEqual([ix]);
      expect(again.json().skipped.map((x: { invoice: string }) => x.invoice)).toEqual([c.ia]);
      expect(received.slice(before).map((m) => m.to)).toEqual([['x@example.fr']]);
      expect(mailings(c.db).sort()).toEqual([c.ia, ix].sort());
    } finally {
      await flaky.close();
    }
  });

  it('an address refused for good (550) is listed, not recorded, and the others are still sent', async () => {
    const c = club();
    const conn = openDatabase(c.db);
    const x = insertMember(conn, { email: 'bounce@example.fr' });
    const y = insertMember(conn, { email: 'y@example.fr' });
    const ix = issue(conn, x, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
    const iy = issue(conn, y, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
    conn.close();
    const r = await cli(c.db, ['--date', '2026-12-01', 'bill', 'send', '--month', '2026-12'], {
      env: { PARNASSE_SMTP_CA: SMTP_CA, LANG: 'C', COLUMNS: '200' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('2 e-mail(s) sent');
    expect(r.stdout).toContain('Refused by the mail server');
    expect(r.stdout).toMatch(new RegExp(`${ix}\\s+${x}\\s+bounce@example.fr\\s+550`));
    expect(mailings(c.db).sort()).toEqual([c.ia, iy].sort());
    // summed up on stderr too (issue 24), also under --json — and the exit stays 0
    expect(r.stderr).toContain('1 address(es) refused by the mail server');
    const j = await cli(c.db, ['--json', '--date', '2026-12-01', 'bill', 'send', '--month', '2026-12'], {
      env: { PARNASSE_SMTP_CA: SMTP_CA, LANG: 'fr_FR.UTF-8' },
    });
    expect(j.code).toBe(0);
    expect(j.json().rejected).toHaveLength(1);
    expect(j.stderr).toContain('1 adresse(s) refusée(s) par le serveur de courrier');
  });

  it('on a terminal, a progress bar counts the documents sent (stderr), and is gone at the end', async () => {
    const c = club();
    const conn = openDatabase(c.db);
    for (let k = 0; k < 18; k++) {
      const m = insertMember(conn, { email: `m${k}@example.fr` });
      issue(conn, m, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
    }
    conn.close();
    const r = await cli(c.db, ['--date', '2026-12-01', 'bill', 'send', '--month', '2026-12'], {
      tty: true,
      env: { PARNASSE_SMTP_CA: SMTP_CA, LANG: 'C' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('E-mails [');
    expect(r.stderr).toContain('20/20');
    expect(r.stdout).toContain('19 e-mail(s) sent');
    const pipe = await cli(c.db, ['--date', '2026-12-01', 'bill', 'send', '--month', '2026-12'], { env: { PARNASSE_SMTP_CA: SMTP_CA, LANG: 'C' } });
    expect(pipe.stderr).not.toContain('E-mails [');
  });

  it("a login the server refuses is the setting's fault: exit 4 naming the command that fixes it, password masked", async () => {
    const c = club();
    const conn = openDatabase(c.db);
    setSetting(conn, testActor, 'smtp.url', `smtp://club:wrong@127.0.0.1:${port}`);
    conn.close();
    const r = await cli(c.db, ['--date', '2026-12-01', 'bill', 'send', c.ia], { env: { PARNASSE_SMTP_CA: SMTP_CA, LANG: 'C' } });
    expect(r.code).toBe(4);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('the mail server smtp://club:****@127.0.0.1');
    expect(r.stderr).toContain('parnasse settings set smtp.url');
    expect(r.stderr).not.toContain('wrong');
    expect(mailings(c.db)).toEqual([]);
  });
});

/** The sendings the server confirmed (a sending is recorded before it leaves: unconfirmed rows are not "sent"). */
function mailings(db: string): string[] {
  const conn = openDatabase(db);
  try {
    return conn.sqlite
      .prepare('select i.number from invoice_mailings m join invoices i on i.id = m.invoice_id where m.accepted_at is not null order by m.id')
      .pluck()
      .all() as string[];
  } finally {
    conn.close();
  }
}

/** A second server that accepts `acceptOnly` messages, then answers 421 (service not available) to every new one. */
async function startServer(o: { acceptOnly: number }) {
  const got: Received[] = [];
  const srv = new SMTPServer({
    secure: false,
    ...SMTP_TLS,
    authOptional: true,
    logger: false,
    onAuth(_auth, _session, cb) {
      cb(null, { user: 'club' });
    },
    onMailFrom(_address, _session, cb) {
      if (got.length >= o.acceptOnly) {
        const err = new Error('Service not available, try again later') as Error & { responseCode: number };
        err.responseCode = 421;
        cb(err);
      } else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        got.push({
          from: '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: undefined,
          session: session.id,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (srv.server.address() as AddressInfo).port,
    received: got,
    close: () => new Promise<void>((resolve) => srv.close(() => resolve())),
  };
}
