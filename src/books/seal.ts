/**
 * Seals of the audit chain kept outside the database (`db seal`, `db check --anchors`).
 * A seal is one line: `<UTC time> entry=<id> hash=<sha256 hex> db=<path>`. Anyone who
 * rewrites the log (even recomputing every hash) cannot make it extend a head sealed
 * before, unless they also rewrite every copy of the seals.
 */
import fs from 'node:fs';
import { t } from '../i18n/index.js';
import type Database from 'better-sqlite3';
import { GENESIS } from '../db/audit.js';
import { assertWritableFile, writeFileAtomic } from '../files/atomic.js';
import { readTextInput } from '../files/input.js';
import { InvalidInputError, type RowError } from '../errors.js';

export interface Seal {
  sealed_at: string;
  entry: number;
  hash: string;
  database: string;
}

/** The chain's head now (entry 0 and GENESIS for an empty log). */
export function headSeal(sqlite: Database.Database, database: string, now: Date = new Date()): Seal {
  const head = sqlite.prepare('select id, hash from audit_log order by id desc limit 1').get() as { id: number; hash: string | null } | undefined;
  return { sealed_at: now.toISOString(), entry: head?.id ?? 0, hash: head?.hash ?? GENESIS, database };
}

export function formatSeal(s: Seal): string {
  return `${s.sealed_at} entry=${s.entry} hash=${s.hash} db=${s.database}`;
}

/** Appends the seal line to FILE (rewritten through a temporary file, its mode kept). */
export function appendSeal(file: string, s: Seal): void {
  assertWritableFile(file); // a folder or an unwritable place: one usage line (exit 2), before anything is read
  let before = '';
  let mode = 0o600;
  try {
    before = readTextInput(file);
    mode = fs.statSync(file).mode & 0o777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && !(e as { missing?: boolean }).missing) throw e;
  }
  if (before && !before.endsWith('\n')) before += '\n';
  writeFileAtomic(file, `${before}${formatSeal(s)}\n`, { mode });
}

export interface Anchor {
  line: number;
  sealed_at: string;
  entry: number;
  hash: string;
}

const SEAL_LINE = /^(\S+)\s+entry=(\d+)\s+hash=([0-9a-f]{64})(?:\s|$)/;

/** Reads an anchors file: every non-blank, non-# line must be a seal (exit 4 otherwise). */
export function readAnchors(file: string): Anchor[] {
  const text = readTextInput(file);
  const anchors: Anchor[] = [];
  const errors: RowError[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    const s = l.trim();
    if (!s || s.startsWith('#')) return;
    const m = SEAL_LINE.exec(s);
    if (!m) errors.push({ line: i + 1, column: null, code: 'not_seal', message: t('refusals.not_seal') });
    else anchors.push({ line: i + 1, sealed_at: m[1]!, entry: Number(m[2]), hash: m[3]! });
  });
  if (errors.length) throw new InvalidInputError(t('modules.not_seals', { file, length: errors.length }), errors);
  if (anchors.length === 0) throw new InvalidInputError(t('modules.no_seal', { file }));
  return anchors;
}

/** Problems: a sealed entry gone, or whose hash differs (the log was rewritten since). */
export function checkAnchors(hashes: ReadonlyMap<number, string>, head: { id: number } | null, anchors: readonly Anchor[]): string[] {
  const problems: string[] = [];
  for (const a of anchors) {
    if (a.entry === 0) {
      if (a.hash !== GENESIS) problems.push(t('check.seal_genesis', { sealed_at: a.sealed_at, line: a.line }));
      continue;
    }
    const h = hashes.get(a.entry);
    if (h === undefined) problems.push(t('check.seal_removed', { sealed_at: a.sealed_at, line: a.line, entry: a.entry, id: head?.id ?? 0 }));
    else if (h !== a.hash) problems.push(t('check.seal_rewritten', { sealed_at: a.sealed_at, line: a.line, entry: a.entry }));
  }
  return problems;
}

/**
 * Writes the seals owed (issue 28 item 7): for each file a committed writer asked to be
 * sealed (`seal_requests`) and that was not, the chain's head now is appended and the
 * requests marked. Called by the run once committed, and by every command that opens the
 * books — so a run killed between its commit and its seal is sealed by the next command.
 * Never waits for the database: when another process holds it, the marking is left for
 * later (the seal line, already written, is then written again: harmless). Returns the seals
 * written; a file that cannot be written is reported in `failed` and left owed.
 */
export function sealPending(
  sqlite: Database.Database,
  dbPath: string,
): { sealed: { file: string; entry: number; hash: string }[]; failed: { file: string; detail: string }[] } {
  const out = { sealed: [] as { file: string; entry: number; hash: string }[], failed: [] as { file: string; detail: string }[] };
  let owed: { file: string; last: number }[];
  try {
    owed = sqlite.prepare('select file, max(id) as last from seal_requests where sealed_at is null group by file order by min(id)').all() as {
      file: string;
      last: number;
    }[];
  } catch {
    return out; // a database without the table yet (before its migration), or unreadable: nothing to do here
  }
  for (const { file, last } of owed) {
    const head = headSeal(sqlite, dbPath);
    try {
      appendSeal(file, head);
    } catch (e) {
      out.failed.push({ file, detail: e instanceof Error ? e.message : String(e) });
      continue;
    }
    out.sealed.push({ file, entry: head.entry, hash: head.hash });
    const timeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
    try {
      sqlite.pragma('busy_timeout = 0');
      sqlite
        .prepare('update seal_requests set sealed_entry = ?, sealed_at = ? where file = ? and id <= ? and sealed_at is null')
        .run(head.entry, head.sealed_at, file, last);
    } catch {
      // busy or read-only: the request stays owed and is sealed again next time
    } finally {
      sqlite.pragma(`busy_timeout = ${timeout}`);
    }
  }
  return out;
}

/**
 * Where the monthly run seals the chain when it has written (issue 12: "the monthly run
 * seals at its end"): `--anchors FILE`, else `PARNASSE_ANCHORS`, else `<database>.seals`
 * beside the database. Beside the database only proves the log was not rewritten by
 * something that did not also rewrite that file: point it at another disk for more.
 */
export function runAnchorsFile(dbPath: string, flag: string | undefined, env: Record<string, string | undefined>): string {
  const f = flag ?? env.PARNASSE_ANCHORS;
  return f && f.trim() !== '' ? f : `${dbPath}.seals`;
}
