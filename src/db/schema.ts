/**
 * The whole data model of parnasse (RULES.md §0–9), designed up front so that billing,
 * termination and cooptation build on it. Conventions:
 * - money: integer cents (`…_cents`), TTC is the reference, HT derived (RULES.md §0);
 * - dates: ISO `YYYY-MM-DD` text; local Paris times: `YYYY-MM-DDTHH:MM` text;
 * - booleans: integer 0/1 (drizzle `mode: 'boolean'`);
 * - enumerations: CHECK constraints (the lists live in src/rules/enums.ts).
 * Append-only tables (audit_log, invoices, invoice_lines, payments) are protected by
 * triggers written in a custom migration (migrations/0001_triggers.sql).
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
  BRICK_BASES,
  BRICKS,
  CANDIDACY_STATUSES,
  DATA_RIGHT_ANSWERS,
  DATA_RIGHTS,
  COOPTATION_STATUSES,
  DISPUTE_STATUSES,
  DUNNING_STEPS,
  GUARANTEE_MOVES,
  INTERVENTION_KINDS,
  INVOICE_KINDS,
  LINE_KINDS,
  LINE_TECHNOLOGIES,
  MEMBER_KINDS,
  MEMBER_STATUSES,
  OPTION_CODES,
  PAYMENT_METHODS,
  PRICE_ITEMS,
  QUOTE_STATUSES,
  STUDY_RESULTS,
  TERMINATION_REASONS,
  TIERS,
} from '../rules/enums.js';

/**
 * An enumeration CHECK, written `col = 'a' or col = 'b' …` rather than `col in (…)`: SQLite
 * builds an ephemeral index for a constant IN list at every statement execution, which
 * made a 100 000-row import spend 0.17 s in CHECKs alone (measured: 0.548 s → 0.379 s).
 */
const inList = (col: string, values: readonly string[]) => sql.raw(values.map((v) => `${col} = '${v}'`).join(' or '));
const bool = (name: string) => integer(name, { mode: 'boolean' });
const createdAt = () => text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

/** Gapless counters (member numbers, invoice and credit-note series), bumped inside the writing transaction. */
export const sequences = sqliteTable('sequences', {
  name: text('name').primaryKey(),
  lastValue: integer('last_value').notNull().default(0),
});

/** Append-only: triggers refuse UPDATE and DELETE. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: createdAt(),
    operator: text('operator').notNull(),
    command: text('command').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    action: text('action').notNull(),
    change: text('change').notNull(), // JSON; 'null' once erased (annex 5), see erasedBy
    /** SHA-256 (hex) of this entry's own content (src/db/audit.ts#contentHash); kept when the content is erased. */
    contentHash: text('content_hash'),
    /** SHA-256 (hex) of the previous entry's `hash` followed by this entry's `content_hash`: the chain. */
    hash: text('hash'),
    /** The audit entry that erased this entry's content (annex 5 purge); null while the content is intact. */
    erasedBy: integer('erased_by'),
  },
  (t) => [index('audit_entity_idx').on(t.entity, t.entityId)],
);

// ---------------------------------------------------------------------------------------
// Coverage zones (RULES.md §1): data with effective dates, seeded by migration.
export const zones = sqliteTable(
  'zones',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    tier: text('tier').notNull(),
  },
  (t) => [check('zones_tier_ck', inList(t.tier.name, TIERS))],
);

export const zoneDepartments = sqliteTable(
  'zone_departments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    department: text('department').notNull(),
    zoneId: text('zone_id').references(() => zones.id), // null = not covered from that date
    effectiveFrom: text('effective_from').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('zone_departments_dep_from_uq').on(t.department, t.effectiveFrom)],
);

// ---------------------------------------------------------------------------------------
// Candidacies (RULES.md §2, art. 3)
/**
 * The decided statuses as the partial index `candidacies_decided_idx` lists them: a query
 * reads through that index only when its WHERE repeats this term (`status in …`, literally).
 */
export const DECIDED_CANDIDACY_STATUSES_SQL = "('accepted', 'rejected', 'member', 'withdrawn')";
export const candidacies = sqliteTable(
  'candidacies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ref: text('ref').notNull().unique(),
    kind: text('kind').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    birthDate: text('birth_date'),
    foreignNational: bool('foreign_national').notNull(),
    street: text('street').notNull(),
    postalCode: text('postal_code').notNull(),
    city: text('city').notNull(),
    department: text('department'),
    companyName: text('company_name').notNull(),
    companySiren: text('company_siren').notNull(),
    companyRevenueCents: integer('company_revenue_cents').notNull(),
    isExecutive: bool('is_executive').notNull(),
    annualIncomeCents: integer('annual_income_cents').notNull(),
    preventelListed: bool('preventel_listed').notNull(),
    operatorUnpaid: bool('operator_unpaid').notNull(),
    bankingBan: bool('banking_ban').notNull(),
    sponsorMemberNo: text('sponsor_member_no'),
    invitedByParnasse: bool('invited_by_parnasse').notNull(),
    charterAccepted: bool('charter_accepted').notNull(),
    lineTechnology: text('line_technology').notNull(),
    orangeSubscriptions: integer('orange_subscriptions').notNull(),
    incompatibleOffer: bool('incompatible_offer').notNull(),
    iban: text('iban'),
    appliedOn: text('applied_on').notNull(),
    documents: text('documents').notNull().default(''), // "D1|D2|…"
    idExpiresOn: text('id_expires_on'),
    /** A foreign national's resident card: valid one year from the application (art. 3.2). */
    residenceCardExpiresOn: text('residence_card_expires_on'),
    /** D3 is required only when the addresses on the documents differ (art. 3.2). */
    addressesDiffer: bool('addresses_differ').notNull().default(false),
    status: text('status').notNull(),
    zoneId: text('zone_id').references(() => zones.id),
    decidedOn: text('decided_on'),
    decisionReason: text('decision_reason'),
    /** Data collected online during vetting; erased once the committee has validated (annex 5). */
    vettingNotes: text('vetting_notes'),
    notifiedOn: text('notified_on'),
    memberId: integer('member_id').references(() => members.id),
    source: text('source').notNull().default('desk'),
    rowHash: text('row_hash'),
    createdAt: createdAt(),
    updatedAt: text('updated_at'),
  },
  (t) => [
    check('candidacies_kind_ck', inList(t.kind.name, MEMBER_KINDS)),
    check('candidacies_status_ck', inList(t.status.name, CANDIDACY_STATUSES)),
    check('candidacies_tech_ck', inList(t.lineTechnology.name, LINE_TECHNOLOGIES)),
    check('candidacies_source_ck', inList(t.source.name, ['desk', 'import'])),
    check('candidacies_money_ck', sql`company_revenue_cents >= 0 and annual_income_cents >= 0`),
    // Issue 27: no index on every row's status — an import writes undecided candidacies only,
    // and paid for it (~12 % of its insert CPU). The decided ones, for `awaitingCall` and
    // `candidate list --status accepted|…` (their queries repeat this exact WHERE term, which is
    // how SQLite uses a partial index), and the sponsored ones, for the sponsors a list reads first.
    index('candidacies_decided_idx')
      .on(t.status)
      .where(sql.raw(`status in ${DECIDED_CANDIDACY_STATUSES_SQL}`)),
    index('candidacies_sponsor_idx').on(t.sponsorMemberNo, t.status).where(sql`sponsor_member_no is not null`),
    // the committee agenda reads undecided candidacies in this order (issue 14)
    index('candidacies_applied_idx').on(t.appliedOn, t.ref),
    // one reference whatever its case (issue 11): `abc-1` is the stored `ABC-1`; the import's
    // insert relies on it (on conflict do nothing) and finds the stored row through it
    uniqueIndex('candidacies_ref_nocase_uq').on(sql`${t.ref} collate nocase`),
  ],
);

// ---------------------------------------------------------------------------------------
// Members (RULES.md §3)
export const members = sqliteTable(
  'members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberNo: integer('member_no').notNull().unique(),
    kind: text('kind').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    companyName: text('company_name'),
    companySiren: text('company_siren'),
    iban: text('iban'),
    status: text('status').notNull(),
    contractStart: text('contract_start').notNull(),
    candidacyId: integer('candidacy_id'),
    honorary: bool('honorary').notNull().default(false),
    welcomeGift: bool('welcome_gift').notNull().default(false),
    entryFeePaidOn: text('entry_fee_paid_on'),
    suspendedOn: text('suspended_on'),
    terminatedOn: text('terminated_on'),
    /** Set when the last Orange subscription ends (art. 10.1); the termination capability completes it. */
    contractEndRecordedOn: text('contract_end_recorded_on'),
    /** Contract data erased (annex 5, 3 years after the end); what accounting needs is kept. */
    purgedOn: text('purged_on'),
    importedFrom: text('imported_from'),
    /** Imported members: the last month the previous system billed (YYYY-MM); the run starts after it. */
    billedThrough: text('billed_through'),
    createdAt: createdAt(),
  },
  (t) => [
    check('members_kind_ck', inList(t.kind.name, MEMBER_KINDS)),
    check('members_status_ck', inList(t.status.name, MEMBER_STATUSES)),
    index('members_status_idx').on(t.status),
  ],
);

/** Main address (is_main) and up to 5 extra sites (art. 5.11). */
export const addresses = sqliteTable(
  'addresses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    isMain: bool('is_main').notNull(),
    street: text('street').notNull(),
    postalCode: text('postal_code').notNull(),
    city: text('city').notNull(),
    department: text('department').notNull(),
    zoneId: text('zone_id').references(() => zones.id),
    lineTechnology: text('line_technology'),
    addedOn: text('added_on').notNull(),
    removedOn: text('removed_on'),
    createdAt: createdAt(),
  },
  (t) => [index('addresses_member_idx').on(t.memberId), uniqueIndex('addresses_one_main_uq').on(t.memberId).where(sql`is_main = 1 and removed_on is null`)],
);

/** Orange internet subscriptions, 1–2 per address (art. 3.4). */
export const subscriptions = sqliteTable(
  'subscriptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    addressId: integer('address_id')
      .notNull()
      .references(() => addresses.id),
    label: text('label'),
    startedOn: text('started_on').notNull(),
    endedOn: text('ended_on'),
    /** Set when the contract's termination ended it (given back if the termination is withdrawn). */
    terminationId: integer('termination_id'),
    createdAt: createdAt(),
  },
  (t) => [index('subscriptions_address_idx').on(t.addressId)],
);

/** One delegate at most at a time; replacement needs a written notice (definitions). */
export const delegates = sqliteTable(
  'delegates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    name: text('name').notNull(),
    phone: text('phone'),
    notifiedOn: text('notified_on'),
    startedOn: text('started_on').notNull(),
    endedOn: text('ended_on'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('delegates_one_active_uq').on(t.memberId).where(sql`ended_on is null`)],
);

/** Options with start and end dates (art. 5, 10.3.2, annex 1). */
export const memberOptions = sqliteTable(
  'member_options',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    option: text('option').notNull(),
    qty: integer('qty').notNull().default(1),
    startOn: text('start_on').notNull(),
    /** Last day billed/served; "tout mois entamé est dû" (art. 7.3.4). */
    endOn: text('end_on'),
    requestedEndOn: text('requested_end_on'),
    addressId: integer('address_id').references(() => addresses.id),
    /** Set when the contract's termination ended it (art. 10.4; given back if the termination is withdrawn). */
    terminationId: integer('termination_id'),
    createdAt: createdAt(),
  },
  (t) => [
    check('member_options_option_ck', inList(t.option.name, OPTION_CODES)),
    check('member_options_qty_ck', sql`qty >= 1`),
    index('member_options_member_idx').on(t.memberId),
  ],
);

/** Mobile lines declared for Orange VIP (art. 5.6): ≤ 5, excluded plans refused. */
export const mobileLines = sqliteTable(
  'mobile_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    number: text('number').notNull(),
    planType: text('plan_type').notNull(),
    addedOn: text('added_on').notNull(),
    removedOn: text('removed_on'),
    createdAt: createdAt(),
  },
  (t) => [index('mobile_lines_member_idx').on(t.memberId)],
);

/** Airbox 4G lent at the entry appointment, returned on termination (art. 5.5, 10.4). */
export const airboxes = sqliteTable(
  'airboxes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    serial: text('serial').notNull(),
    lentOn: text('lent_on').notNull(),
    returnedOn: text('returned_on'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('airboxes_one_out_uq').on(t.memberId).where(sql`returned_on is null`)],
);

/**
 * A faulty Airbox 4G replaced (art. 5.5): the one given back (its `returned_on` is the
 * replacement's date) and the one lent in its place; who bears the cost per the contract.
 */
export const airboxReplacements = sqliteTable(
  'airbox_replacements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    outAirboxId: integer('out_airbox_id')
      .notNull()
      .references(() => airboxes.id),
    inAirboxId: integer('in_airbox_id')
      .notNull()
      .references(() => airboxes.id),
    replacedOn: text('replaced_on').notNull(),
    reason: text('reason').notNull(),
    payer: text('payer').notNull(),
    memberChargeCents: integer('member_charge_cents').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    check('airbox_replacements_payer_ck', inList(t.payer.name, ['parnasse', 'member'])),
    check('airbox_replacements_charge_ck', sql`member_charge_cents >= 0`),
    index('airbox_replacements_member_idx').on(t.memberId),
  ],
);

/** Bitdefender designated devices (art. 5.3): ≤ 20. */
export const protectedDevices = sqliteTable(
  'protected_devices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    label: text('label').notNull(),
    addedOn: text('added_on').notNull(),
    removedOn: text('removed_on'),
    createdAt: createdAt(),
  },
  (t) => [index('protected_devices_member_idx').on(t.memberId)],
);

// ---------------------------------------------------------------------------------------
// Prices (annex 1, art. 7.2, 9): versioned, TTC is the reference.
export const prices = sqliteTable(
  'prices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    item: text('item').notNull(),
    ttcCents: integer('ttc_cents'), // null = withdrawn from effective_from
    effectiveFrom: text('effective_from').notNull(),
    announcedOn: text('announced_on').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('prices_item_ck', inList(t.item.name, PRICE_ITEMS)),
    check('prices_ttc_ck', sql`ttc_cents is null or ttc_cents >= 0`),
    uniqueIndex('prices_item_from_uq').on(t.item, t.effectiveFrom),
  ],
);

// ---------------------------------------------------------------------------------------
// Interventions (RULES.md §4)
export const interventions = sqliteTable(
  'interventions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    kind: text('kind').notNull(),
    addressId: integer('address_id').references(() => addresses.id),
    /** Where the visit happens (a coach may go anywhere in the coverage zone). */
    postalCode: text('postal_code').notNull(),
    department: text('department').notNull(),
    zoneId: text('zone_id')
      .notNull()
      .references(() => zones.id),
    startAt: text('start_at').notNull(),
    minutes: integer('minutes').notNull(),
    equipment: text('equipment'),
    devices: integer('devices'),
    extraMinutes: integer('extra_minutes'),
    requestedAt: text('requested_at'),
    slaDeadline: text('sla_deadline'),
    late: bool('late').notNull().default(false),
    outOfHours: bool('out_of_hours').notNull().default(false),
    included: bool('included').notNull(),
    chargeCents: integer('charge_cents').notNull().default(0),
    contractYearFrom: text('contract_year_from').notNull(),
    contractYearTo: text('contract_year_to').notNull(),
    /** `intervene cancel`: the day it was cancelled; a cancelled visit counts for nothing (allowance, charge). */
    cancelledOn: text('cancelled_on'),
    /**
     * Who goes (issue 11): the coach's name as typed (spaces collapsed), null for the visits
     * booked without one (every visit before this column). `coach_key` is the name compared:
     * lower case, no accents, no spaces or punctuation (`coachKey()` in rules/interventions).
     */
    coach: text('coach'),
    coachKey: text('coach_key'),
    createdAt: createdAt(),
  },
  (t) => [
    check('interventions_kind_ck', inList(t.kind.name, INTERVENTION_KINDS)),
    check('interventions_minutes_ck', sql`minutes > 0`),
    check('interventions_charge_ck', sql`charge_cents >= 0`),
    index('interventions_member_idx').on(t.memberId, t.startAt),
    // a coach's bookings around a slot (the overlap refusal, the travel warning): O(log n)
    index('interventions_coach_idx').on(t.coachKey, t.startAt).where(sql`coach_key is not null`),
  ],
);

/** Charges waiting for the next monthly run (billable interventions, quotes…). */
export const pendingCharges = sqliteTable(
  'pending_charges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    interventionId: integer('intervention_id').references(() => interventions.id),
    label: text('label').notNull(),
    ttcCents: integer('ttc_cents').notNull(),
    dueOn: text('due_on').notNull(),
    invoiceLineId: integer('invoice_line_id'),
    createdAt: createdAt(),
  },
  (t) => [check('pending_charges_ttc_ck', sql`ttc_cents > 0`), index('pending_charges_member_idx').on(t.memberId)],
);

// ---------------------------------------------------------------------------------------
// Invoicing (RULES.md §6): immutable invoices, gapless series, credit notes.
export const billingRuns = sqliteTable(
  'billing_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    month: text('month').notNull(),
    runOn: text('run_on').notNull(),
    invoices: integer('invoices').notNull(),
    totalTtcCents: integer('total_ttc_cents').notNull(),
    /** Members who could not be billed (a price missing…), billed by a later run once fixed. */
    parked: integer('parked').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('billing_runs_month_idx').on(t.month)],
);

/**
 * Seals owed (issue 28 item 7): a run that writes asks, in its own transaction, for the chain's
 * head to be sealed into `file`; the seal is written once committed and the request marked.
 * A run killed in between leaves it unsealed: the next command that opens the books seals it.
 */
export const sealRequests = sqliteTable('seal_requests', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** The seals file (absolute path) the run was told to seal into. */
  file: text('file').notNull(),
  requestedAt: text('requested_at').notNull(),
  /** The entry sealed for it (the head when the seal was written), null until then. */
  sealedEntry: integer('sealed_entry'),
  sealedAt: text('sealed_at'),
});

/**
 * How far each recurring item has been billed (issue 7): `key` is the item's stable key
 * (`subscription:MEMBER`, `option:ID`, any RECURRING_SOURCES key), `billed_through` the last
 * month billed (YYYY-MM). The run reads it instead of scanning every invoice line, and
 * moves it in the same transaction as the lines it writes; `invoice_lines.source_key`
 * stays unique, the guard against a duplicate. `member:ID` is a floor for every item of a
 * member: the month the previous system billed through (`member import`, `billed_through`
 * column, else the import's month). Made WITHOUT ROWID by migration 0010 (one b-tree).
 */
export const billingCursors = sqliteTable('billing_cursors', {
  key: text('key').primaryKey(),
  memberId: integer('member_id')
    .notNull()
    .references(() => members.id),
  billedThrough: text('billed_through').notNull(),
});

export const invoices = sqliteTable(
  'invoices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    number: text('number').notNull().unique(),
    kind: text('kind').notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    issuedOn: text('issued_on').notNull(),
    payBy: text('pay_by').notNull(),
    totalHtCents: integer('total_ht_cents').notNull(),
    totalVatCents: integer('total_vat_cents').notNull(),
    totalTtcCents: integer('total_ttc_cents').notNull(),
    /** For a credit note: the invoice it corrects. */
    refersTo: integer('refers_to'),
    runId: integer('run_id').references(() => billingRuns.id),
    createdAt: createdAt(),
  },
  (t) => [
    check('invoices_kind_ck', inList(t.kind.name, INVOICE_KINDS)),
    check('invoices_sum_ck', sql`total_ht_cents + total_vat_cents = total_ttc_cents`),
    index('invoices_member_idx').on(t.memberId),
    // credit notes of an invoice (the ledger sums them per listed invoice: without it bill list is quadratic)
    index('invoices_refers_to_idx').on(t.refersTo),
    // bill list reads the books in issue order: without it every row is computed and sorted
    // before the first is written (100 000 invoices: first row 0.5 → 0.28 s)
    index('invoices_issued_idx').on(t.issuedOn, t.id),
    // the run reads the invoices that fell due since its last scan (penalties), not the whole history
    index('invoices_pay_by_idx').on(t.payBy).where(sql`kind = 'invoice'`),
  ],
);

/**
 * The billing run's penalty step (art. 7.3.7), made incremental: every invoice whose pay-by
 * is before `penalty_scan.before` has been examined once it fell due; those found unpaid at
 * their pay-by are watched here until settled, each run bills their new periods, and a
 * watched invoice is closed once nothing is owed on it (a rejected debit or an upheld dispute
 * brings any invoice back). Written only by a run that issues something.
 */
export const penaltyWatch = sqliteTable('penalty_watch', {
  invoiceId: integer('invoice_id')
    .primaryKey()
    .references(() => invoices.id),
  /** The run date from which nothing is owed on it any more; null while it may bear penalties. */
  closedOn: text('closed_on'),
});

/**
 * One row: the invoices a run has examined (`penalty_watch`) — those with a pay-by before
 * `before` among the invoices up to id `invoices_through`. An invoice issued afterwards with an
 * earlier pay-by (a run or a notification dated in the previous year, whose series is still
 * chronological) is examined by its id. `invoices_through` null: every invoice (migration 0020).
 */
export const penaltyScan = sqliteTable(
  'penalty_scan',
  {
    id: integer('id').primaryKey(),
    before: text('before').notNull(),
    invoicesThrough: integer('invoices_through'),
  },
  () => [check('penalty_scan_one_ck', sql`id = 1`)],
);

export const invoiceLines = sqliteTable(
  'invoice_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id),
    kind: text('kind').notNull(),
    label: text('label').notNull(),
    period: text('period'), // YYYY-MM
    ttcCents: integer('ttc_cents').notNull(),
    htCents: integer('ht_cents').notNull(),
    /** What this line bills, for idempotence: e.g. "subscription:42:2026-12", "option:7:2026-12", "charge:3". */
    sourceKey: text('source_key'),
  },
  (t) => [
    check('invoice_lines_kind_ck', inList(t.kind.name, LINE_KINDS)),
    index('invoice_lines_invoice_idx').on(t.invoiceId),
    uniqueIndex('invoice_lines_source_uq').on(t.sourceKey),
    // the whole-file ledger (bill list, dunning, SEPA) knows the entry-fee invoices from it
    // without reading every line (issue 14): one entry per member at most
    index('invoice_lines_entry_fee_idx').on(t.invoiceId).where(sql`kind = 'entry_fee'`),
  ],
);

export const payments = sqliteTable(
  'payments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id),
    amountCents: integer('amount_cents').notNull(),
    paidOn: text('paid_on').notNull(),
    method: text('method').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('payments_method_ck', inList(t.method.name, PAYMENT_METHODS)),
    check('payments_amount_ck', sql`amount_cents > 0`),
    index('payments_invoice_idx').on(t.invoiceId),
  ],
);

export const disputes = sqliteTable(
  'disputes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id),
    amountCents: integer('amount_cents').notNull(),
    openedOn: text('opened_on').notNull(),
    reason: text('reason').notNull(),
    status: text('status').notNull(),
    resolvedOn: text('resolved_on'),
    creditNoteId: integer('credit_note_id').references(() => invoices.id),
    createdAt: createdAt(),
  },
  (t) => [
    check('disputes_status_ck', inList(t.status.name, DISPUTE_STATUSES)),
    check('disputes_amount_ck', sql`amount_cents > 0`),
    index('disputes_invoice_idx').on(t.invoiceId),
  ],
);

/**
 * A member's credit balance used against a later invoice (RULES.md §6, credit on a paid
 * invoice): the excess of `from_invoice_id` (paid + credited beyond its total) settles part
 * of `invoice_id`, visibly. Append-only like payments.
 */
export const creditAllocations = sqliteTable(
  'credit_allocations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    fromInvoiceId: integer('from_invoice_id')
      .notNull()
      .references(() => invoices.id),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id),
    amountCents: integer('amount_cents').notNull(),
    allocatedOn: text('allocated_on').notNull(),
    runId: integer('run_id').references(() => billingRuns.id),
    createdAt: createdAt(),
  },
  (t) => [
    check('credit_allocations_amount_ck', sql`amount_cents > 0`),
    index('credit_allocations_invoice_idx').on(t.invoiceId),
    index('credit_allocations_from_idx').on(t.fromInvoiceId),
  ],
);

/** Money given back from a credit balance (`bill refund`, RULES.md §6). Append-only. */
export const refunds = sqliteTable(
  'refunds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id),
    amountCents: integer('amount_cents').notNull(),
    refundedOn: text('refunded_on').notNull(),
    method: text('method').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('refunds_method_ck', inList(t.method.name, PAYMENT_METHODS)),
    check('refunds_amount_ck', sql`amount_cents > 0`),
    index('refunds_invoice_idx').on(t.invoiceId),
  ],
);

/** Legal interest rate per half-year, in hundredths of a percent (2.62 % → 262). */
export const legalRates = sqliteTable('legal_rates', {
  semester: text('semester').primaryKey(), // 2026-S1
  rateBp: integer('rate_bp').notNull(),
  createdAt: createdAt(),
});

/**
 * A non-payment procedure (art. 7.3.8): opened by the first formal notice, closed when
 * everything that was late is paid (the member is reinstated) or by the termination.
 */
export const dunningProcedures = sqliteTable(
  'dunning_procedures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    openedOn: text('opened_on').notNull(),
    closedOn: text('closed_on'),
    /** `paid` (reinstated) or `terminated`. */
    closeReason: text('close_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    check('dunning_procedures_close_ck', sql`close_reason is null or close_reason = 'paid' or close_reason = 'terminated'`),
    uniqueIndex('dunning_procedures_one_open_uq').on(t.memberId).where(sql`closed_on is null`),
  ],
);

/**
 * The steps of a procedure. A formal notice (first_notice, second_notice) holds what its
 * letter needs: its date (`on_date`), the total claimed, the 8-day deadline, and the
 * invoices claimed (dunning_claims).
 */
export const dunningSteps = sqliteTable(
  'dunning_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    step: text('step').notNull(),
    on: text('on_date').notNull(),
    invoiceId: integer('invoice_id').references(() => invoices.id),
    procedureId: integer('procedure_id').references(() => dunningProcedures.id),
    /** Notices: the uncontested amount unpaid past its pay-by on the notice's date. */
    claimedCents: integer('claimed_cents'),
    /** Notices: the 8-day deadline (date + 8 days), the first day the next step may be taken. */
    deadlineOn: text('deadline_on'),
    createdAt: createdAt(),
  },
  (t) => [
    check('dunning_steps_step_ck', inList(t.step.name, DUNNING_STEPS)),
    uniqueIndex('dunning_steps_procedure_step_uq').on(t.procedureId, t.step),
    index('dunning_steps_member_idx').on(t.memberId),
  ],
);

/** The invoices a formal notice claims, each with its late uncontested amount on the notice's date. */
export const dunningClaims = sqliteTable(
  'dunning_claims',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    stepId: integer('step_id')
      .notNull()
      .references(() => dunningSteps.id),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id),
    amountCents: integer('amount_cents').notNull(),
  },
  (t) => [check('dunning_claims_amount_ck', sql`amount_cents > 0`), index('dunning_claims_step_idx').on(t.stepId)],
);

// ---------------------------------------------------------------------------------------
// Termination (RULES.md §7)
export const terminations = sqliteTable(
  'terminations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    reason: text('reason').notNull(),
    /** The day the Desk records it (`--date`). */
    requestedOn: text('requested_on').notNull(),
    /** The letter's date: receipt of the member's letter, the formal notice, the force-majeure letter. */
    noticeDate: text('notice_date'),
    /** Force majeure: first day of the impediment (`--since`). */
    since: text('since'),
    /** The first day without a contract: services end, status `terminated` from it (art. 10.4). */
    effectiveOn: text('effective_on').notNull(),
    byWhom: text('by_whom').notNull(),
    /** A pending termination withdrawn before its effective date by the party that asked for it. */
    withdrawnOn: text('withdrawn_on'),
    createdAt: createdAt(),
  },
  (t) => [
    check('terminations_reason_ck', inList(t.reason.name, TERMINATION_REASONS)),
    check('terminations_by_ck', inList(t.byWhom.name, ['member', 'parnasse'])),
    uniqueIndex('terminations_member_uq').on(t.memberId).where(sql`withdrawn_on is null`),
  ],
);

/** Complaints (art. 13): answered within one month of receipt. */
export const complaints = sqliteTable(
  'complaints',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    receivedOn: text('received_on').notNull(),
    subject: text('subject').notNull(),
    dueOn: text('due_on').notNull(),
    closedOn: text('closed_on'),
    answer: text('answer'),
    createdAt: createdAt(),
  },
  (t) => [index('complaints_member_idx').on(t.memberId)],
);

/**
 * Data-rights requests (annex 5): received on a date, answered within one month
 * (`answerDueOn`, shared with complaints). `member_no` stays when the purge detaches the
 * request from the erased member (`member_id` null, `details` erased): the proof of the answer.
 */
export const dataRightsRequests = sqliteTable(
  'data_rights_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id').references(() => members.id),
    memberNo: integer('member_no').notNull(),
    kind: text('kind').notNull(),
    receivedOn: text('received_on').notNull(),
    details: text('details'),
    dueOn: text('due_on').notNull(),
    answeredOn: text('answered_on'),
    action: text('action'),
    note: text('note'),
    /** The audit entry of the act that answered (the `member edit` of a rectification). */
    linkedAuditId: integer('linked_audit_id'),
    createdAt: createdAt(),
  },
  (t) => [
    check('data_rights_kind_ck', inList(t.kind.name, DATA_RIGHTS)),
    check('data_rights_action_ck', sql`action is null or ${inList(t.action.name, DATA_RIGHT_ANSWERS)}`),
    check('data_rights_answered_ck', sql`(answered_on is null) = (action is null)`),
    index('data_rights_member_idx').on(t.memberId),
    index('data_rights_open_idx').on(t.answeredOn, t.dueOn),
  ],
);

// ---------------------------------------------------------------------------------------
// Cooptation (RULES.md §8, annex 3)
export const cooptations = sqliteTable(
  'cooptations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    referrerId: integer('referrer_id')
      .notNull()
      .references(() => members.id),
    candidacyId: integer('candidacy_id')
      .notNull()
      .references(() => candidacies.id),
    proposedOn: text('proposed_on').notNull(),
    status: text('status').notNull(),
    override: bool('override').notNull().default(false),
    overrideReason: text('override_reason'),
    decidedOn: text('decided_on'),
    rewardItem: text('reward_item'),
    rewardChosenOn: text('reward_chosen_on'),
    deliveryOn: text('delivery_on'),
    /** Cancelled for a false declaration (annex 3.3): no reward. */
    cancelledOn: text('cancelled_on'),
    createdAt: createdAt(),
  },
  (t) => [
    check('cooptations_status_ck', inList(t.status.name, COOPTATION_STATUSES)),
    uniqueIndex('cooptations_pair_uq').on(t.referrerId, t.candidacyId),
    index('cooptations_candidacy_idx').on(t.candidacyId),
  ],
);

// ---------------------------------------------------------------------------------------
// What leaves the club (issue 9): the club's identity, SEPA mandates and debits, e-mails.

/** The club's identity and connections (`settings set`), validated on entry, audited. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});

/**
 * SEPA mandates (art. 7.3.1, 7.3.3): signed with the subscription form, recorded at the
 * confirmation call; a replacement ends the previous one. One current mandate per member.
 */
export const sepaMandates = sqliteTable(
  'sepa_mandates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    rum: text('rum').notNull().unique(),
    iban: text('iban').notNull(),
    signedOn: text('signed_on').notNull(),
    recordedOn: text('recorded_on').notNull(),
    endedOn: text('ended_on'),
    /**
     * The IBAN of the mandate's last collection when `member edit --iban` changed it since:
     * the next debit carries the amendment (same RUM, AmdmntInd, original account or SMNDA);
     * null when no amendment is waiting to be told to the bank.
     */
    amendedFromIban: text('amended_from_iban'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('sepa_mandates_one_current_uq').on(t.memberId).where(sql`ended_on is null`)],
);

/** One pain.008 file: exporting the same month again rewrites the same message. */
export const sepaExports = sqliteTable(
  'sepa_exports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    msgId: text('msg_id').notNull().unique(),
    month: text('month').notNull(),
    pain: text('pain').notNull(),
    collectionDate: text('collection_date').notNull(),
    createdAtIso: text('created_at_iso').notNull(),
    transactions: integer('transactions').notNull(),
    totalCents: integer('total_cents').notNull(),
    createdAt: createdAt(),
  },
  (t) => [check('sepa_exports_pain_ck', inList(t.pain.name, ['02', '08'])), index('sepa_exports_month_idx').on(t.month)],
);

/** One direct debit of one invoice; the payment it records is reversed when the bank rejects it. */
export const sepaDebits = sqliteTable(
  'sepa_debits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    exportId: integer('export_id')
      .notNull()
      .references(() => sepaExports.id),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id),
    mandateId: integer('mandate_id')
      .notNull()
      .references(() => sepaMandates.id),
    /** The IBAN debited, as written in the file (a later amendment of the mandate does not change a message already sent). */
    debtorIban: text('debtor_iban'),
    /** The mandate's previous IBAN when this debit carries its amendment (pain.008 AmdmntInfDtls), else null. */
    originalIban: text('original_iban'),
    sequenceType: text('sequence_type').notNull(),
    amountCents: integer('amount_cents').notNull(),
    paymentId: integer('payment_id').references(() => payments.id),
    status: text('status').notNull().default('exported'),
    rejectedOn: text('rejected_on'),
    reasonCode: text('reason_code'),
    createdAt: createdAt(),
  },
  (t) => [
    check('sepa_debits_seq_ck', inList(t.sequenceType.name, ['FRST', 'RCUR'])),
    check('sepa_debits_status_ck', inList(t.status.name, ['exported', 'rejected'])),
    check('sepa_debits_amount_ck', sql`amount_cents > 0`),
    uniqueIndex('sepa_debits_invoice_uq').on(t.invoiceId),
    index('sepa_debits_export_idx').on(t.exportId),
    // a mandate's debits (FRST/RCUR, its last collection, lapse after 36 months): looked up
    // for every debit of an export — without it each lookup read every debit ever exported
    index('sepa_debits_mandate_idx').on(t.mandateId, t.status),
  ],
);

/** A payment undone (a direct debit rejected by the bank): the invoice is unpaid again. */
export const paymentReversals = sqliteTable('payment_reversals', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  paymentId: integer('payment_id')
    .notNull()
    .unique()
    .references(() => payments.id),
  reversedOn: text('reversed_on').notNull(),
  reason: text('reason').notNull(),
  createdAt: createdAt(),
});

/**
 * A payment recorded from the bank's statement (`bill payments import`, issue 25): the
 * bank's reference of the transaction that paid it (`AcctSvcrRef`/`NtryRef`, on the club's
 * account), so the same statement imported again records nothing new. A transfer paying
 * several invoices gives one row per payment, all with its reference.
 */
export const bankPayments = sqliteTable(
  'bank_payments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    account: text('account').notNull(),
    ref: text('ref').notNull(),
    paymentId: integer('payment_id')
      .notNull()
      .unique()
      .references(() => payments.id),
    bookedOn: text('booked_on').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('bank_payments_ref_idx').on(t.account, t.ref)],
);

/**
 * Statement entries an import left for the Desk (issue 25), by the bank's reference: a later
 * import of the same statement never records them on its own — the Desk may have settled
 * them by hand in between (RULES.md §6).
 */
export const bankDeskEntries = sqliteTable(
  'bank_desk_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    account: text('account').notNull(),
    ref: text('ref').notNull(),
    bookedOn: text('booked_on'),
    reason: text('reason').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('bank_desk_entries_ref_uq').on(t.account, t.ref)],
);

/** Invoices sent by e-mail (art. 7.3.2): never twice unless asked. */
export const invoiceMailings = sqliteTable(
  'invoice_mailings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    invoiceId: integer('invoice_id')
      .notNull()
      .references(() => invoices.id),
    toAddress: text('to_address').notNull(),
    messageId: text('message_id'),
    /** When the message was handed to the server (recorded before it leaves, issue 28). */
    sentAt: text('sent_at').notNull(),
    /** When the server accepted it (250 after DATA); null: it left and was never confirmed — a re-run sends it again with the same Message-ID. */
    acceptedAt: text('accepted_at'),
    /** The server's answer to the message (`250 2.0.0 Ok: queued as …`). */
    serverReply: text('server_reply'),
    createdAt: createdAt(),
  },
  (t) => [index('invoice_mailings_invoice_idx').on(t.invoiceId)],
);

/** The rewards catalogue (annex 3.4), data an operator maintains; a removed item stays for history. */
export const cooptRewards = sqliteTable(
  'coopt_rewards',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    item: text('item').notNull(),
    addedOn: text('added_on').notNull(),
    removedOn: text('removed_on'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('coopt_rewards_item_uq').on(t.item).where(sql`removed_on is null`)],
);

// ---------------------------------------------------------------------------------------
// Univers Pro (art. 5.12; RULES.md §3 "Univers Pro"): company members only.

/** A technical study at one of the member's sites; its outcome conditions the works (art. 5.12.2). */
export const proStudies = sqliteTable(
  'pro_studies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    addressId: integer('address_id')
      .notNull()
      .references(() => addresses.id),
    requestedOn: text('requested_on').notNull(),
    /** The services looked at, `wifi_public|security|…` (PRO_SERVICES). */
    services: text('services').notNull(),
    result: text('result'),
    resultOn: text('result_on'),
    createdAt: createdAt(),
  },
  (t) => [
    check('pro_studies_result_ck', sql`result is null or ${inList('result', STUDY_RESULTS)}`),
    check('pro_studies_services_ck', sql`services <> ''`),
    index('pro_studies_member_idx').on(t.memberId),
  ],
);

/** A numbered quote (its own gapless series `D2027-000001`); accepted, it is the works order. */
export const proQuotes = sqliteTable(
  'pro_quotes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    number: text('number').notNull().unique(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    studyId: integer('study_id')
      .notNull()
      .references(() => proStudies.id),
    issuedOn: text('issued_on').notNull(),
    validUntil: text('valid_until'),
    status: text('status').notNull(),
    answeredOn: text('answered_on'),
    /** The installation (`pro works done`). */
    doneOn: text('done_on'),
    /** The invoice issued at once (`--invoice-now`); null when the works wait for the monthly run. */
    invoiceId: integer('invoice_id').references(() => invoices.id),
    totalHtCents: integer('total_ht_cents').notNull(),
    totalVatCents: integer('total_vat_cents').notNull(),
    totalTtcCents: integer('total_ttc_cents').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('pro_quotes_status_ck', inList(t.status.name, QUOTE_STATUSES)),
    check('pro_quotes_sum_ck', sql`total_ht_cents + total_vat_cents = total_ttc_cents`),
    index('pro_quotes_member_idx').on(t.memberId),
  ],
);

/** A quote's lines: TTC as typed, HT per line half-up (RULES.md §0). */
export const proQuoteLines = sqliteTable(
  'pro_quote_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    quoteId: integer('quote_id')
      .notNull()
      .references(() => proQuotes.id),
    position: integer('position').notNull(),
    label: text('label').notNull(),
    ttcCents: integer('ttc_cents').notNull(),
    htCents: integer('ht_cents').notNull(),
  },
  (t) => [check('pro_quote_lines_ttc_ck', sql`ttc_cents > 0`), uniqueIndex('pro_quote_lines_pos_uq').on(t.quoteId, t.position)],
);

/**
 * A maintenance brick (art. 5.12.3.1) at its quoted monthly TTC price, billed by the monthly
 * run like an option (key `brick:ID`). `end_on` is the last day served: the end of the month
 * of the removal request (art. 5.12.5), or the contract's last billed day (termination).
 */
/** A brick's half-yearly maintenance report (art. 5.12.3.1): one per half-year, in order; the PDF named by its SHA-256. */
export const proBrickReports = sqliteTable(
  'pro_brick_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    brickId: integer('brick_id')
      .notNull()
      .references(() => proBricks.id),
    period: integer('period').notNull(),
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    reportedOn: text('reported_on').notNull(),
    fileName: text('file_name'),
    fileSha256: text('file_sha256'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('pro_brick_reports_period_uq').on(t.brickId, t.period), check('pro_brick_reports_period_ck', sql`period >= 1`)],
);

export const proBricks = sqliteTable(
  'pro_bricks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    brick: text('brick').notNull(),
    priceTtcCents: integer('price_ttc_cents').notNull(),
    startOn: text('start_on').notNull(),
    basis: text('basis').notNull(),
    worksQuoteId: integer('works_quote_id').references(() => proQuotes.id),
    studyId: integer('study_id').references(() => proStudies.id),
    agreedOn: text('agreed_on'),
    accessPoints: integer('access_points'),
    switches: integer('switches'),
    routers: integer('routers'),
    /** The member's removal request (art. 5.12.5). */
    requestedEndOn: text('requested_end_on'),
    endOn: text('end_on'),
    /** Set when the contract's termination ended it (given back if the termination is withdrawn). */
    terminationId: integer('termination_id'),
    createdAt: createdAt(),
  },
  (t) => [
    check('pro_bricks_brick_ck', inList(t.brick.name, BRICKS)),
    check('pro_bricks_basis_ck', inList(t.basis.name, BRICK_BASES)),
    check('pro_bricks_price_ck', sql`price_ttc_cents > 0`),
    check('pro_bricks_equipment_ck', sql`coalesce(access_points, 0) >= 0 and coalesce(switches, 0) >= 0 and coalesce(routers, 0) >= 0`),
    index('pro_bricks_member_idx').on(t.memberId),
  ],
);

// ---------------------------------------------------------------------------------------
// Frozen documents (issue 21; RULES.md §6 "frozen documents", src/invoicing/frozen.ts).

/**
 * The club's identity as documents state it (`FrozenSeller` as JSON): a new version each
 * time a seller or creditor setting changes, recorded in that change's audit entry (or in
 * a `seller_version/record` entry when an issue finds the settings changed without one).
 * Append-only; a document refers to the version in force when it was issued.
 */
export const sellerVersions = sqliteTable('seller_versions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  content: text('content').notNull(),
  createdAt: createdAt(),
});

/**
 * What an issued document states besides its own rows, frozen at issue (`FrozenDocument`
 * as JSON: the seller's version, the buyer's identity and address, the payment terms): the
 * same JSON is in the document's issue audit entry (`frozen`), which `db check` compares.
 * One row per invoice or credit note, quote, or formal notice. Never updated; an invoice's
 * never deleted (a purged member's quotes and notices go with them).
 */
export const documentSnapshots = sqliteTable(
  'document_snapshots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    invoiceId: integer('invoice_id').references(() => invoices.id),
    quoteId: integer('quote_id').references(() => proQuotes.id),
    stepId: integer('step_id').references(() => dunningSteps.id),
    sellerVersionId: integer('seller_version_id').references(() => sellerVersions.id),
    content: text('content').notNull(),
  },
  (t) => [
    check('document_snapshots_one_ck', sql`(invoice_id is not null) + (quote_id is not null) + (step_id is not null) = 1`),
    // partial: each row is in one index only (a month of 100 000 invoices writes no null entries)
    uniqueIndex('document_snapshots_invoice_uq').on(t.invoiceId).where(sql`invoice_id is not null`),
    uniqueIndex('document_snapshots_quote_uq').on(t.quoteId).where(sql`quote_id is not null`),
    uniqueIndex('document_snapshots_step_uq').on(t.stepId).where(sql`step_id is not null`),
  ],
);

// ---------------------------------------------------------------------------------------
// Financial guarantees (art. 7.1; RULES.md §Guarantees): an amount Parnasse asks a member for,
// with the date it is due; money held for the member, never revenue.
export const guarantees = sqliteTable(
  'guarantees',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    amountCents: integer('amount_cents').notNull(),
    requestedOn: text('requested_on').notNull(),
    dueOn: text('due_on').notNull(),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (t) => [check('guarantees_amount_ck', sql`amount_cents > 0`), index('guarantees_member_idx').on(t.memberId)],
);

/**
 * What happened to a guarantee's money, dated: `received` (paid in by the member, with its
 * method), `applied` (set off against an invoice: a settlement of that invoice, counted by
 * the ledger as paid), `released` (given back, with its method). Held on D = received −
 * applied − released dated ≤ D.
 */
export const guaranteeMoves = sqliteTable(
  'guarantee_moves',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    guaranteeId: integer('guarantee_id')
      .notNull()
      .references(() => guarantees.id),
    kind: text('kind').notNull(),
    onDate: text('on_date').notNull(),
    amountCents: integer('amount_cents').notNull(),
    invoiceId: integer('invoice_id').references(() => invoices.id),
    method: text('method'),
    createdAt: createdAt(),
  },
  (t) => [
    check('guarantee_moves_kind_ck', inList(t.kind.name, GUARANTEE_MOVES)),
    check('guarantee_moves_amount_ck', sql`amount_cents > 0`),
    check('guarantee_moves_invoice_ck', sql`(kind = 'applied') = (invoice_id is not null)`),
    check('guarantee_moves_method_ck', sql`method is null or ${sql.raw(PAYMENT_METHODS.map((v) => `method = '${v}'`).join(' or '))}`),
    index('guarantee_moves_guarantee_idx').on(t.guaranteeId),
    index('guarantee_moves_invoice_idx').on(t.invoiceId).where(sql`invoice_id is not null`),
  ],
);

/**
 * Damages and interest actually paid to a member (art. 11.1; RULES.md §Liability): a payment
 * out, never a credit note (it corrects no invoice and bears no VAT). `incident_on` is the
 * event that caused the harm: its cap, and the calendar year's, are checked when it is recorded.
 */
export const damagesPaid = sqliteTable(
  'damages_paid',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    amountCents: integer('amount_cents').notNull(),
    paidOn: text('paid_on').notNull(),
    incidentOn: text('incident_on').notNull(),
    reason: text('reason').notNull(),
    method: text('method').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('damages_paid_amount_ck', sql`amount_cents > 0`),
    check('damages_paid_method_ck', inList(t.method.name, PAYMENT_METHODS)),
    index('damages_paid_member_idx').on(t.memberId),
  ],
);

/** Changes to the Offer other than prices (art. 9), announced at least one month before they take effect. */
export const offerChanges = sqliteTable(
  'offer_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    description: text('description').notNull(),
    announcedOn: text('announced_on').notNull(),
    effectiveFrom: text('effective_from').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('offer_changes_effective_idx').on(t.effectiveFrom)],
);
