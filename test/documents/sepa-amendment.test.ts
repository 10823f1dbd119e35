import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { validatePain008 } from '../helpers/xsd.js';

const IBAN_A = 'FR1420041010050500013M02606';
const IBAN_A2 = 'FR7620041010050001234567835'; // same bank (20041), another account
const IBAN_B = 'FR7630006000011234567890189';
const IBAN_B2 = 'FR7630004000311234567890111'; // another bank (30004)

function club() {
  const db = path.join(tempDir(), 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const a = insertMember(conn, { firstName: 'Hélène', lastName: 'Dupré' });
  const b = insertMember(conn, { firstName: 'Zoé', lastName: 'Hôte' });
  conn.close();
  return { db, a, b };
}

function bill(db: string, members: number[], issuedOn: string, period: string): string[] {
  const conn = openDatabase(db);
  const out = members.map((m) => issue(conn, m, issuedOn, [{ kind: 'subscription', label: 'Abonnement', period, ttcCents: 25_000 }]));
  conn.close();
  return out;
}

async function exportMonth(db: string, month: string, on: string, pain: '08' | '02' = '08'): Promise<string> {
  const out = path.join(tempDir(), `${month}.xml`);
  const r = await cli(db, ['--json', '--date', on, 'bill', 'export', '--month', month, '--format', 'sepa', '--pain', pain, '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  return fs.readFileSync(out, 'utf8');
}

/** The transaction of one invoice in a pain.008 file. */
const txOf = (xml: string, invoice: string) => {
  const at = xml.indexOf(`<EndToEndId>${invoice}</EndToEndId>`);
  return xml.slice(at, xml.indexOf('</DrctDbtTxInf>', at));
};

describe('member edit --iban keeps the SEPA mandate and tells the bank (amendment)', () => {
  it('same RUM, new IBAN; the next pain.008 carries AmdmntInd with the original account (same bank) or SMNDA (another bank), once; a message already sent is unchanged', async () => {
    const c = club();
    expect(
      (await cli(c.db, ['--date', '2026-11-20', 'member', 'mandate', String(c.a), '--iban', IBAN_A, '--rum', 'RUM-A', '--signed', '2026-11-15'])).code,
    ).toBe(0);
    expect(
      (await cli(c.db, ['--date', '2026-11-20', 'member', 'mandate', String(c.b), '--iban', IBAN_B, '--rum', 'RUM-B', '--signed', '2019-03-04'])).code,
    ).toBe(0);
    const [decA] = bill(c.db, [c.a, c.b], '2026-12-01', '2026-12');
    const dec = await exportMonth(c.db, '2026-12', '2026-12-02');
    expect(txOf(dec, decA!)).toContain('<AmdmntInd>false</AmdmntInd>');

    const ea = await cli(c.db, ['--json', '--date', '2026-12-15', 'member', 'edit', String(c.a), '--iban', 'FR76 2004 1010 0500 0123 4567 835']);
    expect(ea.code, ea.stderr).toBe(0);
    expect(ea.json()).toEqual({
      member_no: String(c.a),
      changed: { iban: { before: IBAN_A, after: IBAN_A2 }, mandate_iban: { before: IBAN_A, after: IBAN_A2 } },
      mandate: { rum: 'RUM-A', amendment_pending: true },
    });
    const eb = await cli(c.db, ['--date', '2026-12-15', 'member', 'edit', String(c.b), '--iban', IBAN_B2], { env: { LANG: 'C' } });
    expect(eb.code, eb.stderr).toBe(0);
    expect(eb.stdout).toContain('SEPA mandate RUM-B keeps its reference');
    const mandate = await cli(c.db, ['--json', '--date', '2026-12-15', 'member', 'mandate', String(c.a)]);
    expect(mandate.json()).toMatchObject({ rum: 'RUM-A', iban: IBAN_A2, replaced: null });

    // December again: the same message, as sent (the old accounts)
    expect(await exportMonth(c.db, '2026-12', '2026-12-16')).toBe(dec);

    const [janA, janB] = bill(c.db, [c.a, c.b], '2027-01-01', '2027-01');
    const jan = await exportMonth(c.db, '2027-01', '2027-01-02');
    validatePain008(jan, '08');
    const ta = txOf(jan, janA!);
    expect(ta).toContain('<MndtId>RUM-A</MndtId>');
    expect(ta).toContain(`<AmdmntInd>true</AmdmntInd><AmdmntInfDtls><OrgnlDbtrAcct><Id><IBAN>${IBAN_A}</IBAN></Id></OrgnlDbtrAcct></AmdmntInfDtls>`);
    expect(ta).toContain(`<IBAN>${IBAN_A2}</IBAN>`);
    const tb = txOf(jan, janB!);
    expect(tb).toContain(
      '<AmdmntInd>true</AmdmntInd><AmdmntInfDtls><OrgnlDbtrAgt><FinInstnId><Othr><Id>SMNDA</Id></Othr></FinInstnId></OrgnlDbtrAgt></AmdmntInfDtls>',
    );
    expect(tb).toContain(`<IBAN>${IBAN_B2}</IBAN>`);

    // told once: February carries no amendment
    const [febA] = bill(c.db, [c.a], '2027-02-01', '2027-02');
    const feb = await exportMonth(c.db, '2027-02', '2027-02-02', '02');
    validatePain008(feb, '02');
    expect(txOf(feb, febA!)).toContain('<AmdmntInd>false</AmdmntInd>');
  });

  it('a mandate never collected just takes the new IBAN (nothing to tell the bank); back to the account the bank knows cancels the amendment', async () => {
    const c = club();
    await cli(c.db, ['--date', '2026-11-20', 'member', 'mandate', String(c.a), '--iban', IBAN_A, '--rum', 'RUM-A', '--signed', '2026-11-15']);
    const r = await cli(c.db, ['--json', '--date', '2026-11-21', 'member', 'edit', String(c.a), '--iban', IBAN_A2]);
    expect(r.json().mandate).toEqual({ rum: 'RUM-A', amendment_pending: false });
    const [decA] = bill(c.db, [c.a], '2026-12-01', '2026-12');
    expect(txOf(await exportMonth(c.db, '2026-12', '2026-12-02'), decA!)).toContain('<AmdmntInd>false</AmdmntInd>');
    // collected with IBAN_A2; changed, then changed back before the next collection
    await cli(c.db, ['--date', '2026-12-15', 'member', 'edit', String(c.a), '--iban', IBAN_B]);
    const back = await cli(c.db, ['--json', '--date', '2026-12-16', 'member', 'edit', String(c.a), '--iban', IBAN_A2]);
    expect(back.json().mandate).toEqual({ rum: 'RUM-A', amendment_pending: false });
    const [janA] = bill(c.db, [c.a], '2027-01-01', '2027-01');
    expect(txOf(await exportMonth(c.db, '2027-01', '2027-01-02'), janA!)).toContain('<AmdmntInd>false</AmdmntInd>');
  });
  it('a debit that carried the amendment and came back rejected leaves it pending: the next debit tells the bank again (RULES.md §6 SEPA)', async () => {
    const c = club();
    await cli(c.db, ['--date', '2026-11-20', 'member', 'mandate', String(c.a), '--iban', IBAN_A, '--rum', 'RUM-A', '--signed', '2026-11-15']);
    bill(c.db, [c.a], '2026-12-01', '2026-12');
    await exportMonth(c.db, '2026-12', '2026-12-02'); // collected on IBAN_A: the bank knows it
    await cli(c.db, ['--date', '2026-12-15', 'member', 'edit', String(c.a), '--iban', IBAN_A2]);
    const [janA] = bill(c.db, [c.a], '2027-01-01', '2027-01');
    const amendment = `<AmdmntInd>true</AmdmntInd><AmdmntInfDtls><OrgnlDbtrAcct><Id><IBAN>${IBAN_A}</IBAN></Id></OrgnlDbtrAcct></AmdmntInfDtls>`;
    expect(txOf(await exportMonth(c.db, '2027-01', '2027-01-02'), janA!)).toContain(amendment);
    // the bank rejects January's debit: it never took the amendment in
    const file = path.join(tempDir(), 'retours.csv');
    fs.writeFileSync(file, `invoice,reason,date\n${janA},MD01,2027-01-12\n`);
    const r = await cli(c.db, ['--json', '--date', '2027-01-13', 'bill', 'returns', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ rejected: 1 });
    expect((await cli(c.db, ['--json', '--date', '2027-01-13', 'member', 'mandate', String(c.a)])).json()).toMatchObject({ rum: 'RUM-A', iban: IBAN_A2 });
    const [febA] = bill(c.db, [c.a], '2027-02-01', '2027-02');
    const feb = await exportMonth(c.db, '2027-02', '2027-02-02');
    validatePain008(feb, '08');
    expect(txOf(feb, febA!)).toContain(amendment);
    // February's debit, which told the bank, comes back after March's was collected on the new
    // account: the bank knows it — nothing to tell again
    const [marA] = bill(c.db, [c.a], '2027-03-01', '2027-03');
    expect(txOf(await exportMonth(c.db, '2027-03', '2027-03-02'), marA!)).toContain('<AmdmntInd>false</AmdmntInd>');
    fs.writeFileSync(file, `invoice,reason,date\n${febA},MD06,2027-03-10\n`);
    expect((await cli(c.db, ['--json', '--date', '2027-03-11', 'bill', 'returns', file])).json()).toMatchObject({ rejected: 1 });
    const [aprA] = bill(c.db, [c.a], '2027-04-01', '2027-04');
    expect(txOf(await exportMonth(c.db, '2027-04', '2027-04-02'), aprA!)).toContain('<AmdmntInd>false</AmdmntInd>');
  });
});
