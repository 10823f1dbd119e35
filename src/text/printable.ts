/**
 * What an invoice can print (issue 28 item 13). Names and addresses end up on PDFs drawn
 * with the embedded DejaVu Sans Condensed (assets/fonts): a character it has no glyph for
 * (CJK, emoji, many scripts) would silently disappear from the invoice, and pdfkit lays text
 * out left to right only, so a right-to-left script (Hebrew, Arabic…) would come out in
 * reverse order. Such text is refused on entry (RULES.md §3, decision) rather than printed
 * wrong. Latin, Greek and Cyrillic are printed as typed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Every character below U+0250 (Latin up to Latin Extended-B) is in the font: no need to load it. */
const SURELY_PRINTED = /^[\u0000-\u024f]*$/;
/** Right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic…, their presentation forms, and the RTL planes. */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|[\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

let covers: ((cp: number) => boolean) | null = null;

function fontCoverage(): (cp: number) => boolean {
  if (covers) return covers;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  let fontDir: string | null = null;
  for (let i = 0; i < 5 && !fontDir; i++) {
    const candidate = path.join(dir, 'assets', 'fonts');
    if (fs.existsSync(path.join(candidate, 'DejaVuSansCondensed.ttf'))) fontDir = candidate;
    dir = path.dirname(dir);
  }
  if (!fontDir) throw new Error('assets/fonts/DejaVuSansCondensed.ttf not found: the installation is incomplete');
  const req = createRequire(import.meta.url);
  const fontkit = createRequire(req.resolve('pdfkit'))('fontkit') as { create(b: Uint8Array): { hasGlyphForCodePoint(cp: number): boolean } };
  const faces = ['DejaVuSansCondensed.ttf', 'DejaVuSansCondensed-Bold.ttf'].map((f) => fontkit.create(fs.readFileSync(path.join(fontDir!, f))));
  covers = (cp) => faces.every((f) => f.hasGlyphForCodePoint(cp));
  return covers;
}

/** The first character of `s` an invoice cannot print as typed, and why; null when all can be. */
export function unprintable(s: string): { ch: string; why: 'rtl' | 'glyph' } | null {
  if (SURELY_PRINTED.test(s)) return null;
  const has = fontCoverage();
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x250) continue;
    if (RTL.test(ch)) return { ch, why: 'rtl' };
    if (!has(cp)) return { ch, why: 'glyph' };
  }
  return null;
}
