/**
 * Data-rights requests (annex 5): access, rectification, erasure, portability, opposition —
 * recorded with their receipt date and answered within one month (the clock of complaints,
 * `answerDueOn`). The answer names what was done: `member export` (access, portability), a
 * `member edit` (rectification: linked to its audit entry), `member purge` (erasure, once the
 * contract data may be erased), a refusal, or something else done.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import { dataRightsRequests } from '../db/schema.js';
import { enforce, NotFoundError, RefusedError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { getMember } from '../contract/state.js';
import type { IsoDate } from '../rules/dates.js';
import type { DataRight, DataRightAnswer } from '../rules/enums.js';
import { answerDueOn, answerOverdue, ART_DATA, checkRightsAnswer, purgeableFrom } from '../rules/liability.js';

export interface RightsRequestJson {
  id: number;
  member_no: string;
  kind: string;
  received_on: IsoDate;
  details: string | null;
  due_on: IsoDate;
  answered_on: IsoDate | null;
  action: string | null;
  note: string | null;
  linked_audit_id: number | null;
  late: boolean;
  /** The command that carries the answer out (or did): `parnasse member export 12`, … */
  command: string | null;
  article: string;
}

type Row = typeof dataRightsRequests.$inferSelect;

const COMMANDS: Partial<Record<DataRightAnswer, (no: number) => string>> = {
  export: (no) => `parnasse member export ${no}`,
  edit: (no) => `parnasse member edit ${no}`,
  purge: () => 'parnasse member purge',
};

const json = (r: Row, on: IsoDate): RightsRequestJson => ({
  id: r.id,
  member_no: String(r.memberNo),
  kind: r.kind,
  received_on: r.receivedOn,
  details: r.details,
  due_on: r.dueOn,
  answered_on: r.answeredOn,
  action: r.action,
  note: r.note,
  linked_audit_id: r.linkedAuditId,
  late: answerOverdue({ dueOn: r.dueOn, closedOn: r.answeredOn }, on) || (r.answeredOn !== null && r.answeredOn > r.dueOn),
  command: r.action ? (COMMANDS[r.action as DataRightAnswer]?.(r.memberNo) ?? null) : null,
  article: ART_DATA,
});

/** `member rights add NO --kind K --received D [--details TEXT]`. */
export function addRightsRequest(
  conn: Connection,
  actor: Actor,
  a: { memberNo: string; kind: DataRight; receivedOn: IsoDate; details: string | null; on: IsoDate },
): RightsRequestJson {
  return writeTx(conn, (tx) => {
    const m = getMember(tx, a.memberNo);
    if (a.receivedOn > a.on) throw new UsageError(t('dataRights.rights.future', { date: a.receivedOn, on: a.on }));
    const row = tx
      .insert(dataRightsRequests)
      .values({ memberId: m.id, memberNo: m.memberNo, kind: a.kind, receivedOn: a.receivedOn, details: a.details, dueOn: answerDueOn(a.receivedOn) })
      .returning()
      .get();
    audit(tx, actor, {
      entity: 'data_rights',
      entityId: row.id,
      action: 'add',
      change: { member_no: m.memberNo, kind: a.kind, received_on: row.receivedOn, due_on: row.dueOn },
    });
    return json(row, a.on);
  });
}

/** The latest `member edit` of the member from the request's receipt to the answer (its audit entry), if any. */
function editSince(tx: Db | Tx, memberNo: number, from: IsoDate, to: IsoDate): number | null {
  const r = tx.get<{ id: number } | undefined>(sql`
    select id from audit_log
    where entity = 'member' and entity_id = ${String(memberNo)} and action = 'edit'
      and json_extract(change, '$.date') >= ${from} and json_extract(change, '$.date') <= ${to}
    order by id desc limit 1`);
  return r?.id ?? null;
}

/** `member rights answer ID --action A [--note TEXT]`: one answer per request (annex 5). */
export function answerRightsRequest(
  conn: Connection,
  actor: Actor,
  a: { id: number; action: DataRightAnswer; note: string | null; on: IsoDate },
): RightsRequestJson {
  return writeTx(conn, (tx) => {
    const row = tx.select().from(dataRightsRequests).where(eq(dataRightsRequests.id, a.id)).get();
    if (!row) throw new NotFoundError(t('dataRights.rights.none', { id: a.id }));
    if (row.answeredOn) throw new UsageError(t('dataRights.rights.answered_already', { id: a.id, date: row.answeredOn }));
    if (a.on < row.receivedOn) throw new UsageError(t('dataRights.rights.answer_before', { date: a.on, received: row.receivedOn }));
    if (row.memberId === null) throw new RefusedError(ART_DATA, t('dataRights.rights.purged', { id: a.id }));
    const m = getMember(tx, String(row.memberNo));
    const ended = m.terminatedOn !== null && m.terminatedOn <= a.on ? m.terminatedOn : null;
    enforce(checkRightsAnswer(row.kind as DataRight, a.action, { on: a.on, purgeableFrom: ended ? purgeableFrom(ended) : null }));
    let linked: number | null = null;
    if (a.action === 'edit') {
      linked = editSince(tx, m.memberNo, row.receivedOn, a.on);
      if (linked === null) throw new UsageError(t('dataRights.rights.no_edit', { member_no: m.memberNo, date: row.receivedOn }));
    }
    if (a.action === 'refused' && !a.note) throw new UsageError(t('dataRights.rights.refused_reason'));
    tx.update(dataRightsRequests)
      .set({ answeredOn: a.on, action: a.action, note: a.note, linkedAuditId: linked })
      .where(eq(dataRightsRequests.id, row.id))
      .run();
    const done: Row = { ...row, answeredOn: a.on, action: a.action, note: a.note, linkedAuditId: linked };
    audit(tx, actor, {
      entity: 'data_rights',
      entityId: row.id,
      action: 'answer',
      change: { member_no: m.memberNo, kind: row.kind, answered_on: a.on, action: a.action, linked_audit_id: linked, late: a.on > row.dueOn },
    });
    return json(done, a.on);
  });
}

/** `member rights list [NO] [--late] [--all]`: the open requests (late ones flagged), oldest due first; `all` adds the answered ones. */
export function listRightsRequests(db: Db | Tx, f: { memberNo?: string; late?: boolean; all?: boolean; on: IsoDate }): RightsRequestJson[] {
  const memberNo = f.memberNo === undefined ? undefined : getMember(db, f.memberNo).memberNo;
  const rows = db
    .select()
    .from(dataRightsRequests)
    .where(
      and(memberNo === undefined ? undefined : eq(dataRightsRequests.memberNo, memberNo), f.all && !f.late ? undefined : isNull(dataRightsRequests.answeredOn)),
    )
    .orderBy(asc(dataRightsRequests.dueOn), asc(dataRightsRequests.id))
    .all()
    .map((r) => json(r, f.on));
  return f.late ? rows.filter((r) => r.late) : rows;
}
