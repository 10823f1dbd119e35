import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';

function memberDb(): { db: string; n: string } {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const no = insertMember(conn, { contractStart: '2026-01-05' });
  conn.close();
  return { db, n: String(no) };
}

describe('member cap, complaints, purge on the command line', () => {
  it('cap: JSON with both windows; --incident required', async () => {
    const { db, n } = memberDb();
    const r = await cli(db, ['--json', 'member', 'cap', n, '--incident', '15/07/2027']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({
      member_no: n,
      incident_cap_cents: 0,
      incident_window: { from: '2027-01-15', to: '2027-07-14' },
      annual_window: { from: '2026-10-15' },
    });
    expect((await cli(db, ['member', 'cap', n])).code).toBe(2);
  });

  it('complaints: add, overdue list, close; in French', async () => {
    const { db, n } = memberDb();
    const a = await cli(db, ['--json', 'member', 'complaint', 'add', n, '--subject', 'Visite manquée', '--received', '2027-01-31', '--date', '2027-02-01']);
    expect(a.json()).toMatchObject({ due_on: '2027-02-28', overdue: false });
    const l = await cli(db, ['member', 'complaint', 'list', '--overdue', '--date', '2027-03-01']);
    expect(l.stdout).toContain('OVERDUE');
    const fr = await cli(db, ['member', 'complaint', 'list', '--overdue', '--date', '2027-03-01'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stdout).toContain('EN RETARD');
    expect((await cli(db, ['--json', 'member', 'complaint', 'close', String(a.json().id), '--answer', 'ok', '--date', '2027-03-02'])).json()).toMatchObject({
      closed_on: '2027-03-02',
    });
  });

  it('purge: nothing before three years and one day; --dry-run shows, without --yes and no terminal exit 2, --yes erases', async () => {
    const { db, n } = memberDb();
    expect((await cli(db, ['terminate', n, '--reason', 'incompatible_offer', '--date', '2027-03-30', '--yes'])).code).toBe(0);
    expect((await cli(db, ['--json', 'member', 'purge', '--date', '2030-03-30'])).json()).toMatchObject({ members: [] });
    const dry = await cli(db, ['--json', 'member', 'purge', '--dry-run', '--date', '2030-03-31']);
    expect(dry.json()).toMatchObject({ dry_run: true, members: [{ member_no: n, ended_on: '2027-03-30' }] });
    expect((await cli(db, ['member', 'purge', '--date', '2030-03-31'])).code).toBe(2);
    const done = await cli(db, ['--json', 'member', 'purge', '--date', '2030-03-31', '--yes']);
    expect(done.json()).toMatchObject({ dry_run: false, members: [{ member_no: n }] });
    expect((await cli(db, ['--json', 'member', 'show', n])).json()).toMatchObject({ email: '', main_address: null });
    expect((await cli(db, ['db', 'check'])).code).toBe(0);
  });
});
