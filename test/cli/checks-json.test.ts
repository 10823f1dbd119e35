import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { withChecksJson } from '../../src/cli/checks-json.js';

const check = fc.record({
  id: fc.constantFrom('E1', 'E2', 'D5', 'A1'),
  pass: fc.boolean(),
  article: fc.constantFrom('3.1', '3.2', '3.4'),
  // few distinct messages, so that the cache is hit with the same message and another id/result/article
  message: fc.oneof(fc.constantFrom('commits to the ethics charter', 'no Préventel listing', 'x "quoted" \\ \n'), fc.string()),
});

describe('withChecksJson: the text of a row with checks is exactly JSON.stringify (issue 14)', () => {
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

describe('withChecksJson: a check in another key order is not given the cached text', () => {
  it('the same values, keys in another order: written as JSON.stringify writes that object', () => {
    const text = withChecksJson<{ ref: string; checks: { id: string; pass: boolean; article: string; message: string }[] }>();
    const a = { ref: 'C1', checks: [{ id: 'E6', pass: true, article: '3.1', message: 'charter' }] };
    const b = { ref: 'C2', checks: [{ message: 'charter', id: 'E6', pass: true, article: '3.1' }] };
    expect(text(a)).toBe(JSON.stringify(a));
    expect(text(b)).toBe(JSON.stringify(b));
    expect(text(a)).toBe(JSON.stringify(a));
  });
});
