import { describe, expect, it } from 'vitest';
import { visibleWidth } from '../../src/cli/table.js';
import { cli, scriptedPrompter, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertCandidacy } from '../helpers/factory.js';
import type { CandidacyInsert } from '../helpers/factory.js';

function dbWith(cands: Partial<CandidacyInsert>[]): { db: string; refs: string[] } {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const refs = cands.map((c) => insertCandidacy(conn, c));
  conn.close();
  return { db, refs };
}

describe('committee agenda', () => {
  it('lists ready candidacies, oldest deadline first, overdue flagged; deadline crosses a month end', async () => {
    const { db, refs } = dbWith([
      { appliedOn: '2026-11-30' }, // deadline 2026-12-07 (across the month end)
      { appliedOn: '2026-11-20' }, // deadline 2026-11-27: overdue on 2026-12-01
      { appliedOn: '2026-11-29', documents: 'D1|D2|D4|D5' }, // D6 missing: not ready
      { appliedOn: '2026-11-29', annualIncomeCents: 100_000_00 }, // E3 not strictly above: ineligible
    ]);
    const r = await cli(db, ['--json', 'committee', 'agenda', '--date', '2026-12-01']);
    expect(r.code).toBe(0);
    const items = r.json<any[]>();
    expect(items.map((i) => i.ref)).toEqual([refs[1], refs[0]]);
    expect(items[0]).toMatchObject({ deadline: '2026-11-27', overdue: true });
    expect(items[1]).toMatchObject({ applied_on: '2026-11-30', deadline: '2026-12-07', overdue: false, days_left: 6, zone: 'paris' });
    expect(items[1].checks).toHaveLength(15);
  });

  it('prints a table for people, with OVERDUE', async () => {
    const { db } = dbWith([{ appliedOn: '2026-11-20' }]);
    const r = await cli(db, ['committee', 'agenda', '--date', '2026-12-01']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/DEADLINE/);
    expect(r.stdout).toContain('2026-11-27 OVERDUE');
  });
});

describe('committee decide', () => {
  it('rejects without a reason', async () => {
    const { db, refs } = dbWith([{}]);
    const r = await cli(db, ['--json', 'committee', 'decide', refs[0]!, '--reject', '--date', '2026-12-02']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ ref: refs[0], decision: 'rejected', reason: null, decided_on: '2026-12-02' });
    const again = await cli(db, ['--json', 'committee', 'decide', refs[0]!, '--accept', '--date', '2026-12-02']);
    expect(again.code).toBe(3);
    expect(again.json().error.article).toBe('3.3');
  });

  it('refuses to accept a candidacy not ready on the decision date (ID expired by then), naming the article', async () => {
    const { db, refs } = dbWith([{ idExpiresOn: '2026-12-01' }]);
    const r = await cli(db, ['--json', 'committee', 'decide', refs[0]!, '--accept', '--date', '2026-12-02']);
    expect(r.code).toBe(3);
    expect(r.json().error.message).toMatch(/^refused \(art\. 3\.3\): .*D2/);
    const ok = await cli(db, ['--json', 'committee', 'decide', refs[0]!, '--accept', '--reason', 'excellent dossier', '--date', '2026-12-01']);
    expect(ok.code).toBe(0);
    expect(ok.json()).toMatchObject({ decision: 'accepted', reason: 'excellent dossier' });
  });

  it('needs --accept or --reject, not both', async () => {
    const { db, refs } = dbWith([{}]);
    expect((await cli(db, ['committee', 'decide', refs[0]!])).code).toBe(2);
    expect((await cli(db, ['committee', 'decide', refs[0]!, '--accept', '--reject'])).code).toBe(2);
  });

  it('warns when deciding after the deadline', async () => {
    const { db, refs } = dbWith([{ appliedOn: '2026-11-20' }]);
    const r = await cli(db, ['committee', 'decide', refs[0]!, '--accept', '--date', '2026-12-01']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('deadline (2026-11-27');
  });
});

describe('committee notify', () => {
  it('creates the member, bills the entry fee 1 500,00 € = 1 250,00 HT + 250,00 VAT; a second notify is refused', async () => {
    const { db, refs } = dbWith([{ orangeSubscriptions: 2 }]);
    const conn = openDatabase(db);
    conn.sqlite.prepare("update candidacies set vetting_notes = 'linkedin: ok' where ref = ?").run(refs[0]);
    conn.close();
    expect((await cli(db, ['committee', 'decide', refs[0]!, '--accept', '--date', '2026-12-02'])).code).toBe(0);
    const r = await cli(db, ['--json', 'committee', 'notify', refs[0]!, '--date', '2026-12-10', '--yes']);
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ member_no: '1', contract_start: '2026-12-10', entry_fee_invoice: 'F2026-000001' });

    const inv = (await cli(db, ['--json', 'bill', 'show', 'F2026-000001', '--date', '2026-12-10'])).json();
    expect(inv).toEqual({
      number: 'F2026-000001',
      member_no: '1',
      issued_on: '2026-12-10',
      pay_by: '2026-12-20',
      total_ht_cents: 125000,
      total_vat_cents: 25000,
      total_ttc_cents: 150000,
      paid_cents: 0,
      outstanding_cents: 150000,
      status: 'open',
      credited_cents: 0,
      allocated_cents: 0,
      contested_cents: 0,
      late: false,
      credit_cents: 0,
      lines: [{ kind: 'entry_fee', label: "Droits d'entrée", period: null, ttc_cents: 150000, ht_cents: 125000 }],
      disputes: [],
      payments: [],
      guarantees: [],
    });
    const m = (await cli(db, ['--json', 'member', 'show', '1'])).json();
    expect(m).toMatchObject({
      member_no: '1',
      status: 'pending',
      kind: 'person',
      zone: 'paris',
      contract_start: '2026-12-10',
      honorary: false,
      welcome_gift: true,
      candidacy: refs[0],
    });
    expect(m.main_address.subscriptions).toHaveLength(2);

    const conn2 = openDatabase(db);
    const c = conn2.sqlite.prepare('select status, vetting_notes, notified_on from candidacies where ref = ?').get(refs[0]) as any;
    conn2.close();
    expect(c).toEqual({ status: 'member', vetting_notes: null, notified_on: '2026-12-10' });

    const again = await cli(db, ['--json', 'committee', 'notify', refs[0]!, '--date', '2026-12-11']);
    expect(again.code).toBe(3);
    expect(again.json().error).toMatchObject({ code: 'refused', article: '6' });
    expect(again.json().error.message).toContain('already notified on 2026-12-10: member 1');
  });

  it('requires an accepted candidacy; --date defaults to today as the help says', async () => {
    const { db, refs } = dbWith([{}]);
    const r = await cli(db, ['committee', 'notify', refs[0]!]);
    expect(r.stderr).not.toContain('missing --date');
    expect(r.code).toBe(3);
    const r2 = await cli(db, ['--json', 'committee', 'notify', refs[0]!, '--date', '2026-12-10']);
    expect(r2.code).toBe(3);
    expect(r2.json().error.article).toBe('3.3');
  });

  it('paying the entry fee in full by card makes the member active; SEPA and partial payment are refused (art. 7.3.3)', async () => {
    const { db, refs } = dbWith([{}]);
    await cli(db, ['committee', 'decide', refs[0]!, '--accept', '--date', '2026-12-02']);
    await cli(db, ['committee', 'notify', refs[0]!, '--date', '2026-12-10', '--yes']);
    const sepa = await cli(db, ['--json', 'bill', 'pay', 'F2026-000001', '--amount', '1500', '--method', 'sepa', '--date', '2026-12-12']);
    expect(sepa.code).toBe(3);
    expect(sepa.json().error.article).toBe('7.3.3');
    const part = await cli(db, ['--json', 'bill', 'pay', 'F2026-000001', '--amount', '500', '--method', 'card', '--date', '2026-12-12']);
    expect(part.code).toBe(3);
    expect(part.json().error.article).toBe('7.3.3');
    const over = await cli(db, ['--json', 'bill', 'pay', 'F2026-000001', '--amount', '1 500,01', '--method', 'card', '--date', '2026-12-12']);
    // more than is owed: bad input (exit 4), not a refusal of the contract (issue 21)
    expect(over.code).toBe(4);
    expect(over.json().error.message).toContain('overpayment');
    expect(over.json().error.article ?? null).toBeNull();
    const ok = await cli(db, ['--json', 'bill', 'pay', 'F2026-000001', '--amount', '1 500,00', '--method', 'amex', '--date', '2026-12-12']);
    expect(ok.code).toBe(0);
    expect(ok.json()).toMatchObject({ status: 'paid', outstanding_cents: 0, member_activated: '1' });
    const m = (await cli(db, ['--json', 'member', 'show', '1', '--date', '2026-12-12'])).json();
    expect(m).toMatchObject({ status: 'active', entry_fee_paid_on: '2026-12-12' });
  });
});

describe('committee session', () => {
  it('without a terminal exits 2 and points at decide', async () => {
    const { db } = dbWith([{}]);
    const r = await cli(db, ['committee', 'session', '--date', '2026-12-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('committee decide');
  });

  it('walks the agenda: accept, skip, reject', async () => {
    const { db, refs } = dbWith([{ appliedOn: '2026-11-25' }, { appliedOn: '2026-11-26' }, { appliedOn: '2026-11-27' }]);
    const p = scriptedPrompter(['accept', 'welcome', 'skip', 'reject', '']);
    const r = await cli(db, ['committee', 'session', '--date', '2026-12-01'], { tty: true, prompter: p });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('E2 (art. 3.1)');
    expect(r.stdout).toContain(`${refs[0]}: accepted (welcome)`);
    expect(r.stdout).toContain(`${refs[1]}: skipped`);
    expect(r.stdout).toContain(`${refs[2]}: rejected`);
    const agenda = (await cli(db, ['--json', 'committee', 'agenda', '--date', '2026-12-01'])).json<any[]>();
    expect(agenda.map((a) => a.ref)).toEqual([refs[1]]);
  });

  it('fits an 80-column terminal, in English and in French: each check wrapped under its mark', async () => {
    for (const LANG of ['C', 'fr_FR.UTF-8']) {
      const { db } = dbWith([{ appliedOn: '2026-11-25', companyName: 'Compagnie Générale des Établissements Industriels et Financiers de la Plaine Monceau' }]);
      const r = await cli(db, ['committee', 'session', '--date', '2026-12-01'], {
        tty: true,
        prompter: scriptedPrompter(['skip']),
        env: { LANG, COLUMNS: '80' },
      });
      expect(r.code, r.stderr).toBe(0);
      const wide = r.stdout.split('\n').filter((l) => visibleWidth(l) > 80);
      expect(wide, LANG).toEqual([]);
      expect(r.stdout).toMatch(/^ {2}[✓✗] E2 \(art\. 3\.1\)/m);
      // a continuation line is indented under the check's text (A2's sentence is longer in English)
      if (LANG === 'C') expect(r.stdout).toMatch(/^ {2}✓ A2 \(art\. 3\.4\) .*\n {4}\S/m);
    }
  });
});
