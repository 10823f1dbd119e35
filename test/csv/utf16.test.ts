/** Issue 12: UTF-16 files (Excel's "Unicode text") are decoded when they carry a BOM; without one, the line says what the file is. */
import { describe, expect, it } from 'vitest';
import { readCsv, type CsvHeader, type CsvRecord } from '../../src/csv/index.js';
import { baseRow, csvText, rawFile } from './helpers.js';
import { cli, tempDbPath } from '../helpers/cli.js';

function utf16(text: string, be: boolean, bom = true): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const body = be ? Buffer.from(le).swap16() : le;
  return bom ? Buffer.concat([Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]), body]) : body;
}

async function readAll(bytes: Buffer) {
  const records: CsvRecord[] = [];
  let header: CsvHeader | undefined;
  const errors: unknown[] = [];
  await readCsv(rawFile(bytes), { chunkBytes: 33 }, { header: (h) => (header = h), records: (b) => records.push(...b), error: (e) => errors.push(e) });
  return { header: header!, records, errors };
}

describe('UTF-16 CSV files', () => {
  for (const be of [false, true]) {
    it(`UTF-16 ${be ? 'BE' : 'LE'} with a BOM is decoded (accents, a character outside the BMP, odd chunk sizes)`, async () => {
      const r = await readAll(utf16('ref;nom\r\nT-1;Hélène 𝄞 Ærø\r\nT-2;Zoë\r\n', be));
      expect(r.header.columns).toEqual(['ref', 'nom']);
      expect(r.header.encoding).toBe(be ? 'utf16be' : 'utf16le');
      expect(r.records.map((x) => x.fields)).toEqual([
        ['T-1', 'Hélène 𝄞 Ærø'],
        ['T-2', 'Zoë'],
      ]);
      expect(r.errors).toEqual([]);
    });
  }

  it('candidate import of a UTF-16 LE export imports as the UTF-8 one does, and says which encoding it read', async () => {
    const text = csvText([baseRow({ ref: 'T-001' }), baseRow({ ref: 'T-002', first_name: 'Zoë' })]);
    const db = tempDbPath();
    const r = await cli(db, ['--date', '2026-11-26', 'candidate', 'import', rawFile(utf16(text, false), 'u16.csv')], { env: { LANG: 'C' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/inserted 2.*UTF-16/);
    const show = (await cli(db, ['--json', 'candidate', 'show', 'T-002'])).json();
    expect(show.first_name).toBe('Zoë');
  });

  it('UTF-16 without a BOM: exit 4, one line naming the encoding (not "unknown column")', async () => {
    const text = csvText([baseRow({ ref: 'T-001' })]);
    const r = await cli(tempDbPath(), ['--json', 'candidate', 'import', rawFile(utf16(text, false, false), 'nobom.csv')], { env: { LANG: 'C' } });
    expect(r.code).toBe(4);
    expect(r.json().error.message).toMatch(/UTF-16 without a byte-order mark/);
    expect(r.json().error.message).not.toMatch(/unknown column/);
  });
});
