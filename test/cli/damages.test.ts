/**
 * `member damages add|list`, `member cap` and `member show` (art. 11.1) with the contract's
 * figures: 250 € TTC invoiced each month (annex 1); an incident's cap is what was invoiced in
 * the 6 months before it, the calendar year's what was invoiced in the 9 months before its last incident.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { insertMember } from '../helpers/factory.js';

const SUB = 25_000;
const FR = { env: { PARNASSE_LANG: 'fr' } };

function memberDb(): { db: string; n: string } {
  const db = tempDbPath();
  const conn = openDatabase(db);
  setClubSettings(conn);
  const no = insertMember(conn, { contractStart: '2027-01-01' });
  for (let m = 1; m <= 9; m++) {
    const month = `2027-0${m}`;
    issue(conn, no, `${month}-01`, [{ kind: 'subscription', label: 'Abonnement', period: month, ttcCents: SUB }]);
  }
  conn.close();
  return { db, n: String(no) };
}

describe('damages paid within the caps (art. 11.1)', () => {
  it('records within the incident cap, refuses beyond it and beyond the calendar year, shows what is left', async () => {
    const { db, n } = memberDb();
    // incident of 15 July: February–July invoiced = 6 × 250 = 1 500 €; the year alone: January–July = 1 750 €
    const one = await cli(db, [
      '--json',
      'member',
      'damages',
      'add',
      n,
      '--amount',
      '1500',
      '--incident',
      '2027-07-15',
      '--reason',
      'Panne non réparée',
      '--date',
      '2027-08-01',
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.json()).toMatchObject({ amount_cents: 6 * SUB, incident_left_cents: 0, annual_left_cents: SUB, article: '11.1' });
    const again = await cli(db, ['member', 'damages', 'add', n, '--amount', '1', '--incident', '2027-07-15', '--reason', 'Complément', '--date', '2027-08-02']);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('art. 11.1');

    // incident of 10 September: its own cap 1 500 €, but the year (January–September: 2 250 €) has 750 € left
    const over = await cli(
      db,
      ['member', 'damages', 'add', n, '--amount', '800', '--incident', '2027-09-10', '--reason', 'Coupure', '--date', '2027-09-20'],
      FR,
    );
    expect(over.code).toBe(3);
    expect(over.stderr).toContain('11.1');
    expect(over.stderr).toContain('plafond de l’année civile 2027');
    const cap = await cli(db, ['--json', 'member', 'cap', n, '--incident', '2027-09-10', '--date', '2027-09-20']);
    expect(cap.json()).toMatchObject({ incident_cap_cents: 6 * SUB, annual_cap_cents: 9 * SUB, year_paid_cents: 6 * SUB, annual_left_cents: 3 * SUB });
    const capText = await cli(db, ['member', 'cap', n, '--incident', '2027-09-10', '--date', '2027-09-20']);
    expect(capText.stdout.replace(/\s+/g, ' ')).toContain('1 500,00 € in 2027 (left 750,00 €)');
    const ok = await cli(db, [
      '--json',
      'member',
      'damages',
      'add',
      n,
      '--amount',
      '750',
      '--incident',
      '2027-09-10',
      '--reason',
      'Coupure',
      '--date',
      '2027-09-20',
    ]);
    expect(ok.json()).toMatchObject({ annual_left_cents: 0 });

    const show = await cli(db, ['--json', 'member', 'show', n, '--date', '2027-09-30']);
    expect(show.json().damages).toEqual({ year: 2027, paid_cents: 9 * SUB, last_incident_on: '2027-09-10', annual_cap_cents: 9 * SUB, annual_left_cents: 0 });
    const showFr = await cli(db, ['member', 'show', n, '--date', '2027-09-30'], FR);
    expect(showFr.stdout).toContain('2 250,00 € versés en 2027');
    const list = await cli(db, ['--json', 'member', 'damages', 'list', n, '--date', '2027-09-30']);
    expect(list.json()).toHaveLength(2);
    expect((await cli(db, ['--json', 'member', 'export', n])).json().damages_paid).toHaveLength(2);
    expect((await cli(db, ['db', 'check'])).code).toBe(0);

    // the accountant's file: a payment out of the bank on the damages account, no credit note, no VAT
    const out = path.join(tempDir(), 'fec.txt');
    expect(
      (await cli(db, ['--date', '2027-09-30', 'bill', 'export', '--format', 'entries', '--from', '2027-09-01', '--to', '2027-09-30', '--out', out])).code,
    ).toBe(0);
    const rows = fs
      .readFileSync(out, 'utf8')
      .split('\r\n')
      .slice(1, -1)
      .map((l) => l.split('|'));
    const di = rows.filter((f) => f[8]!.startsWith('DI'));
    expect(di.map((f) => [f[4], f[11], f[12]])).toEqual([
      ['512000', '0,00', '750,00'],
      ['658800', '750,00', '0,00'],
    ]);
  });
});
