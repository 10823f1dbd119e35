import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Connection } from '../../src/db/connection.js';
import { cli, tempDbPath } from '../helpers/cli.js';
import { insertMember } from '../helpers/intervention-fixtures.js';

let db: string;
let conn: Connection;
beforeEach(() => {
  db = tempDbPath();
  conn = openDatabase(db);
});
afterEach(() => conn.close());

describe('parnasse intervene add', () => {
  it('prints exactly the contract JSON for an included visit', async () => {
    const m = insertMember(conn, { postalCode: '59000', contractStart: '2026-01-15' });
    const r = await cli(db, [
      '--json',
      'intervene',
      'add',
      String(m.memberNo),
      '--kind',
      'technician',
      '--start',
      '2026-03-02T10:00',
      '--minutes',
      '60',
      '--equipment',
      'livebox',
      '--requested-at',
      '2026-02-27T09:00',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = r.json();
    expect(j).toMatchObject({
      included: true,
      charge_cents: 0,
      contract_year: { from: '2026-01-15', to: '2027-01-14' },
      used: 1,
      quota: 5,
      sla_deadline: '2026-03-04T09:00',
    });
    expect(typeof j.id).toBe('number');
  });

  it('a 2 h 10 out-of-hours technician visit is billed 450,00 € (human output)', async () => {
    const m = insertMember(conn, { postalCode: '75008' });
    const r = await cli(db, [
      'intervene',
      'add',
      String(m.memberNo),
      '--kind',
      'technician',
      '--start',
      '2026-03-07T10:00',
      '--minutes',
      '130',
      '--out-of-hours',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Billable/);
    expect(r.stdout).toMatch(/450,00 €/);
    expect(r.stdout).toMatch(/pending for the next monthly run/);
    const j = await cli(db, ['--json', 'intervene', 'list', String(m.memberNo)]);
    expect(j.json()[0]).toMatchObject({ charge_cents: 450_00, out_of_hours: true, included: false });
  });

  it('refusals exit 3 with their article, in JSON too', async () => {
    const m = insertMember(conn, { postalCode: '59000' });
    const human = await cli(db, ['intervene', 'add', String(m.memberNo), '--kind', 'technician', '--start', '2026-03-02T15:30', '--minutes', '45']);
    expect(human.code).toBe(3);
    expect(human.stdout).toBe('');
    expect(human.stderr).toMatch(/refused \(art\. 5\.2\.2\): .*after 16:00/);
    const j = await cli(db, [
      '--json',
      'intervene',
      'add',
      String(m.memberNo),
      '--kind',
      'airbox',
      '--start',
      '2026-03-02T10:00',
      '--minutes',
      '45',
      '--airbox-misuse',
    ]);
    expect(j.code).toBe(3);
    expect(j.json().error).toMatchObject({ code: 'refused', article: '5.5' });
  });

  it('Good Friday: refused in Strasbourg, allowed in Paris', async () => {
    const sxb = insertMember(conn, { postalCode: '67000' });
    const paris = insertMember(conn, { postalCode: '75008' });
    const args = (no: number) => ['--json', 'intervene', 'add', String(no), '--kind', 'technician', '--start', '2026-04-03T10:00', '--minutes', '60'];
    const a = await cli(db, args(sxb.memberNo));
    expect(a.code).toBe(3);
    expect(a.json().error.message).toMatch(/public holiday/);
    expect((await cli(db, args(paris.memberNo))).code).toBe(0);
  });

  it('usage errors exit 2: missing flag, bad kind, bad number, unknown member', async () => {
    const m = insertMember(conn);
    const no = String(m.memberNo);
    expect((await cli(db, ['intervene', 'add', no, '--kind', 'technician', '--start', '2026-03-02T10:00'])).code).toBe(2);
    expect((await cli(db, ['intervene', 'add', no, '--kind', 'plumber', '--start', '2026-03-02T10:00', '--minutes', '60'])).code).toBe(2);
    expect((await cli(db, ['intervene', 'add', no, '--kind', 'coach', '--start', '2026-03-02T10:00', '--minutes', 'an hour'])).code).toBe(2);
    const bad = await cli(db, ['--json', 'intervene', 'add', no, '--kind', 'coach', '--start', '2026-03-02 25:00', '--minutes', '60']);
    expect(bad.code).toBe(2);
    expect(bad.json().error.message).toMatch(/--start/);
    const none = await cli(db, ['--json', 'intervene', 'add', '999', '--kind', 'coach', '--start', '2026-03-02T10:00', '--minutes', '60']);
    expect(none.code).toBe(2);
    expect(none.json().error.code).toBe('not_found');
  });

  it('has help with an example', async () => {
    const r = await cli(db, ['intervene', 'add', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Example:\n {2}\$ parnasse intervene add/);
  });
});

describe('parnasse intervene quota and list', () => {
  it('quota for the contract year containing --date, by kind', async () => {
    const m = insertMember(conn, { postalCode: '59000', contractStart: '2026-01-15' });
    const no = String(m.memberNo);
    for (const d of ['2026-03-02', '2026-03-03']) {
      expect((await cli(db, ['intervene', 'add', no, '--kind', 'technician', '--start', `${d}T10:00`, '--minutes', '60'])).code).toBe(0);
    }
    expect((await cli(db, ['intervene', 'add', no, '--kind', 'coach', '--start', '2026-03-04T10:00', '--minutes', '60'])).code).toBe(0);
    const q = await cli(db, ['--json', 'intervene', 'quota', no, '--date', '2026-06-01']);
    expect(q.code).toBe(0);
    expect(q.json()).toMatchObject({
      contract_year: { from: '2026-01-15', to: '2027-01-14' },
      used: 3,
      quota: 5,
      coach_used: 1,
      coach_quota: 1,
      by_kind: { technician: { visits: 2, included: 2 }, coach: { visits: 1, included: 1 }, airbox: { visits: 0 } },
    });
    const human = await cli(db, ['intervene', 'quota', no, '--date', '2026-06-01']);
    expect(human.stdout).toMatch(/3 of 5 used, 2 left/);
    expect(human.stdout).toMatch(/2026-01-15 → 2027-01-14/);
    const next = await cli(db, ['--json', 'intervene', 'list', no, '--year', '--date', '2027-03-01']);
    expect(next.json()).toEqual([]);
    const list = await cli(db, ['intervene', 'list', no]);
    expect(list.stdout).toMatch(/2026-03-04 10:00/);
  });
});
