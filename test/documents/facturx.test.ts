/**
 * Every invoice and credit note is a Factur-X 1.09 EN16931 invoice (issue 23): the CII XML
 * passes the XSD, the EN16931 + Factur-X schematron and the French BR-FR schematron (fatal
 * build) of the FNFE-MPE pack; the PDF embeds exactly `bill xml`'s bytes as factur-x.xml,
 * related as Alternative, and declares the Factur-X level in its XMP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase, type Connection } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings, CLUB_SIREN } from '../helpers/documents.js';
import { pdfEmbeddedFiles, pdfFlatText, pdfXmp } from '../helpers/pdf-text.js';
import { assertFacturx, facturxProblems, prepareFacturx } from '../helpers/facturx.js';
import { testActor } from '../helpers/db.js';
import { billingRun } from '../../src/billing/run.js';
import { setRate } from '../../src/collection/index.js';
import { setSetting } from '../../src/settings/index.js';
import { creditInvoice, showInvoice } from '../../src/invoicing/index.js';

beforeAll(() => prepareFacturx(), 600_000);

interface Club {
  db: string;
  docs: Record<string, string>;
}

/** A club with one document of every kind the issue names, issued through the code that issues them. */
function club(): Club {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const person = insertMember(conn, { kind: 'person', firstName: 'Jeanne-Éloïse', lastName: "d'Aubigné-Lefèvre" });
  const company = insertMember(conn, {
    kind: 'company',
    firstName: 'Hélène',
    lastName: 'Dupré',
    companyName: 'Dupré & Fils <SARL>',
    companySiren: '552100554',
  });
  const docs: Record<string, string> = {};
  docs.entry_fee = issue(conn, person, '2026-12-01', [{ kind: 'entry_fee', label: "Droits d'entrée", ttcCents: 150_000 }]);
  docs.person = issue(conn, person, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement Parnasse', period: '2026-12', ttcCents: 25_000 }]);
  docs.options = issue(conn, company, '2026-12-01', [
    { kind: 'subscription', label: 'Abonnement Parnasse', period: '2026-12', ttcCents: 25_000 },
    { kind: 'option', label: 'Conciergerie Privilège', period: '2026-12', ttcCents: 9_999 },
    { kind: 'option', label: 'Airbox 5G', period: '2026-12', ttcCents: 1_999 },
  ]);
  docs.intervention = issue(conn, person, '2026-12-02', [
    { kind: 'charge', label: 'Intervention technicien du 02/12/2026 10:00 (60 min) : déplacement, main-d’œuvre', ttcCents: 8_900 },
  ]);
  docs.works = issue(conn, company, '2026-12-15', [
    { kind: 'charge', label: 'Travaux Univers Pro (devis D2026-000001) : Bornes Wi-Fi (3)', ttcCents: 120_000 },
    { kind: 'charge', label: 'Travaux Univers Pro (devis D2026-000001) : Routeur', ttcCents: 45_000 },
  ]);
  docs.brick = issue(conn, company, '2026-12-16', [{ kind: 'option', label: 'Brique Univers Pro wifi_public (3 bornes)', period: '2026-12', ttcCents: 6_000 }]);
  docs.credit_note = creditInvoice(conn, testActor, { number: docs.options, amountCents: 5_000, issuedOn: '2026-12-20', reason: 'geste commercial' }).number;
  docs.late = lateCharges(conn);
  conn.close();
  return { db, docs };
}

/** A member who does not pay: the next run bills the month and, on their own invoice, the penalty and the 40 €. */
function lateCharges(conn: Connection): string {
  insertMember(conn, { kind: 'company', companyName: "L'Atelier d'Émile", companySiren: '732829320', contractStart: '2027-01-01' });
  setRate(conn, testActor, '2026-S2', 275);
  setRate(conn, testActor, '2027-S1', 300);
  billingRun(conn, testActor, { month: '2027-01', date: '2027-01-02' });
  const r = billingRun(conn, testActor, { month: '2027-02', date: '2027-02-01' });
  const late = r.members.find((m) => m.lines.every((l) => l.kind === 'penalty' || l.kind === 'indemnity'));
  expect(late, JSON.stringify(r.members)).toBeDefined();
  return late!.invoice;
}

let c: Club;
let xmlDir: string;
let pdfDir: string;
beforeAll(async () => {
  c = club();
  xmlDir = tempDir();
  pdfDir = tempDir();
  const numbers = Object.values(c.docs);
  const x = await cli(c.db, ['--json', 'bill', 'xml', ...numbers, '--out', xmlDir], { env: { LANG: 'C' } });
  expect(x.code, x.stderr).toBe(0);
  const p = await cli(c.db, ['--json', 'bill', 'pdf', ...numbers, '--out', pdfDir], { env: { LANG: 'C' } });
  expect(p.code, p.stderr).toBe(0);
}, 600_000);

const xmlOf = (n: string) => fs.readFileSync(path.join(xmlDir, `${n}.xml`), 'utf8');

describe('Factur-X EN16931: every kind of document passes the XSD, EN16931 and BR-FR (fatal)', () => {
  for (const kind of ['person', 'entry_fee', 'options', 'intervention', 'works', 'brick', 'credit_note', 'late']) {
    it(`${kind}`, () => {
      assertFacturx(xmlOf(c.docs[kind]!), `${kind} (${c.docs[kind]})`);
    }, 120_000);
  }

  it('the harness fails a broken invoice with the rule id and text (a missing PMT note, totals that do not add up)', () => {
    const xml = xmlOf(c.docs.options!)
      .replace(/<ram:IncludedNote><ram:Content>[^<]*<\/ram:Content><ram:SubjectCode>PMT<\/ram:SubjectCode><\/ram:IncludedNote>\n/, '')
      .replace(/<ram:GrandTotalAmount>(\d+)\./, (_m, e: string) => `<ram:GrandTotalAmount>${Number(e) + 1}.`);
    const problems = facturxProblems(xml).join('\n');
    expect(problems).toContain('BR-FR-05_BT-22_PMT (fatal): BR-FR-05/BT-22 : La mention relative aux frais de recouvrement (code PMT) est absente');
    expect(problems).toContain('[BR-CO-15]');
  }, 120_000);
});

describe('what the XML states is what the PDF states', () => {
  it('a company member: B2B, SIREN 0002, electronic address 0225, VAT numbers, totals to the cent of the stored ones', () => {
    const xml = xmlOf(c.docs.options!);
    expect(xml).toContain('<ram:Content>B2B</ram:Content><ram:SubjectCode>BAR</ram:SubjectCode>');
    expect(xml).toContain('<ram:Name>Dupré &amp; Fils &lt;SARL&gt;</ram:Name><ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">552100554</ram:ID>');
    expect(xml).toContain('<ram:URIID schemeID="0225">552100554</ram:URIID>');
    expect(xml).toContain(`<ram:URIID schemeID="0225">${CLUB_SIREN}</ram:URIID>`);
    expect(xml).toContain('<ram:TypeCode>380</ram:TypeCode>');
    expect(xml).toContain('<ram:DueDateTypeCode>72</ram:DueDateTypeCode>'); // VAT on receipts: no option for debits
    const conn = openDatabase(c.db);
    const inv = showInvoice(conn.db, c.docs.options!, '2027-12-31');
    conn.close();
    const euros = (cents: number) => (cents / 100).toFixed(2);
    expect(xml).toContain(`<ram:TaxBasisTotalAmount>${euros(inv.total_ht_cents)}</ram:TaxBasisTotalAmount>`);
    expect(xml).toContain(`<ram:TaxTotalAmount currencyID="EUR">${euros(inv.total_vat_cents)}</ram:TaxTotalAmount>`);
    expect(xml).toContain(`<ram:GrandTotalAmount>${euros(inv.total_ttc_cents)}</ram:GrandTotalAmount>`);
    expect(xml.match(/<ram:IncludedSupplyChainTradeLineItem>/g)).toHaveLength(3);
  });

  it('a person: B2C, no SIREN, the e-mail as electronic address; a credit note: 381 and the invoice it credits', () => {
    const person = xmlOf(c.docs.person!);
    expect(person).toContain('<ram:Content>B2C</ram:Content><ram:SubjectCode>BAR</ram:SubjectCode>');
    expect(person).not.toContain('schemeID="0002">552100554');
    expect(person).toMatch(/<ram:URIID schemeID="EM">[^<]+@example\.fr<\/ram:URIID>/);
    expect(person).toContain('d&apos;Aubigné'.replace('&apos;', "'"));
    const credit = xmlOf(c.docs.credit_note!);
    expect(credit).toContain('<ram:TypeCode>381</ram:TypeCode>');
    expect(credit).toContain(`<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>${c.docs.options}</ram:IssuerAssignedID>`);
  });

  it('late charges: category O alone with its reason, no VAT identifier (BR-O-02), none of the taxed lines beside them', () => {
    const xml = xmlOf(c.docs.late!);
    expect(xml).toContain('<ram:CategoryCode>O</ram:CategoryCode><ram:ExemptionReasonCode>VATEX-EU-O</ram:ExemptionReasonCode>');
    expect(xml).not.toContain('<ram:CategoryCode>S</ram:CategoryCode>');
    expect(xml).not.toContain('schemeID="VA"');
  });

  it('each PDF embeds bill xml’s bytes as factur-x.xml (text/xml, AFRelationship Alternative, in /AF and /Names) and declares EN 16931 in its XMP', () => {
    for (const n of Object.values(c.docs)) {
      const bytes = fs.readFileSync(path.join(pdfDir, `${n}.pdf`));
      const files = pdfEmbeddedFiles(bytes);
      expect(files, n).toHaveLength(1);
      const f = files[0]!;
      expect(f).toMatchObject({
        name: 'factur-x.xml',
        unicodeName: 'factur-x.xml',
        relationship: 'Alternative',
        subtype: 'text#2Fxml',
        hasModDate: true,
        inCatalogAf: true,
        inNames: true,
      });
      expect(f.bytes.equals(fs.readFileSync(path.join(xmlDir, `${n}.xml`))), n).toBe(true);
      const xmp = pdfXmp(bytes)!;
      expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
      expect(xmp).toContain('<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>');
      expect(xmp).toContain('<fx:DocumentType>INVOICE</fx:DocumentType>');
      expect(xmp).toContain('<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>');
      expect(xmp).toContain('<fx:Version>1.0</fx:Version>');
      expect(xmp).toContain('<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>');
    }
  });

  it('written again: the same bytes, left as they are (bill xml and bill pdf)', async () => {
    const numbers = Object.values(c.docs);
    const x = await cli(c.db, ['--json', 'bill', 'xml', ...numbers, '--out', xmlDir], { env: { LANG: 'C' } });
    expect(x.json()).toMatchObject({ unchanged: numbers.length, skipped: [] });
    const p = await cli(c.db, ['--json', 'bill', 'pdf', ...numbers, '--out', pdfDir], { env: { LANG: 'C' } });
    expect(p.json()).toMatchObject({ unchanged: numbers.length });
    const fr = await cli(c.db, ['bill', 'xml', c.docs.person!, '--out', xmlDir], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stdout).toContain('1 fichier(s) XML dans');
    expect(fr.stdout).toContain("0 écrit(s), 1 déjà là à l'identique");
  }, 120_000);
});

describe('settings the French rules need', () => {
  it('seller.vat_on_debits: the mention on the PDF, TXD and VAT point code 5 in the XML; seller.electronic_address starts with the SIREN', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'club.db');
    const conn = openDatabase(db);
    setClubSettings(conn);
    expect(() => setSetting(conn, testActor, 'seller.vat_on_debits', 'peut-être')).toThrow(/yes or no|oui ou non/);
    expect(setSetting(conn, testActor, 'seller.vat_on_debits', 'oui').value).toBe('yes');
    expect(() => setSetting(conn, testActor, 'seller.electronic_address', '552100554_FACTURES')).toThrow(
      /does not start with the SIREN|ne commence pas par le SIREN/,
    );
    expect(() => setSetting(conn, testActor, 'seller.electronic_address', `${CLUB_SIREN}_FACT URES`)).toThrow();
    setSetting(conn, testActor, 'seller.electronic_address', `${CLUB_SIREN}_FACTURES`);
    const n = issue(conn, insertMember(conn), '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
    conn.close();
    const out = tempDir();
    expect((await cli(db, ['bill', 'pdf', n, '--out', out])).code).toBe(0);
    expect((await cli(db, ['bill', 'xml', n, '--out', out])).code).toBe(0);
    expect(pdfFlatText(fs.readFileSync(path.join(out, `${n}.pdf`)))).toContain("Option pour le paiement de la taxe d'après les débits");
    const xml = fs.readFileSync(path.join(out, `${n}.xml`), 'utf8');
    expect(xml).toContain("<ram:Content>Option pour le paiement de la taxe d'après les débits</ram:Content><ram:SubjectCode>TXD</ram:SubjectCode>");
    expect(xml).toContain('<ram:DueDateTypeCode>5</ram:DueDateTypeCode>');
    expect(xml).toContain(`<ram:URIID schemeID="0225">${CLUB_SIREN}_FACTURES</ram:URIID>`);
    assertFacturx(xml);
  }, 120_000);
});

describe('a document issued before late charges had their own invoice', () => {
  it('mixing a penalty with taxed lines (BR-O-11): its PDF has no factur-x.xml, bill xml skips it and says why', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'club.db');
    const conn = openDatabase(db);
    setClubSettings(conn);
    const n = issue(conn, insertMember(conn), '2026-12-01', [
      { kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 },
      { kind: 'penalty', label: 'Pénalités de retard', period: null, ttcCents: 1_234 },
    ]);
    conn.close();
    const out = tempDir();
    expect((await cli(db, ['bill', 'pdf', n, '--out', out])).code).toBe(0);
    expect(pdfEmbeddedFiles(fs.readFileSync(path.join(out, `${n}.pdf`)))).toEqual([]);
    const r = await cli(db, ['--json', 'bill', 'xml', n, '--out', out], { env: { LANG: 'C' } });
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ files: [], skipped: [n] });
    expect(r.stderr).toContain('BR-O-11');
    expect(fs.existsSync(path.join(out, `${n}.xml`))).toBe(false);
  });

  it('a document whose figures were damaged outside the tool: bill xml names the rule it breaks, not BR-O-11', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'club.db');
    const conn = openDatabase(db);
    setClubSettings(conn);
    const n = issue(conn, insertMember(conn), '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
    // a forger drops the guard and changes a line (db check reports it; bill xml must not blame late charges)
    conn.sqlite.exec('DROP TRIGGER invoice_lines_no_update');
    conn.sqlite.prepare('UPDATE invoice_lines SET ht_cents = ht_cents + 100 WHERE invoice_id = (SELECT id FROM invoices WHERE number = ?)').run(n);
    conn.close();
    const out = tempDir();
    for (const LANG of ['C', 'fr_FR.UTF-8']) {
      const r = await cli(db, ['--json', 'bill', 'xml', n, '--out', out], { env: { LANG } });
      expect(r.code).toBe(0);
      expect(r.json()).toMatchObject({ files: [], skipped: [n], skipped_rules: [{ number: n, rules: ['BR-CO-13'] }] });
      expect(r.stderr).toContain(`${n} (BR-CO-13)`);
      expect(r.stderr).not.toContain('BR-O-11');
      expect(r.stderr).toContain('db check');
    }
    expect(fs.existsSync(path.join(out, `${n}.xml`))).toBe(false);
  });
});
