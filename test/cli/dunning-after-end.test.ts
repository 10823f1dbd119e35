/**
 * A dunning procedure whose last step was skipped because the member's termination was
 * already pending (art. 10.4): once that termination takes effect, the contract is over and
 * the procedure has no step left — `bill dunning` no longer lists the member as due, day after
 * day; the debt stays owed (bill show / bill list) and is recovered outside direct debit.
 */
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { writeTx } from '../../src/db/audit.js';
import { issueInvoice } from '../../src/invoicing/index.js';
import * as D from '../../src/dunning/index.js';
import * as T from '../../src/termination/index.js';
import { cli, tempDbPath } from '../helpers/cli.js';
import { testActor as A } from '../helpers/db.js';
import { insertMember } from '../helpers/factory.js';

let db: string;
let pending: string;

beforeEach(() => {
  db = tempDbPath();
  const conn = openDatabase(db);
  try {
    pending = String(insertMember(conn, { contractStart: '2026-06-01' }));
    const id = conn.db.get<{ id: number }>(sql`select id from members where member_no = ${Number(pending)}`).id;
    conn.sqlite.prepare("update members set entry_fee_paid_on = '2026-06-02' where id = ?").run(id);
    writeTx(conn, (tx) =>
      issueInvoice(tx, A, {
        memberId: id,
        issuedOn: '2027-01-01',
        lines: [{ kind: 'subscription', label: 'Abonnement 2027-01', period: '2027-01', ttcCents: 25000 }],
      }),
    );
    D.applyDunning(conn, A, '2027-01-12');
    D.applyDunning(conn, A, '2027-01-21');
    T.terminate(conn, A, { memberNo: pending, reason: 'member_request', on: '2027-01-25', noticeDate: '2027-01-25' }); // effective 04/02
    D.applyDunning(conn, A, '2027-01-30'); // the termination step is skipped (art. 10.4)
  } finally {
    conn.close();
  }
});

describe('bill dunning after the member’s own termination took effect', () => {
  it('before the end the skipped step is still shown; after it, the member is no longer due', async () => {
    const before = await cli(db, ['--json', '--date', '2027-02-03', 'bill', 'dunning']);
    expect(before.code, before.stderr).toBe(0);
    expect(before.json<{ members: D.DunningRow[] }>().members.find((m) => m.member_no === pending)).toMatchObject({ next_step: 'termination' });
    for (const date of ['2027-02-05', '2027-03-15']) {
      const r = await cli(db, ['--json', '--date', date, 'bill', 'dunning']);
      expect(r.code, r.stderr).toBe(0);
      const row = r.json<{ members: D.DunningRow[] }>().members.find((m) => m.member_no === pending);
      expect(row?.due ?? false, JSON.stringify(row)).toBe(false);
      expect(row?.skipped ?? null).toBeNull();
    }
    const applied = await cli(db, ['--json', '--date', '2027-02-05', 'bill', 'dunning', '--apply']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.json<{ members: D.DunningRow[] }>().members.find((m) => m.member_no === pending && m.skipped !== null)).toBeUndefined();
    // the debt itself is still owed
    const show = await cli(db, ['--json', '--date', '2027-02-05', 'bill', 'list', '--member', pending]);
    expect(show.code, show.stderr).toBe(0);
    const rows = show.json<{ status: string; outstanding_cents: number }[]>();
    expect(
      rows.some((i) => i.outstanding_cents > 0),
      show.stdout,
    ).toBe(true);
  });
});
