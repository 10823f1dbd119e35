import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';

function db2(): string {
  const db = tempDbPath();
  const conn = openDatabase(db);
  insertMember(conn, { contractStart: '2026-12-10' });
  insertMember(conn, { contractStart: '2026-11-01' });
  conn.close();
  return db;
}

describe('bill run (CLI.md)', () => {
  it('--json: the CLI.md document plus parked; dry run first, equal; the second run finds nothing', async () => {
    const db = db2();
    const dry = await cli(db, ['--json', 'bill', 'run', '--month', '2026-12', '--date', '2026-12-10', '--dry-run']);
    expect(dry.code).toBe(0);
    const d = dry.json();
    expect(d).toMatchObject({ month: '2026-12', invoices: 2, total_ttc_cents: 17742 + 50000, lines: { subscription: 3, option: 0, charge: 0, penalty: 0, indemnity: 0 }, parked: [], dry_run: true });
    expect(d.members).toHaveLength(2);
    const real = await cli(db, ['--json', 'bill', 'run', '--month', '2026-12', '--date', '2026-12-10']);
    expect(real.code).toBe(0);
    const r = real.json();
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['month', 'invoices', 'total_ttc_cents', 'lines', 'parked']));
    expect(r).toMatchObject({ invoices: d.invoices, total_ttc_cents: d.total_ttc_cents, lines: d.lines, dry_run: false });
    const again = await cli(db, ['bill', 'run', '--month', '2026-12', '--date', '2026-12-11']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing left to bill for 2026-12');
    expect((await cli(db, ['db', 'check'])).code).toBe(0);
  });

  it('human output in French; bad months exit 2', async () => {
    const db = db2();
    const fr = await cli(db, ['bill', 'run', '--month', '2026-12', '--date', '2026-12-10', '--dry-run'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stdout).toContain('Simulation — rien n’est écrit');
    expect((await cli(db, ['bill', 'run', '--month', '2026-13', '--date', '2026-12-10'])).code).toBe(2);
    expect((await cli(db, ['bill', 'run', '--month', '2027-02', '--date', '2026-12-10'])).code).toBe(2);
    expect((await cli(db, ['bill', 'run', '--date', '2026-12-10'])).code).toBe(2);
    const future = await cli(db, ['--json', 'bill', 'run', '--month', '2027-03', '--date', '2026-12-10']);
    expect(future.json().error.code).toBe('usage');
  });
});
