/** Values typed on the command line: dates, amounts, numbers, enum values, global flags. */
export const args = {
  'args.date_format': '{flag} expects a date YYYY-MM-DD or DD/MM/YYYY, got "{value}"',
  'args.date_no_such_day': '{flag}: {value} does not exist ({month} has {days} days)',
  'args.whole_number': '{flag} must be a whole number, got "{value}"',
  'args.amount_format': '{flag} expects an amount in euros (250, 250.00, 250,00, \'1 500,00\'), got "{value}"',
  'args.amount_too_large': '{flag} must be at most {max}, got "{value}"',
  'args.amount_positive': '{flag} must be more than 0, got "{value}"',
  'args.amount_not_negative': '{flag} must be 0 or more, got "{value}"',
  'args.amount_unquoted': 'amounts with spaces need quotes: {example}',
  'args.unknown_value': '{flag}: unknown {what} "{value}"; valid values: {values}',
  'args.global_options_pointer': 'Global options (--db, --json, --date, --operator, --yes, …): see `parnasse --help`.',
  'args.not_confirmed': 'nothing done (not confirmed)',
} as const;
