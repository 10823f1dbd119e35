/**
 * Rendering a month's PDFs retains nothing from one document to the next (issue 9: 100 000
 * invoices bounded in memory). Not a timed test: the heap after a full garbage collection
 * is compared between the 200th and the 500th document of a batch in which every member,
 * number and amount differs. What may grow in between is bounded by design (the shared
 * layout cache, two generations of LAYOUT_MAX words, full by the 200th document here): it
 * measured 0.5–1.5 MB; one document kept alive per document rendered would add tens of MB.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { pdfBytes, renderInvoicePdf, type Letterhead } from '../../src/documents/pdf.js';
import type { InvoiceDoc } from '../../src/documents/invoice-data.js';

const head: Letterhead = {
  seller: {
    name: 'Cercle Parnasse',
    legalForm: 'SAS',
    capitalCents: 15_000_000,
    street: '8 rue de la Paix',
    postalCode: '75002',
    city: 'Paris',
    siren: '732829320',
    vatNumber: 'FR44732829320',
    rcs: 'Paris',
  },
  ics: 'FR19ZZZ654321',
  iban: 'FR7630006000011234567890189',
  bic: 'AGRIFRPP',
} as Letterhead;

function doc(i: number): InvoiceDoc {
  const n = String(i).padStart(6, '0');
  return {
    id: i,
    number: `F2026-${n}`,
    kind: 'invoice',
    issuedOn: '2026-12-01',
    payBy: '2026-12-11',
    totalHtCents: 30_000 + i,
    totalVatCents: 6_000 + i,
    totalTtcCents: 36_000 + 2 * i,
    refersTo: null,
    isEntryFee: false,
    member: {
      id: i,
      memberNo: 1000 + i,
      kind: 'person',
      firstName: `Hélène${i}`,
      lastName: `Dupré-${n}`,
      email: `m${i}@example.fr`,
      companyName: null,
      companySiren: null,
      street: `${i} avenue Foch`,
      postalCode: '75116',
      city: `Paris${i % 20}`,
    },
    lines: [
      { kind: 'subscription', label: 'Abonnement Parnasse', period: '2026-12', htCents: 20_833 + i, ttcCents: 25_000 + i, vat: true },
      { kind: 'option', label: `Conciergerie Privilège ${i}`, period: '2026-12', htCents: 8_333, ttcCents: 9_999, vat: true },
    ],
    mandate: i % 2 ? { rum: `RUM-${n}`, signedOn: '2026-01-05' } : null,
    debit: null,
    service: { from: '2026-12-01', to: '2026-12-31' },
    frozen: null,
    letterhead: null,
  };
}

describe('PDF rendering in a long batch', () => {
  it('the heap after GC does not grow between the 200th and the 500th document', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const heapAfterGc = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    let bytes = 0;
    let at200 = 0;
    for (let i = 1; i <= 500; i++) {
      bytes += (await pdfBytes(renderInvoicePdf(doc(i), head))).reduce((s, c) => s + c.length, 0);
      if (i === 200) at200 = heapAfterGc();
    }
    const growth = heapAfterGc() - at200;
    expect(bytes / 500).toBeGreaterThan(10_000); // real documents were made
    expect(growth, `${(growth / 1e6).toFixed(2)} MB more after 300 documents`).toBeLessThan(5e6);
  });
});
