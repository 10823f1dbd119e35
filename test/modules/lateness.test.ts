/**
 * Lateness, one definition (art. 7.3.5, 7.3.7; issue 21 items 9–11): a payment due by the
 * pay-by date and made on the first day of delay was late; what is given back as not due
 * bears no penalty; an amount that re-enters after a dispute is never penalised twice for
 * the same days.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { tempConnection, testActor } from '../helpers/db.js';
import { insertMember } from '../helpers/factory.js';
import { issue } from '../helpers/documents.js';
import { billingRun } from '../../src/billing/run.js';
import { payInvoice, showInvoice } from '../../src/invoicing/index.js';
import { checkDatabase } from '../../src/invoicing/integrity.js';
import { invoiceBalance, memberBalance } from '../../src/collection/ledger.js';
import { setRate } from '../../src/collection/index.js';
import { dunningList } from '../../src/dunning/index.js';
import { openDispute, penaltyCharges, resolveDispute } from '../../src/collection/index.js';
import { terminate } from '../../src/termination/index.js';

let conn: Connection;
beforeEach(() => {
  conn = tempConnection();
  setRate(conn, testActor, '2027-S1', 300);
  setRate(conn, testActor, '2027-S2', 300);
});
afterEach(() => conn.close());

const penaltyLines = () =>
  conn.sqlite
    .prepare("select l.kind, l.label, l.ttc_cents, l.source_key from invoice_lines l where l.kind in ('penalty', 'indemnity') order by l.id")
    .all() as {
    kind: string;
    label: string;
    ttc_cents: number;
    source_key: string;
  }[];

describe('a payment on the first day of delay is late (art. 7.3.5, 7.3.7; item 9)', () => {
  it('entry fee of 01/06 payable by 11/06, paid 12/06: one 15-day period (1500 × 3 × 3 % × 15/365 = 5,55) and the 40 €', () => {
    const no = insertMember(conn, { contractStart: '2027-06-01', status: 'pending' });
    const fee = issue(conn, no, '2027-06-01', [{ kind: 'entry_fee', label: "Droit d'entrée", ttcCents: 150000 }]);
    expect(invoiceBalance(conn.db, { number: fee }, '2027-06-11')).toMatchObject({ payBy: '2027-06-11', late: false, dueCents: 150000 });
    // the first day of delay: late that day, in the ledger, the standing and the dunning alike
    expect(invoiceBalance(conn.db, { number: fee }, '2027-06-12')).toMatchObject({ late: true, lateCents: 150000 });
    expect(dunningList(conn.db, '2027-06-12').map((r) => [r.next_step, r.possible_on, r.due])).toEqual([['first_notice', '2027-06-12', true]]);
    payInvoice(conn, testActor, { number: fee, amountCents: 150000, paidOn: '2027-06-12', method: 'transfer' });
    // paid by the end of 12/06: nothing late any more
    expect(memberBalance(conn.db, conn.sqlite.prepare('select id from members').pluck().get() as number, '2027-06-12').lateCents).toBe(0);
    const r = billingRun(conn, testActor, { month: '2027-07', date: '2027-07-01' });
    expect(r.lines).toMatchObject({ penalty: 1, indemnity: 1 });
    expect(penaltyLines()).toEqual([
      { kind: 'penalty', label: `Pénalités de retard — ${fee}, période du 12/06/2027 au 26/06/2027`, ttc_cents: 555, source_key: 'penalty:1:main:1@2027-S1' },
      { kind: 'indemnity', label: `Indemnité forfaitaire pour frais de recouvrement — ${fee}`, ttc_cents: 4000, source_key: 'indemnity:1' },
    ]);
    expect(checkDatabase(conn).problems).toEqual([]);
  });

  it('paid on the pay-by date itself: on time, nothing billed', () => {
    const no = insertMember(conn, { contractStart: '2027-06-01', status: 'pending' });
    const fee = issue(conn, no, '2027-06-01', [{ kind: 'entry_fee', label: "Droit d'entrée", ttcCents: 150000 }]);
    payInvoice(conn, testActor, { number: fee, amountCents: 150000, paidOn: '2027-06-11', method: 'transfer' });
    billingRun(conn, testActor, { month: '2027-07', date: '2027-07-01' });
    expect(penaltyLines()).toEqual([]);
    void showInvoice;
  });
});

const creditLines = () =>
  conn.sqlite
    .prepare(
      "select i.number as invoice, l.kind, l.period, l.ttc_cents from invoices c join invoices i on i.id = c.refers_to join invoice_lines l on l.invoice_id = c.id where c.kind = 'credit_note' order by c.id, l.id",
    )
    .raw()
    .all();

describe('sums given back as not due bear no penalty and no indemnity (art. 7.3.4, 7.3.7; item 10)', () => {
  it('February billed after an end of 25/01 recorded late, never paid: the run that gives it back bills nothing on it', () => {
    const no = insertMember(conn, { contractStart: '2027-01-01' });
    billingRun(conn, testActor, { month: '2027-01', date: '2027-01-01' });
    payInvoice(conn, testActor, { number: 'F2027-000001', amountCents: 25000, paidOn: '2027-01-05', method: 'sepa' });
    billingRun(conn, testActor, { month: '2027-02', date: '2027-02-01' }); // F2027-000002: February, pay-by 11/02, not paid
    // the member's letter received 15/01 (effective 25/01), recorded 20/02
    terminate(conn, testActor, { memberNo: String(no), reason: 'member_request', by: 'member', noticeDate: '2027-01-15', on: '2027-02-20' });
    const r = billingRun(conn, testActor, { month: '2027-03', date: '2027-03-01' });
    expect(r.given_back).toMatchObject({ credit_notes: 1, total_ttc_cents: 25000 });
    expect(r.lines).toMatchObject({ penalty: 0, indemnity: 0 });
    expect(penaltyLines()).toEqual([]);
    expect(memberBalance(conn.db, conn.sqlite.prepare('select id from members').pluck().get() as number, '2027-03-01')).toMatchObject({
      outstandingCents: 0,
      lateCents: 0,
    });
    expect(checkDatabase(conn).problems).toEqual([]);
  });

  it('penalties and the 40 € already charged on it are given back with it, and bear nothing themselves', () => {
    const no = insertMember(conn, { contractStart: '2027-01-01' });
    billingRun(conn, testActor, { month: '2027-01', date: '2027-01-01' });
    payInvoice(conn, testActor, { number: 'F2027-000001', amountCents: 25000, paidOn: '2027-01-05', method: 'sepa' });
    billingRun(conn, testActor, { month: '2027-02', date: '2027-02-01' }); // February: pay-by 11/02, not paid
    // 01/03: March, and February's two periods (12/02, 27/02: 25000 × 3 × 3 % × 15/365 = 92,47 → 0,92 € each) and its 40 €
    billingRun(conn, testActor, { month: '2027-03', date: '2027-03-01' });
    expect(penaltyLines().map((l) => [l.source_key, l.ttc_cents])).toEqual([
      ['penalty:2:main:1@2027-S1', 92],
      ['penalty:2:main:2@2027-S1', 92],
      ['indemnity:2', 4000],
    ]);
    // late charges on an invoice of their own (RULES.md "E-invoicing", BR-O-11): March is F2027-000003, its late charges F2027-000004
    expect(showInvoice(conn.db, 'F2027-000003', '2027-03-01').total_ttc_cents).toBe(25000);
    expect(showInvoice(conn.db, 'F2027-000004', '2027-03-01').total_ttc_cents).toBe(4184);
    // the end of 25/01 recorded on 05/03: February and March were never due
    terminate(conn, testActor, { memberNo: String(no), reason: 'member_request', by: 'member', noticeDate: '2027-01-15', on: '2027-03-05' });
    const r = billingRun(conn, testActor, { month: '2027-04', date: '2027-04-01' });
    expect(creditLines()).toEqual([
      ['F2027-000002', 'subscription', '2027-02', 25000],
      ['F2027-000003', 'subscription', '2027-03', 25000],
      ['F2027-000004', 'penalty', '2027-02', 92],
      ['F2027-000004', 'penalty', '2027-02', 92],
      ['F2027-000004', 'indemnity', '2027-03', 4000],
    ]);
    expect(r.given_back).toMatchObject({ credit_notes: 3, total_ttc_cents: 25000 + 25000 + 4184 });
    // nothing new on any: F2027-000003 and its late charges F2027-000004 (pay-by 11/03) held only sums not due
    expect(r.lines).toMatchObject({ penalty: 0, indemnity: 0 });
    expect(r.invoices).toBe(0);
    expect(memberBalance(conn.db, conn.sqlite.prepare('select id from members').pluck().get() as number, '2027-04-01')).toMatchObject({
      outstandingCents: 0,
      lateCents: 0,
    });
    // what each line covers: nothing any more, all of it given back
    expect(
      penaltyCharges(conn.sqlite).map((c) => [c.invoice, c.on_invoice, c.kind, c.from, c.base_cents, c.ttc_cents, c.owed_cents, c.given_back_cents]),
    ).toEqual([
      ['F2027-000002', 'F2027-000004', 'penalty', null, null, 92, 0, 92],
      ['F2027-000002', 'F2027-000004', 'penalty', null, null, 92, 0, 92],
      ['F2027-000002', 'F2027-000004', 'indemnity', null, null, 4000, 0, 4000],
    ]);
    // a later run finds nothing more to give back
    expect(billingRun(conn, testActor, { month: '2027-05', date: '2027-05-01' }).given_back).toMatchObject({ credit_notes: 0 });
    expect(checkDatabase(conn).problems).toEqual([]);
  });
});

describe('an amount re-entering after a dispute is not penalised twice for the same days (art. 7.3.6, 7.3.7; item 11)', () => {
  it('403,23 € payable by 11/02; 153,23 € contested 15/02, upheld 20/02: its own periods from 27/02, after the 12/02–26/02 period that covered it', () => {
    setRate(conn, testActor, '2027-S1', 312); // through parnasse: db check compares the rate with its audit entry (issue 28)
    const no = insertMember(conn, { contractStart: '2027-02-01' });
    const inv = issue(conn, no, '2027-02-01', [{ kind: 'charge', label: 'Intervention', ttcCents: 40323 }]);
    const d = openDispute(conn, testActor, { number: inv, amountCents: 15323, on: '2027-02-15', reason: 'durée' });
    resolveDispute(conn, testActor, { id: d.id, outcome: 'upheld', on: '2027-02-20' });
    billingRun(conn, testActor, { month: '2027-03', date: '2027-03-01' });
    expect(penaltyLines().map((l) => [l.label.replace(/^.*période du /, ''), l.ttc_cents, l.source_key])).toEqual([
      ['12/02/2027 au 26/02/2027', 155, 'penalty:1:main:1@2027-S1'], // on 403,23 €
      ['27/02/2027 au 13/03/2027', 96, 'penalty:1:main:2@2027-S1'], // on 250,00 €
      ['27/02/2027 au 13/03/2027', 59, 'penalty:1:d1:1@2027-S1'], // on 153,23 €, not from 21/02
      [`Indemnité forfaitaire pour frais de recouvrement — ${inv}`, 4000, 'indemnity:1'],
    ]);
    // what each line covers: on no day does a euro bear two periods
    expect(penaltyCharges(conn.sqlite).map((c) => [c.period_key, c.from, c.to, c.base_cents, c.owed_cents, c.ttc_cents])).toEqual([
      ['main:1@2027-S1', '2027-02-12', '2027-02-26', 40323, 155, 155],
      ['main:2@2027-S1', '2027-02-27', '2027-03-13', 25000, 96, 96],
      ['d1:1@2027-S1', '2027-02-27', '2027-03-13', 15323, 59, 59],
      [null, null, null, null, 4000, 4000],
    ]);
    expect(checkDatabase(conn).problems).toEqual([]);
  });
});
