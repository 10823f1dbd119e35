/**
 * Long lists through a pager on a terminal, as git does (issue 24): `$PAGER`, else
 * `less -FRX` (F: quit at once when the text fits the screen, R: colours, X: leave the
 * text on the screen). `--no-pager`, `--limit`, `--json`, a pipe or a file: no pager.
 */
import type { spawn as Spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Pager } from './io.js';

export const DEFAULT_PAGER = 'less -FRX';

/** The pager command of a run: `$PAGER` (empty or `cat`: none), else `less -FRX`. */
export function pagerCommand(env: Record<string, string | undefined>): string | null {
  const p = env.PAGER;
  if (p === undefined) return DEFAULT_PAGER;
  const s = p.trim();
  return s === '' || s === 'cat' ? null : s;
}

/** Starts `command` through the shell, its stdin ours to write, its output the terminal. */
export function spawnPager(command: string, columns: number | undefined, rows: number | undefined): Pager {
  // required here, not imported: node:child_process costs every run ~4 ms to load (issue 27)
  const { spawn } = createRequire(import.meta.url)('node:child_process') as { spawn: typeof Spawn };
  const child = spawn(command, { shell: true, stdio: ['pipe', 'inherit', 'inherit'], env: { LESS: 'FRX', ...process.env } });
  let closed = false;
  const gone = new Promise<void>((resolve) => {
    const stop = () => {
      closed = true;
      resolve();
    };
    child.on('exit', stop);
    child.on('error', stop);
  });
  child.stdin.on('error', () => {
    closed = true; // the reader quit (q in less): EPIPE
  });
  return {
    isTTY: true,
    columns,
    rows,
    write: (s: string) => (closed ? true : child.stdin.write(s)),
    writeBytes: (b: Uint8Array) => (closed ? true : child.stdin.write(b)),
    get closed() {
      return closed;
    },
    once: (_event: 'drain', fn: () => void) => {
      if (closed) return fn();
      let called = false;
      const once = () => {
        if (called) return;
        called = true;
        fn();
      };
      child.stdin.once('drain', once);
      void gone.then(once);
    },
    end: async () => {
      if (!closed) child.stdin.end();
      await gone;
    },
  };
}
