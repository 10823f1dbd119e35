/**
 * Issue 12, input that is not text: control characters (terminal escapes, NUL, bidi
 * overrides) are refused on input in every text field — flags and CSV cells — with exit 4,
 * and shown escaped on output for data already stored.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scriptedPrompter, tempDbPath, tempDir } from '../helpers/cli.js';
import { baseRow, writeCsv } from '../csv/helpers.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertCandidacy } from '../helpers/factory.js';
import { escapeControls } from '../../src/text/controls.js';

const EN = { env: { LANG: 'C' } };
const PWNED = '\u001b]0;pwned\u0007\u001b[2J';
const D = ['--date', '2026-11-26'];
const addArgs = (over: Record<string, string> = {}) =>
  Object.entries({ ...baseRow(), ...over })
    .filter(([, v]) => v !== '')
    .flatMap(([k, v]) => [`--${k.replace(/_/g, '-')}`, v]);
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

async function count(db: string): Promise<number> {
  return ((await cli(db, ['--json', 'candidate', 'list'])).json() as unknown[]).length;
}

describe('control characters on input', () => {
  it('a flag holding a terminal escape, a NUL or a bidi override: exit 4 naming the flag, nothing stored', async () => {
    const db = tempDbPath();
    for (const [over, flag, code] of [
      [{ first_name: `Jeanne${PWNED}` }, '--first-name', 'U+001B'],
      [{ last_name: 'Du\u0000bois' }, '--last-name', 'U+0000'],
      [{ city: 'Paris\u202e' }, '--city', 'U+202E'],
      [{ street: '1 rue\rde la Paix' }, '--street', 'U+000D'],
    ] as const) {
      const r = await cli(db, [...D, 'candidate', 'add', ...addArgs(over)], EN);
      expect(r.code, flag).toBe(4);
      expect(r.stderr).toContain(flag);
      expect(r.stderr).toContain(code);
      expect(r.stderr).not.toMatch(RAW);
    }
    const eq = await cli(db, ['member', 'show', `--operator=x${PWNED}`, '1'], EN);
    expect(eq.code).toBe(4);
    expect(eq.stderr).toContain('--operator');
    expect(await count(db)).toBe(0);
    // JSON: one document naming the problem
    const j = await cli(db, ['--json', ...D, 'candidate', 'add', ...addArgs({ first_name: PWNED })], EN);
    expect(j.code).toBe(4);
    expect(j.json().error.code).toBe('invalid_input');
  });

  it('typed at a prompt: refused the same way (exit 4), nothing stored', async () => {
    const db = tempDbPath();
    const args = addArgs();
    args.splice(args.indexOf('--city'), 2);
    const prompter = {
      ...scriptedPrompter([]),
      input: async (q: { message: string; validate?: (v: string) => true | string }) => {
        const v = q.message === 'City' ? `Paris${PWNED}` : '';
        expect(q.validate?.(v)).toBe(q.message === 'City' ? 'a control character (U+001B) is not text: refused' : true);
        return v;
      },
    };
    const r = await cli(db, [...D, 'candidate', 'add', ...args], { tty: true, prompter, env: { LANG: 'C' } });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('U+001B');
    expect(await count(db)).toBe(0);
  });

  it('a CSV cell holding a control character, or only NUL: exit 4 with its line and column, nothing imported', async () => {
    const db = tempDbPath();
    for (const [over, column] of [
      [{ first_name: `Jeanne${PWNED}` }, 'first_name'],
      [{ last_name: '\u0000' }, 'last_name'],
      [{ city: 'Pa\u0000ris' }, 'city'],
    ] as const) {
      const f = writeCsv([baseRow({ ref: 'T-001' }), baseRow({ ref: 'T-002', ...over })]);
      const r = await cli(db, ['--json', ...D, 'candidate', 'import', f], EN);
      expect(r.code, column).toBe(4);
      const doc = r.json();
      expect(doc.errors).toEqual([
        expect.objectContaining({ line: 3, column, code: 'control_character', message: expect.stringMatching(/control character \(U\+00(1B|00)\)/) }),
      ]);
      expect(await count(db)).toBe(0);
    }
  });

  it('member import and bill returns refuse them too', async () => {
    const db = tempDbPath();
    const dir = tempDir();
    const header =
      'member_no,kind,first_name,last_name,email,phone,street,postal_code,city,department,company_name,company_siren,contract_start,status,orange_subscriptions,line_technology,iban,delegate_name,options';
    const f = path.join(dir, 'members.csv');
    fs.writeFileSync(f, `${header}\r\n120,person,H\u001b[2Jélène,Dubois,helene@example.fr,,8 rue du Bac,75007,Paris,,,,2024-03-01,active,1,fibre,,,\r\n`);
    const r = await cli(db, ['--json', 'member', 'import', f], EN);
    expect(r.code).toBe(4);
    expect(r.json().errors[0]).toMatchObject({ line: 2, column: 'first_name' });
    const returns = path.join(dir, 'returns.csv');
    fs.writeFileSync(returns, `invoice,reason\nF2026-000001,AM04\u001b]0;x\u0007\n`);
    const b = await cli(db, ['bill', 'returns', returns], EN);
    expect(b.code).toBe(4);
    expect(b.stderr).toMatch(/line 2: a control character \(U\+001B\)/);
  });
});

describe('control characters already stored are shown escaped', () => {
  it('candidate list/show and committee agenda never write the raw escape; JSON keeps the value', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const ref = insertCandidacy(conn);
    conn.sqlite.prepare('update candidacies set first_name = ? where ref = ?').run(`Jeanne${PWNED}`, ref);
    conn.close();
    for (const args of [
      ['candidate', 'list'],
      ['candidate', 'show', ref],
      ['committee', 'agenda', '--date', '2026-11-26'],
      ['candidate', 'list', '--wide'],
    ]) {
      const r = await cli(db, args, EN);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).not.toMatch(RAW);
    }
    const show = await cli(db, ['candidate', 'show', ref], EN);
    expect(show.stdout).toContain('Jeanne\\x1b]0;pwned\\x07\\x1b[2J');
    const j = await cli(db, ['--json', 'candidate', 'show', ref], EN);
    expect(j.json().first_name).toBe(`Jeanne${PWNED}`);
  });

  it('escapeControls: controls escaped, tab and newline kept, colour kept only when asked', () => {
    expect(escapeControls('a\u0000b\tc\nd\u202ee\u009b')).toBe('a\\x00b\tc\nd\\u202ee\\x9b');
    expect(escapeControls('\u001b[31mred\u001b[0m', true)).toBe('\u001b[31mred\u001b[0m');
    expect(escapeControls('\u001b[31mred\u001b[0m')).toBe('\\x1b[31mred\\x1b[0m');
    expect(escapeControls('\u001b]0;x\u0007', true)).toBe('\\x1b]0;x\\x07');
    expect(escapeControls('a,b\r\nc,d\r\n')).toBe('a,b\r\nc,d\r\n');
    expect(escapeControls('over\rwrite')).toBe('over\\x0dwrite');
  });
});
