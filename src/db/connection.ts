import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { AppError, asAppError, BusyError, setDatabasePath, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { chainLegacyEntries } from './chain.js';
import { newSqlite } from './sqlite.js';

/** Drizzle's query builder without its relational API (`db.query`, unused): given the schema, drizzle builds that API on every open (4–6 ms). */
export type Db = BetterSQLite3Database;
/** A drizzle transaction handle (same query API as Db). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Connection {
  db: Db;
  /** The raw better-sqlite3 handle, for prepared statements on bulk paths. */
  sqlite: Database.Database;
  path: string;
  /** How long a writer waits for another run (ms). */
  busyTimeoutMs: number;
  /** Told when a writer starts waiting for another run. */
  onWait?: ((seconds: number) => void) | undefined;
  /** False for a read-only file (opened read-only; writes exit 5). */
  writable: boolean;
  close(): void;
}

/**
 * The default wait for another run, in seconds: longer than the longest bulk job shipped
 * (a 1 000 000-row candidacy import, the monthly run of a large club), so that a cron job
 * never fails because an operator was importing.
 */
export const DEFAULT_BUSY_TIMEOUT_S = 600;

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

/** The database path of this run, for messages about errors raised far from the opening (disk full, damage). */
export let currentDatabasePath: string | null = null;

/** PARNASSE_BUSY_TIMEOUT (seconds) → milliseconds; default DEFAULT_BUSY_TIMEOUT_S. */
export function busyTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const v = env.PARNASSE_BUSY_TIMEOUT?.trim();
  if (!v) return DEFAULT_BUSY_TIMEOUT_S * 1000;
  if (!/^\d+(\.\d+)?$/.test(v)) throw new UsageError(t('books.db.bad_timeout', { value: v }));
  return Math.round(Number(v) * 1000);
}

/**
 * How long a writer first waits, silently, before saying it is waiting: most locks are held
 * for milliseconds; an import or the monthly run holds it for longer.
 */
const QUIET_WAIT_MS = 250;

export interface OpenOptions {
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** Create the file if it is missing (default true; the CLI allows it only for the commands that bring data in). */
  create?: boolean;
  /** Busy timeout in ms (default from PARNASSE_BUSY_TIMEOUT, else 600 s). */
  busyTimeoutMs?: number;
  /** Called once when a writer has to wait for another run (to say so on stderr). */
  onWait?: (seconds: number) => void;
}

interface Journal {
  entries: { tag: string; when: number }[];
}

function fail(key: Parameters<typeof t>[0], params: Record<string, string | number>): never {
  throw new BusyError(t(key, params), 'unavailable');
}

/** The first bytes of every SQLite database file. */
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Whether `file` starts like a SQLite database (an empty or unreadable file does not). */
function looksLikeSqlite(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_MAGIC);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Edit distance with adjacent transpositions counted once (`club.bd` → `club.db`: 1). */
export function typoDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

/** At most this many names of a folder are looked at for a suggestion. */
const SUGGEST_SCAN = 1000;

/**
 * The SQLite database of `file`'s folder whose name is nearest to `file`'s (a typo: at most
 * 2 edits, or a third of the name), as a path written like `file`; null when none is near.
 */
function nearestDatabase(file: string): string | null {
  const dir = path.dirname(file);
  const name = path.basename(file);
  let names: string[];
  try {
    names = fs.readdirSync(dir).slice(0, SUGGEST_SCAN);
  } catch {
    return null;
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: { name: string; d: number } | null = null;
  for (const n of names) {
    if (n === name || n.startsWith('.') || /-(?:wal|shm|journal)$/.test(n)) continue;
    const d = typoDistance(name.toLowerCase(), n.toLowerCase());
    if (d > limit || (best && d >= best.d)) continue;
    const p = path.join(dir, n);
    try {
      if (!fs.statSync(p).isFile()) continue;
    } catch {
      continue;
    }
    if (looksLikeSqlite(p)) best = { name: n, d };
  }
  return best === null ? null : dir === '.' && !file.startsWith('./') ? best.name : path.join(dir, best.name);
}

/** The checks before SQLite touches the path: a folder, a device, a missing file or folder, a read-only file. */
function inspectPath(file: string, create: boolean): { exists: boolean; writable: boolean } {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EACCES') fail('books.db.unreadable', { path: file });
  }
  if (!st) {
    const dir = path.dirname(path.resolve(file));
    if (!create) {
      // a reading command creates nothing: say there is no database (and no folder), not "cannot create"
      if (!fs.existsSync(dir)) fail('books.db.missing_folder', { path: file, folder: dir });
      // a typo (`--db club.bd`): the nearest database of that folder is proposed first (issue 24)
      const near = nearestDatabase(file);
      if (near !== null) fail('books.db.missing_near', { path: file, suggestion: near });
      fail('books.db.missing', { path: file });
    }
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) fail('books.db.no_folder', { path: file, folder: dir });
    return { exists: false, writable: true };
  }
  if (st.isDirectory()) fail('books.db.is_folder', { path: file });
  if (!st.isFile()) fail('books.db.not_file', { path: file });
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    fail('books.db.unreadable', { path: file });
  }
  let writable = (st.mode & 0o222) !== 0; // the owner's choice, even for root
  try {
    fs.accessSync(file, fs.constants.W_OK);
  } catch {
    writable = false;
  }
  return { exists: true, writable };
}

/**
 * Opens the database and brings it to this version of the schema.
 * - Created only when `create` (0600, exclusively: two first runs never both create it).
 * - A file that is neither empty nor a parnasse database, or that was written by a newer
 *   parnasse, is refused (exit 5) before anything is written to it.
 * - The file's mode is the owner's choice: never changed; a read-only file is opened read-only
 *   and a write to it exits 5.
 * - Migrations run inside one BEGIN IMMEDIATE: concurrent first runs queue, the first
 *   migrates, the others find nothing to do.
 * - WAL, foreign keys, busy timeout (PARNASSE_BUSY_TIMEOUT).
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Connection {
  const memory = file === ':memory:';
  const timeout = opts.busyTimeoutMs ?? busyTimeoutMs();
  let writable = true;
  if (!memory) {
    const p = inspectPath(file, opts.create !== false);
    writable = p.writable;
    if (!p.exists) {
      try {
        fs.closeSync(fs.openSync(file, 'wx', 0o600));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') fail('books.db.cannot_open', { path: file, detail: (e as Error).message });
      }
    }
  }
  setDatabasePath(file); // named by the messages of a fault met while opening
  let sqlite: Database.Database;
  try {
    sqlite = newSqlite(file, writable ? {} : { readonly: true });
    sqlite.pragma(`busy_timeout = ${timeout}`);
    sqlite.prepare('select count(*) from sqlite_master').get(); // SQLITE_NOTADB here for a file that is not SQLite
  } catch (e) {
    throw openError(e, file);
  }
  currentDatabasePath = memory ? null : file;
  setDatabasePath(file);
  try {
    refuseForeign(sqlite, file);
    if (writable) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
    }
    sqlite.pragma('foreign_keys = ON');
  } catch (e) {
    sqlite.close();
    throw openError(e, file);
  }
  const db = drizzle(sqlite);
  const conn: Connection = { db, sqlite, path: file, busyTimeoutMs: timeout, onWait: opts.onWait, writable, close: () => sqlite.close() };
  if (opts.migrate !== false) {
    try {
      migrateDatabase(conn);
    } catch (e) {
      sqlite.close();
      throw openError(e, file);
    }
  }
  // Test hook (test/e2e/faults.test.ts): the file may not grow past N pages, so that a
  // large write meets SQLITE_FULL where no small file system can be mounted.
  const maxPages = process.env.PARNASSE_TEST_MAX_PAGES;
  if (maxPages && /^\d+$/.test(maxPages)) sqlite.pragma(`max_page_count = ${maxPages}`);
  return conn;
}

/** A raw error while opening or migrating, as the exit-5 error users should see. */
function openError(e: unknown, file: string): unknown {
  if (e instanceof AppError) return e;
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB') return new BusyError(t('books.db.not_sqlite', { path: file }), 'unavailable');
  return asAppError(e) ?? new BusyError(t('books.db.cannot_open', { path: file, detail: (e as Error).message.split('\n')[0]! }), 'unavailable');
}

/** Refuses a SQLite file of another application (tables, but no parnasse migrations table). */
function refuseForeign(sqlite: Database.Database, file: string): void {
  const tables = (sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string }[]).map(
    (r) => r.name,
  );
  if (tables.length > 0 && !tables.includes('__drizzle_migrations'))
    fail('books.db.foreign', { path: file, tables: tables.slice(0, 3).join(', ') + (tables.length > 3 ? ', …' : '') });
}

let journalCache: Journal | undefined;
function journal(folder: string): Journal {
  journalCache ??= JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as Journal;
  return journalCache;
}

/** Applied migrations in the file: their count and the newest's timestamp. */
function appliedMigrations(sqlite: Database.Database): { n: number; last: number } | null {
  if (!sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get()) return null;
  const r = sqlite.prepare('select count(*) as n, max(created_at) as m from __drizzle_migrations').get() as { n: number; m: number | null };
  return { n: r.n, last: Number(r.m ?? 0) };
}

/**
 * Applies the pending migrations in one BEGIN IMMEDIATE (drizzle's own migrator takes a
 * deferred BEGIN: two first runs then both created the tables). Refuses a newer database.
 */
function migrateDatabase(conn: Connection): void {
  const { sqlite } = conn;
  const folder = migrationsFolder();
  const known = journal(folder).entries;
  const ours = known.length;
  const lastKnown = known.at(-1)?.when ?? 0;
  const check = () => {
    const a = appliedMigrations(sqlite);
    if (a && (a.last > lastKnown || a.n > ours)) fail('books.db.newer', { path: conn.path, theirs: a.n, ours });
    return a;
  };
  const before = check();
  if (before && before.last === lastKnown) return; // up to date: no lock taken
  if (!conn.writable) fail('books.db.read_only', { path: conn.path });
  beginImmediate(conn);
  try {
    const a = check(); // another run may have migrated while we waited
    if (!a || a.last < lastKnown) {
      sqlite.exec('CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)');
      const ins = sqlite.prepare('INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)');
      for (const m of readMigrationFiles({ migrationsFolder: folder })) {
        if (a && m.folderMillis <= a.last) continue;
        for (const st of m.sql) if (st.trim()) sqlite.exec(st);
        ins.run(m.hash, m.folderMillis);
      }
      chainLegacyEntries(sqlite);
    }
    sqlite.exec('COMMIT');
  } catch (e) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw e;
  }
}

/**
 * BEGIN IMMEDIATE on the raw handle, waiting for another writer visibly: a short silent
 * wait, then `onWait` (a line on stderr) and the full busy timeout.
 */
export function beginImmediate(conn: Connection): void {
  const { sqlite } = conn;
  if (conn.busyTimeoutMs <= QUIET_WAIT_MS) {
    sqlite.exec('BEGIN IMMEDIATE');
    return;
  }
  if (!probeWriteLock(conn)) return;
  try {
    sqlite.exec('BEGIN IMMEDIATE');
  } catch (e) {
    if (isBusy(e)) throw new BusyError(t('books.db.busy', { path: conn.path, seconds: Math.round(conn.busyTimeoutMs / 1000) }));
    throw e;
  }
}

/**
 * Takes the write lock with a short silent wait. Returns false when it was taken (the
 * transaction is open, or closed again when `release`), true after telling `onWait` that
 * another run holds it.
 */
export function probeWriteLock(conn: Connection, release = false): boolean {
  const { sqlite } = conn;
  if (sqlite.inTransaction || conn.busyTimeoutMs <= QUIET_WAIT_MS) {
    if (!release && !sqlite.inTransaction) sqlite.exec('BEGIN IMMEDIATE');
    return false;
  }
  sqlite.pragma(`busy_timeout = ${QUIET_WAIT_MS}`);
  try {
    sqlite.exec('BEGIN IMMEDIATE');
    if (release) sqlite.exec('ROLLBACK');
    return false;
  } catch (e) {
    if (!isBusy(e)) throw e;
  } finally {
    sqlite.pragma(`busy_timeout = ${conn.busyTimeoutMs}`);
  }
  conn.onWait?.(Math.round(conn.busyTimeoutMs / 1000));
  return true;
}

export function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED');
}
