import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { writeTx } from '../../src/db/audit.js';
import { tempConnection, testActor } from '../helpers/db.js';
import { insertMember } from '../helpers/factory.js';
import { creditInvoice, invoiceList, issueInvoice, memberIdOf, payInvoice, showInvoice } from '../../src/invoicing/index.js';
import { memberStanding } from '../../src/contract/state.js';

let conn: Connection;
beforeEach(() => {
  conn = tempConnection();
});
afterEach(() => conn.close());

const issue = (memberId: number, issuedOn: string, ttcs: number[], kind: 'subscription' | 'penalty' = 'subscription') =>
  writeTx(conn, (tx) =>
    issueInvoice(tx, testActor, { memberId, issuedOn, lines: ttcs.map((t, i) => ({ kind, label: `line ${i}`, period: issuedOn.slice(0, 7), ttcCents: t })) }),
  );

describe('invoice core', () => {
  it('numbers are gapless per year, credit notes have their own series', () => {
    const id = memberIdOf(conn.db, insertMember(conn));
    expect(issue(id, '2026-12-01', [25000]).number).toBe('F2026-000001');
    expect(issue(id, '2026-12-31', [25000]).number).toBe('F2026-000002');
    expect(issue(id, '2027-01-01', [25000]).number).toBe('F2027-000001');
    const cn = creditInvoice(conn, testActor, { number: 'F2026-000002', amountCents: 9000, issuedOn: '2027-01-02', reason: 'test' });
    expect(cn).toMatchObject({ number: 'A2027-000001', refers_to: 'F2026-000002', total_ttc_cents: 9000, total_ht_cents: 7500, total_vat_cents: 1500 });
    expect(issue(id, '2027-01-05', [25000]).number).toBe('F2027-000002');
  });

  it('a failed transaction takes no number (no gap)', () => {
    const id = memberIdOf(conn.db, insertMember(conn));
    expect(() =>
      writeTx(conn, (tx) => {
        issueInvoice(tx, testActor, { memberId: id, issuedOn: '2026-12-01', lines: [{ kind: 'subscription', label: 'x', ttcCents: 100 }] });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(issue(id, '2026-12-01', [100]).number).toBe('F2026-000001');
  });

  it('HT per line, VAT = TTC − ΣHT; penalties outside VAT', () => {
    const id = memberIdOf(conn.db, insertMember(conn));
    const i = issue(id, '2026-12-10', [17742, 9000]);
    expect(i).toMatchObject({ totalTtcCents: 26742, totalHtCents: 14785 + 7500, totalVatCents: 26742 - 22285 });
    const p = issue(id, '2026-12-10', [4000], 'penalty');
    expect(p).toMatchObject({ totalTtcCents: 4000, totalHtCents: 4000, totalVatCents: 0 });
  });

  it('an issued invoice cannot be updated or deleted through SQL; nor its lines or payments', () => {
    const id = memberIdOf(conn.db, insertMember(conn));
    issue(id, '2026-12-10', [25000]);
    payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 100, paidOn: '2026-12-11', method: 'sepa' });
    expect(() => conn.sqlite.prepare("update invoices set total_ttc_cents = 1 where number = 'F2026-000001'").run()).toThrow(/never changed/);
    expect(() => conn.sqlite.prepare("delete from invoices where number = 'F2026-000001'").run()).toThrow(/never changed/);
    expect(() => conn.sqlite.prepare('update invoice_lines set ttc_cents = 1').run()).toThrow(/never changed/);
    expect(() => conn.sqlite.prepare('delete from payments').run()).toThrow(/never changed/);
    expect(showInvoice(conn.db, 'F2026-000001', '2026-12-11').total_ttc_cents).toBe(25000);
  });

  it('status follows payments, pay-by and credit notes; standing subtracts credit notes', () => {
    const no = insertMember(conn);
    const id = memberIdOf(conn.db, no);
    issue(id, '2026-12-01', [25000]);
    expect(showInvoice(conn.db, 'F2026-000001', '2026-12-05').status).toBe('open');
    expect(showInvoice(conn.db, 'F2026-000001', '2026-12-12').status).toBe('late');
    expect(memberStanding(conn.db, String(no), '2026-12-12')).toMatchObject({ overdueCents: 25000, inGoodStanding: false });
    payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 10000, paidOn: '2026-12-05', method: 'sepa' });
    expect(showInvoice(conn.db, 'F2026-000001', '2026-12-06')).toMatchObject({ status: 'partially_paid', paid_cents: 10000, outstanding_cents: 15000 });
    creditInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 15000, issuedOn: '2026-12-06', reason: 'goodwill' });
    expect(showInvoice(conn.db, 'F2026-000001', '2026-12-12')).toMatchObject({ status: 'paid', outstanding_cents: 0 });
    expect(memberStanding(conn.db, String(no), '2026-12-12')).toMatchObject({ overdueCents: 0, inGoodStanding: true });
    expect(() => creditInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 10001, issuedOn: '2026-12-06', reason: 'x' })).toThrow(/exceed/);
    expect(() => payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 1, paidOn: '2026-12-07', method: 'sepa' })).toThrow(/nothing outstanding/);
  });

  it('lists by member and status', () => {
    const a = insertMember(conn);
    const b = insertMember(conn);
    issue(memberIdOf(conn.db, a), '2026-12-01', [25000]);
    issue(memberIdOf(conn.db, b), '2026-12-01', [25000]);
    payInvoice(conn, testActor, { number: 'F2026-000002', amountCents: 25000, paidOn: '2026-12-02', method: 'sepa' });
    expect(invoiceList(conn.db, { on: '2026-12-20' }).map((i) => i.status)).toEqual(['late', 'paid']);
    expect(invoiceList(conn.db, { memberNo: String(b), on: '2026-12-20' }).map((i) => i.number)).toEqual(['F2026-000002']);
    expect(invoiceList(conn.db, { status: 'late', on: '2026-12-20' }).map((i) => i.member_no)).toEqual([String(a)]);
  });

  it('lists what was issued by the date read, not what came after (README: everything is read as of --date)', () => {
    const a = insertMember(conn);
    issue(memberIdOf(conn.db, a), '2026-12-01', [25000]);
    issue(memberIdOf(conn.db, a), '2027-01-01', [25000]);
    for (const memberNo of [undefined, String(a)]) {
      expect(invoiceList(conn.db, { memberNo, on: '2026-12-15' }).map((i) => i.number)).toEqual(['F2026-000001']);
      expect(invoiceList(conn.db, { memberNo, on: '2027-01-01' }).map((i) => i.number)).toEqual(['F2026-000001', 'F2027-000001']);
      expect(invoiceList(conn.db, { memberNo, on: '2026-11-30' })).toEqual([]);
    }
  });

  it('every issue and payment is audited', () => {
    const id = memberIdOf(conn.db, insertMember(conn));
    issue(id, '2026-12-01', [25000]);
    payInvoice(conn, testActor, { number: 'F2026-000001', amountCents: 25000, paidOn: '2026-12-02', method: 'sepa' });
    const rows = conn.sqlite.prepare("select entity, action from audit_log where entity in ('invoice','payment') order by id").all();
    expect(rows).toEqual([
      { entity: 'invoice', action: 'issue' },
      { entity: 'payment', action: 'record' },
    ]);
  });
});
