/** The club's identity for document tests, and an invoice to print. */
import type { Connection } from '../../src/db/connection.js';
import { writeTx } from '../../src/db/audit.js';
import { setSetting } from '../../src/settings/index.js';
import { icsWithCheckDigits, frenchVatNumber } from '../../src/rules/sepa.js';
import { issueInvoice, memberIdOf } from '../../src/invoicing/core.js';
import type { NewLine } from '../../src/invoicing/core.js';
import { testActor } from './db.js';

export const CLUB_ICS = icsWithCheckDigits('FR', 'ZZZ', '654321');
export const CLUB_SIREN = '732829320';
export const CLUB_IBAN = 'FR7630006000011234567890189';

export const CLUB_SETTINGS: [string, string][] = [
  ['seller.name', 'Cercle Parnasse'],
  ['seller.legal_form', 'SAS'],
  ['seller.capital', '150 000'],
  ['seller.street', '8 rue de la Paix'],
  ['seller.postal_code', '75002'],
  ['seller.city', 'Paris'],
  ['seller.siren', CLUB_SIREN],
  ['seller.rcs', 'Paris'],
  ['seller.vat_number', frenchVatNumber(CLUB_SIREN)],
  ['creditor.ics', CLUB_ICS],
  ['creditor.iban', CLUB_IBAN],
  ['creditor.bic', 'AGRIFRPP'],
  ['mail.from', 'Cercle Parnasse <factures@parnasse.example>'],
];

export function setClubSettings(conn: Connection, except: string[] = []): void {
  for (const [k, v] of CLUB_SETTINGS) if (!except.includes(k)) setSetting(conn, testActor, k, v);
}

export function issue(conn: Connection, memberNo: number, issuedOn: string, lines: NewLine[]): string {
  return writeTx(conn, (tx) => issueInvoice(tx, testActor, { memberId: memberIdOf(tx, memberNo), issuedOn, lines })).number;
}
