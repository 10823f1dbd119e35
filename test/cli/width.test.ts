/**
 * Every human table fits 80 columns when stdout is not a terminal (issue 11): the demo's
 * data (members, candidacies, committee, invoices, interventions), every command that
 * prints a table or a key/value block, in English and in French; `--wide` shows all.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';
import { visibleWidth } from '../../src/cli/table.js';

let db = '';
const run = async (argv: string[], env: Record<string, string> = {}) => {
  const r = await cli(db, argv, { env: { LANG: 'C', ...env } });
  expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
};

beforeAll(async () => {
  db = tempDbPath();
  await run(['--date', '2026-11-26', 'member', 'import', 'fixtures/members.csv']);
  await run(['--date', '2026-11-26', 'candidate', 'import', 'fixtures/candidates.csv']);
  // a name longer than any terminal column
  await run([
    '--date',
    '2026-11-26',
    'candidate',
    'add',
    '--ref',
    'C-LONG-NAME',
    '--kind',
    'person',
    '--first-name',
    'Marie-Amélie-Clémentine-Geneviève',
    '--last-name',
    'de La Tour d’Auvergne-Lauraguais et de Montmorency-Laval',
    '--email',
    'marie@example.fr',
    '--street',
    '12 avenue Montaigne et rue François-Ier, bâtiment B, escalier C',
    '--postal-code',
    '75008',
    '--city',
    'Paris',
    '--company-name',
    'Compagnie Générale des Établissements Industriels et Financiers de la Plaine Monceau',
    '--company-siren',
    '732829320',
    '--company-revenue-eur',
    '80000000',
    '--is-executive',
    'oui',
    '--annual-income-eur',
    '300000',
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
    '--foreign-national',
    'non',
    '--applied-on',
    '2026-11-25',
    '--documents',
    'D1,D2,D4,D5,D6',
    '--id-expires-on',
    '2030-12-31',
  ]);
  await run(['committee', 'decide', 'C-2026-001', '--accept', '--date', '2026-11-27']);
  await run(['committee', 'notify', 'C-2026-001', '--date', '2026-11-30', '--yes']);
  await run(['bill', 'pay', 'F2026-000001', '--amount', '1500', '--method', 'card', '--date', '2026-12-02']);
  await run(['intervene', 'add', '507', '--kind', 'technician', '--start', '2026-12-02T10:00', '--minutes', '60', '--equipment', 'livebox']);
  await run(['intervene', 'add', '507', '--kind', 'technician', '--start', '2026-12-05T10:00', '--minutes', '130', '--out-of-hours']);
}, 60_000);

/** Every command that prints a table or a key/value block, and a word its output must hold. */
const TABLES: [string[], RegExp][] = [
  [['member', 'list'], /501/],
  [['member', 'show', '507'], /507/],
  [['candidate', 'list'], /C-2026-001/],
  [['candidate', 'list', '--status', 'ready'], /C-2026-00/],
  [['candidate', 'show', 'C-2026-018'], /C-2026-018/],
  [['--date', '2026-11-26', 'candidate', 'check', 'C-2026-018'], /E2/],
  [['committee', 'agenda', '--date', '2026-11-27'], /C-2026-00/],
  [['bill', 'list'], /F2026-000001/],
  [['bill', 'show', 'F2026-000001'], /F2026-000001/],
  [['bill', 'prices'], /concierge|mailbox/i],
  [['intervene', 'list', '507'], /technician|technicien/i],
  [['intervene', 'quota', '507', '--date', '2026-12-05'], /technician|technicien/i],
  [['zone', 'list'], /paris/i],
  [['db', 'check'], /gapless_series/],
];

describe('human tables at 80 columns (not a terminal)', () => {
  for (const lang of ['C', 'fr_FR.UTF-8']) {
    it(`no line wider than 80 (LANG=${lang})`, async () => {
      const wide: string[] = [];
      for (const [argv, expected] of TABLES) {
        const r = await cli(db, argv, { env: { LANG: lang } });
        expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
        expect(r.stdout, argv.join(' ')).toMatch(expected);
        for (const line of r.stdout.split('\n')) if (visibleWidth(line) > 80) wide.push(`${argv.join(' ')}: ${visibleWidth(line)} ${line}`);
      }
      expect(wide).toEqual([]);
    });
  }

  it('--wide shows every column, uncut', async () => {
    const narrow = await run(['committee', 'agenda', '--date', '2026-11-27']);
    const wide = await run(['committee', 'agenda', '--date', '2026-11-27', '--wide']);
    expect(narrow.stdout.split('\n')[0]).not.toContain('APPLIED');
    expect(wide.stdout.split('\n')[0]).toContain('APPLIED');
    expect(wide.stdout.split('\n')[0]).toContain('SPONSOR');
  });

  it('$COLUMNS narrows further and the JSON never changes with the width', async () => {
    const r = await run(['candidate', 'list'], { COLUMNS: '50' });
    expect(Math.max(...r.stdout.split('\n').map(visibleWidth))).toBeLessThanOrEqual(50);
    const a = await run(['--json', 'candidate', 'list'], { COLUMNS: '50' });
    const b = await run(['--json', 'candidate', 'list', '--wide']);
    expect(a.json()).toEqual(b.json());
  });
});
