/**
 * Art. 7.1 with art. 7.3.8: a guarantee applied to everything late closes the non-payment
 * procedure and lifts a suspension as a payment does — and says so, as `bill pay` does
 * (issue 24), in English, in French and in JSON. Annex 1: 250 € TTC a month.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue } from '../helpers/documents.js';

/** A member suspended on 25/01/2027 for a 250 € invoice of January, holding a 250 € guarantee. */
async function suspended() {
  const db = path.join(tempDir(), 'club.db');
  const conn = openDatabase(db);
  const no = insertMember(conn, { contractStart: '2026-06-01' });
  conn.sqlite.prepare("update members set entry_fee_paid_on = '2026-06-02' where member_no = ?").run(no);
  const sub = issue(conn, no, '2027-01-01', [{ kind: 'subscription', label: 'Abonnement Parnasse', period: '2027-01', ttcCents: 25_000 }]);
  conn.close();
  const n = String(no);
  const req = await cli(db, ['--json', '--date', '2027-01-03', 'member', 'guarantee', 'request', n, '--amount', '250', '--due', '2027-01-10']);
  expect(req.code, req.stderr).toBe(0);
  const id = String(req.json().id);
  expect((await cli(db, ['--date', '2027-01-08', 'member', 'guarantee', 'receive', id])).code).toBe(0);
  expect((await cli(db, ['--date', '2027-01-16', 'bill', 'dunning', '--apply'])).code).toBe(0);
  expect((await cli(db, ['--date', '2027-01-25', 'bill', 'dunning', '--apply'])).code).toBe(0);
  expect((await cli(db, ['--json', '--date', '2027-01-25', 'member', 'show', n])).json()).toMatchObject({ status: 'suspended' });
  return { db, n, id, sub };
}

describe('a guarantee that settles everything late lifts the suspension and says so (art. 7.1, 7.3.8)', () => {
  it('apply: the member active again, said in English, French and JSON', async () => {
    for (const [lang, text] of [
      ['C', (n: string) => `member ${n} is no longer suspended, active again (art. 7.3.8)`],
      ['fr_FR.UTF-8', (n: string) => `le membre ${n} n’est plus suspendu, de nouveau actif (art. 7.3.8)`],
    ] as const) {
      const c = await suspended();
      const r = await cli(c.db, ['--date', '2027-01-27', 'member', 'guarantee', 'apply', c.id, '--invoice', c.sub], { env: { LANG: lang } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.replace(/\s+/g, ' ')).toContain(text(c.n));
      expect((await cli(c.db, ['--json', '--date', '2027-01-27', 'member', 'show', c.n])).json()).toMatchObject({ status: 'active' });
    }
    const c = await suspended();
    const j = await cli(c.db, ['--json', '--date', '2027-01-27', 'member', 'guarantee', 'apply', c.id, '--invoice', c.sub]);
    expect(j.json()).toMatchObject({ dunning_closed: true, suspension_lifted: { member_no: c.n, status: 'active' } });
    expect((await cli(c.db, ['db', 'check'])).code).toBe(0);
  });

  it('release: the invoice settled from the guarantee first, the suspension lifted and said (JSON)', async () => {
    const c = await suspended();
    const j = await cli(c.db, ['--json', '--date', '2027-01-27', 'member', 'guarantee', 'release', c.id]);
    expect(j.code, j.stderr).toBe(0);
    expect(j.json()).toMatchObject({
      settled: [{ invoice: c.sub, amount_cents: 25_000 }],
      given_back_cents: 0,
      suspension_lifted: { member_no: c.n, status: 'active' },
    });
  });
});

describe('bill show of an invoice settled by a guarantee (art. 7.1)', () => {
  it('says what the guarantee paid beside the payments — its paid amount is no longer without a source (en, fr, JSON)', async () => {
    const c = await suspended();
    expect((await cli(c.db, ['--date', '2027-01-27', 'member', 'guarantee', 'apply', c.id, '--invoice', c.sub])).code).toBe(0);
    const j = (await cli(c.db, ['--json', '--date', '2027-01-27', 'bill', 'show', c.sub])).json();
    expect(j).toMatchObject({
      paid_cents: 25_000,
      outstanding_cents: 0,
      payments: [],
      guarantees: [{ id: Number(c.id), amount_cents: 25_000, on: '2027-01-27' }],
    });
    // as of a date before it: nothing applied yet
    expect((await cli(c.db, ['--json', '--date', '2027-01-26', 'bill', 'show', c.sub])).json()).toMatchObject({ paid_cents: 0, guarantees: [] });
    const en = await cli(c.db, ['--date', '2027-01-27', 'bill', 'show', c.sub]);
    expect(en.stdout).toMatch(/of which financial guarantee \(art\. 7\.1\)\s+250,00 €/);
    const fr = await cli(c.db, ['--date', '2027-01-27', 'bill', 'show', c.sub], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stdout).toMatch(/dont garantie financière \(art\. 7\.1\)\s+250,00 €/);
  });
});
