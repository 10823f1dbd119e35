import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { writeTx } from '../../src/db/audit.js';
import { disputes } from '../../src/db/schema.js';
import { tempConnection, testActor } from '../helpers/db.js';
import { insertMember } from '../helpers/factory.js';
import { creditInvoice, invoiceList, issueInvoice, memberIdOf, payInvoice, showInvoice } from '../../src/invoicing/index.js';
import {
  ALL_TIME,
  creditSources,
  invoiceBalance,
  invoiceBalances,
  iterateCreditBalances,
  iterateInvoiceBalances,
  iterateListed,
  memberBalance,
  memberBalances,
  paymentBook,
  settledLookup,
  type InvoiceBalance,
  type ListedAmounts,
  type ListedColumns,
} from '../../src/collection/ledger.js';
import { billingRun } from '../../src/billing/run.js';
import { openDispute, refund, resolveDispute, setRate } from '../../src/collection/index.js';
import { memberStanding } from '../../src/contract/state.js';
import { recordReturn } from '../helpers/billing.js';
import { checkDatabase } from '../../src/invoicing/integrity.js';
import { parseEuros } from '../../src/rules/money.js';

let conn: Connection;
beforeEach(() => {
  conn = tempConnection();
});
afterEach(() => conn.close());

const issue = (memberId: number, issuedOn: string, ttc: number) =>
  writeTx(conn, (tx) =>
    issueInvoice(tx, testActor, {
      memberId,
      issuedOn,
      lines: [{ kind: 'subscription', label: 'Offre Parnasse Intérieur', period: issuedOn.slice(0, 7), ttcCents: ttc }],
    }),
  );

describe('the ledger: money as of a date (issue 7)', () => {
  it('a payment dated after the date does not count (bill show said "paid")', () => {
    const id = memberIdOf(conn.db, insertMember(conn));
    issue(id, '2026-12-01', 25000); // pay-by 2026-12-11
    payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 25000, paidOn: '2026-12-15', method: 'sepa' });
    const before = showInvoice(conn.db, 'F2026-000001', '2026-12-10');
    expect(before).toMatchObject({ paid_cents: 0, outstanding_cents: 25000, status: 'open', late: false });
    expect(showInvoice(conn.db, 'F2026-000001', '2026-12-12')).toMatchObject({ paid_cents: 0, status: 'late', late: true });
    expect(showInvoice(conn.db, 'F2026-000001', '2026-12-15')).toMatchObject({ paid_cents: 25000, outstanding_cents: 0, status: 'paid', late: false });
  });

  it('bill list --status late on a past date finds an invoice paid later', () => {
    const id = memberIdOf(conn.db, insertMember(conn));
    issue(id, '2026-12-01', 25000);
    payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 25000, paidOn: '2026-12-20', method: 'sepa' });
    expect(invoiceList(conn.db, { status: 'late', on: '2026-12-14' }).map((i) => i.number)).toEqual(['F2026-000001']);
    expect(invoiceList(conn.db, { status: 'late', on: '2026-12-20' })).toEqual([]);
  });

  it('member standing reads the same summary: late on the 14th, good on the 20th', () => {
    const no = insertMember(conn);
    const id = memberIdOf(conn.db, no);
    issue(id, '2026-12-01', 25000);
    payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 10000, paidOn: '2026-12-05', method: 'sepa' });
    payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 15000, paidOn: '2026-12-20', method: 'sepa' });
    expect(memberStanding(conn.db, String(no), '2026-12-14')).toMatchObject({ overdueCents: 15000, inGoodStanding: false });
    expect(memberStanding(conn.db, String(no), '2026-12-11')).toMatchObject({ overdueCents: 0, inGoodStanding: true });
    expect(memberStanding(conn.db, String(no), '2026-12-20')).toMatchObject({ overdueCents: 0, inGoodStanding: true });
    const b = memberBalance(conn.db, id, '2026-12-14');
    expect(b).toMatchObject({
      invoicedCents: 25000,
      paidCents: 10000,
      outstandingCents: 15000,
      lateCents: 15000,
      lateInvoices: ['F2026-000001'],
      oldestLatePayBy: '2026-12-11',
    });
    expect(memberBalances(conn.db, '2026-12-14', { lateOnly: true }).map((m) => m.memberNo)).toEqual([no]);
  });

  it('a dispute suspends only its part, from its opening to its resolution', () => {
    const id = memberIdOf(conn.db, insertMember(conn));
    const inv = issue(id, '2026-12-01', 25000);
    conn.db
      .insert(disputes)
      .values({ invoiceId: inv.id, amountCents: 9000, openedOn: '2026-12-05', reason: 'x', status: 'upheld', resolvedOn: '2026-12-20' })
      .run();
    // before the dispute: all of it late after pay-by
    expect(invoiceBalance(conn.db, { id: inv.id }, '2026-12-04')).toMatchObject({ contestedCents: 0, dueCents: 25000, late: false });
    expect(invoiceBalance(conn.db, { id: inv.id }, '2026-12-12')).toMatchObject({ contestedCents: 9000, dueCents: 16000, lateCents: 16000, status: 'late' });
    // upheld on the 20th: due at once, late from the 21st (art. 7.3.6)
    expect(invoiceBalance(conn.db, { id: inv.id }, '2026-12-20')).toMatchObject({ contestedCents: 0, dueCents: 25000, lateCents: 16000 });
    expect(invoiceBalance(conn.db, { id: inv.id }, '2026-12-21')).toMatchObject({ contestedCents: 0, lateCents: 25000 });
    // a dispute over everything: disputed, not late
    const inv2 = issue(id, '2026-12-02', 9000);
    conn.db.insert(disputes).values({ invoiceId: inv2.id, amountCents: 9000, openedOn: '2026-12-03', reason: 'x', status: 'open' }).run();
    expect(invoiceBalance(conn.db, { id: inv2.id }, '2026-12-30')).toMatchObject({ status: 'disputed', late: false, contestedCents: 9000 });
  });

  it('a credit note on a paid invoice leaves a credit balance, and db check agrees (issue 12)', () => {
    const id = memberIdOf(conn.db, insertMember(conn));
    issue(id, '2026-12-01', 25000);
    payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 25000, paidOn: '2026-12-05', method: 'sepa' });
    creditInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 9000, issuedOn: '2026-12-08', reason: 'extra site billed twice' });
    expect(invoiceBalance(conn.db, { number: 'F2026-000001' }, '2026-12-07')).toMatchObject({ creditCents: 0, status: 'paid' });
    expect(invoiceBalance(conn.db, { number: 'F2026-000001' }, '2026-12-08')).toMatchObject({ creditCents: 9000, outstandingCents: 0, status: 'paid' });
    expect(memberBalance(conn.db, id, '2026-12-08').creditBalanceCents).toBe(9000);
    expect(memberBalance(conn.db, id, '2026-12-07').creditBalanceCents).toBe(0);
    const report = checkDatabase(conn);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('invoices issued after the date are not owed yet', () => {
    const id = memberIdOf(conn.db, insertMember(conn));
    issue(id, '2026-12-01', 25000);
    issue(id, '2027-01-01', 25000);
    expect(memberBalance(conn.db, id, '2026-12-31')).toMatchObject({ invoicedCents: 25000, outstandingCents: 25000 });
    expect(memberBalance(conn.db, id, '2027-01-01')).toMatchObject({ invoicedCents: 50000, outstandingCents: 50000 });
  });
});

describe('the set-based ledger (lists) equals the per-invoice one (issue 14)', () => {
  it('on a populated database, on every date: payments, a reversed one, credit notes, allocations, refunds, disputes open, upheld and granted', () => {
    const ids = [1, 2, 3, 4, 5].map(() => memberIdOf(conn.db, insertMember(conn, { contractStart: '2026-10-01' })));
    setRate(conn, testActor, '2026-S2', 275);
    setRate(conn, testActor, '2027-S1', 300);
    billingRun(conn, testActor, { month: '2026-11', date: '2026-11-01' }); // F2026-000001…5: Oct + Nov each
    payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 50000, paidOn: '2026-11-05', method: 'sepa' });
    payInvoice(conn, testActor, { number: 'F2026-000002', amountCents: 20000, paidOn: '2026-11-08', method: 'card' });
    payInvoice(conn, testActor, { number: 'F2026-000002', amountCents: 10000, paidOn: '2026-11-20', method: 'transfer' });
    payInvoice(conn, testActor, { number: 'F2026-000003', amountCents: 50000, paidOn: '2026-11-09', method: 'sepa' });
    // the bank rejected F2026-000003's debit: it never paid
    const p3 = conn.sqlite.prepare("select p.id from payments p join invoices i on i.id = p.invoice_id where i.number = 'F2026-000003'").pluck().get();
    recordReturn(conn, p3 as number, '2026-11-15');
    creditInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 12000, issuedOn: '2026-11-10', reason: 'geste' }); // credit balance
    creditInvoice(conn, testActor, { number: 'F2026-000004', amountCents: 5000, issuedOn: '2026-11-12', reason: 'erreur' });
    openDispute(conn, testActor, { number: 'F2026-000004', amountCents: 10000, on: '2026-11-06', reason: 'site' });
    openDispute(conn, testActor, { number: 'F2026-000005', amountCents: 25000, on: '2026-11-07', reason: 'x' });
    openDispute(conn, testActor, { number: 'F2026-000005', amountCents: 5000, on: '2026-11-08', reason: 'y' });
    resolveDispute(conn, testActor, { id: 2, outcome: 'upheld', on: '2026-11-25' });
    resolveDispute(conn, testActor, { id: 3, outcome: 'granted', on: '2026-11-26' });
    refund(conn, testActor, { number: 'F2026-000001', amountCents: 2000, on: '2026-11-28', method: 'transfer' });
    billingRun(conn, testActor, { month: '2026-12', date: '2026-12-01' }); // allocates F2026-000001's credit; penalties, indemnities
    payInvoice(conn, testActor, { number: 'F2026-000007', amountCents: 1000, paidOn: '2026-12-03', method: 'card' });
    // an invoice cancelled in full (status credited), and what was debited disputed after its collection (issue 21)
    creditInvoice(conn, testActor, { number: 'F2026-000010', issuedOn: '2026-12-05', reason: 'annulée' });
    openDispute(conn, testActor, { number: 'F2026-000003', amountCents: 1000, on: '2026-11-10', reason: 'débit contesté' });
    expect(conn.sqlite.prepare('select count(*) from credit_allocations').pluck().get()).toBeGreaterThan(0);
    expect(conn.sqlite.prepare('select count(*) from refunds').pluck().get()).toBe(1);
    void ids;
    const dates = [
      '2026-10-31',
      '2026-11-01',
      '2026-11-06',
      '2026-11-09',
      '2026-11-12',
      '2026-11-15',
      '2026-11-25',
      '2026-11-26',
      '2026-11-28',
      '2026-12-01',
      '2026-12-03',
      '2026-12-12',
      '2027-01-15',
      '9999-12-31',
    ];
    let compared = 0;
    for (const on of dates) {
      const set = invoiceBalances(conn.db, { on });
      const per = invoiceBalances(conn.db, { on, perInvoice: true });
      expect(set.length).toBeGreaterThan(9);
      expect(set).toEqual(per);
      expect([...iterateInvoiceBalances(conn.db, { on })]).toEqual(per);
      // bill list's narrow read: the same invoices, order, columns and amounts, whatever the status asked
      const narrow = (c: ListedColumns, a: ListedAmounts) => ({
        id: c[0],
        number: c[1],
        kind: c[2],
        memberNo: c[3],
        issuedOn: c[4],
        payBy: c[5],
        totalTtcCents: c[6],
        refersTo: c[7],
        ...a,
      });
      const wide = (b: InvoiceBalance) => ({
        id: b.id,
        number: b.number,
        kind: b.kind,
        memberNo: b.memberNo,
        issuedOn: b.issuedOn,
        payBy: b.payBy,
        totalTtcCents: b.totalTtcCents,
        refersTo: b.refersTo,
        paidCents: b.paidCents,
        outstandingCents: b.outstandingCents,
        contestedCents: b.contestedCents,
        late: b.late,
        status: b.status,
      });
      const issued = per.filter((b) => b.issuedOn <= on); // what was issued by the date read
      expect([...iterateListed(conn.db, { on }, narrow)]).toEqual(issued.map(wide));
      for (const status of ['open', 'paid', 'late', 'credited'] as const)
        expect([...iterateListed(conn.db, { on, status }, narrow)]).toEqual(issued.filter((b) => b.status === status).map(wide));
      for (const b of set) expect(b).toEqual(invoiceBalance(conn.db, { id: b.id }, on));
      // the statement import's book (issue 25): the same balances, on every date and as of ALL_TIME
      const book = paymentBook(conn.db);
      for (const b of set) {
        expect(book.asOf(b.id, on)).toEqual(b);
        expect(book.byNumber(b.number)).toEqual(invoiceBalance(conn.db, { id: b.id }, ALL_TIME));
      }
      for (const m of new Set(set.map((b) => b.memberId)))
        expect(book.openOf(m)).toEqual(invoiceBalances(conn.db, { memberId: m, on: ALL_TIME }).filter((b) => b.outstandingCents > 0));
      // the exports' lookup by block of ids: the same paid, outstanding, due and credit (the FEC's lettering)
      const lookup = settledLookup(conn.db, on, { from: Math.min(...set.map((b) => b.id)), to: Math.max(...set.map((b) => b.id)) });
      for (const b of set)
        expect(lookup({ id: b.id, kind: b.kind, totalTtcCents: b.totalTtcCents, payBy: b.payBy })).toEqual({
          paidCents: b.paidCents,
          outstandingCents: b.outstandingCents,
          dueCents: b.dueCents,
          creditCents: b.creditCents,
        });
      expect(invoiceBalances(conn.db, { on, issuedBy: true })).toEqual(invoiceBalances(conn.db, { on, issuedBy: true, perInvoice: true }));
      // bill credits: each member's credit balance and where it sits, as memberBalance and creditSources say
      const credits = [...iterateCreditBalances(conn.db, on)];
      expect(credits.map((c) => [c.memberNo, c.creditCents])).toEqual(
        memberBalances(conn.db, on)
          .filter((m) => m.creditBalanceCents > 0)
          .map((m) => [m.memberNo, m.creditBalanceCents]),
      );
      for (const c of credits)
        expect(c.invoices).toEqual(creditSources(conn.db, c.memberId, on).map((x) => ({ number: x.number, creditCents: x.creditCents })));
      compared += set.length;
    }
    // the database is varied enough to mean something: every status and every amount appear
    const all = dates.flatMap((on) => invoiceBalances(conn.db, { on }));
    // a credit note has no status (null, issue 21); 'credited' is an invoice's cancelled in full
    expect(new Set(all.map((b) => b.status))).toEqual(new Set(['open', 'paid', 'partially_paid', 'late', 'disputed', 'credited', null]));
    expect(
      all.some((b) => b.outstandingCents === 0 && b.disputableCents > 0),
      'debited, disputable',
    ).toBe(true);
    for (const k of [
      'paidCents',
      'creditedCents',
      'allocatedCents',
      'allocatedOutCents',
      'refundedCents',
      'contestedCents',
      'creditCents',
      'lateCents',
      'disputableCents',
    ] as const)
      expect(
        all.some((b) => b[k] > 0),
        k,
      ).toBe(true);
    expect(compared).toBeGreaterThan(100);
  });
});

describe('the accounting export reads the ledger (issue 14)', () => {
  it("each line's invoice_paid / invoice_outstanding are the ledger's: a credit balance used on the next invoice lowers what remains", async () => {
    const { accountingCsvChunks } = await import('../../src/documents/accounting.js');
    const { ALL_TIME } = await import('../../src/collection/ledger.js');
    memberIdOf(conn.db, insertMember(conn, { contractStart: '2026-10-01' }));
    billingRun(conn, testActor, { month: '2026-11', date: '2026-11-01' });
    const first = invoiceBalance(conn.db, { number: 'F2026-000001' }, ALL_TIME)!;
    payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: first.totalTtcCents, paidOn: '2026-11-05', method: 'sepa' });
    creditInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 12000, issuedOn: '2026-11-10', reason: 'geste' });
    billingRun(conn, testActor, { month: '2026-12', date: '2026-12-01' }); // uses the 120,00 € credit
    let allocated = 0;
    // as of --date (issue 21): before the payment, after it, after the credit, and everything recorded
    for (const on of ['2026-11-04', '2026-11-05', '2026-11-10', '2026-12-01', ALL_TIME])
      for (const month of ['2026-11', '2026-12']) {
        const totals = { lines: 0, documents: 0, ht_cents: 0, vat_cents: 0, ttc_cents: 0 };
        const rows = [...accountingCsvChunks(conn.db, month, false, on, totals)]
          .join('')
          .trim()
          .split('\r\n')
          .slice(1)
          .map((l) => l.split(','));
        expect(rows.length).toBeGreaterThan(0);
        for (const r of rows) {
          const b = invoiceBalance(conn.db, { number: r[0]! }, on)!;
          const cents = (s: string) => parseEuros(s)!;
          expect(cents(r[13]!), `${r[0]} paid`).toBe(b.kind === 'invoice' ? b.paidCents : 0);
          expect(cents(r[14]!), `${r[0]} outstanding`).toBe(b.outstandingCents);
          if (on === ALL_TIME) allocated += b.allocatedCents;
        }
      }
    // the December invoice was partly settled by the credit, not by a payment
    expect(allocated).toBe(12000);
  });
});

describe('the accounting export in pages (issue 14)', () => {
  it('whatever the page size, the same file: months interleaved by id, credit notes, payments, lines of several invoices', async () => {
    const { accountingCsvChunks } = await import('../../src/documents/accounting.js');
    const ids = [1, 2, 3].map(() => memberIdOf(conn.db, insertMember(conn, { contractStart: '2026-10-01' })));
    // December and January invoices alternate in id order, some with two lines
    for (let k = 0; k < 12; k++) {
      const on = k % 2 ? '2027-01-05' : '2026-12-05';
      writeTx(conn, (tx) =>
        issueInvoice(tx, testActor, {
          memberId: ids[k % 3]!,
          issuedOn: on,
          lines: [
            { kind: 'subscription', label: `Abonnement ${k}`, period: on.slice(0, 7), ttcCents: 25000 + k },
            ...(k % 3 === 0 ? [{ kind: 'charge' as const, label: 'Technicien, 1 h', period: null, ttcCents: 9001 }] : []),
          ],
        }),
      );
    }
    payInvoice(conn, testActor, { number: 'F2026-000003', amountCents: 10000, paidOn: '2026-12-08', method: 'card' });
    creditInvoice(conn, testActor, { number: 'F2026-000005', amountCents: 5000, issuedOn: '2026-12-20', reason: 'geste' });
    const exportWith = (page?: number) => {
      const totals = { lines: 0, documents: 0, ht_cents: 0, vat_cents: 0, ttc_cents: 0 };
      const text = [...accountingCsvChunks(conn.db, '2026-12', false, '2027-01-31', totals, page)].join('');
      return { text, totals };
    };
    const whole = exportWith();
    expect(whole.totals.documents).toBe(7); // six December invoices and the credit note
    expect(whole.totals.lines).toBe(6 + 2 + 1);
    for (const page of [1, 2, 3, 5]) expect(exportWith(page)).toEqual(whole);
    expect(whole.text).toContain('F2026-000003,invoice');
    expect(whole.text).not.toContain('Abonnement 1,'); // a January invoice
  });
});
