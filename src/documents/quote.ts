/**
 * The Univers Pro quote (art. 5.12.2) as a French A4 PDF, whatever the operator's locale:
 * the club's identity (settings), the quote's number and date, its validity, the member
 * (company name, SIREN, address) and the site of the works, each line HT with its VAT rate
 * and TTC, the totals HT / VAT / TTC (HT per line half-up, VAT = TTC − HT, as invoices),
 * and the member's "bon pour accord". Written atomically as `devis-<number>.pdf`.
 */
import path from 'node:path';
import { ensureOutDir, writeFileAtomic } from '../files/atomic.js';
import { tIn, type MessageKey, type Params } from '../i18n/index.js';
import type { QuoteDocument } from '../pro/index.js';
import { loadSeller, type Seller } from '../settings/index.js';
import type { Db, Tx } from '../db/connection.js';
import { SELLER_NEEDS, sellerResolver } from '../invoicing/frozen.js';
import { euros, frDate, frSiren } from '../i18n/french.js';
import { A4, FONT, M, drawFooters, drawSeller, newPdf, pdfBytes } from './pdf.js';

const fr = (key: MessageKey, p: Params = {}) => tIn('fr', key, p);
const COLS = { label: M, ht: 330, vat: 410, ttc: 460, end: A4.width - M };

export const quoteFileName = (number: string) => `devis-${number}.pdf`;

/** Draws one quote on a new pdfkit document and ends it. */
export function renderQuotePdf(q: QuoteDocument, s: Seller): PDFKit.PDFDocument {
  const pdf = newPdf({
    size: 'A4',
    margin: M,
    info: { Title: fr('pro.pdf.title_number', { number: q.number }), Author: s.name, CreationDate: new Date(`${q.issued_on}T12:00:00Z`) },
    lang: 'fr-FR',
    bufferPages: true,
  });
  const w = A4.width - 2 * M;
  const leftBottom = drawSeller(pdf, s);

  // the title block, top right
  const ax = 320;
  const aw = COLS.end - ax;
  pdf.font(FONT.bold).fontSize(16).text(fr('pro.pdf.title'), ax, M, { width: aw, align: 'right' });
  pdf.font(FONT.regular).fontSize(10);
  pdf.text(fr('documents.pdf.number', { number: q.number }), ax, pdf.y, { width: aw, align: 'right' });
  pdf.text(fr('pro.pdf.date', { date: frDate(q.issued_on) }), ax, pdf.y, { width: aw, align: 'right' });
  pdf.text(q.valid_until ? fr('pro.pdf.valid_until', { date: frDate(q.valid_until) }) : fr('pro.pdf.valid_open'), ax, pdf.y, { width: aw, align: 'right' });

  // the member
  let y = Math.max(leftBottom, pdf.y) + 24;
  const m = q.member;
  pdf
    .font(FONT.bold)
    .fontSize(10)
    .text(m.company_name ?? `${m.first_name} ${m.last_name}`, ax, y, { width: aw });
  pdf.font(FONT.regular).fontSize(9);
  if (m.company_name) pdf.text(`${m.first_name} ${m.last_name}`, ax, pdf.y, { width: aw });
  if (q.address) {
    pdf.text(q.address.street, ax, pdf.y, { width: aw });
    pdf.text(`${q.address.postal_code} ${q.address.city}`, ax, pdf.y, { width: aw });
  }
  if (m.company_siren) pdf.text(fr('documents.pdf.siren', { siren: frSiren(m.company_siren) }), ax, pdf.y, { width: aw });
  pdf.text(fr('documents.pdf.member', { no: m.member_no }), ax, pdf.y, { width: aw });

  y = pdf.y + 18;
  pdf.font(FONT.regular).fontSize(9);
  pdf.text(fr('pro.pdf.object', { services: q.services.map((x) => fr(`pro.pdf.service.${x}` as MessageKey)).join(', ') }), M, y, { width: w });
  pdf.text(fr('pro.pdf.site', { street: q.site.street, postal_code: q.site.postal_code, city: q.site.city }), M, pdf.y, { width: w });
  pdf.text(fr('pro.pdf.study', { id: q.study }), M, pdf.y, { width: w });

  // the lines
  y = pdf.y + 14;
  const cell = (text: string, x: number, to: number, align: 'left' | 'right' = 'left') => pdf.text(text, x, y, { width: to - x - 5, align, lineBreak: false });
  pdf.font(FONT.bold).fontSize(9);
  cell(fr('documents.pdf.col.label'), COLS.label, COLS.ht);
  cell(fr('documents.pdf.col.ht'), COLS.ht, COLS.vat, 'right');
  cell(fr('documents.pdf.col.vat'), COLS.vat, COLS.ttc, 'right');
  pdf.text(fr('documents.pdf.col.ttc'), COLS.ttc, y, { width: COLS.end - COLS.ttc, align: 'right', lineBreak: false });
  y += 14;
  pdf
    .moveTo(M, y - 3)
    .lineTo(COLS.end, y - 3)
    .lineWidth(0.5)
    .stroke();
  pdf.font(FONT.regular);
  for (const l of q.lines) {
    const h = pdf.heightOfString(l.label, { width: COLS.ht - COLS.label - 5 });
    if (y + h > A4.height - 220) {
      pdf.addPage();
      y = M;
    }
    pdf.text(l.label, COLS.label, y, { width: COLS.ht - COLS.label - 5 });
    cell(euros(l.ht_cents), COLS.ht, COLS.vat, 'right');
    cell(fr('documents.pdf.vat_rate'), COLS.vat, COLS.ttc, 'right');
    pdf.text(euros(l.ttc_cents), COLS.ttc, y, { width: COLS.end - COLS.ttc, align: 'right', lineBreak: false });
    y += Math.max(13, h + 2);
  }
  pdf.moveTo(M, y).lineTo(COLS.end, y).lineWidth(0.5).stroke();
  y += 6;
  for (const [key, cents, bold] of [
    ['documents.pdf.total_ht', q.total_ht_cents, false],
    ['documents.pdf.total_vat', q.total_vat_cents, false],
    ['documents.pdf.total_ttc', q.total_ttc_cents, true],
  ] as const) {
    pdf.font(bold ? FONT.bold : FONT.regular).fontSize(10);
    cell(fr(key), COLS.vat - 80, COLS.ttc, 'right');
    pdf.text(euros(cents), COLS.ttc, y, { width: COLS.end - COLS.ttc, align: 'right', lineBreak: false });
    y += 14;
  }

  // conditions and the member's agreement
  pdf.font(FONT.regular).fontSize(9);
  pdf.text('', M, y + 14);
  for (const k of ['pro.pdf.terms_billing', 'pro.pdf.terms_specialist', 'pro.pdf.terms_bricks'] as const) {
    pdf.text(fr(k), M, pdf.y, { width: w });
    pdf.moveDown(0.5);
  }
  pdf.moveDown(1);
  pdf.font(FONT.bold).text(fr('pro.pdf.agreement'), ax, pdf.y, { width: aw });
  pdf.font(FONT.regular).text(fr('pro.pdf.agreement_hint'), ax, pdf.y, { width: aw });

  drawFooters(pdf, s);
  pdf.end();
  return pdf;
}

/** The club as the quote stated it when issued; today's for a quote issued before documents were frozen. */
export function quoteSeller(db: Db | Tx, q: QuoteDocument): Seller {
  return q.frozen ? sellerResolver(db, SELLER_NEEDS.quote)(q.frozen.sellerVersion).seller : loadSeller(db);
}

/** Writes the quote's PDF into `outDir` (checked first); returns its path. */
export async function writeQuotePdf(q: QuoteDocument, seller: Seller, outDir: string): Promise<string> {
  ensureOutDir(outDir, '--out', '.pdf');
  const file = path.join(outDir, quoteFileName(q.number));
  writeFileAtomic(file, await pdfBytes(renderQuotePdf(q, seller)));
  return file;
}
