/**
 * Dates inside French sentences are DD/MM/YYYY (issue 11): refusals, duplicates, CSV row
 * errors, db check findings — whatever path the message takes to the terminal. English
 * keeps ISO dates; JSON keeps ISO dates in its data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { buildDemoDb } from '../helpers/demo-db.js';
import { fmtDatesIn } from '../../src/i18n/format.js';
import { lang, setLang, type Lang } from '../../src/i18n/index.js';

function withLang(l: Lang, f: () => void): void {
  const before = lang();
  setLang(l);
  try {
    f();
  } finally {
    setLang(before);
  }
}

const ISO = /\d{4}-\d{2}-\d{2}/;
let db = '';
let dir = '';

beforeAll(async () => {
  const demo = await buildDemoDb();
  db = demo.db;
  dir = tempDir('parnasse-frdates-');
}, 240_000);

const fr = (argv: string[]) => cli(db, argv, { env: { LANG: 'fr_FR.UTF-8' } });

describe('French human output never shows an ISO date', () => {
  it('a handful of refusals and duplicates, in French: DD/MM/YYYY on stderr, no YYYY-MM-DD', async () => {
    const csv = path.join(dir, 'born-after.csv');
    const [head, row] = fs.readFileSync('fixtures/candidates.csv', 'utf8').split(/\r?\n/);
    fs.writeFileSync(csv, `${head}\n${row!.replace('C-2026-001', 'C-2026-901').replace('14/03/1968', '2027-01-05').replace('20/11/2026', '2026-11-20')}\n`);
    const seals = path.join(dir, 'forged.seals');
    fs.writeFileSync(seals, `2026-11-27T21:05:00.000Z entry=1 hash=${'0'.repeat(64)} db=demo.db\n`);
    const cases: [string[], number][] = [
      [['intervene', 'add', '507', '--kind', 'technician', '--start', '2025-12-02T10:30', '--minutes', '60'], 3],
      [['intervene', 'add', '507', '--kind', 'technician', '--start', '2026-12-02T10:30', '--minutes', '60'], 4],
      [['bill', 'pay', 'F2026-000001', '--amount', '10', '--method', 'card', '--date', '2026-11-01'], 3],
      [['member', 'option', 'add', '502', 'mail', '--date', '2026-12-18'], 3],
      [['terminate', '502', '--reason', 'member_request', '--notice-date', '2026-12-08', '--date', '2026-12-09', '--yes'], 3],
      [['committee', 'decide', 'C-2026-018', '--accept', '--date', '2026-11-27'], 3],
      [['member', 'address', 'add', '501', '--street', '1 rue Aubert', '--postal-code', '75008', '--city', 'Paris', '--date', '2026-12-05'], 0],
      [['member', 'address', 'add', '501', '--street', '1 rue Aubert', '--postal-code', '75008', '--city', 'Paris', '--date', '2026-12-06'], 4],
      [['--date', '2026-11-26', 'candidate', 'import', csv], 4],
      [['db', 'check', '--anchors', seals], 4],
    ];
    const leaks: string[] = [];
    for (const [argv, code] of cases) {
      const r = await fr(argv);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(code);
      for (const line of `${r.stderr}\n${r.stdout}`.split('\n')) if (ISO.test(line)) leaks.push(`${argv.join(' ')}: ${line}`);
      if (code !== 0) expect(`${r.stderr}${r.stdout}`, argv.join(' ')).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    }
    expect(leaks).toEqual([]);
    // the booked visit's kind in the run's language too (it said "technician" in French)
    const dupe = await fr(['intervene', 'add', '507', '--kind', 'technician', '--start', '2026-12-02T10:30', '--minutes', '60']);
    expect(dupe.stderr).toMatch(/intervention n° \d+, technicien,/);
  }, 120_000);

  it('English keeps ISO dates; JSON keeps them in its data', async () => {
    const en = await cli(db, ['intervene', 'add', '507', '--kind', 'technician', '--start', '2025-12-02T10:30', '--minutes', '60'], { env: { LANG: 'C' } });
    expect(en.stderr).toContain('2026-11-30');
    const json = await cli(db, ['--json', 'intervene', 'list', '507'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(json.json()[0].start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
  });

  it('the one formatter: dates and date-times in a sentence, never inside a file name or an identifier', () => {
    withLang('fr', () => {
      expect(fmtDatesIn('du 2026-12-10 au 2027-01-09.')).toBe('du 10/12/2026 au 09/01/2027.');
      expect(fmtDatesIn('à 2026-12-02T10:00, puis')).toBe('à 02/12/2026 10:00, puis');
      expect(fmtDatesIn('sceau du 2026-11-27T21:05:00.000Z (ligne 1)')).toBe('sceau du 27/11/2026 21:05:00 UTC (ligne 1)');
      expect(fmtDatesIn('backup-2026-11-27.db et RUM-2026-11-20-X et /tmp/2026-11-27/x')).toBe('backup-2026-11-27.db et RUM-2026-11-20-X et /tmp/2026-11-27/x');
    });
    withLang('en', () => expect(fmtDatesIn('on 2026-12-10 at 2026-12-02T10:00')).toBe('on 2026-12-10 at 2026-12-02T10:00'));
  });
});
