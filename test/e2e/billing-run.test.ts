/**
 * End-to-end: the monthly billing run from the built binary, as the cron job runs it
 * (issue 7): two runs started at once never duplicate an invoice; kill -9 in the middle of
 * a run leaves the whole run or nothing, and a re-run bills exactly what a clean run would.
 * No timing is asserted: whatever the machine's load, the invariants must hold.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { tempDbPath } from '../helpers/cli.js';
import { ensureBuilt } from '../helpers/build.js';
import { insertMember } from '../helpers/factory.js';

const bin = path.resolve('bin/parnasse.js');
const MEMBERS = 300;
const RUN = ['bill', 'run', '--month', '2026-12', '--date', '2026-12-01'];

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, LANG: 'C', PARNASSE_OPERATOR: 'cron' };
  delete e.LC_ALL;
  delete e.PARNASSE_LANG;
  return e;
}

let base = '';
beforeAll(() => {
  ensureBuilt();
  base = tempDbPath();
  const conn = openDatabase(base);
  // members since mid-2025: each run catches up over a year of months (many lines)
  for (let i = 0; i < MEMBERS; i++) insertMember(conn, { contractStart: i % 3 === 0 ? '2025-06-05' : i % 3 === 1 ? '2025-09-16' : '2026-11-20' });
  conn.close();
}, 120_000);

/** A fresh copy of the prepared database (closed cleanly: no WAL left). */
function copy(): string {
  const db = tempDbPath();
  fs.copyFileSync(base, db);
  return db;
}

function start(
  db: string,
  args: string[],
  extraEnv: NodeJS.ProcessEnv = {},
): { done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>; pid: number; saw: (marker: string) => Promise<boolean> } {
  const p = spawn(process.execPath, [bin, '--db', db, ...args], { env: { ...env(), ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let onErr: (() => void) | undefined;
  p.stdout.on('data', (d) => (stdout += d));
  p.stderr.on('data', (d) => {
    stderr += d;
    onErr?.();
  });
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    p.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  /** Resolves when stderr contains `marker` (false if the process ends first). */
  const saw = (marker: string) =>
    new Promise<boolean>((resolve) => {
      onErr = () => stderr.includes(marker) && resolve(true);
      onErr();
      void done.then(() => resolve(stderr.includes(marker)));
    });
  return { done, pid: p.pid!, saw };
}

function run(db: string, ...args: string[]) {
  return spawnSync(process.execPath, [bin, '--db', db, ...args], { env: env(), encoding: 'utf8', input: '' });
}

interface Snapshot {
  numbers: string[];
  bills: string[];
  lineKeys: number;
  duplicates: number;
}

function snapshot(db: string): Snapshot {
  const conn = openDatabase(db);
  try {
    const numbers = (conn.sqlite.prepare("select number from invoices where kind = 'invoice' order by number").all() as { number: string }[]).map(
      (r) => r.number,
    );
    const bills = (
      conn.sqlite
        .prepare(
          `select i.number, m.member_no, i.issued_on, i.total_ttc_cents,
                  (select group_concat(l.kind || '/' || coalesce(l.period, '') || '/' || l.ttc_cents || '/' || coalesce(l.source_key, ''), ';')
                   from (select * from invoice_lines where invoice_id = i.id order by id) l) as lines
           from invoices i join members m on m.id = i.member_id where i.run_id is not null order by i.number`,
        )
        .all() as Record<string, unknown>[]
    ).map((r) => JSON.stringify(r));
    const lineKeys = (conn.sqlite.prepare('select count(*) as n from invoice_lines where source_key is not null').get() as { n: number }).n;
    const duplicates = (
      conn.sqlite
        .prepare(
          'select count(*) as n from (select m.member_no from invoices i join members m on m.id = i.member_id where i.run_id is not null group by m.member_no having count(*) > 1)',
        )
        .get() as { n: number }
    ).n;
    return { numbers, bills, lineKeys, duplicates };
  } finally {
    conn.close();
  }
}

/** A continuous series F2026-000001 … F2026-00000N. */
function gapless(numbers: string[]): string[] {
  return Array.from({ length: numbers.length }, (_, i) => `F2026-${String(i + 1).padStart(6, '0')}`);
}

let clean: Snapshot;

describe('bill run from the binary (issue 7)', () => {
  it('a clean run bills every member once; a second run finds nothing left to do', () => {
    const db = copy();
    const r = run(db, '--json', ...RUN);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ month: '2026-12', invoices: MEMBERS, parked: [] });
    clean = snapshot(db);
    expect(clean.bills).toHaveLength(MEMBERS);
    expect(clean.numbers).toEqual(gapless(clean.numbers));
    expect(clean.duplicates).toBe(0);
    const again = run(db, '--json', ...RUN);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ invoices: 0, total_ttc_cents: 0 });
    expect(snapshot(db)).toEqual(clean);
    expect(run(db, 'db', 'check').status).toBe(0);
  }, 120_000);

  it('two runs started at once: one bills, the other waits then finds nothing or exits 5; never a duplicate', async () => {
    const db = copy();
    const a = start(db, ['--json', ...RUN]);
    const b = start(db, ['--json', ...RUN]);
    const results = await Promise.all([a.done, b.done]);
    for (const r of results) expect([0, 5], r.stderr).toContain(r.code);
    const billed = results.filter((r) => r.code === 0).map((r) => JSON.parse(r.stdout).invoices as number);
    // exactly one run issued the invoices; the other (if it ran) found nothing left
    expect(billed.filter((n) => n > 0)).toEqual([MEMBERS]);
    expect(billed.filter((n) => n === 0).length + results.filter((r) => r.code === 5).length).toBe(1);
    for (const r of results.filter((x) => x.code === 5)) expect(r.stdout).toBe('');
    const s = snapshot(db);
    expect(s).toEqual(clean);
    expect(s.duplicates).toBe(0);
    expect(run(db, 'db', 'check').status).toBe(0);
  }, 120_000);

  it('kill -9 inside the write transaction (the run says it holds its first invoice) leaves nothing; the re-run bills exactly what a clean run does', async () => {
    const db = copy();
    const p = start(db, RUN, { PARNASSE_TEST_HOLD_RUN_MS: '60000' });
    expect(await p.saw('first invoice written, transaction open')).toBe(true);
    process.kill(p.pid, 'SIGKILL');
    const end = await p.done;
    expect(end.signal).toBe('SIGKILL');
    const after = snapshot(db);
    expect(after.bills).toEqual([]);
    expect(after.lineKeys).toBe(0);
    expect(run(db, 'db', 'check').status).toBe(0);
    const again = run(db, '--json', ...RUN);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).invoices).toBe(MEMBERS);
    expect(snapshot(db)).toEqual(clean);
    expect(run(db, 'db', 'check').status).toBe(0);
  }, 120_000);

  it('kill -9 at any moment of a run leaves the whole run or nothing; the re-run bills exactly what a clean run does', async () => {
    // several delays: some kill before the transaction commits, some after; every outcome must hold
    const outcomes: string[] = [];
    for (const delay of [50, 250, 500, 900, 1500]) {
      const db = copy();
      const p = start(db, RUN);
      await new Promise((r) => setTimeout(r, delay));
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // already finished
      }
      const end = await p.done;
      outcomes.push(end.signal === 'SIGKILL' ? 'killed' : `exit ${end.code}`);
      if (end.signal !== 'SIGKILL') expect(end.code, end.stderr).toBe(0);

      const after = snapshot(db);
      // all or nothing, and no gap in the numbers
      expect([0, MEMBERS]).toContain(after.bills.length);
      expect(after.numbers).toEqual(gapless(after.numbers));
      if (after.bills.length === MEMBERS) expect(after).toEqual(clean);
      expect(run(db, 'db', 'check').status).toBe(0);

      const again = run(db, '--json', ...RUN);
      expect(again.status, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout).invoices).toBe(after.bills.length === 0 ? MEMBERS : 0);
      expect(snapshot(db)).toEqual(clean);
      expect(run(db, 'db', 'check').status).toBe(0);
    }
    expect(outcomes).toHaveLength(5);
  }, 300_000);
});
