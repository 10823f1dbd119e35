/**
 * Property (issue 23): whatever the invoice — a person or a company, names with accents,
 * apostrophes and XML's special characters, an invoice or a credit note, 1 to 20 lines of
 * 0,01 € to 99 999,99 €, late charges on their own — its CII passes the XSD, EN16931 and
 * BR-FR (fatal), and its totals are the stored ones.
 */
import { beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildCii, invoiceCii } from '../../src/documents/cii.js';
import type { InvoiceDoc } from '../../src/documents/invoice-data.js';
import type { Letterhead } from '../../src/documents/pdf.js';
import { htFromTtc, splitInvoice } from '../../src/rules/money.js';
import { frenchVatNumber } from '../../src/rules/sepa.js';
import { lastDayOfMonth } from '../../src/rules/dates.js';
import { facturxProblems, prepareFacturx } from '../helpers/facturx.js';
import { CLUB_IBAN, CLUB_ICS, CLUB_SIREN } from '../helpers/documents.js';

beforeAll(() => prepareFacturx(), 600_000);

const head = (vatOnDebits: boolean): Letterhead => ({
  seller: {
    name: "Cercle Parnasse — l'Atelier & Cie",
    legalForm: 'SAS',
    capitalCents: 15_000_000,
    street: '8 rue de la Paix',
    postalCode: '75002',
    city: 'Paris',
    siren: CLUB_SIREN,
    rcs: 'Paris',
    vatNumber: frenchVatNumber(CLUB_SIREN),
    vatOnDebits,
    electronicAddress: CLUB_SIREN,
  },
  ics: CLUB_ICS,
  iban: CLUB_IBAN,
  bic: 'AGRIFRPP',
});

const name = fc.stringMatching(/^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ' &<>"-]{0,30}[A-Za-zÀ-ÿ]$/);
const sirens = ['552100554', '732829320', '443061841', '542065479'];
const month = fc.integer({ min: 2026 * 12, max: 2030 * 12 + 11 }).map((n) => `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`);
const kinds = ['subscription', 'option', 'charge', 'entry_fee'] as const;

const doc = fc
  .record({
    company: fc.boolean(),
    firstName: name,
    lastName: name,
    companyName: name,
    siren: fc.constantFrom(...sirens),
    street: fc.option(name, { nil: null }),
    credit: fc.boolean(),
    late: fc.boolean(),
    mandate: fc.boolean(),
    vatOnDebits: fc.boolean(),
    issued: month,
    lines: fc.array(
      fc.record({ kind: fc.constantFrom(...kinds), label: name, period: fc.option(month, { nil: null }), ttcCents: fc.integer({ min: 1, max: 9_999_999 }) }),
      { minLength: 1, maxLength: 20 },
    ),
  })
  .map((g) => {
    const lines = g.late
      ? g.lines.map((l, i) => ({
          kind: i === 0 ? ('indemnity' as const) : ('penalty' as const),
          label: l.label,
          period: l.period,
          ttcCents: l.ttcCents,
          vat: false,
        }))
      : g.lines.map((l) => ({ ...l, kind: g.credit ? ('credit' as const) : l.kind, vat: true }));
    const split = splitInvoice(lines.map((l) => ({ ttcCents: l.ttcCents, vat: l.vat })));
    const issuedOn = `${g.issued}-15`;
    const d: InvoiceDoc = {
      id: 1,
      number: `${g.credit ? 'A' : 'F'}${g.issued.slice(0, 4)}-000042`,
      kind: g.credit ? 'credit_note' : 'invoice',
      issuedOn,
      payBy: `${g.issued}-25`,
      totalHtCents: split.htCents,
      totalVatCents: split.vatCents,
      totalTtcCents: split.ttcCents,
      refersTo: g.credit ? { number: `F${g.issued.slice(0, 4)}-000001`, issuedOn: `${g.issued}-01` } : null,
      isEntryFee: lines.some((l) => l.kind === 'entry_fee'),
      member: {
        id: 1,
        memberNo: 501,
        kind: g.company ? 'company' : 'person',
        firstName: g.firstName,
        lastName: g.lastName,
        email: 'jeanne.d-aubigne@example.fr',
        companyName: g.company ? g.companyName : null,
        companySiren: g.company ? g.siren : null,
        street: g.street,
        postalCode: g.street ? '75001' : null,
        city: g.street ? 'Paris' : null,
      },
      lines: lines.map((l) => ({
        kind: l.kind,
        label: l.label,
        period: l.period,
        htCents: l.vat ? htFromTtc(l.ttcCents) : l.ttcCents,
        ttcCents: l.ttcCents,
        vat: l.vat,
      })),
      mandate: g.mandate ? { rum: 'PARNASSE-000501-20261201', signedOn: '2026-12-01' } : null,
      debit: null,
      service: { from: `${g.issued}-01`, to: lastDayOfMonth(g.issued) },
      frozen: null,
      letterhead: null,
    };
    return { d, vatOnDebits: g.vatOnDebits };
  });

it('every generated invoice and credit note is a valid Factur-X EN16931 e-invoice for a French platform', () => {
  fc.assert(
    fc.property(doc, ({ d, vatOnDebits }) => {
      const inv = invoiceCii(d, head(vatOnDebits));
      const xml = buildCii(inv);
      expect(facturxProblems(xml)).toEqual([]);
      const amount = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
      expect(xml).toContain(`<ram:GrandTotalAmount>${amount(d.totalTtcCents)}</ram:GrandTotalAmount>`);
      expect(xml).toContain(`<ram:TaxBasisTotalAmount>${amount(d.totalHtCents)}</ram:TaxBasisTotalAmount>`);
    }),
    {
      numRuns: Number(process.env.PARNASSE_FACTURX_RUNS ?? 25),
      ...(process.env.PARNASSE_FACTURX_SEED ? { seed: Number(process.env.PARNASSE_FACTURX_SEED) } : {}),
    },
  );
}, 600_000);
