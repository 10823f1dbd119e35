import { sql } from 'drizzle-orm';
import type { Connection, Db, Tx } from './connection.js';
import { auditLog } from './schema.js';

/** Who acts and through which command: recorded with every write. */
export interface Actor {
  operator: string;
  command: string;
}

export interface AuditEntry {
  entity: string;
  entityId?: string | number | null;
  action: string;
  change: unknown;
}

/** Appends one audit-log entry inside the caller's transaction. */
export function audit(tx: Tx | Db, actor: Actor, entry: AuditEntry): void {
  tx.insert(auditLog)
    .values({
      operator: actor.operator,
      command: actor.command,
      entity: entry.entity,
      entityId: entry.entityId == null ? null : String(entry.entityId),
      action: entry.action,
      change: JSON.stringify(entry.change ?? null),
    })
    .run();
}

/**
 * Runs `fn` in one IMMEDIATE transaction (the write lock is taken at BEGIN, so two
 * writers queue on busy_timeout instead of failing mid-way) and returns its result.
 */
export function writeTx<T>(conn: Connection, fn: (tx: Tx) => T): T {
  return conn.db.transaction(fn, { behavior: 'immediate' });
}

/** Next value of a gapless counter; must be called inside the writing transaction. */
export function nextSequence(tx: Tx | Db, name: string, atLeast = 1): number {
  const r = tx.get<{ v: number }>(
    sql`insert into sequences (name, last_value) values (${name}, ${atLeast})
        on conflict(name) do update set last_value = max(last_value + 1, ${atLeast})
        returning last_value as v`,
  );
  return r.v;
}

/** Raises a counter so that the next value is above `value` (e.g. after importing member numbers). */
export function raiseSequence(tx: Tx | Db, name: string, value: number): void {
  tx.run(
    sql`insert into sequences (name, last_value) values (${name}, ${value})
        on conflict(name) do update set last_value = max(last_value, ${value})`,
  );
}
