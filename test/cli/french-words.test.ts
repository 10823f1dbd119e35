/**
 * French, all of it (issue 24): status words, rates and prompts in French when the run
 * speaks French, unchanged in English.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, tempDir, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { setLang } from '../../src/i18n/index.js';
import { keysHelpTip, yesNo } from '../../src/cli/prompter.js';

const FR = { env: { PARNASSE_LANG: 'fr' } };

describe('French words (issue 24)', () => {
  afterEach(() => setLang('en'));

  it('bill rates: a decimal comma in French, a point in English (JSON keeps "2.75" and rate_bp)', async () => {
    const db = tempDbPath();
    const set = await cli(db, ['--date', '2026-03-01', 'bill', 'rates', 'set', '2026-S2', '2,75'], FR);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('2,75 %');
    const fr = await cli(db, ['--date', '2026-03-01', 'bill', 'rates'], FR);
    expect(fr.stdout).toMatch(/2026-S2\s+2,75/);
    expect(fr.stdout).not.toMatch(/\d\.\d\d/);
    const en = await cli(db, ['--date', '2026-03-01', 'bill', 'rates']);
    expect(en.stdout).toMatch(/2026-S2\s+2\.75/);
    const json = (await cli(db, ['--json', '--date', '2026-03-01', 'bill', 'rates'], FR)).json<{ semester: string; rate: string; rate_bp: number }[]>();
    expect(json.find((r) => r.semester === '2026-S2')).toMatchObject({ rate: '2.75', rate_bp: 275 });
  });

  it('bill returns: the status column in French (rejeté), English unchanged (rejected); JSON keeps the enum', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'club.db');
    const conn = openDatabase(db);
    setClubSettings(conn);
    const a = insertMember(conn, {});
    conn.close();
    expect(
      (await cli(db, ['--date', '2026-11-20', 'member', 'mandate', String(a), '--iban', 'FR7630006000011234567890189', '--signed', '2026-11-15'])).code,
    ).toBe(0);
    const c2 = openDatabase(db);
    const ia = issue(c2, a, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
    c2.close();
    expect(
      (await cli(db, ['--date', '2026-12-02', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--out', path.join(dir, 'sepa.xml')])).code,
    ).toBe(0);
    const file = path.join(dir, 'returns.csv');
    fs.writeFileSync(file, `invoice;reason;date\n${ia};AM04;13/12/2026\n`);
    const fr = await cli(db, ['--date', '2026-12-14', 'bill', 'returns', file], FR);
    expect(fr.code, fr.stderr).toBe(0);
    expect(fr.stdout).toMatch(/ rejeté\s*$/m);
    expect(fr.stdout).not.toMatch(/\brejected\b/);
    const again = await cli(db, ['--date', '2026-12-15', 'bill', 'returns', file]);
    expect(again.stdout).toMatch(/unchanged \(already rejected\)/);
    const json = await cli(db, ['--json', '--date', '2026-12-15', 'bill', 'returns', file], FR);
    expect(json.json()).toMatchObject({ invoices: [{ status: 'unchanged' }] });
  });

  it("inquirer's own words: (o/N), oui/non read, and the list's keys in French", () => {
    setLang('fr');
    expect(yesNo('o', false)).toBe(true);
    expect(yesNo('Oui', false)).toBe(true);
    expect(yesNo('non', true)).toBe(false);
    expect(yesNo('', false)).toBe(false);
    expect(yesNo('peut-être', false)).toBeNull();
    expect(
      keysHelpTip([
        ['↑↓', 'navigate'],
        ['⏎', 'select'],
      ]),
    ).toBe('↑↓ naviguer • ⏎ choisir');
    setLang('en');
    expect(
      keysHelpTip([
        ['↑↓', 'navigate'],
        ['⏎', 'select'],
      ]),
    ).toBe('↑↓ navigate • ⏎ select');
  });
});
