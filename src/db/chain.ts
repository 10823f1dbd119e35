/**
 * The hash chain's arithmetic (see audit.ts): an entry's content hash, the link to the
 * previous entry, and the one-time chaining of entries written before the chain existed
 * (run by the connection right after that migration). Below both audit.ts and connection.ts.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/** One stored row, as hashed. */
export interface AuditRow {
  id: number;
  created_at: string;
  operator: string;
  command: string;
  entity: string;
  entity_id: string | null;
  action: string;
  change: string;
}

/** The `hash` the first entry follows. */
export const GENESIS = '0'.repeat(64);

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** SHA-256 of an entry's content: the JSON array of its columns in a fixed order. */
export function contentHash(r: AuditRow): string {
  return contentHashOf([r.id, r.created_at, r.operator, r.command, r.entity, r.entity_id, r.action, r.change]);
}

/** The same from the columns in that order (id, created_at, operator, command, entity, entity_id, action, change): a raw row. */
export function contentHashOf(columns: readonly unknown[]): string {
  return sha256(JSON.stringify(columns));
}

/** The chain link: SHA-256 of the previous hash followed by this entry's content hash. */
export function chainHash(previous: string | null, content: string): string {
  return sha256(`${previous ?? GENESIS}${content}`);
}

/**
 * Chains the entries of a database written before the chain existed (run once, right after
 * the migration that added it, and only if no entry is chained yet). Returns how many.
 */
export function chainLegacyEntries(sqlite: Database.Database): number {
  if (sqlite.prepare('select 1 from audit_log where hash is not null limit 1').get()) return 0;
  const rows = sqlite.prepare('select id, created_at, operator, command, entity, entity_id, action, change from audit_log order by id').all() as AuditRow[];
  const upd = sqlite.prepare('update audit_log set content_hash = ?, hash = ? where id = ?');
  let prev: string | null = null;
  sqlite
    .transaction(() => {
      for (const r of rows) {
        const c = contentHash(r);
        prev = chainHash(prev, c);
        upd.run(c, prev, r.id);
      }
    })
    .immediate();
  return rows.length;
}
