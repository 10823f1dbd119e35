/**
 * Help text fitted to the terminal's width (issue 24), 80 columns on a pipe, like every
 * table: commander wraps what it lays out itself, this wraps the rest — the texts after
 * the options (columns, notes, examples) and the list items commander leaves whole.
 * - an example `$ parnasse …` is continued with ` \` on lines indented four more spaces,
 *   breaking between shell words (a quoted value stays whole), so it can still be pasted;
 * - a list item (`term   description`) continues under its description;
 * - prose keeps its indentation. A word longer than the width stays whole, except a choice
 *   list `a|b|c`, broken after a `|`.
 */
import { visibleWidth } from './table.js';

/** The width help is fitted to: the terminal's, else $COLUMNS, else 80. */
export function helpWidth(stdout: { isTTY?: boolean; columns?: number }, env: Record<string, string | undefined>): number {
  const tty = stdout.isTTY ? stdout.columns : undefined;
  if (tty && tty > 0) return tty;
  const n = Number(env.COLUMNS);
  return Number.isInteger(n) && n > 0 ? n : 80;
}

export function fitHelp(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => (visibleWidth(line) <= width ? line : fitLine(line, width)))
    .join('\n');
}

function fitLine(line: string, width: number): string {
  const example = /^(\s*)(\$ .*)$/.exec(line);
  if (example) return fitExample(example[1]!, example[2]!, width);
  const item = /^(\s+)(\S(?:.*?\S)?)( {2,})(\S.*)$/.exec(line);
  if (item) {
    const at = item[1]!.length + visibleWidth(item[2]!) + item[3]!.length;
    const under = width - at >= 24 ? ' '.repeat(at) : `${item[1]!}    `;
    return fill(words(item[4]!), width - at, width - under.length)
      .map((l, i) => (i === 0 ? `${item[1]}${item[2]}${item[3]}${l}` : under + l))
      .join('\n');
  }
  const indent = /^\s*/.exec(line)![0];
  return fill(words(line.slice(indent.length)), width - indent.length, width - indent.length)
    .map((l) => indent + l)
    .join('\n');
}

/** The words of a sentence; a `quoted command` stays one word (`see \`parnasse --help\``) so it is never cut. */
function words(s: string): string[] {
  return s.match(/(?:`[^`]*`|[^ `]+|`)+/g) ?? [];
}

/** Words into lines of at most `first` then `rest` columns (a longer word alone on its line). */
function fill(words: string[], first: number, rest: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const w of words.flatMap((x) => (visibleWidth(x) > rest && x.includes('|') ? x.split(/(?<=\|)/) : [x]))) {
    if (w === '') continue;
    const room = lines.length === 0 ? first : rest;
    // the pieces of a|b|c choice list join without a space
    const sep = cur.endsWith('|') ? '' : ' ';
    if (cur !== '' && visibleWidth(cur) + sep.length + visibleWidth(w) > room) {
      lines.push(cur);
      cur = w;
    } else cur = cur === '' ? w : `${cur}${sep}${w}`;
  }
  if (cur !== '') lines.push(cur);
  return lines;
}

/** Shell words of an example, quotes kept: `--note "a b"` is two words, not three. */
function shellWords(s: string): string[] {
  return s.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
}

function fitExample(indent: string, command: string, width: number): string {
  // a comment goes on its own line above: a `\` inside a comment would not continue the command
  const comment = /^(.*?)\s+(#.*)$/.exec(command);
  if (comment) {
    const rest = fitExample(indent, comment[1]!, width);
    return `${indent}${comment[2]}\n${rest}`;
  }
  const more = `${indent}    `;
  // a flag and its value stay on one line (`--minutes 90`)
  const words: string[] = [];
  for (const w of shellWords(command)) {
    const prev = words[words.length - 1];
    if (prev !== undefined && /^--?[\w-]+$/.test(prev) && !w.startsWith('-')) words[words.length - 1] = `${prev} ${w}`;
    else words.push(w);
  }
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    const room = width - (lines.length === 0 ? indent.length : more.length) - 2; // ' \'
    if (cur !== '' && visibleWidth(cur) + 1 + visibleWidth(w) > room) {
      lines.push(cur);
      cur = w;
    } else cur = cur === '' ? w : `${cur} ${w}`;
  }
  if (cur !== '') lines.push(cur);
  return lines.map((l, i) => `${i === 0 ? indent : more}${l}${i < lines.length - 1 ? ' \\' : ''}`).join('\n');
}
