import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { flatJson } from '../../src/cli/flat-json.js';

describe('flatJson: the text of flat rows is exactly JSON.stringify (issue 14)', () => {
  const primitive = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'binary' }), // lone surrogates, controls
    fc.constantFrom('F2026-000001', 'a"b', 'a\\b', 'é', '\u2028', '\ud800', ''),
    fc.integer(),
    fc.double(), // NaN, Infinity, -0
    fc.boolean(),
    fc.constant(null),
  );
  it('property: rows of one shape, any primitive values', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 8 }),
        fc.array(fc.array(primitive, { minLength: 8, maxLength: 8 }), { maxLength: 20 }),
        (keys, rows) => {
          const text = flatJson<Record<string, unknown>>();
          for (const values of rows) {
            const row: Record<string, unknown> = {};
            for (const [i, k] of keys.entries()) Object.defineProperty(row, k, { value: values[i], enumerable: true, writable: true, configurable: true });
            expect(text(row)).toBe(JSON.stringify(row));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a row of another shape or with other values is JSON.stringify whole', () => {
    const text = flatJson<Record<string, unknown>>();
    const rows: Record<string, unknown>[] = [
      { a: 1, b: 'x' },
      { b: 'x', a: 1 },
      { a: 1 },
      { a: 1, b: 'x', c: null },
      { a: undefined, b: 'x' },
      { a: [1, 2], b: { c: 1 } },
      { a: new Date(0), b: 1 },
      { a: 1, b: 'x', toJSON: () => 'custom' },
      {},
    ];
    for (const r of rows) expect(text(r)).toBe(JSON.stringify(r));
    expect(text([1, 2] as unknown as Record<string, unknown>)).toBe('[1,2]');
  });
});
