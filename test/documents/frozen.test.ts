/**
 * Issue 21, defect 2: a reprint of an issued document is the same document. An invoice, a
 * credit note, an invoice of the monthly run, a formal notice and a quote are printed, then
 * everything they state changes (the club's identity, the member's name, company and
 * address, the SEPA mandate, the debit exported): printed again, every file is byte for
 * byte the same. `db check` compares the frozen data with the audit entries of the issues.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { pdfFlatText } from '../helpers/pdf-text.js';

const LINES = ['--line', 'Bornes Wi-Fi (3);1 200,00', '--line', 'Routeur;450'];

/** A company member with a mandate, billed in December 2026 (by hand and by the run), late in January, with a quote. */
async function club() {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const no = insertMember(conn, {
    kind: 'company',
    firstName: 'Hélène',
    lastName: 'Dupré',
    companyName: 'Dupré & Fils SARL',
    companySiren: '552100554',
    contractStart: '2026-12-01',
    address: { street: '12 avenue Foch', postalCode: '75116', city: 'Paris', lineTechnology: 'fibre' },
  });
  conn.sqlite.prepare("update members set entry_fee_paid_on = '2026-12-01' where member_no = ?").run(no);
  conn.close();
  const ok = async (argv: string[]) => {
    const r = await cli(db, argv, { env: { LANG: 'C' } });
    expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  await ok([
    '--date',
    '2026-11-20',
    'member',
    'mandate',
    String(no),
    '--iban',
    'FR14 2004 1010 0505 0001 3M02 606',
    '--rum',
    'RUM-FOCH-1',
    '--signed',
    '2026-11-15',
  ]);
  const c2 = openDatabase(db);
  const byHand = issue(c2, no, '2026-12-01', [{ kind: 'charge', label: 'Intervention technicien', ttcCents: 12_000 }]);
  c2.close();
  const run = (await ok(['--json', 'bill', 'run', '--month', '2026-12', '--date', '2026-12-02'])).json<{ members: unknown[]; invoices: number }>();
  expect(run.invoices).toBe(1);
  const list = (await ok(['--json', 'bill', 'list', '--date', '2026-12-31'])).json<{ number: string }[]>().map((i) => i.number);
  const runInvoice = list.find((n) => n !== byHand)!;
  const credit = (await ok(['--json', 'bill', 'credit', byHand, '--amount', '20', '--reason', 'geste', '--date', '2026-12-03', '--yes'])).json<{
    number: string;
  }>().number;
  // the first notice: both invoices unpaid on 13/12
  const letters = tempDir();
  await ok(['--json', '--date', '2026-12-14', 'bill', 'dunning', '--apply', '--letters', letters]);
  // a quote
  await ok(['pro', 'study', 'add', String(no), '--services', 'wifi_public', '--date', '2026-12-04']);
  await ok(['pro', 'study', 'result', '1', 'feasible', '--date', '2026-12-04']);
  const quote = (await ok(['--json', 'pro', 'quote', 'add', String(no), '--study', '1', ...LINES, '--date', '2026-12-04'])).json<{ number: string }>().number;
  return { db, no: String(no), byHand, runInvoice, credit, quote, ok };
}

/** Every PDF the club can print again, into a new folder: name → bytes. */
async function printAll(c: Awaited<ReturnType<typeof club>>): Promise<Map<string, Buffer>> {
  const out = tempDir();
  await c.ok(['bill', 'pdf', c.byHand, c.runInvoice, c.credit, '--out', out]);
  await c.ok(['bill', 'dunning', 'letters', '--member', c.no, '--out', out]);
  await c.ok(['pro', 'quote', 'pdf', c.quote, '--out', out]);
  return new Map(
    fs
      .readdirSync(out)
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(out, f))]),
  );
}

describe('frozen documents (issue 21): a reprint is the document that was issued', () => {
  it('invoices, credit note, formal notice and quote reprint byte for byte after the club, the member and the mandate changed', async () => {
    const c = await club();
    const before = await printAll(c);
    expect([...before.keys()]).toEqual(
      [`${c.byHand}.pdf`, `${c.runInvoice}.pdf`, `${c.credit}.pdf`, `devis-${c.quote}.pdf`, `mise-en-demeure-2026-12-14-${c.no}-1.pdf`].sort(),
    );
    const invoiceText = pdfFlatText(before.get(`${c.runInvoice}.pdf`)!);
    for (const s of ['8 rue de la Paix', '12 avenue Foch', 'Dupré & Fils SARL', 'RUM-FOCH-1', 'Prélèvement SEPA le 12/12/2026'])
      expect(invoiceText).toContain(s);

    // everything the documents state changes
    for (const [k, v] of <[string, string][]>[
      ['seller.name', 'Cercle Parnasse Renouvelé'],
      ['seller.street', '1 place Vendôme'],
      ['seller.postal_code', '75001'],
      ['seller.capital', '300 000'],
      ['creditor.iban', 'FR14 2004 1010 0505 0001 3M02 606'],
      ['creditor.bic', 'PSSTFRPP'],
    ])
      await c.ok(['settings', 'set', k, v]);
    await c.ok([
      '--date',
      '2027-01-10',
      'member',
      'edit',
      c.no,
      '--street',
      '3 rue Neuve',
      '--postal-code',
      '69001',
      '--city',
      'Lyon',
      '--last-name',
      'Martin',
      '--company-name',
      'Martin SAS',
    ]);
    await c.ok(['--date', '2027-01-10', 'member', 'mandate', c.no, '--iban', 'FR7630006000011234567890189', '--rum', 'RUM-NEUVE-2', '--signed', '2027-01-09']);
    await c.ok(['--date', '2026-12-05', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--out', path.join(tempDir(), 'dec.xml')]);

    const after = await printAll(c);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [name, bytes] of before) expect(after.get(name)!.equals(bytes), `${name} reprinted differently`).toBe(true);

    // a document issued now states what is true now
    const conn = openDatabase(c.db);
    const fresh = issue(conn, Number(c.no), '2027-01-11', [{ kind: 'charge', label: 'Intervention', ttcCents: 5_000 }]);
    conn.close();
    const out = tempDir();
    await c.ok(['bill', 'pdf', fresh, '--out', out]);
    const text = pdfFlatText(fs.readFileSync(path.join(out, `${fresh}.pdf`)));
    for (const s of ['1 place Vendôme', 'Cercle Parnasse Renouvelé', '3 rue Neuve', '69001 Lyon', 'Martin SAS', 'RUM-NEUVE-2']) expect(text).toContain(s);
    expect((await cli(c.db, ['--json', 'db', 'check'])).json().ok).toBe(true);
  });

  it('db check: a frozen document or a seller version changed after issue is a finding of its own', async () => {
    const c = await club();
    const clean = (await cli(c.db, ['--json', 'db', 'check'])).json();
    expect(clean.ok, JSON.stringify(clean.problems)).toBe(true);
    const conn = openDatabase(c.db);
    conn.sqlite.exec(`drop trigger document_snapshots_no_update;
      update document_snapshots set content = replace(content, '12 avenue Foch', '99 avenue Foch') where invoice_id = (select id from invoices where number = '${c.runInvoice}')`);
    conn.sqlite.exec(`drop trigger seller_versions_no_update; update seller_versions set content = replace(content, '8 rue de la Paix', '9 rue de la Paix')`);
    conn.close();
    const r = await cli(c.db, ['--json', 'db', 'check'], { env: { LANG: 'C' } });
    expect(r.code).toBe(4);
    const report = r.json<{ checks: { id: string; ok: boolean }[]; problems: { check: string; message: string }[] }>();
    expect(report.checks.find((k) => k.id === 'frozen_documents')).toMatchObject({ ok: false });
    const found = report.problems.filter((p) => p.check === 'frozen_documents').map((p) => p.message);
    expect(found.some((m) => m.includes(c.runInvoice))).toBe(true);
    expect(found.some((m) => /^seller version \d+ differs from the audit record/.test(m))).toBe(true);
  });
});
