import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { billingRun } from '../../src/billing/run.js';
import { testActor } from '../helpers/db.js';

function db2(): string {
  const db = tempDbPath();
  const conn = openDatabase(db);
  insertMember(conn, { contractStart: '2026-12-10' });
  insertMember(conn, { contractStart: '2026-11-01' });
  conn.close();
  return db;
}

describe('bill run (CLI.md)', () => {
  it('--json: the CLI.md document plus parked; dry run first, equal; the second run finds nothing', async () => {
    const db = db2();
    const dry = await cli(db, ['--json', 'bill', 'run', '--month', '2026-12', '--date', '2026-12-10', '--dry-run']);
    expect(dry.code).toBe(0);
    const d = dry.json();
    expect(d).toMatchObject({
      month: '2026-12',
      invoices: 2,
      total_ttc_cents: 17742 + 50000,
      lines: { subscription: 3, option: 0, charge: 0, penalty: 0, indemnity: 0 },
      parked: [],
      dry_run: true,
    });
    expect(d.members).toHaveLength(2);
    expect(d.members.map((m: { member_no: unknown }) => typeof m.member_no)).toEqual(['string', 'string']); // as everywhere (CLI.md)
    const real = await cli(db, ['--json', 'bill', 'run', '--month', '2026-12', '--date', '2026-12-10']);
    expect(real.code).toBe(0);
    const r = real.json();
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['month', 'invoices', 'total_ttc_cents', 'lines', 'parked']));
    expect(r).toMatchObject({ invoices: d.invoices, total_ttc_cents: d.total_ttc_cents, lines: d.lines, dry_run: false });
    const again = await cli(db, ['bill', 'run', '--month', '2026-12', '--date', '2026-12-11']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing left to bill for 2026-12');
    expect((await cli(db, ['db', 'check'])).code).toBe(0);
  });

  it('human output in French; bad months exit 2', async () => {
    const db = db2();
    const fr = await cli(db, ['bill', 'run', '--month', '2026-12', '--date', '2026-12-10', '--dry-run'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stdout).toContain('Simulation — rien n’est écrit');
    expect((await cli(db, ['bill', 'run', '--month', '2026-13', '--date', '2026-12-10'])).code).toBe(2);
    expect((await cli(db, ['bill', 'run', '--month', '2027-02', '--date', '2026-12-10'])).code).toBe(2);
    expect((await cli(db, ['bill', 'run', '--date', '2026-12-10'])).code).toBe(2);
    const future = await cli(db, ['--json', 'bill', 'run', '--month', '2027-03', '--date', '2026-12-10']);
    expect(future.json().error.code).toBe('usage');
  });

  it('an option ended after its next month was billed: the run gives that month back, said in JSON and in French', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    insertMember(conn, { contractStart: '2026-11-01' });
    conn.close();
    for (const args of [
      ['member', 'option', 'add', '1', 'concierge_privilege', '--date', '2026-11-01'],
      ['bill', 'rates', 'set', '2026-S2', '2.75'],
      ['bill', 'rates', 'set', '2027-S1', '3'],
      ['bill', 'run', '--month', '2026-12', '--date', '2026-12-01'],
      ['bill', 'run', '--month', '2027-01', '--date', '2027-01-01'],
      // the member's request of 20/12, entered after the January run
      ['member', 'option', 'remove', '1', 'concierge_privilege', '--date', '2026-12-20'],
    ])
      expect((await cli(db, args)).code, args.join(' ')).toBe(0);
    const dry = (await cli(db, ['--json', 'bill', 'run', '--month', '2027-02', '--date', '2027-02-01', '--dry-run'])).json();
    expect(dry.given_back).toEqual({ credit_notes: 1, total_ttc_cents: 10000, deferred_ttc_cents: 0 });
    const fr = await cli(db, ['bill', 'run', '--month', '2027-02', '--date', '2027-02-01'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.code).toBe(0);
    expect(fr.stdout.replace(/\s+/g, ' ')).toContain('Avoirs émis : 1, 100,00 € TTC');
    const again = (await cli(db, ['--json', 'bill', 'run', '--month', '2027-02', '--date', '2027-02-02'])).json();
    expect(again.given_back).toEqual({ credit_notes: 0, total_ttc_cents: 0, deferred_ttc_cents: 0 });
    expect((await cli(db, ['db', 'check'])).code).toBe(0);
  });

  it('a run that only gives back says so (not "nothing left"), seals the chain; one dated before a credit note says what it leaves to the next run', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    insertMember(conn, { contractStart: '2026-11-01' });
    conn.close();
    const anchors = path.join(tempDir(), 'club.seals');
    for (const args of [
      ['member', 'option', 'add', '1', 'concierge_privilege', '--date', '2026-11-01'],
      ['bill', 'rates', 'set', '2026-S2', '2.75'],
      ['bill', 'rates', 'set', '2027-S1', '3'],
      ['bill', 'run', '--month', '2026-12', '--date', '2026-12-01'],
      ['bill', 'run', '--month', '2027-01', '--date', '2026-12-28', '--yes'], // January billed in advance (issue 24: --yes without a terminal)
      ['member', 'option', 'remove', '1', 'concierge_privilege', '--date', '2026-12-20'],
      ['bill', 'credit', 'F2026-000001', '--amount', '10', '--reason', 'geste', '--date', '2026-12-30', '--yes'],
    ])
      expect((await cli(db, args)).code, args.join(' ')).toBe(0);
    // dated 29/12, before the credit note of 30/12: January's option is left to the next run, and said
    const early = await cli(db, ['bill', 'run', '--month', '2027-01', '--date', '2026-12-29', '--anchors', anchors, '--yes'], { env: { LANG: 'C' } });
    expect(early.code, early.stderr).toBe(0);
    expect(early.stdout.replace(/\s+/g, ' ')).toContain('Not given back by this run: 100,00 € TTC');
    // the next run (nothing to bill) gives it back, says so and seals
    const r = await cli(db, ['--json', 'bill', 'run', '--month', '2027-01', '--date', '2026-12-31', '--anchors', anchors, '--yes']);
    expect(r.json()).toMatchObject({ invoices: 0, given_back: { credit_notes: 1, total_ttc_cents: 10000, deferred_ttc_cents: 0 }, seal: { file: anchors } });
    expect((await cli(db, ['db', 'check', '--anchors', anchors])).code).toBe(0);
  });

  it('a run that wrote seals the audit chain at its end (--anchors, PARNASSE_ANCHORS, else DB.seals); db check --anchors proves it', async () => {
    const db = db2();
    const dir = tempDir();
    const file = path.join(dir, 'club.seals');
    // a dry run seals nothing
    await cli(db, ['bill', 'run', '--month', '2026-12', '--date', '2026-12-10', '--dry-run', '--anchors', file]);
    expect(fs.existsSync(file)).toBe(false);
    const r = await cli(db, ['--json', 'bill', 'run', '--month', '2026-12', '--date', '2026-12-10', '--anchors', file]);
    expect(r.code, r.stderr).toBe(0);
    const head = openDatabase(db);
    const last = head.sqlite.prepare('select id, hash from audit_log order by id desc limit 1').get() as { id: number; hash: string };
    head.close();
    expect(r.json().seal).toEqual({ file, entry: last.id, hash: last.hash });
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`entry=${last.id} hash=${last.hash}`);
    expect((await cli(db, ['db', 'check', '--anchors', file])).code).toBe(0);
    // nothing left to bill: nothing written, no new seal
    const again = await cli(db, ['--json', 'bill', 'run', '--month', '2026-12', '--date', '2026-12-11', '--anchors', file]);
    expect(again.json()).toMatchObject({ invoices: 0, seal: null });
    expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
    // from the environment; then the default beside the database (human output says where)
    const envFile = path.join(dir, 'env.seals');
    // the December invoices stay unpaid: January's run bills penalties at these rates
    expect((await cli(db, ['bill', 'rates', 'set', '2026-S2', '2.75'])).code).toBe(0);
    expect((await cli(db, ['bill', 'rates', 'set', '2027-S1', '2.75'])).code).toBe(0);
    const jan = await cli(db, ['bill', 'run', '--month', '2027-01', '--date', '2027-01-01'], { env: { PARNASSE_ANCHORS: envFile, LANG: 'C' } });
    expect(jan.code, jan.stderr).toBe(0);
    expect(jan.stdout).toContain(`appended to ${envFile}`);
    expect(fs.existsSync(`${db}.seals`)).toBe(false);
    const feb = await cli(db, ['bill', 'run', '--month', '2027-02', '--date', '2027-02-01']);
    expect(feb.code, feb.stderr).toBe(0);
    expect(fs.readFileSync(`${db}.seals`, 'utf8')).toMatch(/entry=\d+ hash=[0-9a-f]{64}/);
    expect((await cli(db, ['db', 'check', '--anchors', file])).code).toBe(0);
    expect((await cli(db, ['db', 'check', '--anchors', envFile])).code).toBe(0);
    // without --anchors, db check reads where the run seals: $PARNASSE_ANCHORS, else DB.seals
    const plain = await cli(db, ['--json', 'db', 'check']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.json().checks.find((c: { id: string }) => c.id === 'anchors')).toMatchObject({ ok: true });
    const told = await cli(db, ['db', 'check'], { env: { LANG: 'C' } });
    expect(told.stderr).toContain(`seals read from ${path.resolve(`${db}.seals`)}`);
    const fromEnv = await cli(db, ['--json', 'db', 'check'], { env: { PARNASSE_ANCHORS: envFile } });
    expect(fromEnv.json().checks.find((c: { id: string }) => c.id === 'anchors')).toMatchObject({ ok: true });
    // a default file that does not exist is no error: the anchors are simply not checked
    const none = await cli(db, ['--json', 'db', 'check'], { env: { PARNASSE_ANCHORS: path.join(dir, 'absent.seals') } });
    expect(none.code).toBe(0);
    expect(none.json().checks.find((c: { id: string }) => c.id === 'anchors')).toBeUndefined();
    // a default file holding a head the log no longer extends is a finding (exit 4)
    fs.appendFileSync(`${db}.seals`, `2027-02-01T00:00:00.000Z entry=2 hash=${'0'.repeat(64)}\n`);
    const broken = await cli(db, ['--json', 'db', 'check']);
    expect(broken.code).toBe(4);
    expect(broken.json().problems.map((p: { check: string }) => p.check)).toContain('anchors');
  });

  it('a run killed after its commit and before its seal (issue 28 item 7): the next command that opens the books seals it, once', async () => {
    const db = db2();
    const file = path.join(tempDir(), 'club.seals');
    // what `bill run --anchors FILE` leaves when killed between its commit and its seal
    const conn = openDatabase(db);
    const r = billingRun(conn, testActor, { month: '2026-12', date: '2026-12-10', sealTo: file });
    conn.close();
    expect(r.invoices).toBeGreaterThan(0);
    expect(fs.existsSync(file)).toBe(false);
    // any command that opens the books (a listing here) seals what is owed, and says so on stderr
    const list = await cli(db, ['--json', 'member', 'list'], { env: { LANG: 'C' } });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stderr).toContain(`into ${file}: the seal a monthly run owed`);
    const head = openDatabase(db);
    const last = head.sqlite.prepare('select id, hash from audit_log order by id desc limit 1').get() as { id: number; hash: string };
    expect(head.sqlite.prepare('select count(*) from seal_requests where sealed_at is null').pluck().get()).toBe(0);
    head.close();
    expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toEqual([expect.stringContaining(`entry=${last.id} hash=${last.hash}`)]);
    // the next command finds nothing owed: no second line, no word on stderr
    const again = await cli(db, ['--json', 'member', 'list']);
    expect(again.stderr).toBe('');
    expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
    expect((await cli(db, ['db', 'check', '--anchors', file])).code).toBe(0);
  });

  it('the re-run of a killed run seals what it owes before it finds nothing to bill', async () => {
    const db = db2();
    const file = path.join(tempDir(), 'club.seals');
    const conn = openDatabase(db);
    billingRun(conn, testActor, { month: '2026-12', date: '2026-12-10', sealTo: file });
    conn.close();
    const r = await cli(db, ['--json', 'bill', 'run', '--month', '2026-12', '--date', '2026-12-10', '--anchors', file], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().invoices).toBe(0);
    expect(r.stderr).toContain('le sceau que devait une facturation mensuelle');
    expect(fs.readFileSync(file, 'utf8')).toMatch(/entry=\d+ hash=[0-9a-f]{64}/);
  });

  it('an anchors file that cannot be written stops the run before anything is billed (exit 2)', async () => {
    const db = db2();
    const r = await cli(db, [
      '--json',
      'bill',
      'run',
      '--month',
      '2026-12',
      '--date',
      '2026-12-10',
      '--anchors',
      path.join(tempDir(), 'no', 'such', 'x.seals'),
    ]);
    expect(r.code).toBe(2);
    const conn = openDatabase(db);
    expect(conn.sqlite.prepare('select count(*) from invoices').pluck().get()).toBe(0);
    conn.close();
  });
});
