import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertCandidacy, insertMember } from '../helpers/factory.js';

function setup() {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const m = String(insertMember(conn));
  const refs = [1, 2, 3].map(() => insertCandidacy(conn, { invitedByParnasse: false, appliedOn: '2027-03-01' }));
  conn.close();
  return { db, m, refs };
}

describe('coopt (CLI)', () => {
  it('propose → decide → committee → notify → reward, with the JSON shapes of CLI.md', async () => {
    const { db, m, refs } = setup();
    const p = await cli(db, ['--json', 'coopt', 'propose', m, refs[0]!, '--date', '2027-03-02']);
    expect(p.code).toBe(0);
    expect(p.json()).toMatchObject({ id: 1, referrer: m, candidate: refs[0], status: 'proposed', override: false });
    const agenda = await cli(db, ['committee', 'agenda', '--date', '2027-03-03']);
    expect(agenda.stdout).toMatch(/CO-OPTED BY/);
    expect(agenda.stdout).toContain(refs[0]!);
    expect((await cli(db, ['coopt', 'decide', '1', '--accept', '--date', '2027-03-04'])).stdout).toMatch(/Cooptation #1 accepted on 2027-03-04/);
    expect((await cli(db, ['committee', 'decide', refs[0]!, '--accept', '--date', '2027-03-05'])).code).toBe(0);
    expect((await cli(db, ['committee', 'notify', refs[0]!, '--yes', '--date', '2027-03-15'])).code).toBe(0);
    expect((await cli(db, ['coopt', 'catalogue', 'add', 'Coffret Champagne'])).code).toBe(0);
    const r = await cli(db, ['--json', 'coopt', 'reward', '1', '--item', 'Coffret Champagne', '--date', '2027-04-01']);
    expect(r.json()).toMatchObject({ id: 1, item: 'Coffret Champagne', chosen_on: '2027-04-01', delivery_on: '2027-05-13' });
    const s = await cli(db, ['--json', 'coopt', 'status', m, '--date', '2027-04-02']);
    expect(s.json()).toMatchObject({
      referrer: m,
      year: 2027,
      count: 1,
      cooptations: [
        { id: 1, candidate: refs[0], status: 'accepted', reward_window_until: '2027-09-15', reward: 'Coffret Champagne', delivery_on: '2027-05-13' },
      ],
    });
    const show = await cli(db, ['candidate', 'show', refs[0]!]);
    expect(show.stdout).toMatch(new RegExp(`co-opted by\\s+member ${m} \\(cooptation #1, accepted\\)`));
    const list = await cli(db, ['coopt', 'list', '--date', '2027-05-12']);
    expect(list.stdout).toMatch(/Rewards to deliver this week:\n\s+#1\s+2027-05-13\s+Coffret Champagne/);
  });

  it('refusals exit 3 naming annex 3; usage errors exit 2; nothing written', async () => {
    const { db, m, refs } = setup();
    await cli(db, ['coopt', 'propose', m, refs[0]!, '--date', '2027-03-02']);
    await cli(db, ['coopt', 'propose', m, refs[1]!, '--date', '2027-03-02']);
    const third = await cli(db, ['--json', 'coopt', 'propose', m, refs[2]!, '--date', '2027-03-02']);
    expect(third.code).toBe(3);
    expect(third.json().error).toMatchObject({ code: 'refused', article: 'annex 3.3' });
    const noReason = await cli(db, ['coopt', 'propose', m, refs[2]!, '--override-limit', '--date', '2027-03-02']);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/--override-limit needs a non-empty --reason/);
    expect((await cli(db, ['coopt', 'propose', '999', refs[2]!])).code).toBe(2);
    const ok = await cli(db, ['coopt', 'propose', m, refs[2]!, '--override-limit', '--reason', 'board', '--date', '2027-03-02']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/beyond the yearly limit, studied case by case: board/);
    const early = await cli(db, ['coopt', 'reward', '1', '--item', 'x', '--date', '2027-03-03']);
    expect(early.code).toBe(3);
    expect(early.stderr).toMatch(/refused \(annex 3\.4\)/);
    expect((await cli(db, ['coopt', 'cancel', '1', '--false-declaration'])).code).toBe(2); // needs --yes without a terminal
    expect((await cli(db, ['coopt', 'cancel', '1', '--false-declaration', '--yes', '--date', '2027-03-03'])).code).toBe(0);
  });

  it('speaks French with a French locale; JSON keys do not change', async () => {
    const { db, m, refs } = setup();
    const env = { LANG: 'fr_FR.UTF-8' };
    const p = await cli(db, ['coopt', 'propose', m, refs[0]!, '--date', '2027-03-02'], { env });
    expect(p.stdout).toMatch(/Cooptation n° 1 proposée le 02\/03\/2027/);
    const r = await cli(db, ['coopt', 'reward', '1', '--item', 'x', '--date', '2027-03-03'], { env });
    expect(r.stderr).toMatch(/refusé \(annexe 3\.4\) : la cooptation n° 1 est proposée/);
    const s = await cli(db, ['--json', 'coopt', 'status', m, '--date', '2027-03-03'], { env });
    expect(Object.keys(s.json())).toEqual(['referrer', 'date', 'year', 'count', 'limit', 'cooptations']);
  });
});
