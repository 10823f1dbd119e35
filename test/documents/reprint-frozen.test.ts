/**
 * A reprint of a frozen document needs only its frozen data (issue 23, noticed in issue 21's
 * wake): `bill pdf`, `bill xml` and `bill dunning letters` checked today's seller and
 * creditor settings before the first file, so a setting missing today (the club's SIREN, its
 * IBAN) refused to reprint invoices, credit notes and notices that state their own. Today's
 * settings are needed — and still checked before anything is written — only when a
 * document issued before documents were frozen is among those asked for.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { withoutTriggers } from '../helpers/forge.js';

async function club() {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const no = insertMember(conn, { kind: 'company', companyName: 'Dupré & Fils', companySiren: '552100554', contractStart: '2026-06-01' });
  const inv = issue(conn, no, '2027-01-01', [{ kind: 'subscription', label: 'Abonnement Parnasse', period: '2027-01', ttcCents: 25_000 }]);
  conn.close();
  const ok = async (argv: string[]) => {
    const r = await cli(db, argv, { env: { LANG: 'C' } });
    expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  const credit = (await ok(['--json', '--date', '2027-01-03', 'bill', 'credit', inv, '--amount', '10', '--reason', 'geste', '--yes'])).json().number as string;
  await ok(['--date', '2027-01-16', 'bill', 'dunning', '--apply', '--letters', tempDir()]);
  return { db, no: String(no), inv, credit, ok };
}

/** Every document of the club printed into a new folder: file name → bytes. */
async function printAll(c: Awaited<ReturnType<typeof club>>) {
  const out = tempDir();
  await c.ok(['bill', 'pdf', c.inv, c.credit, '--out', out]);
  await c.ok(['bill', 'xml', c.inv, c.credit, '--out', out]);
  await c.ok(['bill', 'dunning', 'letters', '--member', c.no, '--out', out]);
  return new Map(
    fs
      .readdirSync(out)
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(out, f))]),
  );
}

const unset = (db: string, keys: string[]) =>
  withoutTriggers(db, (raw) => {
    for (const k of keys) raw.prepare('delete from settings where key = ?').run(k);
  });

describe('a reprint of frozen documents needs only their frozen data', () => {
  it('bill pdf, bill xml and bill dunning letters reprint byte for byte with the seller SIREN and the creditor IBAN missing today', async () => {
    const c = await club();
    const before = await printAll(c);
    expect(before.size).toBe(5);
    unset(c.db, ['seller.siren', 'creditor.iban', 'creditor.ics']);
    const after = await printAll(c);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [name, bytes] of before) expect(after.get(name)!.equals(bytes), `${name} reprinted differently`).toBe(true);
    // a whole month, likewise
    const month = tempDir();
    await c.ok(['bill', 'pdf', '--month', '2027-01', '--out', month]);
    await c.ok(['bill', 'xml', '--month', '2027-01', '--out', month]);
    expect(fs.readdirSync(month).sort()).toEqual([`${c.credit}.pdf`, `${c.credit}.xml`, `${c.inv}.pdf`, `${c.inv}.xml`].sort());
    for (const f of fs.readdirSync(month)) expect(fs.readFileSync(path.join(month, f)).equals(before.get(f)!), f).toBe(true);
  }, 60_000);

  it('a document issued before documents were frozen still needs today’s settings: one clear line, nothing written (en, fr)', async () => {
    const c = await club();
    unset(c.db, ['seller.siren']);
    withoutTriggers(c.db, (raw) => raw.prepare('delete from document_snapshots where invoice_id = (select id from invoices where number = ?)').run(c.inv));
    for (const [lang, words] of [
      ['C', /seller\.siren/],
      ['fr_FR.UTF-8', /seller\.siren/],
    ] as const) {
      const out = tempDir();
      const r = await cli(c.db, ['bill', 'pdf', c.credit, c.inv, '--out', out], { env: { LANG: lang } });
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(words);
      expect(fs.readdirSync(out)).toEqual([]);
    }
    const out = tempDir();
    expect((await cli(c.db, ['bill', 'pdf', c.credit, '--out', out], { env: { LANG: 'C' } })).code).toBe(0);
  }, 60_000);
});
