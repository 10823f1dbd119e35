/**
 * Issue 11: help must never show a command that does not exist. Every `$ parnasse …`
 * example of every help text (the top level and each command, in both languages) is
 * parsed like a shell would and resolved against the real commander tree: each word must
 * name an existing sub-command down to a command that acts, and each `--flag` must be an
 * option of that command or a global one. The walk found `bill run --month 2026-12` in the
 * top-level help before the run existed; this test would have failed on it.
 */
import type { Option, CommandUnknownOpts as Command } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { buildProgram, loadGroups } from '../../src/cli/main.js';
import { cli, tempDbPath } from '../helpers/cli.js';

// the whole tree (a run loads only the group it names: test/cli/lazy-commands.test.ts)
await loadGroups('all');

const silent = { stdout: { write: () => true }, stderr: { write: () => true }, stdinIsTTY: false, env: {} };

function paths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.filter((c) => c.name() !== 'help').flatMap((c) => [[...prefix, c.name()], ...paths(c, [...prefix, c.name()])]);
}

/** Shell words of a command line, up to a pipe, redirect, `;`, `&&` or comment. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated quote in: ${line}`);
      cur += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else if (!inWord && (c === '|' || c === '>' || c === '<' || c === ';' || c === '#' || c === '&')) {
      break;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

function optionOf(cmd: Command, flag: string): Option | undefined {
  const name = flag.split('=')[0]!;
  return cmd.options.find((o) => o.long === name || o.short === name || (o.negate && o.long === name));
}

/** Why an example does not resolve against the program, or null when it does. */
function problem(program: Command, words: string[]): string | null {
  let i = 0;
  const takesValue = (o: Option): boolean => o.required || o.optional;
  const global = (w: string): Option | undefined => optionOf(program, w);
  let cmd: Command = program;
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (w.startsWith('-')) {
      const o = global(w) ?? (cmd !== program ? optionOf(cmd, w) : undefined);
      if (!o) return `unknown option ${w} for "${cmd === program ? 'parnasse' : cmd.name()}"`;
      if (takesValue(o) && !w.includes('=') && o.required) i++;
      continue;
    }
    const sub = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
    if (sub) {
      cmd = sub;
      continue;
    }
    if (cmd.commands.length > 0 && cmd.registeredArguments.length === 0) return `no command "${w}" under "${cmd === program ? 'parnasse' : cmd.name()}"`;
    // an argument of the acting command: the rest are its arguments and options
  }
  if (cmd === program) return 'no command';
  if (cmd.commands.length > 0 && cmd.registeredArguments.length === 0 && !(cmd as unknown as { _actionHandler: unknown })._actionHandler) {
    return `"${cmd.name()}" is a group, not a command`;
  }
  return null;
}

function examples(help: string): string[] {
  return help
    .split('\n')
    .map((l) => /^\s*\$\s+(?:[A-Z_]+=\S+\s+)*parnasse\s+(.*)$/.exec(l)?.[1])
    .filter((l): l is string => l !== undefined);
}

const ALL = paths(buildProgram(silent, []));

describe('every example of every help text runs a real command (issue 11)', () => {
  it('parses shell words like a shell', () => {
    expect(shellWords(`bill pay F1 --amount '1 500,00' --reason "x y" | jq .`)).toEqual(['bill', 'pay', 'F1', '--amount', '1 500,00', '--reason', 'x y']);
    expect(shellWords('--json member list # comment')).toEqual(['--json', 'member', 'list']);
  });

  it('the resolver refuses what does not exist', () => {
    const program = buildProgram(silent, []);
    expect(problem(program, ['bill', 'runn', '--month', '2026-12'])).toMatch(/no command "runn"/);
    expect(problem(program, ['member', 'list', '--colour'])).toMatch(/unknown option --colour/);
    expect(problem(program, ['bill'])).toMatch(/group/);
    expect(problem(program, ['--json', 'bill', 'run', '--month', '2026-12', '--dry-run'])).toBeNull();
  });

  for (const lang of ['en', 'fr']) {
    it(`${lang}: every example resolves`, { timeout: 120_000 }, async () => {
      const program = buildProgram(silent, []);
      const db = tempDbPath();
      const found: string[] = [];
      const bad: string[] = [];
      for (const p of [[], ...ALL]) {
        const r = await cli(db, [...p, '--help'], { env: { PARNASSE_LANG: lang } });
        expect(r.code).toBe(0);
        for (const ex of examples(r.stdout)) {
          found.push(ex);
          const words = shellWords(ex);
          const why = problem(program, words);
          if (why) bad.push(`${p.join(' ') || '(top level)'}: parnasse ${ex} → ${why}`);
          else {
            // and commander itself takes the line: with --help added it shows that command's help
            const h = await cli(db, [...words, '--help'], { env: { PARNASSE_LANG: lang } });
            if (h.code !== 0 || !/Usage ?: parnasse /.test(h.stdout)) bad.push(`parnasse ${ex} --help → exit ${h.code} ${h.stderr.trim()}`);
          }
        }
      }
      expect(found.length).toBeGreaterThan(ALL.length / 2);
      expect(bad).toEqual([]);
    });
  }
});
