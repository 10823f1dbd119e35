/** End-to-end: Univers Pro from the built binary — a quote, its works, a brick, the runs that bill them. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDbPath } from '../helpers/cli.js';
import { ensureBuilt } from '../helpers/build.js';
import { englishEnv } from '../helpers/env.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';

const bin = path.resolve('bin/parnasse.js');

beforeAll(() => ensureBuilt());

describe('pro from the built binary', () => {
  it('study → quote → works → brick → bill run: the quote and the brick as the issue computes them, refusals exit 3 with their article', () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const co = String(insertMember(conn, { kind: 'company', contractStart: '2027-03-01' }));
    conn.close();
    const run = (...args: string[]) => spawnSync(process.execPath, [bin, '--db', db, '--json', ...args], { encoding: 'utf8', env: englishEnv(), input: '' });
    const ok = (...args: string[]) => {
      const r = run(...args);
      expect(r.status, r.stdout + r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };
    ok('pro', 'study', 'add', co, '--services', 'wifi_public', '--date', '2027-03-01');
    ok('pro', 'study', 'result', '1', 'feasible', '--date', '2027-03-02');
    const q = ok(
      'pro',
      'quote',
      'add',
      co,
      '--study',
      '1',
      '--line',
      'Bornes;1 200,00',
      '--line',
      'Routeur;450,00',
      '--line',
      'Configuration;89,90',
      '--date',
      '2027-03-02',
    );
    expect(q).toMatchObject({ number: 'D2027-000001', status: 'pending', total_ht_cents: 144992, total_vat_cents: 28998, total_ttc_cents: 173990 });
    ok('pro', 'quote', 'accept', 'D2027-000001', '--date', '2027-03-03');
    ok('pro', 'works', 'done', 'D2027-000001', '--date', '2027-03-09');
    const refused = run('pro', 'brick', 'add', co, 'lan_security', '--price', '31', '--works', 'D2027-000001', '--date', '2027-07-10');
    expect(refused.status).toBe(3);
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: 'refused', article: '5.12.4' } });
    expect(ok('pro', 'brick', 'add', co, 'wifi_public', '--price', '60,00', '--works', 'D2027-000001', '--date', '10/03/2027')).toMatchObject({
      first_month: { cents: 4258 },
    });
    expect(ok('bill', 'run', '--month', '2027-03', '--date', '2027-03-10')).toMatchObject({ invoices: 1, lines: { subscription: 1, option: 1, charge: 3 } });
    const inv = ok('bill', 'show', 'F2027-000001');
    // besides the subscription: 42,58 € for the brick (22/31 of 60,00), then the three works lines
    expect(inv.lines.filter((l: { kind: string }) => l.kind !== 'subscription').map((l: { ttc_cents: number }) => l.ttc_cents)).toEqual([
      4258, 120000, 45000, 8990,
    ]);
  });
});
