/**
 * Issue 24: a payment that lifts a suspension or closes a non-payment procedure says so
 * (art. 7.3.8), as the one that activates a pending member does — in English, in French and
 * in JSON.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue } from '../helpers/documents.js';

/** A member with 250 € and 120 € invoices of January 2027, both late on 16/01. */
function club() {
  const db = path.join(tempDir(), 'club.db');
  const conn = openDatabase(db);
  const no = insertMember(conn, { contractStart: '2026-06-01' });
  conn.sqlite.prepare("update members set entry_fee_paid_on = '2026-06-02' where member_no = ?").run(no);
  const sub = issue(conn, no, '2027-01-01', [{ kind: 'subscription', label: 'Abonnement Parnasse', period: '2027-01', ttcCents: 25_000 }]);
  const charge = issue(conn, no, '2027-01-05', [{ kind: 'charge', label: 'Intervention technicien', ttcCents: 12_000 }]);
  conn.close();
  return { db, no: String(no), sub, charge };
}

const pay = (db: string, inv: string, amount: string, date: string, lang = 'C', json = false) =>
  cli(db, [...(json ? ['--json'] : []), '--date', date, 'bill', 'pay', inv, '--amount', amount, '--method', 'transfer'], { env: { LANG: lang } });

describe('a payment that ends a non-payment procedure says so (issue 24)', () => {
  it('a formal notice, then everything paid: the procedure closed is said (en); a payment that leaves something late says nothing', async () => {
    const c = club();
    expect((await cli(c.db, ['--date', '2027-01-16', 'bill', 'dunning', '--apply'])).code).toBe(0);
    const part = await pay(c.db, c.charge, '120', '2027-01-18');
    expect(part.code, part.stderr).toBe(0);
    expect(part.stdout).not.toContain('procedure');
    const all = await pay(c.db, c.sub, '250', '2027-01-19');
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout.replace(/\s+/g, ' ')).toContain(`Everything late is paid: the non-payment procedure of member ${c.no} is closed (art. 7.3.8).`);
    expect(all.stdout).not.toContain('suspension');
  });

  it('suspended, then everything paid: the suspension lifted is said (en, fr, JSON)', async () => {
    for (const lang of ['C', 'fr_FR.UTF-8']) {
      const c = club();
      expect((await cli(c.db, ['--date', '2027-01-16', 'bill', 'dunning', '--apply'])).code).toBe(0);
      expect((await cli(c.db, ['--date', '2027-01-25', 'bill', 'dunning', '--apply'])).code).toBe(0);
      expect((await pay(c.db, c.charge, '120', '2027-01-26')).code).toBe(0);
      const r = await pay(c.db, c.sub, '250', '2027-01-27', lang);
      expect(r.code, r.stderr).toBe(0);
      const out = r.stdout.replace(/\s+/g, ' ');
      if (lang === 'C') expect(out).toContain(`Everything late is paid: member ${c.no} is no longer suspended, active again (art. 7.3.8).`);
      else expect(out).toContain(`Tout l’arriéré est payé : le membre ${c.no} n’est plus suspendu, de nouveau actif (art. 7.3.8).`);
    }
    const c = club();
    expect((await cli(c.db, ['--date', '2027-01-16', 'bill', 'dunning', '--apply'])).code).toBe(0);
    expect((await cli(c.db, ['--date', '2027-01-25', 'bill', 'dunning', '--apply'])).code).toBe(0);
    expect((await pay(c.db, c.charge, '120', '2027-01-26')).code).toBe(0);
    const j = (await pay(c.db, c.sub, '250', '2027-01-27', 'C', true)).json();
    expect(j).toMatchObject({ member_reinstated: c.no, dunning_closed: c.no, suspension_lifted: { member_no: c.no, status: 'active' } });
  });

  it('in French: the procedure closed', async () => {
    const c = club();
    expect((await cli(c.db, ['--date', '2027-01-16', 'bill', 'dunning', '--apply'])).code).toBe(0);
    expect((await pay(c.db, c.charge, '120', '2027-01-18')).code).toBe(0);
    const r = await pay(c.db, c.sub, '250', '2027-01-19', 'fr_FR.UTF-8');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(`Tout l’arriéré est payé : la procédure d’impayé du membre ${c.no} est close (art. 7.3.8).`);
    const j = await pay(c.db, c.sub, '0,01', '2027-01-20', 'C', true);
    expect(j.code).not.toBe(0); // nothing left to pay: refused, nothing said of a procedure
  });
});
