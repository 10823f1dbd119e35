import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { populatedDb } from '../helpers/populated.js';

const populated = populatedDb;

describe('db check', () => {
  it('a clean database passes (exit 0, JSON report)', async () => {
    const db = await populated();
    const r = await cli(db, ['--json', 'db', 'check']);
    expect(r.code).toBe(0);
    const j = r.json();
    expect(j.ok).toBe(true);
    expect(j.checks.map((c: any) => c.id)).toEqual([
      'integrity',
      'foreign_keys',
      'append_only',
      'schema',
      'audit_chain',
      'gapless_series',
      'member_numbers',
      'totals',
      'settlements',
      'unchanged_since_issue',
      'billing_cursors',
      'money_state',
      'frozen_documents',
      'e_invoices',
    ]);
    expect(j.problems).toEqual([]);
    const human = await cli(db, ['db', 'check']);
    expect(human.stdout).toMatch(/pass +gapless_series/);
  });

  it('a gap, a missing trigger and an invoice changed behind its back are reported (exit 4)', async () => {
    const db = await populated();
    const raw = new Database(db);
    raw.exec("update sequences set last_value = last_value + 1 where name = 'invoice:2026'"); // a number taken and lost
    raw.exec('drop trigger invoices_no_update');
    raw.exec("update invoices set pay_by = '2027-01-31' where number = 'F2026-000002'");
    raw.close();
    const r = await cli(db, ['--json', 'db', 'check']);
    expect(r.code).toBe(4);
    const j = r.json();
    expect(j.error.code).toBe('invalid_input');
    expect(j.ok).toBe(false);
    const failed = j.checks.filter((c: any) => !c.ok).map((c: any) => c.id);
    expect(failed).toEqual(['append_only', 'gapless_series', 'unchanged_since_issue']);
    expect(j.problems.map((p: any) => p.message).join('\n')).toMatch(/invoices_no_update is missing[\s\S]*gap[\s\S]*pay_by is 2027-01-31, was 2026-12-13/);
    const human = await cli(db, ['db', 'check']);
    expect(human.code).toBe(4);
    expect(human.stdout).toMatch(/FAIL +gapless_series/);
  });
});

describe('db backup', () => {
  it('writes a consistent 0600 copy; refuses to overwrite without --yes', async () => {
    const db = await populated();
    const target = path.join(tempDir(), 'backup.db');
    const r = await cli(db, ['--json', 'db', 'backup', target]);
    expect(r.code).toBe(0);
    expect(r.json().backup).toBe(target);
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    const copy = new Database(target, { readonly: true });
    expect((copy.prepare('select count(*) as n from invoices').get() as any).n).toBe(3);
    copy.close();
    const again = await cli(db, ['db', 'backup', target]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--yes');
    expect((await cli(db, ['db', 'backup', target, '--yes'])).code).toBe(0);
    expect((await cli(target, ['--json', 'db', 'check'])).json().ok).toBe(true);
  });
});

describe('db check against tampering with the triggers put back', () => {
  const trig = (raw: Database.Database, name: string) =>
    (raw.prepare("select sql from sqlite_master where type = 'trigger' and name = ?").get(name) as { sql: string }).sql;

  it('an invoice line edited (label, kind, period, amounts moved) is reported', async () => {
    const db = await populated();
    const raw = new Database(db);
    const sql = trig(raw, 'invoice_lines_no_update');
    raw.exec('drop trigger invoice_lines_no_update');
    raw.exec("update invoice_lines set label = 'Remise', kind = 'charge', period = '2026-11' where id = 1");
    raw.exec(sql);
    raw.close();
    const r = await cli(db, ['--json', 'db', 'check']);
    expect(r.code).toBe(4);
    const j = r.json();
    expect(j.checks.filter((c: any) => !c.ok).map((c: any) => c.id)).toEqual(['unchanged_since_issue']);
    expect(j.problems.map((p: any) => p.message).join('\n')).toMatch(/F2026-000001: line 1 .*label.*Remise/);
  });

  it('a payment deleted or changed is reported', async () => {
    const db = await populated();
    const raw = new Database(db);
    const del = trig(raw, 'payments_no_delete');
    raw.exec('drop trigger payments_no_delete');
    raw.exec('delete from payments');
    raw.exec(del);
    raw.close();
    const r = await cli(db, ['--json', 'db', 'check']);
    expect(r.code).toBe(4);
    expect(
      r
        .json()
        .problems.map((p: any) => p.message)
        .join('\n'),
    ).toMatch(/payment 1 .*missing/);
  });

  it('a trigger replaced by one that lets changes through is reported', async () => {
    const db = await populated();
    const raw = new Database(db);
    raw.exec('drop trigger invoices_no_update');
    raw.exec('create trigger invoices_no_update before update on invoices begin select 1; end');
    raw.close();
    const r = await cli(db, ['--json', 'db', 'check']);
    expect(r.code).toBe(4);
    expect(
      r
        .json()
        .problems.map((p: any) => p.message)
        .join('\n'),
    ).toMatch(/invoices_no_update/);
  });
});

it('db check: a trigger whose RAISE never fires (WHERE 0) is reported', async () => {
  const db = await populated();
  const raw = new Database(db);
  raw.exec('drop trigger payments_no_delete');
  raw.exec("create trigger payments_no_delete before delete on payments begin select raise(abort, 'no') where 0; end");
  raw.close();
  const r = await cli(db, ['--json', 'db', 'check']);
  expect(r.code).toBe(4);
  expect(
    r
      .json()
      .problems.map((p: any) => p.message)
      .join('\n'),
  ).toMatch(/payments_no_delete was replaced/);
});
