/**
 * Issue 28 item 12: input hygiene. The invisible direction and separator characters are
 * refused like the other controls (a BOM at the start of a CSV file stays legitimate); a line
 * feed in `mail.from` and a list of addresses in a member's e-mail are refused; an
 * intervention at a Paris time that does not exist (the spring change to summer time) is
 * refused naming the gap.
 */
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';
import { baseRow, writeCsv } from '../csv/helpers.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { insertMember as insertInterventionMember } from '../helpers/intervention-fixtures.js';
import { escapeControls } from '../../src/text/controls.js';
import { parisGap } from '../../src/rules/calendar.js';

const EN = { env: { LANG: 'C' } };
const FR = { env: { LANG: 'fr_FR.UTF-8' } };
const D = ['--date', '2026-11-26'];
const addArgs = (over: Record<string, string> = {}) =>
  Object.entries({ ...baseRow(), ...over })
    .filter(([, v]) => v !== '')
    .flatMap(([k, v]) => [`--${k.replace(/_/g, '-')}`, v]);

const INVISIBLE = ['\u200e', '\u200f', '\u061c', '\u2028', '\u2029', '\u200b', '\ufeff'];
const cp = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

describe('invisible direction and separator characters (issue 28 item 12)', () => {
  it.each(INVISIBLE.map((c) => [cp(c), c]))('%s in a flag: exit 4 naming the flag and the character, nothing stored', async (code, ch) => {
    const db = tempDbPath();
    const r = await cli(db, [...D, 'candidate', 'add', ...addArgs({ last_name: `Du${ch}bois` })], EN);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('--last-name');
    expect(r.stderr).toContain(code);
    expect(((await cli(db, ['--json', 'candidate', 'list'])).json() as unknown[]).length).toBe(0);
  });

  it('in a CSV cell: exit 4 with its line and column; a BOM at the start of the file is still the encoding, not a refused character', async () => {
    const db = tempDbPath();
    for (const ch of INVISIBLE) {
      const f = writeCsv([baseRow({ ref: 'T-001' }), baseRow({ ref: 'T-002', city: `Pa${ch}ris` })], { bom: true });
      const r = await cli(db, ['--json', ...D, 'candidate', 'import', f], EN);
      expect(r.code, cp(ch)).toBe(4);
      expect(r.json().errors).toEqual([expect.objectContaining({ line: 3, column: 'city', message: expect.stringContaining(cp(ch)) })]);
    }
    const ok = writeCsv([baseRow({ ref: 'T-001' })], { bom: true });
    const r = await cli(db, ['--json', ...D, 'candidate', 'import', ok], EN);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('stored before the refusal: shown escaped', () => {
    expect(escapeControls('Ali\u200fce\u2028x\ufeff')).toBe('Ali\\u200fce\\u2028x\\ufeff');
    expect(escapeControls('Zoé\tok\n')).toBe('Zoé\tok\n');
  });
});

describe('addresses (issue 28 item 12)', () => {
  it('mail.from with a line feed (a header injected) or a list: exit 4, the setting unchanged', async () => {
    const db = tempDbPath();
    for (const v of [
      'Cercle <f@parnasse.example>\nBcc: all@evil.example',
      'Cercle\r\nBcc: x@evil.example <f@parnasse.example>',
      'f@parnasse.example, x@evil.example',
      'a@b.fr;c@d.fr',
    ]) {
      const r = await cli(db, ['settings', 'set', 'mail.from', v], EN);
      expect(r.code, JSON.stringify(v)).toBe(4);
    }
    expect((await cli(db, ['settings', 'set', 'mail.from', 'Cercle Parnasse <factures@parnasse.example>'])).code).toBe(0);
    expect((await cli(db, ['settings', 'set', 'mail.from', '"Parnasse, le Cercle" <factures@parnasse.example>'])).code).toBe(0);
  });

  it('a member e-mail holding a list of addresses: refused in member edit and candidate add (usage errors, exit 2)', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const no = String(insertMember(conn, { email: 'paul@example.fr' }));
    conn.close();
    for (const v of ['paul@example.fr,boss@example.fr', 'paul@example.fr;boss@example.fr', 'paul@example.fr, boss@example.fr', '<paul@example.fr>']) {
      const r = await cli(db, ['member', 'edit', no, '--email', v], EN);
      expect(r.code, v).toBe(2); // a value member edit refuses is a usage error, like every other
      expect(r.stderr).toContain('e-mail');
      const c = await cli(db, [...D, 'candidate', 'add', ...addArgs({ email: v })], EN);
      expect(c.code, v).toBe(2);
      expect(c.stderr).toContain('not an e-mail address');
    }
    const show = await cli(db, ['--json', 'member', 'show', no]);
    expect(show.json().email).toBe('paul@example.fr');
  });
});

describe('a Paris time that does not exist (issue 28 item 12)', () => {
  it('parisGap: the last Sunday of March, 02:00 to 03:00', () => {
    expect(parisGap('2027-03-28')).toEqual({ from: 120, to: 180 });
    expect(parisGap('2026-03-29')).toEqual({ from: 120, to: 180 });
    expect(parisGap('2027-03-21')).toBeNull();
    expect(parisGap('2027-10-31')).toBeNull();
  });

  it('intervene add at 02:30 on 28/03/2027: exit 2 naming the gap (English and French); 01:59 and 03:00 are real times', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const m = insertInterventionMember(conn, { postalCode: '75008', contractStart: '2026-01-15' });
    conn.close();
    const add = (start: string, env = EN) =>
      cli(db, ['--json', 'intervene', 'add', String(m.memberNo), '--kind', 'technician', '--start', start, '--minutes', '30', '--out-of-hours'], env);
    const r = await add('2027-03-28T02:30');
    expect(r.code, r.stdout).toBe(2);
    expect(r.json().error.message).toContain('02:00');
    expect(r.json().error.message).toContain('03:00');
    expect(r.json().error.message).toContain('summer time');
    const fr = await add('2027-03-28T02:00', FR);
    expect(fr.code).toBe(2);
    expect(fr.json().error.message).toContain('heure d’été');
    const req = await cli(
      db,
      [
        '--json',
        'intervene',
        'add',
        String(m.memberNo),
        '--kind',
        'technician',
        '--start',
        '2027-03-29T10:00',
        '--minutes',
        '30',
        '--requested-at',
        '2027-03-28T02:15',
      ],
      EN,
    );
    expect(req.code).toBe(2);
    expect((await add('2027-03-28T01:59')).code).not.toBe(2);
    expect((await add('2027-03-28T03:00')).code).not.toBe(2);
  });
});
