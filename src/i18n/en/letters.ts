/** `letters`: the formal-notice letters of the non-payment procedure (art. 7.3.8). Printed in French. */
export const letters = {
  'letters.place_date': '{city}, {date}',
  'letters.registered': 'Registered letter with acknowledgement of receipt',
  'letters.subject.first_notice': 'Subject: formal notice to pay',
  'letters.subject.second_notice': 'Subject: second formal notice to pay, before termination',
  'letters.member': 'Member no. {no}',
  'letters.salutation': 'Dear Sir or Madam,',
  'letters.intro': 'Unless we are mistaken, the following invoices, past their payment date, remain unpaid on {date}:',
  'letters.intro_second':
    'Our formal notice of {first} having remained without effect, the following invoices, past their payment date, remain unpaid on {date}:',
  'letters.suspended': 'The Service has been suspended since {date}; the subscription remains due.',
  'letters.col.invoice': 'Invoice',
  'letters.col.issued': 'Issued',
  'letters.col.pay_by': 'Due',
  'letters.col.ttc': 'Amount incl. VAT',
  'letters.col.claimed': 'Unpaid',
  'letters.total': 'Total claimed',
  'letters.demand':
    'We hereby give you formal notice to pay the sum of {amount} within eight (8) days of the date of this letter, that is by {deadline} at the latest (art. 7.3.8 of the contract).',
  'letters.next.first_notice':
    'Failing payment within this period, Parnasse may suspend all or part of the Service; the subscription remains due during the suspension. Should this letter also remain without effect, a second formal notice will be sent to you, after which Parnasse may terminate the contract as of right eight (8) days later (art. 7.3.8).',
  'letters.next.second_notice':
    'Failing payment within this period, Parnasse may terminate your contract as of right, without further notice (art. 7.3.8). The sums due remain payable after the termination.',
  'letters.penalties':
    'These sums bear late-payment penalties at three times the French legal interest rate and a fixed recovery indemnity of 40 € per invoice (art. 7.3.7; Commercial Code L441-10 and D441-5).',
  'letters.payment': 'Payment by bank transfer: IBAN {iban} – BIC {bic}, quoting your member number {no}.',
  'letters.ignore': 'If you have settled these sums in the meantime, please disregard this letter.',
  'letters.closing': 'Yours faithfully,',
  'letters.signature': 'For {name}, the management',
  'letters.title.first_notice': 'Formal notice – member {no}',
  'letters.title.second_notice': 'Second formal notice – member {no}',
};
