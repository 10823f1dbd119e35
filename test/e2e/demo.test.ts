/**
 * Issue 12: a legitimate act never leaves `db check` failing. The walk-through
 * (fixtures/demo.sh) runs every write command of the README in its chronological place —
 * imports, decisions, the confirmation call, payments, credit notes, refunds, the monthly
 * run, interventions, mandates, the SEPA file — then `db check` and `db check --anchors`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.js';
import { englishEnv } from '../helpers/env.js';
import { tempDir } from '../helpers/cli.js';

beforeAll(() => ensureBuilt());

describe('the walk-through, then db check', () => {
  it('every write command of fixtures/demo.sh succeeds and db check passes after them', () => {
    const dir = tempDir('parnasse-demo-');
    const db = path.join(dir, 'demo.db');
    const r = spawnSync('bash', ['fixtures/demo.sh'], {
      encoding: 'utf8',
      env: englishEnv({ DEMO_DB: db, DEMO_OUT: path.join(dir, 'out'), NO_COLOR: '1' }),
      timeout: 240_000,
    });
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    const check = spawnSync(process.execPath, ['bin/parnasse.js', '--db', db, '--json', 'db', 'check'], { encoding: 'utf8', env: englishEnv() });
    expect(check.status, check.stdout).toBe(0);
    const doc = JSON.parse(check.stdout) as { ok: boolean; checks: { id: string; ok: boolean }[] };
    expect(doc.ok).toBe(true);
    expect(doc.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['integrity', 'audit_chain', 'gapless_series', 'settlements', 'unchanged_since_issue']));
    // the walk-through really wrote through many commands, the money ones among them
    const s = new Database(db, { readonly: true });
    const commands = (s.prepare('select distinct command from audit_log').pluck().all() as string[]).join('\n');
    s.close();
    for (const c of [
      'member import',
      'candidate import',
      'committee decide',
      'committee notify',
      'bill pay',
      'bill credit',
      'bill refund',
      'bill run',
      'terminate',
      'intervene add',
    ])
      expect(commands, c).toContain(c);
  }, 300_000);
});
