/**
 * The JSON text of rows that carry a list of criteria (`checks`, last key): the agenda writes
 * 15 checks per candidacy, and most of them are the same from one candidacy to the next
 * ("commits to the ethics charter"…). Each distinct check is serialized once and its text
 * reused (issue 14: the agenda's JSON of 100 000 candidacies, ~0.3 s less of JSON.stringify).
 * The text is exactly `JSON.stringify(row)`: a check is reused only when its id, result,
 * article and message are all the same; a row whose `checks` is not its last key, or not an
 * array, is serialized whole. The cache is bounded (cleared past `max` distinct messages).
 */
import type { Check } from '../rules/decision.js';

export function withChecksJson<T extends { checks: readonly Check[] }>(max = 10_000): (row: T) => string {
  const cache = new Map<string, { check: Check; text: string }>();
  // a check is reused only in the shape `check()` builds: these keys, in this order (JSON
  // writes them in the object's order)
  const plain = (c: Check): boolean => {
    const k = Object.keys(c);
    return k.length === 4 && k[0] === 'id' && k[1] === 'pass' && k[2] === 'article' && k[3] === 'message';
  };
  const textOf = (c: Check): string => {
    const hit = cache.get(c.message);
    if (hit !== undefined && hit.check.id === c.id && hit.check.pass === c.pass && hit.check.article === c.article && plain(c)) return hit.text;
    const text = JSON.stringify(c);
    if (!plain(c)) return text;
    if (cache.size >= max) cache.clear();
    cache.set(c.message, { check: { id: c.id, pass: c.pass, article: c.article, message: c.message }, text });
    return text;
  };
  return (row) => {
    const keys = Object.keys(row);
    if (keys[keys.length - 1] !== 'checks' || !Array.isArray(row.checks)) return JSON.stringify(row);
    const rest: Record<string, unknown> = {};
    for (let k = 0; k < keys.length - 1; k++) rest[keys[k]!] = (row as Record<string, unknown>)[keys[k]!];
    const head = JSON.stringify(rest);
    let s = head.length > 2 ? `${head.slice(0, -1)},"checks":[` : '{"checks":[';
    const checks = row.checks;
    for (let k = 0; k < checks.length; k++) s += (k === 0 ? '' : ',') + textOf(checks[k]!);
    return `${s}]}`;
  };
}
