import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';
import { BusyError } from '../errors.js';
import { chainLegacyEntries } from './audit.js';

export type Db = BetterSQLite3Database<typeof schema>;
/** A drizzle transaction handle (same query API as Db). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Connection {
  db: Db;
  /** The raw better-sqlite3 handle, for prepared statements on bulk paths. */
  sqlite: Database.Database;
  path: string;
  close(): void;
}

export const BUSY_TIMEOUT_MS = 5000;

/** The migrations folder: found by walking up from this module (works from src/ and from dist/). */
export function migrationsFolder(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'migrations');
    if (fs.existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('migrations folder not found next to the program');
}

function pendingMigrations(sqlite: Database.Database, folder: string): boolean {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  const last = journal.entries.at(-1)?.when ?? 0;
  const hasTable = sqlite
    .prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get();
  if (!hasTable) return true;
  const row = sqlite.prepare('select max(created_at) as m from __drizzle_migrations').get() as { m: number | null };
  return (row.m ?? 0) < last;
}

/**
 * Opens (creating with 0600 permissions) and migrates the database. WAL, foreign keys,
 * busy timeout. A database that cannot be opened raises BusyError (exit 5).
 */
export function openDatabase(file: string, opts: { migrate?: boolean } = {}): Connection {
  let sqlite: Database.Database;
  try {
    if (file !== ':memory:') {
      const dir = path.dirname(path.resolve(file));
      if (!fs.existsSync(dir)) throw new Error(`folder ${dir} does not exist`);
      if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
    }
    sqlite = new Database(file);
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
  } catch (e) {
    throw new BusyError(`cannot open the database ${file}: ${(e as Error).message}`);
  }
  if (file !== ':memory:') {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      try {
        fs.chmodSync(f, 0o600);
      } catch {
        /* the -wal/-shm files may not exist yet */
      }
    }
  }
  const db = drizzle(sqlite, { schema });
  if (opts.migrate !== false) {
    const folder = migrationsFolder();
    if (pendingMigrations(sqlite, folder)) {
      try {
        migrate(db, { migrationsFolder: folder });
        chainLegacyEntries(sqlite);
      } catch (e) {
        sqlite.close();
        const cause = (e as { cause?: Error }).cause?.message ?? (e as Error).message.split('\n')[0];
        if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY') || /database is locked/.test(cause ?? ''))
          throw new BusyError(`the database ${file} is busy (another run is migrating it): ${cause}`);
        throw new BusyError(`the database ${file} cannot be migrated to this version of parnasse (is it a parnasse database?): ${cause}`);
      }
    }
  }
  return { db, sqlite, path: file, close: () => sqlite.close() };
}
