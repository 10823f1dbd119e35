/** End-to-end: booking interventions with the built binary, as an operator's script does. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { tempDbPath } from '../helpers/cli.js';
import { ensureBuilt } from '../helpers/build.js';
import { insertMember } from '../helpers/intervention-fixtures.js';
import { englishEnv } from '../helpers/env.js';

const bin = path.resolve('bin/parnasse.js');
const run = (db: string, args: string[]) =>
  spawnSync(process.execPath, [bin, '--db', db, '--operator', 'e2e', ...args], { encoding: 'utf8', input: '', env: englishEnv() });

beforeAll(() => ensureBuilt());

describe('parnasse intervene (binary)', () => {
  it('books five included visits for a tier-B member, bills the sixth, refuses a holiday', () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const m = insertMember(conn, { postalCode: '67000', contractStart: '2026-01-15' });
    conn.close();
    const no = String(m.memberNo);
    for (const d of ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06']) {
      const r = run(db, ['--json', 'intervene', 'add', no, '--kind', 'technician', '--start', `${d}T10:00`, '--minutes', '60']);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).included).toBe(true);
    }
    const sixth = run(db, ['--json', 'intervene', 'add', no, '--kind', 'technician', '--start', '2026-03-09T10:00', '--minutes', '130']);
    expect(sixth.status).toBe(0);
    expect(JSON.parse(sixth.stdout)).toMatchObject({ included: false, charge_cents: 400_00, used: 5, quota: 5, sla_deadline: null });

    const goodFriday = run(db, ['intervene', 'add', no, '--kind', 'technician', '--start', '2026-04-03T10:00', '--minutes', '60']);
    expect(goodFriday.status).toBe(3);
    expect(goodFriday.stdout).toBe('');
    expect(goodFriday.stderr).toMatch(/refused \(art\. 5\.2\.2\).*public holiday/);

    const q = run(db, ['--json', 'intervene', 'quota', no, '--date', '2026-12-31']);
    expect(q.status).toBe(0);
    expect(JSON.parse(q.stdout)).toMatchObject({ used: 5, quota: 5, billed: 1, charge_cents: 400_00 });
  }, 120_000); // eight binaries one after the other: over 30 s on a loaded machine
});
