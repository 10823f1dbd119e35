/**
 * Long lists through $PAGER on a terminal, as git does (issue 24): `less -FRX` by default,
 * every row (no stop at one screen); `--no-pager`, `--limit`, `--json` and a pipe print
 * everything on stdout.
 */
import { describe, expect, it } from 'vitest';
import { Output, type OutputOptions } from '../../src/cli/output.js';
import type { Io, Pager } from '../../src/cli/io.js';
import { pagerCommand } from '../../src/cli/pager.js';
import { cli, tempDbPath } from '../helpers/cli.js';

function setup(tty: boolean, env: Record<string, string> = {}) {
  const out = { stdout: '', paged: '', commands: [] as string[], ended: 0 };
  const io: Io = {
    stdout: { write: (s: string) => (out.stdout += s), isTTY: tty, columns: 80, rows: 24 },
    stderr: { write: () => true, isTTY: tty },
    stdinIsTTY: tty,
    env: { NO_COLOR: '1', ...env },
    pager: (command): Pager => {
      out.commands.push(command);
      return { write: (s: string) => (out.paged += s), isTTY: true, columns: 80, rows: 24, end: async () => void out.ended++ };
    },
  };
  return { io, out };
}

const rows = Array.from({ length: 60 }, (_, i) => ({ n: i + 1 }));
const list = (io: Io, opts: Partial<OutputOptions> = {}) =>
  new Output(io, { json: false, quiet: false, ...opts }).list(rows, [{ header: 'n', value: (r) => r.n }]);
const lines = (s: string) => s.split('\n').filter((l) => /^\s*\d+$/.test(l)).length;

describe('lists through the pager (issue 24)', () => {
  it('on a terminal: every row goes to less -FRX, nothing to stdout, the pager is waited for', async () => {
    const { io, out } = setup(true);
    await list(io);
    expect(out.commands).toEqual(['less -FRX']);
    expect(lines(out.paged)).toBe(60);
    expect(out.stdout).toBe('');
    expect(out.ended).toBe(1);
  });

  it('$PAGER is the pager; PAGER=cat or empty: none', async () => {
    const a = setup(true, { PAGER: 'most' });
    await list(a.io);
    expect(a.out.commands).toEqual(['most']);
    expect(pagerCommand({ PAGER: 'cat' })).toBeNull();
    expect(pagerCommand({ PAGER: '' })).toBeNull();
    expect(pagerCommand({})).toBe('less -FRX');
  });

  it('--no-pager on a terminal, a pipe, --limit, --json: every row (or the asked ones) on stdout, no pager', async () => {
    for (const [tty, opts, want] of [
      [true, { pager: false }, 60],
      [false, {}, 60],
      [true, { limit: 5 }, 5],
    ] as const) {
      const { io, out } = setup(tty);
      await list(io, opts);
      expect(out.commands).toEqual([]);
      expect(lines(out.stdout)).toBe(want);
    }
    const { io, out } = setup(true);
    await list(io, { json: true });
    expect(out.commands).toEqual([]);
    expect(JSON.parse(out.stdout)).toHaveLength(60);
  });

  it('--no-pager is a global option every command accepts', async () => {
    const r = await cli(tempDbPath(), ['--no-pager', 'member', 'list']);
    expect(r.code, r.stderr).toBe(0);
    const r2 = await cli(tempDbPath(), ['member', 'list', '--no-pager']);
    expect(r2.code, r2.stderr).toBe(0);
  });
});
