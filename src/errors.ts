/**
 * Typed errors with their exit code (CLI.md "Exit codes"). Capability modules throw these;
 * the CLI maps them to output and to the one process.exit.
 */
import { t } from './i18n/index.js';

export abstract class AppError extends Error {
  abstract readonly exitCode: 1 | 2 | 3 | 4 | 5;
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

/** Exit 3: refused by a contract rule; the message names the article. */
export class RefusedError extends AppError {
  readonly exitCode = 3 as const;
  readonly code = 'refused';
  override readonly article: string;
  readonly reason: string;
  constructor(article: string, reason: string) {
    super(t('common.refused', { article, reason }));
    this.article = article;
    this.reason = reason;
  }
}

export interface RowError {
  line: number;
  column: string | null;
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

/** Exit 5: the database is busy or cannot be opened. */
export class BusyError extends AppError {
  readonly exitCode = 5 as const;
  readonly code = 'busy';
}

/** Maps a thrown value (including SQLite errors) to an AppError, or null for a bug. */
export function asAppError(e: unknown): AppError | null {
  if (e instanceof AppError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED')) {
    return new BusyError(t('cli.busy', { message: (e as Error).message }));
  }
  if (typeof code === 'string' && (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_NOTADB' || code === 'SQLITE_READONLY')) {
    return new BusyError(t('cli.cannot_open', { message: (e as Error).message }));
  }
  return null;
}

/** Turns a rule's refusal into the RefusedError (exit 3) that names its article; narrows to the accepted decision. */
export function enforce<D extends { ok: boolean }>(d: D): asserts d is Exclude<D, { ok: false }> {
  if (!d.ok) {
    const r = d as unknown as { article: string; reason: string };
    throw new RefusedError(r.article, r.reason);
  }
}
