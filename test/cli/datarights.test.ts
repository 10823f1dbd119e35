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

  it('rights: add, list open and late, answer by export / edit / refused; --json and French', async () => {
    const { db, n } = memberDb();
    const a = await cli(db, ['--json', 'member', 'rights', 'add', n, '--kind', 'access', '--received', '2027-03-15', '--date', '2027-03-16']);
    expect(a.code).toBe(0);
    expect(a.json()).toMatchObject({ member_no: n, kind: 'access', received_on: '2027-03-15', due_on: '2027-04-15', late: false, article: 'annex 5' });
    const id = String(a.json().id);
    const human = await cli(db, ['member', 'rights', 'add', n, '--kind', 'rectification', '--received', '2027-03-20', '--date', '2027-03-20']);
    expect(human.stdout).toMatch(/Request #2 \(rectification\) of member \d+ received 2027-03-20: answer due by 2027-04-20 \(annex 5\)\./);
    const fr = await cli(db, ['member', 'rights', 'add', n, '--kind', 'erasure', '--received', '2027-03-21', '--date', '2027-03-21'], {
      env: { PARNASSE_LANG: 'fr' },
    });
    expect(fr.stdout).toMatch(/Demande n° 3 \(effacement\) du membre \d+ reçue le 21\/03\/2027 : réponse due au plus tard le 21\/04\/2027/);
    expect((await cli(db, ['member', 'rights', 'add', n, '--kind', 'forget-me'])).code).toBe(2);

    const late = await cli(db, ['--json', 'member', 'rights', 'list', '--late', '--date', '2027-04-16']);
    expect(late.json().map((r: { id: number }) => r.id)).toEqual([Number(id)]);
    const open = await cli(db, ['member', 'rights', 'list', '--date', '2027-04-16']);
    expect(open.stdout).toMatch(/OVERDUE/);
    expect(open.stdout).toMatch(/rectification/);

    const ans = await cli(db, ['--json', 'member', 'rights', 'answer', id, '--action', 'export', '--date', '2027-04-18']);
    expect(ans.json()).toMatchObject({ action: 'export', answered_on: '2027-04-18', late: true, command: `parnasse member export ${n}` });
    const noEdit = await cli(db, ['member', 'rights', 'answer', '2', '--action', 'edit', '--date', '2027-04-18']);
    expect(noEdit.code).toBe(2);
    expect((await cli(db, ['member', 'edit', n, '--email', 'nouveau@example.fr', '--date', '2027-04-18'])).code).toBe(0);
    const edit = await cli(db, ['member', 'rights', 'answer', '2', '--action', 'edit', '--date', '2027-04-19']);
    expect(edit.stdout).toMatch(/Request #2 \(rectification\) answered on 2027-04-19: edit\.\nlinked to audit entry #\d+/);
    const purge = await cli(db, ['--json', 'member', 'rights', 'answer', '3', '--action', 'purge', '--date', '2027-04-19']);
    expect(purge.code).toBe(3);
    expect(purge.json().error.article).toBe('annex 5');
    const frRefused = await cli(db, ['member', 'rights', 'answer', '3', '--action', 'purge', '--date', '2027-04-19'], { env: { PARNASSE_LANG: 'fr' } });
    expect(frRefused.stderr).toMatch(/données du contrat sont conservées/);
    const refused = await cli(db, ['member', 'rights', 'answer', '3', '--action', 'refused', '--note', 'nécessaires au contrat', '--date', '2027-04-19'], {
      env: { PARNASSE_LANG: 'fr' },
    });
    expect(refused.stdout).toMatch(/Demande n° 3 \(effacement\) traitée le 19\/04\/2027 : refus\./);
    expect((await cli(db, ['member', 'rights', 'list', '--date', '2027-04-20'])).stdout).toMatch(/No open data-rights request\./);
  });
});
