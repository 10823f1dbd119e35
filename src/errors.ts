/**
 * Typed errors with their exit code (CLI.md "Exit codes"). Capability modules throw these;
 * the CLI maps them to output and to the one process.exit.
 */
import { lang, t } from './i18n/index.js';

export abstract class AppError extends Error {
  abstract readonly exitCode: 1 | 2 | 3 | 4 | 5 | 6;
  abstract readonly code: string;
  readonly article: string | null = null;
  /** Extra JSON merged into the error document (e.g. import counts). */
  details: Record<string, unknown> | undefined;
}

/** Exit 2: unknown command or flag, missing or malformed argument. */
export class UsageError extends AppError {
  readonly exitCode = 2 as const;
  readonly code: string = 'usage';
}

/** Exit 2: the named thing does not exist. */
export class NotFoundError extends UsageError {
  override readonly code = 'not_found';
}

/** How a message names a provision: `art. 7.3.7`, `annex 3.3` (`annexe 3.3` in French), `art. 242 nonies A CGI`. */
export function articleRef(article: string): string {
  if (/^annex\b/.test(article)) return lang() === 'fr' ? article.replace(/^annex\b/, 'annexe') : article;
  return `art. ${article}`;
}

/** Exit 3: refused by a contract rule; the message names the article. */
export class RefusedError extends AppError {
  readonly exitCode = 3 as const;
  readonly code = 'refused';
  override readonly article: string;
  readonly reason: string;
  constructor(article: string, reason: string) {
    super(t('common.refused', { article: articleRef(article), reason }));
    this.article = article;
    this.reason = reason;
  }
}

/**
 * The stable codes of a per-row import error (issue 24), in JSON next to the localised
 * message: the same in English and French, documented in CLI.md "Row error codes" (a test
 * checks every one is). Each names a cause, mostly after the catalogue key of its message;
 * a code is never renamed nor reused for another cause (a new cause gets a new code).
 */
export const ROW_CODES = [
  // the file as text (src/csv/reader.ts, decode.ts)
  'empty_file',
  'utf16_no_bom',
  'not_utf8',
  'not_encoding',
  'cut_character',
  'no_delimiter',
  'wrong_delimiter',
  'malformed',
  'field_count',
  'field_long',
  'record_long',
  'control_character',
  'bad_xml',
  // the header (src/csv/columns.ts)
  'column_no_name',
  'unknown_column',
  'column_twice',
  'missing_column',
  'no_invoice_column',
  // one value (src/csv/fields.ts, src/candidacy/record.ts)
  'empty_required',
  'too_long',
  'unprintable_rtl',
  'unprintable_glyph',
  'bool_empty',
  'not_bool',
  'amount_empty',
  'not_amount',
  'below_min',
  'date_empty',
  'not_date',
  'integer_empty',
  'not_integer',
  'out_of_range',
  'enum_empty',
  'not_enum',
  'not_email',
  'not_iban',
  'not_fr_iban',
  'not_postal_code',
  'postal_department',
  'not_siren',
  'siren_key',
  'not_member_no',
  'unknown_documents',
  'born_after',
  'not_month',
  // a candidacy against the others and the register (src/candidacy/import.ts)
  'ref_twice',
  'already_decided',
  // a member (src/membership/import.ts)
  'company_required',
  'not_option',
  'option_qty',
  'option_twice',
  'too_many_mailboxes',
  'member_twice',
  'number_taken',
  'outside_zone',
  // a returned debit (src/collection/returns.ts)
  'empty_invoice',
  'no_end_to_end_id',
  'no_status',
  'bad_amount',
  'not_debited',
  'amount_differs',
  // an anchors file (src/books/seal.ts)
  'not_seal',
] as const;
export type RowCode = (typeof ROW_CODES)[number];

/** One bad row of an imported file: where, why (`code`, stable) and the reason in the run's language. */
export interface RowError {
  line: number;
  column: string | null;
  code: RowCode;
  message: string;
}

/** Exit 4: invalid input data; nothing of it was written. */
export class InvalidInputError extends AppError {
  readonly exitCode = 4 as const;
  readonly code = 'invalid_input';
  constructor(
    message: string,
    readonly errors: RowError[] = [],
    details?: Record<string, unknown>,
  ) {
    super(message);
    this.details = details;
  }
}

/**
 * Exit 5: the database is busy (`busy`: another run holds it — worth trying again) or cannot
 * be used (`unavailable`: missing, a folder, not a database, read-only, the disk full — it
 * needs the operator).
 */
export class BusyError extends AppError {
  readonly exitCode = 5 as const;
  constructor(
    message: string,
    readonly code: 'busy' | 'unavailable' = 'busy',
  ) {
    super(message);
  }
}

/**
 * Exit 6: a service outside the club's machine failed — the mail server unreachable,
 * closing or answering "try later". Not the database (5) nor the data (4): what was done
 * before is recorded, and running the same command again finishes the work.
 */
export class ServiceError extends AppError {
  readonly exitCode = 6 as const;
  readonly code = 'service_unavailable';
  constructor(message: string, details?: Record<string, unknown>) {
    super(message);
    this.details = details;
  }
}

/** Exit 5: the database file is damaged (SQLite cannot read a page of it). */
export class DamagedError extends BusyError {
  constructor(
    message: string,
    /** SQLite's own words ("database disk image is malformed"). */
    readonly detail: string,
  ) {
    super(message);
  }
}

/** The database of this run (set when it is opened), named in messages about SQLite faults. */
let databasePath = './parnasse.db';
export function setDatabasePath(p: string): void {
  databasePath = p;
}

/**
 * Maps a thrown value (including SQLite and file-system faults) to an AppError, or null for
 * a bug. A fault of the machine — busy, damaged, full, read-only — is exit 5, never "a bug".
 */
export function asAppError(e: unknown): AppError | null {
  if (e instanceof AppError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  const msg = (e as Error).message;
  const path = databasePath;
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') return new BusyError(t('books.db.busy_now', { path }));
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return new BusyError(t('books.db.full', { path }), 'unavailable');
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_')) return new DamagedError(t('books.db.corrupt', { path, detail: msg }), msg);
  if (code === 'SQLITE_NOTADB') return new BusyError(t('books.db.not_sqlite', { path }), 'unavailable');
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_')) return new BusyError(t('books.db.read_only', { path }), 'unavailable');
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_PERM')
    return new BusyError(t('books.db.cannot_open', { path, detail: msg }), 'unavailable');
  return null;
}

/** Turns a rule's refusal into the RefusedError (exit 3) that names its article; narrows to the accepted decision. */
export function enforce<D extends { ok: boolean }>(d: D): asserts d is Exclude<D, { ok: false }> {
  if (!d.ok) {
    const r = d as unknown as { article: string; reason: string };
    throw new RefusedError(r.article, r.reason);
  }
}
