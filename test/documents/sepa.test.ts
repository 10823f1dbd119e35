import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember, insertCandidacy } from '../helpers/factory.js';
import { issue, setClubSettings, CLUB_ICS } from '../helpers/documents.js';
import { validatePain008 } from '../helpers/xsd.js';
import { pdfFlatText } from '../helpers/pdf-text.js';

const IBAN_B = 'FR7630006000011234567890189';

function club() {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const a = insertMember(conn, { firstName: 'Hélène', lastName: 'Dupré-Noël' });
  const b = insertMember(conn, { kind: 'company', companyName: 'Société Générale & Fils — Ærø', firstName: 'Zoé', lastName: "L'Hôte" });
  const c = insertMember(conn, {}); // no mandate
  conn.close();
  return { dir, db, a, b, c };
}

async function mandates(db: string, a: number, b: number) {
  expect(
    (await cli(db, ['--date', '2026-11-20', 'member', 'mandate', String(a), '--iban', 'FR14 2004 1010 0505 0001 3M02 606', '--signed', '2026-11-15'])).code,
  ).toBe(0);
  const r = await cli(db, [
    '--json',
    '--date',
    '2026-11-20',
    'member',
    'mandate',
    String(b),
    '--iban',
    IBAN_B,
    '--rum',
    'RUM-B-0001',
    '--signed',
    '2019-03-04',
  ]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.json()).toMatchObject({ rum: 'RUM-B-0001', iban: IBAN_B, signed_on: '2019-03-04' });
}

function month(db: string, m: { a: number; b: number; c: number }): [string, string, string, string] {
  const conn = openDatabase(db);
  const invs = [
    issue(conn, m.a, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]),
    issue(conn, m.b, '2026-12-01', [
      { kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 },
      { kind: 'option', label: 'Bitdefender', period: '2026-12', ttcCents: 1_001 },
    ]),
    issue(conn, m.c, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]),
    issue(conn, m.a, '2026-12-01', [{ kind: 'entry_fee', label: "Droits d'entrée", period: null, ttcCents: 150_000 }]),
  ];
  conn.close();
  return invs as [string, string, string, string];
}

describe('bill export --format sepa: pain.008 valid against the ISO schema', () => {
  it('the month debits by mandate: FRST then RCUR, amounts from cents, EPC text, no address; the rest listed', async () => {
    const c = club();
    await mandates(c.db, c.a, c.b);
    const [ia, ib, ic, fee] = month(c.db, c);
    const out = path.join(tempDir(), 'dec.xml');
    const r = await cli(c.db, ['--json', '--date', '2026-12-02', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const res = r.json();
    expect(res).toMatchObject({ msg_id: 'PARNASSE-2026-12-1', transactions: 2, total_cents: 51_001, collection_dates: ['2026-12-11'], reused: false });
    expect(res.left_out).toEqual([{ invoice: ic, member_no: String(c.c), reason: 'no_mandate' }]);
    expect(res.debits.map((d: { invoice: string }) => d.invoice)).not.toContain(fee);
    const xml = fs.readFileSync(out, 'utf8');
    validatePain008(xml, '08');
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect(xml).toContain('<CtrlSum>510.01</CtrlSum>');
    expect(xml).toContain('<NbOfTxs>2</NbOfTxs>');
    expect(xml).toContain('<SeqTp>FRST</SeqTp>');
    expect(xml).toContain(`<EndToEndId>${ia}</EndToEndId>`);
    expect(xml).toContain('<InstdAmt Ccy="EUR">260.01</InstdAmt>');
    expect(xml).toContain('<MndtId>RUM-B-0001</MndtId>');
    expect(xml).toContain('<DtOfSgntr>2019-03-04</DtOfSgntr>');
    expect(xml).toContain('<Nm>Societe Generale + Fils - AEro</Nm>');
    expect(xml).toContain('<Nm>Helene Dupre-Noel</Nm>');
    expect(xml).toContain(`<Ustrd>Facture ${ib} decembre 2026 membre ${c.b}</Ustrd>`);
    expect(xml).toContain(`<Id>${CLUB_ICS}</Id>`);
    expect(xml).toContain('<ReqdColltnDt>2026-12-11</ReqdColltnDt>');
    expect(xml).not.toContain('PstlAdr');
    expect(xml).not.toContain('AdrLine');
    // the debit pays the invoice on its collection date
    const show = await cli(c.db, ['--json', '--date', '2026-12-12', 'bill', 'show', ia]);
    expect(show.json()).toMatchObject({ paid_cents: 25_000, outstanding_cents: 0, status: 'paid' });
    // the invoice PDF states the debit: pre-notification
    const pdfDir = tempDir();
    expect((await cli(c.db, ['bill', 'pdf', ia, '--out', pdfDir])).code).toBe(0);
    const text = pdfFlatText(fs.readFileSync(path.join(pdfDir, `${ia}.pdf`)));
    expect(text).toContain('Prélèvement SEPA le 11/12/2026');
    expect(text).toContain(`RUM) PARNASSE-${String(c.a).padStart(6, '0')}-20261115`);
    expect(text).toContain(CLUB_ICS);

    // exporting again: the same file (same message id, same bytes)
    const again = await cli(c.db, ['--json', '--date', '2026-12-03', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--out', `${out}.2`]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json()).toMatchObject({ msg_id: 'PARNASSE-2026-12-1', reused: true, transactions: 2 });
    // left out of the message as written again: the third member has no mandate, and is told so (review)
    expect(again.json().left_out.map((x: { reason: string }) => x.reason)).toEqual(['no_mandate']);
    expect(fs.readFileSync(`${out}.2`, 'utf8')).toBe(xml);
    // asked in another version: the message exists in the one it was sent in — refused, nothing written (review)
    const other = await cli(c.db, ['--date', '2026-12-03', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--pain', '02', '--out', `${out}.02`], {
      env: { LANG: 'C' },
    });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('pain.008.001.08');
    expect(fs.existsSync(`${out}.02`)).toBe(false);
    expect(
      (await cli(c.db, ['--date', '2026-12-03', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--pain', '08', '--out', `${out}.08`])).code,
    ).toBe(0);

    // a mandate for the third member, then --new: a second message with only that invoice
    expect((await cli(c.db, ['--date', '2026-12-03', 'member', 'mandate', String(c.c), '--iban', IBAN_B, '--signed', '2026-12-03'])).code).toBe(0);
    const news = await cli(c.db, [
      '--json',
      '--date',
      '2026-12-04',
      'bill',
      'export',
      '--month',
      '2026-12',
      '--format',
      'sepa',
      '--new',
      '--pain',
      '02',
      '--out',
      `${out}.3`,
    ]);
    expect(news.code, news.stderr).toBe(0);
    expect(news.json()).toMatchObject({ msg_id: 'PARNASSE-2026-12-2', transactions: 1, total_cents: 25_000 });
    expect(news.json().left_out.map((x: { reason: string }) => x.reason)).toEqual(['already_exported', 'already_exported']);
    validatePain008(fs.readFileSync(`${out}.3`, 'utf8'), '02');
  });

  it('RCUR after a first collection; a collection date after pay-by is refused (art. 7.3.5)', async () => {
    const c = club();
    await mandates(c.db, c.a, c.b);
    month(c.db, c);
    const out = path.join(tempDir(), 'x.xml');
    const late = await cli(
      c.db,
      ['--date', '2026-12-02', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--out', out, '--collection-date', '2026-12-12'],
      { env: { LANG: 'C' } },
    );
    expect(late.code).toBe(3);
    expect(late.stderr).toContain('refused (art. 7.3.5)');
    expect(fs.existsSync(out)).toBe(false);
    expect(
      (await cli(c.db, ['--date', '2026-12-02', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--out', out, '--collection-date', '2026-12-08']))
        .code,
    ).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('<ReqdColltnDt>2026-12-08</ReqdColltnDt>');
    const conn = openDatabase(c.db);
    const jan = issue(conn, c.a, '2027-01-02', [{ kind: 'subscription', label: 'Abonnement', period: '2027-01', ttcCents: 25_000 }]);
    conn.close();
    const r = await cli(c.db, ['--json', '--date', '2027-01-03', 'bill', 'export', '--month', '2027-01', '--format', 'sepa', '--out', `${out}.jan`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().debits).toEqual([expect.objectContaining({ invoice: jan, sequence_type: 'RCUR' })]);
    validatePain008(fs.readFileSync(`${out}.jan`, 'utf8'), '08');
  });

  it('bad input, one line each, nothing written: a bad ICS in the database, a missing setting, an unwritable --out', async () => {
    const c = club();
    await mandates(c.db, c.a, c.b);
    month(c.db, c);
    const dir = tempDir();
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(c.db);
    raw.prepare("update settings set value = 'FR00ZZZ654321' where key = 'creditor.ics'").run();
    raw.close();
    const out = path.join(dir, 'f.xml');
    const bad = await cli(c.db, ['--date', '2026-12-02', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--out', out], { env: { LANG: 'C' } });
    expect(bad.code).toBe(4);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('creditor.ics "FR00ZZZ654321" has wrong check digits');
    const raw2 = new Database(c.db);
    raw2.prepare("delete from settings where key = 'creditor.ics'").run();
    raw2.close();
    const missing = await cli(c.db, ['--date', '2026-12-02', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--out', out], { env: { LANG: 'C' } });
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('parnasse settings set creditor.ics');
    const nodir = await cli(
      c.db,
      ['--date', '2026-12-02', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--out', path.join(dir, 'no', 'f.xml')],
      { env: { LANG: 'C' } },
    );
    expect(nodir.code).toBe(2);
    expect(nodir.stderr).toContain('no such directory');
    const isdir = await cli(c.db, ['--date', '2026-12-02', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--out', dir], { env: { LANG: 'C' } });
    expect(isdir.code).toBe(2);
    expect(fs.readdirSync(dir)).toEqual([]);
    const conn = openDatabase(c.db);
    expect(conn.sqlite.prepare('select count(*) from sepa_debits').pluck().get()).toBe(0);
    expect(conn.sqlite.prepare("select count(*) from payments where method = 'sepa'").pluck().get()).toBe(0);
    conn.close();
  });

  it('the confirmation call records the mandate from the candidacy IBAN, signed on the application date', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'club.db');
    const conn = openDatabase(db);
    const ref = insertCandidacy(conn, { status: 'accepted', decidedOn: '2026-11-30', appliedOn: '2026-11-28' });
    conn.close();
    const n = await cli(db, ['--json', 'committee', 'notify', ref, '--date', '2026-12-01', '--yes']);
    expect(n.code, n.stderr).toBe(0);
    const no = n.json().member_no as string;
    const m = await cli(db, ['--json', '--date', '2026-12-01', 'member', 'mandate', no]);
    expect(m.json()).toMatchObject({
      rum: `PARNASSE-${no.padStart(6, '0')}-20261128`,
      signed_on: '2026-11-28',
      iban: 'FR1420041010050500013M02606',
      lapsed: false,
    });
    // a RUM is unique
    const other = insertMemberIn(db);
    const dup = await cli(db, ['--date', '2026-12-02', 'member', 'mandate', String(other), '--iban', IBAN_B, '--rum', m.json().rum, '--signed', '2026-12-01'], {
      env: { LANG: 'C' },
    });
    expect(dup.code).toBe(4);
    expect(dup.stderr).toContain(`already used by member ${no}`);
    // replaced by a new one
    const rep = await cli(db, ['--json', '--date', '2026-12-05', 'member', 'mandate', no, '--iban', IBAN_B, '--rum', 'NEW-1', '--signed', '2026-12-04']);
    expect(rep.json()).toMatchObject({ rum: 'NEW-1', replaced: m.json().rum });
    expect((await cli(db, ['member', 'mandate', no, '--iban', IBAN_B])).code).toBe(2);
  });
});

function insertMemberIn(db: string): number {
  const conn = openDatabase(db);
  const n = insertMember(conn, {});
  conn.close();
  return n;
}
