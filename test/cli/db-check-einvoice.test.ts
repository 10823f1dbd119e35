/**
 * `db check` reconciles every issued invoice and credit note with the e-invoice it makes
 * (issue 23): its number is a valid BT-1 (≤ 35 letters, digits and + - _ /), and the CII's
 * totals — total HT, the VAT of each category and rate, TTC — are the stored ones to the
 * cent, within what the EN16931 rules accept. A document issued mixing late charges with
 * taxed lines has no e-invoice: counted, not a problem.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase, type Connection } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { withoutTriggers } from '../helpers/forge.js';
import { testActor } from '../helpers/db.js';
import { billingRun } from '../../src/billing/run.js';
import { setRate } from '../../src/collection/index.js';
import { creditInvoice } from '../../src/invoicing/index.js';
import { checkDatabase } from '../../src/invoicing/integrity.js';

/** Taxed invoices, a late-charges invoice and its credit note, and one old invoice mixing both. */
function club() {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const no = insertMember(conn, { kind: 'company', companyName: 'Dupré & Fils', companySiren: '552100554', contractStart: '2026-06-01' });
  const taxed = issue(conn, no, '2026-12-01', [
    { kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 },
    { kind: 'option', label: 'Airbox 5G', period: '2026-12', ttcCents: 1_999 },
  ]);
  const mixed = issue(conn, no, '2026-12-02', [
    { kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 },
    { kind: 'penalty', label: 'Pénalités de retard', period: null, ttcCents: 1_234 },
  ]);
  const late = lateCharges(conn);
  creditInvoice(conn, testActor, { number: late, issuedOn: '2027-02-20', reason: 'geste' });
  conn.close();
  return { db, taxed, mixed, late };
}

function lateCharges(conn: Connection): string {
  insertMember(conn, { kind: 'company', companyName: "L'Atelier d'Émile", companySiren: '732829320', contractStart: '2027-01-01' });
  setRate(conn, testActor, '2026-S2', 275);
  setRate(conn, testActor, '2027-S1', 300);
  billingRun(conn, testActor, { month: '2027-01', date: '2027-01-02' });
  const r = billingRun(conn, testActor, { month: '2027-02', date: '2027-02-01' });
  return r.members.find((m) => m.lines.every((l) => l.kind === 'penalty' || l.kind === 'indemnity'))!.invoice;
}

function report(db: string) {
  const conn = openDatabase(db);
  try {
    return checkDatabase(conn);
  } finally {
    conn.close();
  }
}
const problems = (r: ReturnType<typeof report>) =>
  r.problems
    .filter((p) => p.check === 'e_invoices')
    .map((p) => p.message)
    .join('\n');

describe('db check: every issued document reconciles with its e-invoice', () => {
  it('a sound club: the check passes and says how many documents, and how many have no e-invoice (en, fr)', async () => {
    const c = club();
    const conn = openDatabase(c.db);
    const docs = (conn.sqlite.prepare('select count(*) as n from invoices').get() as { n: number }).n;
    conn.close();
    const en = await cli(c.db, ['--json', 'db', 'check'], { env: { LANG: 'C' } });
    expect(en.code, en.stdout + en.stderr).toBe(0);
    const check = en.json<{ checks: { id: string; ok: boolean; message: string }[] }>().checks.find((k) => k.id === 'e_invoices');
    expect(check).toEqual({
      id: 'e_invoices',
      ok: true,
      message: `${docs - 1} document(s) reconcile with their e-invoice (number, HT, VAT per category and rate, TTC); 1 issued mixing late charges with taxed lines have none (BR-O-11)`,
    });
    const fr = await cli(c.db, ['db', 'check'], { env: { LANG: 'fr_FR.UTF-8', COLUMNS: '300' } });
    expect(fr.code).toBe(0);
    expect(fr.stdout).toContain(
      `${docs - 1} document(s) concordent avec leur facture électronique (numéro, HT, TVA par catégorie et taux, TTC) ; 1 émis en mêlant frais de retard et lignes taxées n'en ont pas (BR-O-11)`,
    );
  }, 60_000);

  it('forged: a VAT off by 2 € (BR-CO-17), VAT on late charges (BR-CO-14), a number no platform takes (BT-1)', async () => {
    const c = club();
    withoutTriggers(c.db, (raw) => {
      // the taxed invoice: 2 € moved from HT to VAT, on its total and its first line
      raw.prepare('update invoices set total_ht_cents = total_ht_cents - 200, total_vat_cents = total_vat_cents + 200 where number = ?').run(c.taxed);
      raw
        .prepare(
          'update invoice_lines set ht_cents = ht_cents - 200 where id = (select min(l.id) from invoice_lines l join invoices i on i.id = l.invoice_id where i.number = ?)',
        )
        .run(c.taxed);
      // the late charges: 1 € of VAT
      raw.prepare('update invoices set total_ht_cents = total_ht_cents - 100, total_vat_cents = 100 where number = ?').run(c.late);
      raw
        .prepare(
          'update invoice_lines set ht_cents = ht_cents - 100 where id = (select min(l.id) from invoice_lines l join invoices i on i.id = l.invoice_id where i.number = ?)',
        )
        .run(c.late);
      raw.prepare("update invoices set number = 'F2026 000002 bis' where number = ?").run(c.mixed);
    });
    const r = report(c.db);
    expect(r.checks.find((k) => k.id === 'e_invoices')?.ok).toBe(false);
    const found = problems(r);
    expect(found).toMatch(new RegExp(`^${c.taxed} ?: BR-CO-17`, 'm'));
    expect(found).toMatch(new RegExp(`^${c.late} ?: BR-CO-14`, 'm'));
    expect(found).toMatch(/^F2026 000002 bis ?: BT-1/m);
    const fr = await cli(c.db, ['--json', 'db', 'check'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.code).toBe(4);
    expect(fr.stdout + fr.stderr).toContain(`${c.late} : BR-CO-14, la ventilation de TVA dit 0,00 €, le total de TVA 1,00 €`);
  }, 60_000);
});
