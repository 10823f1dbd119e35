/**
 * One rule for the case of identifiers typed at the Desk (issue 11): like invoice numbers,
 * candidacy references are found whatever their case (`c-2026-001` finds `C-2026-001`);
 * an exact match wins, and two references differing only by case are the same reference
 * for a new candidacy.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import { candidacies } from '../db/schema.js';

/** The stored reference `ref` designates (exact, else the one equal without case), or null. */
export function storedRef(db: Db | Tx, ref: string): string | null {
  const r = ref.trim();
  const exact = db.select({ ref: candidacies.ref }).from(candidacies).where(eq(candidacies.ref, r)).get();
  if (exact) return exact.ref;
  const folded = db.select({ ref: candidacies.ref }).from(candidacies).where(sql`lower(${candidacies.ref}) = lower(${r})`).limit(2).all();
  return folded.length === 1 ? folded[0]!.ref : null;
}
