/**
 * Issue 24, "no surprises": `bill run` on a terminal shows the dry run's summary and asks
 * before billing (`--yes` skips it; without a terminal, unchanged: cron); a `--month` later
 * than the month of `--date` asks on a terminal and needs `--yes` without one; `bill send
 * --resend` asks the same way; `--yes` is a global option accepted by every command.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, scriptedPrompter, tempDbPath, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';

function db2(): string {
  const db = tempDbPath();
  const conn = openDatabase(db);
  insertMember(conn, { contractStart: '2026-12-10' });
  insertMember(conn, { contractStart: '2026-11-01' });
  conn.close();
  return db;
}

const invoiceCount = (db: string): number => {
  const conn = openDatabase(db);
  try {
    return (conn.sqlite.prepare('select count(*) as n from invoices').get() as { n: number }).n;
  } finally {
    conn.close();
  }
};

const EN = { LANG: 'C' };
const FR = { LANG: 'fr_FR.UTF-8' };

describe('bill run on a terminal asks before billing (issue 24)', () => {
  it('shows the dry run and asks; declined: exit 2, nothing billed; accepted: billed', async () => {
    const db = db2();
    const no = scriptedPrompter([false]);
    const r = await cli(db, ['bill', 'run', '--month', '2026-12', '--date', '2026-12-10'], { tty: true, env: EN, prompter: no });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Dry run — nothing written. 2026-12: 2 invoice(s) would be issued');
    expect(no.asked).toHaveLength(1);
    expect(no.asked[0]).toContain('2 invoice(s)');
    expect(r.stderr).toContain('nothing done (not confirmed)');
    expect(invoiceCount(db)).toBe(0);
    const yes = scriptedPrompter([true]);
    const ok = await cli(db, ['bill', 'run', '--month', '2026-12', '--date', '2026-12-10'], { tty: true, env: EN, prompter: yes });
    expect(ok.code, ok.stderr).toBe(0);
    expect(yes.asked).toHaveLength(1);
    expect(invoiceCount(db)).toBe(2);
  });

  it('in French: the summary and the question', async () => {
    const db = db2();
    const no = scriptedPrompter([false]);
    const r = await cli(db, ['bill', 'run', '--month', '2026-12', '--date', '2026-12-10'], { tty: true, env: FR, prompter: no });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Simulation — rien n’est écrit');
    expect(no.asked[0]).toMatch(/^Émettre 2 facture\(s\)/);
    expect(r.stderr).toContain('rien n’a été fait');
  });

  it('--yes (the command’s or the global one) skips the question; --dry-run, --json and no terminal never ask (cron unchanged)', async () => {
    for (const argv of [
      ['bill', 'run', '--month', '2026-12', '--date', '2026-12-10', '--yes'],
      ['--yes', 'bill', 'run', '--month', '2026-12', '--date', '2026-12-10'],
    ]) {
      const db = db2();
      const r = await cli(db, argv, { tty: true, env: EN, prompter: scriptedPrompter([]) });
      expect(r.code, r.stderr).toBe(0);
      expect(invoiceCount(db)).toBe(2);
    }
    const dry = db2();
    expect(
      (await cli(dry, ['bill', 'run', '--month', '2026-12', '--date', '2026-12-10', '--dry-run'], { tty: true, prompter: scriptedPrompter([]) })).code,
    ).toBe(0);
    expect(invoiceCount(dry)).toBe(0);
    const json = db2();
    expect((await cli(json, ['--json', 'bill', 'run', '--month', '2026-12', '--date', '2026-12-10'], { tty: true, prompter: scriptedPrompter([]) })).code).toBe(
      0,
    );
    expect(invoiceCount(json)).toBe(2);
    const cron = db2();
    expect((await cli(cron, ['bill', 'run', '--month', '2026-12', '--date', '2026-12-10'])).code).toBe(0);
    expect(invoiceCount(cron)).toBe(2);
  });

  it('nothing to bill: no question', async () => {
    const db = db2();
    expect((await cli(db, ['bill', 'run', '--month', '2026-12', '--date', '2026-12-10'])).code).toBe(0);
    const again = await cli(db, ['bill', 'run', '--month', '2026-12', '--date', '2026-12-11'], { tty: true, env: EN, prompter: scriptedPrompter([]) });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Nothing left to bill');
  });

  it('a --month later than the month of --date: without a terminal needs --yes (exit 2 naming it, en and fr); on a terminal the question says so', async () => {
    const db = db2();
    const r = await cli(db, ['bill', 'run', '--month', '2027-01', '--date', '2026-12-10'], { env: EN });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(r.stderr).toContain('--month 2027-01');
    expect(invoiceCount(db)).toBe(0);
    const fr = await cli(db, ['bill', 'run', '--month', '2027-01', '--date', '2026-12-10'], { env: FR });
    expect(fr.code).toBe(2);
    expect(fr.stderr).toContain('--yes');
    expect(fr.stderr).toMatch(/01\/2027|janvier 2027/);
    const json = await cli(db, ['--json', 'bill', 'run', '--month', '2027-01', '--date', '2026-12-10', '--dry-run']);
    expect(json.code, 'a dry run never needs --yes').toBe(0);
    const asked = scriptedPrompter([false]);
    const tty = await cli(db, ['bill', 'run', '--month', '2027-01', '--date', '2026-12-10'], { tty: true, env: EN, prompter: asked });
    expect(tty.code).toBe(2);
    expect(asked.asked[0]).toContain('in advance');
    expect(invoiceCount(db)).toBe(0);
    const yes = await cli(db, ['bill', 'run', '--month', '2027-01', '--date', '2026-12-10', '--yes'], { env: EN });
    expect(yes.code, yes.stderr).toBe(0);
    expect(invoiceCount(db)).toBeGreaterThan(0);
  });
});

describe('bill send --resend asks on a terminal (issue 24)', () => {
  function club() {
    const db = path.join(tempDir(), 'club.db');
    const conn = openDatabase(db);
    setClubSettings(conn);
    const a = insertMember(conn, { email: 'helene.dupre@example.fr' });
    issue(conn, a, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
    conn.close();
    return db;
  }
  it('declined: nothing sent; accepted or --yes: sent again; without a terminal: unchanged', async () => {
    const db = club();
    const dir = tempDir();
    expect((await cli(db, ['settings', 'set', 'smtp.url', pathToFileURL(dir).href])).code).toBe(0);
    expect((await cli(db, ['bill', 'send', '--month', '2026-12'])).code).toBe(0);
    const file = fs.readdirSync(dir).map((f) => path.join(dir, f))[0]!;
    fs.rmSync(file);
    const no = scriptedPrompter([false]);
    const r = await cli(db, ['bill', 'send', '--month', '2026-12', '--resend'], { tty: true, env: EN, prompter: no });
    expect(r.code).toBe(2);
    expect(no.asked[0]).toContain('again');
    expect(fs.readdirSync(dir)).toEqual([]);
    const fr = scriptedPrompter([false]);
    expect((await cli(db, ['bill', 'send', '--month', '2026-12', '--resend'], { tty: true, env: FR, prompter: fr })).code).toBe(2);
    expect(fr.asked[0]).toContain('nouveau');
    const yes = scriptedPrompter([true]);
    expect((await cli(db, ['bill', 'send', '--month', '2026-12', '--resend'], { tty: true, env: EN, prompter: yes })).code).toBe(0);
    expect(fs.readdirSync(dir)).toHaveLength(1);
    expect((await cli(db, ['--yes', 'bill', 'send', '--month', '2026-12', '--resend'], { tty: true, prompter: scriptedPrompter([]) })).code).toBe(0);
    expect((await cli(db, ['bill', 'send', '--month', '2026-12', '--resend', '--yes'], { tty: true, prompter: scriptedPrompter([]) })).code).toBe(0);
    expect((await cli(db, ['--json', 'bill', 'send', '--month', '2026-12', '--resend'])).json().sent).toHaveLength(1);
  });
});

describe('--yes is a global option (issue 24)', () => {
  it('accepted by a command that never asks, before or after it', async () => {
    const db = db2();
    expect((await cli(db, ['--yes', 'member', 'list'])).code).toBe(0);
    expect((await cli(db, ['member', 'list', '--yes'])).code).toBe(0);
  });

  it('honoured by a command that asks, before or after it, as its own --yes was', async () => {
    const db = db2();
    const target = path.join(tempDir(), 'copy.db');
    fs.writeFileSync(target, '');
    const refused = await cli(db, ['db', 'backup', target], { env: EN });
    expect(refused.code).toBe(2);
    expect((await cli(db, ['--yes', 'db', 'backup', target])).code).toBe(0);
    expect((await cli(db, ['db', 'backup', target, '--yes'])).code).toBe(0);
  });

  it('listed in parnasse --help (en, fr)', async () => {
    const db = db2();
    expect((await cli(db, ['--help'], { env: EN })).stdout).toMatch(/--yes\s+\S/);
    expect((await cli(db, ['--help'], { env: FR })).stdout).toMatch(/--yes\s+\S/);
  });
});
