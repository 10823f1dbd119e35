import type { billing as en } from '../en/billing.js';

export const billing: Record<keyof typeof en, string> = {
  'billing.show.contested': 'contesté',
  'billing.show.late': 'en retard le {date}',
  'billing.show.credit_used': 'avoir imputé',
  'billing.show.credit_held': 'crédit en faveur du membre',
  'billing.show.refunded': 'remboursé ou imputé ailleurs',
};
