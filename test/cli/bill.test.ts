import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertCandidacy, insertMember } from '../helpers/factory.js';

async function withEntryFee(): Promise<string> {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const ref = insertCandidacy(conn);
  conn.close();
  await cli(db, ['committee', 'decide', ref, '--accept', '--date', '2026-12-01']);
  await cli(db, ['committee', 'notify', ref, '--date', '2026-12-03', '--yes']);
  return db;
}

describe('bill show / list / pay', () => {
  it('show: human view with totals; unknown invoice exits 2', async () => {
    const db = await withEntryFee();
    const r = await cli(db, ['bill', 'show', 'F2026-1', '--date', '2026-12-20']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 250,00 €');
    expect(r.stdout).toContain('late');
    const nf = await cli(db, ['--json', 'bill', 'show', 'F2026-000009']);
    expect(nf.code).toBe(2);
    expect(nf.json().error.code).toBe('not_found');
    expect((await cli(db, ['bill', 'show', 'nonsense'])).code).toBe(2);
  });

  it('list filters by member and status; status is derived on --date', async () => {
    const db = await withEntryFee();
    const open = await cli(db, ['--json', 'bill', 'list', '--status', 'open', '--date', '2026-12-13']);
    expect(open.json<any[]>().map((i) => i.number)).toEqual(['F2026-000001']);
    const late = await cli(db, ['--json', 'bill', 'list', '--member', '1', '--status', 'late', '--date', '2026-12-14']);
    expect(late.json<any[]>()).toHaveLength(1);
    expect((await cli(db, ['bill', 'list', '--status', 'weird'])).code).toBe(2);
    expect((await cli(db, ['--json', 'bill', 'list', '--member', '99'])).code).toBe(2);
  });

  it('pay: --method required; a bad amount is a usage error', async () => {
    const db = await withEntryFee();
    expect((await cli(db, ['bill', 'pay', 'F2026-000001', '--amount', '1500', '--date', '2026-12-04'])).code).toBe(2);
    expect((await cli(db, ['bill', 'pay', 'F2026-000001', '--amount', '15OO', '--method', 'card', '--date', '2026-12-04'])).code).toBe(2);
    expect((await cli(db, ['bill', 'pay', 'F2026-000001', '--amount', '1500', '--method', 'cash', '--date', '2026-12-04'])).code).toBe(2);
  });

  it('partial payments of an ordinary invoice, then paid', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    insertMember(conn);
    conn.close();
    const ref = (() => {
      const c = openDatabase(db);
      const r = insertCandidacy(c);
      c.close();
      return r;
    })();
    await cli(db, ['committee', 'decide', ref, '--accept', '--date', '2026-12-01']);
    await cli(db, ['committee', 'notify', ref, '--date', '2026-12-03', '--yes']);
    // the credit of a part, then the remainder paid by transfer in two goes is refused (entry fee: one go)
    const cr = await cli(db, [
      '--json',
      'bill',
      'credit',
      'F2026-000001',
      '--amount',
      '500',
      '--reason',
      'commercial gesture',
      '--date',
      '2026-12-04',
      '--yes',
    ]);
    expect(cr.code).toBe(0);
    expect(cr.json()).toMatchObject({ number: 'A2026-000001', refers_to: 'F2026-000001', total_ttc_cents: 50000 });
    // crediting more than is left: refused (art. 7.3) in euros and in the run's language
    for (const [LANG, text] of [
      ['C', 'F2026-000001 is 1 500,00 €; 500,00 € already credited, 1 001,00 € more would exceed it'],
      ['fr_FR.UTF-8', "F2026-000001 s'élève à 1 500,00 € ; 500,00 € déjà crédités, 1 001,00 € de plus le dépasseraient"],
    ]) {
      const over = await cli(db, ['bill', 'credit', 'F2026-000001', '--amount', '1001', '--reason', 'x', '--date', '2026-12-04', '--yes'], { env: { LANG } });
      expect(over.code).toBe(3);
      expect(over.stderr).toContain('art. 7.3');
      expect(over.stderr.replace(/[\u202f\u00a0]/g, ' ')).toContain(text);
    }
    const pay = await cli(db, ['--json', 'bill', 'pay', 'F2026-000001', '--amount', '1000', '--method', 'transfer', '--date', '2026-12-05']);
    expect(pay.code).toBe(0);
    expect(pay.json()).toMatchObject({ status: 'paid', outstanding_cents: 0, member_activated: '2' });
    const cn = (await cli(db, ['--json', 'bill', 'show', 'A2026-000001'])).json();
    expect(cn).toMatchObject({ status: null, pay_by: null, total_ttc_cents: 50000, outstanding_cents: 0 });
    const payCn = await cli(db, ['--json', 'bill', 'pay', 'A2026-000001', '--amount', '1', '--method', 'card', '--date', '2026-12-05']);
    expect(payCn.code).toBe(3);
  });
});

describe('bill prices', () => {
  it('lists the annex 1 catalogue in force, TTC reference and HT derived', async () => {
    const db = tempDbPath();
    const r = await cli(db, ['--json', 'bill', 'prices', '--date', '2026-12-01']);
    expect(r.code).toBe(0);
    const rows = r.json<any[]>();
    expect(rows.find((x) => x.item === 'entry_fee')).toMatchObject({ ttc_cents: 150000, ht_cents: 125000, withdrawn: false });
    expect(rows.find((x) => x.item === 'subscription')).toMatchObject({ ttc_cents: 25000, ht_cents: 20833 });
    expect(rows.find((x) => x.item === 'technician_hour_off')).toMatchObject({ ttc_cents: 14000, ht_cents: 11667 });
  });

  it('a change needs a month of notice (art. 7.2); the entry fee follows the price on the notify date', async () => {
    const db = tempDbPath();
    const early = await cli(db, ['--json', 'bill', 'prices', 'set', 'entry_fee', '1800', '--from', '2027-02-01', '--announced', '2027-01-15']);
    expect(early.code).toBe(3);
    expect(early.json().error.article).toBe('7.2');
    const ok = await cli(db, ['--json', 'bill', 'prices', 'set', 'entry_fee', '1 800,00', '--from', '2027-02-15', '--announced', '2027-01-15']);
    expect(ok.code).toBe(0);
    expect(ok.json()).toMatchObject({ item: 'entry_fee', ttc_cents: 180000, effective_from: '2027-02-15' });
    const dup = await cli(db, ['bill', 'prices', 'set', 'entry_fee', '1900', '--from', '2027-02-15', '--announced', '2027-01-01']);
    expect(dup.code).toBe(2);
    const list = (await cli(db, ['--json', 'bill', 'prices', '--date', '2027-02-01'])).json<any[]>();
    expect(list.find((x) => x.item === 'entry_fee')).toMatchObject({ ttc_cents: 150000, next: { ttc_cents: 180000, effective_from: '2027-02-15' } });

    const conn = openDatabase(db);
    const a = insertCandidacy(conn, { appliedOn: '2027-02-08', idExpiresOn: '2031-01-01' });
    const b = insertCandidacy(conn, { appliedOn: '2027-02-08', idExpiresOn: '2031-01-01' });
    conn.close();
    for (const ref of [a, b]) await cli(db, ['committee', 'decide', ref, '--accept', '--date', '2027-02-10']);
    await cli(db, ['committee', 'notify', a, '--date', '2027-02-14', '--yes']);
    await cli(db, ['committee', 'notify', b, '--date', '2027-02-15', '--yes']);
    expect((await cli(db, ['--json', 'bill', 'show', 'F2027-000001'])).json().total_ttc_cents).toBe(150000);
    expect((await cli(db, ['--json', 'bill', 'show', 'F2027-000002'])).json()).toMatchObject({
      total_ttc_cents: 180000,
      total_ht_cents: 150000,
      total_vat_cents: 30000,
    });
  });

  it('a withdrawal needs three months (art. 9) and ends the members’ options the day before', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const no = insertMember(conn);
    conn.close();
    expect((await cli(db, ['member', 'option', 'add', String(no), 'concierge_privilege', '--date', '2027-01-05'])).code).toBe(0);
    const early = await cli(db, ['--json', 'bill', 'prices', 'withdraw', 'concierge_privilege', '--from', '2027-04-01', '--announced', '2027-01-15']);
    expect(early.code).toBe(3);
    expect(early.json().error.article).toBe('9');
    const ok = await cli(db, ['--json', 'bill', 'prices', 'withdraw', 'concierge_privilege', '--from', '2027-04-15', '--announced', '2027-01-15']);
    expect(ok.code).toBe(0);
    expect(ok.json().options_ended).toBe(1);
    const m = (await cli(db, ['--json', 'member', 'show', String(no)])).json();
    expect(m.options.find((o: any) => o.option === 'concierge_privilege').end_on).toBe('2027-04-14');
    const late = await cli(db, ['--json', 'member', 'option', 'add', String(no), 'concierge_privilege', '--date', '2027-05-01']);
    expect(late.code).toBe(3);
    expect(late.json().error.article).toBe('9');
    expect((await cli(db, ['bill', 'prices', 'set', 'nonsense', '1', '--from', '2027-05-01', '--announced', '2027-01-01'])).code).toBe(2);
  });
});

describe('the ledger through the CLI (issue 7, issue 12)', () => {
  it('bill show --date before a payment does not count it; a credit on a paid invoice keeps db check passing', async () => {
    const db = await withEntryFee();
    expect((await cli(db, ['bill', 'pay', 'F2026-000001', '--amount', '1500', '--method', 'card', '--date', '2026-12-15'])).code).toBe(0);
    const before = (await cli(db, ['--json', 'bill', 'show', 'F2026-000001', '--date', '2026-12-10'])).json();
    expect(before).toMatchObject({ paid_cents: 0, outstanding_cents: 150000, status: 'open', late: false });
    const late = (await cli(db, ['--json', 'bill', 'list', '--status', 'late', '--date', '2026-12-14'])).json<any[]>();
    expect(late.map((i) => i.number)).toEqual(['F2026-000001']);
    expect((await cli(db, ['--json', 'bill', 'show', 'F2026-000001', '--date', '2026-12-15'])).json()).toMatchObject({ status: 'paid', paid_cents: 150000 });
    expect((await cli(db, ['bill', 'credit', 'F2026-000001', '--amount', '1500', '--reason', 'x', '--date', '2026-12-16', '--yes'])).code).toBe(0);
    const shown = await cli(db, ['bill', 'show', 'F2026-000001', '--date', '2026-12-16']);
    expect(shown.stdout).toMatch(/credit in the member’s favour\s+1 500,00 €/);
    const check = await cli(db, ['db', 'check']);
    expect(check.stdout + check.stderr).not.toContain('credited >');
    expect(check.code).toBe(0);
  });
});
