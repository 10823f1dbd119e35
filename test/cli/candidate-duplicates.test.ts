import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';
import { baseRow, writeCsv } from '../csv/helpers.js';
import { foldName } from '../../src/rules/names.js';

const D = ['--date', '2026-11-26'];
const EN = { LANG: 'C' };
const FR = { LANG: 'fr_FR.UTF-8' };
const IBAN2 = 'FR7630004000311234567890111';
const IBAN3 = 'FR7630004008200001122334402';

/** A candidacy unlike baseRow() in name, e-mail and IBAN. */
const other = (over: Record<string, string> = {}) =>
  baseRow({ first_name: 'Louis', last_name: 'Perrin', email: 'louis.perrin@example.fr', iban: IBAN3, ...over });

const addArgs = (over: Record<string, string>) =>
  Object.entries(baseRow(over))
    .filter(([, v]) => v !== '')
    .flatMap(([k, v]) => [`--${k.replace(/_/g, '-')}`, v]);

describe('possible duplicates: a warning on stderr and in the JSON, never a refusal (issue 11)', () => {
  it('names fold case, accents, spaces and hyphens', () => {
    expect(foldName('  HÉLÈNE ')).toBe(foldName('helene'));
    expect(foldName('Marchand-Dupré')).toBe(foldName('marchand  dupre'));
    expect(foldName('Marchand')).not.toBe(foldName('Marchant'));
  });

  it('candidate add: same name and postal code (accents and case aside), same e-mail, same IBAN under another ref — exit 0 with the warning', async () => {
    const db = tempDbPath();
    expect((await cli(db, [...D, 'candidate', 'import', writeCsv([baseRow({ ref: 'T-001' })])])).code).toBe(0);
    const byName = await cli(
      db,
      ['--json', ...D, 'candidate', 'add', ...addArgs({ ref: 'T-002', first_name: 'HELENE', last_name: 'marchand', email: 'autre@example.fr', iban: IBAN2 })],
      { env: EN },
    );
    expect(byName.code, byName.stderr).toBe(0);
    expect(byName.json()).toMatchObject({ ref: 'T-002', warnings: [{ ref: 'T-002', existing: 'T-001', matches: ['name_postal_code'] }] });
    expect(byName.stderr).toContain('candidacy T-002 may be a duplicate of T-001 (same name and postal code)');

    const byMailAndIban = await cli(db, [...D, 'candidate', 'add', ...addArgs({ ref: 'T-003', first_name: 'Anne', email: 'HELENE@example.fr' })], { env: FR });
    expect(byMailAndIban.code).toBe(0);
    expect(byMailAndIban.stderr).toContain('la candidature T-003 est peut-être un doublon de T-001 (même e-mail, même IBAN)');

    const none = await cli(db, [
      '--json',
      ...D,
      'candidate',
      'add',
      ...addArgs({ ref: 'T-004', first_name: 'Louis', last_name: 'Perrin', email: 'lp@example.fr', iban: IBAN3 }),
    ]);
    expect(none.code).toBe(0);
    expect(none.json()).not.toHaveProperty('warnings');
    expect(none.stderr).toBe('');
    // only the same reference is surely a duplicate: still refused
    expect((await cli(db, ['--json', ...D, 'candidate', 'add', ...addArgs({ ref: 't-001' })])).code).toBe(4);
  });

  it('candidate import: each new row compared with the candidacies stored before; known rows are not; warnings with their line in the JSON', async () => {
    const db = tempDbPath();
    expect((await cli(db, [...D, 'candidate', 'import', writeCsv([baseRow({ ref: 'T-001' }), other({ ref: 'T-009' })])])).code).toBe(0);
    const file = writeCsv([
      baseRow({ ref: 'T-001' }), // known: unchanged, no warning
      other({ ref: 'T-002', first_name: 'Marc', last_name: 'Roux', email: 'Helene@Example.fr', iban: IBAN2 }), // same e-mail as T-001
      other({ ref: 'T-003', last_name: 'Perrin', first_name: 'Louis', email: 'x@example.fr', iban: IBAN2, postal_code: '75016', city: 'Paris' }), // nothing in common
      other({ ref: 'T-004', email: 'y@example.fr', iban: IBAN2 }), // same name and postal code as T-009
    ]);
    const r = await cli(db, ['--json', ...D, 'candidate', 'import', file], { env: EN });
    expect(r.code, r.stderr).toBe(0);
    const doc = r.json();
    expect(doc).toMatchObject({ inserted: 3, updated: 0, unchanged: 1, errors: [] });
    expect(doc.warnings).toEqual([
      { line: 3, ref: 'T-002', existing: 'T-001', matches: ['email'], message: 'line 3: candidacy T-002 may be a duplicate of T-001 (same e-mail)' },
      {
        line: 5,
        ref: 'T-004',
        existing: 'T-009',
        matches: ['name_postal_code'],
        message: 'line 5: candidacy T-004 may be a duplicate of T-009 (same name and postal code)',
      },
    ]);
    expect(r.stderr.trim().split('\n')).toHaveLength(2);
    // the same file again: every row known, nothing to warn about
    const again = await cli(db, ['--json', ...D, 'candidate', 'import', file]);
    expect(again.json()).toEqual({ inserted: 0, updated: 0, unchanged: 4, errors: [] });
    expect(again.stderr).toBe('');
  });

  it('human output: the warning on stderr, the usual summary on stdout; --dry-run warns too', async () => {
    const db = tempDbPath();
    await cli(db, [...D, 'candidate', 'import', writeCsv([baseRow({ ref: 'T-001' })])]);
    const r = await cli(db, [...D, 'candidate', 'import', '--dry-run', writeCsv([other({ ref: 'T-002', iban: baseRow().iban! })])], { env: FR });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('ligne 2 : la candidature T-002 est peut-être un doublon de T-001 (même IBAN)');
    expect(r.stdout).not.toContain('doublon');
  });
});
