/**
 * Issue 28, item 4: what moves money is part of the books. Each case of the tamper
 * campaign, changed through SQL, is a `db check` finding that says where; the same changes
 * made through parnasse leave db check clean.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath, tempDir } from '../helpers/cli.js';
import { populatedDb } from '../helpers/populated.js';
import { lastChange, sqlOn, withoutTriggers } from '../helpers/forge.js';
import { insertCandidacy, insertMember } from '../helpers/factory.js';
import { openDatabase } from '../../src/db/connection.js';
import { checkDatabase } from '../../src/invoicing/integrity.js';
import { readAnchors } from '../../src/books/seal.js';
import { CLUB_ICS } from '../helpers/documents.js';

const CLUB_IBAN = 'FR76 3000 6000 0112 3456 7890 189';
const OTHER_IBAN = 'FR7630004000031234567890143';

function report(file: string, seals?: string) {
  const conn = openDatabase(file);
  try {
    return checkDatabase(conn, seals ? { anchors: readAnchors(seals) } : {});
  } finally {
    conn.close();
  }
}
const found = (file: string) =>
  report(file)
    .problems.filter((p) => p.check === 'money_state')
    .map((p) => p.message)
    .join('\n');

/** The populated club with its creditor settings, entered through parnasse. */
async function club(): Promise<string> {
  const db = await populatedDb();
  for (const [k, v] of [
    ['creditor.iban', CLUB_IBAN],
    ['creditor.ics', CLUB_ICS],
    ['creditor.bic', 'AGRIFRPP'],
  ])
    expect((await cli(db, ['settings', 'set', k!, v!])).stderr).toBe('');
  expect(report(db).ok).toBe(true);
  return db;
}

describe('money-moving state changed through SQL', () => {
  it('a swapped creditor IBAN (the campaign sent January’s debits to another account): reported, also under --anchors', async () => {
    const db = await club();
    const seals = path.join(tempDir(), 'seals');
    expect((await cli(db, ['db', 'seal', '--out', seals])).code).toBe(0);
    sqlOn(db, (raw) => raw.prepare("update settings set value = ? where key = 'creditor.iban'").run(OTHER_IBAN));
    const r = report(db, seals);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.message).join('\n')).toContain(
      `setting creditor.iban is ${OTHER_IBAN}, the audit log last recorded FR7630006000011234567890189`,
    );
  });

  it('a creditor ICS inserted, a setting deleted: reported', async () => {
    const db = await populatedDb();
    sqlOn(db, (raw) => raw.prepare("insert into settings (key, value) values ('creditor.ics', 'FR99ZZZ999999')").run());
    expect(found(db)).toContain('setting creditor.ics (FR99ZZZ999999) was recorded by no audit entry');
    const db2 = await club();
    sqlOn(db2, (raw) => raw.prepare("delete from settings where key = 'creditor.bic'").run());
    expect(found(db2)).toContain('setting creditor.bic (AGRIFRPP in the audit log) is missing');
  });

  it('a mandate’s IBAN or RUM changed, a mandate inserted: reported with the mandate', async () => {
    const db = await club();
    sqlOn(db, (raw) => {
      raw.prepare('update sepa_mandates set iban = ? where id = 1').run(OTHER_IBAN);
      raw.prepare("update sepa_mandates set rum = 'FORGED-1' where id = 2").run();
      raw
        .prepare(
          "insert into sepa_mandates (member_id, rum, iban, signed_on, recorded_on, ended_on) values (1, 'EXTRA-1', ?, '2026-11-01', '2026-11-01', '2026-12-01')",
        )
        .run(OTHER_IBAN);
    });
    const all = found(db);
    expect(all).toContain(`SEPA mandate PARNASSE-000001-20261128 (member 1) iban is ${OTHER_IBAN}, the audit log last recorded FR1420041010050500013M02606`);
    expect(all).toContain('SEPA mandate FORGED-1 (member 2) (IBAN FR1420041010050500013M02606) was recorded by no audit entry');
    expect(all).toContain('SEPA mandate PARNASSE-000002-20261128 (member 2) (IBAN FR1420041010050500013M02606 in the audit log) is missing');
    expect(all).toContain('SEPA mandate EXTRA-1 (member 1) (IBAN FR7630004000031234567890143) was recorded by no audit entry');
  });

  it('a member’s IBAN, a price, a legal rate changed: reported', async () => {
    const db = await club();
    sqlOn(db, (raw) => {
      raw.prepare('update members set iban = ? where member_no = 2').run(OTHER_IBAN);
      raw.prepare("update prices set ttc_cents = 1 where item = 'subscription'").run();
      raw.prepare("update legal_rates set rate_bp = 9999 where semester = '2026-S1'").run();
    });
    const all = found(db);
    expect(all).toContain(`member 2 IBAN is ${OTHER_IBAN}, the audit log last recorded FR1420041010050500013M02606`);
    expect(all).toContain('price of subscription from 2025-06-01 is 1, the audit log last recorded 25000');
    expect(all).toContain('legal rate 2026-S1 is 9999, the audit log last recorded 262');
  });

  it('in French too', async () => {
    const db = await club();
    sqlOn(db, (raw) => raw.prepare("update settings set value = ? where key = 'creditor.iban'").run(OTHER_IBAN));
    const r = await cli(db, ['--json', 'db', 'check'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(r.code).toBe(4);
    expect(
      r
        .json()
        .problems.map((p: any) => p.message)
        .join('\n'),
    ).toContain(`setting creditor.iban vaut ${OTHER_IBAN}, le journal d'audit a enregistré en dernier FR7630006000011234567890189`);
  });
});

describe('the same changes made through parnasse: db check stays clean', () => {
  it('settings set of several keys in one command (one entry for them all): clean, and each key still compared', async () => {
    const db = await populatedDb();
    const r = await cli(db, ['settings', 'set', 'creditor.iban', CLUB_IBAN, 'creditor.ics', CLUB_ICS, 'creditor.bic', 'AGRIFRPP']);
    expect(r.code, r.stderr).toBe(0);
    expect(found(db)).toBe('');
    sqlOn(db, (raw) => raw.prepare("update settings set value = 'BNPAFRPP' where key = 'creditor.bic'").run());
    expect(found(db)).toContain('setting creditor.bic is BNPAFRPP, the audit log last recorded AGRIFRPP');
  });

  it('settings set, member mandate, member edit --iban, bill prices set|withdraw|revoke, bill rates set', async () => {
    const db = await club();
    for (const argv of [
      ['settings', 'set', 'creditor.iban', OTHER_IBAN],
      ['settings', 'set', 'smtp.url', 'smtps://club:S3cret@mail.example.fr'],
      ['--date', '2026-12-10', 'member', 'mandate', '1', '--iban', OTHER_IBAN, '--rum', 'NEW-RUM-1', '--signed', '2026-12-09'],
      ['--date', '2026-12-10', 'member', 'edit', '2', '--iban', OTHER_IBAN],
      ['bill', 'prices', 'set', 'subscription', '260', '--from', '2027-03-01', '--announced', '2027-01-15'],
      ['bill', 'prices', 'set', 'extra_site', '95', '--from', '2027-04-01', '--announced', '2027-01-15'],
      ['--date', '2027-01-20', 'bill', 'prices', 'revoke', 'extra_site', '--from', '2027-04-01'],
      ['bill', 'prices', 'withdraw', 'concierge_privilege', '--from', '2027-04-15', '--announced', '2027-01-15'],
      ['bill', 'rates', 'set', '2026-S2', '4.92'],
    ]) {
      const r = await cli(db, argv);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect(report(db).problems).toEqual([]);
  });
});

/**
 * Issue 28 item 4, what was still outside: the pending charges, disputes, recovery procedures
 * (procedures, steps, claims), cooptations and their rewards, and the IBANs brought by
 * `member import`. The club is written once through parnasse and copied for each forgery.
 */
let moving: Promise<string> | undefined;
async function movingClub(): Promise<string> {
  moving ??= (async () => {
    const db = await club();
    const conn = openDatabase(db);
    const ref = insertCandidacy(conn, { invitedByParnasse: false, appliedOn: '2027-03-01' });
    conn.close();
    for (const argv of [
      ['--date', '2026-11-26', 'member', 'import', 'fixtures/members.csv'],
      ['intervene', 'add', '1', '--kind', 'technician', '--start', '2026-12-05T10:00', '--minutes', '130', '--out-of-hours'],
      ['bill', 'dispute', 'F2026-000002', '--amount', '90', '--reason', 'never installed', '--date', '2026-12-06'],
      ['bill', 'dunning', '--apply', '--date', '2027-01-20'],
      ['bill', 'dunning', '--apply', '--date', '2027-02-10'],
      ['coopt', 'propose', '1', ref, '--date', '2027-03-02'],
      ['coopt', 'decide', '1', '--accept', '--date', '2027-03-04'],
      ['committee', 'decide', ref, '--accept', '--date', '2027-03-05'],
      ['committee', 'notify', ref, '--yes', '--date', '2027-03-15'],
      ['coopt', 'catalogue', 'add', 'Coffret Champagne'],
      ['coopt', 'reward', '1', '--item', 'Coffret Champagne', '--date', '2027-04-01'],
    ]) {
      const r = await cli(db, argv);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect(report(db).problems).toEqual([]);
    return db;
  })();
  const copy = path.join(tempDir(), 'club.db');
  fs.copyFileSync(await moving, copy);
  return copy;
}

describe('pending charges, disputes, recovery steps and claims, cooptations, imported IBANs changed through SQL', () => {
  it('a pending charge’s amount or date changed, one inserted, one deleted: reported with the row and the field', async () => {
    const db = await movingClub();
    sqlOn(db, (raw) => raw.prepare('update pending_charges set ttc_cents = 100, due_on = ? where id = 1').run('2027-06-01'));
    let all = found(db);
    expect(all).toContain('pending charge 1 ttc_cents is 100, the audit log last recorded 45000');
    expect(all).toContain('pending charge 1 due_on is 2027-06-01, the audit log last recorded 2026-12-05');
    sqlOn(db, (raw) => {
      raw.prepare("insert into pending_charges (member_id, label, ttc_cents, due_on) values (1, 'extra', 99900, '2026-12-01')").run();
      raw.prepare('delete from pending_charges where id = 1').run();
    });
    all = found(db);
    expect(all).toMatch(/pending charge 2 \(.*99900.*\) was recorded by no audit entry/);
    expect(all).toMatch(/pending charge 1 \(.*45000.*in the audit log\) is missing/);
  });

  it('a billed pending charge marked unbilled (it would be billed twice): reported', async () => {
    const db = await movingClub();
    for (const s of ['2026-S2', '2027-S1']) expect((await cli(db, ['bill', 'rates', 'set', s, '4.92'])).code).toBe(0);
    const r = await cli(db, ['--date', '2027-04-01', 'bill', 'run', '--month', '2027-04']);
    expect(r.code, r.stderr).toBe(0);
    expect(report(db).problems).toEqual([]);
    sqlOn(db, (raw) => raw.prepare('update pending_charges set invoice_line_id = null where id = 1').run());
    expect(found(db)).toMatch(/pending charge 1 invoice_line_id is null, the audit log last recorded \d+/);
  });

  it('a dispute’s status, amount or resolution changed, one inserted: reported', async () => {
    const db = await movingClub();
    sqlOn(db, (raw) => {
      raw.prepare("update disputes set status = 'upheld', resolved_on = '2027-01-02', amount_cents = 50000 where id = 1").run();
      raw.prepare("insert into disputes (invoice_id, amount_cents, opened_on, reason, status) values (1, 1000, '2026-12-07', 'x', 'open')").run();
    });
    const all = found(db);
    expect(all).toContain('dispute 1 status is upheld, the audit log last recorded open');
    expect(all).toContain('dispute 1 amount_cents is 50000, the audit log last recorded 9000');
    expect(all).toContain('dispute 1 resolved_on is 2027-01-02, the audit log last recorded null');
    expect(all).toMatch(/dispute 2 \(.*F2026-000001.*\) was recorded by no audit entry/);
  });

  it('a dunning step deleted or re-dated, a claim changed, a procedure closed: reported', async () => {
    const db = await movingClub();
    sqlOn(db, (raw) => {
      raw.prepare("update dunning_steps set on_date = '2027-01-05' where step = 'first_notice'").run();
      raw.prepare('update dunning_claims set amount_cents = 1 where step_id = 1').run();
      raw.prepare("update dunning_procedures set closed_on = '2027-02-11', close_reason = 'paid' where id = 1").run();
    });
    let all = found(db);
    expect(all).toContain('dunning step first_notice of procedure 1 (member 2) on_date is 2027-01-05, the audit log last recorded 2027-01-20');
    expect(all).toMatch(/dunning claim of step 1 \(member 2\) on F2026-000002 is 1, the audit log last recorded 131000/);
    expect(all).toContain('dunning procedure 1 (member 2) closed_on is 2027-02-11, the audit log last recorded null');
    sqlOn(db, (raw) => {
      raw.pragma('foreign_keys = OFF');
      raw.prepare('delete from dunning_claims').run();
      raw.prepare("delete from dunning_steps where step <> 'first_notice'").run();
    });
    all = found(db);
    expect(all).toMatch(/dunning step second_notice of procedure 1 \(member 2\) \(on 2027-\d\d-\d\d in the audit log\) is missing/);
    expect(all).toMatch(/dunning claim of step 1 \(member 2\) on F2026-000002 \(131000 in the audit log\) is missing/);
  });

  it('a cooptation’s reward or status changed, one inserted: reported', async () => {
    const db = await movingClub();
    sqlOn(db, (raw) => {
      raw.prepare("update cooptations set reward_item = 'Montre en or', delivery_on = '2027-04-02' where id = 1").run();
      raw.prepare("update cooptations set status = 'cancelled' where id = 1").run();
    });
    const all = found(db);
    expect(all).toContain('cooptation 1 (member 1) reward_item is Montre en or, the audit log last recorded Coffret Champagne');
    expect(all).toContain('cooptation 1 (member 1) delivery_on is 2027-04-02, the audit log last recorded 2027-05-13');
    expect(all).toContain('cooptation 1 (member 1) status is cancelled, the audit log last recorded accepted');
  });

  it('an imported member’s IBAN swapped (never edited since): reported', async () => {
    const db = await movingClub();
    sqlOn(db, (raw) => raw.prepare('update members set iban = ? where member_no = 501').run(OTHER_IBAN));
    expect(found(db)).toContain(`member 501 IBAN is ${OTHER_IBAN}, the audit log last recorded FR7610107772183514289505611`);
  });

  it('the import records each IBAN in an entry about the member, which the annex 5 purge erases', async () => {
    const db = await movingClub();
    const c = lastChange(db, 'member', '502', 'import');
    expect(c.iban).toBe('FR7620041483997992853580034');
    expect(c.imported_from).toBe('members.csv');
  });
});

describe('the rows’ writes through parnasse: db check stays clean', () => {
  it('dispute resolved, intervention cancelled, recovery to termination, cooptation cancelled, member purged', async () => {
    const db = await movingClub();
    for (const argv of [
      ['intervene', 'add', '1', '--kind', 'technician', '--start', '2026-12-12T10:00', '--minutes', '60', '--out-of-hours'],
      ['intervene', 'cancel', '1', '--date', '2026-12-13', '--yes'],
      ['bill', 'resolve', '1', '--granted', '--date', '2027-01-05', '--yes'],
      ['bill', 'dunning', '--apply', '--date', '2027-03-01'],
      ['bill', 'dunning', '--apply', '--date', '2027-04-01'],
      ['bill', 'dunning', '--apply', '--date', '2027-05-01'],
      ['coopt', 'cancel', '1', '--false-declaration', '--date', '2027-05-02', '--yes'],
    ]) {
      const r = await cli(db, argv);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const steps = (raw: string) => {
      let out: unknown[] = [];
      sqlOn(raw, (s) => {
        out = s.prepare('select step from dunning_steps order by id').pluck().all();
      });
      return out;
    };
    expect(steps(db).slice(0, 4)).toEqual(['first_notice', 'suspension', 'second_notice', 'termination']);
    expect(lastChange(db, 'member', '2', 'terminate').dunning).toMatchObject({ procedure_id: 1, step_id: 4 });
    expect(report(db).problems).toEqual([]);
    // the same rows changed: the termination step re-dated, the suspension's step deleted
    const copy = path.join(tempDir(), 'copy.db');
    fs.copyFileSync(db, copy);
    sqlOn(copy, (raw) => raw.prepare("update dunning_steps set on_date = '2027-04-02' where step = 'termination'").run());
    expect(found(copy)).toMatch(/dunning step termination of procedure 1 \(member 2\) on_date is 2027-04-02, the audit log last recorded 2027-0\d-\d\d/);
    // entries written before these fields were recorded (older databases): not a finding, and what they had still compared
    const legacy = path.join(tempDir(), 'legacy.db');
    fs.copyFileSync(db, legacy);
    withoutTriggers(legacy, (raw) => {
      raw.prepare("update audit_log set change = json_remove(change, '$.dunning') where action = 'terminate'").run();
      raw.prepare("update audit_log set change = json_remove(change, '$.step_id') where action = 'dunning_suspension'").run();
      raw.prepare("update audit_log set change = json_remove(change, '$.pending_charge') where entity = 'intervention'").run();
      raw.prepare("delete from audit_log where entity = 'member' and action = 'import'").run();
    });
    expect(found(legacy)).toBe('');
    sqlOn(legacy, (raw) => raw.prepare("update dunning_steps set on_date = '2027-03-02' where step = 'suspension'").run());
    expect(found(legacy)).toMatch(/dunning step suspension of procedure 1 \(member 2\) on_date is 2027-03-02/);
    // three years and a day after the end: the member's rows and the entries about it go together
    const purge = await cli(db, ['--json', 'member', 'purge', '--date', '2031-01-01', '--yes']);
    expect(purge.code, purge.stderr).toBe(0);
    expect(purge.json().members.map((m: any) => m.member_no)).toContain('2');
    expect(report(db).problems).toEqual([]);
  });

  it('Univers Pro works done: the pending charges recorded with their amounts; one changed is reported', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const co = String(insertMember(conn, { kind: 'company', contractStart: '2027-01-04', companyName: 'Atelier Moreau SARL' }));
    conn.close();
    for (const argv of [
      ['pro', 'study', 'add', co, '--services', 'wifi_public,security', '--date', '2027-01-04'],
      ['pro', 'study', 'result', '1', 'feasible', '--date', '2027-01-04'],
      ['pro', 'quote', 'add', co, '--study', '1', '--line', 'Routeur;450', '--line', 'Configuration;89,90', '--date', '2027-01-04'],
      ['pro', 'quote', 'accept', 'D2027-000001', '--date', '2027-01-05'],
      ['pro', 'works', 'done', 'D2027-000001', '--date', '2027-01-10'],
    ]) {
      const r = await cli(db, argv);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect(lastChange(db, 'pro_quote', 'D2027-000001', 'works_done').charges).toHaveLength(2);
    expect(found(db)).toBe('');
    sqlOn(db, (raw) => raw.prepare('update pending_charges set ttc_cents = 100 where id = 2').run());
    expect(found(db)).toContain('pending charge 2 ttc_cents is 100, the audit log last recorded 8990');
  });
});
