/**
 * `bill send` of the built binary renders the attached PDFs on the pool of workers (issue 27),
 * a few documents ahead of the one being sent: the same e-mails, the same attachments byte for
 * byte, the same result in the same order as in this thread (PARNASSE_WORKERS=0).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { setSetting } from '../../src/settings/index.js';
import { tempDir } from '../helpers/cli.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { testActor } from '../helpers/db.js';
import { englishEnv } from '../helpers/env.js';
import { SMTP_CA, SMTP_TLS } from '../helpers/smtp.js';

const BIN = path.resolve('bin/parnasse.js');
const WORKER = path.resolve('dist/pdf-worker.js');

/** Attachments received, by invoice number (the file name), per run. */
const received = new Map<string, Map<string, Buffer>>();
let tag = '';
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  if (!fs.existsSync(WORKER)) {
    const b = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' });
    if (b.status !== 0) throw new Error(b.stderr);
  }
  server = new SMTPServer({
    secure: false,
    ...SMTP_TLS,
    authOptional: true,
    logger: false,
    onAuth: (_a, _s, cb) => cb(null, { user: 'club' }),
    onRcptTo(address, _session, cb) {
      if (address.address === 'bounce@example.fr') cb(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
      else cb();
    },
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const name = /filename=("?)([A-Z0-9-]+)\.pdf\1/.exec(raw)![2]!;
        const b64 = /Content-Type: application\/pdf[\s\S]*?\r\n\r\n([A-Za-z0-9+/=\r\n]+)/.exec(raw)![1]!;
        if (!received.has(tag)) received.set(tag, new Map());
        received.get(tag)!.set(name, Buffer.from(b64.replace(/\s/g, ''), 'base64'));
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

/** December: ten invoices, one member without e-mail, one whose address the server refuses. */
function month() {
  const db = path.join(tempDir(), 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  setSetting(conn, testActor, 'smtp.url', `smtp://club:s3cr3t@127.0.0.1:${port}`);
  for (let i = 0; i < 10; i++) {
    const email = i === 3 ? '' : i === 6 ? 'bounce@example.fr' : `m${i}@example.fr`;
    const m = insertMember(conn, { firstName: i % 2 ? 'Zoé' : 'Éloïse', lastName: `Martín-${i}`, email });
    issue(conn, m, '2026-12-02', [{ kind: 'subscription', label: `Abonnement n° ${i}`, period: '2026-12', ttcCents: 25_000 + i }]);
  }
  conn.close();
  return db;
}

function send(db: string, workers: string, prof: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(
      process.execPath,
      ['--cpu-prof', '--cpu-prof-dir', prof, BIN, '--db', db, '--json', '--date', '2026-12-03', 'bill', 'send', '--month', '2026-12'],
      {
        env: englishEnv({ NO_COLOR: '1', PARNASSE_WORKERS: workers, PARNASSE_SMTP_CA: SMTP_CA }),
      },
    );
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => {
      stdout += c;
    });
    p.stderr.on('data', (c) => {
      stderr += c;
    });
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('bill send with the PDFs rendered on the workers (built binary)', { timeout: 300_000 }, () => {
  it('2 workers or none: the same result in the same order, the same attachments byte for byte', async () => {
    const seeded = month();
    const results = [];
    for (const w of ['2', '0']) {
      const db = path.join(tempDir(), 'club.db');
      fs.copyFileSync(seeded, db);
      const prof = tempDir('parnasse-prof-');
      tag = w;
      const r = await send(db, w, prof);
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(r.stderr).toContain('1 address(es) refused by the mail server');
      expect(fs.readdirSync(prof).filter((f) => f.endsWith('.cpuprofile')).length, `threads with PARNASSE_WORKERS=${w}`).toBe(1 + Number(w));
      const doc = JSON.parse(r.stdout) as { sent: { invoice: string; to: string; message_id: string }[] };
      results.push({ ...doc, sent: doc.sent.map(({ invoice, to }) => ({ invoice, to })) });
    }
    expect(results[0]).toEqual(results[1]);
    expect(results[0]!.sent).toHaveLength(8);
    const [a, b] = [received.get('2')!, received.get('0')!];
    expect([...a.keys()].sort()).toEqual(results[0]!.sent.map((s) => s.invoice).sort());
    for (const [name, bytes] of a) expect(bytes.equals(b.get(name)!), name).toBe(true);
    expect(a.values().next().value!.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
