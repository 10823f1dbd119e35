import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertCandidacy, insertMember } from '../helpers/factory.js';

const EN = { LANG: 'C' };
const FR = { LANG: 'fr_FR.UTF-8' };

function club() {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const no = String(insertMember(conn, { email: 'paul@example.fr' }));
  const ref = insertCandidacy(conn, { zoneId: 'paris' });
  conn.close();
  return { db, no, ref };
}

describe('parnasse member edit / candidate edit (issue 11)', () => {
  it('member edit: the before → after table (English and French), JSON of the changed fields only; the same again: said, exit 0', async () => {
    const c = club();
    const h = await cli(c.db, ['--date', '2026-12-10', 'member', 'edit', c.no, '--email', 'p.durand@example.fr', '--postal-code', '69002', '--city', 'Lyon'], {
      env: EN,
    });
    expect(h.code, h.stderr).toBe(0);
    expect(h.stdout).toContain(`Member ${c.no} corrected:`);
    expect(h.stdout).toMatch(/E-mail\s+paul@example\.fr\s+→\s+p\.durand@example\.fr/);
    expect(h.stdout).toMatch(/Zone\s+paris\s+→\s+sud/);
    for (const line of h.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    const fr = await cli(c.db, ['--date', '2026-12-10', 'member', 'edit', c.no, '--phone', '06 99 88 77 66'], { env: FR });
    expect(fr.code).toBe(0);
    expect(fr.stdout).toContain(`Membre ${c.no} corrigé :`);
    expect(fr.stdout).toMatch(/Téléphone\s+0611223344\s+→\s+06 99 88 77 66/);
    const j = await cli(c.db, ['--json', 'member', 'edit', c.no, '--email', 'P.Durand@example.fr', '--city', 'Lyon']);
    expect(j.json()).toEqual({ member_no: c.no, changed: { email: { before: 'p.durand@example.fr', after: 'P.Durand@example.fr' } } });
    const same = await cli(c.db, ['member', 'edit', c.no, '--city', 'Lyon'], { env: EN });
    expect(same.code).toBe(0);
    expect(same.stdout).toContain(`Member ${c.no}: nothing to change`);
    const sameFr = await cli(c.db, ['--json', 'member', 'edit', c.no, '--city', 'Lyon'], { env: FR });
    expect(sameFr.json()).toEqual({ member_no: c.no, changed: {} });
  });

  it('exit codes: unknown member 2, bad value 2 naming the flag (both languages), nothing given 2, purged 3 naming annex 5', async () => {
    const c = club();
    expect((await cli(c.db, ['member', 'edit', '9999', '--email', 'a@b.fr'])).code).toBe(2);
    const bad = await cli(c.db, ['member', 'edit', c.no, '--iban', 'FR00 1234'], { env: EN });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--iban: "FR00 1234" is not a valid French (FR) IBAN');
    const badFr = await cli(c.db, ['member', 'edit', c.no, '--email', 'nope'], { env: FR });
    expect(badFr.stderr).toContain("--email: « nope » n'est pas une adresse e-mail");
    expect((await cli(c.db, ['member', 'edit', c.no])).code).toBe(2);
    const conn = openDatabase(c.db);
    conn.sqlite.prepare("update members set purged_on = '2030-01-02' where member_no = ?").run(Number(c.no));
    conn.close();
    const purged = await cli(c.db, ['member', 'edit', c.no, '--email', 'a@b.fr'], { env: FR });
    expect(purged.code).toBe(3);
    expect(purged.stderr).toContain('annexe 5');
  });

  it('candidate edit: found whatever the case, zone and status judged again; JSON; unknown ref exit 2', async () => {
    const c = club();
    const r = await cli(c.db, [
      '--json',
      '--date',
      '2026-12-01',
      'candidate',
      'edit',
      c.ref.toLowerCase(),
      '--postal-code',
      '97100',
      '--city',
      'Pointe-à-Pitre',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toEqual({
      ref: c.ref,
      changed: {
        postal_code: { before: '75116', after: '97100' },
        city: { before: 'Paris', after: 'Pointe-à-Pitre' },
        department: { before: '75', after: '971' },
        zone: { before: 'paris', after: null },
        status: { before: 'ready', after: 'ineligible' },
      },
    });
    const h = await cli(c.db, ['--date', '2026-12-01', 'candidate', 'edit', c.ref, '--postal-code', '75116', '--city', 'Paris'], { env: FR });
    expect(h.stdout).toMatch(/Statut\s+inéligible\s+→\s+prête/);
    expect((await cli(c.db, ['candidate', 'edit', 'NOPE', '--city', 'Paris'])).code).toBe(2);
  });
});

describe('candidate edit: a correction that makes a possible duplicate warns (as on input)', () => {
  it('the e-mail of another candidacy: a warning on stderr and in `warnings`, exit 0, written; one that was already shared is not said again', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const a = insertCandidacy(conn, { zoneId: 'paris', email: 'h.marchand@example.fr', iban: 'FR7630004000031234567890143' });
    const b = insertCandidacy(conn, { zoneId: 'paris', email: 'autre@example.fr', iban: 'FR7630004000031234567890143' });
    conn.close();
    const r = await cli(db, ['--json', 'candidate', 'edit', b, '--email', 'H.Marchand@example.fr'], { env: EN });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().changed.email).toEqual({ before: 'autre@example.fr', after: 'H.Marchand@example.fr' });
    // the IBAN was shared before the edit: only the e-mail is new, the warning names both
    expect(r.json().warnings).toEqual([expect.objectContaining({ ref: b, existing: a, matches: ['email', 'iban'] })]);
    expect(r.stderr).toContain(`candidacy ${b} may be a duplicate of ${a}`);
    // a correction that makes no new match says nothing
    const phone = await cli(db, ['--json', 'candidate', 'edit', b, '--phone', '06 11 22 33 44'], { env: EN });
    expect(phone.code, phone.stderr).toBe(0);
    expect(phone.json().warnings).toBeUndefined();
    expect(phone.stderr).toBe('');
    const fr = await cli(db, ['candidate', 'edit', a, '--city', 'Paris 8e'], { env: FR });
    expect(fr.code, fr.stderr).toBe(0);
    expect(fr.stderr).toBe('');
  });
});
