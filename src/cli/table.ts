/**
 * Human tables that fit a width and can be written row by row (issue 11, 14): the layout
 * (which columns, how wide) is decided once from the headers and a first page of rows,
 * then every row is rendered on its own — never from the whole list. A cell longer than
 * its column is cut with "…" (or wrapped within its column for `wrap` columns), so a row
 * never spills into the next column and no line is wider than the width.
 */

export type Cell = string | number | boolean | null | undefined;

export type Column<T> = {
  header: string;
  value: (row: T) => Cell;
  align?: 'left' | 'right';
  /**
   * Dropped to fit the width, highest first (the least useful column has the highest
   * number); a column without `drop` is always shown.
   */
  drop?: number;
  /**
   * Free text (names, labels): cut with "…" to fit, down to this width before any column is
   * dropped. A column without `min` (numbers, dates, codes) is never cut: a value longer
   * than the first page's pushes the rest of its line (cut at the width).
   */
  min?: number;
  /** Width reserved whatever the first page holds (numbers that grow: member 1 … 100000). */
  width?: number;
  /** Wrapped on several lines within its column instead of cut (lists of words). */
  wrap?: boolean;
};

export interface Layout<T> {
  columns: Column<T>[];
  widths: number[];
  /** The whole width (Infinity with --wide: cells are never cut). */
  width: number;
}

const GAP = 2;
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

export function stripAnsi(s: string): string {
  return s.includes('\x1b') ? s.replace(ANSI, '') : s;
}

/**
 * Whether a code point is a combining mark (\p{M}), asked of the regex once per code point:
 * a table of 100 000 rows meets the same few accented letters again and again.
 */
const MARK = /^\p{M}$/u;
const markBmp = new Uint8Array(0x10000); // 0 not asked yet, 1 a mark, 2 not a mark
const markAstral = new Map<number, boolean>();
function isMark(cp: number): boolean {
  if (cp < 0x10000) {
    let m = markBmp[cp]!;
    if (m === 0) markBmp[cp] = m = MARK.test(String.fromCharCode(cp)) ? 1 : 2;
    return m === 1;
  }
  let m = markAstral.get(cp);
  if (m === undefined) markAstral.set(cp, (m = MARK.test(String.fromCodePoint(cp))));
  return m;
}

/**
 * Columns a string takes on a terminal (escape codes and combining marks take none): its
 * code points once the colour escapes and the \p{M} marks are removed. Walks the char
 * codes (issue 14: the regexes were a fifth of a 100 000-row table's time): below U+0300
 * (ASCII, Latin-1, Latin Extended) a unit is one column and nothing is asked; a surrogate
 * pair is one code point; a lone high surrogate that only marks separate from a lone low
 * one makes a pair with it once the marks are gone, as it did when the marks were removed
 * from the string before counting (test/cli/table-fast.test.ts holds the old definition).
 */
export function visibleWidth(s: string): number {
  if (s.includes('\x1b')) s = s.replace(ANSI, '');
  const len = s.length;
  let n = 0;
  let loneHigh = false;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x300) {
      n++;
      loneHigh = false;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < len ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        if (isMark(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000)) continue;
        n++;
        loneHigh = false;
      } else {
        n++;
        loneHigh = true;
      }
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      if (loneHigh) loneHigh = false;
      else n++;
    } else if (!isMark(c)) {
      n++;
      loneHigh = false;
    }
  }
  return n;
}

export function fmtCell(v: Cell, yes = 'yes', no = 'no'): string {
  if (v === null || v === undefined || v === '') return '-';
  if (typeof v === 'boolean') return v ? yes : no;
  return String(v);
}

/** Cuts a string to `w` visible columns, ending with "…" when something was cut. */
export function cut(s: string, w: number): string {
  if (visibleWidth(s) <= w) return s;
  if (w <= 0) return '';
  // the first w - 1 code points, counted in place (no array of characters)
  const t = stripAnsi(s).normalize('NFC');
  let i = 0;
  for (let k = 0; k < w - 1 && i < t.length; k++) {
    const c = t.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < t.length && (t.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return `${t.slice(0, i)}…`;
}

/** Word-wraps a string to lines of at most `w` columns (a word longer than `w` is cut). */
export function wrapText(s: string, w: number): string[] {
  if (visibleWidth(s) <= w) return [s];
  const plain = stripAnsi(s);
  const lines: string[] = [];
  let line = '';
  // ASCII whitespace only: a no-break space (U+00A0, U+202F) is part of its word (issue 24)
  for (const word of plain.split(/[ \t\r\n]+/).filter(Boolean)) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (visibleWidth(candidate) <= w) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = visibleWidth(word) <= w ? word : cut(word, w);
  }
  if (line !== '') lines.push(line);
  return lines.length ? lines : [''];
}

/**
 * Human sentences fitted to `w` columns: each line word-wrapped, its indentation kept on
 * the lines it becomes (plus `hang` after the first: a list item's text under its mark); a
 * word longer than the width (a path) stays whole.
 */
export function wrapProse(text: string, w: number, hang = ''): string {
  if (w === Infinity) return text;
  return text
    .split('\n')
    .map((line) => {
      if (visibleWidth(line) <= w) return line;
      const indent = /^\s*/.exec(line)![0];
      const room = Math.max(20, w - indent.length - hang.length);
      const out: string[] = [];
      let cur = '';
      for (const word of line.slice(indent.length).split(/ +/)) {
        if (cur !== '' && visibleWidth(cur) + 1 + visibleWidth(word) > room) {
          out.push(cur);
          cur = word;
        } else cur = cur === '' ? word : `${cur} ${word}`;
      }
      if (cur !== '') out.push(cur);
      return out.map((l, i) => (i === 0 ? indent : indent + hang) + l).join('\n');
    })
    .join('\n');
}

/**
 * Chooses the columns and their widths for `width` from the header cells and a first page
 * of rendered cells: wrap/min columns shrink first, then the columns with the highest
 * `drop` go, one at a time, until the table fits.
 */
export function layout<T>(columns: Column<T>[], headers: string[], sample: string[][], width: number): Layout<T> {
  const natural = columns.map((c, i) => Math.max(c.width ?? 0, visibleWidth(headers[i]!), ...sample.map((r) => longestLine(r[i]!))));
  let shown = columns.map((_, i) => i);
  for (;;) {
    const widths = fitWidths(shown, natural, columns, headers, width);
    if (widths) return { columns: shown.map((i) => columns[i]!), widths, width };
    const droppable = shown.filter((i) => columns[i]!.drop !== undefined);
    if (droppable.length === 0) {
      // nothing left to drop: the essential columns share the width, each cut to fit
      const widths = shown.map((i) => natural[i]!);
      let excess = sum(widths) + GAP * (widths.length - 1) - width;
      for (let k = widths.length - 1; k >= 0 && excess > 0; k--) {
        const take = Math.min(excess, widths[k]! - 1);
        widths[k] = widths[k]! - take;
        excess -= take;
      }
      return { columns: shown.map((i) => columns[i]!), widths, width };
    }
    const victim = droppable.reduce((a, b) => (columns[b]!.drop! >= columns[a]!.drop! ? b : a));
    shown = shown.filter((i) => i !== victim);
  }
}

function fitWidths<T>(shown: number[], natural: number[], columns: Column<T>[], headers: string[], width: number): number[] | null {
  const widths = shown.map((i) => natural[i]!);
  let excess = sum(widths) + GAP * (widths.length - 1) - width;
  if (excess <= 0) return widths;
  // shrink the shrinkable columns, the widest first, down to their minimum
  const floor = (k: number) => {
    const c = columns[shown[k]!]!;
    const min = c.min ?? (c.wrap ? 12 : natural[shown[k]!]!);
    return Math.min(natural[shown[k]!]!, Math.max(min, c.wrap ? visibleWidth(headers[shown[k]!]!) : 1));
  };
  while (excess > 0) {
    let best = -1;
    for (let k = 0; k < widths.length; k++) {
      if (widths[k]! > floor(k) && (best < 0 || widths[k]! > widths[best]!)) best = k;
    }
    if (best < 0) return null;
    widths[best] = widths[best]! - 1;
    excess--;
  }
  return widths;
}

/** The lines of one row under a layout (one line unless a wrap column needs more). */
export function renderRow<T>(l: Layout<T>, cells: string[]): string[] {
  const line = renderLine(l, cells);
  return line === undefined ? renderLines(l, cells) : [line];
}

/**
 * The row as one line when it is one (no cell holds a line break, no wrap column needs to
 * wrap), built as one string without the arrays of the general case (issue 14); undefined
 * when it takes the general case. Same text as renderLines: each cell cut or kept as
 * there, padded, the line cut at the width only when its cells may exceed it.
 */
export function renderLine<T>(l: Layout<T>, cells: string[]): string | undefined {
  const n = cells.length;
  if (n === 0) return undefined;
  const { widths, columns, width } = l;
  const wide = width === Infinity;
  let s = '';
  // the cells' widths and the gaps: the line's width is at most this (removing escapes
  // and marks from a concatenation never counts more than from its pieces)
  let most = 0;
  // spaces owed before the next text (a left cell's padding, the gap): one piece of spaces
  // per cell, and none at the end of the line, where trimEnd would remove them
  let owed = 0;
  for (let k = 0; k < n; k++) {
    let text = cells[k]!;
    if (text.includes('\n')) return undefined;
    const w = widths[k]!;
    let vw = visibleWidth(text);
    const c = columns[k]!;
    if (!wide && vw > w) {
      if (c.wrap) return undefined;
      if (c.min !== undefined) {
        text = cut(text, w);
        vw = visibleWidth(text);
      }
    }
    if (k > 0) {
      owed += GAP;
      most += GAP;
    }
    const pad = vw < w ? w - vw : 0;
    most += vw + pad;
    if (c.align === 'right') {
      s += spaces(owed + pad) + text;
      owed = 0;
    } else {
      if (owed > 0) s += spaces(owed);
      s += text;
      owed = pad;
    }
  }
  s = s.trimEnd();
  return !wide && most > width && visibleWidth(s) > width ? cut(s, width) : s;
}

/** The general case: cells of several lines, wrapped columns (renderRow when renderLine says undefined). */
export function renderLines<T>(l: Layout<T>, cells: string[]): string[] {
  const cols: string[][] = cells.map((cell, k) => {
    const w = l.widths[k]!;
    const parts = cell.split('\n');
    if (l.width === Infinity) return parts;
    const c = l.columns[k]!;
    if (c.wrap) return parts.flatMap((p) => wrapText(p, w));
    // numbers, dates, codes: never cut (a longer one pushes the line, which is cut at the end)
    if (c.min === undefined) return parts;
    return parts.map((p) => cut(p, w));
  });
  const height = Math.max(...cols.map((c) => c.length));
  const out: string[] = [];
  for (let line = 0; line < height; line++) {
    let s = '';
    for (let k = 0; k < cols.length; k++) {
      const text = cols[k]![line] ?? '';
      const pad = Math.max(0, l.widths[k]! - visibleWidth(text));
      const cell = l.columns[k]!.align === 'right' ? spaces(pad) + text : text + spaces(pad);
      s += k === 0 ? cell : GAP_SPACES + cell;
    }
    s = s.trimEnd();
    out.push(l.width !== Infinity && visibleWidth(s) > l.width ? cut(s, l.width) : s);
  }
  return out;
}

const GAP_SPACES = ' '.repeat(GAP);
const SPACES = Array.from({ length: 129 }, (_, i) => ' '.repeat(i));
function spaces(n: number): string {
  return n < SPACES.length ? SPACES[n]! : ' '.repeat(n);
}

function longestLine(s: string): number {
  if (!s.includes('\n')) return visibleWidth(s);
  return Math.max(...s.split('\n').map(visibleWidth));
}

function sum(xs: number[]): number {
  let n = 0;
  for (const x of xs) n += x;
  return n;
}
