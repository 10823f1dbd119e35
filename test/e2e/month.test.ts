/**
 * End-to-end: a whole month of what leaves the club, from the built binary as the operators
 * and the cron job run it (issue 9 "Done when"): members imported and one confirmed by the
 * committee (its mandate comes with the confirmation call), the December run, the month's
 * PDFs, the SEPA file valid against the official XSD, the accounting CSV whose totals equal
 * the database's, the e-mails received by a real SMTP server started here (recipient,
 * subject, PDF attachment) — and a second `bill send` sends nothing.
 * Commands are spawned asynchronously: the SMTP server lives in this process.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Papa from 'papaparse';
import { SMTPServer } from 'smtp-server';
import { SMTP_CA, SMTP_TLS } from '../helpers/smtp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { tempDir } from '../helpers/cli.js';
import { ensureBuilt } from '../helpers/build.js';
import { validatePain008 } from '../helpers/xsd.js';
import { pdfFlatText } from '../helpers/pdf-text.js';
import { setClubSettings } from '../helpers/documents.js';
import { setSetting } from '../../src/settings/index.js';
import { testActor } from '../helpers/db.js';

const bin = path.resolve('bin/parnasse.js');
const fixtures = path.resolve('fixtures');

interface Mail {
  to: string[];
  raw: string;
}
const received: Mail[] = [];
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  ensureBuilt();
  server = new SMTPServer({
    secure: false,
    ...SMTP_TLS,
    authOptional: true,
    logger: false,
    onAuth: (_a, _s, cb) => cb(null, { user: 'club' }),
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.server.address() as AddressInfo).port;
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, LANG: 'C', PARNASSE_OPERATOR: 'desk' };
  delete e.LC_ALL;
  delete e.PARNASSE_LANG;
  delete e.PARNASSE_SMTP_URL;
  e.PARNASSE_SMTP_CA = SMTP_CA;
  return e;
}

/** `parnasse --db DB ...args`, asynchronously (the SMTP server answers from this event loop). */
function parnasse(db: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; json: () => any }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, '--db', db, ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) }));
  });
}

async function ok(db: string, ...args: string[]) {
  const r = await parnasse(db, ...args);
  expect(r.code, `parnasse ${args.join(' ')}\n${r.stderr}${r.stdout}`).toBe(0);
  return r;
}

/** CSV cents from the French `1 234,56` / `-12,30`. */
const cents = (s: string) => {
  const m = /^(-?)(\d+),(\d{2})$/.exec(s.replace(/\s/g, ''))!;
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
};

describe('a whole month, from the import to the bank file and the e-mails', () => {
  it('run → PDFs → SEPA (XSD-valid) → accounting CSV (= the database) → e-mails received; a second send sends nothing', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'club.db');
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);

    // the members: six from the previous system, one confirmed by the committee
    await ok(db, '--date', '2026-11-26', 'member', 'import', path.join(fixtures, 'members.csv'));
    await ok(db, '--date', '2026-11-26', 'candidate', 'import', path.join(fixtures, 'candidates.csv'));
    await ok(db, 'committee', 'decide', 'C-2026-001', '--accept', '--date', '2026-11-27');
    const notified = (await ok(db, '--json', 'committee', 'notify', 'C-2026-001', '--date', '2026-11-30', '--yes')).json();
    const newcomer = String(notified.member_no);
    // the club's identity and its mail server (`settings set`, tested on its own: in process here), an imported member's mandate
    const setup = openDatabase(db);
    setClubSettings(setup);
    setSetting(setup, testActor, 'smtp.url', `smtp://club:pw@127.0.0.1:${port}`);
    setup.close();
    await ok(
      db,
      '--date',
      '2026-12-01',
      'member',
      'mandate',
      '501',
      '--iban',
      'FR76 1010 7772 1835 1428 9505 611',
      '--rum',
      'AUBERT-2024-01',
      '--signed',
      '2024-03-15',
    );

    // the run
    const run = (await ok(db, '--json', 'bill', 'run', '--month', '2026-12', '--date', '2026-12-01')).json();
    expect(run.invoices).toBeGreaterThanOrEqual(7);

    // what the database says the month holds
    const conn = openDatabase(db);
    const docs = conn.sqlite
      .prepare(
        `select i.number, i.kind, i.total_ht_cents ht, i.total_vat_cents vat, i.total_ttc_cents ttc, m.member_no, m.email,
           (select count(*) from invoice_lines l where l.invoice_id = i.id) lines
         from invoices i join members m on m.id = i.member_id
         where i.run_id in (select id from billing_runs where month = '2026-12') or (i.run_id is null and substr(i.issued_on, 1, 7) = '2026-12')
         order by i.id`,
      )
      .all() as { number: string; kind: string; ht: number; vat: number; ttc: number; member_no: number; email: string; lines: number }[];
    conn.close();
    // the run's invoices (the newcomer's entry fee, issued on 30/11 at the confirmation call, is November's)
    expect(docs.length).toBe(run.invoices);
    expect(docs.map((d) => d.number)).not.toContain(notified.entry_fee_invoice);
    const sum = (k: 'ht' | 'vat' | 'ttc') => docs.reduce((s, d) => s + (d.kind === 'credit_note' ? -d[k] : d[k]), 0);

    // the PDFs: one per document, each readable, its number and total in it
    const pdfs = (await ok(db, '--json', 'bill', 'pdf', '--month', '2026-12', '--out', out)).json();
    expect(pdfs.files.map((f: { number: string }) => f.number)).toEqual(docs.map((d) => d.number));
    for (const d of docs) {
      const text = pdfFlatText(fs.readFileSync(path.join(out, `${d.number}.pdf`)));
      expect(text).toContain(`N° ${d.number}`);
      expect(text).toContain(`Membre n° ${d.member_no}`);
      expect(text).toContain(
        `${(d.ttc / 100)
          .toFixed(2)
          .replace('.', ',')
          .replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} €`,
      );
    }

    // the bank file: valid against the official schema; the debits are the mandated members' invoices
    const sepaFile = path.join(out, 'sepa-2026-12.xml');
    const sepa = (await ok(db, '--json', '--date', '2026-12-02', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--out', sepaFile)).json();
    const xml = fs.readFileSync(sepaFile, 'utf8');
    expect(() => validatePain008(xml, '08')).not.toThrow();
    const debited = docs.filter((d) => d.kind === 'invoice' && (d.member_no === 501 || String(d.member_no) === newcomer));
    expect(debited).toHaveLength(2);
    const ids = [...xml.matchAll(/<EndToEndId>([^<]+)<\/EndToEndId>/g)].map((m) => m[1]);
    expect(ids.sort()).toEqual(debited.map((d) => d.number).sort());
    expect(sepa.transactions).toBe(ids.length);
    const debitedTotal = debited.reduce((s, d) => s + d.ttc, 0);
    expect(sepa.total_cents).toBe(debitedTotal);
    expect(xml).toContain(`<CtrlSum>${(debitedTotal / 100).toFixed(2)}</CtrlSum>`);
    // the others are listed with their reason, never dropped
    expect(sepa.left_out.map((l: { invoice: string }) => l.invoice).sort()).toEqual(
      docs
        .filter((d) => !ids.includes(d.number))
        .map((d) => d.number)
        .sort(),
    );

    // the accounting CSV (French conventions): one line per invoice line, totals = the database's
    const csvFile = path.join(out, 'compta-2026-12.csv');
    const csv = (await ok(db, '--json', 'bill', 'export', '--month', '2026-12', '--format', 'csv', '--french', '--out', csvFile)).json();
    const bytes = fs.readFileSync(csvFile);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<Record<string, string>>(bytes.toString('utf8').slice(1), { header: true, delimiter: ';', skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const rows = parsed.data;
    expect(rows.length).toBe(docs.reduce((s, d) => s + d.lines, 0));
    expect(new Set(rows.map((r) => r.number))).toEqual(new Set(docs.map((d) => d.number)));
    const col = (k: string) => rows.reduce((s, r) => s + cents(r[k]!), 0);
    expect(col('ht')).toBe(sum('ht'));
    expect(col('vat')).toBe(sum('vat'));
    expect(col('ttc')).toBe(sum('ttc'));
    expect(csv).toMatchObject({ lines: rows.length, documents: docs.length, ht_cents: sum('ht'), vat_cents: sum('vat'), ttc_cents: sum('ttc') });

    // the e-mails: each document to its member, French subject, its PDF attached
    const before = received.length;
    const sent = (await ok(db, '--json', '--date', '2026-12-02', 'bill', 'send', '--month', '2026-12')).json();
    const mailed = docs.filter((d) => d.email.trim() !== '');
    expect(sent.sent.map((s: { invoice: string }) => s.invoice)).toEqual(mailed.map((d) => d.number));
    const got = received.slice(before);
    expect(got).toHaveLength(mailed.length);
    for (const d of mailed) {
      const m = got.find((g) => g.raw.includes(`filename=${d.number}.pdf`));
      expect(m, d.number).toBeDefined();
      expect(m!.to).toEqual([d.email]);
      const unfolded = m!.raw.replace(/\r\n[ \t]/g, ' ');
      const subject = /^Subject: (.*)$/m.exec(unfolded)![1]!;
      const decoded = subject.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_x, enc: string, t: string) =>
        enc.toUpperCase() === 'B'
          ? Buffer.from(t, 'base64').toString('utf8')
          : Buffer.from(
              t.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_y, h: string) => String.fromCharCode(parseInt(h, 16))),
              'latin1',
            ).toString('utf8'),
      );
      expect(decoded.replace(/\s+/g, ' ')).toContain(`${d.kind === 'credit_note' ? 'Avoir' : 'Facture'} ${d.number}`);
      expect(unfolded).toContain('Content-Type: application/pdf');
      const b64 = /Content-Type: application\/pdf[\s\S]*?\r\n\r\n([A-Za-z0-9+/=\r\n]+)/.exec(m!.raw)![1]!;
      const pdf = Buffer.from(b64.replace(/\s/g, ''), 'base64');
      expect(pdfFlatText(pdf)).toContain(`N° ${d.number}`);
    }

    // a second send sends nothing
    const again = (await ok(db, '--json', '--date', '2026-12-03', 'bill', 'send', '--month', '2026-12')).json();
    expect(again.sent).toEqual([]);
    expect(again.skipped.map((s: { invoice: string }) => s.invoice)).toEqual(mailed.map((d) => d.number));
    expect(received.length).toBe(before + mailed.length);
  }, 180_000);
});
