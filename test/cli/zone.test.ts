/** RULES.md §1: the zone table is data with an effective date; a revision never changes what was recorded. */
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';

describe('zone list / set', () => {
  it('lists the contract zones with tiers and départements', async () => {
    const r = await cli(tempDbPath(), ['--json', 'zone', 'list', '--date', '2026-12-01']);
    expect(r.code).toBe(0);
    const zones = r.json<{ zone: string; tier: string; departments: string[] }[]>();
    expect(zones.find((z) => z.zone === 'paris')).toMatchObject({ tier: 'A', departments: ['75', '77', '78', '91', '92', '93', '94', '95'] });
    expect(zones.find((z) => z.zone === 'sud')!.departments).toEqual(expect.arrayContaining(['2A', '2B', '98']));
    expect(zones.find((z) => z.zone === 'grand_est')).toMatchObject({ tier: 'B', departments: ['54', '57', '67', '68'] });
  });

  it('a revision applies from its date; candidacies judged before keep their zone', async () => {
    const db = tempDbPath();
    expect((await cli(db, ['--date', '2026-11-26', 'candidate', 'import', 'fixtures/candidates.csv'])).code).toBe(0);
    const set = await cli(db, ['--json', 'zone', 'set', '75', 'none', '--from', '2027-01-01']);
    expect(set.code).toBe(0);
    expect(set.json()).toEqual({ department: '75', zone: null, effective_from: '2027-01-01', previous_zone: 'paris' });
    const before = (await cli(db, ['--json', 'zone', 'list', '--date', '2026-12-31'])).json<{ zone: string; departments: string[] }[]>();
    const after = (await cli(db, ['--json', 'zone', 'list', '--date', '2027-01-01'])).json<{ zone: string; departments: string[] }[]>();
    expect(before.find((z) => z.zone === 'paris')!.departments).toContain('75');
    expect(after.find((z) => z.zone === 'paris')!.departments).not.toContain('75');
    // a Paris candidacy judged on a later date fails E1; its stored zone is unchanged
    const check = (await cli(db, ['--json', 'candidate', 'check', 'C-2026-001', '--date', '2027-01-02'])).json();
    expect(check.checks.find((c: { id: string }) => c.id === 'E1')).toMatchObject({ pass: false, article: '3.1' });
    expect((await cli(db, ['--json', 'candidate', 'show', 'C-2026-001'])).json().zone).toBe('paris');
  });

  it('refuses an unknown zone or département (exit 2)', async () => {
    const db = tempDbPath();
    expect((await cli(db, ['zone', 'set', '21', 'atlantis', '--from', '2027-01-01'])).code).toBe(2);
    expect((await cli(db, ['zone', 'set', '00', 'paris', '--from', '2027-01-01'])).code).toBe(2);
  });
});
