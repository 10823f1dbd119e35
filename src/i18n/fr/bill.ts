import type { bill as en } from '../en/bill.js';

export const bill: Record<keyof typeof en, string> = {
  'bill.credit_confirm': 'Émettre un avoir sur {invoice} de {amount} TTC (« {reason} ») ? Un avoir ne peut pas être retiré. Continuer ?',
};
