/**
 * Members (RULES.md §3): creation (from the committee's confirmation call or an import),
 * reads, and every change to a member's record — delegate, addresses, Orange
 * subscriptions, options, mobile lines, Airbox, Bitdefender devices, honorary status.
 * Each change is one transaction with its audit entry; limits come from rules/membership.
 */
import { foldKey } from '../rules/names.js';
import { and, asc, desc, eq, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { t } from '../i18n/index.js';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, nextSequence, writeTx, type Actor } from '../db/audit.js';
import { iterateSql } from '../db/iterate.js';
import {
  addresses,
  airboxReplacements,
  airboxes,
  candidacies,
  delegates,
  memberOptions,
  members,
  mobileLines,
  protectedDevices,
  subscriptions,
} from '../db/schema.js';
import { InvalidInputError, NotFoundError, RefusedError, UsageError, enforce } from '../errors.js';
import { addDays, lastDayOfMonth, monthOf, type IsoDate } from '../rules/dates.js';
import { ART_MONTH_BEGUN, checkCancelMistake } from '../rules/billing.js';
import { MEMBER_KINDS, MEMBER_STATUSES, OPTION_CODES, type MemberKind, type MemberStatus, type OptionCode } from '../rules/enums.js';
import {
  checkAddSubscription,
  airboxReplacement,
  ART_AIRBOX,
  checkAirboxLend,
  checkDelegate,
  checkExtraSite,
  checkInitialSubscriptions,
  checkMemberOpen,
  checkMobileLine,
  checkProtectedDevice,
  checkRemoveSubscription,
  checkMailboxes,
  MAILBOXES_PER_UNIT,
} from '../rules/membership.js';
import { checkOptionEndedByMail } from '../rules/termination.js';
import { resolveDepartment, zoneOf } from '../rules/zones.js';
import { loadZoneTable } from '../zones/table.js';
import { priceOn } from '../prices/index.js';
import { terminateForLostOrange } from '../termination/index.js';
import { assertContractRunning, contractState, getMember, stateColumns, statusOfRow, type MemberRow, type StateRow } from '../contract/state.js';
import { guaranteeStates } from '../collection/ledger.js';

export { getMember, type MemberRow };

/** Changes to a member's services: refused once terminated, and on or after the contract's effective end (art. 10.4). */
function open(tx: Db | Tx, m: MemberRow, on: IsoDate): void {
  enforce(checkMemberOpen(m.status));
  assertContractRunning(tx, m, on);
}

// ---------------------------------------------------------------------------------------
// Creation

export interface NewAddress {
  street: string;
  postalCode: string;
  city: string;
  department?: string | null;
  lineTechnology?: string | null;
}

export interface NewMember {
  /** Imported members keep their number; otherwise the next of the sequence. */
  memberNo?: number;
  kind: MemberKind;
  firstName: string;
  lastName: string;
  email: string;
  phone?: string | null;
  companyName?: string | null;
  companySiren?: string | null;
  iban?: string | null;
  status: MemberStatus;
  contractStart: IsoDate;
  candidacyId?: number | null;
  welcomeGift: boolean;
  importedFrom?: string | null;
  address: NewAddress;
  orangeSubscriptions: number;
}

/** Resolves département and zone of an address on a date; refuses an inconsistent postal code. */
export function placeAddress(db: Db | Tx, a: NewAddress, on: IsoDate): { department: string; zoneId: string | null } {
  const r = resolveDepartment(a.postalCode, a.department);
  enforce(r);
  const zoneId = zoneOf(r.department, on, loadZoneTable(db).assignments);
  return { department: r.department, zoneId };
}

/** Creates a member with its main address and Orange subscriptions, inside the caller's transaction. */
export function createMember(tx: Tx, actor: Actor, n: NewMember): { id: number; memberNo: number; addressId: number } {
  enforce(checkInitialSubscriptions(n.orangeSubscriptions));
  const memberNo = n.memberNo ?? nextSequence(tx, 'member_no');
  const place = placeAddress(tx, n.address, n.contractStart);
  const m = tx
    .insert(members)
    .values({
      memberNo,
      kind: n.kind,
      firstName: n.firstName,
      lastName: n.lastName,
      email: n.email,
      phone: n.phone ?? null,
      companyName: n.companyName ?? null,
      companySiren: n.companySiren ?? null,
      iban: n.iban ?? null,
      status: n.status,
      contractStart: n.contractStart,
      candidacyId: n.candidacyId ?? null,
      welcomeGift: n.welcomeGift,
      importedFrom: n.importedFrom ?? null,
    })
    .returning({ id: members.id })
    .get();
  const a = tx
    .insert(addresses)
    .values({
      memberId: m.id,
      isMain: true,
      street: n.address.street,
      postalCode: n.address.postalCode,
      city: n.address.city,
      department: place.department,
      zoneId: place.zoneId,
      lineTechnology: n.address.lineTechnology ?? null,
      addedOn: n.contractStart,
    })
    .returning({ id: addresses.id })
    .get();
  for (let i = 0; i < n.orangeSubscriptions; i++)
    tx.insert(subscriptions)
      .values({ addressId: a.id, label: `Orange ${i + 1}`, startedOn: n.contractStart })
      .run();
  audit(tx, actor, {
    entity: 'member',
    entityId: memberNo,
    action: 'create',
    change: {
      member_no: memberNo,
      kind: n.kind,
      status: n.status,
      contract_start: n.contractStart,
      candidacy_id: n.candidacyId ?? null,
      welcome_gift: n.welcomeGift,
      imported_from: n.importedFrom ?? null,
      // what the debits may follow (issue 28): db check compares the member's IBAN with it
      iban: n.iban ?? null,
      main_address: { street: n.address.street, postal_code: n.address.postalCode, city: n.address.city, department: place.department, zone: place.zoneId },
      orange_subscriptions: n.orangeSubscriptions,
    },
  });
  return { id: m.id, memberNo, addressId: a.id };
}

// ---------------------------------------------------------------------------------------
// Reads

export interface MemberListItem {
  member_no: string;
  status: string;
  kind: string;
  name: string;
  company_name: string | null;
  zone: string | null;
  contract_start: string;
  honorary: boolean;
}

export function listMembers(db: Db | Tx, f: { status?: string; zone?: string; on: IsoDate }): MemberListItem[] {
  return [...iterateMembers(db, f)];
}

/**
 * `member list`: members by number, read one at a time (issue 14). Each member's status is
 * its status on `f.on`, decided by the contract-state layer
 * (src/contract/state.ts) from the dated facts read with the row, never the stored one.
 */
export function* iterateMembers(db: Db | Tx, f: { status?: string; zone?: string; on: IsoDate }): Generator<MemberListItem> {
  if (f.status && !(MEMBER_STATUSES as readonly string[]).includes(f.status))
    throw new UsageError(t('modules.status_values', { statuses: MEMBER_STATUSES.join(', ') }));
  const on = f.on;
  const where = [sql`1 = 1`];
  if (f.zone) where.push(sql`a.zone_id = ${f.zone}`);
  const query = sql`select m.member_no, m.kind, m.first_name, m.last_name, m.company_name, a.zone_id, m.contract_start, m.honorary, ${stateColumns(on)}
         from members m left join addresses a on a.member_id = m.id and a.is_main = 1 and a.removed_on is null
         where ${sql.join(where, sql` and `)}
         order by m.member_no`;
  const rows = iterateSql<
    StateRow & {
      member_no: number;
      kind: string;
      first_name: string;
      last_name: string;
      company_name: string | null;
      zone_id: string | null;
      contract_start: string;
      honorary: number;
    }
  >(db, query);
  for (const r of rows) {
    const status = statusOfRow(r, on);
    if (f.status && status !== f.status) continue;
    yield {
      member_no: String(r.member_no),
      status,
      kind: r.kind,
      name: `${r.first_name} ${r.last_name}`,
      company_name: r.company_name,
      zone: r.zone_id,
      contract_start: r.contract_start,
      honorary: r.honorary === 1,
    };
  }
}

function addressJson(db: Db | Tx, a: typeof addresses.$inferSelect) {
  const subs = db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.addressId, a.id), isNull(subscriptions.endedOn)))
    .orderBy(asc(subscriptions.id))
    .all();
  return {
    id: a.id,
    main: a.isMain,
    street: a.street,
    postal_code: a.postalCode,
    city: a.city,
    department: a.department,
    zone: a.zoneId,
    line_technology: a.lineTechnology,
    added_on: a.addedOn,
    subscriptions: subs.map((s) => ({ id: s.id, label: s.label, started_on: s.startedOn })),
  };
}

/** `member show` (CLI.md): the member, its contract state on `on` (src/contract/state.ts) and its current services. */
export function showMember(db: Db | Tx, memberNo: string, on: IsoDate) {
  const m = getMember(db, memberNo);
  const state = contractState(db, { memberId: m.id }, on)!;
  const term = state.termination;
  const addrs = db
    .select()
    .from(addresses)
    .where(and(eq(addresses.memberId, m.id), isNull(addresses.removedOn)))
    .orderBy(asc(addresses.id))
    .all();
  const main = addrs.find((a) => a.isMain);
  const delegate = db
    .select()
    .from(delegates)
    .where(and(eq(delegates.memberId, m.id), isNull(delegates.endedOn)))
    .get();
  const opts = db.select().from(memberOptions).where(eq(memberOptions.memberId, m.id)).orderBy(asc(memberOptions.id)).all();
  const lines = db
    .select()
    .from(mobileLines)
    .where(and(eq(mobileLines.memberId, m.id), isNull(mobileLines.removedOn)))
    .all();
  const airbox = db
    .select()
    .from(airboxes)
    .where(and(eq(airboxes.memberId, m.id), isNull(airboxes.returnedOn)))
    .get();
  const devices = db
    .select()
    .from(protectedDevices)
    .where(and(eq(protectedDevices.memberId, m.id), isNull(protectedDevices.removedOn)))
    .all();
  const cand = m.candidacyId ? db.select({ ref: candidacies.ref }).from(candidacies).where(eq(candidacies.id, m.candidacyId)).get() : undefined;
  const held = guaranteeStates(db, on, m.id);
  return {
    member_no: String(m.memberNo),
    status: state.status,
    kind: m.kind,
    zone: main?.zoneId ?? null,
    contract_start: m.contractStart,
    honorary: m.honorary,
    first_name: m.firstName,
    last_name: m.lastName,
    email: m.email,
    phone: m.phone,
    company_name: m.companyName,
    company_siren: m.companySiren,
    iban: m.iban,
    welcome_gift: m.welcomeGift,
    entry_fee_paid_on: m.entryFeePaidOn,
    suspended_on: state.suspended_since,
    terminated_on: m.terminatedOn,
    contract_end_recorded_on: m.contractEndRecordedOn,
    /** The termination in force: pending until its effective date (art. 10.4). */
    termination: term ? { reason: term.reason, effective_on: term.effective_on, by: term.by, notice_date: term.notice_date, pending: term.pending } : null,
    candidacy: cand?.ref ?? null,
    imported_from: m.importedFrom,
    main_address: main ? addressJson(db, main) : null,
    extra_sites: addrs.filter((a) => !a.isMain).map((a) => addressJson(db, a)),
    delegate: delegate ? { name: delegate.name, phone: delegate.phone, started_on: delegate.startedOn, notified_on: delegate.notifiedOn } : null,
    options: opts
      .filter((o) => o.endOn === null || o.endOn >= o.startOn)
      .map((o) => ({ id: o.id, option: o.option, qty: o.qty, start_on: o.startOn, end_on: o.endOn, address_id: o.addressId })),
    mobile_lines: lines.map((l) => ({ id: l.id, number: l.number, plan: l.planType, added_on: l.addedOn })),
    airbox: airbox ? { serial: airbox.serial, lent_on: airbox.lentOn } : null,
    /** Faulty Airboxes replaced (art. 5.5), oldest first. */
    airbox_replacements: replacementsOf(db, m.id),
    protected_devices: devices.map((d) => ({ id: d.id, label: d.label, added_on: d.addedOn })),
    /** Financial guarantees (art. 7.1) as of `on`: held for the member, never revenue. */
    guarantee_held_cents: held.reduce((s, g) => s + g.heldCents, 0),
    guarantees: held.map((g) => ({
      id: g.id,
      amount_cents: g.amountCents,
      requested_on: g.requestedOn,
      due_on: g.dueOn,
      received_cents: g.receivedCents,
      applied_cents: g.appliedCents,
      released_cents: g.releasedCents,
      held_cents: g.heldCents,
      overdue: g.overdue,
    })),
  };
}

// ---------------------------------------------------------------------------------------
// Delegate (definitions "Délégué")

export function setDelegate(
  conn: Connection,
  actor: Actor,
  d: { memberNo: string; name: string; phone?: string | null; notifiedOn?: IsoDate | null; on: IsoDate },
) {
  return writeTx(conn, (tx) => {
    const m = getMember(tx, d.memberNo);
    open(tx, m, d.on);
    const current = tx
      .select()
      .from(delegates)
      .where(and(eq(delegates.memberId, m.id), isNull(delegates.endedOn)))
      .get();
    const same = (a: string) => sameText(a, d.name);
    if (current && same(current.name)) {
      // naming the current delegate again is no replacement: no notice; a new phone is a correction
      const phone = d.phone === undefined || d.phone === null ? current.phone : d.phone;
      if (phone !== current.phone) {
        tx.update(delegates).set({ phone }).where(eq(delegates.id, current.id)).run();
        audit(tx, actor, {
          entity: 'member',
          entityId: m.memberNo,
          action: 'edit_delegate',
          change: { name: current.name, before: { phone: current.phone }, after: { phone } },
        });
      }
      return {
        member_no: String(m.memberNo),
        delegate: current.name,
        replaced: null,
        notified_on: current.notifiedOn,
        started_on: current.startedOn,
        unchanged: phone === current.phone,
        corrected: phone !== current.phone,
      };
    }
    // a delegate named after an earlier one (current, or removed) replaces it: written notice (definitions "Délégué")
    const earlier =
      current ??
      tx.select({ id: delegates.id, startedOn: delegates.startedOn }).from(delegates).where(eq(delegates.memberId, m.id)).orderBy(desc(delegates.id)).get();
    enforce(checkDelegate(!!earlier, d.notifiedOn, d.on, earlier?.startedOn ?? null));
    if (current) tx.update(delegates).set({ endedOn: d.on }).where(eq(delegates.id, current.id)).run();
    tx.insert(delegates)
      .values({ memberId: m.id, name: d.name, phone: d.phone ?? null, notifiedOn: d.notifiedOn ?? null, startedOn: d.on })
      .run();
    audit(tx, actor, {
      entity: 'member',
      entityId: m.memberNo,
      action: current ? 'replace_delegate' : 'set_delegate',
      change: { name: d.name, phone: d.phone ?? null, notified_on: d.notifiedOn ?? null, started_on: d.on, replaced: current?.name ?? null },
    });
    return {
      member_no: String(m.memberNo),
      delegate: d.name,
      replaced: current?.name ?? null,
      notified_on: d.notifiedOn ?? null,
      started_on: d.on,
      unchanged: false,
      corrected: false,
    };
  });
}

export function removeDelegate(conn: Connection, actor: Actor, memberNo: string, on: IsoDate) {
  return writeTx(conn, (tx) => {
    const m = getMember(tx, memberNo);
    const current = tx
      .select()
      .from(delegates)
      .where(and(eq(delegates.memberId, m.id), isNull(delegates.endedOn)))
      .get();
    if (!current) throw new UsageError(t('modules.no_delegate', { member_no: memberNo }));
    tx.update(delegates).set({ endedOn: on }).where(eq(delegates.id, current.id)).run();
    audit(tx, actor, { entity: 'member', entityId: m.memberNo, action: 'remove_delegate', change: { name: current.name, ended_on: on } });
    return { member_no: String(m.memberNo), removed: current.name, ended_on: on };
  });
}

// ---------------------------------------------------------------------------------------
// Extra sites (art. 5.11) and Orange subscriptions (art. 3.4, 10.1)

function activeSubs(tx: Db | Tx, addressId: number): number {
  return tx.get<{ n: number }>(sql`select count(*) as n from subscriptions where address_id = ${addressId} and ended_on is null`).n;
}

/** Two texts naming the same thing (issue 24): case, accents, spaces and punctuation aside (`foldKey`). */
function sameText(a: string, b: string): boolean {
  return foldKey(a) === foldKey(b);
}

export function addExtraSite(conn: Connection, actor: Actor, a: NewAddress & { memberNo: string; on: IsoDate; subscriptions: number }) {
  return writeTx(conn, (tx) => {
    const m = getMember(tx, a.memberNo);
    open(tx, m, a.on);
    const n = tx.get<{ n: number }>(sql`select count(*) as n from addresses where member_id = ${m.id} and is_main = 0 and removed_on is null`).n;
    enforce(checkExtraSite(n));
    enforce(checkInitialSubscriptions(a.subscriptions));
    const same = tx
      .select()
      .from(addresses)
      .where(and(eq(addresses.memberId, m.id), isNull(addresses.removedOn)))
      .all()
      .find((x) => x.postalCode.trim() === a.postalCode.trim() && sameText(x.street, a.street) && sameText(x.city, a.city));
    if (same)
      throw new InvalidInputError(
        t('dupes.site', {
          member_no: m.memberNo,
          address_id: same.id,
          street: same.street,
          postal_code: same.postalCode,
          city: same.city,
          added_on: same.addedOn,
        }),
        [],
        { existing: { address_id: same.id } },
      );
    const price = priceOn(tx, 'extra_site', a.on);
    const place = placeAddress(tx, a, a.on);
    const row = tx
      .insert(addresses)
      .values({
        memberId: m.id,
        isMain: false,
        street: a.street,
        postalCode: a.postalCode,
        city: a.city,
        department: place.department,
        zoneId: place.zoneId,
        lineTechnology: a.lineTechnology ?? null,
        addedOn: a.on,
      })
      .returning({ id: addresses.id })
      .get();
    for (let i = 0; i < a.subscriptions; i++)
      tx.insert(subscriptions)
        .values({ addressId: row.id, label: `Orange ${i + 1}`, startedOn: a.on })
        .run();
    const opt = tx
      .insert(memberOptions)
      .values({ memberId: m.id, option: 'extra_site', qty: 1, startOn: a.on, addressId: row.id })
      .returning({ id: memberOptions.id })
      .get();
    audit(tx, actor, {
      entity: 'member',
      entityId: m.memberNo,
      action: 'add_extra_site',
      change: {
        address_id: row.id,
        option_id: opt.id,
        street: a.street,
        postal_code: a.postalCode,
        city: a.city,
        zone: place.zoneId,
        subscriptions: a.subscriptions,
        added_on: a.on,
      },
    });
    return {
      member_no: String(m.memberNo),
      address_id: row.id,
      zone: place.zoneId,
      department: place.department,
      extra_sites: n + 1,
      monthly_ttc_cents: price,
    };
  });
}

/** The member's extra site `addressId` (never the main address), or the refusal that names it; a removed one only if `removed`. */
function extraSiteOf(tx: Tx, memberId: number, r: { memberNo: string; addressId: number }, o: { removed: boolean }) {
  const a = tx
    .select()
    .from(addresses)
    .where(and(eq(addresses.id, r.addressId), eq(addresses.memberId, memberId)))
    .get();
  if (!a || (!o.removed && a.removedOn)) throw new NotFoundError(t('modules.no_address', { member_no: r.memberNo, address_id: r.addressId }));
  if (a.isMain) throw new UsageError(t('modules.main_address_stays'));
  return a;
}

export function removeExtraSite(conn: Connection, actor: Actor, r: { memberNo: string; addressId: number; on: IsoDate }) {
  return writeTx(conn, (tx) => {
    const m = getMember(tx, r.memberNo);
    const a = extraSiteOf(tx, m.id, r, { removed: false });
    tx.update(addresses).set({ removedOn: r.on }).where(eq(addresses.id, a.id)).run();
    tx.update(subscriptions)
      .set({ endedOn: r.on })
      .where(and(eq(subscriptions.addressId, a.id), isNull(subscriptions.endedOn)))
      .run();
    const endOn = lastDayOfMonth(monthOf(r.on));
    tx.update(memberOptions)
      .set({ endOn, requestedEndOn: r.on })
      .where(and(eq(memberOptions.addressId, a.id), isNull(memberOptions.endOn)))
      .run();
    audit(tx, actor, {
      entity: 'member',
      entityId: m.memberNo,
      action: 'remove_extra_site',
      change: { address_id: a.id, removed_on: r.on, option_billed_until: endOn },
    });
    return { member_no: String(m.memberNo), address_id: a.id, removed_on: r.on, billed_until: endOn };
  });
}

/** The first invoice that billed an option row, if any (its lines' keys are `option:ID:YYYY-MM`). */
function billedOn(tx: Db | Tx, optionId: number): string | null {
  const r = tx.get<{ number: string } | undefined>(sql`
    select i.number from invoice_lines l join invoices i on i.id = l.invoice_id
    where l.source_key >= ${`option:${optionId}:`} and l.source_key < ${`option:${optionId};`} order by i.id limit 1`);
  return r?.number ?? null;
}

/** What the previous system billed of an imported member (`member import`: its floor and its contract start), or null. */
function importedFloor(tx: Db | Tx, memberId: number): { billedThrough: string; contractStart: IsoDate } | null {
  const r = tx.get<{ billed_through: string; contract_start: string } | undefined>(
    sql`select f.billed_through, m.contract_start from billing_cursors f join members m on m.id = f.member_id
        where f.key = ${`member:${memberId}`} and m.imported_from is not null`,
  );
  return r ? { billedThrough: r.billed_through, contractStart: r.contract_start } : null;
}

/** A cancelled option row: ended the day before it started, so no month is ever due (the run skips it, `member show` hides it). */
function cancelRow(tx: Tx, row: { id: number; startOn: string }, on: IsoDate): void {
  tx.update(memberOptions)
    .set({ endOn: addDays(row.startOn, -1), requestedEndOn: on })
    .where(eq(memberOptions.id, row.id))
    .run();
}

/**
 * `member address cancel NO ADDRESS_ID`: an extra site recorded by mistake (issue 21). Not a
 * removal (art. 7.3.4 bills the month of a removal): nothing is ever billed for it — refused
 * once an invoice has billed it (then `member address remove`). Audited.
 */
export function cancelExtraSite(conn: Connection, actor: Actor, r: { memberNo: string; addressId: number; on: IsoDate }) {
  return writeTx(conn, (tx) => {
    const m = getMember(tx, r.memberNo);
    const a = extraSiteOf(tx, m.id, r, { removed: true });
    const opt = tx
      .select()
      .from(memberOptions)
      .where(and(eq(memberOptions.addressId, a.id), eq(memberOptions.option, 'extra_site')))
      .orderBy(desc(memberOptions.id))
      .get();
    if (opt && opt.endOn !== null && opt.endOn < opt.startOn) throw new UsageError(t('modules.site_cancelled', { member_no: m.memberNo, address_id: a.id }));
    if (opt)
      enforce(
        checkCancelMistake({ kind: 'site', member_no: String(m.memberNo), address_id: a.id }, opt, {
          invoice: billedOn(tx, opt.id),
          imported: importedFloor(tx, m.id),
        }),
      );
    tx.update(addresses)
      .set({ removedOn: a.removedOn ?? r.on })
      .where(eq(addresses.id, a.id))
      .run();
    tx.update(subscriptions)
      .set({ endedOn: r.on })
      .where(and(eq(subscriptions.addressId, a.id), isNull(subscriptions.endedOn)))
      .run();
    if (opt) cancelRow(tx, opt, r.on);
    audit(tx, actor, {
      entity: 'member',
      entityId: m.memberNo,
      action: 'cancel_extra_site',
      change: {
        address_id: a.id,
        option_id: opt?.id ?? null,
        street: a.street,
        postal_code: a.postalCode,
        city: a.city,
        added_on: a.addedOn,
        cancelled_on: r.on,
      },
    });
    return { member_no: String(m.memberNo), address_id: a.id, added_on: a.addedOn, cancelled_on: r.on, billed: false };
  });
}

function mainAddress(tx: Db | Tx, memberId: number) {
  const a = tx
    .select()
    .from(addresses)
    .where(and(eq(addresses.memberId, memberId), eq(addresses.isMain, true), isNull(addresses.removedOn)))
    .get();
  if (!a) throw new NotFoundError(t('modules.no_main_address'));
  return a;
}

export function addSubscription(conn: Connection, actor: Actor, s: { memberNo: string; addressId?: number; label?: string | null; on: IsoDate }) {
  return writeTx(conn, (tx) => {
    const m = getMember(tx, s.memberNo);
    open(tx, m, s.on);
    const a =
      s.addressId === undefined
        ? mainAddress(tx, m.id)
        : tx
            .select()
            .from(addresses)
            .where(and(eq(addresses.id, s.addressId), eq(addresses.memberId, m.id), isNull(addresses.removedOn)))
            .get();
    if (!a) throw new NotFoundError(t('modules.no_address_2', { member_no: s.memberNo, address_id: s.addressId }));
    const n = activeSubs(tx, a.id);
    enforce(checkAddSubscription(n));
    const row = tx
      .insert(subscriptions)
      .values({ addressId: a.id, label: s.label ?? `Orange ${n + 1}`, startedOn: s.on })
      .returning({ id: subscriptions.id })
      .get();
    audit(tx, actor, {
      entity: 'member',
      entityId: m.memberNo,
      action: 'add_subscription',
      change: { subscription_id: row.id, address_id: a.id, started_on: s.on },
    });
    return { member_no: String(m.memberNo), subscription_id: row.id, address_id: a.id, subscriptions_at_address: n + 1 };
  });
}

/** What removing a subscription would decide (art. 3.4, 10.1), read without writing. */
function subscriptionRemoval(tx: Db | Tx, m: { id: number }, s: { memberNo: string; subscriptionId: number }) {
  const row = tx.get<{ id: number; address_id: number; is_main: number; ended_on: string | null } | undefined>(
    sql`select s.id, s.address_id, a.is_main, s.ended_on from subscriptions s join addresses a on a.id = s.address_id
        where s.id = ${s.subscriptionId} and a.member_id = ${m.id}`,
  );
  if (!row || row.ended_on) throw new NotFoundError(t('modules.no_subscription', { member_no: s.memberNo, subscription_id: s.subscriptionId }));
  const n = activeSubs(tx, row.address_id);
  const elsewhere = tx.get<{ n: number }>(
    sql`select count(*) as n from subscriptions s join addresses a on a.id = s.address_id
        where a.member_id = ${m.id} and a.removed_on is null and s.ended_on is null and s.address_id <> ${row.address_id}`,
  ).n;
  return { row, n, d: checkRemoveSubscription(n, row.is_main === 1, elsewhere) };
}

/**
 * Whether removing this subscription would end the contract (the member's last Orange
 * subscription, art. 10.1): the command asks before such an act (issue 11). False when
 * the removal would be refused or the subscription is unknown: the act itself says why.
 */
export function subscriptionRemovalEndsContract(db: Db | Tx, s: { memberNo: string; subscriptionId: number }): boolean {
  try {
    const { d } = subscriptionRemoval(db, getMember(db, s.memberNo), s);
    return d.ok && d.endsContract;
  } catch {
    return false;
  }
}

export function removeSubscription(conn: Connection, actor: Actor, s: { memberNo: string; subscriptionId: number; on: IsoDate }) {
  return writeTx(conn, (tx) => {
    const m = getMember(tx, s.memberNo);
    open(tx, m, s.on);
    const { row, n, d } = subscriptionRemoval(tx, m, s);
    enforce(d);
    tx.update(subscriptions).set({ endedOn: s.on }).where(eq(subscriptions.id, row.id)).run();
    if (d.endsContract) tx.update(members).set({ contractEndRecordedOn: s.on }).where(eq(members.id, m.id)).run();
    audit(tx, actor, {
      entity: 'member',
      entityId: m.memberNo,
      action: 'remove_subscription',
      change: { subscription_id: row.id, ended_on: s.on, contract_end_recorded_on: d.endsContract ? s.on : null, article: d.article },
    });
    // no Orange subscription left: the contract ends that day, through the one termination path (art. 10.1)
    const termination = d.endsContract ? terminateForLostOrange(tx, actor, m.id, s.on) : null;
    return {
      member_no: String(m.memberNo),
      subscription_id: row.id,
      ended_on: s.on,
      subscriptions_at_address: n - 1,
      contract_ends: d.endsContract,
      contract_end_recorded_on: d.endsContract ? s.on : null,
      termination,
    };
  });
}

// ---------------------------------------------------------------------------------------
// Options (annex 1, art. 5, 10.3.2)

const QTY_OPTIONS: readonly OptionCode[] = ['extra_mailbox', 'mailbox_pack_5', 'mailbox_pack_10'];

export function parseOption(s: string): OptionCode {
  if (s === 'extra_site') throw new UsageError(t('modules.extra_site_how'));
  if (!(OPTION_CODES as readonly string[]).includes(s))
    throw new UsageError(t('modules.unknown_option', { s, options: OPTION_CODES.filter((o) => o !== 'extra_site').join(', ') }));
  return s as OptionCode;
}

function activeOption(tx: Db | Tx, memberId: number, option: OptionCode, on: IsoDate) {
  return tx.get<typeof memberOptions.$inferSelect | undefined>(
    sql`select id, member_id as memberId, option, qty, start_on as startOn, end_on as endOn from member_options
        where member_id = ${memberId} and option = ${option} and (end_on is null or end_on >= ${on}) order by id limit 1`,
  );
}

/** The mailboxes bound (art. 5.7, RULES.md §3): the other mailbox options held on `on` plus `qty` of this one. */
function assertMailboxBound(tx: Db | Tx, memberId: number, option: OptionCode, qty: number, on: IsoDate): void {
  const held = tx
    .all<{ option: string; qty: number }>(
      sql`select option, qty from member_options where member_id = ${memberId} and option in ('extra_mailbox', 'mailbox_pack_5', 'mailbox_pack_10')
          and option <> ${option} and (end_on is null or end_on >= ${on})`,
    )
    .reduce((n, r) => n + (MAILBOXES_PER_UNIT[r.option] ?? 0) * r.qty, 0);
  enforce(checkMailboxes(held, option, qty));
}

export function addOption(conn: Connection, actor: Actor, o: { memberNo: string; option: OptionCode; qty: number; on: IsoDate }) {
  return writeTx(conn, (tx) => {
    const m = getMember(tx, o.memberNo);
    open(tx, m, o.on);
    if (!Number.isInteger(o.qty) || o.qty < 1) throw new UsageError(t('modules.qty'));
    if (o.qty > 1 && !QTY_OPTIONS.includes(o.option)) throw new UsageError(t('modules.once', { option: o.option }));
    if (o.option in MAILBOXES_PER_UNIT) assertMailboxBound(tx, m.id, o.option, o.qty, o.on);
    const price = priceOn(tx, o.option, o.on);
    const cur = activeOption(tx, m.id, o.option, o.on);
    if (cur && cur.endOn === null) throw new UsageError(t('modules.option_already', { member_no: o.memberNo, option: o.option, start_on: cur.startOn }));
    const row = tx.insert(memberOptions).values({ memberId: m.id, option: o.option, qty: o.qty, startOn: o.on }).returning({ id: memberOptions.id }).get();
    audit(tx, actor, {
      entity: 'member',
      entityId: m.memberNo,
      action: 'add_option',
      change: { option_id: row.id, option: o.option, qty: o.qty, start_on: o.on, monthly_ttc_cents: price * o.qty },
    });
    return { member_no: String(m.memberNo), option_id: row.id, option: o.option, qty: o.qty, start_on: o.on, monthly_ttc_cents: price * o.qty };
  });
}

/** Ends an option at the member's request: billed through the month of the request (art. 7.3.4, 10.3.2). */
export function removeOption(conn: Connection, actor: Actor, o: { memberNo: string; option: OptionCode; on: IsoDate }) {
  return writeTx(conn, (tx) => {
    const m = getMember(tx, o.memberNo);
    const cur = tx
      .select()
      .from(memberOptions)
      .where(and(eq(memberOptions.memberId, m.id), eq(memberOptions.option, o.option), isNull(memberOptions.endOn)))
      .get();
    if (!cur) throw new UsageError(t('modules.no_option', { member_no: o.memberNo, option: o.option }));
    if (o.on < cur.startOn) throw new UsageError(t('modules.option_end_before', { start_on: cur.startOn, on: o.on }));
    const endOn = lastDayOfMonth(monthOf(o.on));
    tx.update(memberOptions).set({ endOn, requestedEndOn: o.on }).where(eq(memberOptions.id, cur.id)).run();
    let devicesRemoved = 0;
    if (o.option === 'bitdefender') {
      devicesRemoved = tx
        .update(protectedDevices)
        .set({ removedOn: endOn })
        .where(and(eq(protectedDevices.memberId, m.id), isNull(protectedDevices.removedOn)))
        .returning({ id: protectedDevices.id })
        .all().length;
    }
    audit(tx, actor, {
      entity: 'member',
      entityId: m.memberNo,
      action: 'remove_option',
      change: { option_id: cur.id, option: o.option, requested_on: o.on, end_on: endOn, devices_removed: devicesRemoved },
    });
    return { member_no: String(m.memberNo), option: o.option, requested_on: o.on, end_on: endOn };
  });
}

/**
 * `member option cancel NO OPTION`: an option recorded by mistake (issue 21) — its latest
 * row, running or already removed, is cancelled: nothing is ever billed for it. Refused
 * once billed (then `member option remove`). Cancelling a quantity change
 * (`member option set`) gives the row it replaced back. Audited.
 */
export function cancelOption(conn: Connection, actor: Actor, o: { memberNo: string; option: OptionCode; on: IsoDate }) {
  return writeTx(conn, (tx) => {
    const m = getMember(tx, o.memberNo);
    const cur = tx
      .select()
      .from(memberOptions)
      .where(
        and(
          eq(memberOptions.memberId, m.id),
          eq(memberOptions.option, o.option),
          sql`(${memberOptions.endOn} is null or ${memberOptions.endOn} >= ${memberOptions.startOn})`,
        ),
      )
      .orderBy(desc(memberOptions.id))
      .get();
    if (!cur) throw new UsageError(t('modules.no_option', { member_no: o.memberNo, option: o.option }));
    enforce(
      checkCancelMistake({ kind: 'option', member_no: String(m.memberNo), option: o.option }, cur, {
        invoice: billedOn(tx, cur.id),
        imported: importedFloor(tx, m.id),
      }),
    );
    cancelRow(tx, cur, o.on);
    // a quantity change cancelled: the row it ended the day before runs on (never the row just
    // cancelled, which now ends the day before it started too: it would run on, billed)
    const replaced = tx
      .select()
      .from(memberOptions)
      .where(
        and(
          ne(memberOptions.id, cur.id),
          eq(memberOptions.memberId, m.id),
          eq(memberOptions.option, o.option),
          eq(memberOptions.requestedEndOn, cur.startOn),
          eq(memberOptions.endOn, addDays(cur.startOn, -1)),
          // a row cancelled earlier the same day looks the same (ended the day before it started): never brought back (seed 2018 × 36)
          sql`${memberOptions.endOn} >= ${memberOptions.startOn}`,
        ),
      )
      .get();
    if (replaced && cur.endOn === null) tx.update(memberOptions).set({ endOn: null, requestedEndOn: null }).where(eq(memberOptions.id, replaced.id)).run();
    let devicesRemoved = 0;
    if (o.option === 'bitdefender' && !replaced) {
      devicesRemoved = tx
        .update(protectedDevices)
        .set({ removedOn: o.on })
        .where(and(eq(protectedDevices.memberId, m.id), isNull(protectedDevices.removedOn)))
        .returning({ id: protectedDevices.id })
        .all().length;
    }
    audit(tx, actor, {
      entity: 'member',
      entityId: m.memberNo,
      action: 'cancel_option',
      change: {
        option_id: cur.id,
        option: o.option,
        qty: cur.qty,
        start_on: cur.startOn,
        cancelled_on: o.on,
        restored_option_id: replaced && cur.endOn === null ? replaced.id : null,
        devices_removed: devicesRemoved,
      },
    });
    return {
      member_no: String(m.memberNo),
      option: o.option,
      qty: cur.qty,
      start_on: cur.startOn,
      cancelled_on: o.on,
      billed: false,
      restored_qty: replaced && cur.endOn === null ? replaced.qty : null,
    };
  });
}

/**
 * `member option set NO OPTION --qty N` (mailboxes): a quantity change from the date, not a
 * removal and an addition (RULES.md §6). The running row ends the day before and a row of
 * N starts on the date; in that month the old quantity is due in full and only the units
 * added are billed, prorated from the date (`quantityChangeFirstMonthQty`). On the day the
 * option started, before any invoice, the quantity is corrected in place.
 */
export function setOptionQty(conn: Connection, actor: Actor, o: { memberNo: string; option: OptionCode; qty: number; on: IsoDate }) {
  return writeTx(conn, (tx) => {
    const m = getMember(tx, o.memberNo);
    open(tx, m, o.on);
    if (!Number.isInteger(o.qty) || o.qty < 1) throw new UsageError(t('modules.qty'));
    if (!QTY_OPTIONS.includes(o.option)) throw new UsageError(t('modules.once', { option: o.option }));
    const cur = tx
      .select()
      .from(memberOptions)
      .where(and(eq(memberOptions.memberId, m.id), eq(memberOptions.option, o.option), isNull(memberOptions.endOn)))
      .get();
    if (!cur) throw new UsageError(t('modules.no_option', { member_no: o.memberNo, option: o.option }));
    const price = priceOn(tx, o.option, o.on);
    const result = (changed: boolean, optionId: number) => ({
      member_no: String(m.memberNo),
      option: o.option,
      qty_before: cur.qty,
      qty: o.qty,
      from: o.on,
      changed,
      option_id: optionId,
      monthly_ttc_cents: price * o.qty,
    });
    if (cur.qty === o.qty) return result(false, cur.id);
    if (o.on < cur.startOn) throw new UsageError(t('modules.option_end_before', { start_on: cur.startOn, on: o.on }));
    assertMailboxBound(tx, m.id, o.option, o.qty, o.on);
    let optionId = cur.id;
    if (cur.startOn === o.on) {
      const invoice = billedOn(tx, cur.id);
      if (invoice) throw new RefusedError(ART_MONTH_BEGUN, t('modules.qty_same_day_billed', { option: o.option, invoice }));
      tx.update(memberOptions).set({ qty: o.qty }).where(eq(memberOptions.id, cur.id)).run();
    } else {
      tx.update(memberOptions)
        .set({ endOn: addDays(o.on, -1), requestedEndOn: o.on })
        .where(eq(memberOptions.id, cur.id))
        .run();
      optionId = tx.insert(memberOptions).values({ memberId: m.id, option: o.option, qty: o.qty, startOn: o.on }).returning({ id: memberOptions.id }).get().id;
    }
    audit(tx, actor, {
      entity: 'member',
      entityId: m.memberNo,
      action: 'set_option_qty',
      change: {
        option: o.option,
        option_id_before: cur.id,
        option_id: optionId,
        qty: { from: cur.qty, to: o.qty },
        from: o.on,
        monthly_ttc_cents: price * o.qty,
      },
    });
    return result(true, optionId);
  });
}

// ---------------------------------------------------------------------------------------
// Mobile lines (art. 5.6), Bitdefender devices (art. 5.3), Airbox (art. 5.5)

export function normalizePhone(s: string): string {
  const d = s.replace(/[\s.\-()]/g, '');
  if (!/^(\+33|0033|0)[67]\d{8}$/.test(d)) throw new UsageError(t('modules.not_mobile', { s }));
  return `0${d.slice(-9)}`;
}

export function addMobileLine(conn: Connection, actor: Actor, l: { memberNo: string; number: string; plan: string; on: IsoDate }) {
  const number = normalizePhone(l.number);
  return writeTx(conn, (tx) => {
    const m = getMember(tx, l.memberNo);
    open(tx, m, l.on);
    const lines = tx
      .select()
      .from(mobileLines)
      .where(and(eq(mobileLines.memberId, m.id), isNull(mobileLines.removedOn)))
      .all();
    if (lines.some((x) => x.number === number)) throw new UsageError(t('modules.line_declared', { number }));
    enforce(checkMobileLine(lines.length, l.plan));
    const row = tx.insert(mobileLines).values({ memberId: m.id, number, planType: l.plan, addedOn: l.on }).returning({ id: mobileLines.id }).get();
    audit(tx, actor, { entity: 'member', entityId: m.memberNo, action: 'add_mobile_line', change: { line_id: row.id, number, plan: l.plan, added_on: l.on } });
    return { member_no: String(m.memberNo), line_id: row.id, number, plan: l.plan, lines: lines.length + 1 };
  });
}

export function removeMobileLine(conn: Connection, actor: Actor, l: { memberNo: string; number: string; on: IsoDate }) {
  const number = normalizePhone(l.number);
  return writeTx(conn, (tx) => {
    const m = getMember(tx, l.memberNo);
    const row = tx
      .select()
      .from(mobileLines)
      .where(and(eq(mobileLines.memberId, m.id), eq(mobileLines.number, number), isNull(mobileLines.removedOn)))
      .get();
    if (!row) throw new NotFoundError(t('modules.no_line', { member_no: l.memberNo, number }));
    tx.update(mobileLines).set({ removedOn: l.on }).where(eq(mobileLines.id, row.id)).run();
    audit(tx, actor, { entity: 'member', entityId: m.memberNo, action: 'remove_mobile_line', change: { line_id: row.id, number, removed_on: l.on } });
    return { member_no: String(m.memberNo), number, removed_on: l.on };
  });
}

export function addDevice(conn: Connection, actor: Actor, d: { memberNo: string; label: string; on: IsoDate }) {
  return writeTx(conn, (tx) => {
    const m = getMember(tx, d.memberNo);
    open(tx, m, d.on);
    const n = tx.get<{ n: number }>(sql`select count(*) as n from protected_devices where member_id = ${m.id} and removed_on is null`).n;
    const has = !!activeOption(tx, m.id, 'bitdefender', d.on);
    enforce(checkProtectedDevice(n, has));
    const same = tx
      .select()
      .from(protectedDevices)
      .where(and(eq(protectedDevices.memberId, m.id), isNull(protectedDevices.removedOn)))
      .all()
      .find((x) => sameText(x.label, d.label));
    if (same)
      throw new InvalidInputError(t('dupes.device', { member_no: m.memberNo, label: same.label, device_id: same.id, added_on: same.addedOn }), [], {
        existing: { device_id: same.id },
      });
    const row = tx.insert(protectedDevices).values({ memberId: m.id, label: d.label, addedOn: d.on }).returning({ id: protectedDevices.id }).get();
    audit(tx, actor, { entity: 'member', entityId: m.memberNo, action: 'add_device', change: { device_id: row.id, label: d.label, added_on: d.on } });
    return { member_no: String(m.memberNo), device_id: row.id, label: d.label, devices: n + 1 };
  });
}

export function removeDevice(conn: Connection, actor: Actor, d: { memberNo: string; deviceId: number; on: IsoDate }) {
  return writeTx(conn, (tx) => {
    const m = getMember(tx, d.memberNo);
    const row = tx
      .select()
      .from(protectedDevices)
      .where(and(eq(protectedDevices.id, d.deviceId), eq(protectedDevices.memberId, m.id), isNull(protectedDevices.removedOn)))
      .get();
    if (!row) throw new NotFoundError(t('modules.no_device', { member_no: d.memberNo, device_id: d.deviceId }));
    tx.update(protectedDevices).set({ removedOn: d.on }).where(eq(protectedDevices.id, row.id)).run();
    audit(tx, actor, { entity: 'member', entityId: m.memberNo, action: 'remove_device', change: { device_id: row.id, label: row.label, removed_on: d.on } });
    return { member_no: String(m.memberNo), device_id: row.id, removed_on: d.on };
  });
}

export function lendAirbox(conn: Connection, actor: Actor, a: { memberNo: string; serial: string; lentOn: IsoDate }) {
  return writeTx(conn, (tx) => {
    const m = getMember(tx, a.memberNo);
    open(tx, m, a.lentOn);
    const out = tx
      .select()
      .from(airboxes)
      .where(and(eq(airboxes.memberId, m.id), isNull(airboxes.returnedOn)))
      .get();
    enforce(checkAirboxLend(!!out));
    const row = tx.insert(airboxes).values({ memberId: m.id, serial: a.serial, lentOn: a.lentOn }).returning({ id: airboxes.id }).get();
    audit(tx, actor, { entity: 'member', entityId: m.memberNo, action: 'lend_airbox', change: { airbox_id: row.id, serial: a.serial, lent_on: a.lentOn } });
    return { member_no: String(m.memberNo), serial: a.serial, lent_on: a.lentOn, returned_on: null as string | null };
  });
}

export function returnAirbox(conn: Connection, actor: Actor, a: { memberNo: string; returnedOn: IsoDate }) {
  return writeTx(conn, (tx) => {
    const m = getMember(tx, a.memberNo);
    const out = tx
      .select()
      .from(airboxes)
      .where(and(eq(airboxes.memberId, m.id), isNull(airboxes.returnedOn)))
      .get();
    if (!out) throw new UsageError(t('modules.no_airbox', { member_no: a.memberNo }));
    if (a.returnedOn < out.lentOn) throw new UsageError(t('modules.airbox_return_before', { lent_on: out.lentOn, returned_on: a.returnedOn }));
    tx.update(airboxes).set({ returnedOn: a.returnedOn }).where(eq(airboxes.id, out.id)).run();
    audit(tx, actor, {
      entity: 'member',
      entityId: m.memberNo,
      action: 'return_airbox',
      change: { airbox_id: out.id, serial: out.serial, returned_on: a.returnedOn },
    });
    return { member_no: String(m.memberNo), serial: out.serial, lent_on: out.lentOn, returned_on: a.returnedOn as string | null };
  });
}

/**
 * `member airbox NO --replaced D --serial NEW --reason TEXT` (art. 5.5): the faulty Airbox is
 * given back on D (no longer due back on termination, art. 10.4) and the new one lent on D
 * (due back in its place); the cost is Parnasse's (airboxReplacement). One transaction, one audit entry.
 */
export function replaceAirbox(
  conn: Connection,
  actor: Actor,
  a: { memberNo: string; serialIn: string; serialOut?: string | null; on: IsoDate; reason: string; misuse?: boolean },
) {
  return writeTx(conn, (tx) => {
    const m = getMember(tx, a.memberNo);
    open(tx, m, a.on);
    const out = tx
      .select()
      .from(airboxes)
      .where(and(eq(airboxes.memberId, m.id), isNull(airboxes.returnedOn)))
      .get();
    if (out && a.serialOut && a.serialOut !== out.serial) {
      throw new UsageError(t('modules.airbox_not_out', { member_no: a.memberNo, serial: a.serialOut, out: out.serial }));
    }
    const decision = airboxReplacement({ out: out ? { serial: out.serial, lentOn: out.lentOn } : null, serialIn: a.serialIn, on: a.on, misuse: !!a.misuse });
    enforce(decision);
    const cost = decision.value;
    const elsewhere = tx.get<{ member_no: number } | undefined>(
      sql`select m.member_no from airboxes b join members m on m.id = b.member_id where b.serial = ${a.serialIn} and b.returned_on is null`,
    );
    if (elsewhere) throw new UsageError(t('modules.airbox_serial_out', { serial: a.serialIn, member_no: elsewhere.member_no }));
    const old = out!;
    tx.update(airboxes).set({ returnedOn: a.on }).where(eq(airboxes.id, old.id)).run();
    const fresh = tx.insert(airboxes).values({ memberId: m.id, serial: a.serialIn, lentOn: a.on }).returning({ id: airboxes.id }).get();
    const row = tx
      .insert(airboxReplacements)
      .values({
        memberId: m.id,
        outAirboxId: old.id,
        inAirboxId: fresh.id,
        replacedOn: a.on,
        reason: a.reason,
        payer: cost.payer,
        memberChargeCents: cost.memberChargeCents,
      })
      .returning({ id: airboxReplacements.id })
      .get();
    const result = {
      member_no: String(m.memberNo),
      replacement_id: row.id,
      serial_out: old.serial,
      serial_in: a.serialIn,
      replaced_on: a.on,
      reason: a.reason,
      payer: cost.payer,
      member_charge_cents: cost.memberChargeCents,
      article: ART_AIRBOX,
    };
    audit(tx, actor, {
      entity: 'member',
      entityId: m.memberNo,
      action: 'replace_airbox',
      change: { ...result, out_airbox_id: old.id, in_airbox_id: fresh.id },
    });
    return result;
  });
}

/** A member's Airbox replacements, oldest first (art. 5.5). */
function replacementsOf(db: Db | Tx, memberId: number) {
  return db.all<{ id: number; replaced_on: string; serial_out: string; serial_in: string; reason: string; payer: string; member_charge_cents: number }>(sql`
    select r.id, r.replaced_on, o.serial as serial_out, i.serial as serial_in, r.reason, r.payer, r.member_charge_cents
    from airbox_replacements r join airboxes o on o.id = r.out_airbox_id join airboxes i on i.id = r.in_airbox_id
    where r.member_id = ${memberId} order by r.replaced_on, r.id`);
}

// ---------------------------------------------------------------------------------------
// Honorary (definitions "Membre honoraire"), export (annex 5: portability)

/** `member honorary NO` (definitions "Membre honoraire"): judged by the termination capability. */
export { makeHonorary } from '../termination/index.js';

/** A stored row as JSON: snake_case keys, like every other JSON document of the CLI. */
export function snakeRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v;
  return out;
}

/**
 * Everything held about a member, for the right to portability (annex 5): the record, the
 * candidacy it came from, addresses and services, interventions, invoices with their lines,
 * payments and disputes, the non-payment procedures, termination, cooptations, complaints.
 * snake_case keys, member numbers as strings.
 */
export function exportMember(db: Db | Tx, memberNo: string) {
  const m = getMember(db, memberNo);
  const rows = (q: SQL) => db.all<Record<string, unknown>>(q);
  const id = m.id;
  const addrs = all(db.select().from(addresses).where(eq(addresses.memberId, id)).orderBy(asc(addresses.id)));
  const subs = all(
    db.select().from(subscriptions).where(sql`${subscriptions.addressId} in (select id from addresses where member_id = ${id})`).orderBy(asc(subscriptions.id)),
  );
  const cand = m.candidacyId ? db.select().from(candidacies).where(eq(candidacies.id, m.candidacyId)).get() : undefined;
  const { id: _i, memberNo: _n, candidacyId: _c, ...rest } = m;
  return {
    exported_for: String(m.memberNo),
    member: { member_no: String(m.memberNo), ...snakeRow(rest), candidacy: cand?.ref ?? null },
    candidacy: cand ? snakeRow(cand) : null,
    addresses: addrs,
    subscriptions: subs,
    delegates: all(db.select().from(delegates).where(eq(delegates.memberId, id)).orderBy(asc(delegates.id))),
    options: all(db.select().from(memberOptions).where(eq(memberOptions.memberId, id)).orderBy(asc(memberOptions.id))),
    mobile_lines: all(db.select().from(mobileLines).where(eq(mobileLines.memberId, id)).orderBy(asc(mobileLines.id))),
    airboxes: all(db.select().from(airboxes).where(eq(airboxes.memberId, id)).orderBy(asc(airboxes.id))),
    protected_devices: all(db.select().from(protectedDevices).where(eq(protectedDevices.memberId, id)).orderBy(asc(protectedDevices.id))),
    // coach: who went, as booked (coach_key is only the index's comparison form)
    interventions: rows(sql`select * from interventions where member_id = ${id} order by start_at, id`).map(({ coach_key: _k, ...i }) => i),
    pending_charges: rows(sql`select * from pending_charges where member_id = ${id} order by id`),
    invoices: rows(sql`select id as invoice_id, number, kind, issued_on, pay_by, total_ht_cents, total_vat_cents, total_ttc_cents,
                        (select r.number from invoices r where r.id = i.refers_to) as refers_to
                      from invoices i where member_id = ${id} order by id`).map(({ invoice_id, ...inv }) => ({
      ...inv,
      lines: rows(sql`select kind, label, period, ttc_cents, ht_cents from invoice_lines where invoice_id = ${invoice_id as number} order by id`),
    })),
    payments: rows(
      sql`select i.number as invoice, p.amount_cents, p.paid_on, p.method from payments p join invoices i on i.id = p.invoice_id where i.member_id = ${id} order by p.id`,
    ),
    disputes: rows(
      sql`select d.id, i.number as invoice, d.amount_cents, d.opened_on, d.reason, d.status, d.resolved_on from disputes d join invoices i on i.id = d.invoice_id where i.member_id = ${id} order by d.id`,
    ),
    dunning: rows(sql`select id, opened_on, closed_on, close_reason from dunning_procedures where member_id = ${id} order by id`).map((p) => ({
      ...p,
      steps: rows(sql`select id, step, on_date as date, claimed_cents, deadline_on from dunning_steps where procedure_id = ${p.id as number} order by id`).map(
        (st) => ({
          ...st,
          invoices: rows(
            sql`select i.number as invoice, c.amount_cents from dunning_claims c join invoices i on i.id = c.invoice_id where c.step_id = ${st.id as number} order by c.id`,
          ),
        }),
      ),
    })),
    terminations: rows(
      sql`select reason, requested_on, notice_date, since, effective_on, by_whom as by, withdrawn_on from terminations where member_id = ${id} order by id`,
    ),
    cooptations: {
      as_referrer: rows(
        sql`select co.*, c.ref as candidate from cooptations co join candidacies c on c.id = co.candidacy_id where co.referrer_id = ${id} order by co.id`,
      ),
      as_referee: m.candidacyId
        ? rows(
            sql`select co.*, r.member_no as referrer from cooptations co join members r on r.id = co.referrer_id where co.candidacy_id = ${m.candidacyId} order by co.id`,
          ).map((r) => ({ ...r, referrer: String(r.referrer) }))
        : [],
    },
    complaints: rows(sql`select id, received_on, subject, due_on, closed_on, answer from complaints where member_id = ${id} order by id`),
    damages_paid: rows(sql`select id, amount_cents, paid_on, incident_on, reason, method from damages_paid where member_id = ${id} order by id`),
    guarantees: rows(sql`select id, amount_cents, requested_on, due_on, reason from guarantees where member_id = ${id} order by id`).map((g) => ({
      ...g,
      moves: rows(sql`select v.kind, v.on_date as "on", v.amount_cents, i.number as invoice, v.method from guarantee_moves v
                      left join invoices i on i.id = v.invoice_id where v.guarantee_id = ${g.id as number} order by v.id`),
    })),
  };
}

function all<T extends Record<string, unknown>>(q: { all(): T[] }): Record<string, unknown>[] {
  return q.all().map(snakeRow);
}

export function isMemberKind(s: string): s is MemberKind {
  return (MEMBER_KINDS as readonly string[]).includes(s);
}

/** `terminate option` (art. 10.3.2): an option the member ends by e-mail, billed through the month of the request. */
export function terminateOption(conn: Connection, actor: Actor, o: { memberNo: string; option: OptionCode; on: IsoDate; addressId?: number }) {
  enforce(checkOptionEndedByMail(o.option));
  const m = getMember(conn.db, o.memberNo);
  assertContractRunning(conn.db, m, o.on);
  if (o.option !== 'extra_site') {
    const r = removeOption(conn, actor, { memberNo: o.memberNo, option: o.option, on: o.on });
    return { member_no: r.member_no, option: r.option, requested_on: r.requested_on, billed_until: r.end_on, address_id: null as number | null };
  }
  let addressId = o.addressId;
  if (addressId === undefined) {
    const sites = conn.db
      .select({ id: addresses.id })
      .from(addresses)
      .where(and(eq(addresses.memberId, m.id), eq(addresses.isMain, false), isNull(addresses.removedOn)))
      .all();
    if (sites.length === 0) throw new UsageError(t('termination.option.no_site', { member: m.memberNo }));
    if (sites.length > 1) throw new UsageError(t('termination.option.which_site', { ids: sites.map((s) => s.id).join(', ') }));
    addressId = sites[0]!.id;
  }
  const r = removeExtraSite(conn, actor, { memberNo: o.memberNo, addressId, on: o.on });
  return {
    member_no: r.member_no,
    option: 'extra_site' as OptionCode,
    requested_on: o.on,
    billed_until: r.billed_until as IsoDate,
    address_id: r.address_id as number | null,
  };
}
