/** Issue 11 "Defects found" (values typed on the command line) and issue 12 (global flags checked first). */
import { describe, expect, it } from 'vitest';
import { cli, scriptedPrompter, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertCandidacy, insertMember } from '../helpers/factory.js';
import { unquotedAmount } from '../../src/cli/args.js';

const EN = { LANG: 'C' };

async function withEntryFee(): Promise<string> {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const ref = insertCandidacy(conn);
  conn.close();
  await cli(db, ['committee', 'decide', ref, '--accept', '--date', '2026-12-01']);
  const n = await cli(db, ['committee', 'notify', ref, '--date', '2026-12-03', '--yes']);
  expect(n.code).toBe(0);
  return db;
}

describe('dates on flags', () => {
  it('a well-formed day that does not exist is named as such, on --date and on every date flag', async () => {
    const db = tempDbPath();
    const r = await cli(db, ['member', 'list', '--date', '2026-11-31'], { env: EN });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2026-11-31 does not exist');
    expect(r.stderr).toContain('30 days');
    expect(r.stderr).not.toContain('expects');
    const feb = await cli(db, ['member', 'list', '--date', '29/02/2027'], { env: EN });
    expect(feb.code).toBe(2);
    expect(feb.stderr).toContain('29/02/2027 does not exist (2027-02 has 28 days)');
    const fr = await cli(db, ['member', 'list', '--date', '31/11/2026'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stderr).toContain('31/11/2026 n’existe pas');
    const zone = await cli(db, ['zone', 'set', '21', 'paris', '--from', '2026-02-30'], { env: EN });
    expect(zone.code).toBe(2);
    expect(zone.stderr).toContain('--from: 2026-02-30 does not exist');
  });

  it('--date accepts DD/MM/YYYY like every other date flag', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    insertMember(conn, { contractStart: '2026-01-05' });
    conn.close();
    const iso = await cli(db, ['--json', 'intervene', 'quota', '1', '--date', '2026-11-27']);
    const fr = await cli(db, ['--json', 'intervene', 'quota', '1', '--date', '27/11/2026']);
    expect(fr.code).toBe(0);
    expect(fr.json()).toEqual(iso.json());
  });

  it('global flags are checked before any command runs: --date garbage member list exits 2', async () => {
    const db = tempDbPath();
    const r = await cli(db, ['--date', 'garbage', 'member', 'list'], { env: EN });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--date expects a date YYYY-MM-DD or DD/MM/YYYY, got "garbage"');
    const j = await cli(db, ['--json', '--date', 'garbage', 'zone', 'list']);
    expect(j.code).toBe(2);
    expect(j.json().error.code).toBe('usage');
  });
});

describe('dates that default to today, as the help says', () => {
  it('committee notify and bill pay without --date act today', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const ref = insertCandidacy(conn, { appliedOn: '2026-10-20' });
    conn.close();
    expect((await cli(db, ['committee', 'decide', ref, '--accept', '--date', '2026-10-22'])).code).toBe(0);
    const n = await cli(db, ['--json', 'committee', 'notify', ref, '--yes']);
    expect(n.stderr).not.toContain('missing --date');
    expect(n.code).toBe(0);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    expect(n.json().contract_start).toBe(today);
    const p = await cli(db, ['--json', 'bill', 'pay', n.json().entry_fee_invoice, '--amount', '1500', '--method', 'card']);
    expect(p.code).toBe(0);
    expect(p.json().status).toBe('paid');
  });
});

describe('one rule for amounts', () => {
  it('--amount 0 and --amount -5 are the same usage error (exit 2) naming the flag', async () => {
    const db = await withEntryFee();
    const zero = await cli(db, ['bill', 'pay', 'F2026-000001', '--amount', '0', '--method', 'card', '--date', '2026-12-04'], { env: EN });
    const neg = await cli(db, ['bill', 'pay', 'F2026-000001', '--amount=-5', '--method', 'card', '--date', '2026-12-04'], { env: EN });
    expect(zero.code).toBe(2);
    expect(neg.code).toBe(2);
    expect(zero.stderr).toContain('--amount must be more than 0');
    expect(neg.stderr).toContain('--amount must be more than 0');
    const credit0 = await cli(db, ['bill', 'credit', 'F2026-000001', '--amount', '0', '--reason', 'x', '--yes'], { env: EN });
    expect(credit0.code).toBe(2);
  });

  it('an unquoted French amount says to quote it, not "too many arguments"', async () => {
    const db = await withEntryFee();
    const r = await cli(db, ['bill', 'pay', 'F2026-000001', '--amount', '1', '500,00', '--method', 'card'], { env: EN });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("amounts with spaces need quotes: --amount '1 500,00'");
    expect(r.stderr).not.toContain('too many arguments');
    const j = await cli(db, ['--json', 'bill', 'pay', 'F2026-000001', '--amount', '1', '500,00', '--method', 'card'], { env: EN });
    expect(j.code).toBe(2);
    expect(j.json().error.message).toContain("--amount '1 500,00'");
    expect(unquotedAmount(['bill', 'prices', 'set', 'subscription', '1', '250', '--from', 'x'])).toBe("'1 250'");
    expect(unquotedAmount(['member', 'show', '1'])).toBeNull();
  });
});

describe('shell manners', () => {
  it('-v is --version', async () => {
    const r = await cli(tempDbPath(), ['-v']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('a subcommand help does not repeat the global options; parnasse --help lists them once', async () => {
    const sub = await cli(tempDbPath(), ['member', 'list', '--help'], { env: EN });
    expect(sub.stdout).not.toContain('--operator <name>');
    expect(sub.stdout).not.toContain('Global Options');
    // help is wrapped at 80 columns (issue 24): the pointer may start a line, the command is never cut
    expect(sub.stdout.replace(/\s+/g, ' ')).toContain('see `parnasse --help`');
    expect(sub.stdout).toContain('`parnasse --help`');
    const top = await cli(tempDbPath(), ['--help'], { env: EN });
    expect(top.stdout.match(/--operator <name>/g)).toHaveLength(1);
  });
});

describe('irreversible acts are confirmed', () => {
  async function accepted(): Promise<{ db: string; ref: string }> {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const ref = insertCandidacy(conn);
    conn.close();
    await cli(db, ['committee', 'decide', ref, '--accept', '--date', '2026-12-01']);
    return { db, ref };
  }

  it('committee notify: without a terminal and without --yes, exit 2 and nothing created', async () => {
    const { db, ref } = await accepted();
    const r = await cli(db, ['committee', 'notify', ref, '--date', '2026-12-03'], { env: EN });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect((await cli(db, ['--json', 'member', 'list'])).json()).toEqual([]);
  });

  it('committee notify on a terminal shows what will happen and asks; "no" does nothing, "yes" acts', async () => {
    const { db, ref } = await accepted();
    const no = scriptedPrompter([false]);
    const r = await cli(db, ['committee', 'notify', ref, '--date', '2026-12-03'], { env: EN, tty: true, prompter: no });
    expect(r.code).toBe(2);
    expect(no.asked[0]).toContain(`Confirmation call for ${ref}`);
    expect(no.asked[0]).toContain('2026-12-03');
    expect((await cli(db, ['--json', 'member', 'list'])).json()).toEqual([]);
    const yes = scriptedPrompter([true]);
    expect((await cli(db, ['committee', 'notify', ref, '--date', '2026-12-03'], { env: EN, tty: true, prompter: yes })).code).toBe(0);
  });

  it('bill credit asks with the amount; without --yes and no terminal exit 2, no credit note', async () => {
    const db = await withEntryFee();
    const r = await cli(db, ['bill', 'credit', 'F2026-000001', '--amount', '100', '--reason', 'gesture', '--date', '2026-12-05'], { env: EN });
    expect(r.code).toBe(2);
    expect((await cli(db, ['--json', 'bill', 'list'])).json<any[]>()).toHaveLength(1);
    const p = scriptedPrompter([true]);
    const ok = await cli(db, ['bill', 'credit', 'F2026-000001', '--amount', '100', '--reason', 'gesture', '--date', '2026-12-05'], {
      env: EN,
      tty: true,
      prompter: p,
    });
    expect(ok.code).toBe(0);
    expect(p.asked[0]).toContain('100,00 €');
  });
});
