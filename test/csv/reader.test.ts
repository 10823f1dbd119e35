import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseAmountField, parseBooleanField, parseDateField, parseEnumField, readCsv, type CsvRecord } from '../../src/csv/index.js';
import { rawFile } from './helpers.js';

async function readAll(text: string | Buffer) {
  const records: CsvRecord[] = [];
  const errors: unknown[] = [];
  const summary = await readCsv(rawFile(text), {}, { header: () => {}, records: (b) => records.push(...b), error: (e) => errors.push(e) });
  return { records, errors, summary };
}

describe('the shared CSV layer', () => {
  it('detects the delimiter from the header, ignoring quoted ones', () => {
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('a,b,c')).toBe(',');
    expect(detectDelimiter('"a;x",b,c')).toBe(',');
    expect(detectDelimiter('abc')).toBeNull();
  });

  it('French field parsers', () => {
    expect(parseAmountField('1\u202f250\u00a0000,50')).toEqual({ ok: true, value: 125_000_050 });
    expect(parseAmountField('1250000.50')).toEqual({ ok: true, value: 125_000_050 });
    expect(parseAmountField('1,250,000').ok).toBe(false);
    expect(parseAmountField('-5', { min: 0 }).ok).toBe(false);
    expect(parseDateField('24/11/2026')).toEqual({ ok: true, value: '2026-11-24' });
    for (const t of ['yes', 'TRUE', 'Oui', '1']) expect(parseBooleanField(t)).toEqual({ ok: true, value: true });
    for (const f of ['no', 'False', 'NON', '0']) expect(parseBooleanField(f)).toEqual({ ok: true, value: false });
    expect(parseBooleanField('peut-être').ok).toBe(false);
    expect(parseEnumField('VDSL', ['fibre', 'vdsl', 'adsl'] as const)).toEqual({ ok: true, value: 'vdsl' });
  });

  it('property: any cent amount written the French way parses back exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 13 }), fc.constantFrom(' ', '\u00a0', '\u202f'), (cents, sp) => {
        const whole = Math.floor(cents / 100)
          .toString()
          .replace(/\B(?=(\d{3})+(?!\d))/g, sp);
        expect(parseAmountField(`${whole},${String(cents % 100).padStart(2, '0')}`)).toEqual({ ok: true, value: cents });
      }),
    );
  });

  it('streams records with the physical line where each starts; blank lines skipped but counted', async () => {
    const { records, errors, summary } = await readAll('a;b\r\n1;"x\r\ny"\r\n\r\n2;z\r\n');
    expect(records).toEqual([
      { line: 2, fields: ['1', 'x\r\ny'] },
      { line: 5, fields: ['2', 'z'] },
    ]);
    expect(errors).toEqual([]);
    expect(summary).toMatchObject({ records: 2, header: { columns: ['a', 'b'], delimiter: ';', encoding: 'utf8', bom: false } });
  });

  it('decodes a BOM and Windows-1252', async () => {
    const bom = await readAll(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('nom;ville\nHélène;Besançon\n')]));
    expect(bom.summary.header).toMatchObject({ columns: ['nom', 'ville'], bom: true, encoding: 'utf8' });
    expect(bom.records[0]!.fields).toEqual(['Hélène', 'Besançon']);
    const latin = await readAll(Buffer.from([...Buffer.from('nom;ville\n'), 0x48, 0xe9, 0x6c, 0xe8, 0x6e, 0x65, 0x3b, 0x80, 0x0a]));
    expect(latin.summary.header.encoding).toBe('latin1');
    expect(latin.records[0]!.fields).toEqual(['Hélène', '€']);
  });

  it('a record with the wrong number of fields is an error on its line', async () => {
    const { errors } = await readAll('a;b;c\n1;2;3\n4,5,6\n');
    expect(errors).toEqual([{ line: 3, column: null, code: 'field_count', message: expect.stringContaining('mixed delimiter') }]);
  });
});
