/**
 * One candidacy as typed (a CSV row or `candidate add` flags): the CSV columns of CLI.md,
 * their parsing and validation. Shared by `candidate add` and `candidate import`; written
 * for speed (no per-row schema objects: an import validates up to millions of rows).
 */
import type { RowCode, RowError } from '../errors.js';
import { unprintable } from '../text/printable.js';
import { t } from '../i18n/index.js';
import { clip, parseAmountField, parseBooleanField, parseDateField, parseEnumField, parseIntegerField, type Parsed } from '../csv/fields.js';
import { LINE_TECHNOLOGIES, MEMBER_KINDS, type LineTechnology } from '../rules/enums.js';
import { isFrenchIban, isOneEmailAddress, isValidSiren, normalizeIban, normalizeSiren } from '../rules/identifiers.js';
import { departmentFromPostalCode, resolveDepartment } from '../rules/zones.js';
import { parseDocumentList, type CandidacyFacts } from '../rules/eligibility.js';
import type { IsoDate } from '../rules/dates.js';

import type { CandidacyColumn } from './columns.js';
export { CANDIDACY_COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, type CandidacyColumn } from './columns.js';

export const MAX_REF_CHARS = 64;

/**
 * A validated, normalised candidacy (the stored form of every CSV column): the facts the
 * rules judge (CandidacyFacts) plus identity, address and dossier fields.
 */
export interface CandidacyInput extends Omit<CandidacyFacts, 'documents' | 'addressesDiffer' | 'lineTechnology' | 'iban'> {
  ref: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  birthDate: IsoDate | null;
  street: string;
  postalCode: string;
  city: string;
  /** The département of the postal code (checked against the one given, if any). */
  department: string;
  companyName: string;
  companySiren: string;
  lineTechnology: LineTechnology;
  /** Electronic format (no spaces, upper case); any valid IBAN (a non-FR one fails D5). */
  iban: string | null;
  appliedOn: IsoDate;
  /** `D1|D2|…`, sorted, without duplicates. */
  documents: string;
}

export type ValidationResult = { ok: true; input: CandidacyInput } | { ok: false; errors: RowError[] };

// ---------------------------------------------------------------------------------------
// The field validators of a candidacy as typed, one per kind of field: validateCandidacy
// uses them for every row, and the corrections (`candidate edit`, `member edit`) use the
// same ones, so a value refused on input is refused on correction with the same message.

/** A required text: trimmed, not empty. */
export function requiredTextField(raw: string): Parsed<string> {
  const v = raw.trim();
  return v === '' ? { ok: false, code: 'empty_required', message: t('record.empty_required') } : { ok: true, value: v };
}

/**
 * Why a name or an address cannot go on an invoice as typed (issue 28: a character the
 * embedded font lacks would disappear, a right-to-left script would print reversed), or null.
 */
export function unprintableReason(v: string): { code: RowCode; message: string } | null {
  const u = unprintable(v);
  if (!u) return null;
  const code = `U+${u.ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return u.why === 'rtl'
    ? { code: 'unprintable_rtl', message: t('record.unprintable_rtl', { ch: u.ch, code }) }
    : { code: 'unprintable_glyph', message: t('record.unprintable_glyph', { ch: u.ch, code }) };
}

/** A required text printed on invoices (a name, an address): trimmed, not empty, printable. */
export function printedTextField(raw: string): Parsed<string> {
  const r = requiredTextField(raw);
  if (!r.ok) return r;
  const p = unprintableReason(r.value);
  return p ? { ok: false, ...p } : r;
}

/** An optional text: trimmed, null when empty. */
export function optionalTextField(raw: string): string | null {
  const v = raw.trim();
  return v === '' ? null : v;
}

/** An e-mail address (required). */
export function emailField(raw: string): Parsed<string> {
  const r = requiredTextField(raw);
  if (r.ok && !isOneEmailAddress(r.value)) return { ok: false, code: 'not_email', message: t('record.not_email', { email: clip(r.value) }) };
  return r;
}

/** An optional IBAN that must be French (a member's, art. 3.2 D5: `member import`, `member edit`), electronic format. */
export function frenchIbanField(raw: string): Parsed<string | null> {
  const v = optionalTextField(raw);
  if (v === null) return { ok: true, value: null };
  return isFrenchIban(v) ? { ok: true, value: normalizeIban(v) } : { ok: false, code: 'not_fr_iban', message: t('record.not_fr_iban', { iban: clip(v) }) };
}

/** An optional IBAN, in electronic format; any valid IBAN (a non-FR one fails D5 later). */
export function ibanField(raw: string): Parsed<string | null> {
  const v = optionalTextField(raw);
  if (v === null) return { ok: true, value: null };
  const iban = normalizeIban(v);
  return iban === null ? { ok: false, code: 'not_iban', message: t('record.not_iban', { iban: clip(v) }) } : { ok: true, value: iban };
}

/** The département of a postal code, checked against the one given (if any); the column at fault. */
export function placeField(
  postalCode: string,
  departmentGiven: string | null,
): { ok: true; department: string } | { ok: false; column: 'postal_code' | 'department'; code: RowCode; message: string } {
  const d = resolveDepartment(postalCode, departmentGiven);
  if (d.ok) return d;
  return {
    ok: false,
    column: departmentGiven && /^\d{5}$/.test(postalCode) ? 'department' : 'postal_code',
    code: placeCode(postalCode),
    message: d.reason,
  };
}

/** The code of a refused place (resolveDepartment): no département for the postal code, or another one than the given. */
export function placeCode(postalCode: string): RowCode {
  return departmentFromPostalCode(postalCode) ? 'postal_department' : 'not_postal_code';
}

/**
 * Validates one candidacy. `get(column)` returns the raw text of a column ('' when empty
 * or absent). Errors carry `line` and the CSV column name.
 */
export function validateCandidacy(get: (c: CandidacyColumn) => string, line: number): ValidationResult {
  let errors: RowError[] | null = null;
  const err = (column: CandidacyColumn, code: RowCode, message: string) => {
    (errors ??= []).push({ line, column, code, message });
  };
  const take = <T>(column: CandidacyColumn, p: Parsed<T>, fallback: T): T => {
    if (p.ok) return p.value;
    err(column, p.code, p.message);
    return fallback;
  };
  // requiredTextField / optionalTextField without an object per field (an import validates millions)
  const text = (column: CandidacyColumn): string => {
    const v = get(column).trim();
    if (v === '') err(column, 'empty_required', t('record.empty_required'));
    else {
      const p = unprintableReason(v);
      if (p) err(column, p.code, p.message);
    }
    return v;
  };
  const optText = (column: CandidacyColumn): string | null => {
    const v = optionalTextField(get(column));
    const p = v === null ? null : unprintableReason(v);
    if (p) err(column, p.code, p.message);
    return v;
  };
  const optDate = (column: CandidacyColumn): IsoDate | null => {
    const v = get(column);
    return v.trim() === '' ? null : take(column, parseDateField(v), null);
  };
  const bool = (column: CandidacyColumn) => take(column, parseBooleanField(get(column)), false);
  const amount = (column: CandidacyColumn) => take(column, parseAmountField(get(column), { min: 0 }), 0);

  const ref = text('ref');
  if (ref.length > MAX_REF_CHARS) err('ref', 'too_long', t('record.ref_long', { max: MAX_REF_CHARS }));
  else if (/[\u0000-\u001f]/.test(ref)) err('ref', 'control_character', t('record.control_chars'));
  const kind = take('kind', parseEnumField(get('kind'), MEMBER_KINDS), 'person');
  const firstName = text('first_name');
  const lastName = text('last_name');
  const email = take('email', emailField(get('email')), '');
  const phone = optText('phone');
  const birthDate = optDate('birth_date');
  const foreignNational = bool('foreign_national');
  const street = text('street');
  const postalCode = text('postal_code');
  const city = text('city');
  const departmentGiven = optText('department');
  let department = '';
  if (postalCode !== '') {
    const d = placeField(postalCode, departmentGiven);
    if (d.ok) department = d.department;
    else err(d.column, d.code, d.message);
  }
  const companyName = text('company_name');
  const sirenRaw = text('company_siren');
  const companySiren = normalizeSiren(sirenRaw);
  if (sirenRaw !== '' && !isValidSiren(companySiren)) {
    if (/^\d{9}$/.test(companySiren)) err('company_siren', 'siren_key', t('record.siren_key', { company_siren: companySiren }));
    else err('company_siren', 'not_siren', t('record.not_siren', { siren: clip(sirenRaw) }));
  }
  const companyRevenueCents = amount('company_revenue_eur');
  const isExecutive = bool('is_executive');
  const annualIncomeCents = amount('annual_income_eur');
  const preventelListed = bool('preventel_listed');
  const operatorUnpaid = bool('operator_unpaid');
  const bankingBan = bool('banking_ban');
  const sponsorMemberNo = optText('sponsor_member_no');
  if (sponsorMemberNo !== null && !/^\d{1,12}$/.test(sponsorMemberNo))
    err('sponsor_member_no', 'not_member_no', t('record.not_member_no', { sponsor: clip(sponsorMemberNo) }));
  const invitedByParnasse = bool('invited_by_parnasse');
  const charterAccepted = bool('charter_accepted');
  const lineTechnology = take('line_technology', parseEnumField(get('line_technology'), LINE_TECHNOLOGIES), 'fibre');
  const orangeSubscriptions = take('orange_subscriptions', parseIntegerField(get('orange_subscriptions'), 0, 99), 0);
  const incompatibleOffer = bool('incompatible_offer');
  const iban = take('iban', ibanField(get('iban')), null);
  const appliedOn = take('applied_on', parseDateField(get('applied_on')), '');
  const docsRaw = optText('documents');
  let documents = '';
  if (docsRaw !== null) {
    const d = parseDocumentList(docsRaw);
    if (d.unknown.length)
      err('documents', 'unknown_documents', t('record.unknown_documents', { documents: d.unknown.map((x) => `"${clip(x, 10)}"`).join(', ') }));
    documents = d.documents.join('|');
  }
  const idExpiresOn = optDate('id_expires_on');
  const residenceCardExpiresOn = optDate('residence_card_expires_on');
  if (birthDate && appliedOn && birthDate > appliedOn)
    err('birth_date', 'born_after', t('record.born_after', { birth_date: birthDate, applied_on: appliedOn }));

  if (errors) return { ok: false, errors };
  return {
    ok: true,
    input: {
      ref,
      kind,
      firstName,
      lastName,
      email,
      phone,
      birthDate,
      foreignNational,
      street,
      postalCode,
      city,
      department,
      companyName,
      companySiren,
      companyRevenueCents,
      isExecutive,
      annualIncomeCents,
      preventelListed,
      operatorUnpaid,
      bankingBan,
      sponsorMemberNo,
      invitedByParnasse,
      charterAccepted,
      lineTechnology,
      orangeSubscriptions,
      incompatibleOffer,
      iban,
      appliedOn,
      documents,
      idExpiresOn,
      residenceCardExpiresOn,
    },
  };
}

/** The CandidacyInput field of each column (amount columns map to their `…Cents` field). */
export const FIELD_OF: Record<CandidacyColumn, keyof CandidacyInput> = {
  ref: 'ref',
  kind: 'kind',
  first_name: 'firstName',
  last_name: 'lastName',
  email: 'email',
  phone: 'phone',
  birth_date: 'birthDate',
  foreign_national: 'foreignNational',
  street: 'street',
  postal_code: 'postalCode',
  city: 'city',
  department: 'department',
  company_name: 'companyName',
  company_siren: 'companySiren',
  company_revenue_eur: 'companyRevenueCents',
  is_executive: 'isExecutive',
  annual_income_eur: 'annualIncomeCents',
  preventel_listed: 'preventelListed',
  operator_unpaid: 'operatorUnpaid',
  banking_ban: 'bankingBan',
  sponsor_member_no: 'sponsorMemberNo',
  invited_by_parnasse: 'invitedByParnasse',
  charter_accepted: 'charterAccepted',
  line_technology: 'lineTechnology',
  orange_subscriptions: 'orangeSubscriptions',
  incompatible_offer: 'incompatibleOffer',
  iban: 'iban',
  applied_on: 'appliedOn',
  documents: 'documents',
  id_expires_on: 'idExpiresOn',
  residence_card_expires_on: 'residenceCardExpiresOn',
};
