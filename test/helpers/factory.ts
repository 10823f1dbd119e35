/**
 * Test factories (shared): candidacies inserted directly (independent of `candidate add`),
 * members created through the membership module, with sensible "ready" defaults.
 */
import { candidacies } from '../../src/db/schema.js';
import type { Connection } from '../../src/db/connection.js';
import { writeTx } from '../../src/db/audit.js';
import { createMember, type NewMember } from '../../src/membership/members.js';
import { testActor } from './db.js';

export type CandidacyInsert = typeof candidacies.$inferInsert;

/** A valid French IBAN (test bank details). */
export const TEST_IBAN = 'FR1420041010050500013M02606';

let seq = 0;

/** A candidacy that is ready on 2026-12-01 (Paris, invited, all documents, ID valid to 2030). */
export function readyCandidacy(overrides: Partial<CandidacyInsert> = {}): CandidacyInsert {
  seq += 1;
  return {
    ref: `C-${String(seq).padStart(4, '0')}`,
    kind: 'person',
    firstName: 'Jeanne',
    lastName: `Martin${seq}`,
    email: `jeanne.martin${seq}@example.fr`,
    phone: '0601020304',
    birthDate: '1970-05-04',
    foreignNational: false,
    street: '12 avenue Foch',
    postalCode: '75116',
    city: 'Paris',
    department: '75',
    companyName: 'Martin Industries',
    companySiren: '552100554',
    companyRevenueCents: 80_000_000_00,
    isExecutive: true,
    annualIncomeCents: 250_000_00,
    preventelListed: false,
    operatorUnpaid: false,
    bankingBan: false,
    sponsorMemberNo: null,
    invitedByParnasse: true,
    charterAccepted: true,
    lineTechnology: 'fibre',
    orangeSubscriptions: 1,
    incompatibleOffer: false,
    iban: TEST_IBAN,
    appliedOn: '2026-11-28',
    documents: 'D1|D2|D4|D5|D6',
    idExpiresOn: '2030-01-01',
    addressesDiffer: false,
    status: 'ready',
    source: 'desk',
    ...overrides,
  };
}

/** Inserts a candidacy (ready by default); returns its ref. */
export function insertCandidacy(conn: Connection, overrides: Partial<CandidacyInsert> = {}): string {
  const row = readyCandidacy(overrides);
  conn.db.insert(candidacies).values(row).run();
  return row.ref;
}

/** Creates a member directly (no committee); returns its number. */
export function insertMember(conn: Connection, overrides: Partial<NewMember> = {}): number {
  seq += 1;
  const m: NewMember = {
    kind: 'person',
    firstName: 'Paul',
    lastName: `Durand${seq}`,
    email: `paul.durand${seq}@example.fr`,
    phone: '0611223344',
    companyName: 'Durand SA',
    companySiren: '552100554',
    iban: TEST_IBAN,
    status: 'active',
    contractStart: '2026-01-05',
    welcomeGift: true,
    address: { street: '1 rue de Rivoli', postalCode: '75001', city: 'Paris', lineTechnology: 'fibre' },
    orangeSubscriptions: 1,
    ...overrides,
  };
  return writeTx(conn, (tx) => createMember(tx, testActor, m)).memberNo;
}
