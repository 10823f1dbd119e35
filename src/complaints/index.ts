/** Complaints (art. 13): recorded with their receipt date, answered within one month. */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import { complaints, members } from '../db/schema.js';
import { NotFoundError, RefusedError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { getMember } from '../contract/state.js';
import type { IsoDate } from '../rules/dates.js';
import { answerDueOn, answerOverdue } from '../rules/liability.js';

export interface ComplaintJson {
  id: number;
  member_no: string;
  received_on: IsoDate;
  subject: string;
  due_on: IsoDate;
  closed_on: IsoDate | null;
  answer: string | null;
  overdue: boolean;
}

const json = (c: typeof complaints.$inferSelect, memberNo: number, on: IsoDate): ComplaintJson => ({
  id: c.id,
  member_no: String(memberNo),
  received_on: c.receivedOn,
  subject: c.subject,
  due_on: c.dueOn,
  closed_on: c.closedOn,
  answer: c.answer,
  overdue: answerOverdue(c, on),
});

export function addComplaint(conn: Connection, actor: Actor, a: { memberNo: string; receivedOn: IsoDate; subject: string; on: IsoDate }): ComplaintJson {
  if (!a.subject.trim()) throw new UsageError(t('dataRights.complaint.subject'));
  return writeTx(conn, (tx) => {
    const m = getMember(tx, a.memberNo);
    if (a.receivedOn > a.on) throw new UsageError(t('dataRights.complaint.future', { date: a.receivedOn, on: a.on }));
    if (a.receivedOn < m.contractStart) throw new RefusedError('13', t('dataRights.complaint.before_start', { date: a.receivedOn, start: m.contractStart }));
    const row = tx
      .insert(complaints)
      .values({ memberId: m.id, receivedOn: a.receivedOn, subject: a.subject.trim(), dueOn: answerDueOn(a.receivedOn) })
      .returning()
      .get();
    audit(tx, actor, {
      entity: 'complaint',
      entityId: row.id,
      action: 'add',
      change: { member_no: m.memberNo, received_on: row.receivedOn, due_on: row.dueOn },
    });
    return json(row, m.memberNo, a.on);
  });
}

export function closeComplaint(conn: Connection, actor: Actor, c: { id: number; on: IsoDate; answer: string | null }): ComplaintJson {
  return writeTx(conn, (tx) => {
    const row = tx.select().from(complaints).where(eq(complaints.id, c.id)).get();
    if (!row) throw new NotFoundError(t('dataRights.complaint.none', { id: c.id }));
    if (row.closedOn) throw new UsageError(t('dataRights.complaint.closed', { id: c.id, date: row.closedOn }));
    if (c.on < row.receivedOn) throw new UsageError(t('dataRights.complaint.close_before', { date: c.on, received: row.receivedOn }));
    tx.update(complaints).set({ closedOn: c.on, answer: c.answer }).where(eq(complaints.id, c.id)).run();
    const m = tx.select({ memberNo: members.memberNo }).from(members).where(eq(members.id, row.memberId)).get()!;
    audit(tx, actor, { entity: 'complaint', entityId: row.id, action: 'close', change: { closed_on: c.on, late: c.on > row.dueOn } });
    return json({ ...row, closedOn: c.on, answer: c.answer }, m.memberNo, c.on);
  });
}

/** Complaints, oldest first: of one member, or open ones, or only the overdue ones (`--overdue`). */
export function listComplaints(db: Db | Tx, f: { memberNo?: string; open?: boolean; overdue?: boolean; on: IsoDate }): ComplaintJson[] {
  const memberId = f.memberNo === undefined ? undefined : getMember(db, f.memberNo).id;
  const rows = db
    .select({ c: complaints, memberNo: members.memberNo })
    .from(complaints)
    .innerJoin(members, eq(members.id, complaints.memberId))
    .where(and(memberId === undefined ? undefined : eq(complaints.memberId, memberId), f.open || f.overdue ? isNull(complaints.closedOn) : undefined))
    .orderBy(asc(complaints.receivedOn), asc(complaints.id))
    .all()
    .map((r) => json(r.c, r.memberNo, f.on));
  return f.overdue ? rows.filter((r) => r.overdue) : rows;
}
