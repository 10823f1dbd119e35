import { describe, expect, it } from 'vitest';
import { amendmentXml, groupsOf, pain008Xml, type DebitRow } from '../../src/collection/pain008.js';
import { buildPain008Library } from '../helpers/pain008-library.js';
import { validatePain008 } from '../helpers/xsd.js';

const cred = { name: 'Cercle Parnasse', ics: 'FR19ZZZ654321', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' };
const IBAN = 'FR7630004000031234567890143';
const SAME_BANK = 'FR7630004000039876543210143'; // 30004 00003: same bank
const OTHER_BANK = 'FR7610107001011234567890129'; // 10107: another bank

describe('pain.008 with many debtor amendments (a bank change amends every mandate)', () => {
  it('each amended debit carries its own amendment, once, in its own transaction; the file is XSD-valid in 08 and 02', () => {
    const debits = Array.from({ length: 300 }, (_, k) => ({
      invoice: `F2026-${String(k + 1).padStart(6, '0')}`,
      member_no: k + 1,
      first_name: 'Zoé',
      last_name: `Hôte ${k}`,
      kind: 'person',
      company_name: null,
      amount_cents: 25_000 + k,
      sequence_type: (k % 3 === 0 ? 'FRST' : 'RCUR') as 'FRST' | 'RCUR',
      collection_date: k % 2 ? '2026-12-11' : '2026-12-12',
      rum: `RUM-${k + 1}`,
      iban: IBAN,
      signed_on: '2024-01-15',
      // two in three amended: same bank, another bank, none
      original_iban: k % 3 === 0 ? SAME_BANK : k % 3 === 1 ? OTHER_BANK : null,
    }));
    for (const pain of ['08', '02'] as const) {
      const head = { msgId: 'PARNASSE-2026-12-1', createdAtIso: '2026-12-02T10:00:00', month: '2026-12' };
      const xml = pain008Xml(pain, head, cred, groupsOf(debits), inBlocks(debits));
      expect(xml).toBe(buildPain008Library(pain, head, cred, debits));
      validatePain008(xml, pain);
      expect(xml.split('<AmdmntInd>true</AmdmntInd>').length - 1).toBe(200);
      expect(xml.split('<AmdmntInd>false</AmdmntInd>').length - 1).toBe(100);
      for (const d of debits) {
        const at = xml.indexOf(`<EndToEndId>${d.invoice}</EndToEndId>`);
        const tx = xml.slice(at, xml.indexOf('</DrctDbtTxInf>', at));
        if (d.original_iban) expect(tx, d.invoice).toContain(amendmentXml(d.original_iban, d.iban));
        else expect(tx, d.invoice).toContain('<AmdmntInd>false</AmdmntInd>');
      }
    }
  });
});

/** The debits in the order of their blocks (sequence type, date), as recorded within one. */
function inBlocks(debits: DebitRow[]): DebitRow[] {
  const key = (d: DebitRow) => `${d.sequence_type}|${d.collection_date}`;
  return debits
    .map((d, i) => [d, i] as const)
    .sort(([a, i], [b, j]) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : i - j))
    .map(([d]) => d);
}
