import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checksumIBAN } from 'sepa';
import { decimalEuros, groupOrder, groupsOf, pain008Chunks, pain008Xml, type DebitRow, type Pain008Group } from '../../src/collection/pain008.js';
import { buildPain008Library } from '../helpers/pain008-library.js';
import { validatePain008 } from '../helpers/xsd.js';
import { toEpcText } from '../../src/rules/sepa.js';

const cred = { name: 'Cercle Parnasse', ics: 'FR19ZZZ654321', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' };
const head = { msgId: 'PARNASSE-2026-12-1', createdAtIso: '2026-12-02T10:00:00', month: '2026-12' };

/** The debits in the order of their blocks (sequence type, date), as recorded within one: the order the export reads them. */
function inBlocks(debits: DebitRow[]): DebitRow[] {
  const key = (d: DebitRow) => `${d.sequence_type}|${d.collection_date}`;
  return debits
    .map((d, i) => [d, i] as const)
    .sort(([a, i], [b, j]) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : i - j))
    .map(([d]) => d);
}

// names as members type them: accents, apostrophes, &, <, >, quotes, dashes, ligatures, emoji…
const nameChar = fc.constantFrom(...'abcdeéèêëàâäçîïôöùûüÿñ ABCDÉÈÀÇÔ\'’&<>"«»-–—_.,;!?@#%*()[]{}/\\|~°²ßæœøÆŒØłŁ€😀\u00a0\t'.split(''));
const name = fc.array(nameChar, { minLength: 0, maxLength: 90 }).map((a) => a.join(''));
const bank = fc.constantFrom('30004', '30006', '20041', '10107');
/** A French IBAN as the rules accept it: its RIB key (97 − (89 × bank + 15 × branch + 3 × account) mod 97) and its IBAN check digits right. */
const ribKey = (b: string, branch: string, account: string) =>
  String(97 - ((89 * Number(b) + 15 * Number(branch) + 3 * Number(account)) % 97)).padStart(2, '0');
const iban = fc
  .tuple(bank, fc.stringMatching(/^[0-9]{5}$/), fc.stringMatching(/^[0-9]{11}$/))
  .map(([b, branch, account]) => checksumIBAN(`FR00${b}${branch}${account}${ribKey(b, branch, account)}`));
const day = fc.integer({ min: 3, max: 28 }).map((d) => `2026-12-${String(d).padStart(2, '0')}`);
const debit = (k: number): fc.Arbitrary<DebitRow> =>
  fc.record({
    // an invoice number, or another end-to-end id (the remittance text then transliterated whole)
    invoice: fc.oneof(
      fc.constant(`F2026-${String(k + 1).padStart(6, '0')}`),
      fc
        .stringMatching(/^[A-Za-z0-9][A-Za-z0-9+?:()., -]{0,25}$/)
        .filter((s) => !s.includes('//'))
        .map((s) => `${s}.${k}`),
    ),
    member_no: fc.integer({ min: 1, max: 999_999 }),
    first_name: name,
    last_name: name,
    kind: fc.constantFrom('person', 'company'),
    company_name: fc.option(name, { nil: null }),
    // up to the scheme's 999 999 999.99 €, mostly ordinary amounts
    amount_cents: fc.oneof(fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 99_999_999_999 })),
    sequence_type: fc.constantFrom('FRST' as const, 'RCUR' as const),
    collection_date: fc.oneof(fc.constant('2026-12-11'), day),
    rum: fc.oneof(
      fc.constant(`RUM-${k + 1}`),
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9+?:().,' -]{0,34}$/).filter((s) => !s.includes('//')),
    ),
    iban,
    signed_on: fc.constantFrom('2019-03-04', '2024-01-15', '2026-11-30', '2000-02-29'),
    original_iban: fc.option(iban, { nil: null, freq: 3 }),
  });
const debits = fc.integer({ min: 0, max: 40 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => debit(k))));

describe('the streaming pain.008 writer gives the bytes of the sepa package (its oracle)', () => {
  it('random debits (names to transliterate, companies, FRST/RCUR, several dates, amendments same bank and other bank), pain.008.001.08 and .02: same bytes, XSD-valid', () => {
    fc.assert(
      fc.property(
        debits,
        fc.constantFrom('08' as const, '02' as const),
        fc.constantFrom('Cercle Parnasse', "Cercle d'Été & Cie <Paris>", ''),
        (ds, pain, seller) => {
          const c = { ...cred, name: toEpcText(seller, 70) }; // as the export reads the settings
          const expected = buildPain008Library(pain, head, c, ds);
          const xml = pain008Xml(pain, head, c, groupsOf(ds), inBlocks(ds));
          expect(xml).toBe(expected);
          if (ds.length > 0 && c.name !== '') validatePain008(xml, pain);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('amounts are written from integer cents by string arithmetic, as the package printed euros', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (c) => {
        expect(decimalEuros(c)).toBe(c < 1e15 ? (c / 100).toFixed(2) : `${BigInt(c) / 100n}.${String(BigInt(c) % 100n).padStart(2, '0')}`);
      }),
    );
    expect(decimalEuros(1)).toBe('0.01');
    expect(decimalEuros(3_070_000_000)).toBe('30700000.00');
    expect(() => decimalEuros(1.5)).toThrow(/whole number of cents/);
  });

  it('a debit the blocks did not announce, a count or a sum that differs, stops the file before its end', () => {
    const ds = Array.from(
      { length: 6 },
      (_, k): DebitRow => ({
        invoice: `F2026-00000${k + 1}`,
        member_no: k + 1,
        first_name: 'Zoé',
        last_name: 'Hôte',
        kind: 'person',
        company_name: null,
        amount_cents: 100 + k,
        sequence_type: k < 3 ? 'FRST' : 'RCUR',
        collection_date: '2026-12-11',
        rum: `RUM-${k + 1}`,
        iban: 'FR7630004000031234567890143',
        signed_on: '2024-01-15',
        original_iban: null,
      }),
    );
    const groups = groupsOf(ds);
    const run = (g: Pain008Group[], d: DebitRow[]) => () => [...pain008Chunks('08', head, cred, g, d)].join('');
    expect(run(groups, ds)).not.toThrow();
    expect(run(groups, ds.slice(0, 5))).toThrow(/3 debits announced for RCUR 2026-12-11, 2 given/);
    expect(run(groups, [...ds, ds[0]!])).toThrow(/more debits than the blocks announced/);
    expect(run(groups, [ds[3]!, ...ds.slice(0, 3), ...ds.slice(4)])).toThrow(/out of its block/);
    expect(run([{ ...groups[0]!, cents: groups[0]!.cents + 1 }, groups[1]!], ds)).toThrow(/control sum of FRST 2026-12-11/);
    expect(
      run(
        groups,
        ds.map((d, i) => (i === 1 ? { ...d, rum: 'RUM//1' } : d)),
      ),
    ).toThrow(/MndtId is an id/);
    expect(
      run(
        groups,
        ds.map((d, i) => (i === 1 ? { ...d, iban: 'FR7630004000031234567890144' } : d)),
      ),
    ).toThrow(/debtor IBAN is invalid/);
    expect(
      run(
        groups,
        ds.map((d, i) => (i === 1 ? { ...d, signed_on: '2024-02-30' } : d)),
      ),
    ).toThrow(/DtOfSgntr is not a date/);
    // a text outside the EPC set is refused by both (the package's own check is unanchored: ours)
    const raw = { ...cred, name: 'Cercle <Parnasse>' };
    expect(() => buildPain008Library('08', head, raw, ds)).toThrow(/Nm outside the EPC character set/);
    expect(() => pain008Xml('08', head, raw, groups, ds)).toThrow(/Nm outside the EPC character set/);
    // the blocks are written in the package's order whatever the order they are given in
    expect(groupsOf(ds).sort(groupOrder)).toEqual(groups);
  });
});
