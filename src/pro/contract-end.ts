/**
 * Univers Pro bricks at the contract's end (art. 10.4): called by src/termination inside the
 * termination's transaction (kept apart from src/pro/index.ts, which reads the termination
 * module, so that neither imports the other in a cycle).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import { proBricks } from '../db/schema.js';
import type { IsoDate } from '../rules/dates.js';
import { brickEndOn } from '../rules/pro.js';

/**
 * The contract's termination ends every brick with it (art. 10.4), as it ends options: each
 * brick still served after `billedUntil` (the last day of the contract's last billed month)
 * ends that day, marked with the termination so a withdrawal gives it back. Called inside
 * the termination's transaction.
 */
export function endBricksWithContract(tx: Tx, memberId: number, terminationId: number, billedUntil: IsoDate): number {
  return tx
    .update(proBricks)
    .set({ endOn: sql`max(${proBricks.startOn}, ${billedUntil})`, terminationId })
    .where(and(eq(proBricks.memberId, memberId), sql`(${proBricks.endOn} is null or ${proBricks.endOn} > ${billedUntil})`))
    .returning({ id: proBricks.id })
    .all().length;
}

/** A withdrawn termination gives the bricks back: in force again, or ending as their removal request says. */
export function restoreBricks(tx: Tx, terminationId: number): number {
  const rows = tx.select().from(proBricks).where(eq(proBricks.terminationId, terminationId)).all();
  for (const b of rows) {
    const endOn = b.requestedEndOn !== null ? brickEndOn(b.requestedEndOn, b.startOn) : null;
    tx.update(proBricks).set({ endOn, terminationId: null }).where(eq(proBricks.id, b.id)).run();
  }
  return rows.length;
}

/** The bricks a termination would end (for its preview). */
export function bricksToEnd(db: Db | Tx, memberId: number, billedUntil: IsoDate): { brick: string; billed_until: IsoDate }[] {
  return db
    .select({ brick: proBricks.brick, startOn: proBricks.startOn })
    .from(proBricks)
    .where(and(eq(proBricks.memberId, memberId), sql`(${proBricks.endOn} is null or ${proBricks.endOn} > ${billedUntil})`))
    .orderBy(asc(proBricks.id))
    .all()
    .map((b) => ({ brick: b.brick, billed_until: b.startOn > billedUntil ? b.startOn : billedUntil }));
}

/** The bricks a termination ended (for `terminate show`). */
export function bricksEndedBy(db: Db | Tx, terminationId: number): { brick: string; billed_until: IsoDate }[] {
  return db
    .select({ brick: proBricks.brick, endOn: proBricks.endOn })
    .from(proBricks)
    .where(eq(proBricks.terminationId, terminationId))
    .orderBy(asc(proBricks.id))
    .all()
    .map((b) => ({ brick: b.brick, billed_until: b.endOn! }));
}
