/**
 * Guarantees (art. 7.1) and damages paid (art. 11.1) are money in the books, like payments:
 * no row of theirs is ever changed or deleted, and db check reports a guard that is gone.
 */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { checkDatabase } from '../../src/invoicing/integrity.js';
import { tempDbPath } from '../helpers/cli.js';
import { insertMember } from '../helpers/factory.js';

function club() {
  const conn = openDatabase(tempDbPath());
  const no = insertMember(conn, { contractStart: '2026-06-01' });
  const id = (conn.sqlite.prepare('select id from members where member_no = ?').get(no) as { id: number }).id;
  const raw = conn.sqlite;
  const g = raw.prepare("insert into guarantees (member_id, amount_cents, requested_on, due_on) values (?, 50000, '2027-01-04', '2027-01-20')").run(id);
  raw
    .prepare("insert into guarantee_moves (guarantee_id, kind, on_date, amount_cents, method) values (?, 'received', '2027-01-10', 50000, 'transfer')")
    .run(g.lastInsertRowid);
  raw
    .prepare(
      "insert into damages_paid (member_id, amount_cents, paid_on, incident_on, reason, method) values (?, 12000, '2027-02-01', '2027-01-15', 'panne', 'transfer')",
    )
    .run(id);
  return conn;
}

describe('guarantees and damages paid are append-only', () => {
  it.each([
    ['guarantees', 'update guarantees set amount_cents = 1', /financial guarantee is never changed/],
    ['guarantees', 'delete from guarantees', /financial guarantee is never changed/],
    ['guarantee_moves', 'update guarantee_moves set amount_cents = 1', /never changed or deleted/],
    ['guarantee_moves', 'delete from guarantee_moves', /never changed or deleted/],
    ['damages_paid', 'update damages_paid set amount_cents = 1', /damages paid are never changed/],
    ['damages_paid', 'delete from damages_paid', /damages paid are never changed/],
  ])('%s: %s is refused', (_table, statement, message) => {
    const conn = club();
    try {
      expect(() => conn.sqlite.exec(statement)).toThrow(message);
    } finally {
      conn.close();
    }
  });

  it('db check names the guard dropped by a forger', () => {
    const conn = club();
    try {
      conn.sqlite.exec('drop trigger guarantee_moves_no_update');
      const r = checkDatabase(conn);
      const failed = r.checks.filter((c) => !c.ok).map((c) => c.id);
      expect(failed).toContain('append_only');
      expect(JSON.stringify(r)).toContain('guarantee_moves_no_update');
    } finally {
      conn.close();
    }
  });
});
