/**
 * better-sqlite3 handles, given its compiled addon by path (issue 27: start-up). Without it the
 * package asks the `bindings` package, which walks a stack trace and tries a dozen paths on
 * every start (7–10 ms of CPU on the 2-core machine); build/Release is where the package's
 * own install (prebuild-install, or node-gyp --release) puts it.
 */
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';

let addon: string | undefined;

/** The path of better-sqlite3's addon, resolved once per process. */
export function sqliteAddon(): string {
  addon ??= createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
  return addon;
}

/** `new Database(file, options)` with the addon named. */
export function newSqlite(file: string, options: Database.Options = {}): Database.Database {
  return new Database(file, { ...options, nativeBinding: sqliteAddon() });
}
