/**
 * `db check`: every issued invoice and credit note reconciles with the e-invoice it makes
 * (issue 23, RULES.md §10) — its number a valid BT-1, and the figures its CII states (total
 * HT, the VAT breakdown by category and rate, TTC) the stored ones to the cent, within what
 * the EN16931 rules accept. The figures are checked with the very functions the CII builder
 * writes them with (src/rules/einvoice.ts); the XML itself is not built (src/documents sits
 * above this floor, and the figures are all of the XML that comes from the books: names,
 * addresses and payment come from the frozen data `frozen_documents` checks). One pass over
 * the documents and their lines, in id order, streamed.
 */
import type Database from 'better-sqlite3';
import { t } from '../i18n/index.js';
import { formatEuros } from '../rules/money.js';
import type { LineKind } from '../rules/enums.js';
import { einvoiceProblems, lineCategory, type EinvoiceProblem, type VatCategory } from '../rules/einvoice.js';
import { VAT_RATE_PERCENT } from '../rules/money.js';

export interface EinvoiceCheck {
  /** Documents that make an e-invoice and reconcile with it. */
  documents: number;
  /** Documents issued mixing late charges with taxed lines (BR-O-11): no e-invoice, not a problem. */
  mixed: number;
  problems: string[];
}

function message(number: string, p: EinvoiceProblem): string | null {
  switch (p.rule) {
    case 'BT-1':
      return t('check.einvoice.bt1', { number });
    case 'BR-16':
      return t('check.einvoice.no_line', { number });
    case 'BR-O-11':
      return null; // counted: an old document, no e-invoice
    case 'BR-CO-13':
      return t('check.einvoice.lines_ht', { number, lines: formatEuros(p.linesHtCents), ht: formatEuros(p.htCents) });
    case 'BR-CO-15':
      return t('check.einvoice.ht_vat_ttc', { number, ht: formatEuros(p.htCents), vat: formatEuros(p.vatCents), ttc: formatEuros(p.ttcCents) });
    case 'BR-CO-14':
      return t('check.einvoice.vat_total', { number, breakdown: formatEuros(p.breakdownCents), vat: formatEuros(p.vatCents) });
    case 'BR-CO-17':
      return t('check.einvoice.vat_rate', {
        number,
        vat: formatEuros(p.vatCents),
        basis: formatEuros(p.basisCents),
        rate: VAT_RATE_PERCENT,
        expected: formatEuros(p.expectedCents),
      });
  }
}

export function einvoiceCheck(sqlite: Database.Database): EinvoiceCheck {
  const out: EinvoiceCheck = { documents: 0, mixed: 0, problems: [] };
  const rows = sqlite
    .prepare(
      `select i.id, i.number, i.total_ht_cents, i.total_vat_cents, i.total_ttc_cents, l.kind, l.ht_cents
       from invoices i left join invoice_lines l on l.invoice_id = i.id order by i.id, l.id`,
    )
    .raw()
    .iterate() as IterableIterator<[number, string, number, number, number, LineKind | null, number | null]>;
  let id = -1;
  let number = '';
  let totals = { htCents: 0, vatCents: 0, ttcCents: 0 };
  let lines: { htCents: number; category: VatCategory }[] = [];
  const done = () => {
    if (id < 0) return;
    const found = einvoiceProblems(number, { lines, totals });
    if (found.some((p) => p.rule === 'BR-O-11')) out.mixed++;
    const said = found.map((p) => message(number, p)).filter((m): m is string => m !== null);
    if (said.length > 0) out.problems.push(...said);
    else if (!found.some((p) => p.rule === 'BR-O-11')) out.documents++;
  };
  for (const [docId, no, ht, vat, ttc, kind, lineHt] of rows) {
    if (docId !== id) {
      done();
      id = docId;
      number = no;
      totals = { htCents: ht, vatCents: vat, ttcCents: ttc };
      lines = [];
    }
    if (kind !== null) lines.push({ htCents: lineHt!, category: lineCategory(kind) });
  }
  done();
  return out;
}
