/**
 * The formal-notice letters of the non-payment procedure (art. 7.3.8), in French whatever
 * the operator's locale, ready to print and send by registered post: the club's identity
 * (settings), the date, the member's name and main address, the invoices claimed with the
 * amounts recorded by `bill dunning --apply` on the notice's date (dunning_claims, read from
 * the ledger then: never recomputed), the 8-day deadline, and what follows (suspension then
 * a second notice; after the second notice, termination). One A4 PDF per notice,
 * `mise-en-demeure-<date>-<member>-<1|2>.pdf`, written atomically.
 */
import path from 'node:path';
import type { Db, Tx } from '../db/connection.js';
import { ensureOutDir, writeFileAtomic } from '../files/atomic.js';
import { tIn, type MessageKey, type Params } from '../i18n/index.js';
import { dunningLetters, type DunningLetter } from '../dunning/index.js';
import type { IsoDate } from '../rules/dates.js';
import { euros, frDate, frIban } from '../i18n/french.js';
import { loadSeller, requireSettings } from '../settings/index.js';
import { SELLER_NEEDS, sellerResolver } from '../invoicing/frozen.js';
import { A4, FONT, M, drawFooters, drawSeller, newPdf, pdfBytes, type Letterhead } from './pdf.js';

const fr = (key: MessageKey, p: Params = {}) => tIn('fr', key, p);

/** The file name of a notice's letter: sorts by date, then member. */
export function letterFileName(l: DunningLetter): string {
  return `mise-en-demeure-${l.date}-${l.member.member_no}-${l.step === 'first_notice' ? 1 : 2}.pdf`;
}

const COLS = { invoice: M, issued: 180, payBy: 260, ttc: 340, claimed: 430, end: A4.width - M };

/** Draws the letter of one formal notice on a new pdfkit document and ends it. */
export function renderNoticePdf(l: DunningLetter, head: Letterhead): PDFKit.PDFDocument {
  const s = head.seller;
  const m = l.member;
  const no = m.member_no;
  const pdf = newPdf({
    size: 'A4',
    margin: M,
    info: {
      Title: fr(`letters.title.${l.step}`, { no }),
      Author: s.name,
      Subject: fr(`letters.subject.${l.step}`),
      CreationDate: new Date(`${l.date}T12:00:00Z`),
    },
    lang: 'fr-FR',
    bufferPages: true,
  });
  const w = A4.width - 2 * M;
  const leftBottom = drawSeller(pdf, s);

  // The addressee, where a window envelope shows it
  const ax = 320;
  const aw = COLS.end - ax;
  pdf.font(FONT.bold).fontSize(10);
  const company = m.kind === 'company' && m.company_name;
  pdf.text(company ? m.company_name! : `${m.first_name} ${m.last_name}`, ax, 150, { width: aw });
  pdf.font(FONT.regular);
  if (company) pdf.text(`${m.first_name} ${m.last_name}`, { width: aw });
  if (m.street) pdf.text(m.street, { width: aw });
  if (m.postal_code || m.city) pdf.text(`${m.postal_code ?? ''} ${m.city ?? ''}`.trim(), { width: aw });

  let y = Math.max(leftBottom, pdf.y) + 30;
  pdf.fontSize(10).text(fr('letters.place_date', { city: s.city, date: frDate(l.date) }), ax, y, { width: aw });
  y = pdf.y + 20;
  pdf.font(FONT.bold).fontSize(9).text(fr('letters.registered').toUpperCase(), M, y, { width: w });
  pdf.text(fr(`letters.subject.${l.step}`), { width: w });
  pdf.font(FONT.regular).text(fr('letters.member', { no }), { width: w });
  pdf.moveDown(1.2);
  pdf.fontSize(10).text(fr('letters.salutation'), { width: w });
  pdf.moveDown(0.6);
  if (l.step === 'second_notice' && l.first_notice_on) {
    pdf.text(fr('letters.intro_second', { first: frDate(l.first_notice_on), date: frDate(l.date) }), { width: w });
  } else {
    pdf.text(fr('letters.intro', { date: frDate(l.date) }), { width: w });
  }

  // The invoices claimed
  y = pdf.y + 10;
  const cell = (text: string, x: number, to: number, align: 'left' | 'right' = 'left') => pdf.text(text, x, y, { width: to - x - 5, align, lineBreak: false });
  pdf.font(FONT.bold).fontSize(9);
  cell(fr('letters.col.invoice'), COLS.invoice, COLS.issued);
  cell(fr('letters.col.issued'), COLS.issued, COLS.payBy);
  cell(fr('letters.col.pay_by'), COLS.payBy, COLS.ttc);
  cell(fr('letters.col.ttc'), COLS.ttc, COLS.claimed, 'right');
  pdf.text(fr('letters.col.claimed'), COLS.claimed, y, { width: COLS.end - COLS.claimed, align: 'right', lineBreak: false });
  y += 14;
  pdf
    .moveTo(M, y - 3)
    .lineTo(COLS.end, y - 3)
    .lineWidth(0.5)
    .stroke();
  pdf.font(FONT.regular);
  for (const i of l.invoices) {
    if (y > A4.height - 200) {
      pdf.addPage();
      y = M;
    }
    cell(i.invoice, COLS.invoice, COLS.issued);
    cell(frDate(i.issued_on), COLS.issued, COLS.payBy);
    cell(frDate(i.pay_by), COLS.payBy, COLS.ttc);
    cell(euros(i.total_ttc_cents), COLS.ttc, COLS.claimed, 'right');
    pdf.text(euros(i.amount_cents), COLS.claimed, y, { width: COLS.end - COLS.claimed, align: 'right', lineBreak: false });
    y += 13;
  }
  pdf.moveTo(M, y).lineTo(COLS.end, y).lineWidth(0.5).stroke();
  y += 6;
  pdf.font(FONT.bold).fontSize(10);
  cell(fr('letters.total'), COLS.ttc - 80, COLS.claimed, 'right');
  pdf.text(euros(l.claimed_cents), COLS.claimed, y, { width: COLS.end - COLS.claimed, align: 'right', lineBreak: false });

  // The demand, the deadline, what follows
  pdf.font(FONT.regular).fontSize(10);
  pdf.text('', M, y + 24);
  const para = (text: string, bold = false) => {
    pdf.font(bold ? FONT.bold : FONT.regular).text(text, M, pdf.y, { width: w });
    pdf.moveDown(0.6);
  };
  if (l.step === 'second_notice' && l.suspended_on) para(fr('letters.suspended', { date: frDate(l.suspended_on) }));
  para(fr('letters.demand', { amount: euros(l.claimed_cents), deadline: frDate(l.deadline_on) }), true);
  para(fr(`letters.next.${l.step}`));
  para(fr('letters.penalties'));
  para(fr('letters.payment', { iban: frIban(head.iban ?? ''), bic: head.bic ?? '', no }));
  para(fr('letters.ignore'));
  para(fr('letters.closing'));
  pdf.moveDown(1);
  pdf.text(fr('letters.signature', { name: s.name }), ax, pdf.y, { width: aw });

  drawFooters(pdf, s);
  pdf.end();
  return pdf;
}

/** A letter written: what `bill dunning letters` lists, and where its PDF is. */
export type WrittenLetter = DunningLetter & { path: string };

/**
 * What writing letters needs, checked before anything is done (with `bill dunning --apply
 * --letters DIR`, before the steps are recorded): a directory we can write into and the
 * club's identity. One clear line for each, and nothing written.
 */
export function prepareLetters(db: Db | Tx, outDir: string, flag = '--out'): Letterhead {
  const seller = loadSeller(db);
  const c = requireSettings(db, ['creditor.iban', 'creditor.bic']);
  // after the settings: a refused run creates no folder (issue 24)
  ensureOutDir(outDir, flag, '.pdf'); // the temporary letters a killed run left there removed
  return { seller, ics: null, iban: c['creditor.iban'], bic: c['creditor.bic'] };
}

/**
 * Writes the letter of every formal notice selected (a member's, those of a day, or all)
 * into `outDir`. Each file is written under a temporary name and renamed: writing a letter
 * again replaces it with the same content.
 */
export async function writeLetters(db: Db | Tx, sel: { memberNo?: string; on?: IsoDate; outDir: string }, head?: Letterhead): Promise<WrittenLetter[]> {
  const letters = dunningLetters(db, { memberNo: sel.memberNo, on: sel.on });
  // a reprint of notices frozen when recorded needs only their frozen data: today's
  // settings are read (and a missing one told before the first file) only for a notice
  // recorded before documents were frozen
  let letterhead: Letterhead | null = head ?? null;
  if (!letterhead) {
    if (letters.some((l) => !l.frozen)) letterhead = prepareLetters(db, sel.outDir);
    else ensureOutDir(sel.outDir, '--out', '.pdf');
  }
  const sellers = sellerResolver(db, SELLER_NEEDS.letter);
  const out: WrittenLetter[] = [];
  for (const l of letters) {
    const file = path.join(sel.outDir, letterFileName(l));
    // the club as the notice stated it when recorded; today's for a notice recorded before
    writeFileAtomic(file, await pdfBytes(renderNoticePdf(l, l.frozen ? sellers(l.frozen.sellerVersion) : letterhead!)));
    out.push({ ...l, path: file });
  }
  return out;
}
