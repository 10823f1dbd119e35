/**
 * A run loads only the command group it names (issue 27: start-up); the others are stubs that
 * must answer exactly as the real groups: the root help, `help`, typo suggestions and a
 * group's own help, spawned from the built binary, in English and French, byte for byte
 * the in-process answers of the whole tree.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGroups, run } from '../../src/cli/main.js';
import { groupsFor } from '../../src/cli/commands/index.js';
import type { Io } from '../../src/cli/io.js';
import { ensureBuilt } from '../helpers/build.js';
import { englishEnv } from '../helpers/env.js';

const bin = path.resolve('bin/parnasse.js');

async function inProcess(argv: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdinIsTTY: false,
    env: { ...env, PARNASSE_DB: '/nonexistent/none.db' },
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

beforeAll(async () => {
  ensureBuilt();
  await loadGroups('all');
});

describe('the command tree loads a group at a time', () => {
  it('names the group a command line runs: after the global options, `help NAME`, every group for completion', () => {
    expect(groupsFor(['member', 'show', '1'])).toEqual(['member']);
    expect(groupsFor(['--db', 'club.db', '--json', 'bill', 'list'])).toEqual(['bill']);
    expect(groupsFor(['--db', 'member', 'show'])).toEqual(['show']);
    expect(groupsFor(['--date=2026-01-01', 'zone', 'list'])).toEqual(['zone']);
    expect(groupsFor(['help', 'committee'])).toEqual(['committee']);
    expect(groupsFor(['--', 'coopt'])).toEqual(['coopt']);
    expect(groupsFor(['--help'])).toEqual([]);
    expect(groupsFor(['completion', 'bash'])).toBe('all');
  });

  const lines = [['--help'], ['help'], [], ['membr'], ['bil', 'list'], ['terminate', '--help'], ['member', 'shw'], ['help', 'setup'], ['--version']];
  for (const [lang, LANG] of [
    ['English', 'C'],
    ['French', 'fr_FR.UTF-8'],
  ] as const) {
    it(`answers as the whole tree does, in ${lang}: root help, typos, a group's help`, async () => {
      for (const argv of lines) {
        const spawned = spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8', env: englishEnv({ LANG, PARNASSE_DB: '/nonexistent/none.db' }) });
        const whole = await inProcess(argv, { LANG });
        expect(whole.stdout + whole.stderr, argv.join(' ')).not.toBe('');
        expect({ code: spawned.status, stdout: spawned.stdout, stderr: spawned.stderr }, argv.join(' ')).toEqual(whole);
      }
    });
  }
});
