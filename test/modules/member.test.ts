import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { tempConnection, testActor as A } from '../helpers/db.js';
import { insertMember } from '../helpers/factory.js';
import * as M from '../../src/membership/members.js';
import { RefusedError } from '../../src/errors.js';

let conn: Connection;
let no: string;
beforeEach(() => {
  conn = tempConnection();
  no = String(insertMember(conn));
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

describe('members', () => {
  it('numbers are sequential and never reused', () => {
    const second = insertMember(conn);
    expect(second).toBe(Number(no) + 1);
    expect(M.listMembers(conn.db, { on: '2027-06-30' }).map((m) => m.member_no)).toEqual([no, String(second)]);
  });

  it('extra sites: up to 5, each with an extra_site option; a 6th refused (art. 5.11)', () => {
    for (let i = 0; i < 5; i++)
      M.addExtraSite(conn, A, { memberNo: no, street: `${i} rue X`, postalCode: '69002', city: 'Lyon', on: '2026-02-01', subscriptions: 1 });
    refusedWith(() => M.addExtraSite(conn, A, { memberNo: no, street: 'y', postalCode: '69002', city: 'Lyon', on: '2026-02-01', subscriptions: 1 }), '5.11');
    const s = M.showMember(conn.db, no, '2027-06-30');
    expect(s.extra_sites).toHaveLength(5);
    expect(s.extra_sites[0]).toMatchObject({ zone: 'sud', department: '69' });
    expect(s.options.filter((o) => o.option === 'extra_site')).toHaveLength(5);
    const r = M.removeExtraSite(conn, A, { memberNo: no, addressId: s.extra_sites[0]!.id, on: '2026-03-10' });
    expect(r.billed_until).toBe('2026-03-31');
    M.addExtraSite(conn, A, { memberNo: no, street: 'z', postalCode: '13100', city: 'Aix', on: '2026-03-11', subscriptions: 2 });
  });

  it('an address with a postal code that contradicts its département is refused', () => {
    refusedWith(
      () => M.addExtraSite(conn, A, { memberNo: no, street: 'y', postalCode: '69002', department: '13', city: 'Lyon', on: '2026-02-01', subscriptions: 1 }),
      '1',
    );
  });

  it('subscriptions: at most 2 per address; removing the last of the main address records the end of the contract (art. 10.1)', () => {
    const main = M.showMember(conn.db, no, '2027-06-30').main_address!;
    const added = M.addSubscription(conn, A, { memberNo: no, on: '2026-02-01' });
    expect(added.subscriptions_at_address).toBe(2);
    refusedWith(() => M.addSubscription(conn, A, { memberNo: no, on: '2026-02-01' }), '3.4');
    const r1 = M.removeSubscription(conn, A, { memberNo: no, subscriptionId: added.subscription_id, on: '2026-03-01' });
    expect(r1.contract_ends).toBe(false);
    const r2 = M.removeSubscription(conn, A, { memberNo: no, subscriptionId: main.subscriptions[0]!.id, on: '2026-04-01' });
    expect(r2).toMatchObject({ contract_ends: true, contract_end_recorded_on: '2026-04-01' });
    expect(M.showMember(conn.db, no, '2027-06-30').contract_end_recorded_on).toBe('2026-04-01');
  });

  it('the last subscription of an extra site cannot be removed alone', () => {
    const site = M.addExtraSite(conn, A, { memberNo: no, street: 'y', postalCode: '33000', city: 'Bordeaux', on: '2026-02-01', subscriptions: 1 });
    const sub = M.showMember(conn.db, no, '2027-06-30').extra_sites[0]!.subscriptions[0]!;
    expect(site.address_id).toBeGreaterThan(0);
    refusedWith(() => M.removeSubscription(conn, A, { memberNo: no, subscriptionId: sub.id, on: '2026-03-01' }), '3.4');
  });

  it('the last subscription of the main address while an extra site keeps its own does not end the contract (art. 10.1): refused, nothing recorded', () => {
    M.addExtraSite(conn, A, { memberNo: no, street: 'y', postalCode: '33000', city: 'Bordeaux', on: '2026-02-01', subscriptions: 1 });
    const main = M.showMember(conn.db, no, '2027-06-30').main_address!;
    refusedWith(() => M.removeSubscription(conn, A, { memberNo: no, subscriptionId: main.subscriptions[0]!.id, on: '2026-03-01' }), '3.4');
    const s = M.showMember(conn.db, no, '2027-06-30');
    expect(s.contract_end_recorded_on).toBeNull();
    expect(s.main_address!.subscriptions).toHaveLength(1);
    // once the extra site is removed, the last subscription ends the contract
    M.removeExtraSite(conn, A, { memberNo: no, addressId: s.extra_sites[0]!.id, on: '2026-03-01' });
    const r = M.removeSubscription(conn, A, { memberNo: no, subscriptionId: main.subscriptions[0]!.id, on: '2026-03-02' });
    expect(r).toMatchObject({ contract_ends: true, contract_end_recorded_on: '2026-03-02' });
  });

  it('a delegate replaced on a date needs a written notice dated that day or before', () => {
    M.setDelegate(conn, A, { memberNo: no, name: 'Claire Petit', on: '2027-01-02' });
    refusedWith(() => M.setDelegate(conn, A, { memberNo: no, name: 'Paul Roux', notifiedOn: '2027-01-20', on: '2027-01-10' }), '1');
    expect(M.showMember(conn.db, no, '2027-06-30').delegate).toMatchObject({ name: 'Claire Petit' });
    M.setDelegate(conn, A, { memberNo: no, name: 'Paul Roux', notifiedOn: '2027-01-08', on: '2027-01-10' });
    expect(M.showMember(conn.db, no, '2027-06-30').delegate).toMatchObject({ name: 'Paul Roux', notified_on: '2027-01-08' });
  });

  it('a delegate named after the previous one was removed is a replacement too: written notice required', () => {
    M.setDelegate(conn, A, { memberNo: no, name: 'Claire Petit', on: '2027-01-02' });
    M.removeDelegate(conn, A, no, '2027-01-05');
    refusedWith(() => M.setDelegate(conn, A, { memberNo: no, name: 'Paul Roux', on: '2027-01-06' }), '1');
    expect(M.showMember(conn.db, no, '2027-06-30').delegate).toBeNull();
    M.setDelegate(conn, A, { memberNo: no, name: 'Paul Roux', notifiedOn: '2027-01-06', on: '2027-01-06' });
    expect(M.showMember(conn.db, no, '2027-06-30').delegate).toMatchObject({ name: 'Paul Roux', notified_on: '2027-01-06' });
  });

  it('mobile lines: ≤ 5, Sosh/Mobicarte/locked refused (art. 5.6)', () => {
    refusedWith(() => M.addMobileLine(conn, A, { memberNo: no, number: '0611111111', plan: 'sosh', on: '2026-02-01' }), '5.6');
    refusedWith(() => M.addMobileLine(conn, A, { memberNo: no, number: '0611111111', plan: 'mobicarte', on: '2026-02-01' }), '5.6');
    refusedWith(() => M.addMobileLine(conn, A, { memberNo: no, number: '0611111111', plan: 'locked', on: '2026-02-01' }), '5.6');
    for (let i = 0; i < 5; i++) M.addMobileLine(conn, A, { memberNo: no, number: `+33 6 11 11 11 1${i}`, plan: 'orange', on: '2026-02-01' });
    refusedWith(() => M.addMobileLine(conn, A, { memberNo: no, number: '0711111111', plan: 'orange', on: '2026-02-01' }), '5.6');
    M.removeMobileLine(conn, A, { memberNo: no, number: '0611111110', on: '2026-02-02' });
    M.addMobileLine(conn, A, { memberNo: no, number: '0711111111', plan: 'orange', on: '2026-02-02' });
    expect(M.showMember(conn.db, no, '2027-06-30').mobile_lines).toHaveLength(5);
  });

  it('Bitdefender: the option first, then ≤ 20 devices (art. 5.3)', () => {
    refusedWith(() => M.addDevice(conn, A, { memberNo: no, label: 'pc', on: '2026-02-01' }), '5.3');
    M.addOption(conn, A, { memberNo: no, option: 'bitdefender', qty: 1, on: '2026-02-01' });
    for (let i = 0; i < 20; i++) M.addDevice(conn, A, { memberNo: no, label: `d${i}`, on: '2026-02-01' });
    refusedWith(() => M.addDevice(conn, A, { memberNo: no, label: 'd21', on: '2026-02-01' }), '5.3');
  });

  it('options: start, quantity, end billed through the month of the request', () => {
    const r = M.addOption(conn, A, { memberNo: no, option: 'extra_mailbox', qty: 3, on: '2026-02-10' });
    expect(r.monthly_ttc_cents).toBe(3600);
    expect(() => M.addOption(conn, A, { memberNo: no, option: 'extra_mailbox', qty: 1, on: '2026-02-11' })).toThrow(/already has/);
    expect(() => M.addOption(conn, A, { memberNo: no, option: 'concierge_privilege', qty: 2, on: '2026-02-11' })).toThrow(/once/);
    expect(M.removeOption(conn, A, { memberNo: no, option: 'extra_mailbox', on: '2026-04-03' }).end_on).toBe('2026-04-30');
  });

  it('one delegate; replacing needs the written-notice date (definitions)', () => {
    M.setDelegate(conn, A, { memberNo: no, name: 'Claire Petit', on: '2026-02-01' });
    refusedWith(() => M.setDelegate(conn, A, { memberNo: no, name: 'Marc Roux', on: '2026-03-01' }), '1');
    const r = M.setDelegate(conn, A, { memberNo: no, name: 'Marc Roux', notifiedOn: '2026-02-27', on: '2026-03-01' });
    expect(r).toMatchObject({ replaced: 'Claire Petit', notified_on: '2026-02-27' });
    expect(M.showMember(conn.db, no, '2027-06-30').delegate).toMatchObject({ name: 'Marc Roux', notified_on: '2026-02-27' });
    M.removeDelegate(conn, A, no, '2026-04-01');
    expect(M.showMember(conn.db, no, '2027-06-30').delegate).toBeNull();
  });

  it('Airbox: one lent at a time, returned', () => {
    M.lendAirbox(conn, A, { memberNo: no, serial: 'AB-1', lentOn: '2026-01-10' });
    refusedWith(() => M.lendAirbox(conn, A, { memberNo: no, serial: 'AB-2', lentOn: '2026-01-11' }), '5.5');
    M.returnAirbox(conn, A, { memberNo: no, returnedOn: '2026-06-30' });
    expect(M.showMember(conn.db, no, '2027-06-30').airbox).toBeNull();
  });

  it('honorary: only a terminated member never under recovery', () => {
    refusedWith(() => M.makeHonorary(conn, A, no, '2026-06-01'), '1');
    conn.sqlite.prepare("update members set status = 'terminated', terminated_on = '2026-05-01' where member_no = ?").run(Number(no));
    expect(M.makeHonorary(conn, A, no, '2026-06-01')).toEqual({ member_no: no, honorary: true, on: '2026-06-01' });
    refusedWith(() => M.addOption(conn, A, { memberNo: no, option: 'mail', qty: 1, on: '2026-06-02' }), '10.4');
  });

  it('every change is audited', () => {
    M.addOption(conn, A, { memberNo: no, option: 'mail', qty: 1, on: '2026-02-01' });
    const actions = conn.sqlite
      .prepare("select action from audit_log where entity = 'member' order by id")
      .all()
      .map((r: any) => r.action);
    expect(actions).toEqual(['create', 'add_option']);
  });
});
