/** Months and provisions as a French reader writes them (review): `12/2026` as dates are `DD/MM/YYYY`; `annexe 3.3`, not `art. annexe 3.3`. */
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { fmtMonth } from '../../src/i18n/format.js';
import { RefusedError } from '../../src/errors.js';
import { setLang } from '../../src/i18n/index.js';

const FR = { env: { LANG: 'fr_FR.UTF-8' } };

describe('French months and provisions', () => {
  it('bill run and bill show: 12/2026 in French, 2026-12 in English; JSON unchanged', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    insertMember(conn, { contractStart: '2026-12-01' });
    conn.close();
    const dry = await cli(db, ['bill', 'run', '--month', '2026-12', '--date', '2026-12-01', '--dry-run'], FR);
    expect(dry.stdout).toContain('Simulation — rien n’est écrit. 12/2026 :');
    expect((await cli(db, ['bill', 'run', '--month', '2026-12', '--date', '2026-12-01'], FR)).stdout).toContain('12/2026 : 1 facture(s)');
    const show = await cli(db, ['bill', 'show', 'F2026-000001', '--date', '2026-12-02'], FR);
    expect(show.stdout).toMatch(/12\/2026/);
    expect(show.stdout).not.toMatch(/\b2026-12\b/);
    expect((await cli(db, ['bill', 'run', '--month', '2026-12', '--date', '2026-12-02'], { env: { LANG: 'C' } })).stdout).toContain(
      'Nothing left to bill for 2026-12',
    );
    expect((await cli(db, ['--json', 'bill', 'show', 'F2026-000001'], FR)).json().lines[0].period).toBe('2026-12');
  });

  it('fmtMonth and the reference of an annex', () => {
    setLang('fr');
    try {
      expect(fmtMonth('2027-01')).toBe('01/2027');
      expect(fmtMonth('PARNASSE-2026-12-1')).toBe('PARNASSE-2026-12-1');
      expect(new RefusedError('annex 3.3', 'x').message).toBe('refusé (annexe 3.3) : x');
      expect(new RefusedError('7.3.7', 'x').message).toBe('refusé (art. 7.3.7) : x');
    } finally {
      setLang('en');
    }
    expect(fmtMonth('2027-01')).toBe('2027-01');
    expect(new RefusedError('annex 3.3', 'x').message).toBe('refused (annex 3.3): x');
  });
});
