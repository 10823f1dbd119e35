/**
 * One coach booked in two places at once (issue 11): `intervene add --coach NAME` records who
 * goes; an overlapping slot of the same coach — any member, any city, the name spelled any
 * way — is refused (exit 4) naming the booking; a cancelled one frees it; another city less
 * than an hour away is a warning. The name shows in `intervene list` and `member export`.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Connection } from '../../src/db/connection.js';
import { cli, tempDbPath } from '../helpers/cli.js';
import { insertMember } from '../helpers/intervention-fixtures.js';
import { coachKey, coachName, slotsOverlap } from '../../src/rules/interventions.js';
import fc from 'fast-check';

let db: string;
let conn: Connection;
let paris: string;
let lille: string;
let paris2: string;
beforeEach(() => {
  db = tempDbPath();
  conn = openDatabase(db);
  paris = String(insertMember(conn, { postalCode: '75008' }).memberNo);
  lille = String(insertMember(conn, { postalCode: '59000' }).memberNo);
  paris2 = String(insertMember(conn, { postalCode: '75008' }).memberNo);
  conn.close();
});
afterEach(() => undefined);

const coachVisit = (no: string, start: string, minutes: string, coach?: string, env: Record<string, string> = {}) =>
  cli(db, ['--json', 'intervene', 'add', no, '--kind', 'coach', '--start', start, '--minutes', minutes, ...(coach === undefined ? [] : ['--coach', coach])], {
    env,
  });

describe('coach names (rules)', () => {
  it('case, accents, spaces and punctuation do not make another coach', () => {
    expect(coachKey('Élodie Le Goff')).toBe(coachKey('  elodie  LE-GOFF '));
    expect(coachKey('Élodie Le Goff')).not.toBe(coachKey('Elodie Le Gall'));
    expect(coachName('  Élodie   Le  Goff ')).toBe('Élodie Le Goff');
    expect(coachName('   ')).toBeNull();
  });

  it('slots overlap when they share a minute; back to back does not (property)', () => {
    const at = (m: number) => {
      const d = new Date(Date.UTC(2026, 2, 2, 0, m));
      return d.toISOString().slice(0, 16);
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 600 }),
        (s1, d1, s2, d2) => {
          const a = { start: at(s1), end: at(s1 + d1) };
          const b = { start: at(s2), end: at(s2 + d2) };
          expect(slotsOverlap(a, b)).toBe(s1 < s2 + d2 && s2 < s1 + d1);
          expect(slotsOverlap(a, b)).toBe(slotsOverlap(b, a));
        },
      ),
    );
  });
});

describe('intervene add --coach', () => {
  it('the same coach at an overlapping hour in another city, for another member, exits 4 naming the booking', async () => {
    const first = await coachVisit(paris, '2026-03-02T10:00', '90', 'Élodie Le Goff');
    expect(first.code, first.stderr).toBe(0);
    expect(first.json()).toMatchObject({ coach: 'Élodie Le Goff' });
    expect(first.json()).not.toHaveProperty('warnings');
    const id = first.json().id;
    // same start, another city, the name spelled otherwise
    const same = await coachVisit(lille, '2026-03-02T10:00', '60', 'elodie  LE GOFF');
    expect(same.code).toBe(4);
    expect(same.json().error.code).toBe('invalid_input');
    expect(same.json().error.message).toContain(`#${id}`);
    expect(same.json().error.message).toContain(`member ${paris}`);
    // overlapping, not equal start: inside, straddling the start, straddling the end
    expect((await coachVisit(lille, '2026-03-02T11:00', '60', 'Elodie Le Goff')).code).toBe(4);
    expect((await coachVisit(paris2, '2026-03-02T09:30', '31', 'Élodie Le Goff')).code).toBe(4);
    expect((await coachVisit(paris2, '2026-03-02T11:29', '30', 'Élodie Le Goff')).code).toBe(4);
    // another coach at that hour, or the same one back to back, pass
    expect((await coachVisit(paris2, '2026-03-02T10:00', '60', 'Marc Roux')).code).toBe(0);
    const after = await coachVisit(paris2, '2026-03-02T11:30', '60', 'Élodie Le Goff');
    expect(after.code, after.stderr).toBe(0);
    // a visit with no coach named clashes with no coach
    expect((await coachVisit(lille, '2026-03-02T10:00', '60')).code).toBe(0);
    const human = await cli(
      db,
      ['intervene', 'add', lille, '--kind', 'coach', '--start', '2026-03-02T11:00', '--minutes', '20', '--coach', 'ÉLODIE LE GOFF', '--date', '2026-03-01'],
      { env: { PARNASSE_LANG: 'fr' } },
    );
    expect(human.code).toBe(4);
    expect(human.stderr).toMatch(/déjà réservé/);
    expect(human.stderr).toContain(`n° ${id}`);
    expect(human.stderr).toContain('02/03/2026 10:00');
  });

  it('a cancelled booking frees the coach', async () => {
    const first = await coachVisit(paris, '2026-03-02T10:00', '60', 'Élodie Le Goff');
    expect((await coachVisit(lille, '2026-03-02T10:00', '60', 'Élodie Le Goff')).code).toBe(4);
    expect((await cli(db, ['intervene', 'cancel', String(first.json().id), '--yes'])).code).toBe(0);
    expect((await coachVisit(lille, '2026-03-02T10:00', '60', 'Élodie Le Goff')).code).toBe(0);
  });

  it('another city less than an hour before or after warns (stderr and JSON), the same postal code does not', async () => {
    expect((await coachVisit(paris, '2026-03-02T10:00', '60', 'Élodie Le Goff')).code).toBe(0);
    const same = await coachVisit(paris2, '2026-03-02T11:15', '30', 'Élodie Le Goff');
    expect(same.code).toBe(0);
    expect(same.json()).not.toHaveProperty('warnings');
    expect(same.stderr).toBe('');
    const near = await coachVisit(lille, '2026-03-02T12:15', '60', 'élodie le goff');
    expect(near.code).toBe(0);
    expect(near.json().warnings).toEqual([
      expect.objectContaining({
        code: 'coach_travel',
        member_no: paris2,
        postal_code: '75008',
        minutes_between: 30,
        message: expect.stringContaining('30 min'),
      }),
    ]);
    expect(near.stderr).toMatch(/30 min/);
    const before = await cli(
      db,
      ['intervene', 'add', lille, '--kind', 'coach', '--start', '2026-03-02T09:00', '--minutes', '30', '--coach', 'Élodie Le Goff'],
      { env: { LANG: 'C' } },
    );
    expect(before.code, before.stderr).toBe(0);
    expect(before.stderr).toMatch(/warning: coach Élodie Le Goff has another visit 30 min from this one/);
    const far = await coachVisit(lille, '2026-03-02T15:00', '60', 'Élodie Le Goff');
    expect(far.json()).not.toHaveProperty('warnings');
  });

  it('--coach on a technician visit, or an empty name, is a usage error', async () => {
    const tech = await cli(db, ['intervene', 'add', paris, '--kind', 'technician', '--start', '2026-03-02T10:00', '--minutes', '60', '--coach', 'Marc']);
    expect(tech.code).toBe(2);
    expect((await coachVisit(paris, '2026-03-02T10:00', '60', '  ')).code).toBe(2);
  });

  it('intervene list (human and JSON) and member export show the coach; old rows have none', async () => {
    expect((await coachVisit(paris, '2026-03-02T10:00', '60', '  Élodie   Le Goff ')).code).toBe(0);
    expect((await coachVisit(paris, '2026-03-03T10:00', '60')).code).toBe(0);
    const list = (await cli(db, ['--json', 'intervene', 'list', paris])).json();
    expect(list.map((r: { coach: string | null }) => r.coach)).toEqual(['Élodie Le Goff', null]);
    const human = await cli(db, ['intervene', 'list', paris], { env: { LANG: 'C' } });
    expect(human.stdout).toMatch(/COACH/);
    expect(human.stdout).toMatch(/Élodie Le Goff/);
    const exp = (await cli(db, ['--json', 'member', 'export', paris])).json();
    expect(exp.interventions.map((r: { coach: string | null }) => r.coach)).toEqual(['Élodie Le Goff', null]);
    expect(exp.interventions[0]).not.toHaveProperty('coach_key');
  });

  it('the coach lookup is a range of the (coach_key, start_at) index', () => {
    const s = new Database(db, { readonly: true });
    const plan = (
      s
        .prepare(`explain query plan select id from interventions where coach_key = ? and start_at >= ? and start_at < ? and cancelled_on is null`)
        .all('x', 'a', 'b') as { detail: string }[]
    )
      .map((r) => r.detail)
      .join('\n');
    s.close();
    expect(plan).toMatch(/USING INDEX interventions_coach_idx \(coach_key=\? AND start_at>\? AND start_at<\?\)/);
  });
});
