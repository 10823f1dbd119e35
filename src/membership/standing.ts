/**
 * A member "in good standing" (RULES.md §2.1 E5 and §8): a member, not suspended or
 * terminated, up to date with invoices (nothing overdue and unpaid beyond what is under
 * dispute) and not under a recovery procedure (an outstanding second formal notice).
 * The money comes from the ledger (src/collection/ledger.ts), as of the date.
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import { memberBalance } from '../collection/ledger.js';
import { underRecoveryProcedure } from '../dunning/index.js';

export interface Standing {
  memberNo: string;
  exists: boolean;
  status: string | null;
  overdueCents: number;
  underRecovery: boolean;
  inGoodStanding: boolean;
}

export function memberStanding(db: Db | Tx, memberNo: string, on: string): Standing {
  const no = Number(memberNo);
  const m = Number.isSafeInteger(no)
    ? db.get<{ id: number; status: string } | undefined>(sql`select id, status from members where member_no = ${no}`)
    : undefined;
  if (!m) return { memberNo, exists: false, status: null, overdueCents: 0, underRecovery: false, inGoodStanding: false };
  const overdue = { c: memberBalance(db, m.id, on).lateCents };
  const overdueCents = overdue.c;
  const underRecovery = underRecoveryProcedure(db, m.id, on);
  return {
    memberNo,
    exists: true,
    status: m.status,
    overdueCents,
    underRecovery,
    inGoodStanding: (m.status === 'active' || m.status === 'pending') && overdueCents === 0 && !underRecovery,
  };
}
