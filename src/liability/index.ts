/** `member cap` (art. 11.1): the liability cap for an incident, from what was invoiced before it. */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import { getMember } from '../contract/state.js';
import type { IsoDate } from '../rules/dates.js';
import { capWindows, type Window } from '../rules/liability.js';

/** Invoiced under the contract in a window: invoices issued in it, less the credit notes issued in it. */
function invoicedIn(db: Db | Tx, memberId: number, w: Window): number {
  return db.get<{ c: number }>(sql`
    select coalesce(sum(case when kind = 'invoice' then total_ttc_cents else -total_ttc_cents end), 0) as c
    from invoices where member_id = ${memberId} and issued_on between ${w.from} and ${w.to}`).c;
}

export function liabilityCap(db: Db | Tx, memberNo: string, incident: IsoDate, others: readonly IsoDate[] = []) {
  const m = getMember(db, memberNo);
  const p = capWindows(incident, others);
  return {
    member_no: String(m.memberNo),
    incident_on: incident,
    incident_cap_cents: Math.max(0, invoicedIn(db, m.id, p.incidentWindow)),
    incident_window: p.incidentWindow,
    year: p.year,
    last_incident_on: p.lastIncident,
    annual_cap_cents: Math.max(0, invoicedIn(db, m.id, p.annualWindow)),
    annual_window: p.annualWindow,
    article: '11.1',
  };
}
