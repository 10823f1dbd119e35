/**
 * Issue 25: `bill payments import` records its payments on a bulk path (statements prepared
 * once, the invoices read once into memory) — and records exactly what `bill pay` records
 * for the same payments: the same rows and audit entries, the entry fee's activation (art.
 * 7.3.3), the non-payment procedure closed and the suspension lifted (art. 7.3.8), the
 * invoice's status and outstanding on the booking date even when something of it is dated
 * later (a credit note issued after the transfer).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { camt, frIban, type CamtEntrySpec } from '../helpers/camt.js';

async function club() {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  // a member suspended for non-payment: everything paid lifts it
  const late = insertMember(conn, { contractStart: '2026-06-01', iban: frIban(2) });
  conn.sqlite.prepare("update members set entry_fee_paid_on = '2026-06-02' where member_no = ?").run(late);
  const sub = issue(conn, late, '2027-01-01', [{ kind: 'subscription', label: 'Abonnement Parnasse', period: '2027-01', ttcCents: 25_000 }]);
  // a pending member, late with the entry fee: its payment activates them and closes the procedure
  const pending = insertMember(conn, { status: 'pending', contractStart: '2027-01-02', iban: frIban(1) });
  const fee = issue(conn, pending, '2027-01-02', [{ kind: 'entry_fee', label: "Droit d'entrée", ttcCents: 30_000 }]);
  const charge = issue(conn, late, '2027-01-05', [{ kind: 'charge', label: 'Intervention technicien', ttcCents: 12_000 }]);
  // an ordinary member: not late; one invoice paid in part, credited later; another paid from the IBAN
  const plain = insertMember(conn, { contractStart: '2026-06-01', iban: frIban(3) });
  conn.sqlite.prepare("update members set entry_fee_paid_on = '2026-06-02' where member_no = ?").run(plain);
  const credited = issue(conn, plain, '2027-01-20', [{ kind: 'subscription', label: 'Abonnement Parnasse', period: '2027-01', ttcCents: 10_000 }]);
  const other = issue(conn, plain, '2027-01-20', [{ kind: 'charge', label: 'Intervention technicien', ttcCents: 4_500 }]);
  conn.close();
  expect((await cli(db, ['--date', '2027-01-16', 'bill', 'dunning', '--apply'])).code).toBe(0);
  expect((await cli(db, ['--date', '2027-01-25', 'bill', 'dunning', '--apply'])).code).toBe(0);
  expect((await cli(db, ['--date', '2027-02-10', 'bill', 'credit', credited, '--amount', '20', '--reason', 'Geste', '--yes'])).code).toBe(0);
  return { dir, db, fee, sub, charge, credited, other };
}

type Club = Awaited<ReturnType<typeof club>>;

/** The payments, in statement order: invoice, cents, booking date. */
const PAYS = (c: Club): [string, number, string][] => [
  [c.fee, 30_000, '2027-01-20'],
  [c.credited, 5_000, '2027-01-20'],
  [c.sub, 25_000, '2027-01-27'],
  [c.charge, 12_000, '2027-01-27'],
  [c.other, 4_500, '2027-01-28'],
];

const transfer = (ref: string, bookedOn: string, cents: number, o: { ustrd?: string; iban: string }): CamtEntrySpec => ({
  ref,
  credit: true,
  bookedOn,
  family: 'RCDT',
  subFamily: 'ESCT',
  txs: [{ amountCents: cents, payerName: 'Un Payeur', payerIban: o.iban, ...(o.ustrd ? { ustrd: [o.ustrd] } : {}) }],
});

/** What the payments wrote: audit entries after `from` (the statement's own left out, no times) and the members' state. */
function written(db: string, from: number) {
  const conn = openDatabase(db);
  const entries = (
    conn.sqlite.prepare("select entity, entity_id, action, change from audit_log where id > ? and entity <> 'bank_statement' order by id").all(from) as {
      entity: string;
      entity_id: string;
      action: string;
      change: string;
    }[]
  ).map((e) => ({ ...e, change: { ...JSON.parse(e.change), created_at: undefined } }));
  const members = conn.sqlite.prepare('select member_no, status, entry_fee_paid_on, suspended_on from members order by id').all();
  const procedures = conn.sqlite.prepare('select member_id, opened_on, closed_on, close_reason from dunning_procedures order by id').all();
  const payments = conn.sqlite.prepare('select invoice_id, amount_cents, paid_on, method from payments order by id').all();
  conn.close();
  return { entries, members, procedures, payments };
}

const lastAudit = (db: string) => {
  const conn = openDatabase(db);
  const n = conn.sqlite.prepare('select max(id) from audit_log').pluck().get() as number;
  conn.close();
  return n;
};

describe('bill payments import records what bill pay records (issue 25)', () => {
  it('entry fee, procedure closed and suspension lifted, status on the booking date: the same rows, entries and answers', async () => {
    const byAct = await club();
    const before1 = lastAudit(byAct.db);
    const answers: [string, string, number][] = [];
    for (const [n, cents, on] of PAYS(byAct)) {
      const r = await cli(byAct.db, ['--json', '--date', on, 'bill', 'pay', n, '--amount', (cents / 100).toFixed(2), '--method', 'transfer']);
      expect(r.code, r.stderr).toBe(0);
      answers.push([r.json().invoice, r.json().status, r.json().outstanding_cents]);
    }

    const byImport = await club();
    const before2 = lastAudit(byImport.db);
    const [fee, credited, sub, charge, other] = PAYS(byImport);
    const xml = camt('053', '12', [
      transfer('T-1', fee![2], fee![1], { ustrd: `Droit d'entree ${fee![0]}`, iban: frIban(77) }),
      transfer('T-2', credited![2], credited![1], { ustrd: credited![0], iban: frIban(3) }),
      transfer('T-3', sub![2], sub![1] + charge![1], { ustrd: `${sub![0]} ${charge![0]}`, iban: frIban(2) }),
      transfer('T-4', other![2], other![1], { iban: frIban(3) }),
    ]);
    const file = path.join(byImport.dir, 'releve.xml');
    fs.writeFileSync(file, xml);
    const r = await cli(byImport.db, ['--json', '--date', '2027-02-15', 'bill', 'payments', 'import', file]);
    expect(r.code, r.stderr).toBe(0);
    const j = r.json();
    expect(j.recorded.map((x: { invoice: string; status: string; outstanding_cents: number }) => [x.invoice, x.status, x.outstanding_cents])).toEqual(answers);
    // the credited invoice on the transfer's date: 50 € of 100 € left, the credit note (10/02) not yet issued
    expect(answers[1]).toEqual([credited![0], 'partially_paid', 5_000]);

    const a = written(byAct.db, before1);
    const b = written(byImport.db, before2);
    expect(b).toEqual(a);
    expect(a.entries.map((e) => `${e.entity}/${e.action}`)).toEqual([
      'payment/record',
      'member/entry_fee_paid',
      'member/dunning_closed',
      'payment/record',
      'payment/record',
      'payment/record',
      'member/dunning_closed',
      'payment/record',
    ]);
    expect((await cli(byImport.db, ['db', 'check'])).code).toBe(0);
  });
});
