/**
 * The JSON text of rows that carry a list of criteria (`checks`, last key): the agenda writes
 * 15 checks per candidacy, and most of them are the same Check from one candidacy to the next
 * (CheckMemo, src/candidacy/evaluate.ts, gives one frozen Check per distinct input). The text
 * of a frozen check is made once, with its UTF-8 bytes, and kept by the check's identity
 * (issue 27: the agenda's 146 MB of JSON for 100 000 candidacies were encoded byte by byte
 * and mostly the same). The pieces are exactly `JSON.stringify(row)`: a check that is not
 * frozen is serialized each time; a row whose `checks` is not its last key, or not an array,
 * is serialized whole. The cache is bounded (cleared past `max` distinct checks).
 */
import type { Check } from '../rules/decision.js';
import { encodedPiece, type JsonPieces } from './output.js';

const CHECKS_OPEN = encodedPiece(',"checks":[');
const CLOSE = encodedPiece(']}');

const sameKeys = (a: string[], b: string[]): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** `row => ({ k0: row.k0, … })` for these keys, compiled once (a fixed shape, where a loop of keyed stores is not). */
function restOf(keys: string[]): (row: unknown) => object {
  if (keys.some((k) => k === '__proto__')) {
    return (row) => {
      const o: Record<string, unknown> = {};
      for (const k of keys) Object.defineProperty(o, k, { value: (row as Record<string, unknown>)[k], enumerable: true, writable: true, configurable: true });
      return o;
    };
  }
  const body = keys.map((k) => `${JSON.stringify(k)}: r[${JSON.stringify(k)}]`).join(',\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(`"use strict"; return (r) => ({\n${body}\n});`)() as (row: unknown) => object;
}

export function checksJsonPieces<T extends { checks: readonly Check[] }>(max = 10_000): (row: T, out: JsonPieces) => void {
  /** A frozen check's text alone (the first of its list) and after a comma. */
  const pieces = new Map<Check, [{ text: string; bytes: Uint8Array }, { text: string; bytes: Uint8Array }]>();
  const write = (c: Check, first: boolean, out: JsonPieces): void => {
    let p = pieces.get(c);
    if (p === undefined) {
      const text = JSON.stringify(c);
      if (!Object.isFrozen(c)) {
        out.text(first ? text : `,${text}`);
        return;
      }
      if (pieces.size >= max) pieces.clear();
      pieces.set(c, (p = [encodedPiece(text), encodedPiece(`,${text}`)]));
    }
    const piece = first ? p[0] : p[1];
    out.encoded(piece.text, piece.bytes);
  };
  /** The keys of the rows seen first, and an object literal of those keys but `checks` (one shape: JSON.stringify's fast path). */
  let shape: { keys: string[]; rest: (row: unknown) => object } | undefined;
  return (row, out) => {
    const keys = Object.keys(row);
    if (keys[keys.length - 1] !== 'checks' || !Array.isArray(row.checks)) {
      out.text(JSON.stringify(row));
      return;
    }
    if (shape === undefined || !sameKeys(keys, shape.keys)) shape = { keys, rest: restOf(keys.slice(0, -1)) };
    const head = JSON.stringify(shape.rest(row));
    if (head.length > 2) {
      out.text(head.slice(0, -1));
      out.encoded(CHECKS_OPEN.text, CHECKS_OPEN.bytes);
    } else out.text('{"checks":[');
    const checks = row.checks;
    for (let k = 0; k < checks.length; k++) write(checks[k]!, k === 0, out);
    out.encoded(CLOSE.text, CLOSE.bytes);
  };
}
