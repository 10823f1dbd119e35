/**
 * A Desk mistake cancelled the day it was entered is never billed — also by the next
 * month's run, which catches up the month of the mistake (living club seed 1000, found by
 * the `cancelledNeverBilled` invariant: 4 extra mailboxes added and cancelled on 06/01/2027
 * were billed for January and February by the run of 01/02).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Connection } from '../../src/db/connection.js';
import { tempConnection, testActor as A } from '../helpers/db.js';
import { insertMember } from '../helpers/factory.js';
import * as M from '../../src/membership/members.js';
import { billingRun } from '../../src/billing/run.js';
import { payAllInvoices } from '../helpers/billing.js';

let conn: Connection;
let no: string;
let id: number;
beforeEach(() => {
  conn = tempConnection();
  no = String(insertMember(conn, { contractStart: '2026-06-01' }));
  id = conn.db.get<{ id: number }>(sql`select id from members where member_no = ${Number(no)}`).id;
  conn.sqlite.prepare("update members set entry_fee_paid_on = '2026-06-02' where id = ?").run(id);
});
afterEach(() => conn.close());

const optionLines = () =>
  conn.db.all<{ label: string; period: string }>(
    sql`select l.label, l.period from invoice_lines l join invoices i on i.id = l.invoice_id where i.member_id = ${id} and l.kind = 'option' order by l.id`,
  );

describe('an option cancelled the day it was added, between two runs', () => {
  it.each([
    ['extra_mailbox', 4],
    ['concierge_privilege', 1],
    ['mailbox_pack_5', 1],
  ] as const)('%s × %i added and cancelled on 06/01/2027: billed neither for January nor for February', (option, qty) => {
    billingRun(conn, A, { month: '2027-01', date: '2027-01-01' });
    payAllInvoices(conn);
    M.addOption(conn, A, { memberNo: no, option, qty, on: '2027-01-06' });
    M.cancelOption(conn, A, { memberNo: no, option, on: '2027-01-06' });
    billingRun(conn, A, { month: '2027-02', date: '2027-02-01' });
    expect(optionLines()).toEqual([]);
  });
});

describe('the same mistake made twice the same day (living club seed 2018 × 36)', () => {
  it('added, cancelled, added again and cancelled again on 10/08: the second cancel does not bring the first row back — nothing billed', () => {
    billingRun(conn, A, { month: '2027-01', date: '2027-01-01' });
    payAllInvoices(conn);
    for (let k = 0; k < 2; k++) {
      M.addOption(conn, A, { memberNo: no, option: 'concierge_privilege', qty: 1, on: '2027-01-10' });
      M.cancelOption(conn, A, { memberNo: no, option: 'concierge_privilege', on: '2027-01-10' });
    }
    billingRun(conn, A, { month: '2027-02', date: '2027-02-01' });
    expect(optionLines()).toEqual([]);
    // still nothing running: a third cancel has nothing to cancel
    expect(() => M.cancelOption(conn, A, { memberNo: no, option: 'concierge_privilege', on: '2027-01-10' })).toThrow();
  });

  it('a quantity change cancelled the day it was made still gives back the quantity it replaced (unchanged by the fix)', () => {
    M.addOption(conn, A, { memberNo: no, option: 'extra_mailbox', qty: 3, on: '2026-12-05' });
    billingRun(conn, A, { month: '2027-01', date: '2027-01-01' });
    payAllInvoices(conn);
    M.setOptionQty(conn, A, { memberNo: no, option: 'extra_mailbox', qty: 5, on: '2027-01-10' });
    M.cancelOption(conn, A, { memberNo: no, option: 'extra_mailbox', on: '2027-01-10' });
    const running = conn.db.all<{ qty: number; end_on: string | null }>(
      sql`select qty, end_on from member_options where member_id = ${id} and option = 'extra_mailbox' and (end_on is null or end_on >= start_on)`,
    );
    expect(running).toEqual([{ qty: 3, end_on: null }]);
  });
});
