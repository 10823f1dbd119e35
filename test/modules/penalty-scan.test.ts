/**
 * The run's penalty step reads only the invoices fallen due since its last scan, those it
 * watches, and those a rejected debit or an upheld dispute brings back (penalty_scan,
 * penalty_watch): it must bill exactly what reading every invoice ever issued bills. Two
 * databases live the same months — payments on time, late, partial or never, debits
 * rejected, disputes opened, upheld or granted, credit notes — one forgetting its scan before
 * every run; their books must be the same line for line.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Connection } from '../../src/db/connection.js';
import { tempConnection, testActor } from '../helpers/db.js';
import { insertMember } from '../helpers/factory.js';
import { billingRun } from '../../src/billing/run.js';
import { creditInvoice, payInvoice } from '../../src/invoicing/index.js';
import { recordReturn } from '../helpers/billing.js';
import { checkDatabase } from '../../src/invoicing/integrity.js';
import { openDispute, resolveDispute, setRate } from '../../src/collection/index.js';
import { invoiceBalance } from '../../src/collection/ledger.js';
import { addDays } from '../../src/rules/dates.js';
import { RefusedError, UsageError } from '../../src/errors.js';
import { penaltyCharges } from '../../src/collection/index.js';
import { terminate } from '../../src/termination/index.js';

type Act =
  | { kind: 'pay'; who: number; days: number; part: 1 | 2 }
  | { kind: 'reject'; who: number }
  | { kind: 'dispute'; who: number; outcome: 'upheld' | 'granted' | 'open'; at: number }
  | { kind: 'credit'; who: number }
  | { kind: 'end'; who: number; before: number };

const MONTHS = ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01', '2027-02'];

/** The latest invoice of member `who` (1-based), if any. */
function latest(conn: Connection, who: number): { id: number; number: string; pay_by: string; issued_on: string } | undefined {
  return conn.sqlite
    .prepare("select id, number, pay_by, issued_on from invoices where kind = 'invoice' and member_id = ? order by id desc limit 1")
    .get(who) as never;
}

function live(conn: Connection, months: Act[][], forget: boolean): void {
  setRate(conn, testActor, '2026-S2', 275);
  setRate(conn, testActor, '2027-S1', 300);
  for (let m = 0; m < 3; m++) insertMember(conn, { contractStart: '2026-07-01' });
  MONTHS.forEach((month, k) => {
    const runOn = `${month}-0${1 + (k % 3)}`;
    if (forget) conn.sqlite.exec('delete from penalty_scan; delete from penalty_watch');
    // the forgetful database also reads the candidates' events one at a time (issue 21: in blocks)
    billingRun(conn, testActor, { month, date: runOn, ...(forget ? { eventsBlock: 1 } : {}) });
    for (const a of months[k] ?? []) act(conn, a);
  });
}

/** One act of the Desk or the bank on a member's latest invoice; an act the rules refuse (a credit note dated before the last) is skipped alike in both databases. */
function act(conn: Connection, a: Act): void {
  try {
    {
      const inv = latest(conn, a.who);
      if (!inv) return;
      const b = invoiceBalance(conn.db, { id: inv.id }, '9999-12-31')!;
      const on = addDays(inv.issued_on, a.kind === 'pay' ? a.days : a.kind === 'dispute' ? a.at : 3);
      if (a.kind === 'pay' && b.dueCents > 0) {
        const amount = a.part === 1 ? b.dueCents : Math.ceil(b.dueCents / 2);
        payInvoice(conn, testActor, { number: inv.number, amountCents: amount, paidOn: on, method: 'sepa' });
      } else if (a.kind === 'reject') {
        const p = conn.sqlite
          .prepare('select id from payments where invoice_id = ? and id not in (select payment_id from payment_reversals) order by id desc limit 1')
          .pluck()
          .get(inv.id);
        if (p !== undefined) recordReturn(conn, p as number, on);
      } else if (a.kind === 'dispute' && b.dueCents > 1000) {
        const d = openDispute(conn, testActor, { number: inv.number, amountCents: 1000, on, reason: 'x' });
        if (a.outcome !== 'open') resolveDispute(conn, testActor, { id: d.id, outcome: a.outcome, on: addDays(on, 5) });
      } else if (a.kind === 'credit' && b.outstandingCents > 500) {
        creditInvoice(conn, testActor, { number: inv.number, amountCents: 500, issuedOn: on, reason: 'geste' });
      } else if (a.kind === 'end') {
        // the member's letter received long before, recorded now: the months billed after its end are given back (issue 21)
        const memberNo = conn.sqlite.prepare('select member_no from members where id = ?').pluck().get(a.who) as number;
        terminate(conn, testActor, { memberNo: String(memberNo), reason: 'member_request', by: 'member', noticeDate: addDays(inv.issued_on, -a.before), on });
      }
    }
  } catch (e) {
    if (!(e instanceof RefusedError || e instanceof UsageError)) throw e;
  }
}

/**
 * What the penalty lines cover (issue 21): on no day does a euro of an invoice bear two
 * periods (what the periods still charged cover ≤ the invoice less its sums given back as not
 * due), and an invoice given back in full as not due bears nothing.
 */
function penaltiesHold(conn: Connection): void {
  const charges = penaltyCharges(conn.sqlite);
  const notDue = conn.sqlite
    .prepare(
      `select coalesce(sum(l.ttc_cents), 0) from invoices c join invoice_lines l on l.invoice_id = c.id
     where c.refers_to = ? and c.kind = 'credit_note' and l.source_key >= 'given_back:' and l.source_key < 'given_back;'`,
    )
    .pluck();
  const totalOf = conn.sqlite.prepare('select total_ttc_cents from invoices where id = ?').pluck();
  for (const id of new Set(charges.map((c) => c.invoice_id))) {
    const mine = charges.filter((c) => c.invoice_id === id);
    const due = (totalOf.get(id) as number) - (notDue.get(id) as number);
    if (due === 0) expect(mine.map((c) => c.owed_cents).filter((x) => x > 0)).toEqual([]);
    const days = new Set(mine.flatMap((c) => (c.from ? [c.from, c.to!] : [])));
    for (const d of days) {
      const borne = mine.filter((c) => c.from !== null && c.from <= d && d <= c.to! && c.ttc_cents > c.given_back_cents).reduce((s, c) => s + c.base_cents!, 0);
      expect(borne).toBeLessThanOrEqual(due);
    }
  }
}

const books = (conn: Connection) =>
  conn.sqlite
    .prepare(
      'select i.number, i.issued_on, i.total_ttc_cents, l.kind, l.period, l.ttc_cents, l.source_key from invoice_lines l join invoices i on i.id = l.invoice_id order by l.id',
    )
    .all();

describe('the incremental penalty scan bills what reading every invoice bills (art. 7.3.7)', () => {
  const who = fc.integer({ min: 1, max: 3 });
  const act: fc.Arbitrary<Act> = fc.oneof(
    fc.record({ kind: fc.constant('pay' as const), who, days: fc.integer({ min: 0, max: 40 }), part: fc.constantFrom(1 as const, 2 as const) }),
    fc.record({ kind: fc.constant('reject' as const), who }),
    fc.record({
      kind: fc.constant('dispute' as const),
      who,
      outcome: fc.constantFrom('upheld' as const, 'granted' as const, 'open' as const),
      at: fc.integer({ min: 3, max: 30 }),
    }),
    fc.record({ kind: fc.constant('credit' as const), who }),
    fc.record({ kind: fc.constant('end' as const), who, before: fc.integer({ min: 20, max: 80 }) }),
  );

  it('property: the same books, month after month, whatever is paid, rejected, disputed or credited', () => {
    fc.assert(
      fc.property(fc.array(fc.array(act, { maxLength: 5 }), { minLength: MONTHS.length, maxLength: MONTHS.length }), (months) => {
        const a = tempConnection();
        const b = tempConnection();
        try {
          live(a, months, false);
          live(b, months, true);
          expect(books(a)).toEqual(books(b));
          expect(checkDatabase(a).problems).toEqual([]);
          penaltiesHold(a);
        } finally {
          a.close();
          b.close();
        }
      }),
      { numRuns: 12 },
    );
  });

  it('a settled invoice is no longer read; a debit rejected afterwards brings it back', () => {
    const conn = tempConnection();
    setRate(conn, testActor, '2026-S2', 275);
    insertMember(conn, { contractStart: '2026-07-01' });
    billingRun(conn, testActor, { month: '2026-07', date: '2026-07-01' }); // pay-by 11/07
    billingRun(conn, testActor, { month: '2026-08', date: '2026-08-01' }); // late: penalties, watched
    const watched = () => conn.sqlite.prepare('select invoice_id, closed_on from penalty_watch order by invoice_id').raw().all();
    expect(watched()).toEqual([[1, null]]);
    const due = invoiceBalance(conn.db, { id: 1 }, '2026-08-05')!.dueCents;
    payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: due, paidOn: '2026-08-05', method: 'sepa' });
    payInvoice(conn, testActor, {
      number: 'F2026-000002',
      amountCents: invoiceBalance(conn.db, { id: 2 }, '2026-08-05')!.dueCents,
      paidOn: '2026-08-05',
      method: 'sepa',
    });
    billingRun(conn, testActor, { month: '2026-09', date: '2026-09-01' });
    expect(watched()).toEqual([[1, '2026-09-01']]);
    expect(conn.sqlite.prepare('select before from penalty_scan').pluck().get()).toBe('2026-09-01');
    // the August debit of F2026-000002 (on time) comes back: unpaid from its pay-by
    const p = conn.sqlite.prepare('select id from payments where invoice_id = 2').pluck().get();
    recordReturn(conn, p as number, '2026-09-03');
    billingRun(conn, testActor, { month: '2026-10', date: '2026-10-01' });
    expect(conn.sqlite.prepare("select count(*) from invoice_lines where source_key = 'indemnity:2'").pluck().get()).toBe(1);
    expect(watched()).toEqual([
      [1, '2026-09-01'],
      [2, null],
      [4, null],
    ]); // and September's, unpaid (3: August's late charges, which bear none)
    expect(checkDatabase(conn).problems).toEqual([]);
    conn.close();
  });
});
