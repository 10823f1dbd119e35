/**
 * What a forger with SQL access and this program's algorithm can do to a database file
 * (issue 28, the tamper campaign): change rows with the triggers dropped and restored,
 * append audit entries hashed like the others.
 */
import Database from 'better-sqlite3';
import { auditAppender, type AuditEntry } from '../../src/db/audit.js';

/** Runs `fn` on the raw file with every trigger dropped, then puts the triggers back as they were. */
export function withoutTriggers(file: string, fn: (raw: Database.Database) => void): void {
  const raw = new Database(file);
  try {
    const triggers = raw.prepare("select name, sql from sqlite_master where type = 'trigger'").all() as { name: string; sql: string }[];
    for (const t of triggers) raw.exec(`drop trigger ${t.name}`);
    fn(raw);
    for (const t of triggers) raw.exec(t.sql);
  } finally {
    raw.close();
  }
}

/** Appends an entry to the chain exactly as the program would (a correct link and content hash). */
export function appendForged(file: string, entry: AuditEntry, command = 'parnasse bill pay'): number {
  const raw = new Database(file);
  try {
    return raw.transaction(() => auditAppender(raw, { operator: 'forger', command }).append(entry)).immediate();
  } finally {
    raw.close();
  }
}

/** The `change` of the last entry about an entity, as recorded. */
export function lastChange(file: string, entity: string, entityId: string, action: string): Record<string, any> {
  const raw = new Database(file, { readonly: true });
  try {
    const r = raw
      .prepare('select change from audit_log where entity = ? and entity_id = ? and action = ? order by id desc limit 1')
      .get(entity, entityId, action) as { change: string };
    return JSON.parse(r.change);
  } finally {
    raw.close();
  }
}

/** Runs raw SQL on the file (no trigger dropped). */
export function sqlOn(file: string, fn: (raw: Database.Database) => void): void {
  const raw = new Database(file);
  try {
    fn(raw);
  } finally {
    raw.close();
  }
}
