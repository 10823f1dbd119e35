/** CSV cell and command-line value parsers (src/csv/fields.ts). */
export const fields = {
  'fields.bool_empty': 'empty: expected {words}',
  'fields.not_bool': '"{value}" is not a boolean (expected {words})',
  'fields.amount_empty': 'empty: expected an amount in euros',
  'fields.not_amount': '"{value}" is not an amount in euros (e.g. 1 250 000,50 or 1250000.50)',
  'fields.below_min': '{value} is below the minimum',
  'fields.date_empty': 'empty: expected a date',
  'fields.not_date': '"{value}" is not a date (expected DD/MM/YYYY or YYYY-MM-DD)',
  'fields.integer_empty': 'empty: expected a whole number',
  'fields.not_integer': '"{value}" is not a whole number',
  'fields.out_of_range': '{value} is out of range ({min}–{max})',
  'fields.enum_empty': 'empty: expected one of {values}',
  'fields.not_enum': '"{value}" is not one of {values}',
};
