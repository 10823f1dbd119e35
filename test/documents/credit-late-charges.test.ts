/**
 * A credit note states the VAT of what it credits. Late charges (penalties, the 40 €
 * indemnity) are outside the scope of VAT and invoiced on their own (RULES.md §10): a
 * credit note on such an invoice (`bill credit`, a granted dispute) bore a "credit" line
 * taxed at 20 %, giving back VAT that was never charged, and its CII mixed nothing it
 * could validate. The credit note mirrors the credited invoice's categories: a late-charges
 * invoice is credited outside VAT (category O), its XML passes XSD + EN16931 + BR-FR.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase, type Connection } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { assertFacturx, prepareFacturx } from '../helpers/facturx.js';
import { testActor } from '../helpers/db.js';
import { billingRun } from '../../src/billing/run.js';
import { setRate } from '../../src/collection/index.js';

beforeAll(() => prepareFacturx(), 600_000);

interface Line {
  kind: string;
  ttc_cents: number;
  ht_cents: number;
}
interface Doc {
  number: string;
  total_ht_cents: number;
  total_vat_cents: number;
  total_ttc_cents: number;
  lines: Line[];
}

function doc(db: string, number: string): Doc {
  const conn = openDatabase(db);
  try {
    const d = conn.sqlite.prepare('select id, number, total_ht_cents, total_vat_cents, total_ttc_cents from invoices where number = ?').get(number) as Doc & {
      id: number;
    };
    d.lines = conn.sqlite.prepare('select kind, ttc_cents, ht_cents from invoice_lines where invoice_id = ? order by id').all(d.id) as Line[];
    return d;
  } finally {
    conn.close();
  }
}

/** A member who does not pay: February's run bills, on their own invoice, January's penalty and the 40 €. */
function lateCharges(conn: Connection): string {
  insertMember(conn, { kind: 'company', companyName: "L'Atelier d'Émile", companySiren: '732829320', contractStart: '2027-01-01' });
  setRate(conn, testActor, '2026-S2', 275);
  setRate(conn, testActor, '2027-S1', 300);
  billingRun(conn, testActor, { month: '2027-01', date: '2027-01-02' });
  const r = billingRun(conn, testActor, { month: '2027-02', date: '2027-02-01' });
  const late = r.members.find((m) => m.lines.every((l) => l.kind === 'penalty' || l.kind === 'indemnity'));
  expect(late, JSON.stringify(r.members)).toBeDefined();
  return late!.invoice;
}

function club() {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const late = lateCharges(conn);
  conn.close();
  return { db, late };
}

async function ok(db: string, argv: string[]) {
  const r = await cli(db, argv, { env: { LANG: 'C' } });
  expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

async function xmlOf(db: string, number: string): Promise<string> {
  const out = tempDir();
  const r = await ok(db, ['--json', 'bill', 'xml', number, '--out', out]);
  expect(r.json()).toMatchObject({ skipped: [] });
  return fs.readFileSync(path.join(out, `${number}.xml`), 'utf8');
}

const byKind = (lines: Line[]) => {
  const out: Record<string, number> = {};
  for (const l of lines) out[l.kind] = (out[l.kind] ?? 0) + l.ttc_cents;
  return out;
};

describe('a credit note mirrors the VAT of the invoice it credits', () => {
  it('bill credit on a late-charges invoice, in full: no VAT, the penalty and the indemnity given back as such, category O, a valid e-invoice', async () => {
    const c = club();
    const inv = doc(c.db, c.late);
    expect(inv.total_vat_cents).toBe(0);
    const r = await ok(c.db, ['--json', '--date', '2027-02-20', 'bill', 'credit', c.late, '--reason', 'geste commercial', '--yes']);
    const cn = doc(c.db, r.json<{ number: string }>().number);
    expect(cn.total_ttc_cents).toBe(inv.total_ttc_cents);
    expect(cn.total_vat_cents).toBe(0);
    expect(cn.total_ht_cents).toBe(inv.total_ttc_cents);
    expect(byKind(cn.lines)).toEqual(byKind(inv.lines));
    const xml = await xmlOf(c.db, cn.number);
    expect(xml).toContain('<ram:TypeCode>381</ram:TypeCode>');
    expect(xml).toContain('<ram:CategoryCode>O</ram:CategoryCode>');
    expect(xml).not.toContain('<ram:CategoryCode>S</ram:CategoryCode>');
    expect(xml).toContain('<ram:TaxTotalAmount currencyID="EUR">0.00</ram:TaxTotalAmount>');
    assertFacturx(xml, `credit note ${cn.number}`);
  }, 120_000);

  it('in part: no VAT either, the amount shared between penalty and indemnity in proportion, then the rest in full', async () => {
    const c = club();
    const inv = doc(c.db, c.late);
    const first = doc(
      c.db,
      (await ok(c.db, ['--json', '--date', '2027-02-20', 'bill', 'credit', c.late, '--amount', '10', '--reason', 'geste', '--yes'])).json().number,
    );
    expect(first.total_ttc_cents).toBe(1_000);
    expect(first.total_vat_cents).toBe(0);
    expect(first.lines.every((l) => l.kind === 'penalty' || l.kind === 'indemnity')).toBe(true);
    const invKinds = byKind(inv.lines);
    for (const [kind, cents] of Object.entries(byKind(first.lines)))
      expect(Math.abs(cents - (1_000 * invKinds[kind]!) / inv.total_ttc_cents), kind).toBeLessThanOrEqual(1);
    const rest = doc(c.db, (await ok(c.db, ['--json', '--date', '2027-02-21', 'bill', 'credit', c.late, '--reason', 'le reste', '--yes'])).json().number);
    expect(rest.total_vat_cents).toBe(0);
    const together = byKind([...first.lines, ...rest.lines]);
    expect(together).toEqual(invKinds);
    assertFacturx(await xmlOf(c.db, first.number), `credit note ${first.number}`);
  }, 120_000);

  it('a granted dispute on a late-charges invoice: its credit note bears no VAT', async () => {
    const c = club();
    const d = (await ok(c.db, ['--json', '--date', '2027-02-05', 'bill', 'dispute', c.late, '--amount', '40', '--reason', 'indemnité contestée'])).json<{
      id: number;
    }>();
    const r = (await ok(c.db, ['--json', '--date', '2027-02-06', 'bill', 'resolve', String(d.id), '--granted', '--yes'])).json<{ credit_note: string }>();
    const cn = doc(c.db, r.credit_note);
    expect(cn.total_ttc_cents).toBe(4_000);
    expect(cn.total_vat_cents).toBe(0);
  });

  it('a taxed invoice is credited as before (one credit line at 20 %); an old invoice mixing both is credited in each category', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'club.db');
    const conn = openDatabase(db);
    setClubSettings(conn);
    const no = insertMember(conn);
    const taxed = issue(conn, no, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
    const mixed = issue(conn, no, '2026-12-02', [
      { kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 },
      { kind: 'penalty', label: 'Pénalités de retard', period: null, ttcCents: 1_234 },
      { kind: 'indemnity', label: 'Indemnité forfaitaire', period: null, ttcCents: 4_000 },
    ]);
    conn.close();
    const a = doc(
      db,
      (await ok(db, ['--json', '--date', '2026-12-10', 'bill', 'credit', taxed, '--amount', '100', '--reason', 'geste', '--yes'])).json().number,
    );
    expect(a.lines).toEqual([{ kind: 'credit', ttc_cents: 10_000, ht_cents: 8_333 }]);
    expect(a.total_vat_cents).toBe(1_667);
    const inv = doc(db, mixed);
    const b = doc(db, (await ok(db, ['--json', '--date', '2026-12-10', 'bill', 'credit', mixed, '--reason', 'annulée', '--yes'])).json().number);
    expect(b.total_ttc_cents).toBe(inv.total_ttc_cents);
    expect(b.total_vat_cents).toBe(inv.total_vat_cents);
    expect(byKind(b.lines)).toEqual({ credit: 25_000, penalty: 1_234, indemnity: 4_000 });
  });
});
