/**
 * Every human table of the tool at 80 columns (issue 11), on the walk-through's database
 * (fixtures/demo.sh run in process), in English and in French: no line of stdout is wider
 * than $COLUMNS=80; `--wide` shows every column. The dunning preview and `--apply` (whose
 * last column was cut) are reproduced here first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { buildDemoDb, type DemoDb } from '../helpers/demo-db.js';
import { visibleWidth } from '../../src/cli/table.js';

let demo: DemoDb;
/** a copy of the demo database per language: the commands below that write do it once each */
const copies: Record<string, string> = {};

beforeAll(async () => {
  demo = await buildDemoDb();
  for (const lang of ['C', 'fr_FR.UTF-8']) {
    const dir = tempDir('parnasse-width-');
    const db = path.join(dir, 'demo.db');
    fs.copyFileSync(demo.db, db);
    fs.chmodSync(db, 0o600);
    copies[lang] = db;
    // a complaint, so that its list has a row
    const r = await cli(db, [
      'member',
      'complaint',
      'add',
      '507',
      '--subject',
      'La box redémarre toutes les nuits depuis la coupure du 3 décembre',
      '--received',
      '2026-12-10',
      '--date',
      '2026-12-10',
    ]);
    expect(r.code, r.stderr).toBe(0);
    // the rate the January run's late-payment penalties need
    expect((await cli(db, ['bill', 'rates', 'set', '2026-S2', '2.75'])).code).toBe(0);
  }
}, 240_000);

/** Every command that prints a table (or a key/value block), and a word its output must hold. */
const TABLES: [string[], RegExp][] = [
  [['member', 'list'], /501/],
  [['member', 'show', '507'], /507/],
  [['--date', '2026-12-01', 'member', 'mandate', '507'], /507|FR76/],
  [['member', 'complaint', 'list'], /507/],
  [['member', 'cap', '507', '--incident', '2026-12-20'], /cap|plafond/],
  [['candidate', 'list'], /C-2026-001/],
  [['candidate', 'list', '--status', 'ineligible'], /C-2026-0/],
  [['candidate', 'show', 'C-2026-018'], /C-2026-018/],
  [['--date', '2026-11-26', 'candidate', 'check', 'C-2026-018'], /E2/],
  [['committee', 'agenda', '--date', '2026-11-27'], /C-2026-0/],
  [['coopt', 'list'], /Champagne/],
  [['coopt', 'status', '501', '--date', '2026-12-01'], /501|C-2026-001/],
  [['coopt', 'catalogue', 'list'], /Champagne/],
  [['bill', 'list'], /F2026-000001/],
  [['bill', 'show', 'F2026-000001'], /F2026-000001/],
  [['bill', 'show', 'F2026-000003'], /F2026-000003/],
  [['bill', 'prices'], /concierge|mailbox/i],
  [['bill', 'rates', 'list'], /20/],
  [['bill', 'run', '--month', '2027-01', '--date', '2027-01-01', '--dry-run'], /2027-01|01\/2027/],
  // 503 paid December by transfer on the statement of 16/12 (issue 25): 504 is still late
  [['--date', '2026-12-20', 'bill', 'dunning'], /504/],
  [['--date', '2026-12-21', 'bill', 'dunning', '--apply'], /504/],
  [['bill', 'dunning', 'letters'], /502/],
  [['intervene', 'list', '507'], /technician|technicien/i],
  [['intervene', 'quota', '507', '--date', '2026-12-05'], /technician|technicien/i],
  [['terminate', 'show', '502', '--date', '2026-12-10'], /502/],
  [['terminate', 'airboxes', '--date', '2026-12-19'], /./],
  [['settings', 'list'], /seller\.name/],
  [['pro', 'list', '--date', '2026-12-15'], /505/],
  [['pro', 'quote', 'show', 'D2026-000001'], /D2026-000001/],
  [['--date', '2026-12-02', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--new', '--out', '{OUT}/sepa-again.xml'], /F2026-0000/],
  [['zone', 'list'], /paris/i],
  [['db', 'check'], /gapless_series/],
];

describe('every human table at COLUMNS=80, on the demo database', () => {
  it('the walk-through ran in process: every step as the script expects it', () => {
    expect(demo.unread).toEqual([]);
    expect(demo.ran.length).toBeGreaterThan(60);
    const wrong = demo.ran.filter((r) => r.code !== r.expected).map((r) => `${r.argv.join(' ')} → ${r.code}: ${r.stderr}`);
    expect(wrong).toEqual([]);
  });

  for (const lang of ['C', 'fr_FR.UTF-8']) {
    it(`no line wider than 80 (LANG=${lang})`, async () => {
      const wide: string[] = [];
      for (const [argv, expected] of TABLES) {
        const r = await cli(
          copies[lang]!,
          argv.map((a) => a.replace('{OUT}', demo.out)),
          { env: { LANG: lang, COLUMNS: '80' } },
        );
        if (r.code !== 0 || !expected.test(r.stdout)) wide.push(`${argv.join(' ')}: exit ${r.code} ${r.stderr} ${r.stdout.slice(0, 200)}`);
        for (const line of r.stdout.split('\n')) {
          if (visibleWidth(line) > 80) wide.push(`${argv.join(' ')}: ${visibleWidth(line)} ${line}`);
          // a row cut at the width (its last columns lost) is 80 wide and ends with "…"
          if (visibleWidth(line) === 80 && line.endsWith('…')) wide.push(`${argv.join(' ')}: cut ${line}`);
        }
      }
      expect(wide).toEqual([]);
    }, 120_000);
  }

  it('bill dunning --apply keeps its essential columns at 80 (done, next step, member, amount); --wide shows all, uncut', async () => {
    for (const lang of ['C', 'fr_FR.UTF-8']) {
      const db = copies[lang]!;
      const r = await cli(db, ['--date', '2026-12-21', 'bill', 'dunning', '--apply'], { env: { LANG: lang, COLUMNS: '80' } });
      const [head, ...rows] = r.stdout.split('\n');
      expect(head).not.toContain('…');
      expect(head).toMatch(lang === 'C' ? /DONE/ : /FAIT|APPLIQU/);
      expect(head).toMatch(lang === 'C' ? /NEXT/ : /PROCHAINE|SUIVANTE/);
      expect(rows.find((l) => l.startsWith('504'))).toMatch(/250,00 €/);
      const wide = await cli(db, ['--date', '2026-12-21', 'bill', 'dunning', '--wide'], { env: { LANG: lang, COLUMNS: '80' } });
      expect(wide.stdout).not.toContain('…');
      expect(wide.stdout.split('\n')[0]).toMatch(lang === 'C' ? /LAST STEP/ : /DERNI/);
    }
  });
});
