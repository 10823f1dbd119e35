/**
 * A member "in good standing" (RULES.md §2.1 E5 and §8): a member, not suspended or
 * terminated, up to date with invoices (nothing overdue and unpaid beyond what is under
 * dispute) and not under a recovery procedure (an outstanding second formal notice).
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';

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
  const overdue = db.get<{ c: number }>(sql`
    select coalesce(sum(max(0, i.total_ttc_cents
      - coalesce((select sum(p.amount_cents) from payments p where p.invoice_id = i.id and p.paid_on <= ${on}), 0)
      - coalesce((select sum(d.amount_cents) from disputes d where d.invoice_id = i.id and d.status = 'open'), 0)
      - coalesce((select sum(cn.total_ttc_cents) from invoices cn where cn.refers_to = i.id and cn.kind = 'credit_note'), 0))), 0) as c
    from invoices i
    where i.member_id = ${m.id} and i.kind = 'invoice' and i.pay_by < ${on}`);
  const second = db.get<{ n: number }>(
    sql`select count(*) as n from dunning_steps where member_id = ${m.id} and step = 'second_notice' and on_date <= ${on}`,
  );
  const overdueCents = overdue.c;
  const underRecovery = second.n > 0 && overdueCents > 0;
  return {
    memberNo,
    exists: true,
    status: m.status,
    overdueCents,
    underRecovery,
    inGoodStanding: (m.status === 'active' || m.status === 'pending') && overdueCents === 0 && !underRecovery,
  };
}
