/**
 * Issue 25, bank files in: `bill returns` reads the camt.054 notifications of returned direct
 * debits, whatever the version (.02, .08, .12; with a namespace prefix or without): the
 * original end-to-end id is the invoice, the ISO reason code and the booking date are kept,
 * the amount must be the debit's. An unknown reference or a wrong amount: exit 4, every bad
 * line listed, nothing written. The other entries of the notification (the collection's
 * credit) are left alone. The .12 fixtures are valid against the ISO schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { camt, validateCamt, type CamtEntrySpec, type CamtVersion } from '../helpers/camt.js';

async function exported() {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const nos = [insertMember(conn, {}), insertMember(conn, {}), insertMember(conn, {})];
  conn.close();
  for (const no of nos)
    expect(
      (await cli(db, ['--date', '2026-11-20', 'member', 'mandate', String(no), '--iban', 'FR7630006000011234567890189', '--signed', '2026-11-15'])).code,
    ).toBe(0);
  const c2 = openDatabase(db);
  const inv = nos.map((no, i) => issue(c2, no, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 + i * 100 }]));
  c2.close();
  const r = await cli(db, ['--date', '2026-12-02', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--out', path.join(dir, 'sepa.xml')]);
  expect(r.code, r.stderr).toBe(0);
  return { dir, db, inv };
}

const returned = (e2e: string, cents: number, reason: string, ref: string): CamtEntrySpec => ({
  ref,
  credit: false,
  bookedOn: '2026-12-10',
  family: 'IDDT',
  subFamily: 'UPDD',
  txs: [{ amountCents: cents, e2e, returnReason: reason, payerName: 'Jean Dupont', payerIban: 'FR7630006000011234567890189' }],
});

/** The collection credited to the club: not a return. */
const collected = (e2es: string[]): CamtEntrySpec => ({
  ref: 'COLL-1',
  credit: true,
  bookedOn: '2026-12-08',
  family: 'IDDT',
  subFamily: 'ESDD',
  txs: e2es.map((e2e) => ({ amountCents: 25_000, e2e })),
});

async function returns(c: { dir: string; db: string }, xml: string, lang = 'C') {
  const file = path.join(c.dir, `r${Math.random().toString(16).slice(2)}.xml`);
  fs.writeFileSync(file, xml);
  return cli(c.db, ['--json', '--date', '2026-12-14', 'bill', 'returns', file], { env: { LANG: lang } });
}

async function shown(c: { db: string; inv: string[] }) {
  const out = [];
  for (const n of c.inv) out.push((await cli(c.db, ['--json', '--date', '2026-12-14', 'bill', 'show', n])).json());
  return out;
}

describe('bill returns: camt.054 notifications (issue 25)', () => {
  for (const [version, prefix] of [
    ['02', undefined],
    ['08', 'ns2'],
    ['12', undefined],
  ] as [CamtVersion, string | undefined][]) {
    it(`camt.054.001.${version}${prefix ? ` (prefix ${prefix}:)` : ''}: the returned debit is rejected with its reason and booking date; the collection's credit is left alone`, async () => {
      const c = await exported();
      const xml = camt('054', version, [collected([c.inv[0]!, c.inv[1]!]), returned(c.inv[1]!, 25_100, 'AM04', 'RET-1')], { prefix });
      if (version === '12') validateCamt(xml, '054');
      const r = await returns(c, xml);
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(r.json()).toMatchObject({
        rejected: 1,
        unchanged: 0,
        invoices: [{ invoice: c.inv[1], amount_cents: 25_100, reason: 'AM04', rejected_on: '2026-12-10', status: 'rejected' }],
      });
      const s = await shown(c);
      expect(s.map((x) => x.status)).toEqual(['paid', 'late', 'paid']);
      expect(s[1].payments[0]).toMatchObject({ rejected_on: '2026-12-10', reject_reason: 'AM04' });
      expect((await cli(c.db, ['db', 'check'])).code).toBe(0);
      // the same notification again: already recorded, nothing new
      const again = await returns(c, xml);
      expect(again.json()).toMatchObject({ rejected: 0, unchanged: 1 });
    });
  }

  it('an unknown end-to-end id or an amount that is not the debit’s: exit 4, each listed, nothing written (both languages)', async () => {
    const c = await exported();
    const xml = camt('054', '12', [
      returned(c.inv[0]!, 25_000, 'MD06', 'RET-1'),
      returned('F2026-999999', 1_000, 'AC04', 'RET-2'),
      returned(c.inv[2]!, 100, 'MS02', 'RET-3'),
    ]);
    validateCamt(xml, '054');
    const r = await returns(c, xml);
    expect(r.code).toBe(4);
    const err = r.json().error;
    expect(err.message).toContain('nothing was recorded');
    const rows = JSON.stringify(r.json().errors);
    expect(rows).toContain('F2026-999999 was never exported in a SEPA file');
    expect(rows).toContain(`${c.inv[2]}: the bank returns`);
    expect(r.json().errors).toHaveLength(2);
    const fr = await returns(c, xml, 'fr_FR.UTF-8');
    expect(fr.code).toBe(4);
    expect(JSON.stringify(fr.json().errors)).toContain('la banque retourne');
    // the same codes in both languages (issue 24)
    for (const doc of [r.json(), fr.json()]) expect(doc.errors.map((e: { code: string }) => e.code)).toEqual(['not_debited', 'amount_differs']);
    expect((await shown(c)).map((x) => x.status)).toEqual(['paid', 'paid', 'paid']);
  });

  it('a returned debit without its end-to-end id: exit 4; a statement that is not XML of a known message: exit 4', async () => {
    const c = await exported();
    const noId = camt('054', '12', [returned(c.inv[0]!, 25_000, 'MD06', 'RET-1')]).replace(/<EndToEndId>[^<]*<\/EndToEndId>/, '');
    const r = await returns(c, noId);
    expect(r.code).toBe(4);
    expect(JSON.stringify(r.json().errors)).toContain('without its original end-to-end id');
    expect(r.json().errors).toEqual([expect.objectContaining({ column: 'EndToEndId', code: 'no_end_to_end_id' })]);
    const other = await returns(c, '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.08"><BkToCstmrAcctRpt/></Document>');
    expect(other.code).toBe(4);
    expect((await shown(c)).map((x) => x.status)).toEqual(['paid', 'paid', 'paid']);
  });
});
