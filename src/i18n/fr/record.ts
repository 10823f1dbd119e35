import type { record as en } from '../en/record.js';

export const record: Record<keyof typeof en, string> = {
  'record.empty_required': 'vide : une valeur est exigée',
  'record.ref_long': 'plus de {max} caractères',
  'record.control_chars': 'contient des caractères de contrôle',
  'record.unprintable_glyph':
    "le caractère {ch} ({code}) ne peut pas être imprimé sur les factures (la police embarquée n'en a pas le dessin) : écrivez le nom en lettres latines (sa translittération usuelle)",
  'record.unprintable_rtl':
    'une écriture de droite à gauche ({ch}, {code}) ne peut pas être imprimée dans son ordre sur les factures : écrivez le nom en lettres latines (sa translittération usuelle)',
  'record.not_email': "« {email} » n'est pas une adresse e-mail",
  'record.siren_key': 'le SIREN {company_siren} a une clé fausse',
  'record.not_siren': "« {siren} » n'est pas un SIREN (9 chiffres)",
  'record.not_member_no': "« {sponsor} » n'est pas un numéro de membre",
  'record.not_iban': "« {iban} » n'est pas un IBAN valide",
  'record.not_fr_iban': "« {iban} » n'est pas un IBAN français (FR) valide",
  'record.unknown_documents': 'document(s) inconnu(s) {documents} (attendu D1–D6 séparés par |)',
  'record.born_after': 'né(e) le {birth_date}, après la date de candidature {applied_on}',
};
