import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';
import { baseRow, writeCsv } from '../csv/helpers.js';

const D = ['--date', '2026-11-26'];

describe('candidate import matches references whatever their case (issue 11)', () => {
  it('abc-1 in the file is the stored ABC-1: unchanged, then an update of it, never a second candidacy', async () => {
    const db = tempDbPath();
    expect((await cli(db, ['--json', ...D, 'candidate', 'import', writeCsv([baseRow({ ref: 'ABC-1' })])])).json()).toMatchObject({ inserted: 1 });
    const same = await cli(db, ['--json', ...D, 'candidate', 'import', writeCsv([baseRow({ ref: 'abc-1' })])]);
    expect(same.code).toBe(0);
    expect(same.json()).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    const changed = await cli(db, ['--json', ...D, 'candidate', 'import', writeCsv([baseRow({ ref: 'Abc-1', city: 'Paris 16e' })])]);
    expect(changed.code).toBe(0);
    expect(changed.json()).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const list = (await cli(db, ['--json', 'candidate', 'list'])).json<{ ref: string; city: string }[]>();
    expect(list.map((c) => c.ref)).toEqual(['ABC-1']);
    expect((await cli(db, ['--json', 'candidate', 'show', 'abc-1'])).json()).toMatchObject({ ref: 'ABC-1', city: 'Paris 16e' });
  });

  it('the same reference twice in one file, in two cases: the duplicate is reported with its line, nothing written', async () => {
    const db = tempDbPath();
    const r = await cli(db, ['--json', ...D, 'candidate', 'import', writeCsv([baseRow({ ref: 'XY-9' }), baseRow({ ref: 'xy-9' })])]);
    expect(r.code).toBe(4);
    const doc = r.json();
    expect(doc.errors).toHaveLength(1);
    expect(doc.errors[0]).toMatchObject({ line: 3, column: 'ref' });
    expect((await cli(db, ['--json', 'candidate', 'list'])).json()).toEqual([]);
  });

  it('a stored candidacy already decided is refused when the file changes it, found whatever the case', async () => {
    const db = tempDbPath();
    await cli(db, ['--json', ...D, 'candidate', 'import', writeCsv([baseRow({ ref: 'DEC-1' })])]);
    expect((await cli(db, ['--json', 'committee', 'decide', 'DEC-1', '--accept', '--date', '2026-11-27'])).code).toBe(0);
    const r = await cli(db, ['--json', ...D, 'candidate', 'import', writeCsv([baseRow({ ref: 'dec-1', city: 'Paris 16e' })])]);
    expect(r.code).toBe(4);
    expect(r.json().errors[0]).toMatchObject({ line: 2 });
    expect((await cli(db, ['--json', 'candidate', 'list'])).json()).toHaveLength(1);
  });
});
