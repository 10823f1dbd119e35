/**
 * The fast table layer (issue 14) against the definitions it replaced: visibleWidth walks
 * char codes instead of running regexes, renderRow builds a one-line row as one string. Both
 * must give exactly what the regex definitions gave, on any string.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cut, renderRow, visibleWidth, type Column, type Layout } from '../../src/cli/table.js';
import { fmtDatesIn, fmtEnum } from '../../src/i18n/format.js';
import { lang, setLang } from '../../src/i18n/index.js';
import { escapeControls } from '../../src/text/controls.js';

// ---- the definitions before issue 14's rewrite, kept verbatim as the reference ----
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
const MARKS = /\p{M}/gu;
const refStrip = (s: string): string => (s.includes('\x1b') ? s.replace(ANSI, '') : s);
function refWidth(s: string): number {
  const plain = refStrip(s);
  // eslint-disable-next-line no-control-regex
  if (/^[\x20-\x7e]*$/.test(plain)) return plain.length;
  let n = 0;
  for (const _ of plain.replace(MARKS, '')) n++;
  return n;
}
function refCut(s: string, w: number): string {
  if (refWidth(s) <= w) return s;
  if (w <= 0) return '';
  const chars = [...refStrip(s).normalize('NFC')];
  return `${chars.slice(0, w - 1).join('')}…`;
}
function refWrap(s: string, w: number): string[] {
  if (refWidth(s) <= w) return [s];
  const plain = refStrip(s);
  const lines: string[] = [];
  let line = '';
  // ASCII whitespace only: a no-break space is part of its word (issue 24)
  for (const word of plain.split(/[ \t\r\n]+/).filter(Boolean)) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (refWidth(candidate) <= w) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = refWidth(word) <= w ? word : refCut(word, w);
  }
  if (line !== '') lines.push(line);
  return lines.length ? lines : [''];
}
function refRenderRow<T>(l: Layout<T>, cells: string[]): string[] {
  const cols: string[][] = cells.map((cell, k) => {
    const w = l.widths[k]!;
    const parts = cell.split('\n');
    if (l.width === Infinity) return parts;
    const c = l.columns[k]!;
    if (c.wrap) return parts.flatMap((p) => refWrap(p, w));
    if (c.min === undefined) return parts;
    return parts.map((p) => refCut(p, w));
  });
  const height = Math.max(...cols.map((c) => c.length));
  const out: string[] = [];
  for (let line = 0; line < height; line++) {
    let s = '';
    for (let k = 0; k < cols.length; k++) {
      const text = cols[k]![line] ?? '';
      const pad = Math.max(0, l.widths[k]! - refWidth(text));
      const cell = l.columns[k]!.align === 'right' ? ' '.repeat(pad) + text : text + ' '.repeat(pad);
      s += k === 0 ? cell : '  ' + cell;
    }
    s = s.trimEnd();
    out.push(l.width !== Infinity && refWidth(s) > l.width ? refCut(s, l.width) : s);
  }
  return out;
}

// ---- strings that exercise every branch: ASCII, Latin-1, combining marks, emoji, ANSI, surrogates ----
const pieces = [
  'a',
  'Z',
  ' ',
  '  ',
  '-',
  '…',
  'é',
  'É',
  'ß',
  'ÿ',
  '\u00a0',
  '\u202f',
  '\t',
  '\n',
  '\x1b',
  '\x7f',
  '\u0085',
  'e\u0301',
  '\u0301',
  '\u0300',
  '\u036f',
  '\u0483',
  '\u0591',
  '\u0610',
  '\u093f',
  '\u20d0',
  '\ufe0f',
  '\ufe20',
  '\u{1d165}',
  '\u{e0100}',
  '\u{1f600}',
  '👍🏽',
  '👨‍👩‍👧',
  '🇫🇷',
  '中',
  '한',
  '\ud83d',
  '\ude00',
  '\udbff',
  '\udc00',
  '\x1b[1m',
  '\x1b[0m',
  '\x1b[31;1m',
  '\x1b[',
  '[0m',
  '\x1b[m',
  '1 500,00 €',
  'F2099-000001',
  '27/11/2026',
  'Rousseau-Bérard de Montmorency',
];
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...pieces) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-composite', maxLength: 4 }) },
);
const text = fc.array(piece, { maxLength: 12 }).map((xs) => xs.join(''));

describe('visibleWidth (char-code walk)', () => {
  it('equals the regex definition on arbitrary strings', () => {
    fc.assert(
      fc.property(text, (s) => visibleWidth(s) === refWidth(s)),
      { numRuns: 20000 },
    );
  });

  it('equals it on every single code point and on every pair of code units around a mark', () => {
    for (let c = 0; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const s = String.fromCodePoint(c);
      if (visibleWidth(s) !== refWidth(s)) expect([c.toString(16), visibleWidth(s)]).toEqual([c.toString(16), refWidth(s)]);
    }
    for (const s of ['\ud800\u0301\udc00', '\ud800\u{1d165}\udc00', '\ud800\x1b[0m\udc00', 'x\udc00', '\ud800', '\ud800\ud800\udc00', '\u0301\u0301\udc00']) {
      expect(visibleWidth(s)).toBe(refWidth(s));
    }
  });

  it('cut is unchanged', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: -1, max: 20 }), (s, w) => cut(s, w) === refCut(s, w)),
      { numRuns: 20000 },
    );
  });
});

describe('renderRow (one-line fast path)', () => {
  type Spec = { align?: 'left' | 'right'; min?: number; wrap?: boolean; width: number };
  const spec: fc.Arbitrary<Spec> = fc.record(
    {
      align: fc.constantFrom<'left' | 'right' | undefined>('left', 'right', undefined),
      min: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
      wrap: fc.boolean(),
      width: fc.integer({ min: 0, max: 14 }),
    },
    { requiredKeys: ['width'] },
  );
  const row = fc
    .array(fc.tuple(spec, text), { minLength: 1, maxLength: 6 })
    .chain((cols) => fc.tuple(fc.constant(cols), fc.oneof(fc.integer({ min: 0, max: 90 }), fc.constant(Infinity))));

  it('gives the lines the general path gave, for any cells, widths, alignments, wraps and cuts', () => {
    fc.assert(
      fc.property(row, ([cols, width]) => {
        const columns: Column<unknown>[] = cols.map(([s]) => ({ header: 'h', value: () => '', align: s.align, min: s.min, wrap: s.wrap }));
        const l: Layout<unknown> = { columns, widths: cols.map(([s]) => s.width), width };
        const cells = cols.map(([, t]) => t);
        expect(renderRow(l, cells)).toEqual(refRenderRow(l, cells));
      }),
      { numRuns: 20000 },
    );
  });

  it('a row of plain cells: padded, right-aligned, the line cut at the width with "…"', () => {
    const columns: Column<unknown>[] = [
      { header: 'n', value: () => '' },
      { header: 'm', value: () => '', align: 'right' },
      { header: 'name', value: () => '', min: 4 },
      { header: 's', value: () => '' },
    ];
    const l: Layout<unknown> = { columns, widths: [4, 6, 8, 3], width: 30 };
    expect(renderRow(l, ['F1', '12', 'Hélène Marchand', 'ok'])).toEqual(['F1        12  Hélène …  ok']);
    expect(renderRow(l, ['F1-very-long-number', '12', 'Zoé', 'late'])).toEqual(['F1-very-long-number      12  …']);
    expect(renderRow({ ...l, width: Infinity }, ['F1', '12', 'Hélène Marchand', 'ok'])).toEqual(['F1        12  Hélène Marchand  ok']);
    expect(renderRow(l, ['\x1b[1mF1\x1b[0m', '1', 'Zoe\u0301', ''])).toEqual(['\x1b[1mF1\x1b[0m         1  Zoe\u0301']);
  });
});

describe('the pre-tests before the regexes of every cell', () => {
  // the regexes of src/text/controls.ts and src/i18n/format.ts, run on every string as before
  // eslint-disable-next-line no-control-regex
  const SHOWN = /(\u001b\[[0-9;]*m)|(\r\n)|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\u061c\u2028\u2029\ufeff]/g;
  const refEscape = (s: string, keep: boolean): string =>
    s.replace(SHOWN, (whole, style: string | undefined, crlf: string | undefined) => {
      if (crlf !== undefined) return crlf;
      if (style !== undefined) return keep ? style : style.replace(/\u001b/g, '\\x1b');
      const c = whole.charCodeAt(0);
      return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
    });
  const DATES = /(?<![\w./\\"'“«-])(?<!« )(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2})(:\d{2})?(?:\.\d+)?(Z)?)?(?![\w-]|\.\w|["'”]| »)/g;
  const refDates = (text: string): string =>
    text.replace(DATES, (_m, y: string, mo: string, d: string, hm?: string, sec?: string, z?: string) => {
      const day = `${d}/${mo}/${y}`;
      if (!hm) return day;
      return `${day} ${hm}${sec ?? ''}${z ? ' UTC' : ''}`;
    });
  const controls = fc.constantFrom(
    '\x00',
    '\x07',
    '\t',
    '\n',
    '\r',
    '\r\n',
    '\x1b',
    '\x1b[31m',
    '\x1b[0m',
    '\x7f',
    '\x85',
    '\x9f',
    '\xa0',
    '\u202a',
    '\u202e',
    '\u202f',
    '\u2066',
    '\u2069',
    '\u206a',
    '\u200b',
    '\u200d',
    '\u200e',
    '\u200f',
    '\u061c',
    '\u061d',
    '\u2028',
    '\u2029',
    '\ufeff',
    '\ufefe',
  );
  const dates = fc.constantFrom(
    '2026-11-27',
    '2026-11-27T10:00',
    '2026-11-27T21:05:00.000Z',
    '-',
    '1-',
    '2026-1-27',
    '12026-11-27',
    'F2099-000001',
    'RUM-2026-11-20-X',
    '«',
    '»',
    '"',
    '.',
    '/',
    ' ',
    'T',
    ':',
    '9',
  );
  const mixed = fc
    .array(fc.oneof(controls, dates, fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom(...pieces)), { maxLength: 10 })
    .map((xs) => xs.join(''));

  it('escapeControls: as the regex alone, with and without colour', () => {
    fc.assert(
      fc.property(mixed, fc.boolean(), (s, keep) => escapeControls(s, keep) === refEscape(s, keep)),
      { numRuns: 20000 },
    );
  });

  it('fmtDatesIn in French: as the regex alone', () => {
    const before = lang();
    setLang('fr');
    try {
      fc.assert(
        fc.property(mixed, (s) => fmtDatesIn(s) === refDates(s)),
        { numRuns: 20000 },
      );
      expect(fmtDatesIn('le 2026-11-27 à 2026-12-02T10:00')).toBe('le 27/11/2026 à 02/12/2026 10:00');
    } finally {
      setLang(before);
    }
  });

  it('fmtEnum answers in the language of the moment (its cache follows a change of language)', () => {
    const before = lang();
    try {
      setLang('en');
      expect(fmtEnum('member_status', 'active')).toBe('active');
      setLang('fr');
      expect(fmtEnum('member_status', 'active')).toBe('actif');
      expect(fmtEnum('member_status', 'nonsense')).toBe('nonsense');
      setLang('en');
      expect(fmtEnum('member_status', 'active')).toBe('active');
    } finally {
      setLang(before);
    }
  });
});
