import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scriptedPrompter, tempDbPath } from '../helpers/cli.js';
import { baseRow, writeCsv } from '../csv/helpers.js';

const FIXTURE = path.resolve('fixtures/candidates.csv');
const D = ['--date', '2026-11-26'];

const addArgs = (over: Record<string, string> = {}) => {
  const r = { ...baseRow(), ...over };
  return Object.entries(r)
    .filter(([, v]) => v !== '')
    .flatMap(([k, v]) => [`--${k.replace(/_/g, '-')}`, v]);
};

describe('parnasse candidate (CLI)', () => {
  it('imports the fixture: JSON counts, then idempotent; list/show/check as CLI.md says', async () => {
    const db = tempDbPath();
    const r = await cli(db, ['--json', ...D, 'candidate', 'import', FIXTURE]);
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ inserted: 33, updated: 0, unchanged: 0, errors: [] });
    expect((await cli(db, ['--json', ...D, 'candidate', 'import', FIXTURE])).json()).toEqual({ inserted: 0, updated: 0, unchanged: 33, errors: [] });

    const ready = (await cli(db, ['--json', 'candidate', 'list', '--status', 'ready'])).json<{ ref: string; status: string }[]>();
    expect(ready.length).toBeGreaterThanOrEqual(10);
    expect(ready.every((c) => c.status === 'ready')).toBe(true);
    const zones = new Set((await cli(db, ['--json', 'candidate', 'list'])).json<{ zone: string | null }[]>().map((c) => c.zone));
    for (const z of ['paris', 'sud', 'nord', 'grand_ouest', 'grand_sud_ouest', 'grand_est', null]) expect(zones.has(z)).toBe(true);

    const show = (await cli(db, ['--json', 'candidate', 'show', 'C-2026-001'])).json();
    expect(show).toMatchObject({
      ref: 'C-2026-001',
      kind: 'person',
      company_revenue_cents: 12_500_000_000,
      annual_income_cents: 38_000_000,
      status: 'ready',
      zone: 'paris',
      deadline: '2026-11-27',
      member_no: null,
      applied_on: '2026-11-20',
      documents: ['D1', 'D2', 'D4', 'D5', 'D6'],
      foreign_national: false,
    });
    expect(show).not.toHaveProperty('company_revenue_eur');

    const chk = await cli(db, ['--json', '--date', '2026-11-26', 'candidate', 'check', 'C-2026-018']);
    expect(chk.code).toBe(0);
    const doc = chk.json();
    expect(doc).toMatchObject({ ref: 'C-2026-018', status: 'ineligible' });
    expect(doc.checks).toHaveLength(15);
    expect(doc.checks.find((c: { id: string }) => c.id === 'E2')).toMatchObject({ pass: false, article: '3.1' });

    const human = await cli(db, ['candidate', 'check', 'C-2026-018']);
    expect(human.stdout).toMatch(/E2\s+FAIL\s+3\.1/);
    expect((await cli(db, ['--json', 'candidate', 'show', 'NOPE'])).code).toBe(2);
  });

  it('a rejected file: exit 4, JSON with counts and every error, nothing written', async () => {
    const db = tempDbPath();
    const file = writeCsv([baseRow(), baseRow({ ref: 'T-002', applied_on: '32/11/2026' }), baseRow({ ref: 'T-003', iban: 'FR00 1234' })]);
    const r = await cli(db, ['--json', ...D, 'candidate', 'import', file]);
    expect(r.code).toBe(4);
    const doc = r.json();
    expect(doc).toMatchObject({ inserted: 1, updated: 0, unchanged: 0, error: { code: 'invalid_input' } });
    expect(doc.errors).toEqual([
      { line: 3, column: 'applied_on', code: 'not_date', message: expect.any(String) },
      { line: 4, column: 'iban', code: 'not_iban', message: expect.any(String) },
    ]);
    expect((await cli(db, ['--json', 'candidate', 'list'])).json()).toEqual([]);
    const h = await cli(db, [...D, 'candidate', 'import', file]);
    expect(h.code).toBe(4);
    expect(h.stderr).toMatch(/line 3, column applied_on/);
    expect(h.stdout).toBe('');
  });

  it('--dry-run exits 0 and writes nothing; a bad --delimiter value is a usage error', async () => {
    const db = tempDbPath();
    const file = writeCsv([baseRow()]);
    const r = await cli(db, ['--json', ...D, 'candidate', 'import', '--dry-run', file]);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ inserted: 1 });
    expect((await cli(db, ['--json', 'candidate', 'list'])).json()).toEqual([]);
    expect((await cli(db, ['candidate', 'import', '--delimiter', 'tab', file])).code).toBe(2);
  });

  it('add: with every flag; without a terminal a missing flag is exit 2 naming it', async () => {
    const db = tempDbPath();
    const r = await cli(db, ['--json', ...D, 'candidate', 'add', ...addArgs({ documents: 'D1,D2,D4,D5,D6' })]);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ ref: 'T-001', status: 'ready', zone: 'paris' });
    const again = await cli(db, ['--json', ...D, 'candidate', 'add', ...addArgs()]);
    expect(again.code).toBe(4);
    const args = addArgs({ ref: 'T-002' });
    const i = args.indexOf('--company-siren');
    args.splice(i, 2);
    const m = await cli(db, ['--json', 'candidate', 'add', ...args]);
    expect(m.code).toBe(2);
    expect(m.json().error.message).toContain('--company-siren');
    const bad = await cli(db, ['--json', 'candidate', 'add', ...addArgs({ ref: 'T-003', company_siren: '123456789' })]);
    expect(bad.code).toBe(2);
    expect(bad.json().error.message).toMatch(/--company-siren: SIREN 123456789 has a wrong check digit/);
  });

  it('add on a terminal prompts for what is missing', async () => {
    const db = tempDbPath();
    const args = addArgs();
    args.splice(args.indexOf('--email'), 2);
    args.splice(args.indexOf('--city'), 2);
    const asked: string[] = [];
    const answers: Record<string, string> = { 'E-mail': 'claire@example.fr', City: 'Paris' };
    const p = {
      ...scriptedPrompter([]),
      input: async (q: { message: string }) => {
        asked.push(q.message);
        return answers[q.message] ?? '';
      },
    };
    const r = await cli(db, [...D, 'candidate', 'add', ...args], { tty: true, prompter: p });
    expect(r.code).toBe(0);
    // the missing required values first, then the optional columns not given, each skippable
    expect(asked.slice(0, 2)).toEqual(['E-mail', 'City']);
    expect(asked.length).toBeGreaterThan(2);
    for (const q of asked.slice(2)) expect(q).toMatch(/\(optional, Enter to skip\)$/);
    expect(r.stdout).toMatch(/added candidacy T-001: ready/);
  });

  it('docs completes a dossier; withdraw asks confirmation, --yes skips it; refused once member', async () => {
    const db = tempDbPath();
    await cli(db, [...D, 'candidate', 'add', ...addArgs({ documents: 'D1', id_expires_on: '' })]);
    expect((await cli(db, ['--json', 'candidate', 'show', 'T-001'])).json().status).toBe('incomplete');
    const d = await cli(db, ['--json', ...D, 'candidate', 'docs', 'T-001', '--received', 'D2,D4,D5,D6', '--id-expires', '2026-11-26']);
    expect(d.code).toBe(0);
    expect(d.json()).toMatchObject({ status: 'ready', documents: ['D1', 'D2', 'D4', 'D5', 'D6'], id_expires_on: '2026-11-26' });
    // the identity document expires: the check on a later date says incomplete
    expect((await cli(db, ['--json', '--date', '2026-11-27', 'candidate', 'check', 'T-001'])).json().verdict).toBe('incomplete');
    expect((await cli(db, ['candidate', 'docs', 'T-001', '--received', 'D8'])).code).toBe(2);

    expect((await cli(db, ['candidate', 'withdraw', 'T-001'])).code).toBe(2); // no terminal, no --yes
    const no = await cli(db, ['candidate', 'withdraw', 'T-001'], { tty: true, prompter: scriptedPrompter([false]) });
    expect(no.code).toBe(2);
    const w = await cli(db, ['--json', 'candidate', 'withdraw', 'T-001', '--yes']);
    expect(w.code).toBe(0);
    expect(w.json()).toMatchObject({ status: 'withdrawn', changed: true });
    expect((await cli(db, ['--json', 'candidate', 'withdraw', 'T-001', '--yes'])).json().changed).toBe(false);
    const docsAfter = await cli(db, ['--json', 'candidate', 'docs', 'T-001', '--received', 'D3']);
    expect(docsAfter.code).toBe(3);
    expect(docsAfter.json().error.article).toBe('3.3');

    await cli(db, [...D, 'candidate', 'add', ...addArgs({ ref: 'T-002' })]);
    const { openDatabase } = await import('../../src/db/connection.js');
    const c = openDatabase(db);
    c.sqlite.prepare("update candidacies set status = 'member' where ref = 'T-002'").run();
    c.close();
    const m = await cli(db, ['--json', 'candidate', 'withdraw', 'T-002', '--yes']);
    expect(m.code).toBe(3);
    expect(m.json().error.message).toMatch(/^refused \(art\. 3\.3\)/);
  });

  it("a foreign national's resident card must be valid one year from the application (art. 3.2): add, check, docs --card-expires, in both languages", async () => {
    const db = tempDbPath();
    // applied 24/11/2026: the card must run until 24/11/2027 at least
    await cli(db, [...D, 'candidate', 'add', ...addArgs({ foreign_national: 'oui', residence_card_expires_on: '23/11/2027' })]);
    const shown = (await cli(db, ['--json', ...D, 'candidate', 'show', 'T-001'])).json();
    expect(shown).toMatchObject({ status: 'incomplete', residence_card_expires_on: '2027-11-23', foreign_national: true });
    const chk = (await cli(db, ['--json', ...D, 'candidate', 'check', 'T-001'])).json();
    expect(chk.checks.find((c: { id: string }) => c.id === 'D2')).toMatchObject({ pass: false, article: '3.2' });
    const fr = await cli(db, [...D, 'candidate', 'check', 'T-001'], { env: { PARNASSE_LANG: 'fr' } });
    expect(fr.stdout.replace(/\s+/g, ' ')).toMatch(/carte de résident expirant le 23\/11\/2027, moins d'un an après la candidature du 24\/11\/2026/);
    const en = await cli(db, [...D, 'candidate', 'show', 'T-001']);
    expect(en.stdout).toMatch(/resident card expires on/);
    const d = await cli(db, ['--json', ...D, 'candidate', 'docs', 'T-001', '--received', 'D2', '--card-expires', '24/11/2027']);
    expect(d.json()).toMatchObject({ status: 'ready', residence_card_expires_on: '2027-11-24' });
    // a national needs none
    await cli(db, [...D, 'candidate', 'add', ...addArgs({ ref: 'T-002' })]);
    expect((await cli(db, ['--json', ...D, 'candidate', 'show', 'T-002'])).json().status).toBe('ready');
  });

  it('every candidate command has --help with an example', async () => {
    for (const sub of ['add', 'import', 'list', 'show', 'check', 'docs', 'withdraw']) {
      const r = await cli(tempDbPath(), ['candidate', sub, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Example');
    }
  });
});
