/** Billing, collection and the monthly run (issue 7): `bill …` messages. */
export const billing = {
  'billing.show.contested': 'contested',
  'billing.show.late': 'late on {date}',
  'billing.show.credit_used': 'credit balance used',
  'billing.show.credit_held': 'credit in the member’s favour',
  'billing.show.refunded': 'refunded or used elsewhere',
} as const;
