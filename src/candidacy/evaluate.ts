/** Evaluates a stored candidacy on a date: zone from the zone table, sponsor standing from the members. */
import type { Db, Tx } from '../db/connection.js';
import type { candidacies } from '../db/schema.js';
import { evaluateCandidacy, parseDocumentList, type CandidacyFacts, type Evaluation } from '../rules/eligibility.js';
import type { MemberKind } from '../rules/enums.js';
import { zoneOfPostalCode } from '../rules/zones.js';
import { memberStanding } from '../membership/standing.js';
import { loadZoneTable, type ZoneTable } from '../zones/table.js';

export type CandidacyRow = typeof candidacies.$inferSelect;

export function factsOf(row: CandidacyRow): CandidacyFacts {
  return {
    kind: row.kind as MemberKind,
    companyRevenueCents: row.companyRevenueCents,
    isExecutive: row.isExecutive,
    annualIncomeCents: row.annualIncomeCents,
    preventelListed: row.preventelListed,
    operatorUnpaid: row.operatorUnpaid,
    bankingBan: row.bankingBan,
    sponsorMemberNo: row.sponsorMemberNo,
    invitedByParnasse: row.invitedByParnasse,
    charterAccepted: row.charterAccepted,
    lineTechnology: row.lineTechnology,
    orangeSubscriptions: row.orangeSubscriptions,
    incompatibleOffer: row.incompatibleOffer,
    iban: row.iban,
    documents: parseDocumentList(row.documents).documents,
    idExpiresOn: row.idExpiresOn,
    foreignNational: row.foreignNational,
    addressesDiffer: row.addressesDiffer,
  };
}

/** All criteria of a candidacy judged on `on` (art. 3.1–3.4). */
export function evaluateStored(db: Db | Tx, row: CandidacyRow, on: string, table: ZoneTable = loadZoneTable(db)): Evaluation & { zoneId: string | null } {
  const zoneId = zoneOfPostalCode(row.postalCode, on, table.assignments);
  const sponsor = row.sponsorMemberNo ? memberStanding(db, row.sponsorMemberNo, on) : null;
  const ev = evaluateCandidacy(factsOf(row), {
    on,
    zoneId,
    sponsor: sponsor?.exists ? { memberNo: sponsor.memberNo, inGoodStanding: sponsor.inGoodStanding } : null,
  });
  return { ...ev, zoneId };
}
