/**
 * The monthly run's whole output on a small club where every member is late (issue 21): the
 * invoices, their lines, their frozen snapshots, the credit allocations, the cursors, the
 * penalty scan, the numbering and the audit entries (with their `frozen_sha256`), run after run.
 *
 * The golden file (test/fixtures/billing/all-late-club.json) was written by the run that held
 * the whole month's plan in memory before issuing anything; the run that issues member by
 * member in bounded blocks must write the same, byte for byte, whatever its block size.
 * Member numbers run against the order of creation, so member-number order ≠ id order.
 * `PARNASSE_WRITE_GOLDEN=1` rewrites the file (only when the run's output is meant to change; then `npm run format`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { memberOptions, pendingCharges, proBricks } from '../../src/db/schema.js';
import { tempConnection, testActor } from '../helpers/db.js';
import { insertMember } from '../helpers/factory.js';
import { recordReturn } from '../helpers/billing.js';
import { billingRun, type RunOptions } from '../../src/billing/run.js';
import { creditInvoice, memberIdOf, payInvoice } from '../../src/invoicing/index.js';
import { checkDatabase } from '../../src/invoicing/integrity.js';
import { openDispute, resolveDispute, setRate } from '../../src/collection/index.js';
import { addOption } from '../../src/membership/members.js';
import { terminate } from '../../src/termination/index.js';

const GOLDEN = path.join(__dirname, '..', 'fixtures', 'billing', 'all-late-club.json');

/** Member numbers, in the order the members are created. */
const NOS = [105, 101, 110, 103, 102, 108, 104, 109, 107, 106, 112, 111];

const invoiceNo = (conn: Connection, memberNo: number, month: string): string =>
  conn.sqlite
    .prepare(
      `select i.number from invoices i join members m on m.id = i.member_id
       where m.member_no = ? and i.kind = 'invoice' and i.issued_on like ? || '%' order by i.id limit 1`,
    )
    .pluck()
    .get(memberNo, month) as string;

function dump(conn: Connection) {
  const q = (sql: string) => conn.sqlite.prepare(sql).all();
  return {
    invoices: q(
      `select i.id, i.number, i.kind, m.member_no, i.issued_on, i.pay_by, i.total_ht_cents, i.total_vat_cents, i.total_ttc_cents, i.refers_to, i.run_id
       from invoices i join members m on m.id = i.member_id order by i.id`,
    ),
    lines: q('select * from invoice_lines order by id'),
    snapshots: q('select * from document_snapshots order by invoice_id'),
    allocations: q('select * from credit_allocations order by id'),
    cursors: q('select * from billing_cursors order by key'),
    runs: q('select * from billing_runs order by id'),
    charges: q('select * from pending_charges order by id'),
    watch: q('select * from penalty_watch order by invoice_id'),
    scan: q('select * from penalty_scan'),
    sequences: q('select * from sequences order by name'),
    // the entries' content (their hashes follow the clock they record)
    audit: q('select id, operator, command, entity, entity_id, action, change from audit_log order by id'),
  };
}

/** The club lives September → December 2026; nobody pays on time. Returns each run's result and the books. */
function live(o: Partial<RunOptions> = {}) {
  const conn = tempConnection();
  try {
    setRate(conn, testActor, '2026-S2', 276);
    for (const [k, no] of NOS.entries())
      insertMember(conn, {
        memberNo: no,
        lastName: `Membre${no}`,
        email: `membre${no}@example.fr`,
        contractStart: k === 3 ? '2026-09-16' : k === 10 ? '2026-10-10' : '2026-09-01',
      });
    // numbers given by hand: the counter follows them, as a member import leaves it
    conn.sqlite
      .prepare("insert into sequences (name, last_value) values ('member_no', ?) on conflict(name) do update set last_value = excluded.last_value")
      .run(Math.max(...NOS));
    const id = (no: number) => memberIdOf(conn.db, String(no));
    // options created across members, so that option ids interleave with member numbers
    addOption(conn, testActor, { memberNo: '110', option: 'concierge_privilege', qty: 1, on: '2026-09-01' });
    addOption(conn, testActor, { memberNo: '101', option: 'extra_mailbox', qty: 2, on: '2026-09-01' });
    addOption(conn, testActor, { memberNo: '105', option: 'extra_mailbox', qty: 1, on: '2026-09-10' });
    addOption(conn, testActor, { memberNo: '110', option: 'extra_mailbox', qty: 3, on: '2026-09-01' });
    addOption(conn, testActor, { memberNo: '103', option: 'concierge_privilege', qty: 1, on: '2026-09-20' });
    conn.db
      .insert(proBricks)
      .values({ memberId: id(108), brick: 'wifi_public', priceTtcCents: 6000, startOn: '2026-10-10', basis: 'agreed', agreedOn: '2026-10-01' })
      .run();
    conn.db
      .insert(proBricks)
      .values({ memberId: id(101), brick: 'server_backup', priceTtcCents: 4500, startOn: '2026-09-01', basis: 'agreed', agreedOn: '2026-08-20' })
      .run();
    conn.db
      .insert(pendingCharges)
      .values({ memberId: id(104), label: 'Intervention hors forfait du 12/09/2026', ttcCents: 45000, dueOn: '2026-09-12' })
      .run();
    conn.db
      .insert(pendingCharges)
      .values({ memberId: id(102), label: 'Intervention du 20/10/2026', ttcCents: 12000, dueOn: '2026-10-20' })
      .run();
    conn.db
      .insert(pendingCharges)
      .values({ memberId: id(104), label: 'Intervention du 03/11/2026', ttcCents: 9000, dueOn: '2026-11-03' })
      .run();

    const results: unknown[] = [];
    const run = (month: string, date: string) => results.push(billingRun(conn, testActor, { month, date, ...o }));
    run('2026-09', '2026-09-01');
    // 103 pays September late, 102 on time and is given 90 € back (a credit balance for October's run)
    payInvoice(conn, testActor, { number: invoiceNo(conn, 103, '2026-09'), amountCents: 12903, paidOn: '2026-09-25', method: 'transfer' });
    const sep102 = invoiceNo(conn, 102, '2026-09');
    payInvoice(conn, testActor, { number: sep102, amountCents: 25000, paidOn: '2026-09-05', method: 'sepa' });
    creditInvoice(conn, testActor, { number: sep102, amountCents: 9000, issuedOn: '2026-09-08', reason: 'geste' });
    // 108's debit is returned by the bank
    payInvoice(conn, testActor, { number: invoiceNo(conn, 108, '2026-09'), amountCents: 25000, paidOn: '2026-09-11', method: 'sepa' });
    const p = conn.sqlite.prepare('select max(id) from payments').pluck().get() as number;
    recordReturn(conn, p, '2026-09-15');
    // 106 disputes 100 € of September, upheld
    const d = openDispute(conn, testActor, { number: invoiceNo(conn, 106, '2026-09'), amountCents: 10000, on: '2026-09-05', reason: 'x' });
    resolveDispute(conn, testActor, { id: d.id, outcome: 'upheld', on: '2026-09-20' });
    run('2026-10', '2026-10-01');
    // 109's letter of 02/09 recorded on 20/10: what was billed after its end is given back
    terminate(conn, testActor, { memberNo: '109', reason: 'member_request', by: 'member', noticeDate: '2026-09-02', on: '2026-10-20' });
    run('2026-11', '2026-11-02');
    // 107 takes an option whose December price is not set: parked in December, its late charges wait
    conn.db
      .insert(memberOptions)
      .values({ memberId: id(107), option: 'mailbox_pack_10', qty: 1, startOn: '2026-11-10' })
      .run();
    conn.sqlite
      .prepare("insert into prices (item, ttc_cents, effective_from, announced_on) values ('mailbox_pack_10', null, '2026-12-01', '2026-10-01')")
      .run();
    run('2026-12', '2026-12-01');
    // (the price withdrawn by hand has no audit entry of its own: the one finding expected)
    // the fixture's option and pending charges are inserted through SQL (no act recorded them):
    // what db check says of those (issue 28), and nothing else
    expect(
      checkDatabase(conn).problems.filter(
        (p) => !p.message.includes('mailbox_pack_10 from 2026-12-01') && !/^pending charge \d+ .*recorded by no audit entry$/.test(p.message),
      ),
    ).toEqual([]);
    return { results, books: dump(conn) };
  } finally {
    conn.close();
  }
}

describe('the run writes what the run holding the whole month wrote (issue 21)', () => {
  it('a club where every member is late: the same invoices, lines, snapshots and audit entries, run after run', () => {
    // the clock (created_at of rows, entries and versions) is the one thing that moves between runs
    const got = JSON.parse(JSON.stringify(live()).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<clock>'));
    if (process.env.PARNASSE_WRITE_GOLDEN === '1') {
      fs.mkdirSync(path.dirname(GOLDEN), { recursive: true });
      fs.writeFileSync(GOLDEN, `${JSON.stringify(got)}\n`);
    }
    const want = JSON.parse(fs.readFileSync(GOLDEN, 'utf8'));
    // the scenario bills what it is meant to: penalties, indemnities, a credit used, a give-back
    const lines = want.books.lines as { kind: string; source_key: string }[];
    expect(lines.filter((l) => l.kind === 'penalty').length).toBeGreaterThan(10);
    expect(lines.filter((l) => l.kind === 'indemnity').length).toBeGreaterThanOrEqual(NOS.length - 1);
    expect(lines.some((l) => (l.source_key ?? '').startsWith('given_back:'))).toBe(true);
    expect(want.books.allocations.length).toBeGreaterThan(0);
    expect(want.results.at(-1).parked.map((p: { member_no: number }) => p.member_no)).toEqual([107]);
    expect(got).toEqual(want);
  });

  it.each([1, 2, 5])("the same, issued %i member(s) at a time (the candidates' events one at a time)", (membersBlock) => {
    const got = JSON.parse(JSON.stringify(live({ membersBlock, eventsBlock: 1 })).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<clock>'));
    expect(got).toEqual(JSON.parse(fs.readFileSync(GOLDEN, 'utf8')));
  });
});
