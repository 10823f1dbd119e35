/** Validation of one candidacy as typed (a CSV row or candidate add flags): row errors. */
export const record = {
  'record.empty_required': 'empty: a value is required',
  'record.ref_long': 'longer than {max} characters',
  'record.control_chars': 'contains control characters',
  'record.unprintable_glyph':
    'the character {ch} ({code}) cannot be printed on invoices (the embedded font has no glyph for it): write the name in Latin letters (its usual transliteration)',
  'record.unprintable_rtl':
    'right-to-left script ({ch}, {code}) cannot be printed in its order on invoices: write the name in Latin letters (its usual transliteration)',
  'record.not_email': '"{email}" is not an e-mail address',
  'record.siren_key': 'SIREN {company_siren} has a wrong check digit',
  'record.not_siren': '"{siren}" is not a SIREN (9 digits)',
  'record.not_member_no': '"{sponsor}" is not a member number',
  'record.not_iban': '"{iban}" is not a valid IBAN',
  'record.not_fr_iban': '"{iban}" is not a valid French (FR) IBAN',
  'record.unknown_documents': 'unknown document(s) {documents} (expected D1–D6 separated by |)',
  'record.born_after': 'born {birth_date}, after the candidacy date {applied_on}',
};
