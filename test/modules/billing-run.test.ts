import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { memberOptions, pendingCharges, prices } from '../../src/db/schema.js';
import { tempConnection, testActor } from '../helpers/db.js';
import { insertMember } from '../helpers/factory.js';
import { recordReturn } from '../helpers/billing.js';
import fs from 'node:fs';
import path from 'node:path';
import { billingRun, RECURRING_SOURCES, type RecurringSource } from '../../src/billing/run.js';
import { creditInvoice, memberIdOf, payInvoice, showInvoice } from '../../src/invoicing/index.js';
import { checkDatabase } from '../../src/invoicing/integrity.js';
import { setPrice } from '../../src/prices/index.js';
import { memberBalance } from '../../src/collection/ledger.js';
import { openDispute, resolveDispute, setRate } from '../../src/collection/index.js';
import { periodAmount } from '../../src/rules/billing.js';
import { terminate, withdrawTermination } from '../../src/termination/index.js';

let conn: Connection;
beforeEach(() => {
  conn = tempConnection();
});
afterEach(() => conn.close());

const run = (month: string, date: string, dryRun = false) => billingRun(conn, testActor, { month, date, dryRun });
const lines = (n: string, on = '2027-12-31') => showInvoice(conn.db, n, on).lines;

describe('bill run (RULES.md §6, decision "monthly run")', () => {
  it('first month prorated: start 10/12/2026 → 250,00 × 22/31 = 177,42 €', () => {
    expect(periodAmount(25000, 1, '2026-12-10', '2026-12')).toBe(17742);
    insertMember(conn, { contractStart: '2026-12-10' });
    const r = run('2026-12', '2026-12-10');
    expect(r).toMatchObject({ invoices: 1, total_ttc_cents: 17742, lines: { subscription: 1, option: 0, charge: 0, penalty: 0, indemnity: 0 }, parked: [] });
    expect(lines('F2026-000001')).toEqual([{ kind: 'subscription', label: 'Offre Parnasse Intérieur', period: '2026-12', ttc_cents: 17742, ht_cents: 14785 }]);
  });

  it('a missed run is caught up: two months, then the current one, on one invoice; re-running bills nothing', () => {
    insertMember(conn, { contractStart: '2026-11-01' });
    // no run in November or December: the January run bills 11, 12 and 01 (3 × 250,00 = 750,00 €)
    const r = run('2027-01', '2027-01-01');
    expect(r).toMatchObject({ invoices: 1, total_ttc_cents: 75000 });
    expect(lines('F2027-000001').map((l) => l.period)).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(run('2027-01', '2027-01-02')).toMatchObject({ invoices: 0, total_ttc_cents: 0 });
    payInvoice(conn, testActor, { number: 'F2027-000001', amountCents: 75000, paidOn: '2027-01-08', method: 'sepa' });
    expect(run('2027-02', '2027-02-01')).toMatchObject({ invoices: 1, total_ttc_cents: 25000 });
    expect(checkDatabase(conn).ok).toBe(true);
  });

  it('options prorated in their first month, ended options billed through the month of their end, charges due, price version of the first day', () => {
    const no = insertMember(conn, { contractStart: '2026-10-01' });
    const id = memberIdOf(conn.db, no);
    run('2026-12', '2026-12-01');
    payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 75000, paidOn: '2026-12-08', method: 'sepa' });
    conn.db.insert(memberOptions).values({ memberId: id, option: 'concierge_privilege', qty: 1, startOn: '2026-12-16', endOn: '2027-02-10' }).run();
    conn.db.insert(memberOptions).values({ memberId: id, option: 'extra_mailbox', qty: 2, startOn: '2027-01-01' }).run();
    conn.db.insert(pendingCharges).values({ memberId: id, label: 'Intervention hors forfait du 12/12/2026', ttcCents: 45000, dueOn: '2026-12-12' }).run();
    conn.db.insert(pendingCharges).values({ memberId: id, label: 'later', ttcCents: 100, dueOn: '2027-01-15' }).run();
    setPrice(conn, testActor, { item: 'subscription', ttcCents: 26000, from: '2027-01-01', announced: '2026-11-15' });
    const r = run('2027-01', '2027-01-01');
    // subscription 260,00 (new price on 01/01); concierge Dec 16–31 = 100,00 × 16/31 = 51,61 and Jan 100,00;
    // 2 extra mailboxes 24,00; the charge due 12/12 450,00; the one due 15/01 waits
    expect(lines('F2027-000001').map((l) => [l.kind, l.period, l.ttc_cents])).toEqual([
      ['subscription', '2027-01', 26000],
      ['option', '2026-12', 5161],
      ['option', '2027-01', 10000],
      ['option', '2027-01', 2400],
      ['charge', '2026-12', 45000],
    ]);
    expect(r.total_ttc_cents).toBe(26000 + 5161 + 10000 + 2400 + 45000);
    // February: the concierge ends 10/02 (billed in full), March: no more
    payInvoice(conn, testActor, { number: 'F2027-000001', amountCents: r.total_ttc_cents, paidOn: '2027-01-08', method: 'sepa' });
    run('2027-02', '2027-02-01');
    payInvoice(conn, testActor, { number: 'F2027-000002', amountCents: 38500, paidOn: '2027-02-08', method: 'sepa' });
    expect(lines('F2027-000002').map((l) => [l.label, l.ttc_cents])).toEqual([
      ['Offre Parnasse Intérieur', 26000],
      ['La Conciergerie John Paul Privilège', 10000],
      ['Boîte aux lettres supplémentaire', 2400],
      ['later', 100],
    ]);
    run('2027-03', '2027-03-01');
    expect(lines('F2027-000003').map((l) => l.label)).toEqual(['Offre Parnasse Intérieur', 'Boîte aux lettres supplémentaire']);
    // the books agree with the run; the two charges this test inserted through SQL (no act
    // recorded them) are what db check reports of them (issue 28 item 4), and nothing else
    expect(checkDatabase(conn).problems.map((p) => p.message)).toEqual([
      'pending charge 1 (member 1, 45000, due 2026-12-12) was recorded by no audit entry',
      'pending charge 2 (member 1, 100, due 2027-01-15) was recorded by no audit entry',
    ]);
  });

  it('a member with a missing price is parked, the others billed; billed by the next run once fixed', () => {
    const a = insertMember(conn, { contractStart: '2026-12-01' });
    const b = insertMember(conn, { contractStart: '2026-12-01' });
    conn.db
      .insert(memberOptions)
      .values({ memberId: memberIdOf(conn.db, b), option: 'concierge_privilege', qty: 1, startOn: '2026-12-01' })
      .run();
    conn.db.insert(prices).values({ item: 'concierge_privilege', ttcCents: null, effectiveFrom: '2026-11-01', announcedOn: '2026-08-01' }).run();
    const r = run('2026-12', '2026-12-01');
    expect(r.invoices).toBe(1);
    expect(r.parked).toEqual([{ member_no: b, reason: expect.stringContaining('concierge_privilege') }]);
    expect(r.members.map((m) => m.member_no)).toEqual([a]);
    conn.db.insert(prices).values({ item: 'concierge_privilege', ttcCents: 11000, effectiveFrom: '2026-11-15', announcedOn: '2026-08-01' }).run();
    const r2 = run('2026-12', '2026-12-02');
    expect(r2).toMatchObject({ invoices: 1, total_ttc_cents: 25000 + 11000, parked: [] });
  });

  it('--dry-run shows exactly what the real run then does, and writes nothing', () => {
    insertMember(conn, { contractStart: '2026-12-10' });
    insertMember(conn, { contractStart: '2026-11-20' });
    const audit0 = conn.sqlite.prepare('select count(*) from audit_log').pluck().get();
    const dry = run('2026-12', '2026-12-10', true);
    expect(conn.sqlite.prepare('select count(*) from invoices').pluck().get()).toBe(0);
    expect(conn.sqlite.prepare('select count(*) from audit_log').pluck().get()).toBe(audit0);
    const real = run('2026-12', '2026-12-10');
    expect({ ...real, dry_run: true }).toEqual(dry);
  });

  it('penalties across a semester change, a partial payment, the 40 € once; a missing rate stops the run naming the semester', () => {
    const no = insertMember(conn, { contractStart: '2026-06-01' });
    const id = memberIdOf(conn.db, no);
    run('2026-06', '2026-06-10'); // F2026-000001: 250,00, pay-by 20/06
    // nothing paid: the July run on 06/07 bills period 1 (21/06, S1 2.62 %) and the indemnity; S2 rate missing for period 2
    expect(() => run('2026-07', '2026-07-06')).toThrow(/2026-S2/);
    expect(conn.sqlite.prepare('select count(*) from invoices').pluck().get()).toBe(1);
    setRate(conn, testActor, '2026-S2', 275);
    payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 15000, paidOn: '2026-06-25', method: 'sepa' });
    const r = run('2026-07', '2026-07-06');
    // period 1 (21/06, 2.62 %): 25000 × 3 × 0.0262 × 15/365 = 80.75 → 81; period 2 (06/07, 2.75 %) on 100,00 left: 33.90 → 34
    // the late charges on an invoice of their own (RULES.md "E-invoicing": BR-O-11)
    expect(lines('F2026-000002').map((l) => [l.kind, l.ttc_cents, l.ht_cents])).toEqual([['subscription', 25000, 20833]]);
    expect(lines('F2026-000003').map((l) => [l.kind, l.ttc_cents, l.ht_cents])).toEqual([
      ['penalty', 81, 81],
      ['penalty', 34, 34],
      ['indemnity', 4000, 4000],
    ]);
    expect(r.lines).toMatchObject({ penalty: 2, indemnity: 1 });
    // the indemnity once, each period once; the rate is now frozen
    // 20/07: F2026-000001's third period starts 21/07 (not yet); F2026-000002 (pay-by 16/07) is now late: its first period and its own 40 €;
    // F2026-000003, late charges alone, bears none (no penalty on penalties)
    const r3 = run('2026-08', '2026-07-20');
    expect(r3.lines).toMatchObject({ indemnity: 1, penalty: 1 });
    const keys = conn.sqlite.prepare("select source_key from invoice_lines where kind in ('penalty', 'indemnity') order by id").pluck().all();
    expect(keys).toEqual(['penalty:1:main:1@2026-S1', 'penalty:1:main:2@2026-S2', 'indemnity:1', 'penalty:2:main:1@2026-S2', 'indemnity:2']);
    expect(() => setRate(conn, testActor, '2026-S2', 300)).toThrow(/cannot be changed|frozen|used/);
    void id;
    expect(checkDatabase(conn).ok).toBe(true);
  });

  it('a debit the bank rejected never paid (RULES.md §6 SEPA): the invoice is late from its pay-by and bears penalties and the 40 €', () => {
    insertMember(conn, { contractStart: '2026-06-01' });
    setRate(conn, testActor, '2026-S2', 275);
    run('2026-06', '2026-06-01'); // 250,00, pay-by 11/06
    payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 25000, paidOn: '2026-06-10', method: 'sepa' });
    const p = conn.sqlite.prepare('select id from payments').pluck().get();
    recordReturn(conn, p as number, '2026-06-14');
    const r = run('2026-07', '2026-07-01');
    // unpaid from 12/06: periods starting 12/06 (S1 2.62 %) and 27/06 on 250,00, and the indemnity
    expect(r.lines).toMatchObject({ penalty: 2, indemnity: 1 });
    expect(checkDatabase(conn).ok).toBe(true);
  });

  it('a debit returned after the credit it left was used on a later invoice: the debt moves, db check stays clean (RULES.md §6)', () => {
    const no = insertMember(conn, { contractStart: '2026-12-01' });
    const id = memberIdOf(conn.db, no);
    run('2026-12', '2026-12-01'); // F2026-000001: 250,00
    payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 25000, paidOn: '2026-12-05', method: 'sepa' });
    creditInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 9000, issuedOn: '2026-12-08', reason: 'geste' });
    expect(run('2027-01', '2027-01-01').credit_used_cents).toBe(9000); // on F2027-000001
    // the bank returns December's debit on 03/01: it never paid
    const p = conn.sqlite.prepare('select id from payments where invoice_id = 1').pluck().get();
    recordReturn(conn, p as number, '2027-01-03');
    // December owes all of it (its 90,00 credit went to January), January 160,00: 410,00 in all, as 250 − 90 + 250
    expect(showInvoice(conn.db, 'F2026-000001', '2027-01-04')).toMatchObject({ outstanding_cents: 25000 });
    expect(showInvoice(conn.db, 'F2027-000001', '2027-01-04')).toMatchObject({ outstanding_cents: 16000 });
    expect(memberBalance(conn.db, id, '2027-01-04').outstandingCents).toBe(41000);
    expect(checkDatabase(conn).problems).toEqual([]);
    // the same 90,00 given back as well (written behind the tool's back): counted twice, db check says so
    conn.sqlite.prepare("insert into refunds (member_id, invoice_id, amount_cents, refunded_on, method) values (?, 1, 9000, '2027-01-05', 'transfer')").run(id);
    expect(checkDatabase(conn).problems.map((p) => p.check)).toEqual(['settlements']);
  });

  it('a credit balance is used against the next invoice, visibly', () => {
    const no = insertMember(conn, { contractStart: '2026-12-01' });
    const id = memberIdOf(conn.db, no);
    run('2026-12', '2026-12-01');
    payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 25000, paidOn: '2026-12-05', method: 'sepa' });
    creditInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 9000, issuedOn: '2026-12-08', reason: 'geste' });
    const r = run('2027-01', '2027-01-01');
    expect(r.credit_used_cents).toBe(9000);
    expect(showInvoice(conn.db, 'F2027-000001', '2027-01-01')).toMatchObject({ total_ttc_cents: 25000, allocated_cents: 9000, outstanding_cents: 16000 });
    expect(memberBalance(conn.db, id, '2027-01-01')).toMatchObject({ creditBalanceCents: 0, outstandingCents: 16000 });
    expect(checkDatabase(conn).ok).toBe(true);
  });

  it('disputes through the run: an open one suspends, an upheld one gets its own periods', () => {
    insertMember(conn, { contractStart: '2026-06-01' });
    setRate(conn, testActor, '2026-S2', 275);
    run('2026-06', '2026-06-01'); // 250,00, pay-by 11/06
    openDispute(conn, testActor, { number: 'F2026-000001', amountCents: 25000, on: '2026-06-05', reason: 'x' });
    expect(run('2026-07', '2026-07-01').lines).toMatchObject({ penalty: 0, indemnity: 0 });
    payInvoice(conn, testActor, { number: 'F2026-000002', amountCents: 25000, paidOn: '2026-07-05', method: 'sepa' });
    resolveDispute(conn, testActor, { id: 1, outcome: 'upheld', on: '2026-07-10' });
    const r = run('2026-08', '2026-08-01');
    // from 11/07 (2.75 %): periods starting 11/07 and 26/07 on 250,00: 84.76 → 85 each; plus the 40 € once
    expect(r.lines).toMatchObject({ penalty: 2, indemnity: 1 });
    expect(checkDatabase(conn).ok).toBe(true);
  });

  it('bad months: malformed, or beyond next month', () => {
    expect(() => run('2026-13', '2026-12-01')).toThrow(/YYYY-MM/);
    expect(() => run('2027-02', '2026-12-01')).toThrow(/beyond next month/);
    expect(run('2027-01', '2026-12-31').invoices).toBe(0);
  });
});

describe('bill run and terminations (art. 10.4)', () => {
  it('a withdrawn termination stops nothing; a later one is billed through its month, once', () => {
    const no = String(insertMember(conn, { contractStart: '2026-10-01' }));
    run('2026-12', '2026-12-01');
    payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 75000, paidOn: '2026-12-02', method: 'sepa' });
    // received 08/12 → effective 18/12 (art. 10.3.1: + 10 days); withdrawn by the member before it
    terminate(conn, testActor, { memberNo: no, reason: 'member_request', by: 'member', noticeDate: '2026-12-08', on: '2026-12-09' });
    withdrawTermination(conn, testActor, { memberNo: no, by: 'member', on: '2026-12-10' });
    expect(run('2027-01', '2027-01-01')).toMatchObject({ invoices: 1, total_ttc_cents: 25000 });
    payInvoice(conn, testActor, { number: 'F2027-000001', amountCents: 25000, paidOn: '2027-01-02', method: 'sepa' });
    // a second request, received 20/01 → effective 30/01: January was billed, nothing from February
    terminate(conn, testActor, { memberNo: no, reason: 'member_request', by: 'member', noticeDate: '2027-01-20', on: '2027-01-21' });
    expect(run('2027-02', '2027-02-01')).toMatchObject({ invoices: 0, total_ttc_cents: 0 });
    expect(checkDatabase(conn).ok).toBe(true);
  });
});

describe('the run reads cursors, not the invoice lines (billing_cursors, issue 7)', () => {
  const cursors = () =>
    Object.fromEntries(conn.sqlite.prepare('select key, billed_through from billing_cursors order by key').raw().all() as [string, string][]);

  it('each billed item moves its cursor in the run transaction; a run with nothing to do writes nothing at all', () => {
    const no = insertMember(conn, { contractStart: '2026-11-01' });
    const id = memberIdOf(conn.db, no);
    conn.db.insert(memberOptions).values({ memberId: id, option: 'extra_mailbox', qty: 1, startOn: '2026-12-10', endOn: '2027-01-20' }).run();
    run('2026-12', '2026-12-01');
    expect(cursors()).toEqual({ [`subscription:${id}`]: '2026-12', 'option:1': '2026-12' });
    payInvoice(conn, testActor, {
      number: 'F2026-000001',
      amountCents: showInvoice(conn.db, 'F2026-000001', '2026-12-01').total_ttc_cents,
      paidOn: '2026-12-02',
      method: 'sepa',
    });
    const before = {
      runs: conn.sqlite.prepare('select count(*) from billing_runs').pluck().get(),
      audit: conn.sqlite.prepare('select count(*) from audit_log').pluck().get(),
    };
    // nothing left for December: no invoice, no billing_runs row, no audit entry
    expect(run('2026-12', '2026-12-05')).toMatchObject({ invoices: 0, parked: [] });
    expect(conn.sqlite.prepare('select count(*) from billing_runs').pluck().get()).toBe(before.runs);
    expect(conn.sqlite.prepare('select count(*) from audit_log').pluck().get()).toBe(before.audit);
    // a dry run moves nothing either
    run('2027-02', '2027-02-01', true);
    expect(cursors()).toEqual({ [`subscription:${id}`]: '2026-12', 'option:1': '2026-12' });
    // the option ends in January: its cursor stops there, the subscription's goes on
    run('2027-02', '2027-02-01');
    expect(cursors()).toEqual({ [`subscription:${id}`]: '2027-02', 'option:1': '2027-01' });
    expect(lines('F2027-000001').map((l) => [l.kind, l.period])).toEqual([
      ['subscription', '2027-01'],
      ['subscription', '2027-02'],
      ['option', '2027-01'],
    ]);
    expect(checkDatabase(conn).ok).toBe(true);
  });

  it("the migration backfill gives the cursors the run maintains (from the lines, and the imported members' floors)", () => {
    const a = memberIdOf(conn.db, insertMember(conn, { contractStart: '2026-10-01' }));
    const b = memberIdOf(conn.db, insertMember(conn, { contractStart: '2026-10-01' }));
    conn.db.insert(memberOptions).values({ memberId: a, option: 'extra_mailbox', qty: 2, startOn: '2026-10-15' }).run();
    for (const [month, date] of [
      ['2026-11', '2026-11-01'],
      ['2026-12', '2026-12-01'],
    ] as const)
      for (const m of run(month, date).members)
        payInvoice(conn, testActor, { number: m.invoice, amountCents: m.total_ttc_cents, paidOn: date, method: 'sepa' });
    // b came from the previous system, billed through 2026-09 (member import writes its floor)
    conn.sqlite.prepare("insert into billing_cursors (key, member_id, billed_through) values (?, ?, '2026-09')").run(`member:${b}`, b);
    conn.sqlite.prepare("update members set imported_from = 'old.csv', billed_through = '2026-09' where id = ?").run(b);
    const maintained = cursors();
    expect(maintained).toMatchObject({ [`subscription:${a}`]: '2026-12', [`subscription:${b}`]: '2026-12', 'option:1': '2026-12', [`member:${b}`]: '2026-09' });
    const sqlText = fs.readFileSync(path.resolve('migrations/0010_billing_cursors_backfill_append_only.sql'), 'utf8');
    const inserts = sqlText.split('--> statement-breakpoint').filter((s) => /INSERT INTO billing_cursors/.test(s));
    expect(inserts).toHaveLength(2);
    conn.sqlite.exec('delete from billing_cursors');
    for (const s of inserts) conn.sqlite.exec(s);
    expect(cursors()).toEqual(maintained);
  });

  it('any RECURRING_SOURCES entry is billed through its own cursor (a source that does not read it: the run looks it up)', () => {
    const id = memberIdOf(conn.db, insertMember(conn, { contractStart: '2026-11-01' }));
    const brick: RecurringSource = {
      name: 'test-brick',
      *load() {
        yield {
          key: `brick:${id}:7`,
          memberId: id,
          kind: 'option',
          label: 'Brique test',
          price: { ttcCents: 1200 },
          qty: 2,
          startOn: '2026-11-16',
          endOn: null,
        };
      },
    };
    RECURRING_SOURCES.push(brick);
    try {
      const r = run('2026-12', '2026-12-01');
      // Nov 16–30 = 24,00 × 15/30 = 12,00; December 24,00
      expect(
        lines('F2026-000001')
          .filter((l) => l.label === 'Brique test')
          .map((l) => [l.period, l.ttc_cents]),
      ).toEqual([
        ['2026-11', 1200],
        ['2026-12', 2400],
      ]);
      expect(r.total_ttc_cents).toBe(2 * 25000 + 3600);
      expect(cursors()[`brick:${id}:7`]).toBe('2026-12');
      expect(run('2026-12', '2026-12-02').invoices).toBe(0);
      payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: r.total_ttc_cents, paidOn: '2026-12-05', method: 'sepa' });
      expect(run('2027-01', '2027-01-01').total_ttc_cents).toBe(25000 + 2400);
    } finally {
      RECURRING_SOURCES.splice(RECURRING_SOURCES.indexOf(brick), 1);
    }
  });
});

describe('credit allocations and refunds are append-only (like payments)', () => {
  it('UPDATE and DELETE are refused by triggers', () => {
    const no = insertMember(conn, { contractStart: '2026-12-01' });
    run('2026-12', '2026-12-01');
    payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 25000, paidOn: '2026-12-05', method: 'sepa' });
    creditInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 9000, issuedOn: '2026-12-08', reason: 'geste' });
    run('2027-01', '2027-01-01');
    expect(conn.sqlite.prepare('select count(*) from credit_allocations').pluck().get()).toBe(1);
    expect(() => conn.sqlite.exec('update credit_allocations set amount_cents = 1')).toThrow(/never changed or deleted/);
    expect(() => conn.sqlite.exec('delete from credit_allocations')).toThrow(/never changed or deleted/);
    conn.sqlite
      .prepare("insert into refunds (member_id, invoice_id, amount_cents, refunded_on, method) values (?, 1, 100, '2027-01-02', 'transfer')")
      .run(memberIdOf(conn.db, no));
    expect(() => conn.sqlite.exec('update refunds set amount_cents = 1')).toThrow(/never changed or deleted/);
    expect(() => conn.sqlite.exec('delete from refunds')).toThrow(/never changed or deleted/);
  });
});
