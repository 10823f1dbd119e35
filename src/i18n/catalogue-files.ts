/**
 * Where the catalogues come from. From the sources (tests), these modules; in the build
 * (scripts/build.mjs) this file is replaced by one that reads dist/i18n-LANG.json on first
 * use, so a run parses only the language it speaks (issue 27: start-up).
 */
import { en } from './en/index.js';
import { fr } from './fr/index.js';

export function loadCatalogue(lang: 'en' | 'fr'): Record<string, string> {
  return lang === 'en' ? en : fr;
}
