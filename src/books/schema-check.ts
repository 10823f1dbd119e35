/**
 * `db check`: the schema is exactly what the migrations make it (issue 28). A trigger that
 * un-pays every new payment, an index or a view nobody defined, a refusing trigger dropped
 * or rewritten, a table redefined through `writable_schema`: each is a finding. The
 * expected schema is the one the migrations give an empty database, applied once in memory.
 */
import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrationsFolder } from '../db/connection.js';
import { newSqlite } from '../db/sqlite.js';
import { t, type MessageKey } from '../i18n/index.js';

export interface SchemaObject {
  type: 'table' | 'index' | 'trigger' | 'view';
  name: string;
  sql: string;
}

interface Expected {
  objects: Map<string, SchemaObject>;
  /** The migrated empty database (its seeds: prices, legal rates, zones), kept open for the checks that compare with them. */
  db: Database.Database;
}

let cache: Expected | undefined;

/** The schema and seeds the migrations give an empty database (computed once per process). */
export function migratedSchema(): Expected {
  if (cache) return cache;
  const db = newSqlite(':memory:');
  for (const m of readMigrationFiles({ migrationsFolder: migrationsFolder() })) for (const st of m.sql) if (st.trim()) db.exec(st);
  cache = { objects: schemaObjects(db), db };
  return cache;
}

function schemaObjects(db: Database.Database): Map<string, SchemaObject> {
  const rows = db
    .prepare(
      "select type, name, sql from sqlite_master where type in ('table', 'index', 'trigger', 'view') and name not like 'sqlite\\_%' escape '\\' and name <> '__drizzle_migrations'",
    )
    .all() as { type: SchemaObject['type']; name: string; sql: string | null }[];
  return new Map(rows.filter((r) => r.sql !== null).map((r) => [`${r.type}:${r.name}`, { type: r.type, name: r.name, sql: r.sql! }]));
}

const kind = (type: SchemaObject['type']) => t(`check.kind.${type}` as MessageKey);

export const normalSql = (s: string) =>
  s
    .replace(/--[^\n]*\n/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s*;\s*$/, '')
    .trim()
    .toLowerCase();

/**
 * Every table, index, trigger and view is the migrations' own, word for word: what is
 * missing, replaced or added. `kinds` selects which (the triggers are reported under
 * `append_only`, the rest under `schema`).
 */
export function schemaProblems(sqlite: Database.Database, kinds: readonly SchemaObject['type'][]): string[] {
  const want = migratedSchema().objects;
  const have = schemaObjects(sqlite);
  const out: string[] = [];
  for (const [k, w] of want) {
    if (!kinds.includes(w.type)) continue;
    const h = have.get(k);
    const trigger = w.type === 'trigger';
    if (!h) out.push(trigger ? t('check.trigger_missing', { name: w.name }) : t('check.schema_missing', { type: kind(w.type), name: w.name }));
    else if (normalSql(h.sql) !== normalSql(w.sql))
      out.push(
        trigger
          ? t('check.trigger_replaced', { name: w.name, body: h.sql.slice(0, 200) })
          : t('check.schema_replaced', { type: kind(w.type), name: w.name, body: h.sql.slice(0, 200) }),
      );
  }
  for (const [k, h] of have)
    if (kinds.includes(h.type) && !want.has(k)) out.push(t('check.schema_extra', { type: kind(h.type), name: h.name, body: h.sql.slice(0, 200) }));
  return out;
}
