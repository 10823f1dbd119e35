/** The one output layer: JSON documents or human tables on stdout, diagnostics on stderr. */
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Io } from './io.js';
import { formatEuros } from '../rules/money.js';
import { t } from '../i18n/index.js';

export interface OutputOptions {
  json: boolean;
  quiet: boolean;
}

export type Column<T> = { header: string; value: (row: T) => string | number | null | undefined; align?: 'left' | 'right' };

export class Output {
  readonly color: ChalkInstance;
  readonly json: boolean;
  readonly quiet: boolean;
  /** A progress display may be shown: stderr is a TTY and neither --quiet nor --json. */
  readonly interactive: boolean;
  constructor(
    private readonly io: Io,
    opts: OutputOptions,
  ) {
    this.json = opts.json;
    this.quiet = opts.quiet;
    const colour = !opts.json && !!io.stdout.isTTY && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
    this.color = new Chalk({ level: colour ? 1 : 0 });
    this.interactive = !!io.stderr.isTTY && !opts.quiet && !opts.json;
  }

  get stderr() {
    return this.io.stderr;
  }

  /** The command's result: `data` as one JSON document with --json, else the human text. */
  result(data: unknown, human: string | (() => string)): void {
    if (this.json) {
      this.io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      return;
    }
    const text = typeof human === 'function' ? human() : human;
    if (text !== '') this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Human text on stdout that is not the result (an interactive walk, a report before a failure); nothing with --json. */
  print(text: string): void {
    if (!this.json) this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Progress and notes for people: stderr, silenced by --quiet and --json. */
  info(msg: string): void {
    if (!this.quiet && !this.json) this.io.stderr.write(`${msg}\n`);
  }

  /** Warnings: stderr, always (also with --json: stdout stays one document). */
  warn(msg: string): void {
    this.io.stderr.write(`${this.color.yellow(t('common.warning'))} ${msg}\n`);
  }

  error(msg: string): void {
    this.io.stderr.write(`${this.color.red(t('common.error'))} ${msg}\n`);
  }

  /** A borderless aligned table (cli-table3): readable at a terminal, easy to grep or awk. */
  table<T>(rows: readonly T[], columns: Column<T>[]): string {
    const t = new Table({
      head: columns.map((c) => this.color.bold(c.header.toUpperCase())),
      colAligns: columns.map((c) => c.align ?? 'left'),
      chars: BORDERLESS,
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2 },
    });
    for (const r of rows) t.push(columns.map((c) => fmtCell(c.value(r))));
    return t.toString().split('\n').map((l) => l.trimEnd()).join('\n');
  }

  /** Key/value block for `show` commands. */
  fields(pairs: [string, string | number | boolean | null | undefined][]): string {
    const w = Math.max(...pairs.map(([k]) => k.length));
    return pairs.map(([k, v]) => `${this.color.dim(k.padEnd(w))}  ${fmtCell(v)}`).join('\n');
  }

  money(cents: number): string {
    return formatEuros(cents);
  }

  pass(ok: boolean): string {
    return ok ? this.color.green('pass') : this.color.red('FAIL');
  }
}

function fmtCell(v: unknown): string {
  if (v === null || v === undefined || v === '') return '-';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '',
};
