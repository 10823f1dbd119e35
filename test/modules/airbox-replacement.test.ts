import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Connection } from '../../src/db/connection.js';
import { tempConnection, testActor as A } from '../helpers/db.js';
import { insertMember } from '../helpers/factory.js';
import * as M from '../../src/membership/members.js';
import * as T from '../../src/termination/index.js';
import { RefusedError, UsageError } from '../../src/errors.js';

let conn: Connection;
let no: string;
beforeEach(() => {
  conn = tempConnection();
  no = String(insertMember(conn, { contractStart: '2026-01-05' }));
  M.lendAirbox(conn, A, { memberNo: no, serial: 'AB-2231', lentOn: '2026-01-10' });
});
afterEach(() => conn.close());

const auditCount = () => conn.db.get<{ n: number }>(sql`select count(*) as n from audit_log`).n;

describe('replacing a faulty Airbox (art. 5.5)', () => {
  it('returns the faulty one, lends the new one, at Parnasse’s cost, in one transaction with one audit entry', () => {
    const before = auditCount();
    const r = M.replaceAirbox(conn, A, { memberNo: no, serialIn: 'AB-3001', on: '2027-02-10', reason: 'no 4G signal after reset' });
    expect(r).toMatchObject({
      serial_out: 'AB-2231',
      serial_in: 'AB-3001',
      replaced_on: '2027-02-10',
      payer: 'parnasse',
      member_charge_cents: 0,
      article: '5.5',
    });
    expect(auditCount()).toBe(before + 1);
    const boxes = conn.db.all<{ serial: string; lent_on: string; returned_on: string | null }>(
      sql`select serial, lent_on, returned_on from airboxes order by id`,
    );
    expect(boxes).toEqual([
      { serial: 'AB-2231', lent_on: '2026-01-10', returned_on: '2027-02-10' },
      { serial: 'AB-3001', lent_on: '2027-02-10', returned_on: null },
    ]);
    const show = M.showMember(conn.db, no, '2027-02-11');
    expect(show.airbox).toEqual({ serial: 'AB-3001', lent_on: '2027-02-10' });
    expect(show.airbox_replacements).toEqual([
      expect.objectContaining({ serial_out: 'AB-2231', serial_in: 'AB-3001', replaced_on: '2027-02-10', payer: 'parnasse', member_charge_cents: 0 }),
    ]);
  });

  it('a termination then asks for the new Airbox back, not the replaced one (art. 10.4)', () => {
    M.replaceAirbox(conn, A, { memberNo: no, serialIn: 'AB-3001', on: '2027-02-10', reason: 'dead' });
    const term = T.terminate(conn, A, { memberNo: no, reason: 'member_request', on: '2027-03-22', noticeDate: '2027-03-20' });
    expect(term).toMatchObject({ airbox_return_due: true, airbox_serial: 'AB-3001' });
    expect(T.airboxesDue(conn.db, '2027-04-01').map((b) => b.serial)).toEqual(['AB-3001']);
    M.returnAirbox(conn, A, { memberNo: no, returnedOn: '2027-04-02' });
    expect(T.airboxesDue(conn.db, '2027-04-03')).toEqual([]);
  });

  it('refusals: misuse (art. 5.5), nothing lent, the same serial, a serial out elsewhere, a wrong --out, after the contract ended', () => {
    const refused = (fn: () => unknown, article: string) => {
      expect(fn).toThrow(RefusedError);
      try {
        fn();
      } catch (e) {
        expect((e as RefusedError).article).toBe(article);
      }
    };
    const before = auditCount();
    refused(() => M.replaceAirbox(conn, A, { memberNo: no, serialIn: 'AB-3001', on: '2027-02-10', reason: 'dropped in the sea', misuse: true }), '5.5');
    refused(() => M.replaceAirbox(conn, A, { memberNo: no, serialIn: 'AB-2231', on: '2027-02-10', reason: 'x' }), '5.5');
    expect(() => M.replaceAirbox(conn, A, { memberNo: no, serialIn: 'AB-3001', serialOut: 'AB-9999', on: '2027-02-10', reason: 'x' })).toThrow(UsageError);
    const other = String(insertMember(conn, { contractStart: '2026-01-05' }));
    M.lendAirbox(conn, A, { memberNo: other, serial: 'AB-5000', lentOn: '2026-02-01' });
    expect(() => M.replaceAirbox(conn, A, { memberNo: no, serialIn: 'AB-5000', on: '2027-02-10', reason: 'x' })).toThrow(UsageError);
    const none = String(insertMember(conn, { contractStart: '2026-01-05' }));
    refused(() => M.replaceAirbox(conn, A, { memberNo: none, serialIn: 'AB-3001', on: '2027-02-10', reason: 'x' }), '5.5');
    expect(auditCount()).toBeGreaterThan(before); // the other members' creation and loan
    expect(conn.db.get<{ n: number }>(sql`select count(*) as n from audit_log where action = 'replace_airbox'`).n).toBe(0);
    expect(conn.db.get<{ n: number }>(sql`select count(*) as n from airbox_replacements`).n).toBe(0);
    T.terminate(conn, A, { memberNo: no, reason: 'member_request', on: '2027-03-22', noticeDate: '2027-03-20' });
    expect(() => M.replaceAirbox(conn, A, { memberNo: no, serialIn: 'AB-3001', on: '2027-04-15', reason: 'x' })).toThrow(RefusedError);
  });
});
