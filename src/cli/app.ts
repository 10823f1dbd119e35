import fs from 'node:fs';
import path from 'node:path';
import { runAnchorsFile, sealPending } from '../books/seal.js';
/** Per-run context handed to every command: globals, lazy database, output, prompts. */
import os from 'node:os';
import type { Command, CommandUnknownOpts, OptionValues } from '@commander-js/extra-typings';
import { busyTimeoutMs, openDatabase, type Connection } from '../db/connection.js';

/** The commands that may create a missing database (CLI.md Global, --db): the others exit 5. */
export const CREATING_COMMANDS: ReadonlySet<string> = new Set(['db init', 'db migrate', 'candidate add', 'candidate import', 'member import', 'setup']);
import type { Actor } from '../db/audit.js';
import { InvalidInputError, UsageError } from '../errors.js';
import { codePoint, controlIn } from '../text/controls.js';
import { parisDate, type IsoDate } from '../rules/dates.js';
import { dateArg } from './args.js';
import type { Io, Prompter } from './io.js';
import { Output } from './output.js';
import { wholeNumberArg } from './args.js';
import { t } from '../i18n/index.js';
import { fmtDatesIn } from '../i18n/format.js';

export interface GlobalOptions {
  db?: string;
  json?: boolean;
  input?: boolean;
  operator?: string;
  quiet?: boolean;
  date?: string;
  yes?: boolean;
  /** List flags (`listFlags` in output.ts), on the list commands only. */
  limit?: string;
  offset?: string;
  wide?: boolean;
  /** `--no-pager`: false. */
  pager?: boolean;
}

/**
 * The command line as the audit log records it: `parnasse`, the command's name and the flags
 * typed (known flags of the command and its parents only), never a value nor an argument — an
 * e-mail, an IBAN or an SMTP password typed on the line would otherwise stay in the log for
 * ever, beyond the annex 5 purge (issue 28). The values are in the entry's `change`, which the
 * purge empties and which masks secrets.
 */
export function recordedCommand(cmd: CommandUnknownOpts, names: readonly string[], argv: readonly string[]): string {
  const flags = new Set<string>();
  for (let c: CommandUnknownOpts | null = cmd; c; c = c.parent) for (const o of c.options) for (const f of [o.long, o.short]) if (f) flags.add(f);
  const typed: string[] = [];
  for (const a of argv) {
    if (a === '--') break;
    const f = a.startsWith('--') ? a.split('=', 1)[0]! : a;
    if (flags.has(f) && !typed.includes(f)) typed.push(f);
  }
  return ['parnasse', ...names, ...typed].join(' ');
}

/** The global (and list) flags as commander parsed them, read by their declared types. */
export function globalsOf(o: OptionValues): GlobalOptions {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const bool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
  return {
    db: str(o.db),
    json: bool(o.json),
    input: bool(o.input),
    operator: str(o.operator),
    quiet: bool(o.quiet),
    date: str(o.date),
    yes: bool(o.yes),
    limit: str(o.limit),
    offset: str(o.offset),
    wide: bool(o.wide),
    pager: bool(o.pager),
  };
}

/** Today's date in Europe/Paris (RULES.md §0), the default of --date. */
export function todayInParis(now: Date = new Date()): IsoDate {
  return parisDate(now.getTime());
}

export class App {
  readonly out: Output;
  private connection: Connection | undefined;
  constructor(
    readonly io: Io,
    readonly globals: GlobalOptions,
    readonly argv: readonly string[],
  ) {
    this.out = new Output(io, {
      json: !!globals.json,
      quiet: !!globals.quiet,
      wide: !!globals.wide,
      pager: globals.pager !== false,
      ...(globals.limit !== undefined ? { limit: wholeNumberArg(globals.limit, '--limit') } : {}),
      ...(globals.offset !== undefined ? { offset: wholeNumberArg(globals.offset, '--offset') } : {}),
    });
  }

  /** The command being run, e.g. `candidate import` (decides whether a missing database may be created). */
  commandPath = '';
  /** `--dry-run` given: a command that would create the database tries on an empty one in memory instead (issue 24). */
  dryRun = false;

  static fromCommand(io: Io, cmd: CommandUnknownOpts, argv: readonly string[]): App {
    const app = new App(io, globalsOf(cmd.optsWithGlobals()), argv);
    const names: string[] = [];
    for (let c: CommandUnknownOpts | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
    app.commandPath = names.join(' ');
    app.recorded = recordedCommand(cmd, names, argv);
    app.dryRun = cmd.opts().dryRun === true;
    return app;
  }

  /** What the audit log keeps of the command line: its name and the flags typed, no value (issue 28). */
  recorded = 'parnasse';

  get dbPath(): string {
    return this.globals.db ?? this.io.env.PARNASSE_DB ?? './parnasse.db';
  }

  /** Opened (and migrated) on first use, so `--help` never touches the database. */
  get conn(): Connection {
    if (this.connection) return this.connection;
    const fresh = !fs.existsSync(this.dbPath);
    // --dry-run writes no file at all (issue 24): on a database that does not exist yet, the
    // command answers as it would on the new club's empty one, kept in memory
    if (fresh && this.dryRun && CREATING_COMMANDS.has(this.commandPath)) {
      this.connection = openDatabase(':memory:', { busyTimeoutMs: busyTimeoutMs(this.io.env) });
      return this.connection;
    }
    this.connection = openDatabase(this.dbPath, {
      create: CREATING_COMMANDS.has(this.commandPath),
      busyTimeoutMs: busyTimeoutMs(this.io.env),
      onWait: (seconds) => this.io.stderr.write(`${t('books.db.waiting', { seconds })}\n`),
    });
    // a new database where the seals of an earlier one are kept: db check would call its
    // log rewritten (the seals name entries this database does not have) — say it now
    // a database this command created is said (issue 24) — `db init` says it in its result
    if (fresh && this.commandPath !== 'db init' && fs.existsSync(this.dbPath)) this.io.stderr.write(`${t('books.db.created_note', { path: this.dbPath })}\n`);
    const seals = runAnchorsFile(path.resolve(this.dbPath), undefined, this.io.env);
    if (fresh && fs.existsSync(seals)) this.out.warn(t('books.seals_stale', { file: seals }));
    else if (!fresh) this.sealOwed(this.connection);
    return this.connection;
  }

  /** The seals a run killed between its commit and its seal still owes (issue 28 item 7): written now. */
  private sealOwed(conn: Connection): void {
    if (!conn.sqlite.prepare("select 1 from sqlite_master where name = 'seal_requests'").get()) return;
    if (!conn.sqlite.prepare('select 1 from seal_requests where sealed_at is null limit 1').get()) return;
    const r = sealPending(conn.sqlite, path.resolve(this.dbPath));
    for (const s of r.sealed) this.out.warn(t('books.sealed_owed', { entry: s.entry, file: s.file }));
    for (const f of r.failed) this.out.warn(t('billing.run.seal_failed', { file: f.file, detail: f.detail }));
  }

  close(): void {
    this.connection?.close();
    this.connection = undefined;
  }

  get operator(): string {
    return this.globals.operator ?? this.io.env.PARNASSE_OPERATOR ?? this.io.user ?? safeUser();
  }

  get actor(): Actor {
    return { operator: this.operator, command: this.recorded };
  }

  /** Prompts are allowed: on a TTY, without --no-input, and not under CI. */
  get canPrompt(): boolean {
    return this.globals.input !== false && this.io.stdinIsTTY && !this.io.env.CI && !this.globals.json;
  }

  /** --date, else today in Paris. */
  today(): IsoDate {
    const d = this.globals.date;
    if (d === undefined) return todayInParis();
    return dateArg(d, '--date');
  }

  async prompter(): Promise<Prompter> {
    let base: Prompter;
    if (this.io.prompter) base = this.io.prompter;
    else {
      const { inquirerPrompter } = await import('./prompter.js');
      base = inquirerPrompter(await import('@inquirer/prompts'));
    }
    // a control character typed at a prompt is refused as on the command line (issue 12)
    const refuse = (v: string): string | null => {
      const ch = controlIn(v);
      return ch === null ? null : t('text.control.cell', { code: codePoint(ch) });
    };
    return {
      ...base,
      input: async (q) => {
        const v = await base.input({ ...q, validate: (x) => refuse(x) ?? (q.validate ? q.validate(x) : true) });
        const bad = refuse(v);
        if (bad !== null) throw new InvalidInputError(bad);
        return v;
      },
    };
  }

  /** A value from a flag, else a prompt on a TTY, else exit 2 naming the flag. */
  async ask(value: string | undefined, flag: string, message: string, validate?: (v: string) => true | string): Promise<string> {
    if (value !== undefined) return value;
    if (!this.canPrompt) throw new UsageError(t('common.missing_flag_no_prompt', { flag }));
    const p = await this.prompter();
    return p.input({ message, ...(validate ? { validate } : {}) });
  }

  /** Confirmation of a destructive command: --yes, else a prompt on a TTY, else exit 2. */
  async confirm(message: string, yes: boolean | undefined): Promise<boolean> {
    if (yes || this.globals.yes) return true;
    if (!this.canPrompt) throw new UsageError(t('common.needs_confirmation'));
    const p = await this.prompter();
    // the question is human output too: French dates as everywhere else (fmtDatesIn)
    return p.confirm({ message: fmtDatesIn(message), default: false });
  }

  /**
   * An irreversible act (issue 11): on a terminal `message` says what will happen and asks;
   * `--yes` skips the question; without a terminal and without `--yes`, exit 2. Declined:
   * exit 2, nothing done.
   */
  async confirmAct(message: string, yes: unknown): Promise<void> {
    if (!(await this.confirm(message, yes === true))) throw new UsageError(t('args.not_confirmed'));
  }
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** A command's handler: its App, its arguments and its options, typed from their declarations. */
export type ActionHandler<Args extends unknown[], Opts extends OptionValues> = (app: App, args: Args, opts: Opts) => Promise<void> | void;
/**
 * Wraps a command's handler: builds its App, closes the database after (main.ts makes it;
 * commands take it). `.action(wrap(async (app, [no], opts) => …))`: the argument and option
 * types come from the command's `.argument()` / `.option()` declarations (extra-typings).
 */
export type Wrap = <Args extends unknown[], Opts extends OptionValues>(
  handler: ActionHandler<Args, Opts>,
) => (this: Command<Args, Opts, OptionValues>, ...a: [...Args, Opts, CommandUnknownOpts]) => Promise<void>;
