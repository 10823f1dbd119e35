/** `settings`: the club's identity and connections (issue 9). */
export const settings = {
  'settings.unknown_key': 'unknown setting "{key}"; known keys: {keys}',
  'settings.invalid': '{key}: "{value}" is not {expected}',
  'settings.expect.text': 'a non-empty text of reasonable length',
  'settings.expect.capital': 'an amount in euros (100000, 100 000,00)',
  'settings.expect.postal_code': 'a 5-digit postal code',
  'settings.expect.siren': 'a SIREN (9 digits with a valid Luhn key)',
  'settings.expect.vat': 'a French VAT number (FR + 2-digit key + SIREN, key checked)',
  'settings.expect.yes_no': 'yes or no (oui, non)',
  'settings.expect.electronic_address':
    "the club's electronic invoicing address: its SIREN, optionally followed by _ and a suffix (letters, digits, + - _ .; at most 125 characters)",
  'settings.address_siren_mismatch': 'the electronic address {address} does not start with the SIREN {siren}',
  'settings.expect.ics': 'a SEPA creditor identifier with valid check digits (FRkkZZZnnnnnn)',
  'settings.expect.iban': 'a valid IBAN',
  'settings.expect.bic': 'a BIC (8 or 11 characters)',
  'settings.expect.email': 'an e-mail address (club@example.fr or "Club <club@example.fr>")',
  'settings.expect.smtp':
    'an SMTP URL (smtps://user:pass@host:465, or smtp://user:pass@host:587 with STARTTLS required; smtp://host:25/?tls=off for a relay without login — never a password in clear)',
  'settings.vat_siren_mismatch': 'the VAT number {vat} does not belong to the SIREN {siren}',
  'settings.missing': 'setting {key} is missing: set it with `parnasse settings set {key} VALUE`',
  'settings.set_done': '{key} = {value}',
  'settings.set_changed': '{key} = {value} (was {previous})',
  'settings.not_set': '(not set)',
  'settings.col.key': 'key',
  'settings.col.value': 'value',
  'settings.col.updated': 'updated',
} as const;
