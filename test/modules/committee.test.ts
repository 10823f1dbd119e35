import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { writeTx } from '../../src/db/audit.js';
import { tempConnection, testActor as A } from '../helpers/db.js';
import { insertCandidacy, insertMember } from '../helpers/factory.js';
import { agenda, decide, notify } from '../../src/committee/index.js';
import { showMember } from '../../src/membership/members.js';
import { issueInvoice, issueCreditNote, memberIdOf } from '../../src/invoicing/index.js';
import { checkDatabase } from '../../src/invoicing/integrity.js';
import { RefusedError } from '../../src/errors.js';

let conn: Connection;
beforeEach(() => {
  conn = tempConnection();
});
afterEach(() => conn.close());

describe('committee module', () => {
  it('the deadline runs 7 days across a month end (applied 2026-01-28 → 2026-02-04)', () => {
    insertCandidacy(conn, { appliedOn: '2026-01-28', idExpiresOn: '2030-01-01' });
    expect(agenda(conn.db, '2026-02-04')[0]).toMatchObject({ deadline: '2026-02-04', overdue: false, days_left: 0 });
    expect(agenda(conn.db, '2026-02-05')[0]).toMatchObject({ overdue: true, days_left: -1 });
  });

  it('a sponsor who is not in good standing makes the candidacy not ready (E5)', () => {
    const sponsor = insertMember(conn, { status: 'suspended' });
    const ref = insertCandidacy(conn, { invitedByParnasse: false, sponsorMemberNo: String(sponsor) });
    expect(agenda(conn.db, '2026-12-01')).toEqual([]);
    expect(() => decide(conn, A, { ref, accept: true, on: '2026-12-01' })).toThrow(/E5/);
  });

  it('a returning honorary member rejoins without entry fee or welcome gift, active at once', () => {
    const old = insertMember(conn, { email: 'back@example.fr' });
    conn.sqlite.prepare("update members set status = 'terminated', terminated_on = '2025-12-31', honorary = 1 where member_no = ?").run(old);
    const ref = insertCandidacy(conn, { email: 'Back@Example.fr' });
    decide(conn, A, { ref, accept: true, on: '2026-12-01' });
    const r = notify(conn, A, { ref, on: '2026-12-05' });
    expect(r).toEqual({ member_no: String(old + 1), contract_start: '2026-12-05', entry_fee_invoice: null });
    expect(showMember(conn.db, r.member_no, '2027-06-30')).toMatchObject({ status: 'active', welcome_gift: false });
    const audit = conn.sqlite.prepare("select change from audit_log where action = 'notify'").get() as { change: string };
    expect(JSON.parse(audit.change).returning_honorary_of).toBe(String(old));
  });

  it('a second notify is refused and creates nothing', () => {
    const ref = insertCandidacy(conn);
    decide(conn, A, { ref, accept: true, on: '2026-12-01' });
    notify(conn, A, { ref, on: '2026-12-02' });
    expect(() => notify(conn, A, { ref, on: '2026-12-03' })).toThrow(RefusedError);
    expect(conn.sqlite.prepare('select count(*) as n from members').get()).toEqual({ n: 1 });
    expect(conn.sqlite.prepare('select count(*) as n from invoices').get()).toEqual({ n: 1 });
  });
});

describe('invoice core properties', () => {
  it('property: any sequence of invoices and credit notes keeps db check clean', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            lines: fc.array(fc.record({ ttc: fc.integer({ min: 0, max: 5_000_000 }), penalty: fc.boolean() }), { minLength: 1, maxLength: 5 }),
            day: fc.integer({ min: 0, max: 400 }),
            credit: fc.integer({ min: 0, max: 100 }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        (docs) => {
          const c = tempConnection();
          try {
            const id = memberIdOf(c.db, insertMember(c));
            const sorted = [...docs].sort((a, b) => a.day - b.day);
            for (const d of sorted) {
              const on = new Date(Date.UTC(2026, 0, 1 + d.day)).toISOString().slice(0, 10);
              writeTx(c, (tx) => {
                const inv = issueInvoice(tx, A, {
                  memberId: id,
                  issuedOn: on,
                  lines: d.lines.map((l, i) => ({ kind: l.penalty ? 'penalty' : 'subscription', label: `l${i}`, ttcCents: l.ttc })),
                });
                expect(inv.totalHtCents + inv.totalVatCents).toBe(inv.totalTtcCents);
                const amount = Math.floor((inv.totalTtcCents * d.credit) / 100);
                if (amount > 0) issueCreditNote(tx, A, { invoiceId: inv.id, issuedOn: on, lines: [{ kind: 'credit', label: 'c', ttcCents: amount }] });
              });
            }
            const report = checkDatabase(c);
            expect(report.problems).toEqual([]);
          } finally {
            c.close();
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});
