/**
 * Issue 24: a command that creates a database says so on stderr; a mistyped `--db` proposes
 * the nearest existing database of that folder before suggesting `db init`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, missingDbPath, tempDir } from '../helpers/cli.js';

describe('a new database is said (issue 24)', () => {
  it('candidate import on a missing --db: created, said on stderr (en, fr), stdout unchanged; not said the second time', async () => {
    const db = missingDbPath();
    const r = await cli(db, ['--json', '--date', '2026-12-01', 'candidate', 'import', 'fixtures/candidates.csv'], { env: { LANG: 'C' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`new database created: ${db}`);
    expect(() => r.json()).not.toThrow();
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
    const again = await cli(db, ['member', 'list'], { env: { LANG: 'C' } });
    expect(again.stderr).not.toContain('new database created');
    const fr = missingDbPath();
    const f = await cli(fr, ['db', 'migrate'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(f.code, f.stderr).toBe(0);
    expect(f.stderr).toContain(`nouvelle base créée : ${fr}`);
  });

  it('--dry-run writes no file at all: an import tried on a missing --db answers as a new club would, and leaves nothing (issue 24)', async () => {
    for (const [cmd, file] of [
      ['candidate', 'fixtures/candidates.csv'],
      ['member', 'fixtures/members.csv'],
    ] as const) {
      const db = missingDbPath();
      const dry = await cli(db, ['--json', '--date', '2026-12-01', cmd, 'import', file, '--dry-run']);
      expect(dry.code, dry.stderr).toBe(0);
      expect(fs.existsSync(db)).toBe(false);
      expect(fs.readdirSync(path.dirname(db)).filter((f) => f.startsWith(path.basename(db)))).toEqual([]);
      expect(dry.stderr).not.toContain('new database created');
      // what it said is what the real import then does
      const real = await cli(db, ['--json', '--date', '2026-12-01', cmd, 'import', file]);
      expect(real.code, real.stderr).toBe(0);
      const pick = (j: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(j).filter(([k]) => ['inserted', 'unchanged', 'updated', 'errors', 'next_member_no'].includes(k)));
      expect(pick(dry.json())).toEqual(pick(real.json()));
    }
  });

  it('db init says it on stdout already: not twice', async () => {
    const db = missingDbPath();
    const r = await cli(db, ['db', 'init'], { env: { LANG: 'C' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('new database created');
    expect(r.stderr).not.toContain('new database created');
  });
});

describe('a mistyped --db proposes the nearest database of its folder (issue 24)', () => {
  it('club.bd next to club.db: "did you mean …club.db?" then db init (en, fr); nothing created', async () => {
    const dir = tempDir();
    const real = path.join(dir, 'club.db');
    expect((await cli(real, ['db', 'init'])).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'club.txt'), 'not a database');
    const typo = path.join(dir, 'club.bd');
    const r = await cli(typo, ['member', 'list'], { env: { LANG: 'C' } });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`no database at ${typo}; did you mean ${real}? Otherwise create it with \`parnasse db init\``);
    expect(fs.existsSync(typo)).toBe(false);
    const fr = await cli(path.join(dir, 'clubs.db'), ['member', 'list'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.code).toBe(5);
    expect(fr.stderr).toContain(`vouliez-vous dire ${real} ?`);
    expect(fr.stderr).toContain('parnasse db init');
  });

  it('no database near that name (or none at all): db init only; a file that is not SQLite is never proposed', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'club.db.txt'), 'x');
    fs.writeFileSync(path.join(dir, 'clu.db'), 'not sqlite');
    const none = await cli(path.join(dir, 'club.db'), ['member', 'list'], { env: { LANG: 'C' } });
    expect(none.code).toBe(5);
    expect(none.stderr).not.toContain('did you mean');
    expect(none.stderr).toContain('parnasse db init');
    const far = path.join(dir, 'accounts-2027.db');
    expect((await cli(far, ['db', 'init'])).code).toBe(0);
    const r = await cli(path.join(dir, 'club.db'), ['member', 'list'], { env: { LANG: 'C' } });
    expect(r.stderr).not.toContain('did you mean');
  });
});
