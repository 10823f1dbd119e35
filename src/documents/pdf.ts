/**
 * Invoice and credit-note PDFs, in French whatever the operator's locale, with the
 * mentions French law requires (Code de commerce L441-9, CGI art. 242 nonies A): number,
 * dates, period of service, seller's identity, member's name and billing address (SIREN
 * and VAT number for a company), each line HT with its VAT rate, totals HT/VAT/TTC,
 * pay-by date and means, late-payment penalties and the 40 € indemnity, the corrected
 * invoice of a credit note. pdfkit with the standard Helvetica fonts: text extractable.
 */
import PDFDocument from 'pdfkit';
import type { Db, Tx } from '../db/connection.js';
import { loadSeller, requireSettings, type Seller } from '../settings/index.js';
import { frenchVatNumber } from '../rules/sepa.js';
import { tIn, type MessageKey, type Params } from '../i18n/index.js';
import { euros, frDate, frIban, frMonth, frSiren } from './french.js';
import type { InvoiceDoc } from './invoice-data.js';

const fr = (key: MessageKey, p: Params = {}) => tIn('fr', key, p);

/** What every document of a batch shares: the seller and the creditor's details. */
export interface Letterhead {
  seller: Seller;
  ics: string | null;
  iban: string | null;
  bic: string | null;
}

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

/** How a document is paid: SEPA debit (mandate, not the entry fee), transfer, or nothing (credit note). */
export function paymentMeans(doc: InvoiceDoc): 'sepa' | 'transfer' | 'entry_fee' | 'credit' {
  if (doc.kind === 'credit_note') return 'credit';
  if (doc.isEntryFee) return 'entry_fee';
  if (doc.debit && doc.debit.status === 'exported') return 'sepa';
  return doc.mandate ? 'sepa' : 'transfer';
}

/**
 * pdfkit rebuilds the standard fonts' metrics (AFM kerning tables) for every document:
 * measured, 60 % of the time of a one-page invoice. The metrics are read-only, so one
 * parsed copy serves every document; each document gets its own font objects (their PDF
 * dictionaries belong to it). Relies on pdfkit 0.20's font cache (`_fontFamilies`).
 */
const FONTS = ['Helvetica', 'Helvetica-Bold'] as const;
type FontObject = { name: string; font: unknown } & Record<string, unknown>;
let fontTemplates: FontObject[] | null = null;

/** A new pdfkit document with the shared fonts (every document of the club starts here). */
export function newPdf(options: PDFKit.PDFDocumentOptions): PDFKit.PDFDocument {
  const pdf = new PDFDocument({ ...options, font: null as unknown as string });
  const internals = pdf as unknown as { _font: FontObject; _fontFamilies: Record<string, FontObject>; _fontCount: number };
  if (!fontTemplates) {
    const probe = new PDFDocument({ font: null as unknown as string }) as unknown as { font(n: string): void; _font: FontObject };
    fontTemplates = FONTS.map((n) => {
      probe.font(n);
      return probe._font;
    });
  }
  for (const t of fontTemplates) {
    const f = Object.create(Object.getPrototypeOf(t) as object) as FontObject;
    for (const k of ['name', 'font', 'ascender', 'descender', 'bbox', 'lineGap', 'xHeight', 'capHeight']) f[k] = t[k];
    f.document = pdf;
    f.id = `F${++internals._fontCount}`;
    internals._fontFamilies[t.name] = f;
  }
  return pdf.font('Helvetica');
}

export const A4 = { width: 595.28, height: 841.89 };
export const M = 50;
const COLS = { label: M, period: 300, ht: 360, vat: 430, ttc: 480, end: A4.width - M };

/** Draws one document on a new pdfkit document and ends it; the caller pipes the returned stream. */
export function renderInvoicePdf(doc: InvoiceDoc, head: Letterhead): PDFKit.PDFDocument {
  const s = head.seller;
  const pdf = newPdf({
    size: 'A4',
    margin: M,
    info: {
      Title: `${doc.kind === 'credit_note' ? fr('documents.pdf.credit_title') : fr('documents.pdf.invoice_title')} ${doc.number}`,
      Author: s.name,
      Subject: fr('documents.pdf.member', { no: doc.member.memberNo }),
      CreationDate: new Date(`${doc.issuedOn}T12:00:00Z`),
      ModDate: new Date(`${doc.issuedOn}T12:00:00Z`),
    },
    lang: 'fr-FR',
    bufferPages: true,
  });
  const w = A4.width - 2 * M;

  // Seller (left) and document identity (right)
  const leftBottom = drawSeller(pdf, s);

  const title = doc.kind === 'credit_note' ? fr('documents.pdf.credit_title') : fr('documents.pdf.invoice_title');
  pdf.font('Helvetica-Bold').fontSize(18).text(title, 340, M, { width: COLS.end - 340, align: 'right' });
  pdf.fontSize(11).text(fr('documents.pdf.number', { number: doc.number }), { width: COLS.end - 340, align: 'right' });
  pdf.font('Helvetica').fontSize(9).text(fr('documents.pdf.issued', { date: frDate(doc.issuedOn) }), { width: COLS.end - 340, align: 'right' });
  if (doc.kind === 'invoice') pdf.text(fr('documents.pdf.pay_by', { date: frDate(doc.payBy) }), { width: COLS.end - 340, align: 'right' });

  // Member
  let y = Math.max(leftBottom, pdf.y) + 25;
  const m = doc.member;
  pdf.font('Helvetica').fontSize(8).fillColor('#555555').text(fr('documents.pdf.bill_to'), 320, y, { width: COLS.end - 320 });
  pdf.fillColor('black').font('Helvetica-Bold').fontSize(10);
  if (m.kind === 'company' && m.companyName) {
    pdf.text(m.companyName, { width: COLS.end - 320 });
    pdf.font('Helvetica').text(`${m.firstName} ${m.lastName}`, { width: COLS.end - 320 });
  } else {
    pdf.text(`${m.firstName} ${m.lastName}`, { width: COLS.end - 320 });
    pdf.font('Helvetica');
  }
  if (m.street) pdf.text(m.street, { width: COLS.end - 320 });
  if (m.postalCode || m.city) pdf.text(`${m.postalCode ?? ''} ${m.city ?? ''}`.trim(), { width: COLS.end - 320 });
  pdf.fontSize(9).text(fr('documents.pdf.member', { no: m.memberNo }), { width: COLS.end - 320 });
  if (m.kind === 'company' && m.companySiren)
    pdf.text(fr('documents.pdf.client_ids', { siren: frSiren(m.companySiren), vat: frenchVatNumber(m.companySiren) }), { width: COLS.end - 320 });

  // Reference, period
  y = pdf.y + 20;
  pdf.font('Helvetica').fontSize(9);
  if (doc.refersTo) {
    pdf.font('Helvetica-Bold').text(fr('documents.pdf.refers', { number: doc.refersTo.number, date: frDate(doc.refersTo.issuedOn) }), M, y, { width: w });
    pdf.font('Helvetica');
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
    pdf.font('Helvetica-Bold').fontSize(9);
    pdf.text(fr('documents.pdf.col.label'), COLS.label, y, { width: COLS.period - COLS.label - 5, lineBreak: false });
    pdf.text(fr('documents.pdf.col.period'), COLS.period, y, { width: COLS.ht - COLS.period - 5, lineBreak: false });
    pdf.text(fr('documents.pdf.col.ht'), COLS.ht, y, { width: COLS.vat - COLS.ht - 5, align: 'right', lineBreak: false });
    pdf.text(fr('documents.pdf.col.vat'), COLS.vat, y, { width: COLS.ttc - COLS.vat - 5, align: 'right', lineBreak: false });
    pdf.text(fr('documents.pdf.col.ttc'), COLS.ttc, y, { width: COLS.end - COLS.ttc, align: 'right', lineBreak: false });
    y += 14;
    pdf.moveTo(M, y - 3).lineTo(COLS.end, y - 3).lineWidth(0.5).stroke();
    pdf.font('Helvetica');
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
    pdf.text(l.vat ? fr('documents.pdf.vat_rate') : fr('documents.pdf.vat_none'), COLS.vat, y, { width: COLS.ttc - COLS.vat - 5, align: 'right', lineBreak: false });
    pdf.text(euros(l.ttcCents), COLS.ttc, y, { width: COLS.end - COLS.ttc, align: 'right', lineBreak: false });
    y += Math.max(h, 11) + 4;
  }
  pdf.moveTo(M, y).lineTo(COLS.end, y).lineWidth(0.5).stroke();
  y += 8;

  // Totals
  const total = (label: MessageKey, cents: number, bold = false) => {
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(bold ? 10 : 9);
    pdf.text(fr(label), COLS.vat - 80, y, { width: COLS.ttc - COLS.vat + 75, align: 'right', lineBreak: false });
    pdf.text(euros(cents), COLS.ttc, y, { width: COLS.end - COLS.ttc, align: 'right', lineBreak: false });
    y += bold ? 15 : 13;
  };
  total('documents.pdf.total_ht', doc.totalHtCents);
  total('documents.pdf.total_vat', doc.totalVatCents);
  total('documents.pdf.total_ttc', doc.totalTtcCents, true);

  // Payment and legal mentions
  y += 14;
  pdf.font('Helvetica-Bold').fontSize(9).text(fr('documents.pdf.payment'), M, y, { width: w });
  pdf.font('Helvetica').fontSize(9);
  const means = paymentMeans(doc);
  const payText =
    means === 'credit'
      ? fr('documents.pdf.pay.credit')
      : means === 'sepa'
        ? fr('documents.pdf.pay.sepa', {
            date: frDate(doc.debit?.status === 'exported' ? doc.debit.collectionDate : doc.payBy),
            rum: doc.debit?.rum ?? doc.mandate!.rum,
            ics: head.ics ?? '',
          })
        : fr(means === 'entry_fee' ? 'documents.pdf.pay.entry_fee' : 'documents.pdf.pay.transfer', {
            date: frDate(doc.payBy),
            iban: frIban(head.iban ?? ''),
            bic: head.bic ?? '',
            number: doc.number,
          });
  pdf.text(payText, { width: w });
  if (doc.kind === 'invoice') {
    pdf.moveDown(0.8);
    pdf.fontSize(8).text(fr('documents.pdf.penalties'), { width: w });
  }

  drawFooters(pdf, s);
  pdf.end();
  return pdf;
}

/** The seller's identity, top left (name, address, legal form and capital, SIREN/RCS, VAT number); returns the y below it. */
export function drawSeller(pdf: PDFKit.PDFDocument, s: Seller): number {
  pdf.font('Helvetica-Bold').fontSize(14).text(s.name, M, M, { width: 280 });
  pdf.font('Helvetica').fontSize(9);
  pdf.text(s.street, { width: 280 });
  pdf.text(`${s.postalCode} ${s.city}`, { width: 280 });
  pdf.text(fr('documents.pdf.capital', { form: s.legalForm, capital: euros(s.capitalCents) }), { width: 280 });
  pdf.text(s.rcs ? fr('documents.pdf.siren_rcs', { siren: frSiren(s.siren), rcs: s.rcs }) : fr('documents.pdf.siren', { siren: frSiren(s.siren) }), { width: 280 });
  pdf.text(fr('documents.pdf.vat', { vat: s.vatNumber }), { width: 280 });
  return pdf.y;
}

/** The seller's name and address at the foot of every page (the document needs `bufferPages: true`). */
export function drawFooters(pdf: PDFKit.PDFDocument, s: Seller): void {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    pdf.font('Helvetica').fontSize(7).fillColor('#555555');
    pdf.text(
      fr('documents.pdf.footer', { name: s.name, street: s.street, postal_code: s.postalCode, city: s.city }),
      M,
      A4.height - M - 10,
      { width: A4.width - 2 * M, align: 'center', lineBreak: false },
    );
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
