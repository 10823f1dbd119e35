import type { args as en } from '../en/args.js';

export const args: Record<keyof typeof en, string> = {
  'args.date_format': '{flag} attend une date AAAA-MM-JJ ou JJ/MM/AAAA, reçu « {value} »',
  'args.date_no_such_day': '{flag} : le {value} n’existe pas ({month} compte {days} jours)',
  'args.whole_number': '{flag} doit être un nombre entier, reçu « {value} »',
  'args.amount_format': "{flag} attend un montant en euros (250, 250.00, 250,00, '1 500,00'), reçu « {value} »",
  'args.amount_too_large': '{flag} doit valoir au plus {max}, reçu « {value} »',
  'args.amount_positive': '{flag} doit être supérieur à 0, reçu « {value} »',
  'args.amount_not_negative': '{flag} doit être positif ou nul, reçu « {value} »',
  'args.amount_unquoted': 'un montant avec des espaces se met entre guillemets : {example}',
  'args.unknown_value': '{flag} : {what} inconnu « {value} » ; valeurs possibles : {values}',
  'args.global_options_pointer': 'Options globales (--db, --json, --date, --operator, --yes, …) : voir `parnasse --help`.',
  'args.not_confirmed': 'rien n’a été fait (non confirmé)',
};
