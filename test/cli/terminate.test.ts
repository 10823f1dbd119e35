import { describe, expect, it } from 'vitest';
import { cli, scriptedPrompter, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import * as M from '../../src/membership/members.js';
import { testActor } from '../helpers/db.js';

function memberDb(): { db: string; n: string } {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const no = insertMember(conn, { contractStart: '2026-01-05' });
  M.lendAirbox(conn, testActor, { memberNo: String(no), serial: 'AB-9', lentOn: '2026-01-10' });
  conn.close();
  return { db, n: String(no) };
}

const REQ = ['--reason', 'member_request', '--notice-date', '20/03/2027', '--date', '2027-03-22'];

describe('terminate on the command line', () => {
  it('without a terminal and without --yes: exit 2, nothing written; with --yes the JSON of CLI.md', async () => {
    const { db, n } = memberDb();
    const no = await cli(db, ['terminate', n, ...REQ]);
    expect(no.code).toBe(2);
    expect(no.stderr).toContain('--yes');
    expect((await cli(db, ['--json', 'terminate', 'show', n])).json()).toBeNull();
    const r = await cli(db, ['--json', 'terminate', n, ...REQ, '--yes']);
    expect(r.code).toBe(0);
    const doc = r.json();
    expect(doc).toMatchObject({
      member_no: n,
      effective_on: '2027-03-30',
      last_billed_month: '2027-03',
      airbox_return_due: true,
      mail_access_until: '2027-09-30',
      honorary_eligible: true,
    });
    for (const k of ['member_no', 'effective_on', 'last_billed_month', 'airbox_return_due', 'mail_access_until', 'honorary_eligible'])
      expect(doc).toHaveProperty(k);
    // a second termination: one clear line, exit 3, article named
    const again = await cli(db, ['terminate', n, '--reason', 'incompatible_offer', '--date', '2027-03-23', '--yes']);
    expect(again.code).toBe(3);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toContain('art. 10.4');
    // shown as pending, then withdrawn by the member
    const show = await cli(db, ['terminate', 'show', n, '--date', '2027-03-25']);
    expect(show.stdout).toContain('pending termination (until 2027-03-30)');
    expect((await cli(db, ['--json', 'member', 'show', n, '--date', '2027-03-25'])).json()).toMatchObject({ status: 'active', termination: { pending: true } });
    const w = await cli(db, ['--json', 'terminate', 'withdraw', n, '--by', 'member', '--date', '2027-03-25', '--yes']);
    expect(w.json()).toMatchObject({ withdrawn_on: '2027-03-25' });
  });

  it('on a terminal: shows what will happen, asks, and a "no" writes nothing', async () => {
    const { db, n } = memberDb();
    const p = scriptedPrompter([false]);
    const r = await cli(db, ['terminate', n, ...REQ], { tty: true, prompter: p });
    expect(r.stdout).toContain('2027-03-30');
    expect(r.stdout).toContain('AB-9');
    expect(r.stdout).toContain('2027-09-30');
    expect(p.asked[0]).toMatch(/Record this termination of member/);
    expect(r.code).toBe(2);
    expect((await cli(db, ['--json', 'terminate', 'show', n])).json()).toBeNull();
    const yes = await cli(db, ['terminate', n, ...REQ], { tty: true, prompter: scriptedPrompter([true]) });
    expect(yes.code).toBe(0);
    expect(yes.stdout).toContain('effective on 2027-03-30');
  });

  it('refusals name their article; the delegate never terminates; not a member; in French', async () => {
    const { db, n } = memberDb();
    const del = await cli(db, ['--json', 'terminate', n, ...REQ, '--by', 'delegate', '--yes']);
    expect(del.code).toBe(3);
    expect(del.json().error.article).toBe('10.3.1');
    expect((await cli(db, ['terminate', '999', ...REQ, '--yes'])).code).toBe(2);
    expect((await cli(db, ['terminate', n, '--reason', 'bogus', '--yes'])).code).toBe(2);
    const early = await cli(db, ['terminate', n, '--reason', 'incompatible_offer', '--date', '2025-12-01', '--yes']);
    expect(early.code).toBe(3);
    expect(early.stderr).toContain('art. 6');
    const fr = await cli(db, ['terminate', n, ...REQ, '--by', 'delegate', '--yes'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stderr).toContain('Délégué');
  });

  it('breach (art. 10.2): a formal notice of 01/03/2027 leaves 7 days to comply (until 08/03); the contract ends on 09/03', async () => {
    const { db, n } = memberDb();
    const r = await cli(db, ['--json', 'terminate', n, '--reason', 'breach', '--notice-date', '2027-03-01', '--date', '2027-03-01', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ member_no: n, reason: 'breach', article: '10.2', notice_date: '2027-03-01', effective_on: '2027-03-09' });
    expect((await cli(db, ['--json', '--date', '2027-03-08', 'member', 'show', n])).json()).toMatchObject({
      status: expect.not.stringMatching(/^terminated$/),
    });
    expect((await cli(db, ['--json', '--date', '2027-03-09', 'member', 'show', n])).json()).toMatchObject({ status: 'terminated' });
  });

  it('terminate option, airboxes due back', async () => {
    const { db, n } = memberDb();
    expect((await cli(db, ['member', 'option', 'add', n, 'bitdefender', '--date', '2026-02-01'])).code).toBe(0);
    const o = await cli(db, ['--json', 'terminate', 'option', n, 'bitdefender', '--date', '2027-03-12']);
    expect(o.json()).toMatchObject({ option: 'bitdefender', billed_until: '2027-03-31' });
    // an option the member does not hold: a usage error naming it
    const none = await cli(db, ['terminate', 'option', n, 'extra_mailbox', '--date', '2027-03-12']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no current extra_mailbox option/);
    expect((await cli(db, ['terminate', 'airboxes'])).stdout).toContain('No Airbox due back.');
    await cli(db, ['terminate', n, '--reason', 'incompatible_offer', '--date', '2027-04-01', '--yes']);
    const due = await cli(db, ['--json', 'terminate', 'airboxes', '--date', '2027-04-02']);
    expect(due.json()).toEqual([expect.objectContaining({ member_no: n, serial: 'AB-9', overdue: true })]);
  });

  it('member airbox --replaced (art. 5.5): human and --json, English and French; the Airbox due back is then the new one', async () => {
    const { db, n } = memberDb();
    const r = await cli(db, ['--json', 'member', 'airbox', n, '--replaced', '2027-02-10', '--serial', 'AB-30', '--reason', 'no 4G signal']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({
      member_no: n,
      serial_out: 'AB-9',
      serial_in: 'AB-30',
      replaced_on: '2027-02-10',
      payer: 'parnasse',
      member_charge_cents: 0,
      article: '5.5',
    });
    const again = await cli(db, ['member', 'airbox', n, '--replaced', '2027-02-20', '--serial', 'AB-31', '--reason', 'screen broken']);
    expect(again.stdout).toMatch(/Airbox AB-30 replaced by AB-31 on 2027-02-20, at Parnasse's cost \(art\. 5\.5\)/);
    const fr = await cli(db, ['member', 'airbox', n, '--replaced', '2027-02-25', '--serial', 'AB-32', '--reason', 'écran'], { env: { PARNASSE_LANG: 'fr' } });
    expect(fr.stdout).toMatch(/Airbox AB-31 remplacée par AB-32 le 25\/02\/2027, aux frais de Parnasse \(art\. 5\.5\)/);
    const misuse = await cli(db, ['--json', 'member', 'airbox', n, '--replaced', '2027-03-01', '--serial', 'AB-33', '--reason', 'lost on a train', '--misuse']);
    expect(misuse.code).toBe(3);
    expect(misuse.json().error.article).toBe('5.5');
    const frMisuse = await cli(db, ['member', 'airbox', n, '--replaced', '2027-03-01', '--serial', 'AB-33', '--reason', 'perdue', '--misuse'], {
      env: { PARNASSE_LANG: 'fr' },
    });
    expect(frMisuse.code).toBe(3);
    expect(frMisuse.stderr).toMatch(/art\. 5\.5/);
    expect((await cli(db, ['member', 'airbox', n, '--replaced', '2027-03-01', '--serial', 'AB-33'])).code).toBe(2); // no --reason
    expect((await cli(db, ['member', 'airbox', n, '--replaced', '2027-03-01', '--returned', '2027-03-01'])).code).toBe(2);
    const show = await cli(db, ['member', 'show', n, '--date', '2027-03-01']);
    expect(show.stdout).toMatch(/AB-9 → AB-30 on 2027-02-10 \(no 4G signal\)/);
    await cli(db, ['terminate', n, '--reason', 'incompatible_offer', '--date', '2027-04-01', '--yes']);
    const due = await cli(db, ['--json', 'terminate', 'airboxes', '--date', '2027-04-02']);
    expect(due.json()).toEqual([expect.objectContaining({ member_no: n, serial: 'AB-32', overdue: true })]);
  });
});
