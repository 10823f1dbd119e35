/**
 * Issue 27: `bill send` of 1 000 mails to a local server took ~55 s at rest, the client and
 * the server both idle — nodemailer's socket keeps Nagle's algorithm on, so the end of each
 * message waited for the server's delayed acknowledgement (~40 ms a mail). Every connection
 * of the pool is now made with Nagle off; what the server receives is unchanged.
 */
import net from 'node:net';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { SMTP_CA, SMTP_TLS } from '../helpers/smtp.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('bill send: the pooled connections have Nagle off (issue 27)', () => {
  it('every connection to the server gets setNoDelay(true); the mails arrive, one login over TLS', async () => {
    const got: string[] = [];
    const logins: boolean[] = [];
    const srv = new SMTPServer({
      secure: false,
      ...SMTP_TLS,
      logger: false,
      onAuth: (_a, session, cb) => {
        logins.push(!!session.secure);
        cb(null, { user: 'club' });
      },
      onData(stream, session, cb) {
        stream.on('data', () => {});
        stream.on('end', () => {
          got.push(session.envelope.rcptTo[0]!.address);
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
    const port = (srv.server.address() as AddressInfo).port;
    const noDelay: { port: number | undefined; on: boolean }[] = [];
    const real = net.Socket.prototype.setNoDelay;
    vi.spyOn(net.Socket.prototype, 'setNoDelay').mockImplementation(function (this: net.Socket, on?: boolean) {
      noDelay.push({ port: this.remotePort, on: on !== false });
      return real.call(this, on);
    });
    try {
      const db = path.join(tempDir(), 'club.db');
      const conn = openDatabase(db);
      setClubSettings(conn);
      conn.sqlite
        .prepare("insert into settings (key, value) values ('smtp.url', ?) on conflict(key) do update set value = excluded.value")
        .run(`smtp://club:pw@127.0.0.1:${port}`);
      for (const e of ['a@example.fr', 'b@example.fr', 'c@example.fr'])
        issue(conn, insertMember(conn, { email: e }), '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
      conn.close();
      const r = await cli(db, ['--json', '--date', '2026-12-01', 'bill', 'send', '--month', '2026-12'], { env: { PARNASSE_SMTP_CA: SMTP_CA } });
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(got).toEqual(['a@example.fr', 'b@example.fr', 'c@example.fr']);
      expect(logins).toEqual([true]);
      const toServer = noDelay.filter((n) => n.port === port);
      expect(toServer.length).toBeGreaterThan(0);
      expect(toServer.every((n) => n.on)).toBe(true);
    } finally {
      await new Promise<void>((resolve) => srv.close(() => resolve()));
    }
  });

  it('smtps (TLS from the first byte) still works on the connection made for nodemailer', async () => {
    const got: string[] = [];
    const srv = new SMTPServer({
      secure: true,
      ...SMTP_TLS,
      logger: false,
      onAuth: (_a, _s, cb) => cb(null, { user: 'club' }),
      onData(stream, session, cb) {
        stream.on('data', () => {});
        stream.on('end', () => {
          got.push(session.envelope.rcptTo[0]!.address);
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (srv.server.address() as AddressInfo).port;
      const db = path.join(tempDir(), 'club.db');
      const conn = openDatabase(db);
      setClubSettings(conn);
      conn.sqlite
        .prepare("insert into settings (key, value) values ('smtp.url', ?) on conflict(key) do update set value = excluded.value")
        .run(`smtps://club:pw@127.0.0.1:${port}`);
      for (const e of ['a@example.fr', 'b@example.fr'])
        issue(conn, insertMember(conn, { email: e }), '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
      conn.close();
      const r = await cli(db, ['--json', '--date', '2026-12-01', 'bill', 'send', '--month', '2026-12'], { env: { PARNASSE_SMTP_CA: SMTP_CA } });
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(got).toEqual(['a@example.fr', 'b@example.fr']);
    } finally {
      await new Promise<void>((resolve) => srv.close(() => resolve()));
    }
  });
});
