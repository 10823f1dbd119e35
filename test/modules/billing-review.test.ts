/**
 * The second review of the penalty scan and the give-back (07/12): each case was a failing
 * test before its fix. P1: an invoice issued after a later-dated run's scan, due before it.
 * G1: a month already credited by hand. G2b: a termination withdrawn before its effective
 * date. G3: a brick that starts after the contract's last month.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { tempConnection, testActor } from '../helpers/db.js';
import { payAllInvoices } from '../helpers/billing.js';
import { insertMember } from '../helpers/factory.js';
import { billingRun } from '../../src/billing/run.js';
import { payInvoice, memberIdOf } from '../../src/invoicing/index.js';
import { checkDatabase } from '../../src/invoicing/integrity.js';
import { openDispute, resolveDispute, setRate } from '../../src/collection/index.js';
import { addOption, removeOption } from '../../src/membership/members.js';
import { terminate, withdrawTermination } from '../../src/termination/index.js';
import { addBrick } from '../../src/pro/index.js';

const books = (conn: Connection) =>
  conn.sqlite
    .prepare(
      'select i.number, i.issued_on, i.total_ttc_cents, l.kind, l.period, l.ttc_cents, l.source_key from invoice_lines l join invoices i on i.id = l.invoice_id order by l.id',
    )
    .all();
const rates = (c: Connection) => {
  setRate(c, testActor, '2026-S2', 275);
  setRate(c, testActor, '2027-S1', 300);
};
const payAll = payAllInvoices;

describe('penalty scan', () => {
  it('P1: an invoice issued after the scan with a pay-by before it (a run dated in the previous year, which the per-year series allows) is scanned all the same', () => {
    const live = (c: Connection, forget: boolean) => {
      rates(c);
      insertMember(c, { contractStart: '2027-01-01' });
      const r = (month: string, date: string) => {
        if (forget) c.sqlite.exec('delete from penalty_scan; delete from penalty_watch');
        return billingRun(c, testActor, { month, date });
      };
      r('2027-01', '2027-01-20'); // F2027-000001, scan before = 2027-01-20
      insertMember(c, { contractStart: '2026-12-15' }); // a December member billed late
      r('2026-12', '2026-12-30'); // F2026-000001 dated 30/12 (series 2026 is empty: allowed), pay-by 09/01/2027
      // A pays January on time; B's December invoice stays unpaid
      payInvoice(c, testActor, {
        number: 'F2027-000001',
        amountCents: c.sqlite.prepare("select total_ttc_cents from invoices where number = 'F2027-000001'").pluck().get() as number,
        paidOn: '2027-01-20',
        method: 'sepa',
      });
      r('2027-02', '2027-02-01');
      r('2027-03', '2027-03-01');
    };
    const a = tempConnection();
    const b = tempConnection();
    live(a, false);
    live(b, true);
    const pen = (c: Connection) => c.sqlite.prepare("select source_key, ttc_cents from invoice_lines where kind in ('penalty','indemnity') order by id").all();
    expect(pen(b).length).toBeGreaterThan(0); // the full scan bills B's December penalties and 40 €
    expect(books(a)).toEqual(books(b));
    a.close();
    b.close();
  });
});

describe('give-back', () => {
  let conn: Connection;
  beforeEach(() => {
    conn = tempConnection();
    rates(conn);
  });
  afterEach(() => conn.close());
  const run = (month: string, date: string, dryRun = false) => billingRun(conn, testActor, { month, date, dryRun });
  const credits = () =>
    conn.sqlite
      .prepare(
        "select c.number, c.issued_on, i.number as invoice, l.kind, l.period, l.ttc_cents, l.source_key from invoices c join invoices i on i.id = c.refers_to join invoice_lines l on l.invoice_id = c.id where c.kind = 'credit_note' order by c.id, l.id",
      )
      .all();

  it('G1: a granted dispute on the option month, then the end recorded: the month is not credited twice', () => {
    const no = String(insertMember(conn, { contractStart: '2026-10-01' }));
    addOption(conn, testActor, { memberNo: no, option: 'concierge_privilege', qty: 1, on: '2026-10-01' });
    run('2026-12', '2026-12-01');
    payAll(conn);
    run('2027-01', '2027-01-01'); // F2027-000001: 250 + 100, unpaid
    // the member contests January's Conciergerie (ended by e-mail on 15/12); Parnasse grants it
    const d = openDispute(conn, testActor, { number: 'F2027-000001', amountCents: 10000, on: '2027-01-05', reason: 'option résiliée le 15/12' });
    resolveDispute(conn, testActor, { id: d.id, outcome: 'granted', on: '2027-01-08' });
    // the e-mail itself is then recorded
    removeOption(conn, testActor, { memberNo: no, option: 'concierge_privilege', on: '2026-12-15' });
    const r = run('2027-02', '2027-02-01');
    const credited = conn.sqlite
      .prepare("select sum(total_ttc_cents) from invoices where kind = 'credit_note' and refers_to = (select id from invoices where number = 'F2027-000001')")
      .pluck()
      .get();
    expect(credited).toBe(10000); // only January's option (100,00 €) was not due
    expect(r.given_back.credit_notes).toBe(0);
    expect(checkDatabase(conn).problems).toEqual([]);
  });

  it("G3: a brick starting after the contract's last month, billed before the termination was recorded, is given back with the subscription of that month", () => {
    const no = String(insertMember(conn, { kind: 'company', contractStart: '2026-10-01' }));
    // a maintenance brick agreed on 10/01, starting 01/02
    addBrick(conn, testActor, {
      memberNo: no,
      brick: 'workstation',
      priceCents: 8000,
      on: '2027-02-01',
      worksRef: null,
      agreedOn: '2027-01-10',
      studyId: null,
      accessPoints: null,
      switches: null,
      routers: null,
    });
    for (const [month, date] of [
      ['2026-12', '2026-12-01'],
      ['2027-01', '2027-01-01'],
      ['2027-02', '2027-02-01'],
    ]) {
      run(month!, date!);
      payAll(conn);
    }
    // the member's letter received 15/01 (effective 25/01), recorded 03/02
    terminate(conn, testActor, { memberNo: no, reason: 'member_request', by: 'member', noticeDate: '2027-01-15', on: '2027-02-03' });
    const r = run('2027-03', '2027-03-01');
    const back = (credits() as { period: string; kind: string; ttc_cents: number }[]).map((l) => [l.kind, l.period, l.ttc_cents]);
    expect(back).toEqual([
      ['subscription', '2027-02', 25000],
      ['option', '2027-02', 8000],
    ]);
    expect(r.given_back).toMatchObject({ credit_notes: 1, total_ttc_cents: 33000 });
    expect(checkDatabase(conn).problems).toEqual([]);
  });

  it("G3b (counterfactual): the same termination recorded before the February run — the brick's February is never billed", () => {
    const no = String(insertMember(conn, { kind: 'company', contractStart: '2026-10-01' }));
    addBrick(conn, testActor, {
      memberNo: no,
      brick: 'workstation',
      priceCents: 8000,
      on: '2027-02-01',
      worksRef: null,
      agreedOn: '2027-01-10',
      studyId: null,
      accessPoints: null,
      switches: null,
      routers: null,
    });
    run('2026-12', '2026-12-01');
    run('2027-01', '2027-01-01');
    terminate(conn, testActor, { memberNo: no, reason: 'member_request', by: 'member', noticeDate: '2027-01-15', on: '2027-01-20' });
    run('2027-02', '2027-02-01');
    expect(conn.sqlite.prepare("select count(*) from invoice_lines where source_key like 'brick:%'").pluck().get()).toBe(0);
  });

  it('G2b: a termination not yet in force gives nothing back; withdrawn before its date, every month stays billed', () => {
    const no = String(insertMember(conn, { contractStart: '2026-10-01' }));
    for (const [month, date] of [
      ['2026-12', '2026-12-01'],
      ['2027-01', '2027-01-01'],
      ['2027-02', '2027-01-25'],
    ]) {
      run(month!, date!); // February billed in advance on 25/01
      payAll(conn);
    }
    // letter received 20/01, recorded 26/01: effective 30/01, January is the last month
    expect(terminate(conn, testActor, { memberNo: no, reason: 'member_request', by: 'member', noticeDate: '2027-01-20', on: '2027-01-26' }).effective_on).toBe(
      '2027-01-30',
    );
    const r = run('2027-02', '2027-01-27'); // the termination is not in force yet: nothing given back
    expect(r.given_back.total_ttc_cents).toBe(0);
    withdrawTermination(conn, testActor, { memberNo: no, by: 'member', on: '2027-01-28' }); // before 30/01: allowed
    run('2027-03', '2027-03-01');
    const id = memberIdOf(conn.db, no);
    const net = conn.sqlite
      .prepare(
        `select l.period, sum(case when i.kind = 'invoice' then l.ttc_cents else -l.ttc_cents end) from invoice_lines l join invoices i on i.id = l.invoice_id
         where i.member_id = ? and l.kind = 'subscription' and l.period >= '2027-01' group by l.period order by l.period`,
      )
      .raw()
      .all(id);
    expect(net).toEqual([
      ['2027-01', 25000],
      ['2027-02', 25000],
      ['2027-03', 25000],
    ]);
  });
});
