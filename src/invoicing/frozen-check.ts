/**
 * `db check`, finding `frozen_documents` (issue 21): every issued document's frozen data
 * (src/invoicing/frozen.ts) is what the audit entry of its issue recorded (its SHA-256,
 * `frozen_sha256`) — invoices and credit notes (`invoice/issue…`), quotes (`pro_quote/add`), formal
 * notices (`member/dunning_*_notice`, by `step_id`) — and every seller version is what the
 * entry that recorded it says (`settings/set` or `seller_version/record`, field
 * `seller_version`). Frozen data without its record, or a record without its data, is a
 * finding too. Documents issued before documents were frozen have neither: counted apart.
 */
import type Database from 'better-sqlite3';
import { t } from '../i18n/index.js';
import { frozenHash } from './frozen.js';

export interface FrozenReport {
  problems: string[];
  documents: number;
  legacy: number;
  versions: number;
}

/** The `frozen_sha256` of an audit entry, or null (none, erased, or not JSON). */
const FROZEN = `case when json_valid(a.change) then json_extract(a.change, '$.frozen_sha256') end`;

interface Row {
  doc: string;
  content: string | null;
  recorded: string | null;
  version: number | null;
}

/** Whether a seller version's JSON is the recorded one (same text, or the same JSON written otherwise). */
function same(content: string, recorded: string): boolean {
  if (content === recorded) return true;
  try {
    return JSON.stringify(JSON.parse(recorded)) === content;
  } catch {
    return false;
  }
}

export function frozenProblems(db: Database.Database): FrozenReport {
  const problems: string[] = [];
  let documents = 0;
  let legacy = 0;
  const judge = (r: Row) => {
    if (r.content === null && r.recorded === null) {
      legacy++;
      return;
    }
    documents++;
    if (r.content === null) problems.push(t('check.frozen_missing', { doc: r.doc }));
    else if (r.recorded === null) problems.push(t('check.frozen_unrecorded', { doc: r.doc }));
    // the hash the issue recorded, and the seller version the row points to is the one its JSON names (its first key)
    else if (frozenHash(r.content) !== r.recorded || !r.content.startsWith(`{"sellerVersion":${r.version ?? 'null'},`))
      problems.push(t('check.frozen_changed', { doc: r.doc }));
  };

  // invoices and credit notes: one issue entry each (checked by unchanged_since_issue)
  for (const r of db
    .prepare(
      `select i.number as doc, s.content, s.seller_version_id as version, ${FROZEN} as recorded
       from invoices i
       left join document_snapshots s on s.invoice_id = i.id
       left join audit_log a on a.entity = 'invoice' and a.entity_id = i.number and a.action in ('issue', 'issue_credit_note')
       order by i.id`,
    )
    .iterate() as IterableIterator<Row>)
    judge(r);

  // quotes
  for (const r of db
    .prepare(
      `select q.number as doc, s.content, s.seller_version_id as version, ${FROZEN} as recorded
       from pro_quotes q
       left join document_snapshots s on s.quote_id = q.id
       left join audit_log a on a.entity = 'pro_quote' and a.entity_id = q.number and a.action = 'add'
       order by q.id`,
    )
    .iterate() as IterableIterator<Row>)
    judge(r);

  // formal notices: their entry names the step
  const noticeRecords = new Map<number, string | null>();
  for (const a of db
    .prepare(
      `select json_extract(a.change, '$.step_id') as step_id, ${FROZEN} as recorded from audit_log a
       where a.entity = 'member' and a.action in ('dunning_first_notice', 'dunning_second_notice') and json_valid(a.change)`,
    )
    .iterate() as IterableIterator<{ step_id: number | null; recorded: string | null }>)
    if (a.step_id !== null) noticeRecords.set(a.step_id, a.recorded);
  for (const s of db
    .prepare(
      `select d.id, d.on_date, m.member_no, s.content, s.seller_version_id as version
       from dunning_steps d join members m on m.id = d.member_id left join document_snapshots s on s.step_id = d.id
       where d.step in ('first_notice', 'second_notice') order by d.id`,
    )
    .iterate() as IterableIterator<{ id: number; on_date: string; member_no: number; content: string | null; version: number | null }>)
    judge({
      doc: t('check.notice_label', { id: s.id, member_no: s.member_no, date: s.on_date }),
      content: s.content,
      version: s.version,
      recorded: noticeRecords.get(s.id) ?? null,
    });

  // seller versions: each as the entry that recorded it
  const recorded = new Map<number, { entry: number; content: string }>();
  for (const a of db
    .prepare(
      `select a.id, json_extract(a.change, '$.seller_version.id') as version, json_extract(a.change, '$.seller_version.content') as content from audit_log a
       where ((a.entity = 'settings' and a.action = 'set') or (a.entity = 'seller_version' and a.action = 'record')) and json_valid(a.change)`,
    )
    .iterate() as IterableIterator<{ id: number; version: number | null; content: string | null }>)
    if (a.version !== null && a.content !== null) recorded.set(a.version, { entry: a.id, content: a.content });
  let versions = 0;
  for (const v of db.prepare('select id, content from seller_versions order by id').iterate() as IterableIterator<{ id: number; content: string }>) {
    versions++;
    const r = recorded.get(v.id);
    recorded.delete(v.id);
    if (!r) problems.push(t('check.seller_version_unrecorded', { id: v.id }));
    else if (!same(v.content, r.content)) problems.push(t('check.seller_version_changed', { id: v.id }));
  }
  for (const [id, r] of recorded) problems.push(t('check.seller_version_missing', { id, entry: r.entry }));

  return { problems, documents, legacy, versions };
}
