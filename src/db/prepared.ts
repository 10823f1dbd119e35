/**
 * Statements prepared once for a bulk act that goes through the ordinary acts (issue 25:
 * `bill payments import` records each payment through `recordPayment`, whose drizzle
 * queries — the ledger's, the audit's — were prepared again for every payment: 3 ms of
 * SQLite parsing per payment). Inside `fn` the raw handle's `prepare` hands back the
 * statement already prepared for the same SQL text, in its default mode (raw, pluck and
 * expand switched off, as a fresh statement); a statement still busy (being iterated) is
 * never handed out twice: a new one is prepared. The handle's own `prepare` is put back after.
 */
import type Database from 'better-sqlite3';

export function withStatementsPreparedOnce<T>(sqlite: Database.Database, fn: () => T): T {
  const own = sqlite.prepare;
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = function prepareOnce(source: string) {
    const known = cache.get(source);
    if (known !== undefined && !known.busy) {
      if (known.reader) known.raw(false).pluck(false).expand(false);
      return known;
    }
    const fresh = own.call(sqlite, source);
    cache.set(source, fresh);
    return fresh;
  } as typeof sqlite.prepare;
  try {
    return fn();
  } finally {
    sqlite.prepare = own;
  }
}
