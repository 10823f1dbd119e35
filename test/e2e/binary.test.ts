/** End-to-end: the built binary as cron and scripts see it (exit codes, stdout/stderr split). */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDbPath } from '../helpers/cli.js';
import { ensureBuilt } from '../helpers/build.js';
import { englishEnv } from '../helpers/env.js';

const bin = path.resolve('bin/parnasse.js');
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: englishEnv(env), input: '' });

beforeAll(() => ensureBuilt());

describe('the parnasse binary', () => {
  it('--help exits 0 and lists every command group', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    for (const g of ['candidate', 'committee', 'member', 'intervene', 'bill', 'db']) expect(r.stdout).toContain(g);
    expect(r.stderr).toBe('');
  });

  it('--version prints the version', () => {
    const r = run(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('a usage error exits 2 with the message on stderr, nothing on stdout', () => {
    const r = run(['--db', tempDbPath(), 'no-such-command']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("unknown command 'no-such-command'");
  });

  it('with --json a failure is exactly one JSON document on stdout', () => {
    const r = run(['--json', '--db', '/no/such/folder/x.db', 'db', 'migrate']);
    expect(r.status).toBe(5);
    const doc = JSON.parse(r.stdout);
    expect(doc.error.code).toBe('unavailable');
    expect(doc.error).toHaveProperty('article', null);
  });

  it('PARNASSE_DB selects the database; output has no colour codes when piped', () => {
    const db = tempDbPath();
    const r = run(['db', 'migrate'], { PARNASSE_DB: db, FORCE_COLOR: '1' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(db);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });
});
