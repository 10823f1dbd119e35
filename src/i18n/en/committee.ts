/** `parnasse committee …`: agenda, decisions, the confirmation call. */
export const committee = {
  'committee.notify_confirm': 'Confirmation call for {ref} ({name}): creates the member with contract start {date} and issues the entry-fee invoice. This cannot be undone. Go on?',
} as const;
