/**
 * Issue 28, item 4: what moves money is part of the books. Each case of the tamper
 * campaign, changed through SQL, is a `db check` finding that says where; the same changes
 * made through parnasse leave db check clean.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { populatedDb } from '../helpers/populated.js';
import { sqlOn } from '../helpers/forge.js';
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
