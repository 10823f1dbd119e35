/**
 * One rule for the case of identifiers typed at the Desk (issue 11): like invoice numbers,
 * candidacy references are found whatever their case (`c-2026-001` finds `C-2026-001`),
 * and two references differing only by case are the same reference — the database holds
 * it (unique index `candidacies_ref_nocase_uq`, migration 0014), so an import finds the
 * stored candidacy of `abc-1` when `ABC-1` is stored.
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import { candidacies } from '../db/schema.js';

/** The stored reference `ref` designates (whatever its case), or null. */
export function storedRef(db: Db | Tx, ref: string): string | null {
  const r = ref.trim();
  const row = db.select({ ref: candidacies.ref }).from(candidacies).where(sql`${candidacies.ref} = ${r} collate nocase`).get();
  return row?.ref ?? null;
}
