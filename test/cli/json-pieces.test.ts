import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonResultPieces } from '../../src/cli/json-pieces.js';

describe('jsonResultPieces: a result written in pieces is the text out.result prints', () => {
  it('any document (lists as arrays or as iterables read once): JSON.stringify(doc, null, 2) and a newline', () => {
    const value = fc.jsonValue();
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(value, fc.array(value), fc.constant(undefined))), fc.boolean(), (doc, lazy) => {
        const expected = `${JSON.stringify(doc, null, 2)}\n`;
        // the lists given as one-shot iterables, as the SEPA export gives its debits
        const given = lazy ? Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, Array.isArray(v) ? once(v) : v])) : doc;
        expect([...jsonResultPieces(given)].join('')).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('the SEPA result: debits one piece each, nothing held', () => {
    const doc = {
      month: '2026-12',
      msg_id: 'PARNASSE-2026-12-1',
      debits: [
        { invoice: 'F2026-000001', amount_cents: 26_200 },
        { invoice: 'F2026-000002', amount_cents: 26_200 },
      ],
      left_out: [],
    };
    const pieces = [...jsonResultPieces({ ...doc, debits: once(doc.debits) })];
    expect(pieces.join('')).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    expect(pieces.filter((p) => p.includes('"invoice"'))).toHaveLength(2);
  });
});

function once<T>(items: T[]): Iterable<T> {
  let used = false;
  return {
    *[Symbol.iterator]() {
      if (used) throw new Error('read twice');
      used = true;
      yield* items;
    },
  };
}
