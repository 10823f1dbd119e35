/**
 * The message catalogue (issue 11): every human message exists in English and French,
 * with the same keys and placeholders (test/i18n/catalogue.test.ts). The language is a
 * process-wide setting like LANG itself, chosen once per run from the environment
 * (`PARNASSE_LANG`, else `LC_ALL`, `LC_MESSAGES`, `LANG`: `fr*` → French, anything else →
 * English), so rules and capability modules can word their refusals without a terminal.
 * JSON keys, enum values, exit codes, command and flag names never change with it.
 *
 * Messages: `t('bill.run.done', { invoices: 3 })` with `{name}` placeholders. Each
 * capability owns a namespace file in `en/` and `fr/` (e.g. `en/billing.ts`), combined in
 * `en/index.ts` and `fr/index.ts`.
 */
import type { Catalogue } from './en/index.js';
import { loadCatalogue } from './catalogue-files.js';

export type Lang = 'en' | 'fr';
export type MessageKey = keyof Catalogue;
export type Params = Record<string, string | number | boolean | null | undefined>;

/** Each catalogue is loaded the first time a message of its language is asked (a run speaks one). */
const loaded: Partial<Record<Lang, Record<string, string>>> = {};
function catalogue(l: Lang): Record<string, string> {
  return (loaded[l] ??= loadCatalogue(l));
}
const CATALOGUES: Readonly<Record<Lang, Record<string, string>>> = {
  get en() {
    return catalogue('en');
  },
  get fr() {
    return catalogue('fr');
  },
};
let current: Lang = 'en';

/** The language a run speaks, from its environment (CLI.md "Global"). */
export function detectLang(env: Record<string, string | undefined>): Lang {
  const forced = env.PARNASSE_LANG?.trim().toLowerCase();
  if (forced) return forced.startsWith('fr') ? 'fr' : 'en';
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^fr([_.@-]|$)/i.test(locale) ? 'fr' : 'en';
}

export function setLang(lang: Lang): void {
  current = lang;
}

export function lang(): Lang {
  return current;
}

/** The message `key` in the current language, placeholders `{name}` filled from `params`. */
export function t(key: MessageKey, params: Params = {}): string {
  const text = catalogue(current)[key] ?? catalogue('en')[key]!;
  return fill(text, params);
}

/** The same message in a given language (documents written in French whatever the operator's locale). */
export function tIn(l: Lang, key: MessageKey, params: Params = {}): string {
  return fill(catalogue(l)[key] ?? catalogue('en')[key]!, params);
}

/** A message split once at its placeholders: even indexes text, odd indexes names (lists fill one per row). */
const parsed = new Map<string, string[]>();
function fill(text: string, params: Params): string {
  let parts = parsed.get(text);
  if (parts === undefined) {
    parts = text.split(/\{(\w+)\}/);
    parsed.set(text, parts);
  }
  if (parts.length === 1) return text;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    out += (name in params ? String(params[name] ?? '') : `{${name}}`) + parts[i + 1]!;
  }
  return out;
}

/** The placeholders a message uses (for the catalogue test). */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}

export const catalogues = CATALOGUES;
