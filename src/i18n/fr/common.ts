import type { common as en } from '../en/common.js';

export const common: Record<keyof typeof en, string> = {
  'common.error': 'erreur :',
  'common.warning': 'attention :',
  'common.refused': 'refusé ({article}) : {reason}',
  'common.internal': 'erreur interne : {message}',
  'common.bug_hint': 'Ceci est un défaut de parnasse : signalez-le avec la commande lancée (PARNASSE_DEBUG=1 affiche la pile).',
  'common.cancelled': 'annulé',
  'common.needs_confirmation': 'cette commande demande une confirmation : ajoutez --yes',
  'common.missing_flag_no_prompt': '{flag} manquant (pas de question sans terminal ou avec --no-input)',
  'common.yes': 'oui',
  'common.no': 'non',
};
