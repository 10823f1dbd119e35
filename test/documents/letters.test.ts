import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { pdfFlatText, pdfFonts, pdfXmp } from '../helpers/pdf-text.js';
import { payInvoice } from '../../src/invoicing/index.js';
import { testActor } from '../helpers/db.js';

/**
 * A company member with two invoices of January 2027 (pay-by 11/01 and 15/01), the second
 * partly paid: on 16/01 both are late, 250,00 € + (120,00 − 20,00) € = 350,00 € claimed.
 */
function club(opts: { settings?: boolean } = {}) {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  if (opts.settings !== false) setClubSettings(conn);
  const no = insertMember(conn, {
    kind: 'company',
    firstName: 'Hélène',
    lastName: 'Dupré',
    companyName: 'Dupré & Fils SARL',
    companySiren: '552100554',
    contractStart: '2026-06-01',
    address: { street: '12 avenue Foch', postalCode: '75116', city: 'Paris', lineTechnology: 'fibre' },
  });
  conn.sqlite.prepare("update members set entry_fee_paid_on = '2026-06-02' where member_no = ?").run(no);
  const sub = issue(conn, no, '2027-01-01', [{ kind: 'subscription', label: 'Abonnement Parnasse', period: '2027-01', ttcCents: 25_000 }]);
  const charge = issue(conn, no, '2027-01-05', [{ kind: 'charge', label: 'Intervention technicien', ttcCents: 12_000 }]);
  payInvoice(conn, testActor, { number: charge, amountCents: 2_000, paidOn: '2027-01-10', method: 'transfer' });
  conn.close();
  return { db, no: String(no), sub, charge };
}

const steps = (db: string) => {
  const conn = openDatabase(db);
  try {
    return conn.sqlite.prepare('select step, on_date from dunning_steps order by id').all();
  } finally {
    conn.close();
  }
};

describe('formal-notice letters (art. 7.3.8): French PDFs, ready to print', () => {
  it("bill dunning --apply --letters DIR writes the day's notice: identities, invoices and amounts, 8-day deadline, what follows", async () => {
    const c = club();
    const out = tempDir();
    const r = await cli(c.db, ['--json', '--date', '2027-01-16', 'bill', 'dunning', '--apply', '--letters', out], { env: { LANG: 'C' } });
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(out, `mise-en-demeure-2027-01-16-${c.no}-1.pdf`);
    expect(r.json().letters).toEqual([
      { member_no: c.no, step: 'first_notice', date: '2027-01-16', claimed_cents: 35_000, deadline_on: '2027-01-24', path: file },
    ]);
    expect(fs.readdirSync(out)).toEqual([path.basename(file)]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfFlatText(bytes);
    for (const s of [
      // the club (settings)
      'Cercle Parnasse',
      '8 rue de la Paix',
      '75002 Paris',
      'SAS au capital de 150 000,00 €',
      'SIREN 732 829 320 – RCS Paris',
      // the member and the billing address
      'Dupré & Fils SARL',
      'Hélène Dupré',
      '12 avenue Foch',
      '75116 Paris',
      `Membre n° ${c.no}`,
      // dated, registered, the subject
      'Paris, le 16/01/2027',
      'LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION',
      'Objet : mise en demeure de payer',
      'restent impayées à la date du 16/01/2027',
      // the invoices claimed, from the ledger on the notice's date
      c.sub,
      '01/01/2027',
      '11/01/2027',
      '250,00 €',
      c.charge,
      '05/01/2027',
      '15/01/2027',
      '120,00 €',
      '100,00 €',
      'Total réclamé',
      '350,00 €',
      // the deadline and what follows
      'mettons en demeure de nous régler la somme de 350,00 € dans un délai de huit (8) jours',
      'soit au plus tard le 24/01/2027 (art. 7.3.8 du contrat)',
      'Parnasse pourra suspendre tout ou partie du Service',
      "l'abonnement reste dû pendant la suspension",
      'résilier de plein droit le contrat',
      'indemnité forfaitaire pour frais de recouvrement de 40 €',
      'IBAN FR76 3000 6000 0112 3456 7890 189 – BIC AGRIFRPP',
    ])
      expect(text).toContain(s);
    // printed in French whatever the operator's locale
    expect(text).not.toContain('formal notice');
    // PDF/A-3b, like the invoices: declared in the XMP metadata, every font embedded
    expect(pdfXmp(bytes)).toMatch(/<pdfaid:part>3<\/pdfaid:part>\s*<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(pdfFonts(bytes).length).toBeGreaterThan(0);
    expect(pdfFonts(bytes).every((f) => f.embedded)).toBe(true);
  });

  it('the second notice: after the suspension, termination follows; `bill dunning letters --out` prints them again, identical', async () => {
    const c = club();
    const first = tempDir();
    expect((await cli(c.db, ['--date', '2027-01-16', 'bill', 'dunning', '--apply', '--letters', first])).code).toBe(0);
    const second = tempDir();
    // the first letter gave until 24/01 ("au plus tard le 24/01/2027"): nothing happens that day
    const onDeadline = await cli(c.db, ['--json', '--date', '2027-01-24', 'bill', 'dunning', '--apply', '--letters', second]);
    expect(onDeadline.code, onDeadline.stderr).toBe(0);
    expect(fs.readdirSync(second)).toEqual([]);
    const r = await cli(c.db, ['--date', '2027-01-25', 'bill', 'dunning', '--apply', '--letters', second], { env: { LANG: 'C' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`1 letter(s) written to ${second}`);
    const name = `mise-en-demeure-2027-01-25-${c.no}-2.pdf`;
    expect(fs.readdirSync(second)).toEqual([name]);
    const text = pdfFlatText(fs.readFileSync(path.join(second, name)));
    for (const s of [
      'Objet : seconde mise en demeure de payer, avant résiliation',
      'Notre mise en demeure du 16/01/2027 étant restée sans effet',
      'Le Service est suspendu depuis le 25/01/2027',
      'soit au plus tard le 02/02/2027',
      'Parnasse pourra résilier de plein droit votre contrat',
      '350,00 €',
    ])
      expect(text).toContain(s);

    // reprint every letter of the member: same files, same bytes
    const again = tempDir();
    const p = await cli(c.db, ['--json', 'bill', 'dunning', 'letters', '--member', c.no, '--out', again]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.json().map((l: { step: string; path: string }) => [l.step, path.basename(l.path)])).toEqual([
      ['first_notice', `mise-en-demeure-2027-01-16-${c.no}-1.pdf`],
      ['second_notice', name],
    ]);
    expect(fs.readFileSync(path.join(again, name)).equals(fs.readFileSync(path.join(second, name)))).toBe(true);
    expect(
      fs
        .readFileSync(path.join(again, `mise-en-demeure-2027-01-16-${c.no}-1.pdf`))
        .equals(fs.readdirSync(first).map((f) => fs.readFileSync(path.join(first, f)))[0]!),
    ).toBe(true);
    // --date: only that day's notices
    const day = tempDir();
    const d = await cli(c.db, ['--json', '--date', '2027-01-16', 'bill', 'dunning', 'letters', '--out', day]);
    expect(d.json().map((l: { step: string }) => l.step)).toEqual(['first_notice']);
    expect(fs.readdirSync(day)).toEqual([`mise-en-demeure-2027-01-16-${c.no}-1.pdf`]);
    // no notice that day: nothing written, said so
    const none = await cli(c.db, ['--date', '2027-01-17', 'bill', 'dunning', 'letters', '--out', tempDir()], { env: { LANG: 'C' } });
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No formal notice recorded.');
  });

  it('bad input: one clear line, checked before any step is recorded and nothing written', async () => {
    const c = club({ settings: false });
    const out = tempDir();
    const missing = await cli(c.db, ['--date', '2027-01-16', 'bill', 'dunning', '--apply', '--letters', out], { env: { LANG: 'C' } });
    expect(missing.code).toBe(4);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('missing: set them with `parnasse settings set seller.name VALUE');
    expect(steps(c.db)).toEqual([]);
    expect(fs.readdirSync(out)).toEqual([]);

    const conn = openDatabase(c.db);
    setClubSettings(conn);
    conn.close();
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, '');
    const notdir = await cli(c.db, ['--date', '2027-01-16', 'bill', 'dunning', '--apply', '--letters', file], { env: { LANG: 'C' } });
    expect(notdir.code).toBe(2);
    expect(notdir.stderr.trim()).toBe(`error: --letters ${file}: not a directory`);
    expect(steps(c.db)).toEqual([]);
    if (process.getuid?.() !== 0) {
      fs.chmodSync(out, 0o500);
      const ro = await cli(c.db, ['--date', '2027-01-16', 'bill', 'dunning', '--apply', '--letters', out], { env: { LANG: 'C' } });
      fs.chmodSync(out, 0o700);
      expect(ro.code).toBe(2);
      expect(ro.stderr).toContain(`--letters ${out}: not writable`);
      expect(steps(c.db)).toEqual([]);
    }
    const noApply = await cli(c.db, ['--date', '2027-01-16', 'bill', 'dunning', '--letters', out], { env: { LANG: 'C' } });
    expect(noApply.code).toBe(2);
    expect(noApply.stderr).toContain('--letters needs --apply');
    // a missing folder is created (issue 24), but not through a file
    const nodir = await cli(c.db, ['bill', 'dunning', 'letters', '--out', path.join(file, 'nope')], { env: { LANG: 'C' } });
    expect(nodir.code).toBe(2);
    expect(nodir.stderr).toContain('not a directory');
    expect(fs.readdirSync(out)).toEqual([]);
    // in French for a French operator
    const fr = await cli(c.db, ['bill', 'dunning', 'letters', '--out', file], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stderr).toContain("ce n'est pas un répertoire");
  });
});
