/**
 * End-to-end: two real processes issue invoices into one database file at the same time
 * (confirmation calls bill the entry fee; credit notes run in between). The series must
 * stay gapless and without duplicates, and `db check` must pass.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { tempDbPath } from '../helpers/cli.js';
import { ensureBuilt } from '../helpers/build.js';
import { insertCandidacy } from '../helpers/factory.js';
import { decide } from '../../src/committee/index.js';
import { testActor } from '../helpers/db.js';
import { englishEnv } from '../helpers/env.js';

const bin = path.resolve('bin/parnasse.js');
const PER_PROCESS = 8;

beforeAll(() => ensureBuilt());

/** One process: a shell loop running the binary once per command, like a cron script. */
function loop(db: string, commands: string[][]): Promise<{ code: number | null; out: string }> {
  const script = commands
    .map((c) => `node ${JSON.stringify(bin)} --db ${JSON.stringify(db)} --json ${c.map((a) => JSON.stringify(a)).join(' ')} || echo "FAILED $?"`)
    .join('\n');
  return new Promise((resolve) => {
    const p = spawn('sh', ['-c', script], { env: englishEnv({ PARNASSE_OPERATOR: 'e2e' }) });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', (code) => resolve({ code, out }));
  });
}

describe('two processes issuing invoices at once', () => {
  it('never produce a duplicate or a gap', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const refs: string[] = [];
    for (let i = 0; i < 2 * PER_PROCESS; i++) {
      const ref = insertCandidacy(conn, { ref: `E2E-${i}` });
      decide(conn, testActor, { ref, accept: true, on: '2026-12-01' });
      refs.push(ref);
    }
    conn.close();

    const a = refs.slice(0, PER_PROCESS).map((r) => ['committee', 'notify', r, '--date', '2026-12-03', '--yes']);
    const b = refs
      .slice(PER_PROCESS)
      .flatMap((r, i) => [
        ['committee', 'notify', r, '--date', '2026-12-03', '--yes'],
        ...(i % 2 === 1
          ? [['bill', 'credit', `F2026-${String(i).padStart(6, '0')}`, '--amount', '10', '--reason', 'gesture', '--date', '2026-12-04', '--yes']]
          : []),
      ]);
    const [ra, rb] = await Promise.all([loop(db, a), loop(db, b)]);
    expect(ra.out).not.toContain('FAILED');
    expect(rb.out).not.toContain('FAILED');

    const check = openDatabase(db);
    const numbers = (check.sqlite.prepare("select number from invoices where kind = 'invoice' order by number").all() as { number: string }[]).map(
      (r) => r.number,
    );
    const credits = (check.sqlite.prepare("select number from invoices where kind = 'credit_note' order by number").all() as { number: string }[]).map(
      (r) => r.number,
    );
    const memberNos = (check.sqlite.prepare('select member_no from members order by member_no').all() as { member_no: number }[]).map((r) => r.member_no);
    check.close();
    expect(numbers).toEqual(Array.from({ length: 2 * PER_PROCESS }, (_, i) => `F2026-${String(i + 1).padStart(6, '0')}`));
    expect(credits).toEqual(Array.from({ length: PER_PROCESS / 2 }, (_, i) => `A2026-${String(i + 1).padStart(6, '0')}`));
    expect(memberNos).toEqual(Array.from({ length: 2 * PER_PROCESS }, (_, i) => i + 1));

    const r = spawnSync(process.execPath, [bin, '--db', db, '--json', 'db', 'check'], { encoding: 'utf8', env: englishEnv() });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).ok).toBe(true);
  }, 120_000);

  it('the README walk-through runs from the binary: notify → pay the entry fee → active', () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const ref = insertCandidacy(conn, { ref: 'WALK-1' });
    conn.close();
    const run = (...args: string[]) => spawnSync(process.execPath, [bin, '--db', db, ...args], { encoding: 'utf8', input: '', env: englishEnv() });
    expect(run('committee', 'agenda', '--date', '2026-12-01').stdout).toContain(ref);
    expect(run('committee', 'decide', ref, '--accept', '--date', '2026-12-02').status).toBe(0);
    const n = run('--json', 'committee', 'notify', ref, '--date', '2026-12-10', '--yes');
    expect(JSON.parse(n.stdout)).toEqual({ member_no: '1', contract_start: '2026-12-10', entry_fee_invoice: 'F2026-000001' });
    const p = run('bill', 'pay', 'F2026-000001', '--amount', '1 500,00', '--method', 'card', '--date', '2026-12-15');
    expect(p.status).toBe(0);
    expect(p.stdout).toContain('member 1 is now active');
    const sh = run('--json', 'bill', 'show', 'F2026-000001', '--date', '2026-12-15');
    expect(JSON.parse(sh.stdout)).toMatchObject({ total_ht_cents: 125000, total_vat_cents: 25000, total_ttc_cents: 150000, status: 'paid' });
    expect(run('db', 'check').status).toBe(0);
  });
});
