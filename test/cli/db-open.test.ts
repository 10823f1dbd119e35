import path from 'node:path';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, missingDbPath } from '../helpers/cli.js';

describe('opening the database', () => {
  it('a mistyped --db is not created: exit 5 naming db init; db init and the imports create it 0600', async () => {
    const db = missingDbPath();
    const r = await cli(db, ['member', 'list']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`no database at ${db}; create it with \`parnasse db init\``);
    expect(fs.existsSync(db)).toBe(false);
    const init = await cli(db, ['--json', 'db', 'init']);
    expect(init.code).toBe(0);
    expect(init.json().created).toBe(true);
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
    expect((await cli(db, ['member', 'list'])).code).toBe(0);
    // a folder that does not exist: a reading command says there is no database, not that it cannot create one (review)
    const typo = path.join(path.dirname(db), 'no-such-folder', 'club.db');
    const t = await cli(typo, ['--json', 'member', 'list'], { env: { LANG: 'C' } });
    expect(t.code).toBe(5);
    expect(t.json().error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/^no database at .*: folder .* does not exist/) });
  });

  it('a database of a newer parnasse is refused naming both versions; a group-shared or read-only mode is kept', async () => {
    const db = missingDbPath();
    expect((await cli(db, ['db', 'init'])).code).toBe(0);
    fs.chmodSync(db, 0o660);
    expect((await cli(db, ['member', 'list'])).code).toBe(0);
    expect(fs.statSync(db).mode & 0o777).toBe(0o660);
    fs.chmodSync(db, 0o400);
    expect((await cli(db, ['member', 'list'])).code).toBe(0);
    const w = await cli(db, ['zone', 'set', '21', 'grand_est', '--from', '2027-01-01']);
    expect(w.code).toBe(5);
    expect(w.stderr).toContain('read-only');
    expect(fs.statSync(db).mode & 0o777).toBe(0o400);
    fs.chmodSync(db, 0o600);
    const raw = new Database(db);
    raw.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('future', 9_999_999_999_999);
    raw.close();
    const r = await cli(db, ['member', 'list']);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/newer parnasse \(schema \d+; this parnasse knows up to \d+\)/);
  });
});
