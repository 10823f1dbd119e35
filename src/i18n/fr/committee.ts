import type { committee as en } from '../en/committee.js';

export const committee: Record<keyof typeof en, string> = {
  'committee.notify_confirm': 'Appel de confirmation pour {ref} ({name}) : crée le membre, début du contrat le {date}, et émet la facture des droits d’entrée. C’est irréversible. Continuer ?',
};
