/** `bill offer announce|list` (art. 9): recorded with their effective date, one month's notice, listed as in force on a date. */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';

const FR = { env: { PARNASSE_LANG: 'fr' } };

describe('bill offer (art. 9)', () => {
  it('announce with a month of notice; an earlier effect refused citing art. 9 (in French too); list in force on a date', async () => {
    const db = tempDbPath();
    const a = await cli(db, [
      '--json',
      'bill',
      'offer',
      'announce',
      'Conciergerie : réponse sous 2 h',
      '--from',
      '2027-02-15',
      '--announced',
      '2027-01-15',
      '--date',
      '2027-01-15',
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.json()).toMatchObject({
      description: 'Conciergerie : réponse sous 2 h',
      announced_on: '2027-01-15',
      effective_from: '2027-02-15',
      in_force: false,
      article: '9',
    });
    const early = await cli(db, ['bill', 'offer', 'announce', 'Coach : créneaux du samedi', '--from', '2027-02-14', '--date', '2027-01-15']);
    expect(early.code).toBe(3);
    expect(early.stderr).toContain('art. 9');
    expect(early.stderr).toContain("one month's notice");
    const fr = await cli(db, ['bill', 'offer', 'announce', 'Coach : créneaux du samedi', '--from', '2027-02-14', '--date', '2027-01-15'], FR);
    expect(fr.code).toBe(3);
    expect(fr.stderr).toContain('préavis d’un mois');
    expect((await cli(db, ['bill', 'offer', 'announce', 'Coach : créneaux du samedi', '--from', '2027-03-01', '--date', '2027-01-20'])).code).toBe(0);

    expect((await cli(db, ['--json', 'bill', 'offer', 'list', '--date', '2027-02-14'])).json()).toEqual([]);
    const feb = await cli(db, ['--json', 'bill', 'offer', 'list', '--date', '2027-02-15']);
    expect(feb.json().map((c: { effective_from: string }) => c.effective_from)).toEqual(['2027-02-15']);
    const all = await cli(db, ['--json', 'bill', 'offer', 'list', '--all', '--date', '2027-02-15']);
    expect(all.json().map((c: { in_force: boolean }) => c.in_force)).toEqual([true, false]);
    const human = await cli(db, ['bill', 'offer', 'list', '--date', '2027-03-01'], FR);
    expect(human.stdout).toContain('en vigueur');
    expect(human.stdout).toContain('Coach : créneaux du samedi');
    const conn = openDatabase(db);
    expect(conn.db.get<{ n: number }>(sql`select count(*) as n from audit_log where entity = 'offer_change'`).n).toBe(2);
    conn.close();
  });
});
