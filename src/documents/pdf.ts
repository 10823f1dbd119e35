/**
 * Invoice and credit-note PDFs, in French whatever the operator's locale, with the
 * mentions French law requires (Code de commerce L441-9, CGI art. 242 nonies A): number,
 * dates, period of service, seller's identity, member's name and billing address (SIREN
 * and VAT number for a company), each line HT with its VAT rate, totals HT/VAT/TTC,
 * pay-by date and means, late-payment penalties and the 40 € indemnity, the corrected
 * invoice of a credit note. pdfkit, PDF/A-3b with embedded fonts: text extractable.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import type { Db, Tx } from '../db/connection.js';
import { loadSeller, requireSettings, type Seller } from '../settings/index.js';
import { frenchVatNumber } from '../rules/sepa.js';
import { tIn, type MessageKey, type Params } from '../i18n/index.js';
import { euros, frDate, frMonth, frSiren } from '../i18n/french.js';
import { letterheadFor, type InvoiceDoc } from './invoice-data.js';
import type { Letterhead } from '../invoicing/frozen.js';
import { paymentText } from './mentions.js';
import { FACTURX, invoiceXml, xmlText } from './cii.js';

export { paymentMeans } from './mentions.js';

const fr = (key: MessageKey, p: Params = {}) => tIn('fr', key, p);

/** The seller and the creditor's details a document prints (its frozen version: src/invoicing/frozen.ts). */
export type { Letterhead };

/**
 * The letterhead of a batch, checked before the first file is written: the seller's
 * identity, and the creditor's ICS, IBAN and BIC that the payment mentions quote (a missing
 * one is one clear line, and nothing is written).
 */
export function loadLetterhead(db: Db | Tx): Letterhead {
  const seller = loadSeller(db);
  const c = requireSettings(db, ['creditor.ics', 'creditor.iban', 'creditor.bic']);
  return { seller, ics: c['creditor.ics'], iban: c['creditor.iban'], bic: c['creditor.bic'] };
}

/**
 * Every document is PDF/A-3b (ISO 19005-3, level B: archivable, its look reproducible;
 * level 3 admits the Factur-X XML attachment of the e-invoicing reform later). PDF/A needs
 * every font embedded, which pdfkit's standard fonts are not: DejaVu Sans Condensed, shipped
 * in assets/fonts (free licence), is embedded as a subset of the glyphs used, with a
 * ToUnicode map so that the text stays extractable. Each TTF is read and parsed once per
 * process (fontkit, through pdfkit) and shared by every document; pdfkit adds the XMP
 * metadata declaring the conformance and the sRGB output intent.
 */
export const FONT = { regular: 'Body', bold: 'Bold' } as const;
export const PDFA = { subset: 'PDF/A-3b', pdfVersion: '1.7' } as const;
const FONT_FILES = { [FONT.regular]: 'DejaVuSansCondensed.ttf', [FONT.bold]: 'DejaVuSansCondensed-Bold.ttf' } as const;

type FontkitFont = { layout: unknown };
let parsedFonts: Record<string, FontkitFont> | null = null;

/** assets/fonts, looked for upwards from this module (src/documents in tests, dist/ once bundled). */
function fontDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'assets', 'fonts');
    if (fs.existsSync(path.join(candidate, FONT_FILES[FONT.regular]))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`assets/fonts/${FONT_FILES[FONT.regular]} not found above ${fileURLToPath(import.meta.url)}: the installation is incomplete`);
}

function fonts(): Record<string, FontkitFont> {
  if (!parsedFonts) {
    // fontkit is pdfkit's own font engine: resolved from pdfkit, so both use the same copy
    const req = createRequire(import.meta.url);
    const fontkit = createRequire(req.resolve('pdfkit'))('fontkit') as { create(b: Uint8Array): FontkitFont };
    const dir = fontDir();
    parsedFonts = Object.fromEntries(Object.entries(FONT_FILES).map(([name, file]) => [name, fontkit.create(fs.readFileSync(path.join(dir, file)))]));
  }
  return parsedFonts;
}

/**
 * The words laid out by fontkit (glyphs and scaled positions), shared by every document of
 * the process: a batch of invoices repeats the same labels and mentions, and laying them
 * out again per document was most of the time. pdfkit never changes a cached run, and the
 * glyph subset stays per document (EmbeddedFont.encode). Names, numbers and amounts vary
 * without end, so the cache has two generations of LAYOUT_MAX words each: when the current
 * one is full it becomes the previous one (the one before is dropped), and a word found in
 * the previous one moves to the current one. The repeated words always stay; memory stays
 * bounded (about 1.5 KB a word; a single generation of 5 000 emptied at once held 15 MB at
 * its fullest and laid every label out again after each emptying). Relies on pdfkit 0.20's
 * EmbeddedFont.layoutCached/layoutRun.
 */
export const LAYOUT_MAX = 1_000;
interface LayoutCache {
  size: number;
  current: Record<string, unknown>;
  previous: Record<string, unknown>;
}
const layoutCaches = new Map<string, LayoutCache>();

function sharedLayout(name: string): LayoutCache {
  let cache = layoutCaches.get(name);
  if (!cache)
    layoutCaches.set(
      name,
      (cache = { size: 0, current: Object.create(null) as Record<string, unknown>, previous: Object.create(null) as Record<string, unknown> }),
    );
  return cache;
}

/** A new PDF/A document with the club's embedded fonts (every document of the club starts here). */
export function newPdf(options: PDFKit.PDFDocumentOptions): PDFKit.PDFDocument {
  const pdf = new PDFDocument({ ...options, ...PDFA, font: null as unknown as string });
  escapeXmpInfo(pdf);
  for (const [name, font] of Object.entries(fonts())) {
    pdf.registerFont(name, font as unknown as string);
    pdf.font(name);
    const embedded = (pdf as unknown as { _font: { layoutCached(text: string): unknown; layoutRun(text: string): unknown } })._font;
    const cache = sharedLayout(name);
    embedded.layoutCached = (text: string) => {
      let run = cache.current[text];
      if (run !== undefined) return run;
      run = cache.previous[text] ?? embedded.layoutRun(text);
      if (++cache.size > LAYOUT_MAX) {
        cache.previous = cache.current;
        cache.current = Object.create(null) as Record<string, unknown>;
        cache.size = 1;
      }
      cache.current[text] = run;
      return run;
    };
  }
  return pdf.font(FONT.regular);
}

/**
 * pdfkit copies the Info dictionary's strings (Title, Author, Subject, Creator, Producer,
 * Keywords) into the XMP metadata as they are (`_addInfo`, called by `end()` once the Info
 * dictionary is written): a seller called « A & B <C> » made the XMP malformed, and the
 * file no PDF/A. Its `_addInfo` is given the same values escaped for XML text, so the
 * Info dictionary keeps the plain strings and the XMP, once parsed, states exactly the same
 * (PDF/A-3b, ISO 19005-3 §6.6.2.3: the two must agree). Relies on pdfkit 0.20's
 * MetadataMixin._addInfo, like the layout cache above.
 */
function escapeXmpInfo(pdf: PDFKit.PDFDocument): void {
  const p = pdf as unknown as { info: Record<string, unknown>; _addInfo(): void };
  const addInfo = p._addInfo;
  if (typeof addInfo !== 'function') throw new Error('pdfkit has no _addInfo: the XMP of its Info strings can no longer be escaped (see escapeXmpInfo)');
  p._addInfo = function (this: typeof p) {
    const info = this.info;
    this.info = Object.fromEntries(Object.entries(info).map(([k, v]) => [k, typeof v === 'string' ? xmlText(v) : v]));
    try {
      addInfo.call(this);
    } finally {
      this.info = info;
    }
  };
}

export const A4 = { width: 595.28, height: 841.89 };
export const M = 50;
const COLS = { label: M, period: 278, ht: 360, vat: 430, ttc: 480, end: A4.width - M };

/**
 * Draws one document on a new pdfkit document and ends it; the caller pipes the returned
 * stream. A frozen document is drawn from its own letterhead, `head` (today's) serves the
 * documents issued before documents were frozen.
 */
export function renderInvoicePdf(doc: InvoiceDoc, today: Letterhead | null): PDFKit.PDFDocument {
  const head = letterheadFor(doc, today);
  const s = head.seller;
  const pdf = newPdf({
    size: 'A4',
    margin: M,
    info: {
      Title: `${doc.kind === 'credit_note' ? fr('documents.pdf.credit_title') : fr('documents.pdf.invoice_title')} ${doc.number}`,
      Author: s.name,
      Subject: fr('documents.pdf.member', { no: doc.member.memberNo }),
      CreationDate: new Date(`${doc.issuedOn}T12:00:00Z`),
    },
    lang: 'fr-FR',
    bufferPages: true,
  });
  const w = A4.width - 2 * M;

  // Seller (left) and document identity (right)
  const leftBottom = drawSeller(pdf, s);

  const title = doc.kind === 'credit_note' ? fr('documents.pdf.credit_title') : fr('documents.pdf.invoice_title');
  pdf
    .font(FONT.bold)
    .fontSize(18)
    .text(title, 340, M, { width: COLS.end - 340, align: 'right' });
  pdf.fontSize(11).text(fr('documents.pdf.number', { number: doc.number }), { width: COLS.end - 340, align: 'right' });
  pdf
    .font(FONT.regular)
    .fontSize(9)
    .text(fr('documents.pdf.issued', { date: frDate(doc.issuedOn) }), { width: COLS.end - 340, align: 'right' });
  if (doc.kind === 'invoice') pdf.text(fr('documents.pdf.pay_by', { date: frDate(doc.payBy) }), { width: COLS.end - 340, align: 'right' });

  // Member
  let y = Math.max(leftBottom, pdf.y) + 25;
  const m = doc.member;
  pdf
    .font(FONT.regular)
    .fontSize(8)
    .fillColor('#555555')
    .text(fr('documents.pdf.bill_to'), 320, y, { width: COLS.end - 320 });
  pdf.fillColor('black').font(FONT.bold).fontSize(10);
  if (m.kind === 'company' && m.companyName) {
    pdf.text(m.companyName, { width: COLS.end - 320 });
    pdf.font(FONT.regular).text(`${m.firstName} ${m.lastName}`, { width: COLS.end - 320 });
  } else {
    pdf.text(`${m.firstName} ${m.lastName}`, { width: COLS.end - 320 });
    pdf.font(FONT.regular);
  }
  if (m.street) pdf.text(m.street, { width: COLS.end - 320 });
  if (m.postalCode || m.city) pdf.text(`${m.postalCode ?? ''} ${m.city ?? ''}`.trim(), { width: COLS.end - 320 });
  pdf.fontSize(9).text(fr('documents.pdf.member', { no: m.memberNo }), { width: COLS.end - 320 });
  if (m.kind === 'company' && m.companySiren)
    pdf.text(fr('documents.pdf.client_ids', { siren: frSiren(m.companySiren), vat: frenchVatNumber(m.companySiren) }), { width: COLS.end - 320 });

  // Reference, period
  y = pdf.y + 20;
  pdf.font(FONT.regular).fontSize(9);
  if (doc.refersTo) {
    pdf.font(FONT.bold).text(fr('documents.pdf.refers', { number: doc.refersTo.number, date: frDate(doc.refersTo.issuedOn) }), M, y, { width: w });
    pdf.font(FONT.regular);
    y = pdf.y + 4;
  }
  pdf.text(
    doc.service.from === doc.service.to
      ? fr('documents.pdf.service_day', { date: frDate(doc.service.from) })
      : fr('documents.pdf.service', { from: frDate(doc.service.from), to: frDate(doc.service.to) }),
    M,
    y,
    { width: w },
  );

  // Lines
  y = pdf.y + 14;
  const header = () => {
    pdf.font(FONT.bold).fontSize(9);
    pdf.text(fr('documents.pdf.col.label'), COLS.label, y, { width: COLS.period - COLS.label - 5, lineBreak: false });
    pdf.text(fr('documents.pdf.col.period'), COLS.period, y, { width: COLS.ht - COLS.period - 5, lineBreak: false });
    pdf.text(fr('documents.pdf.col.ht'), COLS.ht, y, { width: COLS.vat - COLS.ht - 5, align: 'right', lineBreak: false });
    pdf.text(fr('documents.pdf.col.vat'), COLS.vat, y, { width: COLS.ttc - COLS.vat - 5, align: 'right', lineBreak: false });
    pdf.text(fr('documents.pdf.col.ttc'), COLS.ttc, y, { width: COLS.end - COLS.ttc, align: 'right', lineBreak: false });
    y += 14;
    pdf
      .moveTo(M, y - 3)
      .lineTo(COLS.end, y - 3)
      .lineWidth(0.5)
      .stroke();
    pdf.font(FONT.regular);
  };
  header();
  for (const l of doc.lines) {
    const h = pdf.heightOfString(l.label, { width: COLS.period - COLS.label - 5 });
    if (y + h > A4.height - 160) {
      pdf.addPage();
      y = M;
      header();
    }
    pdf.text(l.label, COLS.label, y, { width: COLS.period - COLS.label - 5 });
    pdf.text(l.period ? frMonth(l.period) : '', COLS.period, y, { width: COLS.ht - COLS.period - 5, lineBreak: false });
    pdf.text(euros(l.htCents), COLS.ht, y, { width: COLS.vat - COLS.ht - 5, align: 'right', lineBreak: false });
    pdf.text(l.vat ? fr('documents.pdf.vat_rate') : fr('documents.pdf.vat_none'), COLS.vat, y, {
      width: COLS.ttc - COLS.vat - 5,
      align: 'right',
      lineBreak: false,
    });
    pdf.text(euros(l.ttcCents), COLS.ttc, y, { width: COLS.end - COLS.ttc, align: 'right', lineBreak: false });
    y += Math.max(h, 11) + 4;
  }
  pdf.moveTo(M, y).lineTo(COLS.end, y).lineWidth(0.5).stroke();
  y += 8;

  // Totals
  const total = (label: MessageKey, cents: number, bold = false) => {
    pdf.font(bold ? FONT.bold : FONT.regular).fontSize(bold ? 10 : 9);
    pdf.text(fr(label), COLS.vat - 80, y, { width: COLS.ttc - COLS.vat + 75, align: 'right', lineBreak: false });
    pdf.text(euros(cents), COLS.ttc, y, { width: COLS.end - COLS.ttc, align: 'right', lineBreak: false });
    y += bold ? 15 : 13;
  };
  total('documents.pdf.total_ht', doc.totalHtCents);
  total('documents.pdf.total_vat', doc.totalVatCents);
  total('documents.pdf.total_ttc', doc.totalTtcCents, true);

  // Payment and legal mentions
  y += 14;
  pdf.font(FONT.bold).fontSize(9).text(fr('documents.pdf.payment'), M, y, { width: w });
  pdf.font(FONT.regular).fontSize(9);
  const payText = paymentText(doc, head);
  pdf.text(payText, { width: w });
  if (s.vatOnDebits) {
    pdf.moveDown(0.8);
    pdf.text(fr('documents.pdf.vat_on_debits'), { width: w });
  }
  if (doc.kind === 'invoice') {
    pdf.moveDown(0.8);
    pdf.fontSize(8).text(fr('documents.pdf.penalties'), { width: w });
  }

  drawFooters(pdf, s);
  const xml = invoiceXml(doc, head);
  if (xml !== null) attachFacturx(pdf, xml, new Date(`${doc.issuedOn}T12:00:00Z`));
  pdf.end();
  return pdf;
}

/**
 * Makes the PDF/A-3 a Factur-X invoice (Factur-X 1.09, §6): the CII XML embedded as
 * `factur-x.xml` — an embedded file stream with its MIME subtype and dates, a file
 * specification whose AFRelationship is `Alternative` (the XML is an equivalent of the
 * visible invoice: the EN16931 profile carries every mention), listed in the catalogue's
 * /AF and /Names — and the XMP metadata declaring it through the Factur-X extension schema
 * (document type, file name, version, conformance level), itself described in a PDF/A
 * extension schema so that a PDF/A validator accepts the `fx` namespace. Dates are the
 * issue date's: the same document gives the same bytes.
 */
export function attachFacturx(pdf: PDFKit.PDFDocument, xml: string, date: Date): void {
  (pdf as unknown as { file(src: Uint8Array, o: object): unknown }).file(Buffer.from(xml, 'utf8'), {
    name: FACTURX.fileName,
    type: 'text/xml',
    relationship: 'Alternative',
    description: 'Factur-X invoice (EN 16931)',
    creationDate: date,
    modifiedDate: date,
  });
  (pdf as unknown as { appendXML(xml: string): void }).appendXML(facturxXmp());
}

let xmp: string | null = null;
/** The Factur-X XMP: the extension schema's description, then its four values. */
export function facturxXmp(): string {
  const x = FACTURX.xmp;
  const property = (name: string, description: string) =>
    `<rdf:li rdf:parseType="Resource"><pdfaProperty:name>${name}</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType>` +
    `<pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>${xmlText(description)}</pdfaProperty:description></rdf:li>`;
  xmp ??= [
    '<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">',
    '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">',
    '<pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>',
    `<pdfaSchema:namespaceURI>${x.namespace}</pdfaSchema:namespaceURI>`,
    `<pdfaSchema:prefix>${x.prefix}</pdfaSchema:prefix>`,
    '<pdfaSchema:property><rdf:Seq>',
    property('DocumentFileName', 'The name of the embedded XML document'),
    property('DocumentType', 'The type of the hybrid document in capital letters, e.g. INVOICE or ORDER'),
    property('Version', 'The actual version of the standard applying to the embedded XML document'),
    property('ConformanceLevel', 'The conformance level of the embedded XML document'),
    '</rdf:Seq></pdfaSchema:property>',
    '</rdf:li></rdf:Bag></pdfaExtension:schemas>',
    '</rdf:Description>',
    `<rdf:Description rdf:about="" xmlns:${x.prefix}="${x.namespace}">`,
    `<${x.prefix}:DocumentType>${x.documentType}</${x.prefix}:DocumentType>`,
    `<${x.prefix}:DocumentFileName>${FACTURX.fileName}</${x.prefix}:DocumentFileName>`,
    `<${x.prefix}:Version>${x.version}</${x.prefix}:Version>`,
    `<${x.prefix}:ConformanceLevel>${x.conformanceLevel}</${x.prefix}:ConformanceLevel>`,
    '</rdf:Description>',
  ].join('\n');
  return xmp;
}

/** The seller's identity, top left (name, address, legal form and capital, SIREN/RCS, VAT number); returns the y below it. */
export function drawSeller(pdf: PDFKit.PDFDocument, s: Seller): number {
  pdf.font(FONT.bold).fontSize(14).text(s.name, M, M, { width: 280 });
  pdf.font(FONT.regular).fontSize(9);
  pdf.text(s.street, { width: 280 });
  pdf.text(`${s.postalCode} ${s.city}`, { width: 280 });
  pdf.text(fr('documents.pdf.capital', { form: s.legalForm, capital: euros(s.capitalCents) }), { width: 280 });
  pdf.text(s.rcs ? fr('documents.pdf.siren_rcs', { siren: frSiren(s.siren), rcs: s.rcs }) : fr('documents.pdf.siren', { siren: frSiren(s.siren) }), {
    width: 280,
  });
  pdf.text(fr('documents.pdf.vat', { vat: s.vatNumber }), { width: 280 });
  return pdf.y;
}

/** The seller's name and address at the foot of every page (the document needs `bufferPages: true`). */
export function drawFooters(pdf: PDFKit.PDFDocument, s: Seller): void {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    pdf.font(FONT.regular).fontSize(7).fillColor('#555555');
    pdf.text(fr('documents.pdf.footer', { name: s.name, street: s.street, postal_code: s.postalCode, city: s.city }), M, A4.height - M - 10, {
      width: A4.width - 2 * M,
      align: 'center',
      lineBreak: false,
    });
    pdf.fillColor('black');
  }
}

/** The chunks of a rendered document (one invoice: a few kilobytes), once it has ended. */
export function pdfBytes(pdf: PDFKit.PDFDocument): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(chunks));
    pdf.on('error', reject);
  });
}
