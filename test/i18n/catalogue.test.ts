import { describe, expect, it } from 'vitest';
import { catalogues, detectLang, placeholders, setLang, t } from '../../src/i18n/index.js';

describe('the message catalogue', () => {
  it('English and French have the same keys', () => {
    expect(Object.keys(catalogues.fr).sort()).toEqual(Object.keys(catalogues.en).sort());
  });

  it('each message has the same placeholders in both languages', () => {
    const diff = Object.keys(catalogues.en).filter((k) => placeholders(catalogues.en[k]!).join(',') !== placeholders(catalogues.fr[k]!).join(','));
    expect(diff).toEqual([]);
  });

  it('no message is empty, and French messages are not left in English', () => {
    for (const [k, v] of Object.entries(catalogues.fr)) expect(v.trim(), k).not.toBe('');
    const same = Object.keys(catalogues.en).filter((k) => catalogues.en[k] === catalogues.fr[k] && /[a-z]{4,} [a-z]{4,}/i.test(catalogues.en[k]!));
    expect(same).toEqual([]);
  });

  it('the language follows PARNASSE_LANG, then LC_ALL, LC_MESSAGES, LANG', () => {
    expect(detectLang({})).toBe('en');
    expect(detectLang({ LANG: 'fr_FR.UTF-8' })).toBe('fr');
    expect(detectLang({ LANG: 'C' })).toBe('en');
    expect(detectLang({ LANG: 'fr_FR.UTF-8', LC_ALL: 'C' })).toBe('en');
    expect(detectLang({ LANG: 'C', PARNASSE_LANG: 'fr' })).toBe('fr');
    expect(detectLang({ LANG: 'fr_CA.UTF-8', PARNASSE_LANG: 'en' })).toBe('en');
    expect(detectLang({ LANG: 'fries' })).toBe('en');
  });

  it('fills placeholders in the current language', () => {
    setLang('fr');
    expect(t('common.refused', { article: 'art. 7.3', reason: 'x' })).toBe('refusé (art. 7.3) : x');
    setLang('en');
    expect(t('common.refused', { article: 'art. 7.3', reason: 'x' })).toBe('refused (art. 7.3): x');
  });

  it('every message of both catalogues fills exactly as a placeholder-by-placeholder replace would (templates parsed once)', () => {
    for (const lang of ['en', 'fr'] as const) {
      setLang(lang);
      for (const [key, text] of Object.entries(catalogues[lang])) {
        const names = placeholders(text);
        // every placeholder given, then one missing (kept as written)
        const all = Object.fromEntries(names.map((n, i) => [n, i % 2 ? i : `v${i}`]));
        const want = (p: Record<string, unknown>) => text.replace(/\{(\w+)\}/g, (w, n: string) => (n in p ? String(p[n] ?? '') : w));
        expect(t(key as Parameters<typeof t>[0], all)).toBe(want(all));
        if (names.length) {
          const some = { ...all };
          delete some[names[0]!];
          expect(t(key as Parameters<typeof t>[0], some)).toBe(want(some));
        }
      }
    }
    setLang('en');
  });
});
