/**
 * `member purge` (annex 5; RULES.md §9): the contract data of members whose relationship
 * ended more than 3 years ago is erased. Kept for the legal accounting period: the invoices
 * themselves (number, dates, amounts, lines, payments) and the name they are made out to
 * (members.first_name, last_name, company_name, company_siren, member_no), and what each
 * invoice states as frozen at issue (its billing address among them: a mandatory mention of
 * the invoice, CGI art. 242 nonies A); the termination's dates. Erased: the frozen data of
 * its quotes and formal notices with them, contact data and IBAN, addresses, subscriptions, options, delegates, mobile
 * lines, devices, Airboxes, interventions and their pending charges, complaints, dunning
 * procedures, the personal fields of the candidacy, and the content of the audit entries
 * about the member, its candidacy, interventions and complaints (`eraseAuditContent`:
 * content emptied, hashes kept, the erasure itself audited).
 */
import { sql } from 'drizzle-orm';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, eraseAuditContent, writeTx, type Actor } from '../db/audit.js';
import type { IsoDate } from '../rules/dates.js';
import { purgeableFrom } from '../rules/liability.js';

export interface PurgePlanItem {
  member_no: string;
  name: string;
  ended_on: IsoDate;
  purgeable_from: IsoDate;
  /** Rows deleted or blanked, by table. */
  records: Record<string, number>;
  records_total: number;
  audit_entries: number;
  invoices_kept: number;
}

interface Due {
  id: number;
  member_no: number;
  first_name: string;
  last_name: string;
  terminated_on: string;
  candidacy_id: number | null;
}

const ofQuotesAndNotices = (id: number) =>
  sql`(step_id in (select id from dunning_steps where member_id = ${id}) or quote_id in (select id from pro_quotes where member_id = ${id}))`;

/** The tables erased for a member and how to count their rows. */
const COUNTS: [string, (id: number) => ReturnType<typeof sql>][] = [
  ['addresses', (id) => sql`select count(*) as n from addresses where member_id = ${id}`],
  ['subscriptions', (id) => sql`select count(*) as n from subscriptions where address_id in (select id from addresses where member_id = ${id})`],
  ['member_options', (id) => sql`select count(*) as n from member_options where member_id = ${id}`],
  ['delegates', (id) => sql`select count(*) as n from delegates where member_id = ${id}`],
  ['mobile_lines', (id) => sql`select count(*) as n from mobile_lines where member_id = ${id}`],
  ['protected_devices', (id) => sql`select count(*) as n from protected_devices where member_id = ${id}`],
  ['airboxes', (id) => sql`select count(*) as n from airboxes where member_id = ${id}`],
  ['airbox_replacements', (id) => sql`select count(*) as n from airbox_replacements where member_id = ${id}`],
  ['interventions', (id) => sql`select count(*) as n from interventions where member_id = ${id}`],
  ['pending_charges', (id) => sql`select count(*) as n from pending_charges where member_id = ${id}`],
  ['complaints', (id) => sql`select count(*) as n from complaints where member_id = ${id}`],
  // kept as the proof of their answer, detached from the member and without their free text
  ['data_rights_requests', (id) => sql`select count(*) as n from data_rights_requests where member_id = ${id}`],
  ['pro_studies', (id) => sql`select count(*) as n from pro_studies where member_id = ${id}`],
  ['pro_quotes', (id) => sql`select count(*) as n from pro_quotes where member_id = ${id}`],
  ['pro_bricks', (id) => sql`select count(*) as n from pro_bricks where member_id = ${id}`],
  ['pro_brick_reports', (id) => sql`select count(*) as n from pro_brick_reports where brick_id in (select id from pro_bricks where member_id = ${id})`],
  ['dunning_procedures', (id) => sql`select count(*) as n from dunning_procedures where member_id = ${id}`],
  ['dunning_steps', (id) => sql`select count(*) as n from dunning_steps where member_id = ${id}`],
  ['dunning_claims', (id) => sql`select count(*) as n from dunning_claims where step_id in (select id from dunning_steps where member_id = ${id})`],
  // what the member's quotes and notices stated (an invoice's stays with the invoice: the books)
  ['document_snapshots', (id) => sql`select count(*) as n from document_snapshots where ${ofQuotesAndNotices(id)}`],
];

function due(db: Db | Tx, on: IsoDate): Due[] {
  return db
    .all<Due>(sql`select id, member_no, first_name, last_name, terminated_on, candidacy_id from members
                  where purged_on is null and terminated_on is not null and terminated_on <= ${on} order by member_no`)
    .filter((m) => purgeableFrom(m.terminated_on) <= on);
}

/** The audit entries whose content names the member: about it, its candidacy, its interventions and complaints. */
export function auditEntriesAbout(db: Db | Tx, m: { id: number; member_no: number; candidacy_id: number | null }): number[] {
  const cand = m.candidacy_id ? db.get<{ ref: string } | undefined>(sql`select ref from candidacies where id = ${m.candidacy_id}`) : undefined;
  return db
    .all<{ id: number }>(sql`
      select id from audit_log where
        (entity = 'member' and entity_id = ${String(m.member_no)})
        ${cand ? sql`or (entity = 'candidacy' and entity_id = ${cand.ref})` : sql``}
        or (entity = 'intervention' and entity_id in (select cast(id as text) from interventions where member_id = ${m.id}))
        or (entity = 'complaint' and entity_id in (select cast(id as text) from complaints where member_id = ${m.id}))
        or (entity = 'pro_study' and entity_id in (select cast(id as text) from pro_studies where member_id = ${m.id}))
        or (entity = 'pro_quote' and entity_id in (select number from pro_quotes where member_id = ${m.id}))
        or (entity = 'pro_brick' and entity_id in (select cast(id as text) from pro_bricks where member_id = ${m.id}))
      order by id`)
    .map((r) => r.id);
}

function planOf(db: Db | Tx, m: Due): PurgePlanItem {
  const records: Record<string, number> = {};
  for (const [table, q] of COUNTS) {
    const n = db.get<{ n: number }>(q(m.id)).n;
    if (n) records[table] = n;
  }
  records.members = 1;
  if (m.candidacy_id) records.candidacies = 1;
  return {
    member_no: String(m.member_no),
    name: `${m.first_name} ${m.last_name}`,
    ended_on: m.terminated_on,
    purgeable_from: purgeableFrom(m.terminated_on),
    records,
    records_total: Object.values(records).reduce((a, b) => a + b, 0),
    audit_entries: auditEntriesAbout(db, m).length,
    invoices_kept: db.get<{ n: number }>(sql`select count(*) as n from invoices where member_id = ${m.id}`).n,
  };
}

/** What `member purge` would erase on `on` (nothing written). */
export function purgePlan(db: Db | Tx, on: IsoDate): PurgePlanItem[] {
  return due(db, on).map((m) => planOf(db, m));
}

function erase(tx: Tx, actor: Actor, m: Due, on: IsoDate): PurgePlanItem {
  const plan = planOf(tx, m);
  const ids = auditEntriesAbout(tx, m);
  const id = m.id;
  // the numbers of the quotes erased stay in the purge's entry: `db check` accounts for them in the series (a number is no personal data)
  const quotes = tx.all<{ number: string }>(sql`select number from pro_quotes where member_id = ${id} order by id`).map((q) => q.number);
  tx.run(sql`delete from document_snapshots where ${ofQuotesAndNotices(id)}`);
  tx.run(sql`delete from dunning_claims where step_id in (select id from dunning_steps where member_id = ${id})`);
  tx.run(sql`delete from dunning_steps where member_id = ${id}`);
  tx.run(sql`delete from dunning_procedures where member_id = ${id}`);
  tx.run(sql`delete from complaints where member_id = ${id}`);
  tx.run(sql`update data_rights_requests set member_id = null, details = null, note = null where member_id = ${id}`);
  tx.run(sql`delete from pending_charges where member_id = ${id}`);
  tx.run(sql`delete from interventions where member_id = ${id}`);
  tx.run(sql`delete from protected_devices where member_id = ${id}`);
  tx.run(sql`delete from mobile_lines where member_id = ${id}`);
  tx.run(sql`delete from airbox_replacements where member_id = ${id}`);
  tx.run(sql`delete from airboxes where member_id = ${id}`);
  tx.run(sql`delete from delegates where member_id = ${id}`);
  tx.run(sql`delete from member_options where member_id = ${id}`);
  tx.run(sql`delete from pro_brick_reports where brick_id in (select id from pro_bricks where member_id = ${id})`);
  tx.run(sql`delete from pro_bricks where member_id = ${id}`);
  tx.run(sql`delete from pro_quote_lines where quote_id in (select id from pro_quotes where member_id = ${id})`);
  tx.run(sql`delete from pro_quotes where member_id = ${id}`);
  tx.run(sql`delete from pro_studies where member_id = ${id}`);
  tx.run(sql`delete from subscriptions where address_id in (select id from addresses where member_id = ${id})`);
  tx.run(sql`delete from addresses where member_id = ${id}`);
  if (m.candidacy_id)
    tx.run(sql`update candidacies set email = '', phone = null, birth_date = null, street = '', postal_code = '', city = '',
                 department = null, company_revenue_cents = 0, annual_income_cents = 0, iban = null, documents = '',
                 id_expires_on = null, residence_card_expires_on = null, vetting_notes = null, decision_reason = null, row_hash = null,
                 sponsor_member_no = null, updated_at = ${on}
               where id = ${m.candidacy_id}`);
  tx.run(sql`update members set email = '', phone = null, iban = null, purged_on = ${on} where id = ${id}`);
  // the one narrow, audited way the append-only log allows: content emptied, hashes kept (src/db/audit.ts)
  const erased = ids.length ? eraseAuditContent(tx, actor, ids, `annex 5: member ${m.member_no} purged`).erased.length : 0;
  audit(tx, actor, {
    entity: 'member_purge',
    entityId: null,
    action: 'purge',
    change: {
      member_id: id,
      ended_on: m.terminated_on,
      purged_on: on,
      records: plan.records,
      audit_entries_erased: erased,
      quotes_erased: quotes,
      article: 'annexe 5',
    },
  });
  return { ...plan, audit_entries: erased };
}

/** `member purge`: erases, in one transaction, every member due on `on`. */
export function purgeMembers(conn: Connection, actor: Actor, on: IsoDate): PurgePlanItem[] {
  return writeTx(conn, (tx) => due(tx, on).map((m) => erase(tx, actor, m, on)));
}
