/** Quantities bounded by a decision where the contract sets no number (RULES.md §3, README "Bounds"). */
export const bounds = {
  'bounds.mailboxes': 'at most {max} extra mailboxes per member (a decision: the contract sets no number); {held} already, {asked} asked',
} as const;
