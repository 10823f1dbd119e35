/**
 * The XMP metadata of every PDF is well-formed XML whatever the club's name: pdfkit writes
 * the document's Title and Author into the XMP (dc:title, dc:creator) as they are, so a
 * seller called « A & B <C> » made the metadata stream unreadable (a bare "&", a "<"), and
 * the PDF no PDF/A-3b. PDF/A also asks the Info dictionary and the XMP to state the same
 * title and author: both are read back and compared.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { XmlDocument } from 'libxml2-wasm';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { pdfInfo, pdfXmp } from '../helpers/pdf-text.js';
import { setSetting } from '../../src/settings/index.js';
import { testActor } from '../helpers/db.js';

const NAME = 'Cercle & Fils <Évêché> "Parnasse" l\'Atelier';
const NS = { rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#', dc: 'http://purl.org/dc/elements/1.1/', pdfaid: 'http://www.aiim.org/pdfa/ns/id/' };

/** The XMP parsed by libxml2 (throws on malformed XML), and what it states of the title, author and PDF/A part. */
function xmpOf(bytes: Buffer) {
  const xmp = pdfXmp(bytes);
  expect(xmp).not.toBeNull();
  const doc = XmlDocument.fromString(xmp!);
  try {
    const text = (xpath: string) => doc.get(xpath, NS)?.content ?? null;
    return {
      title: text('//dc:title/rdf:Alt/rdf:li'),
      creator: text('//dc:creator/rdf:Seq/rdf:li'),
      description: text('//dc:description/rdf:Alt/rdf:li'),
      part: text('//pdfaid:part'),
    };
  } finally {
    doc.dispose();
  }
}

describe('XMP metadata with a seller name holding &, < and "', () => {
  it('invoice, credit note and formal notice: well-formed XMP that carries the name, the same title and author as the Info dictionary', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'club.db');
    const conn = openDatabase(db);
    setClubSettings(conn);
    setSetting(conn, testActor, 'seller.name', NAME);
    const no = insertMember(conn, { kind: 'company', companyName: 'Dupré & Fils <SARL>', companySiren: '552100554', contractStart: '2026-06-01' });
    const inv = issue(conn, no, '2027-01-01', [{ kind: 'subscription', label: 'Abonnement Parnasse', period: '2027-01', ttcCents: 25_000 }]);
    conn.close();
    const out = tempDir();
    const ok = async (argv: string[]) => {
      const r = await cli(db, argv, { env: { LANG: 'C' } });
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    const credit = (await ok(['--json', '--date', '2027-01-03', 'bill', 'credit', inv, '--amount', '10', '--reason', 'geste', '--yes'])).json<{
      number: string;
    }>().number;
    await ok(['bill', 'pdf', inv, credit, '--out', out]);
    await ok(['--date', '2027-01-16', 'bill', 'dunning', '--apply', '--letters', out]);
    const files = fs.readdirSync(out).filter((f) => f.endsWith('.pdf'));
    expect(files.sort()).toEqual([`${credit}.pdf`, `${inv}.pdf`, expect.stringMatching(/^mise-en-demeure-2027-01-16-/)].sort());
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(out, f));
      const xmp = xmpOf(bytes);
      const info = pdfInfo(bytes);
      expect(xmp.creator, f).toBe(NAME);
      expect(info.Author, f).toBe(NAME);
      expect(xmp.title, f).toBe(info.Title);
      expect(xmp.description, f).toBe(info.Subject ?? null);
      expect(xmp.part, f).toBe('3');
    }
    expect(xmpOf(fs.readFileSync(path.join(out, `${inv}.pdf`))).title).toBe(`FACTURE ${inv}`);
  }, 60_000);
});
