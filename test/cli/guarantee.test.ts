/** `member guarantee request|receive|apply|release|list` (art. 7.1) on the command line, in English and French, human and --json. */
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { issue } from '../helpers/documents.js';
import { insertMember } from '../helpers/factory.js';

const FR = { env: { PARNASSE_LANG: 'fr' } };

function memberDb(): { db: string; n: string; invoice: string } {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const no = insertMember(conn, { contractStart: '2027-01-04' });
  // annex 1: the monthly subscription, 250 € TTC; pay by 11 May
  const invoice = issue(conn, no, '2027-05-01', [{ kind: 'subscription', label: 'Abonnement', period: '2027-05', ttcCents: 25_000 }]);
  conn.close();
  return { db, n: String(no), invoice };
}

describe('member guarantee on the command line (art. 7.1)', () => {
  it('request, receive, apply to a late invoice, list, show, export; refusals exit 3 with the article, in French too', async () => {
    const { db, n, invoice } = memberDb();
    const req = await cli(db, [
      '--json',
      'member',
      'guarantee',
      'request',
      n,
      '--amount',
      '500',
      '--due',
      '2027-03-15',
      '--reason',
      'Avance sur consommation',
      '--date',
      '2027-03-01',
    ]);
    expect(req.code, req.stderr).toBe(0);
    const id = String(req.json().id);
    expect(req.json()).toMatchObject({ member_no: n, amount_cents: 50_000, due_on: '2027-03-15', held_cents: 0 });

    const early = await cli(db, ['member', 'guarantee', 'request', n, '--amount', '100', '--due', '2027-02-28', '--date', '2027-03-01']);
    expect(early.code).toBe(3);
    expect(early.stderr).toContain('7.1');

    const over = await cli(db, ['member', 'guarantee', 'receive', id, '--amount', '600', '--date', '2027-03-10'], FR);
    expect(over.code).toBe(3);
    expect(over.stderr).toContain('7.1');
    expect(over.stderr).toContain('restant à recevoir');

    const got = await cli(db, ['member', 'guarantee', 'receive', id, '--method', 'transfer', '--date', '2027-03-10']);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toContain('held 500,00 €');

    const notLate = await cli(db, ['member', 'guarantee', 'apply', id, '--invoice', invoice, '--date', '2027-05-11']);
    expect(notLate.code).toBe(3);
    expect(notLate.stderr).toMatch(/art\. 7\.1.*not late/);

    const fr = await cli(db, ['member', 'guarantee', 'apply', id, '--invoice', invoice, '--date', '2027-05-12'], FR);
    expect(fr.code, fr.stderr).toBe(0);
    expect(fr.stdout).toContain(`imputés sur la facture ${invoice}`);
    expect(fr.stdout).toContain('détenu 250,00 €');

    const bill = await cli(db, ['--json', 'bill', 'show', invoice, '--date', '2027-05-12']);
    expect(bill.json()).toMatchObject({ paid_cents: 25_000, outstanding_cents: 0 });

    const list = await cli(db, ['--json', 'member', 'guarantee', 'list', '--held', '--date', '2027-05-12']);
    expect(list.json()).toMatchObject([{ id: Number(id), member_no: n, received_cents: 50_000, applied_cents: 25_000, held_cents: 25_000 }]);
    const listFr = await cli(db, ['member', 'guarantee', 'list', '--date', '2027-05-12'], FR);
    expect(listFr.stdout).toContain('DÉTENU');

    const show = await cli(db, ['--json', 'member', 'show', n, '--date', '2027-05-12']);
    expect(show.json()).toMatchObject({ guarantee_held_cents: 25_000, guarantees: [{ id: Number(id), held_cents: 25_000 }] });
    const showEn = await cli(db, ['member', 'show', n, '--date', '2027-05-12']);
    expect(showEn.stdout).toMatch(/guarantees.*#\d+ 500,00 €.*held 250,00 €/);

    const exp = await cli(db, ['--json', 'member', 'export', n]);
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.json().guarantees).toMatchObject([
      { amount_cents: 50_000, reason: 'Avance sur consommation', moves: [{ kind: 'received' }, { kind: 'applied', invoice, amount_cents: 25_000 }] },
    ]);

    const rel = await cli(db, ['--json', 'member', 'guarantee', 'release', id, '--date', '2027-05-20']);
    expect(rel.json()).toMatchObject({ settled: [], given_back_cents: 25_000, held_cents: 0 });
    const none = await cli(db, ['member', 'guarantee', 'release', id, '--date', '2027-05-21']);
    expect(none.code).toBe(3);
    expect((await cli(db, ['db', 'check'])).code).toBe(0);
  });

  it('a guarantee is asked only while the contract runs (art. 10.4)', async () => {
    const { db, n } = memberDb();
    expect((await cli(db, ['terminate', n, '--reason', 'incompatible_offer', '--date', '2027-06-05', '--yes'])).code).toBe(0);
    const r = await cli(db, ['member', 'guarantee', 'request', n, '--amount', '500', '--due', '2027-07-15', '--date', '2027-07-01']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('10.4');
  });
});

describe('the termination shows the guarantee to give back (art. 7.1)', () => {
  it('terminate show: held on the date, human (en/fr) and --json; none once given back', async () => {
    const { db, n } = memberDb();
    const id = String(
      (await cli(db, ['--json', 'member', 'guarantee', 'request', n, '--amount', '500', '--due', '2027-03-15', '--date', '2027-03-01'])).json().id,
    );
    expect((await cli(db, ['member', 'guarantee', 'receive', id, '--date', '2027-03-10'])).code).toBe(0);
    expect((await cli(db, ['terminate', n, '--reason', 'incompatible_offer', '--date', '2027-06-05', '--yes'])).code).toBe(0);
    expect((await cli(db, ['--json', 'terminate', 'show', n, '--date', '2027-06-05'])).json()).toMatchObject({ guarantee_held_cents: 50_000 });
    expect((await cli(db, ['terminate', 'show', n, '--date', '2027-06-05'])).stdout).toContain('guarantee held');
    expect((await cli(db, ['terminate', 'show', n, '--date', '2027-06-05'], FR)).stdout).toContain('garantie détenue');
    // the May invoice (250 €) is still due: settled first, 250 € given back
    const rel = await cli(db, ['--json', 'member', 'guarantee', 'release', id, '--date', '2027-06-05']);
    expect(rel.json()).toMatchObject({ settled: [{ amount_cents: 25_000 }], given_back_cents: 25_000 });
    expect((await cli(db, ['--json', 'terminate', 'show', n, '--date', '2027-06-05'])).json()).toMatchObject({ guarantee_held_cents: 0 });
    expect((await cli(db, ['terminate', 'show', n, '--date', '2027-06-05'])).stdout).not.toContain('guarantee held');
  });
});
