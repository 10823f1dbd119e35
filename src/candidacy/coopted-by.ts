/**
 * Who co-opted a candidacy, read from the cooptations (annex 3): for `candidate show` and the
 * committee agenda. A read of the candidacy's side, so candidacy never imports cooptation.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import { cooptations, members } from '../db/schema.js';

/** The live cooptation of a candidacy, else the latest. */
export interface CooptedBy {
  id: number;
  referrer: string;
  status: string;
}

export function cooptationsByCandidacy(db: Db | Tx, candidacyIds?: number[]): Map<number, CooptedBy> {
  const q = db
    .select({ id: cooptations.id, candidacyId: cooptations.candidacyId, status: cooptations.status, no: members.memberNo })
    .from(cooptations)
    .innerJoin(members, eq(members.id, cooptations.referrerId));
  const rows = (candidacyIds ? q.where(inArray(cooptations.candidacyId, candidacyIds)) : q).orderBy(asc(cooptations.id)).all();
  const map = new Map<number, CooptedBy>();
  for (const r of rows) {
    const prev = map.get(r.candidacyId);
    const live = r.status === 'proposed' || r.status === 'accepted';
    if (!prev || live || (prev.status !== 'proposed' && prev.status !== 'accepted'))
      map.set(r.candidacyId, { id: r.id, referrer: String(r.no), status: r.status });
  }
  return map;
}

/** The referrer of a cooptation still in play (proposed or accepted), for the committee agenda. */
export function liveReferrer(c: CooptedBy | undefined): string | null {
  return c && (c.status === 'proposed' || c.status === 'accepted') ? c.referrer : null;
}
