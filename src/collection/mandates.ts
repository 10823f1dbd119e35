/**
 * SEPA mandates (art. 7.3.1, 7.3.3; RULES.md §6 decision SEPA): the SEPA form is signed
 * with the subscription form, so the confirmation call records a mandate from the
 * candidacy's IBAN, with a generated unique reference (RUM) and the application date as
 * signature date. `member mandate` replaces it (imported members included); the previous
 * one ends that day. A mandate unused for 36 months lapses (EPC rulebook).
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import { members, sepaMandates } from '../db/schema.js';
import { InvalidInputError, UsageError } from '../errors.js';
import type { IsoDate } from '../rules/dates.js';
import { normalizeIban } from '../rules/identifiers.js';
import { generatedRum, isSepaId, mandateLapsed } from '../rules/sepa.js';
import { getMember } from '../contract/state.js';
import { t } from '../i18n/index.js';

export interface MandateJson {
  member_no: string;
  rum: string;
  iban: string;
  signed_on: string;
  recorded_on: string;
  last_collection: string | null;
  lapsed: boolean;
  replaced: string | null;
}

/** Records a mandate inside the caller's transaction; ends the member's current one. */
export function recordMandate(
  tx: Tx,
  actor: Actor,
  m: { memberId: number; memberNo: number; iban: string; rum?: string | null; signedOn: IsoDate; on: IsoDate },
): { rum: string; iban: string; replaced: string | null } {
  const iban = normalizeIban(m.iban);
  if (!iban) throw new InvalidInputError(t('documents.mandate.bad_iban', { iban: m.iban }));
  const rum = (m.rum ?? generatedRum(m.memberNo, m.signedOn)).trim();
  if (!isSepaId(rum)) throw new InvalidInputError(t('documents.mandate.bad_rum', { rum }));
  if (m.signedOn > m.on) throw new UsageError(t('documents.mandate.signed_after', { signed: m.signedOn, on: m.on }));
  const taken = tx.select({ memberId: sepaMandates.memberId }).from(sepaMandates).where(eq(sepaMandates.rum, rum)).get();
  if (taken) {
    const no = tx.select({ no: members.memberNo }).from(members).where(eq(members.id, taken.memberId)).get()!.no;
    throw new InvalidInputError(t('documents.mandate.rum_taken', { rum, member_no: no }));
  }
  const current = tx
    .select()
    .from(sepaMandates)
    .where(and(eq(sepaMandates.memberId, m.memberId), isNull(sepaMandates.endedOn)))
    .get();
  if (current) tx.update(sepaMandates).set({ endedOn: m.on }).where(eq(sepaMandates.id, current.id)).run();
  tx.insert(sepaMandates).values({ memberId: m.memberId, rum, iban, signedOn: m.signedOn, recordedOn: m.on }).run();
  audit(tx, actor, {
    entity: 'member',
    entityId: m.memberNo,
    action: 'sepa_mandate',
    change: { rum, iban, signed_on: m.signedOn, recorded_on: m.on, replaced: current ? { rum: current.rum, iban: current.iban, ended_on: m.on } : null },
  });
  return { rum, iban, replaced: current?.rum ?? null };
}

/** `member mandate NO --iban --rum --signed`: a new mandate replaces the current one. */
export function replaceMandate(
  conn: Connection,
  actor: Actor,
  r: { memberNo: string; iban: string; rum?: string; signedOn: IsoDate; on: IsoDate },
): MandateJson {
  writeTx(conn, (tx) => {
    const m = getMember(tx, r.memberNo);
    recordMandate(tx, actor, { memberId: m.id, memberNo: m.memberNo, iban: r.iban, rum: r.rum, signedOn: r.signedOn, on: r.on });
  });
  return currentMandate(conn.db, r.memberNo, r.on)!;
}

function lastCollection(db: Db | Tx, mandateId: number): string | null {
  return (
    db.get<{ d: string | null }>(
      sql`select max(e.collection_date) as d from sepa_debits d join sepa_exports e on e.id = d.export_id where d.mandate_id = ${mandateId} and d.status = 'exported'`,
    ).d ?? null
  );
}

/** The member's current mandate on a date (null if none), with its last collection and lapse. */
export function currentMandate(db: Db | Tx, memberNo: string, on: IsoDate): MandateJson | null {
  const m = getMember(db, memberNo);
  const rows = db.select().from(sepaMandates).where(eq(sepaMandates.memberId, m.id)).orderBy(desc(sepaMandates.id)).all();
  const cur = rows.find((r) => r.endedOn === null);
  if (!cur) return null;
  const last = lastCollection(db, cur.id);
  return {
    member_no: String(m.memberNo),
    rum: cur.rum,
    iban: cur.iban,
    signed_on: cur.signedOn,
    recorded_on: cur.recordedOn,
    last_collection: last,
    lapsed: mandateLapsed({ signedOn: cur.signedOn, recordedOn: cur.recordedOn, lastCollection: last }, on),
    replaced: rows.find((r) => r.id !== cur.id && r.endedOn === cur.recordedOn)?.rum ?? null,
  };
}
