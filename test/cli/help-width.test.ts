/**
 * Help at 80 columns, French everywhere in help (issue 24): every command's --help, in both
 * languages, on an 80-column terminal, has no line wider than 80; in French no help line
 * is left in English.
 */
import type { CommandUnknownOpts as Command } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { buildProgram, loadGroups } from '../../src/cli/main.js';
import { visibleWidth } from '../../src/cli/table.js';
import { cli, tempDbPath } from '../helpers/cli.js';

// the whole tree (a run loads only the group it names: test/cli/lazy-commands.test.ts)
await loadGroups('all');

function paths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.filter((c) => c.name() !== 'help').flatMap((c) => [[...prefix, c.name()], ...paths(c, [...prefix, c.name()])]);
}
const silent = { stdout: { write: () => true }, stderr: { write: () => true }, stdinIsTTY: false, env: {} };
const ALL = [[], ...paths(buildProgram(silent, []))];

/** English grammar words that a French help line should not hold (commands, flags, examples and values aside). */
const ENGLISH = /\b(the|or|is|are|cannot|must|already|with|without|before|after|only|this|that|which|should|not|and|of|for|to|from|its|when|every)\b/i;
function englishIn(line: string): boolean {
  const prose = line
    .replace(/^\s*\$ [^#]*/, '')
    .replace(/--?[\w-]+/g, ' ')
    .replace(/<[^>]*>|\[[^\]]*\]|`[^`]*`|"[^"]*"/g, ' ')
    .replace(/\b\w+(\.\w+)+\b/g, ' ')
    .replace(/^\s*parnasse\b.*?(?= {2,}|$)/, ' ');
  return ENGLISH.test(prose);
}

async function helpOf(p: string[], lang: 'en' | 'fr'): Promise<string> {
  const r = await cli(tempDbPath(), [...p, '--help'], { env: { COLUMNS: '80', PARNASSE_LANG: lang } });
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('help at 80 columns, in French everywhere (issue 24)', () => {
  it('no line of any --help is wider than 80 columns, in English or French', async () => {
    const wide: string[] = [];
    for (const lang of ['en', 'fr'] as const)
      for (const p of ALL) for (const line of (await helpOf(p, lang)).split('\n')) if (visibleWidth(line) > 80) wide.push(`${lang} ${p.join(' ')}: ${line}`);
    expect(wide).toEqual([]);
  });

  it('no line of a French --help is in English', async () => {
    const english: string[] = [];
    for (const p of ALL) for (const line of (await helpOf(p, 'fr')).split('\n')) if (englishIn(line)) english.push(`${p.join(' ')}: ${line}`);
    expect(english).toEqual([]);
  });
});
