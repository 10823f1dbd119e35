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
    if (!m) errors.push({ line: i + 1, column: null, message: 'not a seal line (<time> entry=<id> hash=<64 hex>)' });
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
    if (h === undefined)
      problems.push(t('check.seal_removed', { sealed_at: a.sealed_at, line: a.line, entry: a.entry, id: head?.id ?? 0 }));
    else if (h !== a.hash) problems.push(t('check.seal_rewritten', { sealed_at: a.sealed_at, line: a.line, entry: a.entry }));
  }
  return problems;
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
