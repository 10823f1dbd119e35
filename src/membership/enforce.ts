import { RefusedError } from '../errors.js';
import type { Decision } from '../rules/decision.js';

/** Turns a rule's refusal into the RefusedError (exit 3) that names its article. */
export function enforce<T>(d: Decision<T> | { ok: false; article: string; reason: string } | { ok: true; article: string }): void {
  if (!d.ok) throw new RefusedError(d.article, d.reason);
}
