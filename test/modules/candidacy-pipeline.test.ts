/** The reading stage of candidate import (pipeline.ts): packing, batches in file order, backpressure, the error cap. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchPacker, BatchReader, factsOfValues, inputOfValues, produceBatches, type PackedBatch } from '../../src/candidacy/pipeline.js';
import { factsOfInput } from '../../src/candidacy/evaluate.js';
import { CANDIDACY_COLUMNS, validateCandidacy, type CandidacyInput } from '../../src/candidacy/record.js';
import { bindArray } from '../../src/candidacy/store.js';
import { importCandidacies, MAX_REPORTED_ERRORS } from '../../src/candidacy/import.js';
import { InvalidInputError } from '../../src/errors.js';
import type { Connection } from '../../src/db/connection.js';
import { tempConnection, testActor } from '../helpers/db.js';
import { baseRow, csvText, writeCsv, writeRaw, type Row } from '../csv/helpers.js';

const input = (over: Row = {}): CandidacyInput => {
  const r = baseRow(over);
  const v = validateCandidacy((c) => r[c] ?? '', 2);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.input;
};

describe('packed batches', () => {
  const inputs = [
    input(),
    input({
      ref: 'T-002',
      phone: '',
      birth_date: '',
      department: '',
      sponsor_member_no: '42',
      invited_by_parnasse: 'non',
      iban: '',
      documents: '',
      id_expires_on: '',
    }),
    input({
      ref: 'T-003',
      kind: 'company',
      first_name: 'Zoé 😀',
      street: '=SUM(A1:A3)',
      city: 'L’Haÿ-les-Roses',
      postal_code: '94240',
      department: '94',
      foreign_national: 'oui',
      is_executive: 'non',
      company_revenue_eur: '0',
      line_technology: 'adsl',
      orange_subscriptions: '2',
    }),
  ];

  it('a row read back is the row packed: the values the insert binds, the candidacy, its facts', () => {
    const p = new BatchPacker(inputs.length);
    for (const [i, x] of inputs.entries()) p.add(x, 10 + i);
    const rd = new BatchReader(p.finish([], 0));
    const vals: (string | number | null)[] = new Array(CANDIDACY_COLUMNS.length + 3);
    inputs.forEach((x, i) => {
      expect(rd.next(vals)).toBe(10 + i);
      expect(vals.slice(0, CANDIDACY_COLUMNS.length)).toEqual(bindArray(x));
      expect(inputOfValues(vals)).toEqual(x);
      expect(factsOfValues(vals)).toEqual(factsOfInput(x));
      expect(factsOfValues(vals, true)).toEqual(factsOfInput(x, true));
    });
  });

  it('survives a structured clone (what postMessage does)', () => {
    const p = new BatchPacker(1);
    p.add(inputs[2]!, 7);
    const b = structuredClone(p.finish([{ line: 5, column: null, code: 'not_date', message: 'x' }], 123)) as PackedBatch;
    const vals: (string | number | null)[] = [];
    expect(new BatchReader(b).next(vals)).toBe(7);
    expect(inputOfValues(vals)).toEqual(inputs[2]);
    expect(b.errors).toEqual([{ line: 5, column: null, code: 'not_date', message: 'x' }]);
  });
});

describe('produceBatches', () => {
  const rows = Array.from({ length: 2500 }, (_, i) => baseRow({ ref: `R${i}` }));
  rows[10]!.banking_ban = 'bof';
  rows[2400]!.email = 'pas-un-email';

  async function collect(file: string, pauseEach = false) {
    const batches: PackedBatch[] = [];
    let control: { pause(): void; resume(): void } | undefined;
    const summary = await produceBatches(
      { file, delimiter: 'auto', encoding: 'auto' },
      (b) => {
        batches.push(b);
        if (pauseEach) {
          control!.pause();
          setTimeout(() => control!.resume(), 5);
        }
      },
      (c) => (control = c),
    );
    return { batches, summary };
  }

  it('hands over every valid row once, in file order, with the errors by line; pausing loses nothing', async () => {
    const text = csvText(rows);
    // a malformed record between two chunks' worth of rows
    const lines = text.split('\r\n');
    lines.splice(1500, 0, 'only;three;fields');
    const file = writeRaw(writeCsv([]), lines.join('\r\n'));
    for (const pauseEach of [false, true]) {
      const { batches, summary } = await collect(file, pauseEach);
      expect(batches.length).toBeGreaterThan(1);
      const got: number[] = [];
      const errors = batches.flatMap((b) => b.errors);
      for (const b of batches) {
        const rd = new BatchReader(b);
        const vals: (string | number | null)[] = [];
        for (let i = 0; i < b.n; i++) got.push(rd.next(vals));
      }
      expect(got.length).toBe(2500 - 2);
      expect(got).toEqual([...got].sort((a, b) => a - b));
      expect(errors.map((e) => [e.line, e.column])).toEqual([
        [12, 'banking_ban'],
        [1501, null],
        [2403, 'email'],
      ]);
      expect(summary.records).toBe(2501);
      expect(batches.at(-1)!.bytesRead).toBeGreaterThan(0);
    }
  });

  it('a header error rejects with the columns named, before any batch', async () => {
    const file = writeCsv([baseRow()], { columns: CANDIDACY_COLUMNS.filter((c) => c !== 'email') });
    const { batches, error } = await collect(file).then(
      (r) => ({ ...r, error: null }),
      (e: unknown) => ({ batches: [], error: e }),
    );
    expect(batches).toEqual([]);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).errors).toEqual([{ line: 1, column: 'email', code: 'missing_column', message: 'missing column "email"' }]);
  });
});

describe('the error cap', () => {
  let conn: Connection;
  beforeEach(() => {
    conn = tempConnection();
  });
  afterEach(() => conn.close());

  it(`keeps the first ${MAX_REPORTED_ERRORS} errors by line and counts the others (errors_omitted)`, async () => {
    const n = MAX_REPORTED_ERRORS + 25;
    const rows = Array.from({ length: n }, (_, i) => baseRow({ ref: `R${i}`, banking_ban: 'bof' }));
    const e = await importCandidacies(conn, testActor, writeCsv(rows), { on: '2026-11-26' }).then(
      () => null,
      (x: unknown) => x as InvalidInputError,
    );
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e!.errors.length).toBe(MAX_REPORTED_ERRORS);
    expect(e!.errors[0]!.line).toBe(2);
    expect(e!.errors.at(-1)!.line).toBe(MAX_REPORTED_ERRORS + 1);
    expect(e!.details).toMatchObject({ inserted: 0, errors_omitted: 25 });
    expect(e!.message).toContain(`${n} invalid rows`);
  });
});
