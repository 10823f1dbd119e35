/**
 * Review of the statement import (issue 25) with art. 7.1: two transfers for one invoice in
 * one statement, the same entry reference twice, a transfer booked before its invoice, one
 * on an invoice disputed on its booking date, one on an invoice a financial guarantee has
 * since settled. Each ends as `bill pay` would have it; the books stay clean.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { camt, frIban, type CamtEntrySpec } from '../helpers/camt.js';

const sub = (cents: number) => [{ kind: 'subscription' as const, label: 'Abonnement', period: '2026-12', ttcCents: cents }];
const credit = (ref: string, cents: number, number: string, bookedOn = '2026-12-10'): CamtEntrySpec => ({
  ref,
  credit: true,
  bookedOn,
  family: 'RCDT',
  subFamily: 'ESCT',
  txs: [{ amountCents: cents, payerName: 'Un Payeur', ustrd: [`Facture ${number}`] }],
});

it('two transfers for one invoice, a reference twice, booked before the invoice, disputed, settled by a guarantee since', async () => {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const m = insertMember(conn, { iban: frIban(1), contractStart: '2026-06-01' });
  const a = issue(conn, m, '2026-12-01', sub(6_000));
  const c = issue(conn, m, '2026-12-01', sub(5_000));
  const e = issue(conn, m, '2026-12-01', sub(2_000));
  const b = issue(conn, m, '2026-12-05', sub(4_000));
  conn.close();
  const n = String(m);
  expect((await cli(db, ['--date', '2026-12-05', 'bill', 'dispute', c, '--amount', '20', '--reason', 'Erreur'])).code).toBe(0);
  const id = String(
    (await cli(db, ['--json', '--date', '2026-11-20', 'member', 'guarantee', 'request', n, '--amount', '20', '--due', '2026-11-30'])).json().id,
  );
  expect((await cli(db, ['--date', '2026-11-25', 'member', 'guarantee', 'receive', id])).code).toBe(0);
  expect((await cli(db, ['--date', '2026-12-12', 'member', 'guarantee', 'apply', id, '--invoice', e])).code).toBe(0);
  const xml = camt('053', '12', [
    credit('R-1', 4_000, a),
    credit('R-2', 3_000, a), // the second for the same invoice: 2 000 € left, more than it owes
    credit('R-1', 4_000, a), // the same entry twice
    credit('R-3', 4_000, b, '2026-12-03'), // booked before the invoice was issued
    credit('R-4', 5_000, c), // disputed on its booking date: the member may pay it all
    credit('R-5', 2_000, e), // settled by the guarantee (applied 12/12, after the booking)
  ]);
  const file = path.join(dir, 's.xml');
  fs.writeFileSync(file, xml);
  const r = await cli(db, ['--json', '--date', '2026-12-15', 'bill', 'payments', 'import', file]);
  expect(r.code, r.stderr).toBe(0);
  const j = r.json();
  expect(j.recorded.map((x: { ref: string; invoice: string; amount_cents: number }) => [x.ref, x.invoice, x.amount_cents])).toEqual([
    ['R-1', a, 4_000],
    ['R-4', c, 5_000],
  ]);
  expect(j.skipped.map((x: { ref: string; reason: string }) => [x.ref, x.reason])).toEqual([['R-1', 'already_recorded']]);
  expect(j.unknown.map((x: { ref: string; reason: string }) => [x.ref, x.reason])).toEqual([
    ['R-2', 'overpays'],
    ['R-3', 'refused'],
    ['R-5', 'already_paid'],
  ]);
  expect((await cli(db, ['--json', '--date', '2026-12-15', 'bill', 'show', a])).json()).toMatchObject({ paid_cents: 4_000, outstanding_cents: 2_000 });
  expect((await cli(db, ['--json', '--date', '2026-12-15', 'bill', 'show', e])).json()).toMatchObject({ paid_cents: 2_000, credit_cents: 0 });
  expect((await cli(db, ['db', 'check'])).code).toBe(0);
});
