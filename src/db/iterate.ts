/**
 * Reading a list row by row (issue 14): better-sqlite3's `.iterate()` under a drizzle
 * select, each row mapped exactly as `.all()` maps it, so a list of 100 000 rows never
 * sits in memory. While the iteration is open the connection runs no other statement
 * (better-sqlite3 refuses): load what the rows need (zone table, sponsors…) before, or
 * page with `iterateInPages`.
 */
import { Column, fillPlaceholders, getTableName, is, SQL as SqlClass, Subquery, type SQL, type Table } from 'drizzle-orm';
import * as drizzleUtils from 'drizzle-orm/utils';
import type { Statement } from 'better-sqlite3';
import type { Db, Tx } from './connection.js';

type Mapper = (fields: unknown, row: unknown[], joinsNotNullableMap: unknown) => unknown;
const mapResultRow = (drizzleUtils as unknown as { mapResultRow: Mapper }).mapResultRow;

interface PreparedInternals {
  stmt: { raw(on?: boolean): { iterate(...params: unknown[]): IterableIterator<unknown[]> }; iterate(...params: unknown[]): IterableIterator<unknown> };
  fields?: unknown;
  joinsNotNullableMap?: unknown;
  customResultMapper?: unknown;
  query: { params: unknown[] };
}

/** The rows of a drizzle select (`db.select()…`), one at a time, typed and mapped as `.all()`. */
export function* iterateSelect<T>(query: { all(): T[]; prepare(): unknown }): Generator<T> {
  const p = query.prepare() as PreparedInternals;
  if (!p.stmt || !p.query || p.customResultMapper) {
    // not the better-sqlite3 prepared query this was written for: fall back to all rows
    yield* query.all();
    return;
  }
  if (!p.fields) {
    yield* p.stmt.iterate(...p.query.params) as IterableIterator<T>;
    return;
  }
  const flat = flatMapper(p.fields) ?? nestedMapper(p.fields, p.joinsNotNullableMap);
  if (flat) {
    for (const row of p.stmt.raw(true).iterate(...p.query.params)) yield flat(row) as T;
    return;
  }
  for (const row of p.stmt.raw(true).iterate(...p.query.params)) {
    yield mapResultRow(p.fields, row, p.joinsNotNullableMap) as T;
  }
}

interface Decoder {
  mapFromDriverValue(v: unknown): unknown;
}

/** The decoder drizzle uses for a selected field: a column, a sql`` expression, a subquery or an aliased field. */
function decoderOf(field: unknown): Decoder {
  const f = field as { decoder?: Decoder; _?: { sql: { decoder: Decoder } }; sql?: { decoder: Decoder } };
  if (is(field, Column)) return field as unknown as Decoder;
  if (is(field, SqlClass)) return f.decoder!;
  if (is(field, Subquery)) return f._!.sql.decoder;
  return f.sql!.decoder;
}

/**
 * drizzle's `mapResultRow` for a flat select (every field at the top level, as `select()`
 * of one table gives): the same keys in the same order, the same decoders, null kept null,
 * but each column's decoder found once per query instead of once per row and column.
 * Nested selects (joins into objects) return null: they keep drizzle's mapper.
 */
function flatMapper(fields: unknown): ((row: unknown[]) => Record<string, unknown>) | null {
  const cols = fields as { path: string[]; field: unknown }[];
  if (!Array.isArray(cols) || !cols.every((c) => c.path.length === 1)) return null;
  const keys = cols.map((c) => c.path[0]!);
  const decoders = cols.map(({ field }) => decoderOf(field));
  return literalMapper(keys, decoders);
}

/**
 * drizzle's `mapResultRow` for a select with objects one level deep (`{ c: candidacies,
 * memberNo: members.memberNo }`), compiled as a nested literal: the same keys in the same
 * order (first appearance), the same decoders. An object that drizzle could set to null (the
 * columns of a table a left join may leave empty) keeps drizzle's mapper: null otherwise.
 */
function nestedMapper(fields: unknown, joinsNotNullableMap: unknown): ((row: unknown[]) => Record<string, unknown>) | null {
  const cols = fields as { path: string[]; field: unknown }[];
  if (!Array.isArray(cols) || !cols.every((c) => c.path.length === 1 || c.path.length === 2)) return null;
  const notNullable = joinsNotNullableMap as Record<string, boolean> | undefined;
  /** top-level key → column index, or sub-key → column index; in first-appearance order */
  const tree = new Map<string, number | Map<string, number>>();
  const tableOf = new Map<string, unknown>();
  for (const [i, { path, field }] of cols.entries()) {
    if (path.some((k) => k === '__proto__')) return null;
    if (path.length === 1) {
      if (tree.has(path[0]!)) return null;
      tree.set(path[0]!, i);
      continue;
    }
    const [o, k] = path as [string, string];
    let sub = tree.get(o);
    if (sub === undefined) tree.set(o, (sub = new Map()));
    if (typeof sub === 'number' || sub.has(k) || !is(field, Column)) return null;
    const table = (field as unknown as { table: unknown }).table;
    if (tableOf.has(o) && tableOf.get(o) !== table) return null;
    tableOf.set(o, table);
    sub.set(k, i);
  }
  // drizzle nulls an object whose table a join may leave empty: not compiled here
  for (const table of tableOf.values()) if (notNullable && !notNullable[getTableName(table as Table)]) return null;
  const decoders = cols.map(({ field }) => decoderOf(field));
  const cell = (i: number) => `r[${i}] === null ? null : d[${i}].mapFromDriverValue(r[${i}])`;
  const body = [...tree]
    .map(([k, v]) =>
      typeof v === 'number'
        ? `${JSON.stringify(k)}: ${cell(v)}`
        : `${JSON.stringify(k)}: {\n${[...v].map(([sk, i]) => `${JSON.stringify(sk)}: ${cell(i)}`).join(',\n')}\n}`,
    )
    .join(',\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('d', `"use strict"; return (r) => ({\n${body}\n});`)(decoders) as (row: unknown[]) => Record<string, unknown>;
}

/**
 * `row => ({ k0: decode0(row[0]), k1: … })` compiled once per query: an object literal of
 * a fixed shape. Filling an empty object key by key in a loop (drizzle's way) makes V8 take
 * its generic keyed-store path for every cell, and JSON.stringify its slow path after:
 * 100 000 rows of 25 columns, 250–500 ms → 20–70 ms to build, 2–3× faster to stringify.
 * The keys are JSON string literals; the decoders are passed in, never written into code.
 */
function literalMapper(keys: string[], decoders: Decoder[]): (row: unknown[]) => Record<string, unknown> {
  if (keys.includes('__proto__')) {
    // a literal would set the prototype: define it as an own property instead
    return (row) => {
      const o: Record<string, unknown> = {};
      for (const [i, k] of keys.entries()) {
        Object.defineProperty(o, k, {
          value: row[i] === null ? null : decoders[i]!.mapFromDriverValue(row[i]),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return o;
    };
  }
  const body = keys.map((k, i) => `${JSON.stringify(k)}: r[${i}] === null ? null : d[${i}].mapFromDriverValue(r[${i}])`).join(',\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('d', `"use strict"; return (r) => ({\n${body}\n});`)(decoders) as (row: unknown[]) => Record<string, unknown>;
}

/**
 * A drizzle `sql` query prepared on the connection's better-sqlite3 handle (under drizzle's
 * own types), with its parameters: the one place this file reaches below drizzle.
 */
function rawStatement(db: Db | Tx, query: SQL): { stmt: Statement; params: unknown[] } {
  const d = db as unknown as { dialect: { sqlToQuery(q: SQL): { sql: string; params: unknown[] } }; session: { client: { prepare(sql: string): Statement } } };
  const { sql, params } = d.dialect.sqlToQuery(query);
  return { stmt: d.session.client.prepare(sql), params };
}

/** The rows of raw SQL (`sql\`select …\``), one at a time, as objects keyed by column name. */
export function* iterateSql<T>(db: Db | Tx, query: SQL): Generator<T> {
  const { stmt, params } = rawStatement(db, query);
  yield* stmt.iterate(...params) as IterableIterator<T>;
}

/**
 * The rows of raw SQL as arrays, in the order of the select's columns: much cheaper than
 * objects for wide rows (better-sqlite3 builds each object key by key in C++); map them in
 * JavaScript with a fixed-shape literal.
 */
export function* iterateSqlRaw<T extends unknown[]>(db: Db | Tx, query: SQL): Generator<T> {
  const { stmt, params } = rawStatement(db, query);
  yield* stmt.raw(true).iterate(...params) as IterableIterator<T>;
}

/**
 * Raw SQL with placeholders (`sql.placeholder('from')`) prepared ONCE on the connection,
 * run many times as arrays of values (a page at a time: exports, issue 14). drizzle's
 * `db.values(sql…)` prepares the statement again on every call.
 */
export function preparedValues<T extends unknown[]>(db: Db | Tx, query: SQL): (values: Record<string, unknown>) => T[] {
  const { stmt, params } = rawStatement(db, query);
  const raw = stmt.raw(true);
  return (values) => raw.all(...fillPlaceholders(params, values)) as T[];
}

/**
 * Rows in pages of `size` by keyset: `page(after)` returns the rows after the key `after`
 * (undefined for the first page), ordered by the key; `key(row)` gives a row's key. Other
 * statements may run between pages (lookups per row).
 */
export function* iterateInPages<T, K>(page: (after: K | undefined, size: number) => T[], key: (row: T) => K, size = 1000): Generator<T> {
  let after: K | undefined;
  for (;;) {
    const rows = page(after, size);
    yield* rows;
    if (rows.length < size) return;
    after = key(rows[rows.length - 1]!);
  }
}

/** Ids `lo`…`hi`, both included. */
export type IdPage = { lo: number; hi: number }; // a type, not an interface: it fills placeholders (`preparedValues`)

/**
 * The ids `from`…`to` in blocks of `blockPages` pages of `page` ids (issue 14: the month's
 * exports): a block is what one lookup sums at once (what was paid and remains), a page what
 * one statement reads. Bounds only: ids that hold no row cost an empty page.
 */
export function* idBlocks(from: number, to: number, page = 1000, blockPages = 10): Generator<{ from: number; to: number; pages: Generator<IdPage> }> {
  const size = page * blockPages;
  for (let b = from; b <= to; b += size) {
    const last = Math.min(to, b + size - 1);
    yield {
      from: b,
      to: last,
      pages: (function* () {
        for (let lo = b; lo <= last; lo += page) yield { lo, hi: Math.min(last, lo + page - 1) };
      })(),
    };
  }
}

export type { Db, Tx };
