/**
 * What makes an issued document a valid EN 16931 e-invoice as far as its number and its
 * figures go (RULES.md §10): pure, shared by the CII builder (src/documents/cii.ts, which
 * writes exactly these figures) and `db check` (src/books/einvoice-check.ts, which
 * reconciles every stored document with them).
 */
import type { LineKind } from './enums.js';
import { lineHasVat } from './invoices.js';
import { VAT_RATE_PERCENT, type Cents } from './money.js';

/** A VAT category of EN16931 (UNTDID 5305): S standard rate; O not subject to VAT. */
export type VatCategory = 'S' | 'O';

/** The category of an invoice line: late charges are outside the scope of VAT (O), everything else at the standard rate (S). */
export function lineCategory(kind: LineKind): VatCategory {
  return lineHasVat(kind) ? 'S' : 'O';
}

/** BT-1 for the French platforms (BR-FR-01): at most 35 characters, letters, digits and + - _ /. */
export const BT1 = /^[A-Za-z0-9+\-_/]{1,35}$/;

export interface EinvoiceFigures {
  lines: readonly { htCents: Cents; category: VatCategory }[];
  totals: { htCents: Cents; vatCents: Cents; ttcCents: Cents };
}

export interface VatBreakdown {
  category: VatCategory;
  /** BT-116: Σ the category's line HT. */
  basisCents: Cents;
  /** BT-117. */
  vatCents: Cents;
}

/**
 * The VAT breakdown (BG-23): one entry per category present, taxed first. The stored VAT is
 * TTC − HT (RULES.md §0): all of it on the taxed category, none outside VAT.
 */
export function vatBreakdown(f: EinvoiceFigures): VatBreakdown[] {
  const out: VatBreakdown[] = [];
  for (const category of ['S', 'O'] as const) {
    const lines = f.lines.filter((l) => l.category === category);
    if (lines.length === 0) continue;
    out.push({ category, basisCents: lines.reduce((n, l) => n + l.htCents, 0), vatCents: category === 'S' ? f.totals.vatCents : 0 });
  }
  return out;
}

/** BR-CO-17 as the EN16931 schematron applies it: a category's VAT within 1,00 € of its basis × rate rounded to the cent. */
export const BR_CO_17_TOLERANCE_CENTS = 100;

/** Why a document's number or figures cannot make a valid e-invoice: the rule's id and the figures in question. */
export type EinvoiceProblem =
  | { rule: 'BT-1'; number: string }
  | { rule: 'BR-16' }
  | { rule: 'BR-O-11' }
  | { rule: 'BR-CO-13'; linesHtCents: Cents; htCents: Cents }
  | { rule: 'BR-CO-15'; htCents: Cents; vatCents: Cents; ttcCents: Cents }
  | { rule: 'BR-CO-14'; breakdownCents: Cents; vatCents: Cents }
  | { rule: 'BR-CO-17'; basisCents: Cents; vatCents: Cents; expectedCents: Cents };

/**
 * Everything in a document's number and figures that an EN16931 validator would refuse:
 * BT-1; at least one line (BR-16); no O line beside taxed ones (BR-O-11: such a document,
 * issued before late charges had their own invoice, has no e-invoice); Σ line HT = total
 * HT (BR-CO-13); HT + VAT = TTC (BR-CO-15); the breakdown's VAT = the total VAT (BR-CO-14);
 * each taxed category's VAT = basis × 20 % within BR-CO-17's tolerance.
 */
export function einvoiceProblems(number: string, f: EinvoiceFigures): EinvoiceProblem[] {
  const out: EinvoiceProblem[] = [];
  if (!BT1.test(number)) out.push({ rule: 'BT-1', number });
  if (f.lines.length === 0) out.push({ rule: 'BR-16' });
  const categories = new Set(f.lines.map((l) => l.category));
  if (categories.has('O') && categories.size > 1) out.push({ rule: 'BR-O-11' });
  const linesHt = f.lines.reduce((n, l) => n + l.htCents, 0);
  if (linesHt !== f.totals.htCents) out.push({ rule: 'BR-CO-13', linesHtCents: linesHt, htCents: f.totals.htCents });
  if (f.totals.htCents + f.totals.vatCents !== f.totals.ttcCents) out.push({ rule: 'BR-CO-15', ...f.totals });
  const breakdown = vatBreakdown(f);
  const breakdownVat = breakdown.reduce((n, b) => n + b.vatCents, 0);
  if (breakdownVat !== f.totals.vatCents) out.push({ rule: 'BR-CO-14', breakdownCents: breakdownVat, vatCents: f.totals.vatCents });
  for (const b of breakdown) {
    if (b.category !== 'S') continue;
    const expected = Math.round((Math.abs(b.basisCents) * VAT_RATE_PERCENT) / 100);
    if (Math.abs(Math.abs(b.vatCents) - expected) > BR_CO_17_TOLERANCE_CENTS)
      out.push({ rule: 'BR-CO-17', basisCents: b.basisCents, vatCents: b.vatCents, expectedCents: expected });
  }
  return out;
}
