import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertCandidacy } from '../helpers/factory.js';

async function populated(): Promise<string> {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const refs = [insertCandidacy(conn), insertCandidacy(conn)];
  conn.close();
  for (const ref of refs) {
    expect((await cli(db, ['committee', 'decide', ref, '--accept', '--date', '2026-12-01'])).code).toBe(0);
    expect((await cli(db, ['committee', 'notify', ref, '--date', '2026-12-03'])).code).toBe(0);
  }
  expect((await cli(db, ['bill', 'pay', 'F2026-000001', '--amount', '1500', '--method', 'card', '--date', '2026-12-04'])).code).toBe(0);
  expect((await cli(db, ['bill', 'credit', 'F2026-000002', '--amount', '100', '--reason', 'gesture', '--date', '2026-12-05'])).code).toBe(0);
  return db;
}

describe('db check', () => {
  it('a clean database passes (exit 0, JSON report)', async () => {
    const db = await populated();
    const r = await cli(db, ['--json', 'db', 'check']);
    expect(r.code).toBe(0);
    const j = r.json();
    expect(j.ok).toBe(true);
    expect(j.checks.map((c: any) => c.id)).toEqual([
      'integrity', 'foreign_keys', 'append_only', 'gapless_series', 'member_numbers', 'totals', 'settlements', 'unchanged_since_issue',
    ]);
    expect(j.problems).toEqual([]);
    const human = await cli(db, ['db', 'check']);
    expect(human.stdout).toContain('pass  gapless_series');
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
    expect(human.stdout).toContain('FAIL  gapless_series');
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
