/**
 * The audit log: who did what, through which command, and what changed — a hash chain.
 *
 * Every entry carries `content_hash` = SHA-256 of its own content (id, time, operator,
 * command, entity, entity id, action, change) and `hash` = SHA-256 of the previous entry's
 * `hash` followed by its own `content_hash` (the first entry follows GENESIS). Rewriting,
 * removing or inserting any entry changes every later `hash`; `db check` recomputes the
 * chain and `db seal` lets the operator keep its head outside the database. Invoices,
 * lines and payments are covered by the entry that recorded them (their content is in its
 * `change`, compared by `db check`).
 *
 * The chain runs over content hashes, so the annex 5 purge of personal data can erase an
 * entry's content and keep its hash (`eraseAuditContent`): the chain still verifies, and
 * the erasure is itself an entry of the chain.
 *
 * Nothing else inserts into audit_log: one-off writes call `audit()`, bulk paths use
 * `auditAppender()` (statements prepared once). A trigger refuses an entry without hashes.
 */
import { sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import { isBusy, probeWriteLock, type Connection, type Db, type Tx } from './connection.js';
import { BusyError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { chainHash, contentHash, contentHashOf, type AuditRow } from './chain.js';

export { chainHash, chainLegacyEntries, contentHash, GENESIS, type AuditRow } from './chain.js';

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

interface Head {
  id: number;
  hash: string | null;
}

function rowOf(head: Head | undefined, actor: Actor, entry: AuditEntry, now: string) {
  const row: AuditRow = {
    id: (head?.id ?? 0) + 1,
    created_at: now,
    operator: actor.operator,
    command: actor.command,
    entity: entry.entity,
    entity_id: entry.entityId == null ? null : String(entry.entityId),
    action: entry.action,
    change: JSON.stringify(entry.change ?? null),
  };
  const content = contentHash(row);
  return { row, content, hash: chainHash(head?.hash ?? null, content) };
}

/**
 * Appends one audit-log entry inside the caller's transaction (which must hold the write
 * lock: `writeTx`, or a hand-driven BEGIN IMMEDIATE) and returns its id.
 */
export function audit(tx: Tx | Db, actor: Actor, entry: AuditEntry): number {
  const head = tx.get<Head | undefined>(sql`select id, hash from audit_log order by id desc limit 1`);
  const { row, content, hash } = rowOf(head, actor, entry, new Date().toISOString());
  tx.run(
    sql`insert into audit_log (id, created_at, operator, command, entity, entity_id, action, change, content_hash, hash)
        values (${row.id}, ${row.created_at}, ${row.operator}, ${row.command}, ${row.entity}, ${row.entity_id}, ${row.action}, ${row.change}, ${content}, ${hash})`,
  );
  return row.id;
}

export interface AuditAppender {
  /** Appends one entry (inside the caller's write transaction) and returns its id. */
  append(entry: AuditEntry, actor?: Actor): number;
}

/**
 * The appender for bulk paths (imports, the monthly run): statements prepared once on the
 * raw handle. Use it inside one write transaction; it may be mixed with `audit()`.
 */
export function auditAppender(sqlite: Database.Database, actor: Actor, o: { exclusive?: boolean } = {}): AuditAppender {
  const headSt = sqlite.prepare('select id, hash from audit_log order by id desc limit 1');
  const ins = sqlite.prepare(
    'insert into audit_log (id, created_at, operator, command, entity, entity_id, action, change, content_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  // `exclusive`: nothing else appends during the transaction (the monthly run), so the
  // head is read once and then follows this appender's own entries
  let head: Head | undefined;
  let known = false;
  return {
    append(entry, who = actor) {
      if (!known || !o.exclusive) {
        head = headSt.get() as Head | undefined;
        known = true;
      }
      const { row, content, hash } = rowOf(head, who, entry, new Date().toISOString());
      ins.run(row.id, row.created_at, row.operator, row.command, row.entity, row.entity_id, row.action, row.change, content, hash);
      head = { id: row.id, hash };
      return row.id;
    },
  };
}

/** Entities whose audit entries are the books (art. 7.3; kept ten years, Code de commerce L123-22): never erased. */
export const BOOK_ENTITIES = ['invoice', 'payment'] as const;

/**
 * The annex 5 erasure: replaces the content (`change`) of the given entries by `null` and
 * their command line by '' (before issue 28 it held the values typed),
 * keeping their hashes, and records the erasure as an entry of its own (entity
 * 'audit_log', action 'erase', the ids and the reason). Entries of the books are refused.
 * Must run inside the caller's write transaction (e.g. `member purge`); returns the id
 * of the erasure entry. Entries already erased are skipped.
 */
export function eraseAuditContent(tx: Tx | Db, actor: Actor, ids: readonly number[], reason: string): { erasureId: number; erased: number[] } {
  const wanted = [...new Set(ids)].sort((a, b) => a - b);
  const erased: number[] = [];
  for (const id of wanted) {
    const r = tx.get<{ entity: string; erased_by: number | null } | undefined>(sql`select entity, erased_by from audit_log where id = ${id}`);
    if (!r) throw new UsageError(t('modules.no_audit_entry', { id }));
    if ((BOOK_ENTITIES as readonly string[]).includes(r.entity)) throw new UsageError(t('modules.books_never_erased', { id, entity: r.entity }));
    if (r.erased_by == null) erased.push(id);
  }
  const erasureId = audit(tx, actor, { entity: 'audit_log', entityId: null, action: 'erase', change: { ids: erased, reason, article: 'annexe 5' } });
  // the command line goes too: entries written before issue 28 recorded the values typed
  for (const id of erased) tx.run(sql`update audit_log set change = 'null', command = '', erased_by = ${erasureId} where id = ${id}`);
  return { erasureId, erased };
}

/** The ids of the entries about one entity (e.g. everything about a member), for `eraseAuditContent`. */
export function auditEntriesOf(tx: Tx | Db, entity: string, entityId: string | number): number[] {
  return tx.all<{ id: number }>(sql`select id from audit_log where entity = ${entity} and entity_id = ${String(entityId)} order by id`).map((r) => r.id);
}

export interface ChainHead {
  id: number;
  hash: string;
}

export interface ChainReport {
  entries: number;
  head: ChainHead | null;
  erased: number;
  problems: string[];
  /** hash of each entry id asked for (anchor verification) */
  hashes: Map<number, string>;
}

/**
 * Recomputes the whole chain: ids continuous from 1, each content hash (unless erased by a
 * recorded erasure), each link. `want` lists entry ids whose stored hash should be returned.
 */
export function verifyChain(sqlite: Database.Database, want: ReadonlySet<number> = new Set(), limit = 50): ChainReport {
  const problems: string[] = [];
  const push = (m: string) => {
    if (problems.length < limit) problems.push(m);
    else if (problems.length === limit) problems.push(t('check.chain_more'));
  };
  const hashes = new Map<number, string>();
  const erasures = new Map<number, Set<number>>();
  let prev: string | null = null;
  let expectId = 1;
  let n = 0;
  let erased = 0;
  let head: ChainHead | null = null;
  const pendingErased: { id: number; by: number }[] = [];
  // raw rows (arrays): the first eight columns are the hashed content, in its order (chain.ts);
  // a row object per entry cost a quarter of the check's time on 200 000 entries
  const it = sqlite
    .prepare('select id, created_at, operator, command, entity, entity_id, action, change, content_hash, hash, erased_by from audit_log order by id')
    .raw()
    .iterate() as IterableIterator<[number, string, string, string, string, string | null, string, string, string | null, string | null, number | null]>;
  for (const row of it) {
    const r = { id: row[0], entity: row[4], entity_id: row[5], action: row[6], change: row[7], content_hash: row[8], hash: row[9], erased_by: row[10] };
    n++;
    if (r.id !== expectId)
      push(t('check.entries_missing', { ids: r.id > expectId + 1 ? `${expectId}–${r.id - 1}` : String(expectId), from: expectId - 1, to: r.id }));
    expectId = r.id + 1;
    if (r.hash == null || r.content_hash == null) {
      push(t('check.not_chained', { id: r.id }));
      prev = r.hash ?? prev;
      continue;
    }
    if (r.erased_by != null) {
      erased++;
      pendingErased.push({ id: r.id, by: r.erased_by });
      if (r.change !== 'null') push(t('check.erased_content', { id: r.id }));
    } else if (contentHashOf(row.slice(0, 8)) !== r.content_hash)
      push(t('check.entry_changed', { id: r.id, entity: r.entity, entity_id: r.entity_id ?? '', action: r.action }));
    const link = chainHash(prev, r.content_hash);
    if (link !== r.hash) push(t('check.chain_broken', { id: r.id, previous: r.id - 1 }));
    if (r.entity === 'audit_log' && r.action === 'erase' && r.erased_by == null) {
      try {
        erasures.set(r.id, new Set((JSON.parse(r.change) as { ids: number[] }).ids));
      } catch {
        /* reported by the content hash if tampered */
      }
    }
    if (want.has(r.id)) hashes.set(r.id, r.hash);
    prev = r.hash;
    head = { id: r.id, hash: r.hash };
  }
  for (const e of pendingErased) if (!erasures.get(e.by)?.has(e.id)) push(t('check.erased_by', { id: e.id, by: e.by }));
  const seq = sqlite.prepare("select seq from sqlite_sequence where name = 'audit_log'").get() as { seq: number } | undefined;
  if (seq && head && seq.seq > head.id) push(t('check.entries_gone', { first: head.id + 1, seq: seq.seq }));
  if (seq && !head && seq.seq > 0) push(t('check.log_emptied', { seq: seq.seq }));
  return { entries: n, head, erased, problems, hashes };
}

/**
 * Runs `fn` in one IMMEDIATE transaction (the write lock is taken at BEGIN, so two
 * writers queue on busy_timeout instead of failing mid-way) and returns its result.
 */
export function writeTx<T>(conn: Connection, fn: (tx: Tx) => T): T {
  if (conn.writable === false) throw new BusyError(t('books.db.read_only', { path: conn.path }), 'unavailable');
  if (conn.busyTimeoutMs !== undefined) probeWriteLock(conn, true); // says so on stderr when another run holds the lock
  try {
    return conn.db.transaction(fn, { behavior: 'immediate' });
  } catch (e) {
    if (isBusy(e)) throw new BusyError(t('books.db.busy', { path: conn.path, seconds: Math.round((conn.busyTimeoutMs ?? 0) / 1000) }));
    throw e;
  }
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
