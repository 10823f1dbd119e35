import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertCandidacy, insertMember } from '../helpers/factory.js';
import { insertMember as insertVisitMember } from '../helpers/intervention-fixtures.js';

function memberDb(): { db: string; n: string } {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const no = insertMember(conn);
  conn.close();
  return { db, n: String(no) };
}

describe('duplicates are refused, naming the existing record (issue 11)', () => {
  it('the same extra site twice (same address, spelled differently) exits 4 naming the first', async () => {
    const { db, n } = memberDb();
    const add = (street: string, city: string) =>
      cli(db, ['--json', 'member', 'address', 'add', n, '--street', street, '--postal-code', '13001', '--city', city, '--date', '2026-02-02']);
    const first = await add('1 Canebière', 'Marseille');
    expect(first.code).toBe(0);
    const id = first.json().address_id;
    const again = await add('  1  canebière ', 'MARSEILLE');
    expect(again.code).toBe(4);
    expect(again.json().error.code).toBe('invalid_input');
    expect(again.json().error.message).toContain(`#${id}`);
    expect(JSON.stringify(again.json())).toContain(`"address_id":${id}`);
    const human = await cli(db, ['member', 'address', 'add', n, '--street', '1 Canebière', '--postal-code', '13001', '--city', 'Marseille']);
    expect(human.code).toBe(4);
    expect(human.stderr).toMatch(/already/);
    // another street is another site
    expect((await add('2 Canebière', 'Marseille')).code).toBe(0);
    const show = (await cli(db, ['--json', 'member', 'show', n])).json();
    expect(show.extra_sites).toHaveLength(2);
  });

  it('two devices with the same label exit 4 naming the first; another label passes', async () => {
    const { db, n } = memberDb();
    expect((await cli(db, ['member', 'option', 'add', n, 'bitdefender', '--date', '2026-02-01'])).code).toBe(0);
    const first = await cli(db, ['--json', 'member', 'device', 'add', n, '--label', 'PC salon']);
    expect(first.code).toBe(0);
    const again = await cli(db, ['--json', 'member', 'device', 'add', n, '--label', 'pc  SALON']);
    expect(again.code).toBe(4);
    expect(again.json().error.message).toContain(`#${first.json().device_id}`);
    expect((await cli(db, ['--json', 'member', 'device', 'add', n, '--label', 'PC bureau'])).code).toBe(0);
    const fr = await cli(db, ['member', 'device', 'add', n, '--label', 'PC salon'], { env: { PARNASSE_LANG: 'fr' } });
    expect(fr.code).toBe(4);
    expect(fr.stderr).toMatch(/déjà/);
  });

  it('addresses, device labels and the rewards catalogue fold case, accents, spaces and punctuation like candidacies and coaches (issue 24)', async () => {
    const { db, n } = memberDb();
    const add = (street: string, city: string) =>
      cli(db, ['--json', 'member', 'address', 'add', n, '--street', street, '--postal-code', '13001', '--city', city, '--date', '2026-02-02']);
    expect((await add('12, rue de la Paix', 'Aix-en-Provence')).code).toBe(0);
    expect((await add('12 Rue de la paix', 'AIX EN PROVENCE')).code).toBe(4);
    expect((await add('12 rue de l’Église', 'Aix-en-Provence')).code).toBe(0);
    expect((await add("12, Rue de l'Eglise.", 'aix en provence')).code).toBe(4);
    expect((await cli(db, ['member', 'option', 'add', n, 'bitdefender', '--date', '2026-02-01'])).code).toBe(0);
    expect((await cli(db, ['member', 'device', 'add', n, '--label', 'Livebox-4 (salon)'])).code).toBe(0);
    expect((await cli(db, ['member', 'device', 'add', n, '--label', 'livebox 4 salon'])).code).toBe(4);
    expect((await cli(db, ['coopt', 'catalogue', 'add', "Bon d'achat Fnac"])).code).toBe(0);
    const again = await cli(db, ['coopt', 'catalogue', 'add', 'bon d’achat FNAC']);
    expect(again.code, again.stderr).toBe(3);
  });

  it('an overlapping slot for the same member exits 4 naming the booked visit; back-to-back passes', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const m = insertVisitMember(conn, { postalCode: '75008', contractStart: '2026-01-15' });
    conn.close();
    const no = String(m.memberNo);
    const book = (start: string, minutes: string, kind = 'technician') =>
      cli(db, ['--json', 'intervene', 'add', no, '--kind', kind, '--start', start, '--minutes', minutes]);
    const first = await book('2026-03-02T10:00', '60');
    expect(first.code).toBe(0);
    const overlap = await book('2026-03-02T10:30', '60', 'coach');
    expect(overlap.code).toBe(4);
    expect(overlap.json().error.message).toContain(`#${first.json().id}`);
    expect((await book('2026-03-02T09:30', '31')).code).toBe(4);
    expect((await book('2026-03-02T11:00', '30')).code).toBe(0);
    expect((await book('2026-03-02T09:00', '60')).code).toBe(0);
    const list = (await cli(db, ['--json', 'intervene', 'list', no])).json();
    expect(list).toHaveLength(3);
    // a cancelled visit no longer holds its slot
    expect((await cli(db, ['intervene', 'cancel', String(first.json().id), '--yes'])).code).toBe(0);
    expect((await book('2026-03-02T10:30', '30', 'coach')).code).toBe(0);
  });
});

describe('candidacy references whatever their case (issue 11): the commands not yet covered', () => {
  it('candidate check and withdraw, coopt propose find C-… from c-…', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const m = String(insertMember(conn));
    const a = insertCandidacy(conn, { invitedByParnasse: false, appliedOn: '2027-03-01' });
    const b = insertCandidacy(conn, { invitedByParnasse: false, appliedOn: '2027-03-01' });
    conn.close();
    expect(a).not.toBe(a.toLowerCase());
    const chk = await cli(db, ['--json', 'candidate', 'check', a.toLowerCase()]);
    expect(chk.code).toBe(0);
    expect(chk.json().ref).toBe(a);
    const p = await cli(db, ['--json', 'coopt', 'propose', m, b.toLowerCase(), '--date', '2027-03-02']);
    expect(p.code).toBe(0);
    expect(p.json().candidate).toBe(b);
    const w = await cli(db, ['--json', 'candidate', 'withdraw', a.toLowerCase(), '--yes']);
    expect(w.code).toBe(0);
    expect(w.json()).toMatchObject({ ref: a, status: 'withdrawn' });
  });
});
