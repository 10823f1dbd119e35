/** The candidacy CSV columns (CLI.md `candidate`): a light module, imported by the CLI at start-up. */
/** The CSV columns, in CLI.md order. */
export const CANDIDACY_COLUMNS = [
  'ref',
  'kind',
  'first_name',
  'last_name',
  'email',
  'phone',
  'birth_date',
  'foreign_national',
  'street',
  'postal_code',
  'city',
  'department',
  'company_name',
  'company_siren',
  'company_revenue_eur',
  'is_executive',
  'annual_income_eur',
  'preventel_listed',
  'operator_unpaid',
  'banking_ban',
  'sponsor_member_no',
  'invited_by_parnasse',
  'charter_accepted',
  'line_technology',
  'orange_subscriptions',
  'incompatible_offer',
  'iban',
  'applied_on',
  'documents',
  'id_expires_on',
  'residence_card_expires_on',
] as const;
export type CandidacyColumn = (typeof CANDIDACY_COLUMNS)[number];

/** Columns that may be empty (CLI.md); they may also be left out of a file's header. */
export const OPTIONAL_COLUMNS: readonly CandidacyColumn[] = [
  'phone',
  'birth_date',
  'department',
  'sponsor_member_no',
  'iban',
  'documents',
  'id_expires_on',
  'residence_card_expires_on',
];
export const REQUIRED_COLUMNS: readonly CandidacyColumn[] = CANDIDACY_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.includes(c));
