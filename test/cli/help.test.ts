import type { CommandUnknownOpts as Command } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { buildProgram, loadGroups } from '../../src/cli/main.js';
import { cli, tempDbPath } from '../helpers/cli.js';

// the whole tree (a run loads only the group it names: test/cli/lazy-commands.test.ts)
await loadGroups('all');

/** Every command path of the real program, walked from commander's own tree. */
function paths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.filter((c) => c.name() !== 'help').flatMap((c) => [[...prefix, c.name()], ...paths(c, [...prefix, c.name()])]);
}

const silent = { stdout: { write: () => true }, stderr: { write: () => true }, stdinIsTTY: false, env: {} };
const ALL = paths(buildProgram(silent, []));

describe('--help on every command (CLI.md: "--help on every command, with an example")', () => {
  it('walks every command group of CLI.md', () => {
    const groups = new Set(ALL.map((p) => p[0]));
    for (const g of ['candidate', 'committee', 'member', 'intervene', 'bill', 'db']) expect(groups).toContain(g);
    expect(ALL.length).toBeGreaterThan(40);
  });

  it.each(ALL.map((p) => [p.join(' '), p]))('%s --help: exit 0, an example, the global options', async (_name, p) => {
    const r = await cli(tempDbPath(), [...(p as string[]), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples?:\n\s+\$ parnasse /);
    expect(r.stdout).toContain('--json');
  });
});
