import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings, CLUB_SIREN } from '../helpers/documents.js';
import { pdfFlatText, pdfFonts, pdfXmp } from '../helpers/pdf-text.js';
import { writeTx } from '../../src/db/audit.js';
import { issueCreditNote } from '../../src/invoicing/core.js';
import { testActor } from '../helpers/db.js';
import { frenchVatNumber } from '../../src/rules/sepa.js';
import { splitInvoice } from '../../src/rules/money.js';

function club(opts: { settings?: boolean } = {}) {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  if (opts.settings !== false) setClubSettings(conn);
  const company = insertMember(conn, { kind: 'company', firstName: 'Hélène', lastName: 'Dupré', companyName: 'Dupré & Fils SARL', companySiren: '552100554' });
  const inv = issue(conn, company, '2026-12-01', [
    { kind: 'subscription', label: 'Abonnement Parnasse', period: '2026-12', ttcCents: 25_000 },
    { kind: 'option', label: 'Conciergerie Privilège', period: '2026-12', ttcCents: 9_999 },
    { kind: 'penalty', label: 'Pénalités de retard F2026-000000', period: null, ttcCents: 1_234 },
  ]);
  conn.close();
  return { dir, db, company, inv };
}

describe('bill pdf: French invoices with every legal mention, text extractable', () => {
  it('an invoice of a company member: identities, lines HT with VAT rates, totals, pay-by, penalties, indemnity', async () => {
    const c = club();
    const out = tempDir();
    const r = await cli(c.db, ['--json', 'bill', 'pdf', c.inv, '--out', out], { env: { LANG: 'C' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().files).toEqual([{ number: c.inv, path: path.join(out, `${c.inv}.pdf`) }]);
    const file = path.join(out, `${c.inv}.pdf`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfFlatText(bytes);
    const split = splitInvoice([{ ttcCents: 25_000 }, { ttcCents: 9_999 }, { ttcCents: 1_234, vat: false }]);
    for (const s of [
      'FACTURE',
      `N° ${c.inv}`,
      "Date d'émission : 01/12/2026",
      'À régler au plus tard le : 11/12/2026',
      'Période de prestation : du 01/12/2026 au 31/12/2026',
      'Cercle Parnasse',
      '8 rue de la Paix',
      '75002 Paris',
      'SAS au capital de 150 000,00 €',
      'SIREN 732 829 320 – RCS Paris',
      `N° TVA intracommunautaire : ${frenchVatNumber(CLUB_SIREN)}`,
      'Dupré & Fils SARL',
      'Hélène Dupré',
      '1 rue de Rivoli',
      '75001 Paris',
      `Membre n° ${c.company}`,
      `SIREN 552 100 554 – N° TVA ${frenchVatNumber('552100554')}`,
      'Abonnement Parnasse',
      'décembre 2026',
      '208,33 €', // 250,00 TTC → HT
      '250,00 €',
      '83,33 €', // 99,99 TTC → HT
      'hors champ',
      '20 %',
      `Total HT`,
      `${(split.htCents / 100).toFixed(2).replace('.', ',')} €`,
      'TVA 20 %',
      `${(split.vatCents / 100).toFixed(2).replace('.', ',')} €`,
      'Total TTC',
      '362,33 €',
      'Par virement au plus tard le 11/12/2026 : IBAN FR76 3000 6000 0112 3456 7890 189 – BIC AGRIFRPP',
      "trois fois le taux d'intérêt légal",
      'indemnité forfaitaire pour frais de recouvrement de 40 €',
      'L441-10',
      "Pas d'escompte",
    ])
      expect(text).toContain(s);
  });

  it('PDF/A-3b: the conformance declared in the XMP metadata, the sRGB output intent, every font embedded', async () => {
    const c = club();
    const out = tempDir();
    expect((await cli(c.db, ['bill', 'pdf', c.inv, '--out', out])).code).toBe(0);
    const bytes = fs.readFileSync(path.join(out, `${c.inv}.pdf`));
    expect(bytes.subarray(0, 8).toString()).toBe('%PDF-1.7');
    const xmp = pdfXmp(bytes)!;
    expect(xmp).toMatch(/<pdfaid:part>3<\/pdfaid:part>/);
    expect(xmp).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(xmp).toContain(`FACTURE ${c.inv}`); // dc:title, as in the document information
    const bin = bytes.toString('latin1');
    expect(bin).toMatch(/\/OutputIntents\s*\[/);
    expect(bin).toContain('/S /GTS_PDFA1');
    const fonts = pdfFonts(bytes);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['DejaVuSansCondensed', 'DejaVuSansCondensed-Bold']);
    expect(fonts.every((f) => f.embedded)).toBe(true);
  });

  it('a credit note names the invoice it corrects; French whatever the locale', async () => {
    const c = club();
    const conn = openDatabase(c.db);
    const cn = writeTx(conn, (tx) =>
      issueCreditNote(tx, testActor, {
        invoiceId: conn.sqlite.prepare('select id from invoices where number = ?').pluck().get(c.inv) as number,
        issuedOn: '2026-12-05',
        lines: [{ kind: 'credit', label: 'Avoir sur option facturée à tort', ttcCents: 9_999 }],
      }),
    );
    conn.close();
    const out = tempDir();
    const r = await cli(c.db, ['bill', 'pdf', cn.number, '--out', out], { env: { LANG: 'C' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 PDF(s) written');
    const text = pdfFlatText(fs.readFileSync(path.join(out, `${cn.number}.pdf`)));
    expect(text).toContain('AVOIR');
    expect(text).toContain(`Avoir rectifiant la facture n° ${c.inv} du 01/12/2026`);
    expect(text).toContain('99,99 €');
    expect(text).toContain('Montant porté au crédit du compte du membre');
  });

  it('--month writes every document of the month', async () => {
    const c = club();
    const conn = openDatabase(c.db);
    const other = issue(conn, c.company, '2026-12-20', [{ kind: 'charge', label: 'Intervention technicien', ttcCents: 12_000 }]);
    const jan = issue(conn, c.company, '2027-01-02', [{ kind: 'charge', label: 'Intervention coach', ttcCents: 6_000 }]);
    conn.close();
    const out = tempDir();
    const r = await cli(c.db, ['--json', 'bill', 'pdf', '--month', '2026-12', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual([`${c.inv}.pdf`, `${other}.pdf`]);
    expect(fs.existsSync(path.join(out, `${jan}.pdf`))).toBe(false);
  });

  it('--month again: identical files are left as they are (resumable), a changed or missing one is written', async () => {
    const c = club();
    const conn = openDatabase(c.db);
    const other = issue(conn, c.company, '2026-12-20', [{ kind: 'charge', label: 'Intervention technicien', ttcCents: 12_000 }]);
    conn.close();
    const out = tempDir();
    const first = await cli(c.db, ['--json', 'bill', 'pdf', '--month', '2026-12', '--out', out]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.json().unchanged).toBe(0);
    const file = path.join(out, `${c.inv}.pdf`);
    const bytes = fs.readFileSync(file);
    const old = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(file, old, old);
    fs.writeFileSync(path.join(out, `${other}.pdf`), 'damaged');
    const again = await cli(c.db, ['--json', 'bill', 'pdf', '--month', '2026-12', '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json()).toEqual({ files: [c.inv, other].map((number) => ({ number, path: path.join(out, `${number}.pdf`) })), unchanged: 1 });
    expect(fs.statSync(file).mtime.getTime()).toBe(old.getTime()); // not rewritten
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(
      fs
        .readFileSync(path.join(out, `${other}.pdf`))
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    fs.rmSync(file);
    const human = await cli(c.db, ['bill', 'pdf', '--month', '2026-12', '--out', out], { env: { LANG: 'C' } });
    expect(human.stdout.trim()).toBe(`2 PDF(s) in ${out}: 1 written, 1 already there unchanged`);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('a month shows a progress bar on a terminal (stderr), none in a pipe nor with --json', async () => {
    const c = club();
    const conn = openDatabase(c.db);
    for (let i = 0; i < 20; i++) issue(conn, c.company, '2026-12-20', [{ kind: 'charge', label: `Intervention ${i}`, ttcCents: 1_000 + i }]);
    conn.close();
    const tty = await cli(c.db, ['bill', 'pdf', '--month', '2026-12', '--out', tempDir()], { tty: true, env: { LANG: 'C' } });
    expect(tty.code, tty.stderr).toBe(0);
    expect(tty.stderr).toContain('PDFs [');
    expect(tty.stderr).toContain('21/21');
    expect(tty.stdout).toContain('21 PDF(s) written');
    const pipe = await cli(c.db, ['bill', 'pdf', '--month', '2026-12', '--out', tempDir()], { env: { LANG: 'C' } });
    expect(pipe.stderr).toBe('');
    const json = await cli(c.db, ['--json', 'bill', 'pdf', '--month', '2026-12', '--out', tempDir()], { tty: true });
    expect(json.stderr).toBe('');
    expect(json.json().files).toHaveLength(21);
  });

  it('bad input, one clear line each and nothing written: missing setting, unwritable --out, unknown invoice, bad month', async () => {
    const c = club({ settings: false });
    const out = tempDir();
    const missing = await cli(c.db, ['bill', 'pdf', c.inv, '--out', out], { env: { LANG: 'C' } });
    expect(missing.code).toBe(4);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('missing: set them with `parnasse settings set seller.name VALUE');
    expect(fs.readdirSync(out)).toEqual([]);

    const conn = openDatabase(c.db);
    setClubSettings(conn);
    conn.close();
    if (process.getuid?.() !== 0) {
      fs.chmodSync(out, 0o500);
      const ro = await cli(c.db, ['bill', 'pdf', c.inv, '--out', out], { env: { LANG: 'C' } });
      fs.chmodSync(out, 0o700);
      expect(ro.code).toBe(2);
      expect(ro.stderr).toContain(`--out ${out}: not writable`);
    }
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, '');
    const notdir = await cli(c.db, ['bill', 'pdf', c.inv, '--out', file], { env: { LANG: 'C' } });
    expect(notdir.code).toBe(2);
    expect(notdir.stderr).toContain('not a directory');
    // a missing folder is created (issue 24), but not through a file
    const nodir = await cli(c.db, ['bill', 'pdf', c.inv, '--out', path.join(file, 'nope')], { env: { LANG: 'C' } });
    expect(nodir.code).toBe(2);
    expect(nodir.stderr).toContain('not a directory');
    expect(fs.readdirSync(out)).toEqual([]);
    const unknown = await cli(c.db, ['bill', 'pdf', 'F2026-999999', '--out', out]);
    expect(unknown.code).toBe(2);
    expect((await cli(c.db, ['bill', 'pdf', '--month', '2026-13', '--out', out])).code).toBe(2);
    expect((await cli(c.db, ['bill', 'pdf', '--out', out])).code).toBe(2);
    const fr = await cli(c.db, ['bill', 'pdf', '--month', '2026-13'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stderr).toContain('attend un mois AAAA-MM');
  });
});
