import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Connection } from '../../src/db/connection.js';
import { tempConnection, testActor as A } from '../helpers/db.js';
import { insertMember } from '../helpers/factory.js';
import * as M from '../../src/membership/members.js';
import * as T from '../../src/termination/index.js';
import { addIntervention } from '../../src/interventions/index.js';
import { issueInvoice, payInvoice } from '../../src/invoicing/index.js';
import { writeTx } from '../../src/db/audit.js';
import { RefusedError } from '../../src/errors.js';

let conn: Connection;
let no: string;
beforeEach(() => {
  conn = tempConnection();
  no = String(insertMember(conn, { contractStart: '2026-01-05' }));
});
afterEach(() => conn.close());

const refusedWith = (fn: () => unknown, article: string) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RefusedError);
    expect((e as RefusedError).article).toBe(article);
    return;
  }
  throw new Error('expected a refusal');
};
const auditCount = () => conn.db.get<{ n: number }>(sql`select count(*) as n from audit_log`).n;
const memberRow = () =>
  conn.db.get<{ status: string; terminated_on: string | null }>(sql`select status, terminated_on from members where member_no = ${Number(no)}`);

describe('terminate (RULES.md §7, art. 10.4)', () => {
  it('member request received 20/03/2027: pending until 30/03/2027, options billed through March, then terminated', () => {
    M.addOption(conn, A, { memberNo: no, option: 'concierge_privilege', qty: 1, on: '2026-06-01' });
    M.lendAirbox(conn, A, { memberNo: no, serial: 'AB-7', lentOn: '2026-01-10' });
    const r = T.terminate(conn, A, { memberNo: no, reason: 'member_request', on: '2027-03-22', noticeDate: '2027-03-20' });
    expect(r).toMatchObject({
      member_no: no,
      effective_on: '2027-03-30',
      last_billed_month: '2027-03',
      direct_debits_stop_from: '2027-04',
      mail_access_until: '2027-09-30',
      airbox_return_due: true,
      pending: true,
      honorary_eligible: true,
      options_ended: [{ option: 'concierge_privilege', qty: 1, billed_until: '2027-03-31' }],
      subscriptions_ended: 1,
    });
    // recorded where the monthly run reads it; the status waits for the effective date
    expect(memberRow()).toEqual({ status: 'active', terminated_on: '2027-03-30' });
    expect(M.showMember(conn.db, no, '2027-03-25')).toMatchObject({ status: 'active', termination: { pending: true, effective_on: '2027-03-30' } });
    expect(M.showMember(conn.db, no, '2027-03-30')).toMatchObject({ status: 'terminated', termination: { pending: false } });
    expect(T.showTermination(conn.db, no, '2027-03-25')).toMatchObject({ status: 'pending_termination', effective_on: '2027-03-30' });
    // still running before the date: a new option is accepted on 29/03, refused from 30/03
    refusedWith(() => M.addOption(conn, A, { memberNo: no, option: 'mail', qty: 1, on: '2027-03-30' }), '10.4');
    // a second termination is refused
    refusedWith(() => T.terminate(conn, A, { memberNo: no, reason: 'incompatible_offer', on: '2027-03-23' }), '10.4');
    // the effective date comes: settled once, idempotent
    expect(writeTx(conn, (tx) => T.settleTerminations(tx, A, '2027-03-30'))).toBe(1);
    expect(writeTx(conn, (tx) => T.settleTerminations(tx, A, '2027-03-31'))).toBe(0);
    expect(memberRow()!.status).toBe('terminated');
    expect(T.airboxesDue(conn.db, '2027-04-01')).toEqual([expect.objectContaining({ member_no: no, serial: 'AB-7', overdue: true })]);
  });

  it('withdrawn before the effective date by the member: options and subscriptions given back', () => {
    M.addOption(conn, A, { memberNo: no, option: 'bitdefender', qty: 1, on: '2026-06-01' });
    T.terminate(conn, A, { memberNo: no, reason: 'member_request', on: '2027-03-22', noticeDate: '2027-03-20' });
    refusedWith(() => T.withdrawTermination(conn, A, { memberNo: no, by: 'parnasse', on: '2027-03-25' }), '10.3.1');
    refusedWith(() => T.withdrawTermination(conn, A, { memberNo: no, by: 'member', on: '2027-03-30' }), '10.4');
    const w = T.withdrawTermination(conn, A, { memberNo: no, by: 'member', on: '2027-03-25' });
    expect(w).toMatchObject({ effective_on: '2027-03-30', withdrawn_on: '2027-03-25' });
    const s = M.showMember(conn.db, no, '2027-04-15');
    expect(s.status).toBe('active');
    expect(s.termination).toBeNull();
    expect(s.options.find((o) => o.option === 'bitdefender')!.end_on).toBeNull();
    expect(s.main_address!.subscriptions).toHaveLength(1);
    expect(memberRow()!.terminated_on).toBeNull();
    // a new termination may be recorded after a withdrawal
    expect(T.terminate(conn, A, { memberNo: no, reason: 'incompatible_offer', on: '2027-05-02' }).effective_on).toBe('2027-05-02');
  });

  it('refusals write nothing: delegate, before the contract start, unknown member', () => {
    const before = auditCount();
    refusedWith(() => T.terminate(conn, A, { memberNo: no, reason: 'member_request', by: 'delegate', on: '2027-03-22', noticeDate: '2027-03-20' }), '10.3.1');
    refusedWith(() => T.terminate(conn, A, { memberNo: no, reason: 'incompatible_offer', on: '2025-12-01' }), '6');
    expect(() => T.terminate(conn, A, { memberNo: '999', reason: 'incompatible_offer', on: '2027-01-01' })).toThrow(/no member 999/);
    expect(auditCount()).toBe(before);
    expect(conn.db.get<{ n: number }>(sql`select count(*) as n from terminations`).n).toBe(0);
  });

  it('the last subscription removed ends the contract through the same path (art. 10.1): nothing new after', () => {
    const sub = M.showMember(conn.db, no, '2027-06-30').main_address!.subscriptions[0]!;
    const r = M.removeSubscription(conn, A, { memberNo: no, subscriptionId: sub.id, on: '2027-02-01' });
    expect(r.termination).toMatchObject({ reason: 'orange_lost', effective_on: '2027-02-01', last_billed_month: '2027-02', pending: false });
    expect(memberRow()).toEqual({ status: 'terminated', terminated_on: '2027-02-01' });
    expect(T.showTermination(conn.db, no, '2027-02-01')).toMatchObject({ reason: 'orange_lost', article: '10.1' });
    refusedWith(() => M.addSubscription(conn, A, { memberNo: no, on: '2027-02-02' }), '10.4');
    refusedWith(() => M.addMobileLine(conn, A, { memberNo: no, number: '0611111111', plan: 'orange', on: '2027-02-02' }), '10.4');
    refusedWith(
      () => addIntervention(conn, A, { memberNo: no, kind: 'technician', start: '2027-02-10T10:00', minutes: 60 } as Parameters<typeof addIntervention>[2]),
      '10.4',
    );
    refusedWith(() => T.withdrawTermination(conn, A, { memberNo: no, by: 'parnasse', on: '2027-01-30' }), '10.1');
  });

  it('a payment after the end is accepted but makes no one active again', () => {
    const pending = String(insertMember(conn, { status: 'pending', contractStart: '2026-12-01' }));
    const id = conn.db.get<{ id: number }>(sql`select id from members where member_no = ${Number(pending)}`).id;
    const inv = writeTx(conn, (tx) =>
      issueInvoice(tx, A, { memberId: id, issuedOn: '2026-12-01', lines: [{ kind: 'entry_fee', label: "Droits d'entrée", ttcCents: 150000 }] }),
    );
    T.terminate(conn, A, { memberNo: pending, reason: 'incompatible_offer', on: '2026-12-05' });
    const p = payInvoice(conn, A, { number: inv.number, amountCents: 150000, paidOn: '2026-12-08', method: 'transfer' });
    expect(p).toMatchObject({ outstanding_cents: 0, member_activated: null });
    expect(conn.db.get<{ status: string }>(sql`select status from members where id = ${id}`).status).toBe('terminated');
  });

  it('terminate option (art. 10.3.2): by e-mail, billed through the month of the request; mailboxes too (they complete « Ma Messagerie Mail »)', () => {
    M.addOption(conn, A, { memberNo: no, option: 'bitdefender', qty: 1, on: '2026-06-01' });
    M.addOption(conn, A, { memberNo: no, option: 'extra_mailbox', qty: 2, on: '2026-06-01' });
    expect(M.terminateOption(conn, A, { memberNo: no, option: 'bitdefender', on: '2027-03-12' })).toMatchObject({ billed_until: '2027-03-31' });
    expect(M.terminateOption(conn, A, { memberNo: no, option: 'extra_mailbox', on: '2027-03-12' })).toMatchObject({
      option: 'extra_mailbox',
      billed_until: '2027-03-31',
    });
    M.addExtraSite(conn, A, { memberNo: no, street: '3 quai Rambaud', postalCode: '69002', city: 'Lyon', on: '2026-07-01', subscriptions: 1 });
    expect(M.terminateOption(conn, A, { memberNo: no, option: 'extra_site', on: '2027-04-02' })).toMatchObject({
      option: 'extra_site',
      billed_until: '2027-04-30',
    });
  });

  it('honorary: offered once terminated, refused after a recovery procedure', () => {
    refusedWith(() => T.makeHonorary(conn, A, no, '2027-01-01'), '1');
    T.terminate(conn, A, { memberNo: no, reason: 'member_request', on: '2027-03-22', noticeDate: '2027-03-20' });
    refusedWith(() => T.makeHonorary(conn, A, no, '2027-03-29'), '1');
    expect(T.makeHonorary(conn, A, no, '2027-03-30')).toMatchObject({ member_no: no, honorary: true });
    const other = String(insertMember(conn));
    const oid = conn.db.get<{ id: number }>(sql`select id from members where member_no = ${Number(other)}`).id;
    conn.sqlite.prepare("insert into dunning_steps (member_id, step, on_date) values (?, 'second_notice', '2026-09-01')").run(oid);
    expect(T.terminate(conn, A, { memberNo: other, reason: 'incompatible_offer', on: '2027-01-10' }).honorary_eligible).toBe(false);
    refusedWith(() => T.makeHonorary(conn, A, other, '2027-01-10'), '1');
  });

  it('every termination write is audited', () => {
    const before = auditCount();
    T.terminate(conn, A, { memberNo: no, reason: 'breach', on: '2027-05-05', noticeDate: '2027-05-03' });
    const e = conn.db.all<{ action: string; change: string }>(sql`select action, change from audit_log where id > ${before}`);
    expect(e.map((x) => x.action)).toEqual(['terminate']);
    expect(JSON.parse(e[0]!.change)).toMatchObject({ reason: 'breach', effective_on: '2027-05-11', article: '10.2' });
  });
});
