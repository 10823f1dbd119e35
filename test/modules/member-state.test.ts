/**
 * A member's status as of a date (issue 21 item 7): `member show`, `member list --status`
 * and a sponsor's standing read the one contract-state function (src/contract/state.ts),
 * never the stored status that nothing updates when a termination becomes effective or a
 * suspension ends.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { cli, tempDbPath } from '../helpers/cli.js';
import { openDatabase, type Connection } from '../../src/db/connection.js';
import { testActor as A } from '../helpers/db.js';
import { insertMember } from '../helpers/factory.js';
import { writeTx } from '../../src/db/audit.js';
import { issueInvoice, payInvoice } from '../../src/invoicing/index.js';
import * as D from '../../src/dunning/index.js';
import * as T from '../../src/termination/index.js';
import { contractState, memberStanding } from '../../src/contract/state.js';
import { iterateMembers, showMember } from '../../src/membership/members.js';

function club(): { db: string; conn: Connection; no: string; id: number } {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const no = String(insertMember(conn, { contractStart: '2026-06-01' }));
  const id = conn.db.get<{ id: number }>(sql`select id from members where member_no = ${Number(no)}`).id;
  return { db, conn, no, id };
}

const listed = async (db: string, status: string, date: string) =>
  ((await cli(db, ['--json', 'member', 'list', '--status', status, '--date', date])).json() as { member_no: string }[]).map((r) => r.member_no);

describe('member status as of a date (art. 10.4, 7.3.8)', () => {
  it('a force-majeure termination effective 28/01: on 02/02 show and list both say terminated, before it active', async () => {
    const { db, conn, no } = club();
    T.terminate(conn, A, { memberNo: no, reason: 'force_majeure', since: '2027-01-05', noticeDate: '2027-01-20', on: '2027-01-21' });
    conn.close();
    expect((await cli(db, ['--json', 'member', 'show', no, '--date', '2027-02-02'])).json()).toMatchObject({
      status: 'terminated',
      termination: { effective_on: '2027-01-28', pending: false },
    });
    expect(await listed(db, 'active', '2027-02-02')).not.toContain(no);
    expect(await listed(db, 'terminated', '2027-02-02')).toContain(no);
    // before the effective date: active in both, the termination pending
    expect((await cli(db, ['--json', 'member', 'show', no, '--date', '2027-01-27'])).json()).toMatchObject({
      status: 'active',
      termination: { pending: true },
    });
    expect(await listed(db, 'active', '2027-01-27')).toContain(no);
    expect(await listed(db, 'terminated', '2027-01-27')).not.toContain(no);
    // the human list says the same
    const human = await cli(db, ['member', 'list', '--date', '2027-02-02']);
    expect(human.stdout).toMatch(/terminated/);
    const fr = await cli(db, ['member', 'list', '--status', 'terminated', '--date', '2027-02-02'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.code).toBe(0);
    expect(fr.stdout).toMatch(/résilié/);
  });

  it('a suspension that ended: suspended between the suspension and the payment, active after, in show, list and state alike', async () => {
    const { db, conn, no, id } = club();
    conn.sqlite.prepare("update members set entry_fee_paid_on = '2026-06-02' where id = ?").run(id);
    const inv = writeTx(conn, (tx) =>
      issueInvoice(tx, A, {
        memberId: id,
        issuedOn: '2027-01-01',
        lines: [{ kind: 'subscription', label: 'Abonnement 2027-01', period: '2027-01', ttcCents: 25000 }],
      }),
    ).number;
    D.applyDunning(conn, A, '2027-01-12');
    // the first notice's deadline is 20/01: the suspension from the day after (art. 7.3.8)
    D.applyDunning(conn, A, '2027-01-21');
    payInvoice(conn, A, { number: inv, amountCents: 25000, paidOn: '2027-01-25', method: 'transfer' });
    for (const [date, status] of [
      ['2027-01-20', 'active'],
      ['2027-01-22', 'suspended'],
      ['2027-01-25', 'active'],
      ['2027-02-02', 'active'],
    ] as const) {
      expect(contractState(conn.db, { memberNo: no }, date)?.status).toBe(status);
      expect(showMember(conn.db, no, date).status).toBe(status);
      expect([...iterateMembers(conn.db, { status, on: date })].map((r) => r.member_no)).toContain(no);
    }
    expect(memberStanding(conn.db, no, '2027-01-22')).toMatchObject({ status: 'suspended', inGoodStanding: false });
    conn.close();
    expect(await listed(db, 'suspended', '2027-01-22')).toEqual([no]);
    expect((await cli(db, ['--json', 'member', 'show', no, '--date', '2027-01-22'])).json()).toMatchObject({ status: 'suspended' });
  });

  it('pending until the entry fee is paid, on the day it is paid active', () => {
    const { conn, no, id } = club();
    conn.sqlite.prepare("update members set status = 'pending' where id = ?").run(id);
    const inv = writeTx(conn, (tx) =>
      issueInvoice(tx, A, {
        memberId: id,
        issuedOn: '2026-06-01',
        lines: [{ kind: 'entry_fee', label: "Droits d'entrée", period: null, ttcCents: 150000, sourceKey: `entry_fee:${id}` }],
      }),
    ).number;
    payInvoice(conn, A, { number: inv, amountCents: 150000, paidOn: '2026-06-10', method: 'transfer' });
    expect(contractState(conn.db, { memberId: id }, '2026-06-09')?.status).toBe('pending');
    expect(contractState(conn.db, { memberId: id }, '2026-06-10')?.status).toBe('active');
    expect([...iterateMembers(conn.db, { status: 'pending', on: '2026-06-09' })].map((r) => r.member_no)).toEqual([no]);
    conn.close();
  });
});
