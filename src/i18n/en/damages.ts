/** Damages actually paid and the liability caps (art. 11.1). */
export const damages = {
  'damages.help.group': 'damages paid to a member (art. 11.1), within the incident and calendar-year caps',
  'damages.help.add': 'records damages paid to the member (a payment out, not a credit note), refused beyond the caps',
  'damages.help.amount': 'the amount paid, in euros',
  'damages.help.incident': 'the date of the event that caused the harm',
  'damages.help.reason': 'what the damages make good',
  'damages.help.method': 'how they were paid',
  'damages.help.list': 'damages paid by --date, oldest first',
  'damages.paid':
    '{amount} of damages paid to member {member} on {date} (incident of {incident}); left under the caps: {incident_left} for this incident, {annual_left} in {year}',
  'damages.cap.left': 'already paid: {incident_paid} for this incident (left {incident_left}); {year_paid} in {year} (left {annual_left})',
  'damages.empty': 'no damages paid',
  'damages.head.paid_on': 'paid on',
  'damages.head.incident': 'incident',
  'damages.head.amount': 'amount',
  'damages.head.reason': 'reason',
  'damages.reason_missing': 'say what the damages make good (--reason)',
  'damages.refused.amount': 'damages paid are a positive amount',
  'damages.refused.future_incident': 'the incident of {incident} has not happened on {date}',
  'damages.refused.incident_cap': '{amount} is beyond the cap of the incident of {incident}: {cap} invoiced in the 6 months before it, {left} left',
  'damages.refused.annual_cap': '{amount} is beyond the cap of calendar year {year}: {cap} invoiced in the 9 months before the last incident, {left} left',
};
