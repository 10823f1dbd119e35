/**
 * The seller's versions (issue 21): what documents state of the club — identity, legal
 * mentions, SEPA creditor, account for transfers — kept once per change in
 * `seller_versions`, append-only. Documents refer to the version in force at their issue
 * (src/invoicing/frozen.ts); `settings set` of a seller or creditor key records a new one.
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import type { AuditEntry } from '../db/audit.js';

/** The club as a document states it: identity, legal mentions, the SEPA creditor and the account for transfers. */
export interface FrozenSeller {
  name: string | null;
  legalForm: string | null;
  capitalCents: number | null;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  siren: string | null;
  /** The RCS registry town (`RCS Paris`); null when not registered. */
  rcs: string | null;
  vatNumber: string | null;
  /** SEPA creditor identifier (ICS). */
  ics: string | null;
  /** The club's account, for transfers. */
  iban: string | null;
  bic: string | null;
  /** `yes` when the club opted for VAT on debits (issue 23); absent when never set, as in the versions recorded before. */
  vatOnDebits?: string | null;
  /** The club's e-invoicing address (BT-34); absent when never set (the SIREN then). */
  electronicAddress?: string | null;
}

export const SELLER_FIELDS: Record<string, keyof FrozenSeller> = {
  'seller.name': 'name',
  'seller.legal_form': 'legalForm',
  'seller.capital': 'capitalCents',
  'seller.street': 'street',
  'seller.postal_code': 'postalCode',
  'seller.city': 'city',
  'seller.siren': 'siren',
  'seller.rcs': 'rcs',
  'seller.vat_number': 'vatNumber',
  'creditor.ics': 'ics',
  'creditor.iban': 'iban',
  'creditor.bic': 'bic',
  'seller.vat_on_debits': 'vatOnDebits',
  'seller.electronic_address': 'electronicAddress',
};

/** Whether a setting is part of what documents state of the seller (a change makes a new version). */
export const isSellerSetting = (key: string): boolean => key in SELLER_FIELDS;

/** The seller as the settings say now (every field, null when unset). */
export function currentSeller(db: Db | Tx): FrozenSeller {
  const s: FrozenSeller = {
    name: null,
    legalForm: null,
    capitalCents: null,
    street: null,
    postalCode: null,
    city: null,
    siren: null,
    rcs: null,
    vatNumber: null,
    ics: null,
    iban: null,
    bic: null,
  };
  for (const r of db.all<{ key: string; value: string }>(sql`select key, value from settings where key like 'seller.%' or key like 'creditor.%'`)) {
    const f = SELLER_FIELDS[r.key];
    if (f === 'capitalCents') s.capitalCents = Number(r.value);
    else if (f) s[f] = r.value;
  }
  return s;
}

/**
 * The seller version in force now: the last one, or a new one when the settings differ from
 * it, recorded as its own `seller_version/record` audit entry through `record` (the caller's
 * audit; `settings set` passes null and puts `created` in its own entry). The monthly run
 * asks once. Null while no seller or creditor setting was ever set.
 */
export function sellerVersionNow(
  db: Db | Tx,
  record: ((e: AuditEntry) => unknown) | null,
): { id: number | null; created: { id: number; content: FrozenSeller } | null } {
  const now = currentSeller(db);
  const text = JSON.stringify(now);
  const last = db.get<{ id: number; content: string } | undefined>(sql`select id, content from seller_versions order by id desc limit 1`);
  if (last?.content === text) return { id: last.id, created: null };
  if (!last && Object.values(now).every((v) => v === null)) return { id: null, created: null };
  const id = db.get<{ id: number }>(sql`insert into seller_versions (content) values (${text}) returning id`)!.id;
  const created = { id, content: now };
  record?.({ entity: 'seller_version', entityId: id, action: 'record', change: created });
  return { id, created };
}
