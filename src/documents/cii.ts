/**
 * The e-invoice: the UN/CEFACT Cross Industry Invoice (CII D16B) of an invoice or credit
 * note, profile EN16931 of Factur-X 1.09, with the French rules of the réforme de la
 * facturation électronique (FNFE-MPE BR-FR, XP Z12-012). The ONE module that says what the
 * XML states: `bill xml` writes it, `bill pdf` embeds the same bytes as `factur-x.xml`, and a
 * later deposit through a plateforme agréée (XP Z12-013) sends it. Pure: a typed
 * `CiiInvoice` in, UTF-8 text out, the same bytes for the same input (RULES.md "E-invoicing").
 */
import type { IsoDate } from '../rules/dates.js';
import { lastDayOfMonth } from '../rules/dates.js';
import { plainDecimal, VAT_RATE_PERCENT } from '../rules/money.js';
import { einvoiceProblems, lineCategory, vatBreakdown, type EinvoiceProblem, type VatCategory } from '../rules/einvoice.js';
import { frenchVatNumber } from '../rules/sepa.js';
import { tIn, type MessageKey } from '../i18n/index.js';
import { euros } from '../i18n/french.js';
import { letterheadFor, type InvoiceDoc } from './invoice-data.js';
import { debitMandate, paymentMeans, paymentText } from './mentions.js';
import type { Letterhead } from '../invoicing/frozen.js';

export const FACTURX = {
  /** BT-24: the EN16931 profile of Factur-X. */
  guideline: 'urn:cen.eu:en16931:2017',
  /** The embedded file's name, fixed by the Factur-X specification. */
  fileName: 'factur-x.xml',
  /** The XMP extension schema's values (Factur-X 1.09, §6.2.2). */
  xmp: {
    namespace: 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#',
    prefix: 'fx',
    documentType: 'INVOICE',
    version: '1.0',
    conformanceLevel: 'EN 16931',
  },
} as const;

export type { VatCategory };

export interface CiiParty {
  /** BT-29 / BT-46: the party's identifier at the seller (the member number). */
  id?: string | null;
  name: string;
  /** BT-56: the person to contact at a company. */
  contact?: string | null;
  /** SIREN (scheme 0002), BT-30 / BT-47; null for an individual. */
  siren: string | null;
  /** BT-31 / BT-48. */
  vatNumber: string | null;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  /** BT-34 / BT-49: the electronic address and its scheme (0225: the French directory's SIREN-based address; EM: e-mail). */
  endpoint: { scheme: '0225' | 'EM'; id: string };
}

export interface CiiLine {
  label: string;
  /** The month billed (`YYYY-MM`), or null. */
  period: string | null;
  htCents: number;
  category: VatCategory;
}

export type CiiPayment =
  | { means: 'sepa_debit'; mandate: string; creditorId: string }
  | { means: 'transfer'; iban: string; bic: string | null }
  | { means: 'none' };

export interface CiiNote {
  /** UNTDID 4451 subject code. */
  code: 'PMT' | 'PMD' | 'AAB' | 'BAR' | 'TXD' | 'REG';
  text: string;
}

export interface CiiInvoice {
  number: string;
  /** 380 commercial invoice, 381 credit note. */
  typeCode: 380 | 381;
  issuedOn: IsoDate;
  /** BT-9 (invoices). */
  dueOn: IsoDate | null;
  /** BT-25/BT-26: the invoice a credit note corrects. */
  precedingInvoice: { number: string; issuedOn: IsoDate } | null;
  /** BT-23, French billing framework: S1 = services, invoice to be paid. */
  businessProcess: 'S1';
  notes: CiiNote[];
  seller: CiiParty;
  buyer: CiiParty;
  /** BT-73/74. */
  servicePeriod: { from: IsoDate; to: IsoDate };
  /** BT-8: 5 = the invoice's date (VAT on debits), 72 = paid to date (VAT on receipts). */
  vatPointCode: '5' | '72';
  /** BT-83. */
  paymentReference: string;
  payment: CiiPayment;
  /** BT-20. */
  paymentTerms: string;
  lines: CiiLine[];
  totals: { htCents: number; vatCents: number; ttcCents: number };
}

/** Integer cents as an EN16931 amount (`1234` → `12.34`, `-5` → `-0.05`): string arithmetic, no float. */
export function amount(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`an amount must be whole cents, got ${cents}`);
  return plainDecimal(cents);
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
/** Text or attribute content, escaped. */
export function xmlText(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ESC[c]!);
}

const date102 = (d: IsoDate) => d.replaceAll('-', '');

/** A problem of rules/einvoice.ts in words (English: thrown by buildCii, never shown to an operator as such). */
function problemText(p: EinvoiceProblem): string {
  switch (p.rule) {
    case 'BT-1':
      return `BT-1 "${p.number}": at most 35 letters, digits and + - _ /`;
    case 'BR-16':
      return 'an invoice has at least one line';
    case 'BR-O-11':
      return 'BR-O-11: lines outside the scope of VAT cannot share a document with taxed lines';
    case 'BR-CO-13':
      return `the lines' HT (${amount(p.linesHtCents)}) differ from the total HT (${amount(p.htCents)})`;
    case 'BR-CO-15':
      return 'HT + VAT differ from TTC';
    case 'BR-CO-14':
      return `the VAT breakdown (${amount(p.breakdownCents)}) differs from the total VAT (${amount(p.vatCents)})`;
    case 'BR-CO-17':
      return `BR-CO-17: VAT ${amount(p.vatCents)} on a basis of ${amount(p.basisCents)} (expected ${amount(p.expectedCents)} ± 1.00)`;
  }
}

/** The reasons a CiiInvoice cannot be a valid EN16931 e-invoice before any XML is written (empty: fine): rules/einvoice.ts, the figures db check reconciles too. */
export function ciiProblems(inv: CiiInvoice): string[] {
  return einvoiceProblems(inv.number, inv).map(problemText);
}

/** The VAT breakdown (BG-23): one entry per category, taxed first (rules/einvoice.ts). */
function breakdown(inv: CiiInvoice): { category: VatCategory; basisCents: number; vatCents: number }[] {
  return vatBreakdown(inv);
}

/** The reason printed for the lines outside VAT (BT-120) and its code (BT-121). */
export const NOT_SUBJECT = {
  code: 'VATEX-EU-O',
  text: 'Non soumis à la TVA : pénalités de retard et indemnité forfaitaire pour frais de recouvrement (hors champ, CGI art. 256)',
} as const;

function party(tag: 'SellerTradeParty' | 'BuyerTradeParty', p: CiiParty, withVat: boolean): string {
  const x: string[] = [`<ram:${tag}>`, `<ram:Name>${xmlText(p.name)}</ram:Name>`];
  if (p.id) x.splice(1, 0, `<ram:ID>${xmlText(p.id)}</ram:ID>`);
  if (p.siren) x.push(`<ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">${p.siren}</ram:ID></ram:SpecifiedLegalOrganization>`);
  if (p.contact) x.push(`<ram:DefinedTradeContact><ram:PersonName>${xmlText(p.contact)}</ram:PersonName></ram:DefinedTradeContact>`);
  x.push('<ram:PostalTradeAddress>');
  if (p.postalCode) x.push(`<ram:PostcodeCode>${xmlText(p.postalCode)}</ram:PostcodeCode>`);
  if (p.street) x.push(`<ram:LineOne>${xmlText(p.street)}</ram:LineOne>`);
  if (p.city) x.push(`<ram:CityName>${xmlText(p.city)}</ram:CityName>`);
  x.push('<ram:CountryID>FR</ram:CountryID>', '</ram:PostalTradeAddress>');
  x.push(`<ram:URIUniversalCommunication><ram:URIID schemeID="${p.endpoint.scheme}">${xmlText(p.endpoint.id)}</ram:URIID></ram:URIUniversalCommunication>`);
  if (withVat && p.vatNumber) x.push(`<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">${p.vatNumber}</ram:ID></ram:SpecifiedTaxRegistration>`);
  x.push(`</ram:${tag}>`);
  return x.join('');
}

const period = (from: IsoDate, to: IsoDate) =>
  `<ram:BillingSpecifiedPeriod><ram:StartDateTime><udt:DateTimeString format="102">${date102(from)}</udt:DateTimeString></ram:StartDateTime>` +
  `<ram:EndDateTime><udt:DateTimeString format="102">${date102(to)}</udt:DateTimeString></ram:EndDateTime></ram:BillingSpecifiedPeriod>`;

/**
 * The CII XML of `inv` (UTF-8, one line per element group, no trailing spaces). Throws a
 * RangeError naming the rule when the input cannot make a valid e-invoice (ciiProblems).
 */
export function buildCii(inv: CiiInvoice): string {
  const problems = ciiProblems(inv);
  if (problems.length > 0) throw new RangeError(`${inv.number}: ${problems.join('; ')}`);
  const notSubject = inv.lines.some((l) => l.category === 'O');
  const x: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">',
    '<rsm:ExchangedDocumentContext>',
    `<ram:BusinessProcessSpecifiedDocumentContextParameter><ram:ID>${inv.businessProcess}</ram:ID></ram:BusinessProcessSpecifiedDocumentContextParameter>`,
    `<ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>${FACTURX.guideline}</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>`,
    '</rsm:ExchangedDocumentContext>',
    '<rsm:ExchangedDocument>',
    `<ram:ID>${xmlText(inv.number)}</ram:ID>`,
    `<ram:TypeCode>${inv.typeCode}</ram:TypeCode>`,
    `<ram:IssueDateTime><udt:DateTimeString format="102">${date102(inv.issuedOn)}</udt:DateTimeString></ram:IssueDateTime>`,
    ...inv.notes.map((n) => `<ram:IncludedNote><ram:Content>${xmlText(n.text)}</ram:Content><ram:SubjectCode>${n.code}</ram:SubjectCode></ram:IncludedNote>`),
    '</rsm:ExchangedDocument>',
    '<rsm:SupplyChainTradeTransaction>',
  ];
  inv.lines.forEach((l, i) => {
    const tax =
      l.category === 'S'
        ? `<ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>${VAT_RATE_PERCENT}</ram:RateApplicablePercent></ram:ApplicableTradeTax>`
        : '<ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>O</ram:CategoryCode></ram:ApplicableTradeTax>';
    x.push(
      '<ram:IncludedSupplyChainTradeLineItem>',
      `<ram:AssociatedDocumentLineDocument><ram:LineID>${i + 1}</ram:LineID></ram:AssociatedDocumentLineDocument>`,
      `<ram:SpecifiedTradeProduct><ram:Name>${xmlText(l.label)}</ram:Name></ram:SpecifiedTradeProduct>`,
      `<ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>${amount(l.htCents)}</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>`,
      '<ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">1</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>',
      `<ram:SpecifiedLineTradeSettlement>${tax}${l.period ? period(`${l.period}-01`, lastDayOfMonth(l.period)) : ''}` +
        `<ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>${amount(l.htCents)}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>`,
      '</ram:IncludedSupplyChainTradeLineItem>',
    );
  });
  // BR-O-02: a document with lines not subject to VAT carries no VAT identifier
  x.push(
    '<ram:ApplicableHeaderTradeAgreement>',
    party('SellerTradeParty', inv.seller, !notSubject),
    party('BuyerTradeParty', inv.buyer, !notSubject),
    '</ram:ApplicableHeaderTradeAgreement>',
  );
  x.push('<ram:ApplicableHeaderTradeDelivery/>');
  x.push('<ram:ApplicableHeaderTradeSettlement>');
  if (inv.payment.means === 'sepa_debit') x.push(`<ram:CreditorReferenceID>${xmlText(inv.payment.creditorId)}</ram:CreditorReferenceID>`);
  x.push(`<ram:PaymentReference>${xmlText(inv.paymentReference)}</ram:PaymentReference>`, '<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>');
  if (inv.payment.means === 'sepa_debit')
    x.push('<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>59</ram:TypeCode></ram:SpecifiedTradeSettlementPaymentMeans>');
  else if (inv.payment.means === 'transfer')
    x.push(
      '<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode>' +
        `<ram:PayeePartyCreditorFinancialAccount><ram:IBANID>${xmlText(inv.payment.iban)}</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>` +
        (inv.payment.bic
          ? `<ram:PayeeSpecifiedCreditorFinancialInstitution><ram:BICID>${xmlText(inv.payment.bic)}</ram:BICID></ram:PayeeSpecifiedCreditorFinancialInstitution>`
          : '') +
        '</ram:SpecifiedTradeSettlementPaymentMeans>',
    );
  for (const b of breakdown(inv)) {
    x.push(
      b.category === 'S'
        ? `<ram:ApplicableTradeTax><ram:CalculatedAmount>${amount(b.vatCents)}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>${amount(b.basisCents)}</ram:BasisAmount>` +
            `<ram:CategoryCode>S</ram:CategoryCode><ram:DueDateTypeCode>${inv.vatPointCode}</ram:DueDateTypeCode><ram:RateApplicablePercent>${VAT_RATE_PERCENT}</ram:RateApplicablePercent></ram:ApplicableTradeTax>`
        : `<ram:ApplicableTradeTax><ram:CalculatedAmount>0.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:ExemptionReason>${xmlText(NOT_SUBJECT.text)}</ram:ExemptionReason>` +
            `<ram:BasisAmount>${amount(b.basisCents)}</ram:BasisAmount><ram:CategoryCode>O</ram:CategoryCode><ram:ExemptionReasonCode>${NOT_SUBJECT.code}</ram:ExemptionReasonCode></ram:ApplicableTradeTax>`,
    );
  }
  x.push(period(inv.servicePeriod.from, inv.servicePeriod.to));
  x.push(
    '<ram:SpecifiedTradePaymentTerms>' +
      `<ram:Description>${xmlText(inv.paymentTerms)}</ram:Description>` +
      (inv.dueOn ? `<ram:DueDateDateTime><udt:DateTimeString format="102">${date102(inv.dueOn)}</udt:DateTimeString></ram:DueDateDateTime>` : '') +
      (inv.payment.means === 'sepa_debit' ? `<ram:DirectDebitMandateID>${xmlText(inv.payment.mandate)}</ram:DirectDebitMandateID>` : '') +
      '</ram:SpecifiedTradePaymentTerms>',
  );
  x.push(
    '<ram:SpecifiedTradeSettlementHeaderMonetarySummation>' +
      `<ram:LineTotalAmount>${amount(inv.totals.htCents)}</ram:LineTotalAmount>` +
      `<ram:TaxBasisTotalAmount>${amount(inv.totals.htCents)}</ram:TaxBasisTotalAmount>` +
      `<ram:TaxTotalAmount currencyID="EUR">${amount(inv.totals.vatCents)}</ram:TaxTotalAmount>` +
      `<ram:GrandTotalAmount>${amount(inv.totals.ttcCents)}</ram:GrandTotalAmount>` +
      `<ram:DuePayableAmount>${amount(inv.totals.ttcCents)}</ram:DuePayableAmount>` +
      '</ram:SpecifiedTradeSettlementHeaderMonetarySummation>',
  );
  if (inv.precedingInvoice)
    x.push(
      `<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>${xmlText(inv.precedingInvoice.number)}</ram:IssuerAssignedID>` +
        `<ram:FormattedIssueDateTime><qdt:DateTimeString format="102">${date102(inv.precedingInvoice.issuedOn)}</qdt:DateTimeString></ram:FormattedIssueDateTime></ram:InvoiceReferencedDocument>`,
    );
  x.push('</ram:ApplicableHeaderTradeSettlement>', '</rsm:SupplyChainTradeTransaction>', '</rsm:CrossIndustryInvoice>', '');
  return x.join('\n');
}

const fr = (key: MessageKey) => tIn('fr', key);

/** Whether a document is business-to-business for the French rules (BAR note): a company member with its SIREN. */
export function isB2b(doc: InvoiceDoc): boolean {
  return doc.member.kind === 'company' && !!doc.member.companySiren;
}

/**
 * The e-invoice of a stored invoice or credit note: what its PDF states (renderInvoicePdf),
 * as EN16931 data. Lines outside VAT (penalties, indemnity) are category O: since late
 * charges have their own invoice (RULES.md "E-invoicing"), a document never mixes them with taxed
 * lines; one issued before that (ciiProblems: BR-O-11) has no e-invoice.
 */
export function invoiceCii(doc: InvoiceDoc, today: Letterhead | null): CiiInvoice {
  const head = letterheadFor(doc, today); // as renderInvoicePdf: the frozen seller, today's for documents issued before
  const s = head.seller;
  const m = doc.member;
  const b2b = isB2b(doc);
  const person = `${m.firstName} ${m.lastName}`;
  const means = paymentMeans(doc);
  const notes: CiiNote[] = [
    { code: 'BAR', text: b2b ? 'B2B' : 'B2C' },
    { code: 'REG', text: `${s.legalForm} au capital de ${euros(s.capitalCents)}${s.rcs ? ` – RCS ${s.rcs}` : ''}` },
    { code: 'PMT', text: fr('documents.cii.pmt') },
    { code: 'PMD', text: fr('documents.cii.pmd') },
    { code: 'AAB', text: fr('documents.cii.aab') },
  ];
  if (s.vatOnDebits) notes.push({ code: 'TXD', text: fr('documents.pdf.vat_on_debits') });
  return {
    number: doc.number,
    typeCode: doc.kind === 'credit_note' ? 381 : 380,
    issuedOn: doc.issuedOn,
    dueOn: doc.kind === 'invoice' ? doc.payBy : null,
    precedingInvoice: doc.refersTo,
    businessProcess: 'S1',
    notes,
    seller: {
      name: s.name,
      siren: s.siren,
      vatNumber: s.vatNumber,
      street: s.street,
      postalCode: s.postalCode,
      city: s.city,
      endpoint: { scheme: '0225', id: s.electronicAddress },
    },
    buyer: {
      id: String(m.memberNo),
      name: m.kind === 'company' && m.companyName ? m.companyName : person,
      contact: m.kind === 'company' && m.companyName ? person : null,
      siren: b2b ? m.companySiren : null,
      vatNumber: b2b ? frenchVatNumber(m.companySiren!) : null,
      street: m.street,
      postalCode: m.postalCode,
      city: m.city,
      endpoint: b2b ? { scheme: '0225', id: m.companySiren! } : { scheme: 'EM', id: m.email },
    },
    servicePeriod: doc.service,
    vatPointCode: s.vatOnDebits ? '5' : '72',
    paymentReference: doc.number,
    payment:
      means === 'sepa'
        ? { means: 'sepa_debit', mandate: debitMandate(doc)!, creditorId: head.ics ?? '' }
        : means === 'credit'
          ? { means: 'none' }
          : { means: 'transfer', iban: head.iban ?? '', bic: head.bic },
    paymentTerms: paymentText(doc, head),
    lines: doc.lines.map((l) => ({ label: l.label, period: l.period, htCents: l.htCents, category: lineCategory(l.kind) })),
    totals: { htCents: doc.totalHtCents, vatCents: doc.totalVatCents, ttcCents: doc.totalTtcCents },
  };
}

/** The CII XML of a stored document, or null when it cannot be one (issued mixing late charges with taxed lines). */
export function invoiceXml(doc: InvoiceDoc, head: Letterhead | null): string | null {
  const r = invoiceXmlOrRules(doc, head);
  return 'xml' in r ? r.xml : null;
}

/** The CII XML of a stored document, or the ids of the EN16931 rules its figures break (BR-O-11 for a document issued mixing late charges with taxed lines). */
export function invoiceXmlOrRules(doc: InvoiceDoc, head: Letterhead | null): { xml: string } | { rules: EinvoiceProblem['rule'][] } {
  const inv = invoiceCii(doc, head);
  const problems = einvoiceProblems(inv.number, inv);
  return problems.length === 0 ? { xml: buildCii(inv) } : { rules: problems.map((p) => p.rule) };
}
