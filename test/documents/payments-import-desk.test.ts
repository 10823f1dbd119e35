/**
 * A transfer the statement import left for the Desk stays the Desk's: importing the same
 * statement again never records it on its own (issue 25: "importing the same statement twice
 * records nothing new"). Found by the living club's long mode (seeds 2004 and 2007 × 36
 * months): between the two imports the Desk settled things by hand, and the second import then
 * matched the same transfer to another invoice — one euro of the bank counted twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { camt, frIban } from '../helpers/camt.js';

const sub = (period: string) => [{ kind: 'subscription' as const, label: `Abonnement ${period}`, period, ttcCents: 25_000 }];

/** A club of one member (IBAN 1) with the given invoices, and a camt.053 file of one 250 € transfer booked on 10/12 without invoice number. */
function clubAndTransfer(o: { ref: string; payerIban: string; ustrd: string; months: string[] }) {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const m = insertMember(conn, { iban: frIban(1), contractStart: '2026-06-01' });
  const invoices = o.months.map((month) => issue(conn, m, `${month}-01`, sub(month)));
  conn.close();
  const xml = camt('053', '12', [
    {
      ref: o.ref,
      credit: true,
      bookedOn: '2026-12-10',
      family: 'RCDT',
      subFamily: 'ESCT',
      txs: [{ amountCents: 25_000, payerName: 'M. Martin', payerIban: o.payerIban, ustrd: [o.ustrd] }],
    },
  ]);
  const file = path.join(dir, 's.xml');
  fs.writeFileSync(file, xml);
  return { db, m, invoices, file };
}

it('a transfer listed for the Desk, settled by hand, is not recorded again by a second import of the statement', async () => {
  // 250 € from an account the club does not know yet, no invoice number
  const { db, m, invoices, file } = clubAndTransfer({ ref: 'R-9', payerIban: frIban(7), ustrd: 'Cotisation', months: ['2026-11', '2026-12'] });
  const [nov, dec] = invoices as [string, string];
  const first = await cli(db, ['--json', '--date', '2026-12-15', 'bill', 'payments', 'import', file]);
  expect(first.code, first.stderr).toBe(0);
  expect(first.json().unknown.map((x: { ref: string; reason: string }) => [x.ref, x.reason])).toEqual([['R-9', 'unknown_payer']]);
  // the Desk recognises the member: records the transfer by hand on November, and the account
  expect((await cli(db, ['--date', '2026-12-15', 'bill', 'pay', nov, '--amount', '250', '--method', 'transfer'])).code).toBe(0);
  expect((await cli(db, ['--date', '2026-12-15', 'member', 'edit', String(m), '--iban', frIban(7)])).code).toBe(0);
  for (const LANG of ['C', 'fr_FR.UTF-8']) {
    const again = await cli(db, ['--json', '--date', '2026-12-16', 'bill', 'payments', 'import', file], { env: { LANG } });
    expect(again.code, again.stderr).toBe(0);
    expect(again.json()).toMatchObject({ recorded_count: 0, recorded: [] });
    expect(again.json().skipped.map((x: { ref: string; reason: string }) => [x.ref, x.reason])).toEqual([['R-9', 'listed_for_desk']]);
  }
  expect((await cli(db, ['--json', '--date', '2026-12-16', 'bill', 'show', dec])).json()).toMatchObject({ paid_cents: 0, outstanding_cents: 25_000 });
  const human = await cli(db, ['--date', '2026-12-16', 'bill', 'payments', 'import', file], { env: { LANG: 'fr_FR.UTF-8' } });
  expect(human.stdout.replace(/\s+/g, ' ')).toContain('déjà signalé');
  expect((await cli(db, ['db', 'check'])).code).toBe(0);
});

it('a transfer from the member’s account for exactly what a guarantee of his awaits is the Desk’s, even when an invoice owes that amount (art. 7.1)', async () => {
  const { db, m, invoices, file } = clubAndTransfer({ ref: 'R-1', payerIban: frIban(1), ustrd: 'Virement', months: ['2026-12'] });
  const [dec] = invoices as [string];
  const asked = await cli(db, [
    '--json',
    '--date',
    '2026-12-02',
    'member',
    'guarantee',
    'request',
    String(m),
    '--amount',
    '250',
    '--due',
    '2026-12-20',
    '--reason',
    'Avance',
  ]);
  expect(asked.code, asked.stderr).toBe(0);
  for (const LANG of ['C', 'fr_FR.UTF-8']) {
    const r = await cli(db, ['--json', '--date', '2026-12-15', 'bill', 'payments', 'import', file, '--dry-run'], { env: { LANG } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ recorded_count: 0 });
    expect(r.json().unknown.map((x: { ref: string; reason: string }) => [x.ref, x.reason])).toEqual([['R-1', 'guarantee_awaited']]);
  }
  const human = await cli(db, ['--date', '2026-12-15', 'bill', 'payments', 'import', file, '--dry-run'], { env: { LANG: 'fr_FR.UTF-8' } });
  expect(human.stdout.replace(/\s+/g, ' ')).toContain('garantie financière');
  // once the guarantee is received, the same amount from the same account pays the invoice again
  const g = (await cli(db, ['--json', '--date', '2026-12-15', 'member', 'guarantee', 'list', String(m)])).json()[0];
  expect((await cli(db, ['--date', '2026-12-15', 'member', 'guarantee', 'receive', String(g.id), '--method', 'transfer'])).code).toBe(0);
  const paid = await cli(db, ['--json', '--date', '2026-12-15', 'bill', 'payments', 'import', file]);
  expect(paid.json()).toMatchObject({ recorded_count: 1, recorded: [{ invoice: dec, by: 'iban' }] });
});
