import type { fields as en } from '../en/fields.js';

export const fields: Record<keyof typeof en, string> = {
  'fields.bool_empty': 'vide : attendu {words}',
  'fields.not_bool': "« {value} » n'est pas un booléen (attendu {words})",
  'fields.amount_empty': 'vide : attendu un montant en euros',
  'fields.not_amount': "« {value} » n'est pas un montant en euros (par ex. 1 250 000,50 ou 1250000.50)",
  'fields.below_min': '{value} est sous le minimum',
  'fields.date_empty': 'vide : attendu une date',
  'fields.not_date': "« {value} » n'est pas une date (attendu JJ/MM/AAAA ou AAAA-MM-JJ)",
  'fields.integer_empty': 'vide : attendu un nombre entier',
  'fields.not_integer': "« {value} » n'est pas un nombre entier",
  'fields.out_of_range': '{value} est hors limites ({min}–{max})',
  'fields.enum_empty': "vide : attendu l'une des valeurs {values}",
  'fields.not_enum': "« {value} » n'est pas l'une des valeurs {values}",
};
