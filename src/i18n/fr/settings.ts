import type { settings as en } from '../en/settings.js';

export const settings: Record<keyof typeof en, string> = {
  'settings.unknown_key': 'paramètre « {key} » inconnu ; paramètres connus : {keys}',
  'settings.invalid': '{key} : « {value} » n’est pas {expected}',
  'settings.expect.text': 'un texte non vide de longueur raisonnable',
  'settings.expect.capital': 'un montant en euros (100000, 100 000,00)',
  'settings.expect.postal_code': 'un code postal à 5 chiffres',
  'settings.expect.siren': 'un SIREN (9 chiffres, clé de Luhn valide)',
  'settings.expect.vat': 'un numéro de TVA français (FR + clé à 2 chiffres + SIREN, clé vérifiée)',
  'settings.expect.yes_no': 'oui ou non (yes, no)',
  'settings.expect.electronic_address':
    "l'adresse électronique de facturation du club : son SIREN, suivi éventuellement de _ et d'un suffixe (lettres, chiffres, + - _ . ; 125 caractères au plus)",
  'settings.address_siren_mismatch': "l'adresse électronique {address} ne commence pas par le SIREN {siren}",
  'settings.expect.ics': 'un identifiant créancier SEPA aux chiffres de contrôle valides (FRkkZZZnnnnnn)',
  'settings.expect.iban': 'un IBAN valide',
  'settings.expect.bic': 'un BIC (8 ou 11 caractères)',
  'settings.expect.email': 'une adresse e-mail (club@example.fr ou « Club <club@example.fr> »)',
  'settings.expect.smtp':
    'une URL SMTP (smtps://utilisateur:motdepasse@hôte:465, ou smtp://utilisateur:motdepasse@hôte:587 avec STARTTLS exigé ; smtp://hôte:25/?tls=off pour un relais sans identifiant — jamais de mot de passe en clair)',
  'settings.vat_siren_mismatch': 'le numéro de TVA {vat} n’est pas celui du SIREN {siren}',
  'settings.missing': 'le paramètre {key} manque : renseignez-le avec `parnasse settings set {key} VALEUR`',
  'settings.set_done': '{key} = {value}',
  'settings.set_changed': '{key} = {value} (auparavant {previous})',
  'settings.not_set': '(non renseigné)',
  'settings.col.key': 'clé',
  'settings.col.value': 'valeur',
  'settings.col.updated': 'modifié',
} as const;
