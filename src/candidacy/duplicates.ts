/**
 * Possible duplicates of a new candidacy (issue 11): a warning, never a refusal — only the
 * same reference is surely the same candidacy (refused on input). A new candidacy (`candidate
 * add`, each row `candidate import` inserts) may be one already stored under another
 * reference when it has the same name and postal code (case, accents, spaces and hyphens
 * folded), the same e-mail (case folded) or the same IBAN.
 *
 * `candidate add` asks the database once (one query, then the same comparison). An import
 * compares its new rows with the candidacies stored before it: an in-memory index of their
 * three keys, built once at the first new row (a re-import of known rows never builds it).
 * Rows of the same file are not compared with each other (decision, RULES.md §2.5).
 */
import type Database from 'better-sqlite3';
import { t, type MessageKey } from '../i18n/index.js';
import { foldName } from '../rules/names.js';

export const DUPLICATE_MATCHES = ['name_postal_code', 'email', 'iban'] as const;
export type DuplicateMatch = (typeof DUPLICATE_MATCHES)[number];

/** One warning: the new candidacy, the stored one it may duplicate, what they share. */
export interface DuplicateWarning {
  /** The CSV line (imports). */
  line?: number;
  ref: string;
  existing: string;
  matches: DuplicateMatch[];
  message: string;
}

/** The keys compared (first name, last name, postal code, e-mail, IBAN as stored). */
export interface DuplicateKeys {
  firstName: string;
  lastName: string;
  postalCode: string;
  email: string;
  iban: string | null;
}

/** Folded names met so far (names repeat: first names most): folding is the cost of the index. */
class NameFolder {
  private readonly seen = new Map<string, string>();
  fold(s: string): string {
    let f = this.seen.get(s);
    if (f === undefined) {
      f = foldName(s);
      if (this.seen.size < 50_000) this.seen.set(s, f);
    }
    return f;
  }
}

function nameKey(k: DuplicateKeys, names: NameFolder): string | null {
  const pc = k.postalCode.trim();
  if (pc === '') return null;
  const last = names.fold(k.lastName);
  return last === '' ? null : `${names.fold(k.firstName)}\u0000${last}\u0000${pc}`;
}
const emailKey = (k: DuplicateKeys) => (k.email.trim() === '' ? null : k.email.trim().toLowerCase());
const ibanKey = (k: DuplicateKeys) => (k.iban ? k.iban : null);

/** The warning for a new candidacy `ref` that shares `matches` with the stored `existing`. */
export function duplicateWarning(ref: string, existing: string, matches: DuplicateMatch[], line?: number): DuplicateWarning {
  const what = matches.map((m) => t(`candidate.dupe.${m}` as MessageKey)).join(', ');
  const message =
    line === undefined
      ? t('candidate.dupe.possible', { ref, existing, matches: what })
      : t('candidate.dupe.possible_line', { line, ref, existing, matches: what });
  return { ...(line === undefined ? {} : { line }), ref, existing, matches, message };
}

/** Groups matches by the stored candidacy they point to, in the order of DUPLICATE_MATCHES; null when none. */
function collect(ref: string, found: [DuplicateMatch, string | undefined][]): Map<string, DuplicateMatch[]> | null {
  let by: Map<string, DuplicateMatch[]> | null = null;
  for (const [m, existing] of found) {
    if (existing === undefined || existing === ref) continue;
    by ??= new Map();
    const list = by.get(existing);
    if (list) list.push(m);
    else by.set(existing, [m]);
  }
  return by;
}

interface StoredKeys {
  ref: string;
  first_name: string;
  last_name: string;
  postal_code: string;
  email: string;
  iban: string | null;
}
const keysOf = (r: StoredKeys): DuplicateKeys => ({ firstName: r.first_name, lastName: r.last_name, postalCode: r.postal_code, email: r.email, iban: r.iban });

/** `candidate add`: the stored candidacies the new one may duplicate (one query). */
export function possibleDuplicates(sqlite: Database.Database, ref: string, k: DuplicateKeys): DuplicateWarning[] {
  const rows = sqlite
    .prepare(
      `select ref, first_name, last_name, postal_code, email, iban from candidacies
       where ref <> ? collate nocase and (postal_code = ? or email = ? collate nocase or iban = ?) order by id`,
    )
    .all(ref, k.postalCode.trim(), k.email.trim(), k.iban ?? '') as StoredKeys[];
  const index = new DuplicateIndex();
  for (const r of rows) index.add(r.ref, keysOf(r));
  return index.check(ref, k);
}

/** The three keys of stored candidacies, each pointing to the first one that has it. */
export class DuplicateIndex {
  private readonly byName = new Map<string, string>();
  private readonly byEmail = new Map<string, string>();
  private readonly byIban = new Map<string, string>();
  private readonly names = new NameFolder();

  /** The candidacies stored up to `maxId` (an import's "before"), read once. */
  static ofStored(sqlite: Database.Database, maxId: number): DuplicateIndex {
    const index = new DuplicateIndex();
    // rows as arrays, keys made at once: nothing of a row is kept but its three keys
    const rows = sqlite
      .prepare('select ref, first_name, last_name, postal_code, email, iban from candidacies where id <= ? order by id')
      .raw(true)
      .iterate(maxId) as IterableIterator<[string, string, string, string, string, string | null]>;
    const k: DuplicateKeys = { firstName: '', lastName: '', postalCode: '', email: '', iban: null };
    for (const r of rows) {
      k.firstName = r[1];
      k.lastName = r[2];
      k.postalCode = r[3];
      k.email = r[4];
      k.iban = r[5];
      index.add(r[0], k);
    }
    return index;
  }

  add(ref: string, k: DuplicateKeys): void {
    const n = nameKey(k, this.names);
    if (n !== null && !this.byName.has(n)) this.byName.set(n, ref);
    const e = emailKey(k);
    if (e !== null && !this.byEmail.has(e)) this.byEmail.set(e, ref);
    const i = ibanKey(k);
    if (i !== null && !this.byIban.has(i)) this.byIban.set(i, ref);
  }

  /** The stored candidacies `ref` may duplicate, with what they share (null: none). */
  matches(ref: string, k: DuplicateKeys): Map<string, DuplicateMatch[]> | null {
    const n = nameKey(k, this.names);
    const e = emailKey(k);
    const i = ibanKey(k);
    const byName = n === null ? undefined : this.byName.get(n);
    const byEmail = e === null ? undefined : this.byEmail.get(e);
    const byIban = i === null ? undefined : this.byIban.get(i);
    if (byName === undefined && byEmail === undefined && byIban === undefined) return null; // the usual case: nothing made
    return collect(ref, [
      ['name_postal_code', byName],
      ['email', byEmail],
      ['iban', byIban],
    ]);
  }

  check(ref: string, k: DuplicateKeys, line?: number): DuplicateWarning[] {
    const by = this.matches(ref, k);
    return by ? [...by].map(([existing, matches]) => duplicateWarning(ref, existing, matches, line)) : [];
  }
}
