/**
 * Months billed in advance (art. 7.3.1) for an item whose end was recorded after the run
 * that billed them: the month of the end is due ("tout mois entamé est dû", art. 7.3.4), the
 * months after it are not — the next run gives them back by a credit note, once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { tempConnection, testActor } from '../helpers/db.js';
import { payAllInvoices } from '../helpers/billing.js';
import { insertMember } from '../helpers/factory.js';
import { billingRun } from '../../src/billing/run.js';
import { creditInvoice } from '../../src/invoicing/index.js';
import { checkDatabase } from '../../src/invoicing/integrity.js';
import { memberBalance } from '../../src/collection/ledger.js';
import { setRate } from '../../src/collection/index.js';
import { addOption, removeOption } from '../../src/membership/members.js';
import { terminate } from '../../src/termination/index.js';
import { memberIdOf } from '../../src/invoicing/index.js';

let conn: Connection;
beforeEach(() => {
  conn = tempConnection();
  setRate(conn, testActor, '2026-S2', 275);
  setRate(conn, testActor, '2027-S1', 300);
});
afterEach(() => conn.close());

const run = (month: string, date: string, dryRun = false) => billingRun(conn, testActor, { month, date, dryRun });
const creditNotes = () =>
  conn.sqlite
    .prepare(
      "select c.number, c.issued_on, i.number as invoice, l.kind, l.label, l.period, l.ttc_cents, l.source_key from invoices c join invoices i on i.id = c.refers_to join invoice_lines l on l.invoice_id = c.id where c.kind = 'credit_note' order by c.id, l.id",
    )
    .all() as { number: string; issued_on: string; invoice: string; kind: string; label: string; period: string; ttc_cents: number; source_key: string }[];
const payAll = () => payAllInvoices(conn);

describe('months billed after an item ended are given back by the next run (art. 7.3.4)', () => {
  it("an option ended in December, recorded after the January run: February's run credits January's option line, once", () => {
    const no = String(insertMember(conn, { contractStart: '2026-10-01' }));
    addOption(conn, testActor, { memberNo: no, option: 'concierge_privilege', qty: 1, on: '2026-10-01' });
    run('2026-12', '2026-12-01');
    run('2027-01', '2027-01-01');
    payAll();
    // the member's e-mail of 15/12 is recorded late: billed through December
    expect(removeOption(conn, testActor, { memberNo: no, option: 'concierge_privilege', on: '2026-12-15' }).end_on).toBe('2026-12-31');
    const feb = run('2027-02', '2027-02-01');
    expect(feb.given_back).toEqual({ credit_notes: 1, total_ttc_cents: 10000, deferred_ttc_cents: 0 });
    expect(creditNotes()).toEqual([
      {
        number: 'A2027-000001',
        issued_on: '2027-02-01',
        invoice: 'F2027-000001',
        kind: 'option',
        label: 'La Conciergerie John Paul Privilège — janvier 2027, non dû : fin le 31/12/2026 (art. 7.3.4)',
        period: '2027-01',
        ttc_cents: 10000,
        source_key: expect.stringMatching(/^given_back:\d+$/),
      },
    ]);
    // January's invoice was paid: the 100,00 € are the member's credit, used on February's invoice
    expect(feb.invoices).toBe(1);
    expect(feb.credit_used_cents).toBe(10000);
    expect(memberBalance(conn.db, memberIdOf(conn.db, no), '2027-02-01').creditBalanceCents).toBe(0);
    // run again, and the next month: nothing given back twice
    expect(run('2027-02', '2027-02-02').given_back).toEqual({ credit_notes: 0, total_ttc_cents: 0, deferred_ttc_cents: 0 });
    expect(run('2027-03', '2027-03-01').given_back).toEqual({ credit_notes: 0, total_ttc_cents: 0, deferred_ttc_cents: 0 });
    expect(creditNotes()).toHaveLength(1);
    expect(checkDatabase(conn).problems).toEqual([]);
  });

  it('an option ended in its month is not given back: December is due in full', () => {
    const no = String(insertMember(conn, { contractStart: '2026-10-01' }));
    addOption(conn, testActor, { memberNo: no, option: 'concierge_privilege', qty: 1, on: '2026-10-01' });
    run('2026-12', '2026-12-01');
    removeOption(conn, testActor, { memberNo: no, option: 'concierge_privilege', on: '2026-12-02' });
    const jan = run('2027-01', '2027-01-01');
    expect(jan.given_back).toEqual({ credit_notes: 0, total_ttc_cents: 0, deferred_ttc_cents: 0 });
    expect(jan.lines.option).toBe(0);
    expect(creditNotes()).toEqual([]);
  });

  it('a dry run shows what it would give back and writes nothing', () => {
    const no = String(insertMember(conn, { contractStart: '2026-10-01' }));
    addOption(conn, testActor, { memberNo: no, option: 'concierge_privilege', qty: 1, on: '2026-10-01' });
    run('2026-12', '2026-12-01');
    run('2027-01', '2027-01-01');
    removeOption(conn, testActor, { memberNo: no, option: 'concierge_privilege', on: '2026-12-15' });
    const audit = conn.sqlite.prepare('select count(*) from audit_log').pluck().get();
    expect(run('2027-02', '2027-02-01', true).given_back).toEqual({ credit_notes: 1, total_ttc_cents: 10000, deferred_ttc_cents: 0 });
    expect(creditNotes()).toEqual([]);
    expect(conn.sqlite.prepare('select count(*) from audit_log').pluck().get()).toBe(audit);
  });

  it('a contract whose end is recorded after later months were billed: subscription and options of those months are given back, on each invoice', () => {
    const no = String(insertMember(conn, { contractStart: '2026-10-01' }));
    addOption(conn, testActor, { memberNo: no, option: 'extra_mailbox', qty: 2, on: '2026-10-01' });
    for (const [month, date] of [
      ['2026-12', '2026-12-01'],
      ['2027-01', '2027-01-01'],
      ['2027-02', '2027-01-25'],
    ]) {
      run(month!, date!); // February billed in advance on 25/01
      payAll();
    }
    // the member's letter of 05/12 (notice + 10 days: effective 15/12), recorded on 26/01
    const t = terminate(conn, testActor, { memberNo: no, reason: 'member_request', by: 'member', noticeDate: '2026-12-05', on: '2027-01-26' });
    expect(t.effective_on).toBe('2026-12-15');
    const r = run('2027-02', '2027-02-01');
    expect(r.invoices).toBe(0);
    const cn = creditNotes();
    expect(cn.map((l) => [l.invoice, l.kind, l.period])).toEqual([
      ['F2027-000001', 'subscription', '2027-01'],
      ['F2027-000001', 'option', '2027-01'],
      ['F2027-000002', 'subscription', '2027-02'],
      ['F2027-000002', 'option', '2027-02'],
    ]);
    expect(new Set(cn.map((l) => l.number)).size).toBe(2); // one credit note per invoice
    const id = memberIdOf(conn.db, no);
    const invoiced = conn.sqlite
      .prepare("select sum(total_ttc_cents) from invoices where member_id = ? and kind = 'invoice' and issued_on >= '2027-01-01'")
      .pluck()
      .get(id) as number;
    expect(r.given_back).toEqual({ credit_notes: 2, total_ttc_cents: invoiced, deferred_ttc_cents: 0 });
    // paid by debit: the member holds it as a credit (refundable), December stays due
    expect(memberBalance(conn.db, id, '2027-02-01').creditBalanceCents).toBe(invoiced);
    expect(run('2027-03', '2027-03-01').given_back.credit_notes).toBe(0);
    expect(checkDatabase(conn).problems).toEqual([]);
  });

  it('what credit notes already gave back by hand is not given back again (presumed to be those months)', () => {
    const a = String(insertMember(conn, { contractStart: '2026-10-01' }));
    const b = String(insertMember(conn, { contractStart: '2026-10-01' }));
    for (const no of [a, b]) addOption(conn, testActor, { memberNo: no, option: 'concierge_privilege', qty: 1, on: '2026-10-01' });
    run('2026-12', '2026-12-01');
    payAll();
    run('2027-01', '2027-01-01'); // F2027-000001 (a) and F2027-000002 (b): 250,00 + 100,00 each
    // the Desk credited a's January invoice in full, and 300,00 of b's, before the ends were recorded
    creditInvoice(conn, testActor, { number: 'F2027-000001', amountCents: 35000, issuedOn: '2027-01-10', reason: 'erreur' });
    creditInvoice(conn, testActor, { number: 'F2027-000002', amountCents: 30000, issuedOn: '2027-01-10', reason: 'geste' });
    for (const no of [a, b]) removeOption(conn, testActor, { memberNo: no, option: 'concierge_privilege', on: '2026-12-15' });
    // decision: what the Desk credited by hand on an invoice is presumed to be its months not due (second review, G1)
    const r = run('2027-02', '2027-02-01');
    expect(r.given_back).toEqual({ credit_notes: 0, total_ttc_cents: 0, deferred_ttc_cents: 0 });
    expect(run('2027-03', '2027-03-01').given_back.credit_notes).toBe(0);
    expect(checkDatabase(conn).problems).toEqual([]);
  });
  it('a run dated before the last credit note does not fail on it: the months are given back by the next run', () => {
    const no = String(insertMember(conn, { contractStart: '2026-10-01' }));
    addOption(conn, testActor, { memberNo: no, option: 'concierge_privilege', qty: 1, on: '2026-10-01' });
    run('2026-12', '2026-12-01');
    payAll();
    run('2027-01', '2027-01-01');
    payAll();
    removeOption(conn, testActor, { memberNo: no, option: 'concierge_privilege', on: '2026-12-15' });
    // a credit note of 20/01 (numbers follow dates): a run dated 15/01 cannot issue one before it
    creditInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 1000, issuedOn: '2027-01-20', reason: 'geste' });
    expect(run('2027-02', '2027-01-15').given_back).toEqual({ credit_notes: 0, total_ttc_cents: 0, deferred_ttc_cents: 10000 });
    expect(run('2027-02', '2027-02-01').given_back).toEqual({ credit_notes: 1, total_ttc_cents: 10000, deferred_ttc_cents: 0 });
    expect(checkDatabase(conn).problems).toEqual([]);
  });
});
