import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, missingDbPath, tempDbPath } from '../helpers/cli.js';

describe('global CLI manners', () => {
  it('prints help with examples and exit codes, without touching the database', async () => {
    const db = missingDbPath();
    const r = await cli(db, ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('Exit codes');
    expect(fs.existsSync(db)).toBe(false);
  });

  it('an unknown command is a usage error (exit 2), as JSON with --json', async () => {
    const r = await cli(tempDbPath(), ['--json', 'nonsense']);
    expect(r.code).toBe(2);
    expect(r.json().error).toMatchObject({ code: 'usage', article: null });
    expect(r.stderr).toBe('');
  });

  it('creates the database with 0600 permissions and migrates it', async () => {
    const db = tempDbPath();
    const r = await cli(db, ['--json', 'db', 'migrate']);
    expect(r.code).toBe(0);
    expect(r.json().migrations).toBeGreaterThanOrEqual(2);
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
  });

  it('a database that cannot be opened exits 5', async () => {
    const r = await cli('/nonexistent-folder/x.db', ['--json', 'db', 'migrate']);
    expect(r.code).toBe(5);
    expect(r.json().error.code).toBe('unavailable'); // not busy: nothing holds it (review); a lock held is 'busy';
  });
});

describe('Ctrl-C at a prompt', () => {
  it('exits 130 with "cancelled", not as an internal error', async () => {
    const { run } = await import('../../src/cli/main.js');
    let stderr = '';
    const prompter = {
      input: async () => {
        throw Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
      },
      select: async () => {
        throw Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
      },
      confirm: async () => {
        throw Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
      },
    };
    const db = tempDbPath();
    const code = await run(['--db', db, 'candidate', 'add'], {
      stdout: { write: () => true, isTTY: true },
      stderr: { write: (s: string) => (stderr += s), isTTY: true },
      stdinIsTTY: true,
      env: {},
      prompter,
    });
    expect(code).toBe(130);
    expect(stderr).toContain('cancelled');
    expect(stderr).not.toContain('internal error');
  });
});

describe('a database that is not parnasse’s', () => {
  it('a file that is not SQLite, or a foreign schema, exits 5 with a clear message', async () => {
    const { default: Database } = await import('better-sqlite3');
    const notDb = tempDbPath();
    fs.writeFileSync(notDb, 'this is not a database, just text '.repeat(200));
    const a = await cli(notDb, ['--json', 'db', 'migrate']);
    expect(a.code).toBe(5);
    const foreign = tempDbPath();
    const d = new Database(foreign);
    d.exec('create table members (x text)');
    d.close();
    const b = await cli(foreign, ['--json', 'db', 'migrate']);
    expect(b.code).toBe(5);
    expect(b.json().error.message).toMatch(/not a parnasse database/);
  });
});
