import type { bounds as en } from '../en/bounds.js';

export const bounds: Record<keyof typeof en, string> = {
  'bounds.mailboxes':
    '{max} boîtes mail supplémentaires au plus par membre (une décision : le contrat ne fixe pas de nombre) ; {held} déjà, {asked} demandée(s)',
};
