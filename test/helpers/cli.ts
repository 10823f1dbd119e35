/** In-process CLI runs with captured stdout/stderr (the wrangler way). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/main.js';
import type { Io, Prompter } from '../../src/cli/io.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws if it is not exactly one document). */
  json<T = any>(): T;
}

export function tempDir(prefix = 'parnasse-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh database path: an empty 0600 file, which every command may open and migrate (a missing file only `db init` and the imports create). */
export function tempDbPath(): string {
  const file = path.join(tempDir(), 'test.db');
  fs.closeSync(fs.openSync(file, 'wx', 0o600));
  return file;
}

/** A path where no database exists yet. */
export function missingDbPath(): string {
  return path.join(tempDir(), 'test.db');
}

export interface RunOptions {
  tty?: boolean;
  env?: Record<string, string | undefined>;
  prompter?: Prompter;
}

/** Runs `parnasse --db DB ...argv` in process. */
export async function cli(db: string, argv: string[], opts: RunOptions = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s), isTTY: !!opts.tty },
    stderr: { write: (s: string) => (stderr += s), isTTY: !!opts.tty },
    stdinIsTTY: !!opts.tty,
    env: { NO_COLOR: '1', ...opts.env },
    user: 'tester',
    ...(opts.prompter ? { prompter: opts.prompter } : {}),
  };
  const code = await run(['--db', db, '--operator', 'tester', ...argv], io);
  return {
    code,
    stdout,
    stderr,
    json<T>() {
      return JSON.parse(stdout) as T;
    },
  };
}

/** A scripted prompter: answers in order, fails the test on an unexpected question. */
export function scriptedPrompter(answers: (string | boolean)[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = (message: string) => {
    asked.push(message);
    if (answers.length === 0) throw new Error(`unexpected prompt: ${message}`);
    return answers.shift()!;
  };
  return {
    asked,
    input: async (q) => String(next(q.message)),
    select: async (q) => next(q.message) as never,
    confirm: async (q) => Boolean(next(q.message)),
  };
}
