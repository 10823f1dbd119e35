/**
 * Art. 7.1: a financial guarantee through the module — the ledger counts what is applied as
 * paid on its date, holds the rest for the member (never a credit, never revenue), the FEC
 * books it on the guarantee account (165) and `db check` stays clean. Annex 1: the monthly
 * subscription is 250 € TTC.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { applyGuarantee, listGuarantees, receiveGuarantee, releaseGuarantee, requestGuarantee } from '../../src/guarantee/index.js';
import { invoiceBalance, memberBalance } from '../../src/collection/ledger.js';
import { getMember } from '../../src/contract/state.js';
import { openDispute, resolveDispute } from '../../src/collection/index.js';
import { payInvoice } from '../../src/invoicing/index.js';
import { RefusedError } from '../../src/errors.js';
import { cli, tempDir } from '../helpers/cli.js';
import { testActor } from '../helpers/db.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { insertMember } from '../helpers/factory.js';

const SUB = 25_000;
const sub = (period: string) => ({ kind: 'subscription' as const, label: 'Abonnement', period, ttcCents: SUB });

function club() {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const no = insertMember(conn, { contractStart: '2027-01-04' });
  return { dir, db, conn, no, id: getMember(conn.db, no).id };
}

describe('financial guarantee through the module (art. 7.1)', () => {
  it('received, applied to a late invoice (paid on that date), the rest held; refusals carry the article', () => {
    const { conn, no, id } = club();
    const g = requestGuarantee(conn, testActor, {
      memberNo: String(no),
      amountCents: 2 * SUB,
      dueOn: '2027-03-15',
      reason: 'Avance sur consommation',
      on: '2027-03-01',
    });
    expect(g).toMatchObject({ amount_cents: 2 * SUB, due_on: '2027-03-15', held_cents: 0, overdue: false });
    expect(() => receiveGuarantee(conn, testActor, { id: g.id, amountCents: 2 * SUB + 1, method: 'transfer', on: '2027-03-10' })).toThrow(RefusedError);
    const r = receiveGuarantee(conn, testActor, { id: g.id, method: 'transfer', on: '2027-03-10' });
    expect(r).toMatchObject({ received_cents: 2 * SUB, held_cents: 2 * SUB });
    // held money is the member's, not a credit on an invoice
    expect(memberBalance(conn.db, id, '2027-03-10')).toMatchObject({ guaranteeHeldCents: 2 * SUB, creditBalanceCents: 0, paidCents: 0 });

    const f = issue(conn, no, '2027-05-01', [sub('2027-05')]); // pay by 11 May
    try {
      applyGuarantee(conn, testActor, { id: g.id, invoice: f, on: '2027-05-11' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RefusedError);
      expect((e as RefusedError).article).toBe('7.1');
    }
    const a = applyGuarantee(conn, testActor, { id: g.id, invoice: f, on: '2027-05-12' });
    expect(a).toMatchObject({ applied: { invoice: f, amount_cents: SUB }, applied_cents: SUB, held_cents: SUB });
    expect(invoiceBalance(conn.db, { number: f }, '2027-05-11')).toMatchObject({ paidCents: 0, late: false });
    expect(invoiceBalance(conn.db, { number: f }, '2027-05-12')).toMatchObject({ paidCents: SUB, outstandingCents: 0, status: 'paid' });
    expect(memberBalance(conn.db, id, '2027-05-12')).toMatchObject({ guaranteeHeldCents: SUB, lateCents: 0 });
    // nothing more late on it
    expect(() => applyGuarantee(conn, testActor, { id: g.id, invoice: f, on: '2027-05-13' })).toThrow(RefusedError);
    expect(listGuarantees(conn.db, { memberNo: String(no), on: '2027-05-12', held: true })).toHaveLength(1);
    conn.close();
  });

  it('given back with the termination balance: the last invoice settled first, the rest returned; FEC on 165, never revenue; db check clean', async () => {
    const { dir, db, conn, no, id } = club();
    const g = requestGuarantee(conn, testActor, { memberNo: String(no), amountCents: 2 * SUB, dueOn: '2027-03-15', reason: null, on: '2027-03-01' });
    receiveGuarantee(conn, testActor, { id: g.id, method: 'transfer', on: '2027-03-10' });
    const last = issue(conn, no, '2027-06-01', [sub('2027-06')]);
    conn.close();
    const term = await cli(db, ['terminate', String(no), '--reason', 'incompatible_offer', '--date', '2027-06-05', '--yes']);
    expect(term.code, term.stderr).toBe(0);
    const c2 = openDatabase(db);
    const r = releaseGuarantee(c2, testActor, { id: g.id, method: 'transfer', on: '2027-06-05' });
    expect(r).toMatchObject({ settled: [{ invoice: last, amount_cents: SUB }], given_back_cents: SUB, held_cents: 0 });
    expect(memberBalance(c2.db, id, '2027-06-05')).toMatchObject({ guaranteeHeldCents: 0, outstandingCents: 0 });
    expect(() => releaseGuarantee(c2, testActor, { id: g.id, method: 'transfer', on: '2027-06-06' })).toThrow(RefusedError);
    c2.close();

    const out = path.join(dir, 'fec.txt');
    const x = await cli(db, [
      '--json',
      '--date',
      '2027-06-30',
      'bill',
      'export',
      '--format',
      'entries',
      '--from',
      '2027-01-01',
      '--to',
      '2027-06-30',
      '--out',
      out,
    ]);
    expect(x.code, x.stderr).toBe(0);
    const rows = fs
      .readFileSync(out, 'utf8')
      .split('\r\n')
      .slice(1, -1)
      .map((l) => l.split('|'));
    const on = (acc: string) => rows.filter((f) => f[4] === acc);
    const sum = (fs_: string[][], col: number) => fs_.reduce((s, f) => s + Math.round(Number(f[col]!.replace(',', '.')) * 100), 0);
    // 165: credited when received, debited when applied and given back — balance 0, and no revenue line for it
    expect(sum(on('165000'), 13 - 1)).toBe(2 * SUB); // credit
    expect(sum(on('165000'), 12 - 1)).toBe(2 * SUB); // debit
    expect(on('165000').every((f) => f[6] === `C${String(no).padStart(6, '0')}`)).toBe(true);
    const revenue = rows.filter((f) => f[4]!.startsWith('7'));
    expect(sum(revenue, 12) - sum(revenue, 11)).toBe(Math.round((SUB * 100) / 120)); // the June subscription HT only
    // the invoice settled by the guarantee is lettered
    expect(rows.filter((f) => f[4] === '411000' && f[8] === last).every((f) => f[13] !== '')).toBe(true);
    const check = await cli(db, ['db', 'check']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });
});

describe('a dispute on an invoice the guarantee paid (art. 7.1, 7.3.6)', () => {
  it('the member did not pay it himself: he may still dispute what was set off, granted → a credit note and a credit balance', () => {
    const { conn, no, id } = club();
    const g = requestGuarantee(conn, testActor, { memberNo: String(no), amountCents: SUB, dueOn: '2027-03-15', reason: 'Avance', on: '2027-03-01' });
    receiveGuarantee(conn, testActor, { id: g.id, method: 'transfer', on: '2027-03-10' });
    const f = issue(conn, no, '2027-05-01', [sub('2027-05')]);
    applyGuarantee(conn, testActor, { id: g.id, invoice: f, on: '2027-05-12' });
    expect(invoiceBalance(conn.db, { number: f }, '2027-05-20')).toMatchObject({ outstandingCents: 0, status: 'paid', disputableCents: SUB });
    const d = openDispute(conn, testActor, { number: f, amountCents: 5_000, on: '2027-05-20', reason: 'Mois non dû' });
    expect(d).toMatchObject({ amount_cents: 5_000, status: 'open' });
    // at most what was set off, less what is open
    expect(() => openDispute(conn, testActor, { number: f, amountCents: SUB - 5_000 + 1, on: '2027-05-20', reason: 'Tout' })).toThrow(RefusedError);
    resolveDispute(conn, testActor, { id: d.id, outcome: 'granted', on: '2027-05-25' });
    expect(memberBalance(conn.db, id, '2027-05-25')).toMatchObject({ creditBalanceCents: 5_000 });
    conn.close();
  });

  it('what the member paid himself is not disputed once paid (unchanged)', () => {
    const { conn, no } = club();
    const f = issue(conn, no, '2027-05-01', [sub('2027-05')]);
    payInvoice(conn, testActor, { number: f, amountCents: SUB, method: 'transfer', paidOn: '2027-05-05' });
    expect(invoiceBalance(conn.db, { number: f }, '2027-05-20')).toMatchObject({ disputableCents: 0 });
    expect(() => openDispute(conn, testActor, { number: f, amountCents: 100, on: '2027-05-20', reason: 'x' })).toThrow(RefusedError);
    conn.close();
  });
});

describe('db check and guarantees (art. 7.1)', () => {
  it('finds a guarantee that gave out more than it received', async () => {
    const { db, conn, no } = club();
    const g = requestGuarantee(conn, testActor, { memberNo: String(no), amountCents: SUB, dueOn: '2027-03-15', reason: null, on: '2027-03-01' });
    receiveGuarantee(conn, testActor, { id: g.id, method: 'transfer', on: '2027-03-10' });
    expect((await cli(db, ['db', 'check'])).code).toBe(0);
    conn.sqlite
      .prepare(`insert into guarantee_moves (guarantee_id, kind, on_date, amount_cents, method) values (?, 'released', '2027-03-11', ?, 'transfer')`)
      .run(g.id, SUB + 1);
    conn.close();
    const r = await cli(db, ['db', 'check']);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain(`guarantee ${g.id}: asked`);
  });
});
