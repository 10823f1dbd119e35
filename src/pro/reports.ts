/**
 * Half-yearly maintenance reports of Univers Pro bricks (art. 5.12.3.1; CLI.md `pro report`):
 * the Wi-Fi, workstation and server bricks owe a report every six months from their start.
 * `pro report add` records one (the next half-year, in order), `pro report due` lists what
 * is expected and what is late. One transaction, one audit entry.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import { members, proBrickReports, proBricks } from '../db/schema.js';
import { enforce, NotFoundError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { IsoDate } from '../rules/dates.js';
import type { Brick } from '../rules/enums.js';
import { ART_BRICKS, brickReportAllowed, brickReportsOwed, REPORTED_BRICKS } from '../rules/pro.js';

/** A half-year a brick owes a report for (`pro report due`). */
export interface ReportDueJson {
  brick_id: number;
  member_no: string;
  brick: string;
  period: number;
  period_from: IsoDate;
  period_to: IsoDate;
  due_on: IsoDate;
  late: boolean;
}

/** A report recorded (`pro report add`): the half-year it covers and when it came. */
export interface BrickReportJson extends ReportDueJson {
  id: number;
  reported_on: IsoDate;
  file: string | null;
  file_sha256: string | null;
  article: string;
}

const reportedCount = (db: Db | Tx, brickId: number): number =>
  db.get<{ n: number }>(sql`select count(*) as n from pro_brick_reports where brick_id = ${brickId}`).n;

/** `pro report add BRICK --date D [--file PDF]`: the report of the brick's next half-year. */
export function addBrickReport(
  conn: Connection,
  actor: Actor,
  a: { brickId: number; on: IsoDate; file: { name: string; sha256: string } | null },
): BrickReportJson {
  return writeTx(conn, (tx) => {
    const b = tx
      .select({ b: proBricks, memberNo: members.memberNo })
      .from(proBricks)
      .innerJoin(members, eq(members.id, proBricks.memberId))
      .where(eq(proBricks.id, a.brickId))
      .get();
    if (!b) throw new NotFoundError(t('pro.report.no_brick', { id: a.brickId }));
    const decision = brickReportAllowed({ brick: b.b.brick as Brick, startOn: b.b.startOn, endOn: b.b.endOn }, reportedCount(tx, b.b.id), a.on);
    enforce(decision);
    const p = decision.value;
    const row = tx
      .insert(proBrickReports)
      .values({
        brickId: b.b.id,
        period: p.period,
        periodFrom: p.from,
        periodTo: p.to,
        reportedOn: a.on,
        fileName: a.file?.name ?? null,
        fileSha256: a.file?.sha256 ?? null,
      })
      .returning({ id: proBrickReports.id })
      .get();
    const out: BrickReportJson = {
      id: row.id,
      brick_id: b.b.id,
      member_no: String(b.memberNo),
      brick: b.b.brick,
      period: p.period,
      period_from: p.from,
      period_to: p.to,
      due_on: p.due_on,
      reported_on: a.on,
      late: a.on > p.due_on,
      file: a.file?.name ?? null,
      file_sha256: a.file?.sha256 ?? null,
      article: ART_BRICKS,
    };
    audit(tx, actor, { entity: 'pro_brick', entityId: b.b.id, action: 'report', change: { ...out } });
    return out;
  });
}

/** `pro report due [--date D]`: the half-years whose report is expected (their last month) or late (past their end), oldest first. */
export function bricksReportsDue(db: Db | Tx, on: IsoDate, f: { late?: boolean } = {}): ReportDueJson[] {
  const rows = db
    .select({ b: proBricks, memberNo: members.memberNo })
    .from(proBricks)
    .innerJoin(members, eq(members.id, proBricks.memberId))
    .where(
      sql`${proBricks.brick} in (${sql.join(
        REPORTED_BRICKS.map((x) => sql`${x}`),
        sql`, `,
      )}) and ${proBricks.startOn} <= ${on}`,
    )
    .orderBy(asc(proBricks.id))
    .all();
  const out: ReportDueJson[] = [];
  for (const r of rows) {
    for (const p of brickReportsOwed({ brick: r.b.brick as Brick, startOn: r.b.startOn, endOn: r.b.endOn }, reportedCount(db, r.b.id), on)) {
      if (f.late && !p.late) continue;
      out.push({
        brick_id: r.b.id,
        member_no: String(r.memberNo),
        brick: r.b.brick,
        period: p.period,
        period_from: p.from,
        period_to: p.to,
        due_on: p.due_on,
        late: p.late,
      });
    }
  }
  return out.sort((x, y) => (x.due_on < y.due_on ? -1 : x.due_on > y.due_on ? 1 : x.brick_id - y.brick_id));
}
