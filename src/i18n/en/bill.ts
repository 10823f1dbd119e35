/** `parnasse bill …`: invoices, payments, credit notes, prices. */
export const bill = {
  'bill.credit_confirm': 'Issue a credit note on {invoice} for {amount} TTC ("{reason}")? A credit note cannot be withdrawn. Go on?',
} as const;
