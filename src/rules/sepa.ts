/**
 * SEPA direct debit rules (art. 7.3.1, 7.3.3, 7.3.5; EPC SDD Core rulebook) and the club's
 * identifiers: creditor identifier (ICS), French VAT number. Pure: no database, no clock.
 */
import type { IsoDate } from './dates.js';
import { addMonths, monthOf, nextMonth } from './dates.js';
import { consequences } from './termination.js';
import type { Decision } from './decision.js';
import { t } from '../i18n/index.js';

export const ART_SEPA = '7.3.1';
export const ART_MANDATE = '7.3.3';
export const ART_PAY_BY = '7.3.5';

/** A mandate unused for 36 months lapses (EPC SDD Core rulebook 4.1). */
export const MANDATE_LAPSE_MONTHS = 36;

function mod97(digits: string): number {
  let r = 0;
  for (let i = 0; i < digits.length; i++) r = (r * 10 + (digits.charCodeAt(i) - 48)) % 97;
  return r;
}

/** Letters as 10..35, digits as themselves (ISO 7064 MOD 97-10 as used by IBAN and ICS). */
function lettersToDigits(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c >= 48 && c <= 57) out += ch;
    else if (c >= 65 && c <= 90) out += String(c - 55);
  }
  return out;
}

/**
 * A SEPA creditor identifier: country (2 letters), 2 check digits, creditor business code
 * (3 characters, not part of the check), national identifier. French ICS: `FRkkZZZnnnnnn`.
 * Returns the compact upper-case form, or null.
 */
export function normalizeIcs(input: string): string | null {
  const s = input.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$/.test(s)) return null;
  if (s.startsWith('FR') && !/^FR\d{2}[A-Z0-9]{3}[A-Z0-9]{6}$/.test(s)) return null;
  const check = lettersToDigits(s.slice(7) + s.slice(0, 2) + s.slice(2, 4));
  return mod97(check) === 1 ? s : null;
}

/** The ICS with its check digits computed (for tests and examples). */
export function icsWithCheckDigits(country: string, business: string, national: string): string {
  const r = mod97(lettersToDigits(national + country + '00'));
  return `${country}${String(98 - r).padStart(2, '0')}${business}${national}`;
}

/** French intra-community VAT number: FR + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97. */
export function frenchVatNumber(siren: string): string {
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(key).padStart(2, '0')}${siren}`;
}

export function normalizeFrenchVat(input: string): string | null {
  const s = input.replace(/\s/g, '').toUpperCase();
  const m = /^FR(\d{2})(\d{9})$/.exec(s);
  if (!m) return null;
  return frenchVatNumber(m[2]!) === s ? s : null;
}

/** BIC: 4 letters (bank), 2 letters (country), 2 alphanumerics (location), optionally 3 (branch). */
export function normalizeBic(input: string): string | null {
  const s = input.replace(/\s/g, '').toUpperCase();
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(s) ? s : null;
}

/** The EPC basic Latin character set allowed in SEPA texts. */
export const EPC_TEXT = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

const SPECIAL: Record<string, string> = {
  '&': '+',
  '@': '(at)',
  _: '-',
  '"': "'",
  '«': "'",
  '»': "'",
  '’': "'",
  '‘': "'",
  '“': "'",
  '”': "'",
  '–': '-',
  '—': '-',
  '€': 'EUR',
  ß: 'ss',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  Ø: 'O',
  ø: 'o',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Þ: 'TH',
  þ: 'th',
  ';': ',',
  '!': '.',
  '#': ' ',
  '*': ' ',
  '%': ' ',
  '=': ' ',
  '<': '(',
  '>': ')',
  '[': '(',
  ']': ')',
  '{': '(',
  '}': ')',
  '\\': '/',
  '|': '/',
  '~': '-',
  '°': 'o',
  '²': '2',
  '³': '3',
};

/**
 * A text in the EPC Latin character set (é → e, & → +, ß → ss…), spaces collapsed, cut
 * to `max` characters. Whatever is left outside the set becomes a space.
 */
export function toEpcText(input: string, max: number): string {
  let out = '';
  for (const ch of input.normalize('NFD')) {
    const c = ch.charCodeAt(0);
    if (c >= 0x300 && c <= 0x36f) continue; // combining accents
    if (EPC_TEXT.test(ch)) out += ch;
    else if (ch in SPECIAL) out += SPECIAL[ch];
    else out += ' ';
  }
  return out.replace(/\s+/g, ' ').trim().slice(0, max).trim();
}

/** An identifier (RUM, end-to-end id): EPC characters, no leading `/`, no `//`, ≤ 35. */
export function isSepaId(s: string): boolean {
  return s.length >= 1 && s.length <= 35 && /^[A-Za-z0-9/\-?:().,'+ ]+$/.test(s) && !s.startsWith('/') && !s.includes('//');
}

/** The mandate reference generated at the confirmation call: unique by member number. */
export function generatedRum(memberNo: number, signedOn: IsoDate): string {
  return `PARNASSE-${String(memberNo).padStart(6, '0')}-${signedOn.replace(/-/g, '')}`;
}

/** FRST for a mandate's first collection (or after a rejected first one), RCUR after. */
export function sequenceType(collectedBefore: number): 'FRST' | 'RCUR' {
  return collectedBefore > 0 ? 'RCUR' : 'FRST';
}

/**
 * A mandate lapses when unused for 36 months. Counted from its last collection here, else
 * from the day it was recorded (a mandate brought over from a previous system with
 * `member mandate` is known to be in use that day), never before its signature.
 */
export function mandateLapsed(m: { signedOn: IsoDate; recordedOn?: IsoDate; lastCollection: IsoDate | null }, on: IsoDate): boolean {
  const since = m.lastCollection ?? (m.recordedOn && m.recordedOn > m.signedOn ? m.recordedOn : m.signedOn);
  return addMonths(since, MANDATE_LAPSE_MONTHS) <= on;
}

/**
 * The collection date (RULES.md §6, decision SEPA): at the latest the pay-by date (invoice
 * + 10 days, art. 7.3.5) so a debit that goes through is never late; after the export day.
 */
export function checkCollectionDate(collection: IsoDate, payBy: IsoDate, exportedOn: IsoDate): Decision {
  if (collection > payBy) return { ok: false, article: ART_PAY_BY, reason: t('documents.sepa.collection_after_pay_by', { collection, pay_by: payBy }) };
  if (collection <= exportedOn)
    return { ok: false, article: ART_SEPA, reason: t('documents.sepa.collection_not_after_export', { collection, on: exportedOn }) };
  return { ok: true, article: ART_PAY_BY };
}

/**
 * Whether a debit collected on `collection` falls after the end of the member's contract
 * (`terminatedOn`: the first day without one): direct debits stop from the month after
 * the last month billed (art. 10.4), what is owed after that is paid by transfer or card.
 */
export function debitAfterContract(terminatedOn: IsoDate | null, collection: IsoDate): boolean {
  if (terminatedOn === null) return false;
  return monthOf(collection) >= nextMonth(consequences(terminatedOn).lastBilledMonth);
}
