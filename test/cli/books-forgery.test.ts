/**
 * Issue 28, "The books": the tamper campaign's cases, each a forgery `db check` (and
 * `--anchors`) must report.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { populatedDb } from '../helpers/populated.js';
import { appendForged, lastChange, sqlOn, withoutTriggers } from '../helpers/forge.js';
import { openDatabase } from '../../src/db/connection.js';
import { checkDatabase } from '../../src/invoicing/integrity.js';
import { readAnchors } from '../../src/books/seal.js';

function report(file: string, seals?: string) {
  const conn = openDatabase(file);
  try {
    return checkDatabase(conn, seals ? { anchors: readAnchors(seals) } : {});
  } finally {
    conn.close();
  }
}
const problemsOf = (r: ReturnType<typeof report>, check?: string) =>
  r.problems
    .filter((p) => check === undefined || p.check === check)
    .map((p) => p.message)
    .join('\n');

async function sealed(file: string): Promise<string> {
  const seals = path.join(tempDir(), 'seals');
  expect((await cli(file, ['db', 'seal', '--out', seals])).code).toBe(0);
  expect(report(file, seals).ok).toBe(true);
  return seals;
}

/** The populated database billed for January 2027 (subscriptions of December and January). */
async function billedDb(): Promise<string> {
  const db = await populatedDb();
  expect((await cli(db, ['bill', 'rates', 'set', '2026-S2', '4.92'])).code).toBe(0);
  expect((await cli(db, ['bill', 'rates', 'set', '2027-S1', '4.92'])).code).toBe(0);
  const r = await cli(db, ['--json', '--date', '2027-01-01', 'bill', 'run', '--month', '2027-01']);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return db;
}

describe('1. a sealed invoice or payment rewritten with a superseding entry appended', () => {
  it('an invoice 1 500,00 → 1 250,00 € with a new `issue` entry hashed like the others: db check --anchors reports it', async () => {
    const db = await populatedDb();
    const seals = await sealed(db);
    const was = lastChange(db, 'invoice', 'F2026-000001', 'issue');
    withoutTriggers(db, (raw) => {
      raw.prepare('update invoices set total_ttc_cents = 125000, total_ht_cents = 104167, total_vat_cents = 20833 where number = ?').run('F2026-000001');
      raw.prepare('update invoice_lines set ttc_cents = 125000, ht_cents = 104167 where invoice_id = 1').run();
    });
    appendForged(db, {
      entity: 'invoice',
      entityId: 'F2026-000001',
      action: 'issue',
      change: {
        ...was,
        total_ttc_cents: 125000,
        total_ht_cents: 104167,
        total_vat_cents: 20833,
        lines: [{ ...was.lines[0], ttc_cents: 125000, ht_cents: 104167 }],
      },
    });
    const r = report(db, seals);
    expect(r.ok).toBe(false);
    expect(problemsOf(r, 'unchanged_since_issue')).toMatch(/F2026-000001: 2 audit entries of its issue \(entries 4, \d+\): an issued document has exactly one/);
  });

  it('a payment 1 500,00 → 5,00 € with a new `record` entry: reported', async () => {
    const db = await populatedDb();
    const seals = await sealed(db);
    const was = lastChange(db, 'payment', '1', 'record');
    withoutTriggers(db, (raw) => raw.prepare('update payments set amount_cents = 500 where id = 1').run());
    appendForged(db, { entity: 'payment', entityId: 1, action: 'record', change: { ...was, amount_cents: 500 } });
    const r = report(db, seals);
    expect(r.ok).toBe(false);
    expect(problemsOf(r, 'unchanged_since_issue')).toMatch(/payment 1: 2 audit entries of its recording/);
  });

  it('an entry of the books marked erased (with a forged erasure) is reported', async () => {
    const db = await populatedDb();
    appendForged(db, { entity: 'audit_log', action: 'erase', change: { ids: [11], reason: 'x', article: 'annexe 5' } });
    withoutTriggers(db, (raw) => raw.prepare(`update audit_log set change = 'null', erased_by = (select max(id) from audit_log) where id = 11`).run());
    const r = report(db);
    expect(r.ok).toBe(false);
    expect(problemsOf(r)).toMatch(/audit entry 11 \(payment 1 record\) was erased: entries of the books are never erased/);
  });

  it('an `issue` entry for an invoice that does not exist is reported', async () => {
    const db = await populatedDb();
    const was = lastChange(db, 'invoice', 'F2026-000002', 'issue');
    appendForged(db, { entity: 'invoice', entityId: 'F2026-000009', action: 'issue', change: { ...was, number: 'F2026-000009' } });
    expect(problemsOf(report(db), 'unchanged_since_issue')).toMatch(
      /F2026-000009: an audit entry records its issue \(entry \d+\) but there is no such document/,
    );
  });
});

describe('2. payments silently un-paid', () => {
  it('a row inserted into payment_reversals passes no more: no audit entry of it', async () => {
    const db = await populatedDb();
    sqlOn(db, (raw) => raw.prepare("insert into payment_reversals (payment_id, reversed_on, reason) values (1, '2026-12-20', 'SEPA AM04')").run());
    const r = report(db);
    expect(r.ok).toBe(false);
    expect(problemsOf(r, 'unchanged_since_issue')).toMatch(/reversal of payment 1 .*no audit entry/);
  });

  it('reversals are append-only: UPDATE and DELETE refused by triggers', async () => {
    const db = await populatedDb();
    sqlOn(db, (raw) => {
      raw.prepare("insert into payment_reversals (payment_id, reversed_on, reason) values (1, '2026-12-20', 'SEPA AM04')").run();
      expect(() => raw.prepare("update payment_reversals set reversed_on = '2026-12-21'").run()).toThrow(/never changed or deleted/);
      expect(() => raw.prepare('delete from payment_reversals').run()).toThrow(/never changed or deleted/);
    });
  });

  it('an extra trigger that reverses every new payment, an extra index, an extra view: each reported', async () => {
    const db = await populatedDb();
    sqlOn(db, (raw) => {
      raw.exec(`create trigger payments_reverse after insert on payments begin
                  insert into payment_reversals (payment_id, reversed_on, reason) values (new.id, new.paid_on, 'x'); end`);
      raw.exec('create index payments_odd_idx on payments (paid_on)');
      raw.exec('create view unpaid as select * from invoices');
    });
    const r = report(db);
    expect(r.ok).toBe(false);
    const all = problemsOf(r);
    expect(all).toMatch(/trigger payments_reverse is not defined by the migrations/);
    expect(all).toMatch(/index payments_odd_idx is not defined by the migrations/);
    expect(all).toMatch(/view unpaid is not defined by the migrations/);
  });

  it('a dropped index or a changed table definition is reported', async () => {
    const db = await populatedDb();
    sqlOn(db, (raw) => raw.exec('drop index payments_invoice_idx'));
    expect(problemsOf(report(db))).toMatch(/index payments_invoice_idx is missing/);
  });
});

describe('3. double billing: keys and cursors', () => {
  it('the run records every line’s source_key, the run id and created_at in the issue entry', async () => {
    const db = await billedDb();
    const c = lastChange(db, 'invoice', 'F2027-000001', 'issue');
    expect(c.lines.map((l: any) => l.source_key)).toContain('subscription:1:2027-01');
    expect(c.run_id).toBe(1);
    expect(c.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('renaming the keys and moving a cursor back: db check reports both', async () => {
    const db = await billedDb();
    expect(report(db).ok).toBe(true);
    withoutTriggers(db, (raw) => {
      raw.prepare("update invoice_lines set source_key = 'x' || source_key where source_key like 'subscription:1:%'").run();
      raw.prepare("update billing_cursors set billed_through = '2026-11' where key = 'subscription:1'").run();
    });
    const r = report(db);
    expect(r.ok).toBe(false);
    expect(problemsOf(r, 'unchanged_since_issue')).toMatch(/line \d source_key is xsubscription:1:2026-12, was subscription:1:2026-12 when issued/);
    expect(problemsOf(r, 'billing_cursors')).toMatch(/cursor subscription:1 says billed through 2026-11, its lines through (none|2027-01)/);
  });

  it('a cursor moved back with the keys intact: a db check finding, and the next run exits 5 naming it (not "this is a bug")', async () => {
    const db = await billedDb();
    sqlOn(db, (raw) => raw.prepare("update billing_cursors set billed_through = '2026-12' where key = 'subscription:2'").run());
    expect(problemsOf(report(db), 'billing_cursors')).toMatch(/cursor subscription:2 says billed through 2026-12, its lines through 2027-01/);
    for (const lang of ['C', 'fr_FR.UTF-8']) {
      const r = await cli(db, ['--date', '2027-02-01', 'bill', 'run', '--month', '2027-02'], { env: { LANG: lang } });
      expect(r.code, r.stderr).toBe(5);
      expect(r.stderr).not.toMatch(/bug/i);
      expect(r.stderr).toContain('subscription:2:2027-01');
      expect(r.stderr).toContain('db check');
    }
  });

  it('a cursor deleted, or one ahead of its lines: reported', async () => {
    const db = await billedDb();
    sqlOn(db, (raw) => {
      raw.prepare("delete from billing_cursors where key = 'subscription:1'").run();
      raw.prepare("update billing_cursors set billed_through = '2027-06' where key = 'subscription:2'").run();
    });
    const all = problemsOf(report(db), 'billing_cursors');
    expect(all).toMatch(/subscription:1: lines billed through 2027-01 but no cursor/);
    expect(all).toMatch(/cursor subscription:2 says billed through 2027-06, its lines through 2027-01/);
  });
});
