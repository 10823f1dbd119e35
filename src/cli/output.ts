/** The one output layer: JSON documents or human tables on stdout, diagnostics on stderr. */
import { escapeControls } from '../text/controls.js';
import { Chalk, type ChalkInstance } from 'chalk';
import type { Command, OptionValues } from '@commander-js/extra-typings';
import type { Io, Pager, Stream } from './io.js';
import { pagerCommand } from './pager.js';
import { fmtDate, fmtDateTime, fmtDatesIn, fmtMoney, frenchTypography, terminalTypography } from '../i18n/format.js';
import { lang, t } from '../i18n/index.js';
import { fmtCell, layout, renderLine, renderLines, renderRow, visibleWidth, wrapProse, wrapText, type Column, type Layout } from './table.js';

export type { Column } from './table.js';

export interface OutputOptions {
  json: boolean;
  quiet: boolean;
  /** Lists: at most this many rows (0 = all); default all, one page on a terminal. */
  limit?: number;
  /** Lists: skip this many rows first. */
  offset?: number;
  /** Tables: every column, cells never cut, whatever the width. */
  wide?: boolean;
  /** Long lists through the pager on a terminal (default); `--no-pager`: false. */
  pager?: boolean;
}

/** How `out.list` renders a list besides its rows and columns. */
export interface ListOptions<T> {
  /** The JSON element of a row (default: the row itself). */
  json?: (row: T) => unknown;
  /**
   * The JSON text of a row, already serialized, instead of `JSON.stringify` of `json`: for
   * rows whose parts repeat from row to row (the agenda's checks: see `withChecksJson`).
   */
  jsonText?: (row: T) => string;
  /**
   * The JSON text of a row given in pieces (instead of `jsonText`): a piece whose UTF-8
   * bytes are kept from row to row is copied as bytes, never encoded again (the agenda's
   * checks: see `checksJsonPieces`). The pieces of a row are exactly its JSON text.
   */
  jsonPieces?: (row: T, out: JsonPieces) => void;
  /** The human text when there is no row at all (default: a "no rows" line). */
  empty?: string;
  /** Human text printed before the table (not with --json). */
  head?: string;
}

/** Where a row's JSON text goes, piece by piece (`ListOptions.jsonPieces`). */
export interface JsonPieces {
  /** A piece of text. */
  text(s: string): void;
  /** A piece and its UTF-8 bytes (kept by the caller and written again: copied as they are). */
  encoded(text: string, bytes: Uint8Array): void;
}

/** A piece of JSON with its UTF-8 bytes, for `JsonPieces.encoded`. */
export const encodedPiece = (text: string): { text: string; bytes: Uint8Array } => ({ text, bytes: Buffer.from(text, 'utf8') });

/**
 * The flags every list command takes: `--limit N`, `--offset N`, `--wide` (read by App into
 * its Output, so `out.list` applies them without the command doing anything).
 */
export function listFlags<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd.option('--limit <n>', t('list.opt.limit')).option('--offset <n>', t('list.opt.offset')).option('--wide', t('list.opt.wide'));
}

const NO_BREAK = /[\u00a0\u202f]/g;

/** Rows from which a table's widths are chosen (and the most a table holds before its first line). */
export const FIRST_PAGE = 100;
/** Output is handed to the stream in chunks of about this size. */
const CHUNK = 64 * 1024;

export class Output {
  readonly color: ChalkInstance;
  readonly json: boolean;
  readonly quiet: boolean;
  /** A progress display may be shown: stderr is a TTY and neither --quiet nor --json. */
  readonly interactive: boolean;
  readonly limit: number | undefined;
  readonly offset: number;
  readonly wide: boolean;
  private readonly usePager: boolean;
  constructor(
    private readonly io: Io,
    opts: OutputOptions,
  ) {
    this.json = opts.json;
    this.quiet = opts.quiet;
    this.limit = opts.limit;
    this.offset = opts.offset ?? 0;
    this.wide = !!opts.wide;
    this.usePager = opts.pager !== false;
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
    const text = this.plain(this.safe(typeof human === 'function' ? human() : human));
    if (text !== '') this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /**
   * Pieces of a data file (an export to stdout, line by line or in chunks) written as they
   * come in chunks of about 64 KiB, waiting for the reader. Data, not human text: written verbatim, as `--out` would write the file
   * (no dates rewritten for the locale, no control character escaped).
   */
  async stream(chunks: Iterable<string>): Promise<void> {
    const w = new Sink(this.io.stdout);
    for (const c of chunks) {
      w.add(c);
      if (w.full && !(await w.flush())) return;
    }
    await w.flush();
  }

  /** Human text on stdout that is not the result (an interactive walk, a report before a failure); nothing with --json. */
  print(text: string): void {
    if (this.json) return;
    const safe = this.plain(this.safe(text));
    this.io.stdout.write(safe.endsWith('\n') ? safe : `${safe}\n`);
  }

  /** Progress and notes for people: stderr, silenced by --quiet and --json. */
  info(msg: string): void {
    if (!this.quiet && !this.json) this.io.stderr.write(`${this.plain(this.safe(msg))}\n`);
  }

  /** Warnings: stderr, always (also with --json: stdout stays one document). */
  warn(msg: string): void {
    this.io.stderr.write(`${this.color.yellow(t('common.warning'))} ${this.plain(this.safe(msg))}\n`);
  }

  error(msg: string): void {
    this.io.stderr.write(`${this.color.red(t('common.error'))} ${this.plain(this.safe(msg))}\n`);
  }

  /**
   * The width human tables fit: the terminal's, else $COLUMNS, else 80 (a pipe, a file);
   * unlimited with --wide.
   */
  get width(): number {
    if (this.wide) return Infinity;
    const tty = this.io.stdout.isTTY ? this.io.stdout.columns : undefined;
    if (tty && tty > 0) return tty;
    const env = Number(this.io.env.COLUMNS);
    return Number.isInteger(env) && env > 0 ? env : 80;
  }

  /** Sentences of human output fitted to the width (word-wrapped; as they are with --wide); `hang` indents a line's continuations further. */
  wrap(text: string, hang = ''): string {
    return wrapProse(frenchTypography(text), this.width, hang);
  }

  /** A borderless aligned table of a few rows (a show command's lines), fitted to the width. */
  table<T>(rows: readonly T[], columns: Column<T>[]): string {
    const headers = this.headers(columns);
    const cells = rows.map((r) => this.cells(columns, r));
    const l = layout(columns, headers, cells, this.width);
    const lines = this.headerLines(l, columns, headers);
    for (const c of cells) lines.push(...renderRow(l, this.pick(l, columns, c)));
    return lines.join('\n');
  }

  /**
   * A list, streamed (issue 14): with --json one JSON array written element by element as
   * the rows are read; else a table whose widths come from the first page, written row by
   * row. Waits for the reader when the pipe is full (backpressure) and stops reading when
   * the reader has gone. `--offset`/`--limit` apply to both; on a terminal a human list
   * shows one page unless --limit says otherwise, and says how many rows there are.
   *
   *   await app.out.list(iterateRows(...), [{ header: 'ref', value: (r) => r.ref }, …], { json: toJson });
   */
  async list<T>(rows: Iterable<T> | AsyncIterable<T>, columns: Column<T>[], opts: ListOptions<T> = {}): Promise<void> {
    if (this.json) {
      const pieces = opts.jsonPieces;
      if (pieces) return this.jsonList(rows, (row, w) => pieces(row, w));
      const text = opts.jsonText ?? ((row: T) => JSON.stringify(opts.json ? opts.json(row) : row));
      return this.jsonList(rows, (row, w) => w.add(text(row)));
    }
    return this.humanList(rows, columns, opts);
  }

  private async jsonList<T>(rows: Iterable<T> | AsyncIterable<T>, write: (row: T, w: Sink) => void): Promise<void> {
    const w = new Sink(this.io.stdout);
    const limit = this.limit || Infinity;
    let skip = this.offset;
    let n = 0;
    w.add('[');
    const done = await eachRow(rows, (row) => {
      if (skip > 0) {
        skip--;
        return true;
      }
      if (n >= limit) return false;
      // the separator as bytes, then the element: concatenating them copied every large element
      // once more (agenda: +180 ms), a Buffer.write for the separator cost as much on small ones
      w.ascii(n === 0 ? '\n' : ',\n');
      write(row, w);
      n++;
      return w.full ? w.flush() : true;
    });
    if (done === 'reader gone') return;
    w.add(n === 0 ? ']\n' : '\n]\n');
    await w.flush();
  }

  private async humanList<T>(rows: Iterable<T> | AsyncIterable<T>, columns: Column<T>[], opts: ListOptions<T>): Promise<void> {
    // on a terminal a whole list goes through the pager (issue 24), as git does; --no-pager,
    // --limit or a pipe: everything is written to stdout
    const pager = this.pager();
    try {
      await this.humanRows(pager ?? this.io.stdout, rows, columns, opts);
    } finally {
      await pager?.end();
    }
  }

  /** The pager of a list: on a terminal, without --limit nor --no-pager, when `$PAGER` names one. */
  private pager(): Pager | null {
    if (!this.usePager || this.limit !== undefined || !this.io.stdout.isTTY || !this.io.pager) return null;
    const command = pagerCommand(this.io.env);
    return command === null ? null : this.io.pager(command);
  }

  private async humanRows<T>(out: Stream, rows: Iterable<T> | AsyncIterable<T>, columns: Column<T>[], opts: ListOptions<T>): Promise<void> {
    const w = new Sink(out);
    const limit = this.limit ? this.limit : Infinity;
    const headers = this.headers(columns);
    const first: string[][] = [];
    let l: Layout<T> | undefined;
    let skip = this.offset;
    let seen = 0;
    let shown = 0;
    let total = 0;
    const start = (): void => {
      l = layout(columns, headers, first, this.width);
      if (opts.head) w.add(this.plain(opts.head.endsWith('\n') ? opts.head : `${opts.head}\n`));
      for (const line of this.headerLines(l, columns, headers)) w.line(this.plain(line));
      for (const c of first) emit(this.pick(l, columns, c));
      first.length = 0;
    };
    const plain = this.plainSpaces;
    const emit = (cells: string[]): void => {
      const line = renderLine(l!, cells);
      if (line !== undefined) w.line(plain ? this.plain(line) : line);
      else for (const part of renderLines(l!, cells)) w.line(plain ? this.plain(part) : part);
    };
    const yes = t('common.yes');
    const no = t('common.no');
    const done = await eachRow(rows, (row) => {
      total++;
      if (skip > 0) {
        skip--;
        return true;
      }
      if (shown >= limit) return !out.closed; // counting the rest for the total
      seen++;
      shown++;
      if (!l) {
        first.push(this.cells(columns, row, yes, no));
        if (first.length >= Math.min(FIRST_PAGE, limit)) start();
      } else {
        // once laid out, only the cells of the columns kept (a dropped column's value is not computed)
        emit(this.cells(l.columns, row, yes, no));
      }
      return w.full ? w.flush() : true;
    });
    if (done === 'reader gone') return;
    if (seen === 0) {
      if (total === 0) {
        const text = opts.empty ?? t('list.empty');
        if (opts.head) w.add(this.plain(opts.head.endsWith('\n') ? opts.head : `${opts.head}\n`));
        if (text !== '') w.line(this.plain(text));
      }
    } else if (!l) start();
    if (!(await w.flush())) return;
    const to = this.offset + seen;
    if (to < total || this.offset > 0) {
      const params = { from: seen ? this.offset + 1 : this.offset, to, total, next: to };
      this.info(to >= total ? t('list.window', params) : t('list.more', params));
    }
  }

  private headers<T>(columns: Column<T>[]): string[] {
    return columns.map((c) => c.header.toUpperCase());
  }

  private headerLines<T>(l: Layout<T>, columns: Column<T>[], headers: string[]): string[] {
    return renderRow(l, this.pick(l, columns, headers)).map((line) => this.color.bold(line));
  }

  private cells<T>(columns: Column<T>[], row: T, yes = t('common.yes'), no = t('common.no')): string[] {
    const cells = new Array<string>(columns.length);
    for (let k = 0; k < columns.length; k++) cells[k] = this.safe(fmtCell(columns[k]!.value(row), yes, no));
    return cells;
  }

  /** The cells of the columns a layout kept. */
  private pick<T>(l: Layout<T>, columns: Column<T>[], cells: string[]): string[] {
    if (l.columns.length === columns.length) return cells;
    return l.columns.map((c) => cells[columns.indexOf(c)]!);
  }

  /** Key/value block for `show` commands. */
  fields(pairs: [string, string | number | boolean | null | undefined][]): string {
    const w = Math.max(...pairs.map(([k]) => visibleWidth(k)));
    const room = Math.max(20, this.width - w - 2);
    return pairs
      .map(([k, v]) => {
        const lines = wrapText(this.safe(fmtCell(v, t('common.yes'), t('common.no'))), room);
        const key = this.color.dim(k + ' '.repeat(w - visibleWidth(k)));
        return [`${key}  ${lines[0]}`, ...lines.slice(1).map((l) => `${' '.repeat(w)}  ${l}`)].join('\n');
      })
      .join('\n');
  }

  /**
   * Stored text as a terminal should show it (issue 12): control characters escaped
   * (`\x1b`), colour kept only when this run writes colour itself.
   */
  /**
   * Human text as written: control characters escaped, ISO dates in the run's format
   * (fmtDatesIn), French typography's no-break spaces (frenchTypography) — before any
   * wrapping, so that the wrapper keeps `15 128,94 €` and `« … »` whole.
   */
  private safe(s: string): string {
    return frenchTypography(escapeControls(fmtDatesIn(s), this.color.level > 0));
  }

  /** French human output on a pipe or in a file: the no-break spaces become plain ones (grep '1 500,00'), once the lines are laid out. */
  private get plainSpaces(): boolean {
    return lang() === 'fr' && !terminalTypography();
  }

  private plain(s: string): string {
    return this.plainSpaces ? s.replace(NO_BREAK, ' ') : s;
  }

  /** Amounts, dates and yes/no in the run's language (src/i18n/format.ts). */
  money(cents: number): string {
    return fmtMoney(cents);
  }

  date<T extends string | null | undefined>(iso: T): T {
    return fmtDate(iso);
  }

  dateTime<T extends string | null | undefined>(s: T): T {
    return fmtDateTime(s);
  }

  pass(ok: boolean): string {
    return ok ? this.color.green(t('cli.pass')) : this.color.red(t('cli.fail'));
  }
}

/**
 * `each` on every row until it returns false; a promise it returns (a flush waiting for the
 * reader) is awaited, and its false also stops. A sync iterable (the lists' generators) is
 * read synchronously: `for await` would cost a promise per row (~35 ms per 100 000 rows).
 * Returns 'reader gone' when a flush said the reader has gone, else 'done'.
 */
async function eachRow<T>(rows: Iterable<T> | AsyncIterable<T>, each: (row: T) => boolean | Promise<boolean>): Promise<'done' | 'reader gone'> {
  const step = async (r: boolean | Promise<boolean>): Promise<boolean | 'gone'> => (typeof r === 'boolean' ? r : (await r) ? true : 'gone');
  if (Symbol.iterator in rows) {
    for (const row of rows) {
      const r = each(row);
      if (r === true) continue;
      if (r === false) return 'done';
      if ((await step(r)) === 'gone') return 'reader gone';
    }
    return 'done';
  }
  for await (const row of rows) {
    const r = await step(each(row));
    if (r === 'gone') return 'reader gone';
    if (!r) return 'done';
  }
  return 'done';
}

/**
 * Collects output and hands it to a stream in chunks of about CHUNK bytes, waiting for
 * `drain` when the stream says it is full; `flush()` answers false once the reader has
 * gone (the caller stops reading). A stream that takes bytes (the process's stdout) gets
 * each piece encoded straight into a reused-size Buffer: building a 64 KiB string by `+=`
 * and encoding it at the end cost 3× more (100 000 agenda rows: 6.2 s → 1.9 s in
 * isolation, most of it UTF-8 encoding of the flattened string).
 */
class Sink implements JsonPieces {
  private pending = '';
  private bytes: Buffer | undefined;
  private used = 0;
  private readonly ready: Uint8Array[] = [];
  private readonly toBytes: boolean;
  constructor(private readonly stream: Stream) {
    this.toBytes = typeof stream.writeBytes === 'function';
  }

  add(s: string): void {
    if (!this.toBytes) {
      this.pending += s;
      return;
    }
    if (s.length === 0) return;
    // a UTF-16 code unit takes at most 3 bytes in UTF-8
    if (this.bytes === undefined || this.used + s.length * 3 > this.bytes.length) {
      const need = Buffer.byteLength(s);
      if (this.bytes === undefined || this.used + need > this.bytes.length) {
        if (this.bytes !== undefined && this.used > 0) this.ready.push(this.bytes.subarray(0, this.used));
        this.bytes = Buffer.allocUnsafeSlow(Math.max(CHUNK * 2, need));
        this.used = 0;
      }
    }
    this.used += this.bytes.write(s, this.used);
  }

  text(s: string): void {
    this.add(s);
  }

  encoded(text: string, bytes: Uint8Array): void {
    if (!this.toBytes) {
      this.pending += text;
      return;
    }
    if (this.bytes === undefined || this.used + bytes.length > this.bytes.length) {
      if (this.bytes !== undefined && this.used > 0) this.ready.push(this.bytes.subarray(0, this.used));
      this.bytes = Buffer.allocUnsafeSlow(Math.max(CHUNK * 2, bytes.length));
      this.used = 0;
    }
    this.bytes.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** A short ASCII piece (a separator) written as bytes when the buffer has room. */
  ascii(s: string): void {
    if (this.bytes !== undefined && this.used + s.length <= this.bytes.length) {
      for (let i = 0; i < s.length; i++) this.bytes[this.used++] = s.charCodeAt(i);
    } else this.add(s);
  }

  line(s: string): void {
    this.add(s);
    // the line feed as a byte when the buffer has room (a second Buffer.write per line cost ~5 % of a table)
    if (this.bytes !== undefined && this.used < this.bytes.length) this.bytes[this.used++] = 0x0a;
    else this.add('\n');
  }

  /** Enough collected to be worth a write. */
  get full(): boolean {
    return this.toBytes ? this.used >= CHUNK || this.ready.length > 0 : this.pending.length >= CHUNK;
  }

  async flush(): Promise<boolean> {
    if (this.stream.closed) return false;
    let ok = true;
    if (this.toBytes) {
      if (this.bytes !== undefined && this.used > 0) {
        this.ready.push(this.bytes.subarray(0, this.used));
        // the stream keeps the written Buffer until it has left: the next piece goes to a new one
        this.bytes = undefined;
        this.used = 0;
      }
      for (const b of this.ready.splice(0)) ok = this.stream.writeBytes!(b) !== false && ok;
    } else if (this.pending !== '') {
      ok = this.stream.write(this.pending) !== false;
      this.pending = '';
    }
    if (!ok && this.stream.once) await new Promise<void>((resolve) => this.stream.once!('drain', resolve));
    return !this.stream.closed;
  }
}
