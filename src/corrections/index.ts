/**
 * Corrections of contact data (issue 11): `candidate edit REF` and `member edit NO` — names,
 * e-mail, phone, IBAN, the postal address. Each value goes through the validator that takes
 * it on input (src/candidacy/record.ts; a member's IBAN is French as `member import` wants
 * it), the change is one transaction with one audit entry holding before/after of the
 * changed fields only, and a correction that changes nothing writes nothing.
 *
 * Decisions (RULES.md "Corrections"):
 * - a candidacy still undecided is judged again as on input (zone and status); a decided
 *   one keeps its status, its zone follows the corrected address, and an accepted one
 *   refuses a correction that would make a criterion fail that passed (art. 3.3); a
 *   candidacy that became a member is corrected on the member (`member edit`);
 * - a member's IBAN change keeps the current SEPA mandate and its RUM: the mandate debits
 *   the new IBAN, and when it was already collected the next debit carries the amendment
 *   (pain.008 AmdmntInd, original account, or SMNDA for another bank) — src/collection/sepa.ts;
 * - a purged member (annex 5) cannot be corrected; a running contract's address cannot be
 *   corrected out of the coverage zones (art. 3.1, E1).
 */
import { memberStatus } from '../contract/state.js';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Connection, Tx } from '../db/connection.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import { addresses, candidacies, members, sepaMandates } from '../db/schema.js';
import { enforce, NotFoundError, RefusedError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { fmtDate, fmtEnum } from '../i18n/format.js';
import type { Parsed } from '../csv/fields.js';
import { emailField, frenchIbanField, ibanField, optionalTextField, placeField, printedTextField } from '../candidacy/record.js';
import { getCandidacy } from '../candidacy/index.js';
import { possibleDuplicates, type DuplicateKeys, type DuplicateWarning } from '../candidacy/duplicates.js';
import { evaluateStored, type CandidacyRow } from '../candidacy/evaluate.js';
import { getMember } from '../contract/state.js';
import { loadZoneTable } from '../zones/table.js';
import { zoneOf } from '../rules/zones.js';
import { ART_COMMITTEE } from '../rules/eligibility.js';
import { acceptedCorrection, memberAddressCorrection } from '../rules/corrections.js';
import { ART_DATA } from '../rules/liability.js';
import type { IsoDate } from '../rules/dates.js';

/** The fields a correction may change, named as the CSV columns and the `candidate add` flags. */
export const CANDIDACY_EDIT_FIELDS = [
  'first_name',
  'last_name',
  'company_name',
  'email',
  'phone',
  'street',
  'postal_code',
  'city',
  'department',
  'iban',
] as const;
export const MEMBER_EDIT_FIELDS = CANDIDACY_EDIT_FIELDS;
export type EditField = (typeof CANDIDACY_EDIT_FIELDS)[number];
/** Raw values as typed (flags); an empty string clears an optional field. */
export type EditValues = Partial<Record<EditField, string>>;

export interface Change {
  before: string | null;
  after: string | null;
}
/** The changed fields (and what follows from them: department, zone, status, mandate_iban), snake_case. */
export type Changes = Record<string, Change>;

export interface CandidacyEditResult {
  ref: string;
  changed: Changes;
  /** Possible duplicates the correction makes (a name, e-mail or IBAN now shared with another candidacy): warnings, never a refusal. */
  warnings?: DuplicateWarning[];
}

export interface MemberEditResult {
  member_no: string;
  changed: Changes;
  /** The address corrected (main address unless --address), when an address field changed. */
  address_id?: number;
  /** The current SEPA mandate when the IBAN change amended it. */
  mandate?: { rum: string; amendment_pending: boolean };
}

const ADDRESS_FIELDS: readonly EditField[] = ['street', 'postal_code', 'city', 'department'];

/** A correction with an invalid value: `--flag: message`, every bad flag at once (as `candidate add`). */
function invalid(errors: { field: string; message: string }[]): never {
  throw new UsageError(errors.map((e) => `--${e.field.replace(/_/g, '-')}: ${e.message}`).join('; '));
}

function given(values: EditValues): EditField[] {
  const fields = (CANDIDACY_EDIT_FIELDS as readonly EditField[]).filter((f) => values[f] !== undefined);
  if (fields.length === 0)
    throw new UsageError(t('corrections.nothing_given', { flags: CANDIDACY_EDIT_FIELDS.map((f) => `--${f.replace(/_/g, '-')}`).join(' ') }));
  return fields;
}

/** The validated values of the flags given; `department` resolved with the postal code (as on input). */
function validated(
  values: EditValues,
  current: Record<EditField, string | null>,
  o: { iban: (raw: string) => Parsed<string | null>; companyRequired: boolean },
): Record<EditField, string | null> {
  const next = { ...current };
  const errors: { field: string; message: string }[] = [];
  const take = <T extends string | null>(field: EditField, p: Parsed<T>) => {
    if (p.ok) next[field] = p.value;
    else errors.push({ field, message: p.message });
  };
  for (const f of given(values)) {
    const raw = values[f]!;
    switch (f) {
      case 'first_name':
      case 'last_name':
      case 'street':
      case 'postal_code':
      case 'city':
        take(f, printedTextField(raw));
        break;
      case 'company_name':
        if (o.companyRequired) take(f, printedTextField(raw));
        else next[f] = optionalTextField(raw);
        break;
      case 'email':
        take(f, emailField(raw));
        break;
      case 'phone':
        next[f] = optionalTextField(raw);
        break;
      case 'department':
        next[f] = optionalTextField(raw);
        break;
      case 'iban':
        take(f, o.iban(raw));
        break;
    }
  }
  if (errors.length) invalid(errors);
  if (values.postal_code !== undefined || values.department !== undefined) {
    // a new postal code without --department takes the département of the code, as on input
    const dep = values.department !== undefined ? next.department : values.postal_code !== undefined ? null : current.department;
    const d = placeField(next.postal_code!, dep);
    if (!d.ok) invalid([{ field: d.column, message: d.message }]);
    next.department = d.department;
  }
  return next;
}

function diff(before: Record<string, string | null>, after: Record<string, string | null>, fields: readonly string[]): Changes {
  const out: Changes = {};
  for (const f of fields) if ((before[f] ?? null) !== (after[f] ?? null)) out[f] = { before: before[f] ?? null, after: after[f] ?? null };
  return out;
}

// ---------------------------------------------------------------------------------------
// candidate edit

function candidacyValues(row: CandidacyRow): Record<EditField, string | null> {
  return {
    first_name: row.firstName,
    last_name: row.lastName,
    company_name: row.companyName,
    email: row.email,
    phone: row.phone,
    street: row.street,
    postal_code: row.postalCode,
    city: row.city,
    department: row.department,
    iban: row.iban,
  };
}

/** `candidate edit REF`: corrects a candidacy's contact data (see the module's decisions). */
export function editCandidacy(conn: Connection, actor: Actor, ref: string, values: EditValues, on: IsoDate): CandidacyEditResult {
  given(values);
  return writeTx(conn, (tx) => {
    const row = getCandidacy(tx, ref);
    if (row.status === 'member') {
      const no = row.memberId === null ? null : (tx.select({ no: members.memberNo }).from(members).where(eq(members.id, row.memberId)).get()?.no ?? null);
      throw new RefusedError(ART_COMMITTEE, t('corrections.candidacy_member', { ref: row.ref, member_no: no ?? '?' }));
    }
    const before = candidacyValues(row);
    // a company name is required on every candidacy (validateCandidacy)
    const after = validated(values, before, { iban: ibanField, companyRequired: true });
    const changed = diff(before, after, CANDIDACY_EDIT_FIELDS);
    if (Object.keys(changed).length === 0) return { ref: row.ref, changed };

    const next: CandidacyRow = {
      ...row,
      firstName: after.first_name!,
      lastName: after.last_name!,
      companyName: after.company_name!,
      email: after.email!,
      phone: after.phone,
      street: after.street!,
      postalCode: after.postal_code!,
      city: after.city!,
      department: after.department,
      iban: after.iban,
    };
    const table = loadZoneTable(tx);
    const ev = evaluateStored(tx, next, on, table);
    let status = row.status;
    if (!['accepted', 'rejected', 'withdrawn'].includes(row.status)) {
      status = ev.verdict; // undecided: judged again, as on input
    } else if (row.status === 'accepted') {
      // the committee accepted on these criteria: a correction cannot make one of them fail
      const was = evaluateStored(tx, row, on, table);
      enforce(acceptedCorrection(was.checks, ev.checks, { ref: row.ref, status: fmtEnum('candidacy_status', row.status) }));
    }
    if (ev.zoneId !== row.zoneId) changed.zone = { before: row.zoneId, after: ev.zoneId };
    if (status !== row.status) changed.status = { before: row.status, after: status };
    tx.update(candidacies)
      .set({
        firstName: next.firstName,
        lastName: next.lastName,
        companyName: next.companyName,
        email: next.email,
        phone: next.phone,
        street: next.street,
        postalCode: next.postalCode,
        city: next.city,
        department: next.department,
        iban: next.iban,
        zoneId: ev.zoneId,
        status,
        updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`,
      })
      .where(eq(candidacies.id, row.id))
      .run();
    audit(tx, actor, { entity: 'candidacy', entityId: row.ref, action: 'edit', change: { ...changed, date: on } });
    // as on input (RULES.md §2.5): a possible duplicate warns — only one the correction makes
    const keys = (c: CandidacyRow): DuplicateKeys => ({ firstName: c.firstName, lastName: c.lastName, postalCode: c.postalCode, email: c.email, iban: c.iban });
    const known = new Set(possibleDuplicates(conn.sqlite, row.ref, keys(row)).flatMap((w) => w.matches.map((m) => `${w.existing}\u0000${m}`)));
    const warnings = possibleDuplicates(conn.sqlite, row.ref, keys(next)).filter((w) => w.matches.some((m) => !known.has(`${w.existing}\u0000${m}`)));
    return warnings.length ? { ref: row.ref, changed, warnings } : { ref: row.ref, changed };
  });
}

// ---------------------------------------------------------------------------------------
// member edit

/** `member edit NO`: corrects a member's contact data, IBAN (and its SEPA mandate), an address. */
export function editMember(
  conn: Connection,
  actor: Actor,
  memberNo: string,
  values: EditValues,
  on: IsoDate,
  o: { addressId?: number } = {},
): MemberEditResult {
  given(values);
  return writeTx(conn, (tx) => {
    const m = getMember(tx, memberNo);
    const no = String(m.memberNo);
    if (m.purgedOn) throw new RefusedError(ART_DATA, t('corrections.member_purged', { member_no: no, purged_on: fmtDate(m.purgedOn) }));
    const touchesAddress = ADDRESS_FIELDS.some((f) => values[f] !== undefined);
    const address = touchesAddress || o.addressId !== undefined ? findAddress(tx, m.id, no, o.addressId) : null;
    const before: Record<EditField, string | null> = {
      first_name: m.firstName,
      last_name: m.lastName,
      company_name: m.companyName,
      email: m.email,
      phone: m.phone,
      iban: m.iban,
      street: address?.street ?? null,
      postal_code: address?.postalCode ?? null,
      city: address?.city ?? null,
      department: address?.department ?? null,
    };
    const after = validated(values, before, { iban: frenchIbanField, companyRequired: m.kind === 'company' });
    const changed = diff(before, after, MEMBER_EDIT_FIELDS);
    if (Object.keys(changed).length === 0) return { member_no: no, changed };
    const result: MemberEditResult = { member_no: no, changed };

    if (address && ADDRESS_FIELDS.some((f) => changed[f])) {
      const zoneId = zoneOf(after.department!, on, loadZoneTable(tx).assignments);
      enforce(
        memberAddressCorrection({
          zoneBefore: address.zoneId,
          zoneAfter: zoneId,
          terminated: memberStatus(tx, { memberId: m.id }, on) === 'terminated',
          memberNo: no,
          postalCode: after.postal_code!,
        }),
      );
      if (zoneId !== address.zoneId) changed.zone = { before: address.zoneId, after: zoneId };
      tx.update(addresses)
        .set({ street: after.street!, postalCode: after.postal_code!, city: after.city!, department: after.department!, zoneId })
        .where(eq(addresses.id, address.id))
        .run();
      result.address_id = address.id;
    }

    if (changed.iban) {
      const mandate = tx
        .select()
        .from(sepaMandates)
        .where(and(eq(sepaMandates.memberId, m.id), isNull(sepaMandates.endedOn)))
        .get();
      if (mandate && mandate.iban !== after.iban) {
        if (after.iban === null) throw new UsageError(t('corrections.iban_mandate_clear', { member_no: no, rum: mandate.rum }));
        const collected = tx.get<{ n: number }>(sql`select count(*) as n from sepa_debits where mandate_id = ${mandate.id} and status = 'exported'`).n > 0;
        // the bank knows the IBAN of the last collection: the amendment tells it the new one
        let amendedFrom = collected ? (mandate.amendedFromIban ?? mandate.iban) : null;
        if (amendedFrom === after.iban) amendedFrom = null; // back to the account the bank knows
        tx.update(sepaMandates).set({ iban: after.iban, amendedFromIban: amendedFrom }).where(eq(sepaMandates.id, mandate.id)).run();
        changed.mandate_iban = { before: mandate.iban, after: after.iban };
        result.mandate = { rum: mandate.rum, amendment_pending: amendedFrom !== null };
      }
    }

    const memberSet: Partial<typeof members.$inferInsert> = {};
    if (changed.first_name) memberSet.firstName = after.first_name!;
    if (changed.last_name) memberSet.lastName = after.last_name!;
    if (changed.company_name) memberSet.companyName = after.company_name;
    if (changed.email) memberSet.email = after.email!;
    if (changed.phone) memberSet.phone = after.phone;
    if (changed.iban) memberSet.iban = after.iban;
    if (Object.keys(memberSet).length) tx.update(members).set(memberSet).where(eq(members.id, m.id)).run();

    audit(tx, actor, {
      entity: 'member',
      entityId: m.memberNo,
      action: 'edit',
      change: {
        ...changed,
        ...(result.address_id !== undefined ? { address_id: result.address_id } : {}),
        ...(result.mandate ? { mandate: result.mandate } : {}),
        date: on,
      },
    });
    return result;
  });
}

function findAddress(tx: Tx, memberId: number, no: string, addressId: number | undefined) {
  const where =
    addressId === undefined
      ? and(eq(addresses.memberId, memberId), eq(addresses.isMain, true), isNull(addresses.removedOn))
      : and(eq(addresses.memberId, memberId), eq(addresses.id, addressId), isNull(addresses.removedOn));
  const a = tx.select().from(addresses).where(where).get();
  if (!a)
    throw new NotFoundError(
      addressId === undefined ? t('corrections.no_main_address', { member_no: no }) : t('corrections.no_address', { member_no: no, address_id: addressId }),
    );
  return a;
}
