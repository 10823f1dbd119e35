/**
 * Issue 28 item 13: a name in a script the embedded font lacks (CJK, emoji) disappeared from
 * the invoice, and Arabic would print reversed. Decision (RULES.md §3): refused on entry with
 * a clear message naming the character; Latin, Greek and Cyrillic names print as typed.
 */
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';
import { baseRow } from '../csv/helpers.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { unprintable } from '../../src/text/printable.js';

const D = ['--date', '2026-11-26'];
const addArgs = (over: Record<string, string> = {}) =>
  Object.entries({ ...baseRow(), ...over })
    .filter(([, v]) => v !== '')
    .flatMap(([k, v]) => [`--${k.replace(/_/g, '-')}`, v]);

describe('names an invoice cannot print (issue 28 item 13)', () => {
  it('unprintable: CJK and emoji lack a glyph, Arabic and Hebrew are right-to-left; Latin, Greek, Cyrillic, Vietnamese are fine', () => {
    expect(unprintable('王小明')).toEqual({ ch: '王', why: 'glyph' });
    expect(unprintable('Zoé 🦄')).toEqual({ ch: '🦄', why: 'glyph' });
    expect(unprintable('Zoé 😀')).toBeNull(); // DejaVu draws the emoticons block (in black and white)
    expect(unprintable('محمد')).toEqual({ ch: 'م', why: 'rtl' });
    expect(unprintable('שרה')).toEqual({ ch: 'ש', why: 'rtl' });
    for (const ok of ['Hélène Dupré-Noël', 'Ærø Łódź', 'Σωκράτης', 'Дмитрий', 'Nguyễn Thị']) expect(unprintable(ok), ok).toBeNull();
  });

  it('candidate add and member edit refuse them naming the character (English and French), nothing stored', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const no = String(insertMember(conn, { lastName: 'Martin' }));
    conn.close();
    const r = await cli(db, [...D, 'candidate', 'add', ...addArgs({ last_name: '王' })], { env: { LANG: 'C' } });
    expect(r.code).toBe(2); // a flag's value refused: a usage error, like every field of candidate add
    expect(r.stderr).toContain('U+738B');
    expect(r.stderr).toContain('cannot be printed on invoices');
    const ar = await cli(db, [...D, 'candidate', 'add', ...addArgs({ first_name: 'محمد' })], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(ar.code).toBe(2);
    expect(ar.stderr).toContain('droite à gauche');
    expect(((await cli(db, ['--json', 'candidate', 'list'])).json() as unknown[]).length).toBe(0);
    const e = await cli(db, ['member', 'edit', no, '--last-name', 'Martin 👍'], { env: { LANG: 'C' } });
    expect(e.code).toBe(2);
    expect(e.stderr).toContain('U+1F44D');
    expect((await cli(db, ['--json', 'member', 'show', no])).json().last_name).toBe('Martin');
    const ok = await cli(db, [...D, 'candidate', 'add', ...addArgs({ first_name: 'Дмитрий', last_name: 'Σωκράτης' })]);
    expect(ok.code, ok.stderr).toBe(0);
  });
});
