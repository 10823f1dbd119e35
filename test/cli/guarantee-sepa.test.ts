/**
 * Art. 7.1 with the direct debit: the SEPA export never collects what a financial guarantee
 * already paid — even a guarantee applied on a date after the export's (recorded first, the
 * export then run with an earlier --date): what it debits is at most what is due with
 * everything recorded, as `bill pay` checks. Annex 1: 250 € TTC a month.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';

it('bill export --format sepa leaves out an invoice the guarantee settled on a later date, and debits only the rest of one it settled in part', async () => {
  const db = path.join(tempDir(), 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const a = insertMember(conn, { contractStart: '2026-06-01' });
  conn.sqlite.prepare("update members set entry_fee_paid_on = '2026-06-02' where member_no = ?").run(a);
  const dec = issue(conn, a, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
  const opt = issue(conn, a, '2026-12-01', [{ kind: 'charge', label: 'Intervention', ttcCents: 10_000 }]);
  conn.close();
  const n = String(a);
  expect((await cli(db, ['--date', '2026-11-20', 'member', 'mandate', n, '--iban', 'FR14 2004 1010 0505 0001 3M02 606', '--signed', '2026-11-15'])).code).toBe(
    0,
  );
  const id = String(
    (await cli(db, ['--json', '--date', '2026-11-25', 'member', 'guarantee', 'request', n, '--amount', '290', '--due', '2026-11-30'])).json().id,
  );
  expect((await cli(db, ['--date', '2026-11-26', 'member', 'guarantee', 'receive', id])).code).toBe(0);
  // late on 12/12 (pay by 11/12): the guarantee settles all of one, 40 € of the other
  expect((await cli(db, ['--date', '2026-12-12', 'member', 'guarantee', 'apply', id, '--invoice', dec])).code).toBe(0);
  expect((await cli(db, ['--date', '2026-12-12', 'member', 'guarantee', 'apply', id, '--invoice', opt, '--amount', '40'])).code).toBe(0);
  const out = path.join(tempDir(), 'dec.xml');
  const r = await cli(db, ['--json', '--date', '2026-12-02', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.json().debits.map((d: { invoice: string; amount_cents: number }) => [d.invoice, d.amount_cents])).toEqual([[opt, 6_000]]);
  for (const inv of [dec, opt])
    expect((await cli(db, ['--json', '--date', '2026-12-31', 'bill', 'show', inv])).json()).toMatchObject({ outstanding_cents: 0, credit_cents: 0 });
  expect((await cli(db, ['db', 'check'])).code).toBe(0);
});
