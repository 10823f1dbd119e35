/** Enumerations of the contract, shared by the rules, the schema's CHECK constraints and the CLI. */
export const TIERS = ['A', 'B'] as const;
export type Tier = (typeof TIERS)[number];

export const MEMBER_KINDS = ['person', 'company'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

/** RULES.md §2.4 */
export const CANDIDACY_STATUSES = ['received', 'incomplete', 'ineligible', 'ready', 'accepted', 'rejected', 'member', 'withdrawn'] as const;
export type CandidacyStatus = (typeof CANDIDACY_STATUSES)[number];

/** RULES.md §3 */
export const MEMBER_STATUSES = ['pending', 'active', 'suspended', 'terminated'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** Art. 3.4 (A1) */
export const LINE_TECHNOLOGIES = ['fibre', 'vdsl', 'adsl'] as const;
export type LineTechnology = (typeof LINE_TECHNOLOGIES)[number];

export const DOCUMENT_IDS = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6'] as const;
export type DocumentId = (typeof DOCUMENT_IDS)[number];

/** CLI.md `member option` */
export const OPTION_CODES = [
  'extra_site',
  'extra_mailbox',
  'mailbox_pack_5',
  'mailbox_pack_10',
  'concierge_privilege',
  'office_assistance',
  'bitdefender',
  'mail',
] as const;
export type OptionCode = (typeof OPTION_CODES)[number];

/** Annex 1 price items (TTC reference). */
export const PRICE_ITEMS = [
  'entry_fee',
  'subscription',
  'extra_site',
  'extra_mailbox',
  'mailbox_pack_5',
  'mailbox_pack_10',
  'concierge_privilege',
  'office_assistance',
  'bitdefender',
  'mail',
  'travel',
  'technician_hour',
  'technician_half_hour',
  'technician_hour_off',
  'technician_half_hour_off',
  'coach_hour',
  'coach_half_hour',
] as const;
export type PriceItem = (typeof PRICE_ITEMS)[number];

/** The rights of annex 5 a member may exercise (« Quels sont vos droits ? »). */
export const DATA_RIGHTS = ['access', 'rectification', 'erasure', 'portability', 'opposition'] as const;
export type DataRight = (typeof DATA_RIGHTS)[number];
/** What answered a data-rights request: `member export`, a `member edit`, `member purge`, a refusal, something else done. */
export const DATA_RIGHT_ANSWERS = ['export', 'edit', 'purge', 'refused', 'done'] as const;
export type DataRightAnswer = (typeof DATA_RIGHT_ANSWERS)[number];

export const INTERVENTION_KINDS = ['technician', 'coach', 'airbox'] as const;
export type InterventionKind = (typeof INTERVENTION_KINDS)[number];

export const INVOICE_KINDS = ['invoice', 'credit_note'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

export const LINE_KINDS = ['entry_fee', 'subscription', 'option', 'charge', 'penalty', 'indemnity', 'credit'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

export const PAYMENT_METHODS = ['sepa', 'card', 'amex', 'transfer'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** What happens to a financial guarantee (art. 7.1): money in, set off against invoices, given back. */
export const GUARANTEE_MOVES = ['received', 'applied', 'released'] as const;
export type GuaranteeMove = (typeof GUARANTEE_MOVES)[number];

export const INVOICE_STATUSES = ['open', 'partially_paid', 'paid', 'disputed', 'late', 'credited'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const DISPUTE_STATUSES = ['open', 'upheld', 'granted'] as const;
export const DUNNING_STEPS = ['first_notice', 'suspension', 'second_notice', 'termination'] as const;
export const TERMINATION_REASONS = ['member_request', 'orange_lost', 'breach', 'incompatible_offer', 'unpaid', 'force_majeure'] as const;
export type TerminationReason = (typeof TERMINATION_REASONS)[number];
export const COOPTATION_STATUSES = ['proposed', 'accepted', 'rejected', 'cancelled'] as const;

/** Univers Pro (art. 5.12): the works a technical study looks at (CLI.md `pro study add --services`). */
export const PRO_SERVICES = ['wifi_public', 'security', 'network', 'server', 'fleet'] as const;
export type ProService = (typeof PRO_SERVICES)[number];
/**
 * Services on quote outside Univers Pro, through the same study → quote → works flow: the
 * optional connection / installation of equipment (art. 4) and the prior study of a device
 * outside the connectivity-help list (art. 5.4.2).
 */
export const OFFER_SERVICES = ['connection', 'device_study'] as const;
export const STUDY_SERVICES = [...PRO_SERVICES, ...OFFER_SERVICES] as const;
export type StudyService = (typeof STUDY_SERVICES)[number];
/** A technical study's outcome (art. 5.12.2). */
export const STUDY_RESULTS = ['feasible', 'not_feasible', 'needs_specialist'] as const;
export type StudyResult = (typeof STUDY_RESULTS)[number];
/** A quote's life: sent, answered, its works installed. */
export const QUOTE_STATUSES = ['pending', 'accepted', 'refused', 'done'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];
/** The maintenance bricks of art. 5.12.3.1. */
export const BRICKS = ['wifi_public', 'workstation', 'servers', 'lan_security', 'video_conference', 'server_backup'] as const;
export type Brick = (typeof BRICKS)[number];
/** What allowed a brick (art. 5.12.4): a works order or its 3 months, an exchange, a technical study. */
export const BRICK_BASES = ['works', 'agreed', 'study'] as const;
export type BrickBasis = (typeof BRICK_BASES)[number];
