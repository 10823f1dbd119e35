import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  audit,
  auditAppender,
  auditEntriesOf,
  chainHash,
  chainLegacyEntries,
  contentHash,
  eraseAuditContent,
  GENESIS,
  verifyChain,
  writeTx,
} from '../../src/db/audit.js';
import { tempConnection, testActor } from '../helpers/db.js';

function withEntries(n: number) {
  const conn = tempConnection();
  writeTx(conn, (tx) => {
    for (let i = 0; i < n; i++)
      audit(tx, testActor, { entity: i % 2 ? 'member' : 'candidacy', entityId: `E${i}`, action: 'test', change: { i, name: `Jeanne ${i}` } });
  });
  return conn;
}

describe('the audit hash chain', () => {
  it('each entry links the previous hash and its own content hash; a clean log verifies', () => {
    const conn = withEntries(5);
    const rows = conn.sqlite.prepare('select * from audit_log order by id').all() as any[];
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    let prev = GENESIS;
    for (const r of rows) {
      expect(r.content_hash).toBe(contentHash(r));
      expect(r.hash).toBe(chainHash(prev, r.content_hash));
      prev = r.hash;
    }
    const v = verifyChain(conn.sqlite);
    expect(v.problems).toEqual([]);
    expect(v.head).toEqual({ id: 5, hash: prev });
    conn.close();
  });

  it('the bulk appender and audit() mix in one transaction and keep one chain', () => {
    const conn = withEntries(1);
    const sqlite = conn.sqlite;
    const app = auditAppender(sqlite, testActor);
    sqlite.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < 100; i++) app.append({ entity: 'candidacy', entityId: `B${i}`, action: 'import_update', change: { i } });
    audit(conn.db, testActor, { entity: 'candidacy_import', entityId: 'f.csv', action: 'import', change: {} });
    sqlite.exec('COMMIT');
    const v = verifyChain(sqlite);
    expect(v.entries).toBe(102);
    expect(v.problems).toEqual([]);
    conn.close();
  });

  it('SQLite refuses an entry without its hashes and an UPDATE other than an erasure', () => {
    const conn = withEntries(2);
    expect(() => conn.sqlite.exec("insert into audit_log (operator, command, entity, action, change) values ('x', 'x', 'member', 'x', '{}')")).toThrow(
      /hash chain/,
    );
    expect(() => conn.sqlite.exec("update audit_log set change = 'null' where id = 1")).toThrow(/append-only/);
    expect(() => conn.sqlite.exec("update audit_log set change = '{}', erased_by = 2 where id = 1")).toThrow(/append-only/);
    expect(() => conn.sqlite.exec('delete from audit_log where id = 2')).toThrow(/append-only/);
    conn.close();
  });

  it('content rewritten, an entry removed, one inserted, the tail cut: each is reported', () => {
    const cases: [string, (db: Database.Database) => void, RegExp][] = [
      [
        'update',
        (db) => db.exec('drop trigger audit_log_no_update; update audit_log set change = \'{"i":9}\' where id = 2'),
        /entry 2 .*changed after it was written/,
      ],
      [
        'replace with fresh hashes',
        (db) => {
          const r = db.prepare('select * from audit_log where id = 2').get() as any;
          const prev = (db.prepare('select hash from audit_log where id = 1').get() as any).hash;
          const row = { ...r, change: '{"i":42}' };
          const c = contentHash(row);
          db.prepare(
            'insert or replace into audit_log (id, created_at, operator, command, entity, entity_id, action, change, content_hash, hash) values (?,?,?,?,?,?,?,?,?,?)',
          ).run(r.id, r.created_at, r.operator, r.command, r.entity, r.entity_id, r.action, row.change, c, chainHash(prev, c));
        },
        /entry 3: the chain is broken/,
      ],
      ['delete in the middle', (db) => db.exec('drop trigger audit_log_no_delete; delete from audit_log where id = 3'), /entry 3 missing/],
      ['delete the tail', (db) => db.exec('drop trigger audit_log_no_delete; delete from audit_log where id = 5'), /entries 5–5 were written and are gone/],
    ];
    for (const [name, tamper, want] of cases) {
      const conn = withEntries(5);
      const file = conn.path;
      conn.close();
      const raw = new Database(file);
      tamper(raw);
      const v = verifyChain(raw);
      raw.close();
      expect(v.problems.join('\n'), name).toMatch(want);
    }
  });

  it('the annex 5 erasure blanks the content, keeps the hashes, is itself recorded; the chain still verifies', () => {
    const conn = withEntries(4);
    const ids = writeTx(conn, (tx) => auditEntriesOf(tx, 'member', 'E1'));
    expect(ids).toEqual([2]);
    const r = writeTx(conn, (tx) => eraseAuditContent(tx, testActor, ids, 'member 507 purged three years after the end'));
    expect(r.erased).toEqual([2]);
    const row = conn.sqlite.prepare('select change, erased_by from audit_log where id = 2').get() as any;
    expect(row).toEqual({ change: 'null', erased_by: r.erasureId });
    const erasure = conn.sqlite.prepare('select entity, action, change from audit_log where id = ?').get(r.erasureId) as any;
    expect(erasure.entity).toBe('audit_log');
    expect(JSON.parse(erasure.change)).toMatchObject({ ids: [2], article: 'annexe 5' });
    const v = verifyChain(conn.sqlite);
    expect(v.problems).toEqual([]);
    expect(v.erased).toBe(1);
    // erased again: nothing to do
    expect(writeTx(conn, (tx) => eraseAuditContent(tx, testActor, ids, 'again')).erased).toEqual([]);
    conn.close();
  });

  it('the books are never erased; an erasure faked by hand is reported', () => {
    const conn = withEntries(2);
    writeTx(conn, (tx) => audit(tx, testActor, { entity: 'invoice', entityId: 'F2026-000001', action: 'issue', change: { total_ttc_cents: 150000 } }));
    expect(() => writeTx(conn, (tx) => eraseAuditContent(tx, testActor, [3], 'x'))).toThrow(/books/);
    const file = conn.path;
    conn.close();
    const raw = new Database(file);
    raw.exec("drop trigger audit_log_no_update; update audit_log set change = 'null', erased_by = 2 where id = 1");
    expect(verifyChain(raw).problems.join('\n')).toMatch(/entry 1 is marked erased by entry 2, which is not an erasure/);
    raw.close();
  });

  it('entries written before the chain existed are chained once, on migration', () => {
    const conn = withEntries(0);
    conn.sqlite.exec('drop trigger audit_log_chained');
    for (let i = 0; i < 3; i++)
      conn.sqlite
        .prepare("insert into audit_log (operator, command, entity, entity_id, action, change) values ('old', 'old', 'member', ?, 'x', '{}')")
        .run(String(i));
    expect(verifyChain(conn.sqlite).problems.join('\n')).toMatch(/not chained/);
    expect(chainLegacyEntries(conn.sqlite)).toBe(3);
    expect(verifyChain(conn.sqlite).problems).toEqual([]);
    expect(chainLegacyEntries(conn.sqlite)).toBe(0);
    conn.close();
  });
});
