/** Annex 5: vetting data is destroyed once the committee validates — and never copied into the append-only audit log. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';

describe('candidate vet and the erasure of vetting notes (annex 5)', () => {
  it('notes are kept until acceptance, then erased; the audit log never holds their text', async () => {
    const db = tempDbPath();
    expect((await cli(db, ['--date', '2026-11-26', 'candidate', 'import', 'fixtures/candidates.csv'])).code).toBe(0);
    const secret = 'LinkedIn: CEO since 2019; press article 2024-03 on the Marchand takeover';
    const v = await cli(db, ['--json', 'candidate', 'vet', 'C-2026-001', '--note', secret, '--date', '2026-11-26']);
    expect(v.code).toBe(0);
    expect(v.json().vetting_notes).toBe(`2026-11-26: ${secret}`);

    expect((await cli(db, ['committee', 'decide', 'C-2026-001', '--accept', '--date', '2026-11-27'])).code).toBe(0);
    expect((await cli(db, ['--json', 'candidate', 'show', 'C-2026-001'])).json().vetting_notes).toBeNull();

    const raw = new Database(db, { readonly: true });
    const hits = raw.prepare('select count(*) as n from audit_log where change like ?').get(`%${secret.slice(0, 20)}%`) as { n: number };
    expect(hits.n).toBe(0);
    raw.close();

    const late = await cli(db, ['--json', 'candidate', 'vet', 'C-2026-001', '--note', 'more', '--date', '2026-11-28']);
    expect(late.code).toBe(3);
    expect(late.json().error.article).toBe('3.3');
  });

  it('an empty note is a usage error', async () => {
    const db = tempDbPath();
    expect((await cli(db, ['--date', '2026-11-26', 'candidate', 'import', 'fixtures/candidates.csv'])).code).toBe(0);
    expect((await cli(db, ['candidate', 'vet', 'C-2026-002', '--note', '  '])).code).toBe(2);
  });
});
