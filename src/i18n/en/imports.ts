/** Row errors of the imports (member import, candidate import) not shared with a single record's validation. */
export const imports = {
  'imports.company_required': 'empty: required for a company member',
  'imports.subscriptions': '{message} (art. 3.4: one or two Orange subscriptions)',
  'imports.not_option': '"{item}" is not an option (one of {options})',
  'imports.option_qty': '"{item}": the quantity must be a positive whole number',
  'imports.option_twice': 'option {option} is given twice',
  'imports.not_month': '"{value}" is not a month (YYYY-MM)',
  'imports.member_twice': 'member {member_no} is given twice in the file (first on line {first})',
  'imports.outside_zone': 'département {department} is outside the coverage zone (art. 3.1)',
  'imports.number_taken': 'member number {member_no} already belongs to {name}: numbers are never reused',
  'imports.ref_twice': 'ref "{ref}" is given twice in the file',
  'imports.ref_twice_at': 'ref "{ref}" is given twice in the file (first on line {first})',
  'imports.decided': 'candidacy {ref} is already {status}: it cannot be changed (changed: {changed})',
};
