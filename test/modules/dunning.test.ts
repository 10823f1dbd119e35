import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Connection } from '../../src/db/connection.js';
import { tempConnection, testActor as A } from '../helpers/db.js';
import { insertMember } from '../helpers/factory.js';
import { writeTx } from '../../src/db/audit.js';
import { issueInvoice, payInvoice } from '../../src/invoicing/index.js';
import * as D from '../../src/dunning/index.js';
import * as T from '../../src/termination/index.js';
import { memberStanding } from '../../src/contract/state.js';
import { addIntervention } from '../../src/interventions/index.js';
import { RefusedError } from '../../src/errors.js';
import { nextDunningStep, noticeDeadline } from '../../src/rules/dunning.js';
import { addDays } from '../../src/rules/dates.js';

let conn: Connection;
let no: string;
let memberId: number;
let invoice: string;
beforeEach(() => {
  conn = tempConnection();
  no = String(insertMember(conn, { contractStart: '2026-06-01' }));
  memberId = conn.db.get<{ id: number }>(sql`select id from members where member_no = ${Number(no)}`).id;
  conn.sqlite.prepare("update members set entry_fee_paid_on = '2026-06-02' where id = ?").run(memberId);
  // January's subscription: issued 01/01/2027, pay-by 11/01/2027 (art. 7.3.5), late from 12/01
  invoice = writeTx(conn, (tx) =>
    issueInvoice(tx, A, {
      memberId,
      issuedOn: '2027-01-01',
      lines: [{ kind: 'subscription', label: 'Abonnement 2027-01', period: '2027-01', ttcCents: 25000 }],
    }),
  ).number;
});
afterEach(() => conn.close());

const status = () => conn.db.get<{ status: string }>(sql`select status from members where id = ${memberId}`).status;
const mine = (rows: D.DunningRow[]) => rows.filter((r) => r.member_no === no);

describe('the dunning walk (art. 7.3.8), hand-computed dates', () => {
  it('first late day → first notice → suspension the day after its 8-day deadline with the second notice → termination the day after the second one’s', () => {
    expect(mine(D.dunningList(conn.db, '2027-01-11'))).toEqual([]);
    expect(mine(D.dunningList(conn.db, '2027-01-12'))).toEqual([
      expect.objectContaining({ next_step: 'first_notice', possible_on: '2027-01-12', due: true, late_cents: 25000, late_invoices: [invoice] }),
    ]);

    const n1 = mine(D.applyDunning(conn, A, '2027-01-12'));
    expect(n1).toEqual([expect.objectContaining({ next_step: 'first_notice', done: true, claimed_cents: 25000, deadline_on: '2027-01-20' })]);
    // re-running the same day does nothing twice
    expect(mine(D.applyDunning(conn, A, '2027-01-12')).filter((r) => r.done)).toEqual([]);
    expect(mine(D.dunningList(conn.db, '2027-01-20'))).toEqual([expect.objectContaining({ next_step: 'suspension', possible_on: '2027-01-21', due: false })]);
    expect(mine(D.applyDunning(conn, A, '2027-01-20')).filter((r) => r.done)).toEqual([]);

    const s = mine(D.applyDunning(conn, A, '2027-01-21'));
    expect(s.map((r) => [r.next_step, r.done])).toEqual([
      ['suspension', true],
      ['second_notice', true],
    ]);
    expect(s[1]).toMatchObject({ claimed_cents: 25000, deadline_on: '2027-01-29' });
    expect(status()).toBe('suspended');
    expect(D.underRecoveryProcedure(conn.db, memberId, '2027-01-21')).toBe(true);
    expect(memberStanding(conn.db, no, '2027-01-22')).toMatchObject({ underRecovery: true, inGoodStanding: false });
    // suspended: interventions refused (art. 7.3.8); the letters hold what the documents need
    expect(() =>
      addIntervention(conn, A, { memberNo: no, kind: 'technician', start: '2027-01-25T10:00', minutes: 60 } as Parameters<typeof addIntervention>[2]),
    ).toThrow(RefusedError);
    const letters = D.dunningLetters(conn.db, { memberNo: no });
    expect(letters.map((l) => [l.step, l.date, l.deadline_on, l.claimed_cents])).toEqual([
      ['first_notice', '2027-01-12', '2027-01-20', 25000],
      ['second_notice', '2027-01-21', '2027-01-29', 25000],
    ]);
    expect(letters[0]!.invoices).toEqual([{ invoice, issued_on: '2027-01-01', pay_by: '2027-01-11', total_ttc_cents: 25000, amount_cents: 25000 }]);
    expect(letters[0]!.member).toMatchObject({ member_no: no, city: 'Paris' });

    expect(mine(D.applyDunning(conn, A, '2027-01-29')).filter((r) => r.done)).toEqual([]);
    const end = mine(D.applyDunning(conn, A, '2027-01-30'));
    expect(end).toEqual([expect.objectContaining({ next_step: 'termination', done: true, status: 'terminated' })]);
    expect(T.showTermination(conn.db, no, '2027-01-30')).toMatchObject({
      reason: 'unpaid',
      article: '7.3.8',
      effective_on: '2027-01-30',
      notice_date: '2027-01-21',
      last_billed_month: '2027-01',
      honorary_eligible: false,
    });
    expect(status()).toBe('terminated');
    // nothing more: the debt stays on the ledger, the procedure is closed
    expect(mine(D.applyDunning(conn, A, '2027-02-15'))).toEqual([]);
    expect(mine(D.dunningList(conn.db, '2027-02-15'))).toEqual([]);
  });

  it('a member who pays everything late is reinstated and the procedure closes', () => {
    D.applyDunning(conn, A, '2027-01-12');
    D.applyDunning(conn, A, '2027-01-21');
    expect(status()).toBe('suspended');
    const p = payInvoice(conn, A, { number: invoice, amountCents: 25000, paidOn: '2027-01-22', method: 'transfer' });
    expect(p.member_reinstated).toBe(no);
    expect(status()).toBe('active');
    expect(D.underRecoveryProcedure(conn.db, memberId, '2027-01-23')).toBe(false);
    // but it was subject to a recovery procedure: never honorary
    expect(D.everUnderRecovery(conn.db, memberId)).toBe(true);
    expect(mine(D.dunningList(conn.db, '2027-01-28'))).toEqual([]);
    expect(conn.db.get<{ c: string }>(sql`select close_reason as c from dunning_procedures where member_id = ${memberId}`).c).toBe('paid');
  });

  it('a partial payment keeps the procedure going on the rest; a dispute suspends only its part (art. 7.3.6)', () => {
    D.applyDunning(conn, A, '2027-01-12');
    payInvoice(conn, A, { number: invoice, amountCents: 10000, paidOn: '2027-01-15', method: 'transfer' });
    expect(mine(D.dunningList(conn.db, '2027-01-21'))).toEqual([expect.objectContaining({ next_step: 'suspension', late_cents: 15000, due: true })]);
    conn.sqlite
      .prepare(
        "insert into disputes (invoice_id, amount_cents, opened_on, reason, status) select id, 15000, '2027-01-18', 'contested', 'open' from invoices where number = ?",
      )
      .run(invoice);
    // nothing uncontested is late any more: the procedure closes at the next run
    const r = mine(D.applyDunning(conn, A, '2027-01-21'));
    expect(r).toEqual([expect.objectContaining({ next_step: 'reinstatement', done: true })]);
    expect(status()).toBe('active');
  });

  it('every step is audited', () => {
    const before = conn.db.get<{ n: number }>(sql`select max(id) as n from audit_log`).n;
    D.applyDunning(conn, A, '2027-01-12');
    D.applyDunning(conn, A, '2027-01-21');
    const actions = conn.db.all<{ action: string }>(sql`select action from audit_log where id > ${before} order by id`).map((r) => r.action);
    expect(actions).toEqual(['dunning_first_notice', 'dunning_suspension', 'dunning_second_notice']);
  });
});

describe('a step never falls on the last day the letter gives to pay (art. 7.3.8, issue 21 item 3)', () => {
  it('notice of 15/02/2027 says "au plus tard le 23/02/2027": suspension from 24/02, termination from the day after the second letter\'s deadline', () => {
    // February's invoice: issued 04/02/2027, pay-by 14/02, late from 15/02
    const feb = writeTx(conn, (tx) =>
      issueInvoice(tx, A, {
        memberId,
        issuedOn: '2027-02-04',
        lines: [{ kind: 'subscription', label: 'Abonnement 2027-02', period: '2027-02', ttcCents: 25000 }],
      }),
    ).number;
    payInvoice(conn, A, { number: invoice, amountCents: 25000, paidOn: '2027-01-05', method: 'transfer' });
    expect(mine(D.applyDunning(conn, A, '2027-02-15'))).toEqual([
      expect.objectContaining({ next_step: 'first_notice', done: true, deadline_on: '2027-02-23', late_invoices: [feb] }),
    ]);
    const [letter] = D.dunningLetters(conn.db, { memberNo: no });
    expect(letter!.deadline_on).toBe('2027-02-23'); // what the letter prints: "au plus tard le 23/02/2027"
    // on the deadline itself the member may still pay: nothing is due, nothing is done
    expect(mine(D.dunningList(conn.db, '2027-02-23'))).toEqual([expect.objectContaining({ next_step: 'suspension', possible_on: '2027-02-24', due: false })]);
    expect(mine(D.applyDunning(conn, A, '2027-02-23')).filter((r) => r.done)).toEqual([]);
    expect(status()).toBe('active');
    const s = mine(D.applyDunning(conn, A, '2027-02-24'));
    expect(s.map((r) => [r.next_step, r.done, r.deadline_on])).toEqual([
      ['suspension', true, null],
      ['second_notice', true, '2027-03-04'],
    ]);
    expect(status()).toBe('suspended');
    expect(D.dunningLetters(conn.db, { memberNo: no }).map((l) => l.deadline_on)).toEqual(['2027-02-23', '2027-03-04']);
    expect(mine(D.dunningList(conn.db, '2027-03-04'))).toEqual([expect.objectContaining({ next_step: 'termination', possible_on: '2027-03-05', due: false })]);
    expect(mine(D.applyDunning(conn, A, '2027-03-04')).filter((r) => r.done)).toEqual([]);
    expect(status()).toBe('suspended');
    expect(mine(D.applyDunning(conn, A, '2027-03-05'))).toEqual([expect.objectContaining({ next_step: 'termination', done: true, status: 'terminated' })]);
  });

  it("the step's first day is the day after the deadline the letter printed, from one function", () => {
    for (const on of ['2027-02-15', '2027-02-28', '2028-02-25', '2027-12-28']) {
      const deadline = noticeDeadline(on);
      expect(deadline > on).toBe(true);
      const next = nextDunningStep({ lateCents: 1, oldestLatePayBy: '2027-01-01', steps: [{ step: 'first_notice', on }], ended: false }, deadline)!;
      expect(next).toEqual({ action: 'suspension', possibleOn: addDays(deadline, 1), due: false });
      expect(
        nextDunningStep(
          {
            lateCents: 1,
            oldestLatePayBy: '2027-01-01',
            steps: [
              { step: 'first_notice', on },
              { step: 'suspension', on: addDays(deadline, 1) },
              { step: 'second_notice', on: addDays(deadline, 1) },
            ],
            ended: false,
          },
          addDays(noticeDeadline(addDays(deadline, 1)), 1),
        ),
      ).toMatchObject({ action: 'termination', due: true });
    }
    expect(noticeDeadline('2027-02-15')).toBe('2027-02-23');
  });
});

describe('a termination already pending when the dunning reaches its last step (art. 10.4; seed 1003 of the living club)', () => {
  /** A second member late on the same invoice dates, one step behind: the run must reach it. */
  function secondLateMember(): string {
    const other = String(insertMember(conn, { contractStart: '2026-06-01' }));
    const id = conn.db.get<{ id: number }>(sql`select id from members where member_no = ${Number(other)}`).id;
    conn.sqlite.prepare("update members set entry_fee_paid_on = '2026-06-02' where id = ?").run(id);
    writeTx(conn, (tx) =>
      issueInvoice(tx, A, {
        memberId: id,
        issuedOn: '2027-01-19',
        lines: [{ kind: 'subscription', label: 'Abonnement 2027-01', period: '2027-01', ttcCents: 25000 }],
      }),
    );
    return other;
  }

  it("skips that member's termination, reports it with its reason and article, and applies the rest of the run", () => {
    D.applyDunning(conn, A, '2027-01-12');
    D.applyDunning(conn, A, '2027-01-21'); // suspension + second notice (deadline 29/01)
    // the member's own registered letter, received 25/01: effective 04/02 (art. 10.3.1)
    T.terminate(conn, A, { memberNo: no, reason: 'member_request', on: '2027-01-25', noticeDate: '2027-01-25' });
    const other = secondLateMember(); // pay-by 29/01, late from 30/01
    const before = conn.db.get<{ n: number }>(sql`select max(id) as n from audit_log`).n;

    const rows = D.applyDunning(conn, A, '2027-01-30');
    const mineRow = mine(rows);
    expect(mineRow).toEqual([
      expect.objectContaining({
        next_step: 'termination',
        due: true,
        done: false,
        skipped: { article: '10.4', reason: expect.stringContaining('2027-02-04') },
      }),
    ]);
    // the rest of the run is applied
    expect(rows.filter((r) => r.member_no === other)).toEqual([expect.objectContaining({ next_step: 'first_notice', done: true, skipped: null })]);
    // nothing written for the skipped step: no dunning step, the pending termination unchanged
    expect(conn.db.get<{ n: number }>(sql`select count(*) as n from dunning_steps where member_id = ${memberId} and step = 'termination'`).n).toBe(0);
    expect(T.showTermination(conn.db, no, '2027-01-30')).toMatchObject({ reason: 'member_request', effective_on: '2027-02-04' });
    const actions = conn.db.all<{ action: string }>(sql`select action from audit_log where id > ${before} order by id`).map((r) => r.action);
    expect(actions).toEqual(['dunning_first_notice']);
    // the preview says the same before anything is applied
    expect(mine(D.dunningList(conn.db, '2027-01-31'))).toEqual([
      expect.objectContaining({ next_step: 'termination', skipped: expect.objectContaining({ article: '10.4' }) }),
    ]);
    // once the member's own termination is effective, the dunning has nothing left to do
    expect(mine(D.applyDunning(conn, A, '2027-02-04'))).toEqual([]);
  });
});
