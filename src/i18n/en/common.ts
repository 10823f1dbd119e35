/** Words every command uses: error prefixes, refusals, confirmations. */
export const common = {
  'common.error': 'error:',
  'common.warning': 'warning:',
  'common.refused': 'refused ({article}): {reason}',
  'common.internal': 'internal error: {message}',
  'common.bug_hint': 'This is a bug in parnasse: please report it with the command you ran (PARNASSE_DEBUG=1 shows the stack).',
  'common.cancelled': 'cancelled',
  'common.needs_confirmation': 'this command needs confirmation: pass --yes',
  'common.missing_flag_no_prompt': 'missing {flag} (no prompt without a terminal or with --no-input)',
  'common.yes': 'yes',
  'common.no': 'no',
} as const;
