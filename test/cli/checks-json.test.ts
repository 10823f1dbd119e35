import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checksJsonPieces } from '../../src/cli/checks-json.js';
import type { Check } from '../../src/rules/decision.js';

/** The pieces of a row joined, as the Sink writes them: the text, and the bytes decoded (they must be the text's UTF-8). */
function withChecksJson<T extends { checks: readonly Check[] }>(max?: number): (row: T) => string {
  const write = checksJsonPieces<T>(max);
  return (row) => {
    let text = '';
    const bytes: Buffer[] = [];
    write(row, {
      text(s) {
        text += s;
        bytes.push(Buffer.from(s, 'utf8'));
      },
      encoded(s, b) {
        expect(Buffer.from(b).equals(Buffer.from(s, 'utf8'))).toBe(true);
        text += s;
        bytes.push(Buffer.from(b));
      },
    });
    expect(Buffer.concat(bytes).toString('utf8')).toBe(text);
    return text;
  };
}

const check = fc.record({
  id: fc.constantFrom('E1', 'E2', 'D5', 'A1'),
  pass: fc.boolean(),
  article: fc.constantFrom('3.1', '3.2', '3.4'),
  // few distinct messages, so that the cache is hit with the same message and another id/result/article
  message: fc.oneof(fc.constantFrom('commits to the ethics charter', 'no Préventel listing', 'x "quoted" \\ \n'), fc.string()),
});

describe('checksJsonPieces: the text of a row with checks is exactly JSON.stringify (issue 14)', () => {
  it('property: on rows of any values, the cached text equals JSON.stringify, row after row', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            ref: fc.string(),
            zone: fc.option(fc.string()),
            overdue: fc.boolean(),
            days_left: fc.integer(),
            checks: fc.array(check, { maxLength: 15 }),
          }),
          { maxLength: 30 },
        ),
        fc.integer({ min: 1, max: 5 }),
        (rows, max) => {
          const text = withChecksJson<(typeof rows)[number]>(max);
          for (const r of rows) expect(text(r)).toBe(JSON.stringify(r));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a row whose checks are not its last key, or with no other key, or a check with more keys, is still exact', () => {
    const text = withChecksJson<{ checks: { id: string; pass: boolean; article: string; message: string }[] }>();
    const c = { id: 'E6', pass: true, article: '3.1', message: 'commits to the ethics charter' };
    expect(text({ checks: [c, c] })).toBe(JSON.stringify({ checks: [c, c] }));
    const first = { checks: [c], ref: 'C1' };
    expect(text(first)).toBe(JSON.stringify(first));
    const wider = { ref: 'C2', checks: [{ ...c, extra: 1 }] };
    expect(text(wider)).toBe(JSON.stringify(wider));
    // the same message with another result is not taken from the cache
    const failed = { ref: 'C3', checks: [{ ...c, pass: false }] };
    expect(text(failed)).toBe(JSON.stringify(failed));
  });
});

describe('checksJsonPieces: a check in another key order is not given the cached text', () => {
  it('the same values, keys in another order: written as JSON.stringify writes that object', () => {
    const text = withChecksJson<{ ref: string; checks: { id: string; pass: boolean; article: string; message: string }[] }>();
    const a = { ref: 'C1', checks: [{ id: 'E6', pass: true, article: '3.1', message: 'charter' }] };
    const b = { ref: 'C2', checks: [{ message: 'charter', id: 'E6', pass: true, article: '3.1' }] };
    expect(text(a)).toBe(JSON.stringify(a));
    expect(text(b)).toBe(JSON.stringify(b));
    expect(text(a)).toBe(JSON.stringify(a));
  });
});

describe('checksJsonPieces: frozen checks shared between rows (CheckMemo) are written from their kept bytes', () => {
  it('property: rows drawing their checks from a pool of frozen checks, keys of any shape, give JSON.stringify', () => {
    fc.assert(
      fc.property(
        fc.array(check, { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(fc.string(), fc.array(fc.nat(), { maxLength: 15 }), fc.boolean()), { maxLength: 20 }),
        fc.integer({ min: 1, max: 5 }),
        (pool, rows, max) => {
          const frozen = pool.map((c) => Object.freeze({ ...c }));
          const text = withChecksJson<{ ref?: string; name?: string; checks: readonly Check[] }>(max);
          for (const [ref, picks, named] of rows) {
            const checks = picks.map((i) => frozen[i % frozen.length]!);
            // two shapes of rows, in turn: the compiled head follows the keys
            const row = named ? { ref, name: `${ref} é`, checks } : { ref, checks };
            expect(text(row)).toBe(JSON.stringify(row));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a key named __proto__ is written as an own key, as JSON.stringify does', () => {
    const c = Object.freeze({ id: 'E6', pass: true, article: '3.1', message: 'charter' });
    const row = JSON.parse('{"__proto__": "x", "ref": "C1", "checks": []}') as { checks: Check[] };
    row.checks.push(c);
    expect(withChecksJson<typeof row>()(row)).toBe(JSON.stringify(row));
  });
});
