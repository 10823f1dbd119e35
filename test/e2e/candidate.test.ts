/** End-to-end: the built binary, as an operator or a cron job runs it. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDbPath } from '../helpers/cli.js';
import { baseRow, writeCsv } from '../csv/helpers.js';
import { englishEnv } from '../helpers/env.js';

const BIN = path.resolve('bin/parnasse.js');
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: englishEnv({ NO_COLOR: '1', PARNASSE_OPERATOR: 'e2e' }) });

describe('candidate import, built binary', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.resolve('dist/cli.cjs'))) {
      const b = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' });
      if (b.status !== 0) throw new Error(b.stderr);
    }
  });

  it('imports the fixture and shows eligibility; a second run changes nothing', () => {
    const db = tempDbPath();
    const r = run(['--db', db, '--date', '2026-11-26', 'candidate', 'import', 'fixtures/candidates.csv']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/inserted 33, updated 0, unchanged 0/);
    expect(r.stderr).toBe('');
    const j = run(['--db', db, '--json', 'candidate', 'list', '--status', 'ready']);
    expect(JSON.parse(j.stdout).length).toBe(17);
    const again = run(['--db', db, '--json', '--date', '2026-11-26', 'candidate', 'import', 'fixtures/candidates.csv']);
    expect(JSON.parse(again.stdout)).toEqual({ inserted: 0, updated: 0, unchanged: 33, errors: [] });
  });

  it('a bad row: exit 4, one JSON document on stdout, nothing written', () => {
    const db = tempDbPath();
    const file = writeCsv([baseRow(), baseRow({ ref: 'T-002', banking_ban: 'bof' })]);
    const r = run(['--db', db, '--json', 'candidate', 'import', file]);
    expect(r.status).toBe(4);
    const doc = JSON.parse(r.stdout);
    expect(doc.errors).toEqual([{ line: 3, column: 'banking_ban', code: 'not_bool', message: expect.stringContaining('not a boolean') }]);
    expect(JSON.parse(run(['--db', db, '--json', 'candidate', 'list']).stdout)).toEqual([]);
  });
});
