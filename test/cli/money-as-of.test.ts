/**
 * Issue 21, money read as of a date where capabilities meet: disputes around a SEPA
 * collection (art. 7.3.6), terminated members and direct debits (art. 10.4), the
 * accounting export's `--date`.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';

/** Two members with a mandate, an invoice each of 01/12/2026 (pay-by 11/12), exported on 02/12: collected on 11/12. */
async function exported() {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const a = insertMember(conn, {});
  const b = insertMember(conn, {});
  conn.close();
  for (const no of [a, b])
    expect(
      (await cli(db, ['--date', '2026-11-20', 'member', 'mandate', String(no), '--iban', 'FR7630006000011234567890189', '--signed', '2026-11-15'])).code,
    ).toBe(0);
  const c2 = openDatabase(db);
  const ia = issue(c2, a, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
  const ib = issue(c2, b, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
  c2.close();
  const r = await cli(db, ['--date', '2026-12-02', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--out', path.join(dir, 'sepa.xml')]);
  expect(r.code, r.stderr).toBe(0);
  return { dir, db, a, b, ia, ib };
}

const show = async (db: string, on: string, inv: string) => (await cli(db, ['--json', '--date', on, 'bill', 'show', inv])).json();

describe('a dispute and the SEPA collection (art. 7.3.6, issue 21 #1)', () => {
  it('a dispute dated before the collection is accepted once the file is exported; read as of its date', async () => {
    const c = await exported();
    expect(await show(c.db, '2026-12-05', c.ia)).toMatchObject({ paid_cents: 0, outstanding_cents: 25_000, status: 'open' });
    const d = await cli(c.db, ['--json', '--date', '2026-12-05', 'bill', 'dispute', c.ia, '--amount', '90', '--reason', 'site jamais installé']);
    expect(d.code, d.stderr).toBe(0);
    expect(d.json()).toMatchObject({ invoice: c.ia, amount_cents: 9_000, status: 'open', opened_on: '2026-12-05' });
    // before the collection: 90 € suspended, the rest due
    expect(await show(c.db, '2026-12-06', c.ia)).toMatchObject({ outstanding_cents: 25_000, contested_cents: 9_000, status: 'disputed' });
    // the bank collects the whole debit (the file had gone): paid, the dispute still open on what was debited
    expect(await show(c.db, '2026-12-12', c.ia)).toMatchObject({ paid_cents: 25_000, outstanding_cents: 0, status: 'paid', disputes: [{ status: 'open' }] });
    // granted: a credit note gives the 90 € back as a credit balance
    const g = await cli(c.db, ['--json', '--date', '2026-12-20', 'bill', 'resolve', '1', '--granted', '--yes']);
    expect(g.code, g.stderr).toBe(0);
    expect(await show(c.db, '2026-12-21', c.ia)).toMatchObject({ paid_cents: 25_000, credited_cents: 9_000, credit_cents: 9_000, outstanding_cents: 0 });
    expect((await cli(c.db, ['--json', 'db', 'check'])).code).toBe(0);
  });

  it('after the collection, what was debited can still be disputed: granted credits it, upheld leaves it', async () => {
    const c = await exported();
    const d1 = await cli(c.db, ['--json', '--date', '2026-12-15', 'bill', 'dispute', c.ia, '--amount', '40', '--reason', 'option résiliée']);
    expect(d1.code, d1.stderr).toBe(0);
    const d2 = await cli(c.db, ['--json', '--date', '2026-12-15', 'bill', 'dispute', c.ib, '--amount', '250', '--reason', 'tout contesté']);
    expect(d2.code, d2.stderr).toBe(0);
    // no more than what was debited and is not contested already
    const over = await cli(c.db, ['--date', '2026-12-16', 'bill', 'dispute', c.ia, '--amount', '211', '--reason', 'encore'], { env: { LANG: 'C' } });
    expect(over.code).toBe(3);
    expect(over.stderr).toContain('7.3.6');
    expect((await cli(c.db, ['--json', '--date', '2026-12-20', 'bill', 'resolve', '1', '--granted', '--yes'])).code).toBe(0);
    expect((await cli(c.db, ['--json', '--date', '2026-12-20', 'bill', 'resolve', '2', '--upheld'])).code).toBe(0);
    expect(await show(c.db, '2026-12-21', c.ia)).toMatchObject({ credit_cents: 4_000, outstanding_cents: 0, status: 'paid' });
    expect(await show(c.db, '2026-12-21', c.ib)).toMatchObject({ credit_cents: 0, outstanding_cents: 0, late: false, status: 'paid' });
    expect((await cli(c.db, ['--json', 'db', 'check'])).code).toBe(0);
  });

  it('an invoice paid by the member (not debited) is still not contested once paid; a credit note corrects it', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'club.db');
    const conn = openDatabase(db);
    setClubSettings(conn);
    const a = insertMember(conn, {});
    const ia = issue(conn, a, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
    conn.close();
    expect((await cli(db, ['--date', '2026-12-04', 'bill', 'pay', ia, '--amount', '250', '--method', 'transfer'])).code).toBe(0);
    const r = await cli(db, ['--date', '2026-12-05', 'bill', 'dispute', ia, '--amount', '10', '--reason', 'x'], { env: { LANG: 'C' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('nothing outstanding');
    // dated before the payment, it is read as of its date: accepted
    expect((await cli(db, ['--date', '2026-12-03', 'bill', 'dispute', ia, '--amount', '10', '--reason', 'x'])).code).toBe(0);
  });
});

describe('no direct debit after the end of the contract (art. 10.4, issue 21 #4)', () => {
  it("a member terminated on 18/01: February's invoice is left out of the file (reason terminated), the other debited", async () => {
    const dir = tempDir();
    const db = path.join(dir, 'club.db');
    const conn = openDatabase(db);
    setClubSettings(conn);
    const a = insertMember(conn, {});
    const b = insertMember(conn, {});
    conn.close();
    for (const no of [a, b])
      expect(
        (await cli(db, ['--date', '2026-12-20', 'member', 'mandate', String(no), '--iban', 'FR7630006000011234567890189', '--signed', '2026-12-15'])).code,
      ).toBe(0);
    const c1 = openDatabase(db);
    const ja = issue(c1, a, '2027-01-01', [{ kind: 'subscription', label: 'Abonnement', period: '2027-01', ttcCents: 25_000 }]);
    c1.close();
    const jan = await cli(db, [
      '--json',
      '--date',
      '2027-01-02',
      'bill',
      'export',
      '--month',
      '2027-01',
      '--format',
      'sepa',
      '--out',
      path.join(dir, 'jan.xml'),
    ]);
    expect(jan.code, jan.stderr).toBe(0);
    expect(jan.json()).toMatchObject({ transactions: 1, debits: [{ invoice: ja }] });
    const t = await cli(db, ['--json', 'terminate', String(a), '--reason', 'incompatible_offer', '--date', '2027-01-18', '--yes']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.json()).toMatchObject({ direct_debits_stop_from: '2027-02' });
    // February: penalties left on the terminated member's account, b's subscription
    const c2 = openDatabase(db);
    const fa = issue(c2, a, '2027-02-01', [{ kind: 'penalty', label: 'Pénalités de retard', period: null, ttcCents: 1_110 }]);
    const fb = issue(c2, b, '2027-02-01', [{ kind: 'subscription', label: 'Abonnement', period: '2027-02', ttcCents: 25_000 }]);
    c2.close();
    const feb = await cli(db, [
      '--json',
      '--date',
      '2027-02-02',
      'bill',
      'export',
      '--month',
      '2027-02',
      '--format',
      'sepa',
      '--out',
      path.join(dir, 'feb.xml'),
    ]);
    expect(feb.code, feb.stderr).toBe(0);
    const doc = feb.json();
    expect(doc.debits.map((d: { invoice: string }) => d.invoice)).toEqual([fb]);
    expect(doc.left_out).toEqual([{ invoice: fa, member_no: String(a), reason: 'terminated' }]);
    // written again: the same answer
    const again = await cli(db, [
      '--json',
      '--date',
      '2027-02-03',
      'bill',
      'export',
      '--month',
      '2027-02',
      '--format',
      'sepa',
      '--out',
      path.join(dir, 'feb.xml'),
    ]);
    expect(again.json().left_out).toEqual([{ invoice: fa, member_no: String(a), reason: 'terminated' }]);
    // the invoice stays due, to be paid by transfer or card
    expect(await show(db, '2027-02-05', fa)).toMatchObject({ paid_cents: 0, outstanding_cents: 1_110 });
    // the human answer names the reason, in both languages
    const fr = await cli(db, ['--date', '2027-02-03', 'bill', 'export', '--month', '2027-02', '--format', 'sepa', '--out', path.join(dir, 'feb.xml')], {
      env: { LANG: 'fr_FR.UTF-8' },
    });
    expect(fr.stdout + fr.stderr).toMatch(/résili/);
    const en = await cli(db, ['--date', '2027-02-03', 'bill', 'export', '--month', '2027-02', '--format', 'sepa', '--out', path.join(dir, 'feb.xml')], {
      env: { LANG: 'C' },
    });
    expect(en.stdout + en.stderr, en.stdout).toMatch(/contract ended/);
  });
});

describe('the accounting CSV as of --date (issue 21 #5)', () => {
  const paidColumns = (csv: string, invoice: string) => {
    const rows = csv
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const head = rows[0]!;
    const row = rows.find((r) => r[0] === invoice)!;
    return { paid: row[head.indexOf('invoice_paid')], outstanding: row[head.indexOf('invoice_outstanding')] };
  };

  it('a debit exported but not collected yet is not paid; once collected it is, like bill show', async () => {
    const c = await exported();
    const before = await cli(c.db, ['--date', '2026-12-05', 'bill', 'export', '--month', '2026-12', '--format', 'csv']);
    expect(before.code, before.stderr).toBe(0);
    expect(paidColumns(before.stdout, c.ia)).toEqual({ paid: '0.00', outstanding: '250.00' });
    expect(await show(c.db, '2026-12-05', c.ia)).toMatchObject({ paid_cents: 0, outstanding_cents: 25_000 });
    const after = await cli(c.db, ['--date', '2026-12-12', 'bill', 'export', '--month', '2026-12', '--format', 'csv', '--out', path.join(c.dir, 'compta.csv')]);
    expect(after.code, after.stderr).toBe(0);
    const fs = await import('node:fs');
    expect(paidColumns(fs.readFileSync(path.join(c.dir, 'compta.csv'), 'utf8'), c.ia)).toEqual({ paid: '250.00', outstanding: '0.00' });
  });
});

describe('bill show and list: credit notes and bank returns (issue 21 #12)', () => {
  it('a credit note has no pay-by and no status; "credited" is the status of the invoice it cancels', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'club.db');
    const conn = openDatabase(db);
    setClubSettings(conn);
    const a = insertMember(conn, {});
    const ia = issue(conn, a, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
    conn.close();
    const cn = await cli(db, ['--json', '--date', '2026-12-05', 'bill', 'credit', ia, '--reason', 'erreur', '--yes']);
    expect(cn.code, cn.stderr).toBe(0);
    const number = cn.json().number as string;
    expect(await show(db, '2026-12-06', number)).toMatchObject({ pay_by: null, status: null });
    expect(await show(db, '2026-12-06', ia)).toMatchObject({ status: 'credited' });
    const list = (await cli(db, ['--json', '--date', '2026-12-06', 'bill', 'list'])).json();
    expect(list).toMatchObject([
      { number: ia, status: 'credited' },
      { number, pay_by: null, status: null },
    ]);
    expect((await cli(db, ['--json', '--date', '2026-12-06', 'bill', 'list', '--member', String(a)])).json()).toEqual(list);
    expect((await cli(db, ['--json', '--date', '2026-12-06', 'bill', 'list', '--status', 'credited'])).json().map((r: { number: string }) => r.number)).toEqual(
      [ia],
    );
    for (const LANG of ['C', 'fr_FR.UTF-8']) {
      const human = await cli(db, ['--date', '2026-12-06', 'bill', 'show', number], { env: { LANG } });
      expect(human.code).toBe(0);
      expect(human.stdout).not.toMatch(/pay by|à payer avant|credited|annulée|avoir émis/i);
      const rows = (await cli(db, ['--date', '2026-12-06', 'bill', 'list', '--wide'], { env: { LANG } })).stdout.split('\n');
      const row = rows.find((l) => l.startsWith(number))!;
      expect(row).not.toMatch(/11\/12|2026-12-11|null/);
    }
  });

  it('after a bank return bill show shows the rejected debit, not a payment', async () => {
    const c = await exported();
    const fs = await import('node:fs');
    const file = path.join(c.dir, 'returns.csv');
    fs.writeFileSync(file, `invoice;reason;date\n${c.ia};AM04;15/12/2026\n`);
    expect((await cli(c.db, ['--date', '2026-12-15', 'bill', 'returns', file])).code).toBe(0);
    expect(await show(c.db, '2026-12-16', c.ia)).toMatchObject({
      paid_cents: 0,
      payments: [{ amount_cents: 25_000, paid_on: '2026-12-11', method: 'sepa', rejected_on: '2026-12-15', reject_reason: 'AM04' }],
    });
    const fr = await cli(c.db, ['--date', '2026-12-16', 'bill', 'show', c.ia], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stdout).toContain('rejeté le 15/12/2026, AM04');
    expect(fr.stdout).not.toMatch(/payé\s+0,00/);
    const en = await cli(c.db, ['--date', '2026-12-16', 'bill', 'show', c.ia], { env: { LANG: 'C' } });
    expect(en.stdout).toContain('rejected on 2026-12-15, AM04');
    expect(en.stdout).not.toMatch(/paid\s+0\.00/);
  });
});

describe('the credit note PDF (issue 21 #12)', () => {
  it("states the credited invoice's service period and no pay-by date", async () => {
    const fs = await import('node:fs');
    const { pdfFlatText } = await import('../helpers/pdf-text.js');
    const dir = tempDir();
    const db = path.join(dir, 'club.db');
    const conn = openDatabase(db);
    setClubSettings(conn);
    const a = insertMember(conn, {});
    const ia = issue(conn, a, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
    conn.close();
    const cn = await cli(db, ['--json', '--date', '2026-12-20', 'bill', 'credit', ia, '--amount', '50', '--reason', 'geste', '--yes']);
    expect(cn.code, cn.stderr).toBe(0);
    const out = path.join(dir, 'pdf');
    fs.mkdirSync(out);
    const r = await cli(db, ['--json', 'bill', 'pdf', cn.json().number, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const text = pdfFlatText(fs.readFileSync(r.json().files[0].path));
    expect(text).toContain('du 01/12/2026 au 31/12/2026');
    expect(text).not.toContain('20/12/2026 au');
    expect(text).not.toMatch(/[àA] payer avant/i);
  });
});

describe('bill credits: the credit balances to refund (issue 21 #12)', () => {
  it('lists each member holding a credit as of --date, with the invoices holding it; a refund empties it', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'club.db');
    const conn = openDatabase(db);
    setClubSettings(conn);
    const a = insertMember(conn, { lastName: 'Arnaud' });
    const b = insertMember(conn, { lastName: 'Bertin' });
    const ia = issue(conn, a, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
    const ib = issue(conn, b, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
    conn.close();
    for (const inv of [ia, ib]) expect((await cli(db, ['--date', '2026-12-05', 'bill', 'pay', inv, '--amount', '250', '--method', 'transfer'])).code).toBe(0);
    expect((await cli(db, ['--date', '2026-12-10', 'bill', 'credit', ia, '--amount', '40', '--reason', 'geste', '--yes'])).code).toBe(0);
    expect((await cli(db, ['--json', '--date', '2026-12-09', 'bill', 'credits'])).json()).toEqual([]);
    const r = await cli(db, ['--json', '--date', '2026-12-11', 'bill', 'credits']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toEqual([{ member_no: String(a), name: 'Paul Arnaud', credit_cents: 4_000, invoices: [{ invoice: ia, credit_cents: 4_000 }] }]);
    const fr = await cli(db, ['--date', '2026-12-11', 'bill', 'credits'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stdout).toContain('40,00');
    expect(fr.stdout).toContain(ia);
    const en = await cli(db, ['--date', '2026-12-11', 'bill', 'credits'], { env: { LANG: 'C' } });
    expect(en.stdout, en.stdout).toContain('40,00');
    expect((await cli(db, ['--date', '2026-12-12', 'bill', 'refund', ia, '--amount', '40'])).code).toBe(0);
    expect((await cli(db, ['--json', '--date', '2026-12-12', 'bill', 'credits'])).json()).toEqual([]);
    const none = await cli(db, ['--date', '2026-12-12', 'bill', 'credits'], { env: { LANG: 'C' } });
    expect(none.stdout + none.stderr).toMatch(/no credit balance/i);
  });
});

describe('a missing legal rate is announced ahead (issue 21 #12)', () => {
  it('from the 1st of the month before a semester without its rate: bill rates and every bill run say it', async () => {
    const { tempDbPath } = await import('../helpers/cli.js');
    const db = tempDbPath(); // rates seeded up to 2026-S1
    const before = await cli(db, ['--json', '--date', '2026-05-31', 'bill', 'rates']);
    expect(before.code).toBe(0);
    expect(before.stderr).toBe('');
    expect(before.json().some((r: { missing?: boolean }) => r.missing)).toBe(false);
    const r = await cli(db, ['--json', '--date', '2026-06-01', 'bill', 'rates'], { env: { LANG: 'C' } });
    expect(r.code).toBe(0);
    expect(r.json()).toContainEqual({ semester: '2026-S2', rate: null, rate_bp: null, used: false, missing: true, needed_from: '2026-07-01' });
    expect(r.stderr).toContain('2026-S2');
    expect(r.stderr).toContain('bill rates set 2026-S2');
    const fr = await cli(db, ['--date', '2026-06-01', 'bill', 'rates'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stderr).toMatch(/2026-S2.*01\/07\/2026/);
    expect(fr.stdout).toContain('2026-S2');
    // the run of June says it too, and its JSON names the semester
    const run = await cli(db, ['--json', '--date', '2026-06-01', 'bill', 'run', '--month', '2026-06', '--dry-run'], { env: { LANG: 'C' } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ missing_rates: [{ semester: '2026-S2', needed_from: '2026-07-01' }] });
    expect(run.stderr).toContain('2026-S2');
    // entered: nothing more to say
    expect((await cli(db, ['--date', '2026-06-02', 'bill', 'rates', 'set', '2026-S2', '2.76'])).code).toBe(0);
    const after = await cli(db, ['--json', '--date', '2026-06-02', 'bill', 'run', '--month', '2026-06', '--dry-run']);
    expect(after.json()).toMatchObject({ missing_rates: [] });
    expect(after.stderr).toBe('');
    // a semester already begun without its rate is announced as well
    const late = await cli(db, ['--json', '--date', '2027-02-01', 'bill', 'rates']);
    expect(late.json()).toContainEqual(expect.objectContaining({ semester: '2027-S1', missing: true, needed_from: '2027-01-01' }));
  });
});
