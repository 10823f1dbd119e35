/** Issue 11 "Defects found": filters, identifiers, single-record errors, reads before the contract, the delegate. */
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertCandidacy, insertMember } from '../helpers/factory.js';

const EN = { LANG: 'C' };

function memberDb(overrides: Parameters<typeof insertMember>[1] = {}): { db: string; no: string } {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const no = insertMember(conn, overrides);
  conn.close();
  return { db, no: String(no) };
}

describe('an unknown value in a filter is a usage error listing the valid values', () => {
  it('member list --zone bogus: exit 2 with the zones; --zone Paris is paris', async () => {
    const { db } = memberDb();
    const bogus = await cli(db, ['member', 'list', '--zone', 'bogus'], { env: EN });
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain('--zone: unknown zone "bogus"; valid values: ');
    expect(bogus.stderr).toContain('paris');
    const paris = await cli(db, ['--json', 'member', 'list', '--zone', 'Paris']);
    expect(paris.code).toBe(0);
    expect(paris.json<any[]>()).toHaveLength(1);
  });

  it('status, kind and method: any case is taken, an unknown one lists the valid values (in French too)', async () => {
    const { db } = memberDb();
    const up = await cli(db, ['--json', 'member', 'list', '--status', 'ACTIVE']);
    expect(up.code).toBe(0);
    expect(up.json<any[]>()).toHaveLength(1);
    const bad = await cli(db, ['member', 'list', '--status', 'gone'], { env: EN });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--status: unknown status "gone"; valid values: pending, active, suspended, terminated');
    const fr = await cli(db, ['bill', 'list', '--status', 'x'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.code).toBe(2);
    expect(fr.stderr).toContain('valeurs possibles');
    const method = await cli(db, ['--json', 'bill', 'pay', 'F2026-000001', '--amount', '1', '--method', 'cash']);
    expect(method.code).toBe(2);
    expect(method.json().error.message).toContain('sepa, card, amex, transfer');
    const kind = await cli(db, ['intervene', 'add', '1', '--kind', 'plumber', '--start', '2026-03-02T10:00', '--minutes', '60'], { env: EN });
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('technician, coach, airbox');
  });
});

describe('one rule for the case of references: candidacy references are found whatever their case, like invoice numbers', () => {
  it('candidate show c-0001 finds C-0001; committee decide too', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const ref = insertCandidacy(conn);
    conn.close();
    const r = await cli(db, ['--json', 'candidate', 'show', ref.toLowerCase()]);
    expect(r.code).toBe(0);
    expect(r.json().ref).toBe(ref);
    const d = await cli(db, ['--json', 'committee', 'decide', ref.toLowerCase(), '--accept', '--date', '2026-12-01']);
    expect(d.code).toBe(0);
    expect(d.json().ref).toBe(ref);
  });
});

describe('candidate add twice speaks of the field, not of a CSV line', () => {
  it('exit 4, "--ref", the existing reference, no "line 0" (also when only the case differs)', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const ref = insertCandidacy(conn);
    conn.close();
    const flags = [
      '--kind',
      'person',
      '--first-name',
      'Claire',
      '--last-name',
      'Dubois',
      '--email',
      'c@example.fr',
      '--foreign-national',
      'non',
      '--street',
      '12 avenue Foch',
      '--postal-code',
      '75116',
      '--city',
      'Paris',
      '--company-name',
      'Dubois SA',
      '--company-siren',
      '732829320',
      '--company-revenue-eur',
      '85 000 000',
      '--is-executive',
      'oui',
      '--annual-income-eur',
      '240 000',
      '--preventel-listed',
      'non',
      '--operator-unpaid',
      'non',
      '--banking-ban',
      'non',
      '--invited-by-parnasse',
      'oui',
      '--charter-accepted',
      'oui',
      '--line-technology',
      'fibre',
      '--orange-subscriptions',
      '1',
      '--incompatible-offer',
      'non',
      '--applied-on',
      '24/11/2026',
    ];
    const r = await cli(db, ['candidate', 'add', '--ref', ref.toLowerCase(), ...flags], { env: EN });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`--ref: a candidacy "${ref}" already exists`);
    expect(r.stderr).not.toMatch(/line 0/);
    const j = await cli(db, ['--json', 'candidate', 'add', '--ref', ref, ...flags]);
    expect(j.code).toBe(4);
    expect(j.json()).toMatchObject({ field: 'ref', existing: ref, errors: [] });
  });
});

describe('reading never refuses on a contract rule', () => {
  it('intervene list NO --year --date D before the contract start: an empty list, exit 0', async () => {
    const { db, no } = memberDb({ contractStart: '2026-06-01' });
    const j = await cli(db, ['--json', 'intervene', 'list', no, '--year', '--date', '2026-05-01']);
    expect(j.code).toBe(0);
    expect(j.json()).toEqual([]);
    const h = await cli(db, ['intervene', 'list', no, '--year', '--date', '2026-05-01'], { env: EN });
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('the contract takes effect on 2026-06-01');
  });
});

describe('the delegate', () => {
  it('naming the current delegate again asks for no notice and is no replacement', async () => {
    const { db, no } = memberDb();
    expect((await cli(db, ['member', 'delegate', no, '--name', 'Marc Roux', '--date', '2026-02-01'])).code).toBe(0);
    const again = await cli(db, ['member', 'delegate', no, '--name', 'Marc Roux', '--date', '2026-02-10'], { env: EN });
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('replaces');
    expect(again.stdout).toContain('already the delegate');
    const phone = await cli(db, ['--json', 'member', 'delegate', no, '--name', 'marc  roux', '--phone', '0611111111', '--date', '2026-02-10']);
    expect(phone.code).toBe(0);
    expect(phone.json()).toMatchObject({ replaced: null, corrected: true, started_on: '2026-02-01' });
    const show = (await cli(db, ['--json', 'member', 'show', no])).json();
    expect(show.delegate).toMatchObject({ name: 'Marc Roux', phone: '0611111111' });
  });

  it('a notice dated before the delegate it replaces existed is refused (art. 1)', async () => {
    const { db, no } = memberDb();
    expect((await cli(db, ['member', 'delegate', no, '--name', 'Marc Roux', '--date', '2026-02-01'])).code).toBe(0);
    const early = await cli(db, ['--json', 'member', 'delegate', no, '--name', 'Claire Petit', '--notified-on', '2026-01-15', '--date', '2026-02-20']);
    expect(early.code).toBe(3);
    expect(early.json().error.message).toContain('before the delegate it replaces was named (2026-02-01)');
    const ok = await cli(db, ['--json', 'member', 'delegate', no, '--name', 'Claire Petit', '--notified-on', '2026-02-15', '--date', '2026-02-20']);
    expect(ok.code).toBe(0);
    expect(ok.json().replaced).toBe('Marc Roux');
  });
});
