/**
 * On-site interventions (RULES.md §4): books a technician, coach or Airbox repair visit,
 * checks it against the contract's rules, counts it against the contract year's quota and
 * records the charge of what lies beyond as a pending charge for the monthly run. Reads
 * the quota and the list of visits. Every write in one transaction with its audit entry.
 */
import { memberStatus } from '../contract/state.js';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import { iterateSelect } from '../db/iterate.js';
import { addresses, airboxes, interventions, members, pendingCharges, terminations } from '../db/schema.js';
import { InvalidInputError, NotFoundError, RefusedError, UsageError, enforce } from '../errors.js';
import { lang, t, tIn } from '../i18n/index.js';
import { fmtDateTime, fmtDateTimeIn, fmtEnum } from '../i18n/format.js';
import { loadVersions, priceOn } from '../prices/index.js';
import { loadZoneTable, type ZoneTable } from '../zones/table.js';
import {
  ART_AIRBOX,
  ART_CONTRACT_START,
  ART_COACH,
  addMinutes,
  checkHoliday,
  checkWindow,
  contractYear,
  endOfStored,
  formatLocalDateTime,
  parseLocalDateTime,
  parisGap,
  inParisGap,
  hhmm,
  slaDeadline,
  type ContractYear,
  type ParsedDateTime,
} from '../rules/calendar.js';
import {
  ALLOWANCES,
  ART_COACH_SCOPE,
  COACH_FREE_DEVICES,
  COACH_TRAVEL_MINUTES,
  coachKey,
  coachName,
  slotsOverlap,
  checkExclusions,
  checkMemberStatus,
  checkPlace,
  checkScope,
  chargeLineLabel,
  interventionCharge,
  parseEquipmentList,
  quotaDecision,
  type ChargeLine,
  type InterventionPrices,
} from '../rules/interventions.js';
import { INTERVENTION_KINDS, type InterventionKind, type PriceItem, type Tier } from '../rules/enums.js';
import { ZONE_ARTICLE, departmentFromPostalCode, zoneOf } from '../rules/zones.js';
import type { IsoDate } from '../rules/dates.js';
import { issueCreditNote } from '../invoicing/core.js';
import { formatEuros } from '../rules/money.js';

export interface AddInput {
  memberNo: string;
  kind: string;
  start: string;
  minutes: number;
  addressId?: number | null;
  /** postal code of a coach visit away from the member's addresses */
  location?: string | null;
  equipment?: string | null;
  devices?: number | null;
  extraMinutes?: number | null;
  requestedAt?: string | null;
  outOfHours?: boolean;
  dangerous?: boolean;
  externalCause?: boolean;
  memberRepaired?: boolean;
  airboxMisuse?: boolean;
  /** who goes (coach visits): refused when the same coach is booked elsewhere at that time */
  coach?: string | null;
}

/** What every view of a recorded intervention shows. */
export interface InterventionBase {
  id: number;
  kind: InterventionKind;
  start: string;
  end: string;
  minutes: number;
  address_id: number | null;
  postal_code: string;
  zone: string;
  included: boolean;
  out_of_hours: boolean;
  charge_cents: number;
  sla_deadline: string | null;
  late: boolean;
  contract_year: { from: IsoDate; to: IsoDate };
  /** the coach who goes, as booked (null: none named) */
  coach: string | null;
}

/** A booking that may be a problem without surely being one (stderr, and `warnings` in JSON). */
export interface BookingWarning {
  code: 'coach_travel';
  /** the coach's other booking */
  intervention_id: number;
  member_no: string;
  postal_code: string;
  start: string;
  end: string;
  /** between the end of the earlier visit and the start of the later one */
  minutes_between: number;
  /** the warning as stderr shows it (the run's language) */
  message: string;
}

export interface AddResult extends InterventionBase {
  member_no: string;
  tier: Tier;
  not_included_reason: string | null;
  /** label: as on the invoice (French, whatever the locale); `shown` (not in JSON): in the run's language */
  charge_lines: { code: string; label: string; ttc_cents: number; readonly shown?: string }[];
  pending_charge_id: number | null;
  used: number;
  quota: number;
  coach_used: number;
  coach_quota: number;
  member_status: string;
  /** present only when there are some (as candidate add's possible duplicates) */
  warnings?: BookingWarning[];
}

interface MemberRow {
  id: number;
  memberNo: number;
  status: string;
  contractStart: string;
  terminatedOn: string | null;
  firstName: string;
  lastName: string;
}

export function findMember(db: Db | Tx, memberNo: string): MemberRow {
  const no = Number(memberNo);
  if (!/^\d+$/.test(memberNo.trim()) || !Number.isSafeInteger(no)) throw new UsageError(t('interventions.err.not_member_no', { value: memberNo }));
  const m = db
    .select({
      id: members.id,
      memberNo: members.memberNo,
      status: members.status,
      contractStart: members.contractStart,
      terminatedOn: members.terminatedOn,
      firstName: members.firstName,
      lastName: members.lastName,
    })
    .from(members)
    .where(eq(members.memberNo, no))
    .get();
  if (!m) throw new NotFoundError(t('interventions.err.no_member', { no: memberNo }));
  return m;
}

type AddressRow = typeof addresses.$inferSelect;

function activeAddresses(db: Db | Tx, memberId: number, on: IsoDate): AddressRow[] {
  return db
    .select()
    .from(addresses)
    .where(and(eq(addresses.memberId, memberId), sql`${addresses.addedOn} <= ${on}`, sql`(${addresses.removedOn} is null or ${addresses.removedOn} > ${on})`))
    .orderBy(asc(addresses.id))
    .all();
}

function zoneAndTier(table: ZoneTable, department: string, on: IsoDate): { zone: string; tier: Tier } | null {
  const zone = zoneOf(department, on, table.assignments);
  if (!zone) return null;
  const z = table.zones.find((x) => x.id === zone);
  return z ? { zone, tier: z.tier } : null;
}

/** The tier of the member's main address on a date: the quota's tier (RULES.md §4). */
function quotaTier(db: Db | Tx, table: ZoneTable, member: MemberRow, on: IsoDate): { tier: Tier; zone: string } {
  const main = activeAddresses(db, member.id, on).find((a) => a.isMain);
  if (!main) throw new RefusedError(ZONE_ARTICLE, t('interventions.err.no_main_address', { no: member.memberNo, date: on }));
  const zt = zoneAndTier(table, main.department, on);
  if (!zt) throw new RefusedError(ZONE_ARTICLE, t('interventions.err.main_outside', { postal_code: main.postalCode, date: on }));
  return zt;
}

const PRICE_KEYS: Record<keyof InterventionPrices, PriceItem> = {
  travel: 'travel',
  technicianHour: 'technician_hour',
  technicianHalfHour: 'technician_half_hour',
  technicianHourOff: 'technician_hour_off',
  technicianHalfHourOff: 'technician_half_hour_off',
  coachHour: 'coach_hour',
  coachHalfHour: 'coach_half_hour',
};

/** The intervention prices in force on a date (the catalogue of src/prices, read once). */
export function interventionPrices(db: Db | Tx, on: IsoDate): InterventionPrices {
  const versions = loadVersions(db);
  const out = {} as InterventionPrices;
  for (const [k, item] of Object.entries(PRICE_KEYS) as [keyof InterventionPrices, PriceItem][]) out[k] = priceOn(db, item, on, versions);
  return out;
}

interface YearCounts {
  includedVisits: number;
  includedCoach: number;
}

function yearCounts(db: Db | Tx, memberId: number, year: ContractYear): YearCounts {
  const r = db.get<{ v: number | null; c: number | null }>(sql`
    select sum(included) as v, sum(case when kind = 'coach' then included else 0 end) as c
    from interventions
    where member_id = ${memberId} and cancelled_on is null and substr(start_at, 1, 10) between ${year.from} and ${year.to}`);
  return { includedVisits: r.v ?? 0, includedCoach: r.c ?? 0 };
}

function parseKind(kind: string): InterventionKind {
  if (!(INTERVENTION_KINDS as readonly string[]).includes(kind))
    throw new UsageError(t('interventions.err.kind', { kinds: INTERVENTION_KINDS.join(', '), value: kind }));
  return kind as InterventionKind;
}

function positiveInt(v: number | null | undefined, flag: string, allowZero = false): number | null {
  if (v === null || v === undefined) return null;
  if (!Number.isSafeInteger(v) || v < 0 || (!allowZero && v === 0))
    throw new UsageError(t(allowZero ? 'interventions.err.whole_or_zero' : 'interventions.err.whole', { flag, value: v }));
  return v;
}

/** A time in the spring gap names no instant in Paris (issue 28): a usage error naming the gap. */
function assertRealParisTime(p: ParsedDateTime, flag: string): void {
  if (!inParisGap(p)) return;
  const g = parisGap(p.date)!;
  throw new UsageError(t('interventions.err.dst_gap', { flag, value: formatLocalDateTime(p), date: p.date, from: hhmm(g.from), to: hhmm(g.to) }));
}

/** Books one intervention: every check, the quota, the charge, one transaction, one audit entry. */
export function addIntervention(conn: Connection, actor: Actor, input: AddInput): AddResult {
  // --- usage (exit 2): what can be judged without the database
  const kind = parseKind(input.kind);
  const start = parseLocalDateTime(input.start);
  if (!start) throw new UsageError(t('interventions.err.start', { value: input.start }));
  assertRealParisTime(start, '--start');
  const minutes = positiveInt(input.minutes, '--minutes');
  if (minutes === null) throw new UsageError(t('interventions.err.minutes_missing'));
  if (minutes > 24 * 60) throw new UsageError(t('interventions.err.minutes_day', { minutes }));
  const devices = positiveInt(input.devices, '--devices', true);
  const extraMinutes = positiveInt(input.extraMinutes, '--extra-minutes', true);
  if ((devices !== null || extraMinutes !== null) && kind !== 'coach') throw new UsageError(t('interventions.err.devices_coach'));
  if (devices !== null && devices > COACH_FREE_DEVICES && extraMinutes === null)
    throw new UsageError(t('interventions.err.extra_minutes_missing', { free: COACH_FREE_DEVICES }));
  if (extraMinutes !== null && extraMinutes > 0 && (devices === null || devices <= COACH_FREE_DEVICES))
    throw new UsageError(t('interventions.err.devices_missing', { free: COACH_FREE_DEVICES }));
  if (extraMinutes !== null && extraMinutes > minutes) throw new UsageError(t('interventions.err.extra_exceeds', { extra: extraMinutes, minutes }));
  if (input.airboxMisuse && kind !== 'airbox') throw new UsageError(t('interventions.err.misuse_airbox'));
  let coach: string | null = null;
  if (input.coach !== undefined && input.coach !== null) {
    if (kind !== 'coach') throw new UsageError(t('interventions.err.coach_kind'));
    coach = coachName(input.coach);
    if (!coach || coachKey(coach) === '') throw new UsageError(t('interventions.err.coach_empty'));
  }
  if (input.location && input.addressId != null) throw new UsageError(t('interventions.err.address_or_location'));
  let requested: ParsedDateTime | null = null;
  if (input.requestedAt) {
    requested = parseLocalDateTime(input.requestedAt);
    if (!requested) throw new UsageError(t('interventions.err.requested_at', { value: input.requestedAt }));
    assertRealParisTime(requested, '--requested-at');
    if (formatLocalDateTime(requested) > formatLocalDateTime(start)) throw new UsageError(t('interventions.err.requested_after'));
  }
  const outOfHours = !!input.outOfHours;
  const on = start.date;
  const end = addMinutes(start, minutes);

  return writeTx(conn, (tx) => {
    const member = findMember(tx, input.memberNo);

    // --- the member (art. 6, 7.3.8, 10.4)
    const term = tx.select({ effectiveOn: terminations.effectiveOn }).from(terminations).where(eq(terminations.memberId, member.id)).get();
    const endsOn = [member.terminatedOn, term?.effectiveOn].filter((x): x is string => !!x).sort()[0] ?? null;
    // the member's status on the visit's day (the contract-state layer), not the stored one
    const status = memberStatus(tx, { memberId: member.id }, on)!;
    enforce(checkMemberStatus(status, on, endsOn));
    const year = contractYear(member.contractStart, on);
    if (!year) throw new RefusedError(ART_CONTRACT_START, t('interventions.err.before_start', { start: member.contractStart, date: on }));

    // --- exclusions (art. 5.2.2, 5.5) and place
    enforce(checkExclusions(kind, input));
    enforce(checkPlace(kind, !!input.location));
    const table = loadZoneTable(tx);
    const here = activeAddresses(tx, member.id, on);
    let address: AddressRow | null = null;
    let postalCode: string;
    let department: string;
    if (input.location) {
      const dep = departmentFromPostalCode(input.location);
      if (!dep) throw new UsageError(t('interventions.err.location', { value: input.location }));
      postalCode = input.location.trim();
      department = dep;
    } else {
      if (input.addressId != null) {
        address = here.find((a) => a.id === input.addressId) ?? null;
        if (!address) {
          const art = kind === 'coach' ? ART_COACH_SCOPE : kind === 'airbox' ? ART_AIRBOX : '5.2.2';
          throw new RefusedError(art, t('interventions.err.not_address', { id: input.addressId, no: member.memberNo, date: on }));
        }
      } else {
        address = here.find((a) => a.isMain) ?? null;
        if (!address) throw new RefusedError(ZONE_ARTICLE, t('interventions.err.no_main_give', { no: member.memberNo, date: on }));
      }
      postalCode = address.postalCode;
      department = address.department;
    }
    const place = zoneAndTier(table, department, on);
    if (!place)
      throw new RefusedError(
        kind === 'coach' ? ART_COACH_SCOPE : ZONE_ARTICLE,
        t('interventions.err.outside', { postal_code: postalCode, department, date: on }),
      );

    // --- scope (art. 5.2.2): equipment a technician may work on
    const equipment = input.equipment ? parseEquipmentList(input.equipment) : [];
    if (input.equipment && equipment.length === 0) throw new UsageError(t('interventions.err.equipment_empty'));
    if (kind === 'technician') enforce(checkScope(equipment));
    if (kind === 'airbox') {
      const box = tx
        .select({ id: airboxes.id })
        .from(airboxes)
        .where(and(eq(airboxes.memberId, member.id), sql`${airboxes.lentOn} <= ${on}`, sql`(${airboxes.returnedOn} is null or ${airboxes.returnedOn} > ${on})`))
        .get();
      if (!box) throw new RefusedError(ART_AIRBOX, t('interventions.err.no_airbox', { no: member.memberNo, date: on }));
    }

    // --- window and holidays of the intervention's address
    if (outOfHours) {
      if (kind === 'coach') throw new RefusedError(ART_COACH, t('interventions.err.coach_hours'));
      enforce(checkHoliday(kind, start, minutes, department));
      const inWindow = checkWindow(kind, place.tier, start, minutes, department);
      if (inWindow.ok) throw new UsageError(t('interventions.err.in_window'));
    } else {
      enforce(checkWindow(kind, place.tier, start, minutes, department));
    }

    // --- SLA (tier B, technician dispatches: art. 5.2.2, 5.5)
    let sla: string | null = null;
    let late = false;
    if (requested && place.tier === 'B' && kind !== 'coach') {
      sla = formatLocalDateTime(slaDeadline(requested, department));
      late = formatLocalDateTime(start) > sla;
    }

    // --- the same member cannot be visited twice at once (issue 11): surely a duplicate
    const startAt0 = formatLocalDateTime(start);
    const endAt0 = formatLocalDateTime(end);
    const dayBefore = formatLocalDateTime(addMinutes(start, -24 * 60));
    const clash = tx
      .select({ id: interventions.id, kind: interventions.kind, startAt: interventions.startAt, minutes: interventions.minutes })
      .from(interventions)
      .where(
        and(
          eq(interventions.memberId, member.id),
          isNull(interventions.cancelledOn),
          sql`${interventions.startAt} < ${endAt0}`,
          sql`${interventions.startAt} >= ${dayBefore}`,
        ),
      )
      .orderBy(asc(interventions.startAt))
      .all()
      .map((r) => ({ ...r, endAt: formatLocalDateTime(addMinutes(parseLocalDateTime(r.startAt)!, r.minutes)) }))
      .find((r) => r.endAt > startAt0);
    if (clash)
      throw new InvalidInputError(
        t('dupes.visit', {
          member_no: member.memberNo,
          id: clash.id,
          kind: fmtEnum('intervention_kind', clash.kind),
          start: fmtDateTime(clash.startAt),
          end: fmtDateTime(clash.endAt),
        }),
        [],
        { existing: { intervention_id: clash.id } },
      );

    // --- a coach is in one place at a time (issue 11): an overlapping booking of the same
    // coach, for any member, anywhere, is surely a mistake; another place less than
    // COACH_TRAVEL_MINUTES away from this one may be (a warning)
    const warnings: BookingWarning[] = [];
    if (coach) {
      const near = coachBookings(tx, coachKey(coach), start, end);
      const slot = { start: startAt0, end: endAt0 };
      const taken = near.find((r) => slotsOverlap(slot, r));
      if (taken)
        throw new InvalidInputError(
          t('dupes.coach', {
            coach: taken.coach,
            id: taken.id,
            member_no: taken.member_no,
            postal_code: taken.postal_code,
            start: fmtDateTime(taken.start),
            end: fmtDateTime(taken.end),
          }),
          [],
          { existing: { intervention_id: taken.id } },
        );
      for (const r of near) {
        if (r.postal_code === postalCode) continue;
        const between = r.end <= startAt0 ? minutesBetween(r.end, startAt0) : minutesBetween(endAt0, r.start);
        if (between < COACH_TRAVEL_MINUTES)
          warnings.push({
            code: 'coach_travel',
            intervention_id: r.id,
            member_no: r.member_no,
            postal_code: r.postal_code,
            start: r.start,
            end: r.end,
            minutes_between: between,
            message: t('intervene.add.travel', {
              coach,
              minutes: between,
              id: r.id,
              member_no: r.member_no,
              postal_code: r.postal_code,
              start: fmtDateTime(r.start),
              end: fmtDateTime(r.end),
            }),
          });
      }
    }

    // --- quota of the contract year (tier of the main address) and charge
    const { tier } = quotaTier(tx, table, member, on);
    const counts = yearCounts(tx, member.id, year);
    const q = quotaDecision(kind, tier, counts, outOfHours);
    const needsPrice = !q.included || (kind === 'coach' && (devices ?? 0) > COACH_FREE_DEVICES && (extraMinutes ?? 0) > 0);
    const charge = needsPrice
      ? interventionCharge({ kind, minutes, included: q.included, outOfHours, devices, extraMinutes }, interventionPrices(tx, on))
      : { lines: [] as ChargeLine[], totalCents: 0 };

    const startAt = formatLocalDateTime(start);
    const row = tx
      .insert(interventions)
      .values({
        memberId: member.id,
        kind,
        addressId: address?.id ?? null,
        postalCode,
        department,
        zoneId: place.zone,
        startAt,
        minutes,
        equipment: equipment.length
          ? equipment.map((e) => (e.def ? `${e.def.code}${e.byParnasse ? ':parnasse' : ''}` : e.raw)).join(',')
          : (input.equipment ?? null),
        devices,
        extraMinutes,
        requestedAt: requested ? formatLocalDateTime(requested) : null,
        slaDeadline: sla,
        late,
        outOfHours,
        included: q.included,
        chargeCents: charge.totalCents,
        contractYearFrom: year.from,
        contractYearTo: year.to,
        coach,
        coachKey: coach ? coachKey(coach) : null,
      })
      .returning({ id: interventions.id })
      .get();

    let pendingId: number | null = null;
    let pending: { id: number; label: string; ttc_cents: number; due_on: string } | null = null;
    if (charge.totalCents > 0) {
      // the invoice line's label: member-facing, French whatever the operator's locale
      const what = tIn('fr', q.included ? 'interventions.what.coach_extra' : outOfHours ? `interventions.what.${kind}_off` : `interventions.what.${kind}`);
      const label = tIn('fr', 'interventions.charge.label', {
        id: row.id,
        what,
        start: fmtDateTimeIn('fr', startAt),
        minutes,
        lines: charge.lines.map((l) => `${chargeLineLabel(l, 'fr')} ${formatEuros(l.ttcCents)}`).join(' + '),
      });
      pendingId = tx
        .insert(pendingCharges)
        .values({ memberId: member.id, interventionId: row.id, label, ttcCents: charge.totalCents, dueOn: on })
        .returning({ id: pendingCharges.id })
        .get().id;
      pending = { id: pendingId, label, ttc_cents: charge.totalCents, due_on: on };
    }

    const a = ALLOWANCES[tier];
    const used = counts.includedVisits + (q.included ? 1 : 0);
    const coachUsed = counts.includedCoach + (q.included && kind === 'coach' ? 1 : 0);
    const result: AddResult = {
      id: row.id,
      member_no: String(member.memberNo),
      kind,
      start: startAt,
      end: formatLocalDateTime(end),
      minutes,
      address_id: address?.id ?? null,
      postal_code: postalCode,
      zone: place.zone,
      tier: place.tier,
      included: q.included,
      not_included_reason: q.reason,
      out_of_hours: outOfHours,
      charge_cents: charge.totalCents,
      charge_lines: charge.lines.map((l) =>
        Object.defineProperty({ code: l.code, label: chargeLineLabel(l, 'fr'), ttc_cents: l.ttcCents }, 'shown', {
          value: chargeLineLabel(l, lang()),
          enumerable: false,
        }),
      ),
      pending_charge_id: pendingId,
      contract_year: { from: year.from, to: year.to },
      used,
      quota: a.visits,
      coach_used: coachUsed,
      coach_quota: a.coach,
      sla_deadline: sla,
      late,
      member_status: status,
      coach,
      ...(warnings.length ? { warnings } : {}),
    };
    audit(tx, actor, {
      entity: 'intervention',
      entityId: row.id,
      action: 'add',
      change: {
        member_no: result.member_no,
        kind,
        start: startAt,
        minutes,
        place: postalCode,
        zone: place.zone,
        included: q.included,
        charge_cents: charge.totalCents,
        pending_charge_id: pendingId,
        // the charge as written (issue 28: db check compares the row with it)
        pending_charge: pending,
        contract_year: result.contract_year,
        sla_deadline: sla,
        late,
        out_of_hours: outOfHours,
        coach,
      },
    });
    return result;
  });
}

interface CoachBooking {
  id: number;
  member_no: string;
  coach: string;
  postal_code: string;
  start: string;
  end: string;
}

/**
 * The coach's bookings (not cancelled) that overlap [start, end] widened by the travel
 * margin on both sides: one range of the index (coach_key, start_at) — a visit lasts at
 * most a day, so one starting more than a day before cannot reach this one.
 */
function coachBookings(tx: Tx, key: string, start: ParsedDateTime, end: ParsedDateTime): CoachBooking[] {
  const from = formatLocalDateTime(addMinutes(start, -24 * 60 - COACH_TRAVEL_MINUTES));
  const to = formatLocalDateTime(addMinutes(end, COACH_TRAVEL_MINUTES));
  const lo = formatLocalDateTime(addMinutes(start, -COACH_TRAVEL_MINUTES));
  return tx
    .select({
      id: interventions.id,
      memberNo: members.memberNo,
      coach: interventions.coach,
      postalCode: interventions.postalCode,
      startAt: interventions.startAt,
      minutes: interventions.minutes,
    })
    .from(interventions)
    .innerJoin(members, eq(members.id, interventions.memberId))
    .where(
      and(eq(interventions.coachKey, key), sql`${interventions.startAt} >= ${from}`, sql`${interventions.startAt} < ${to}`, isNull(interventions.cancelledOn)),
    )
    .orderBy(asc(interventions.startAt), asc(interventions.id))
    .all()
    .map((r) => ({
      id: r.id,
      member_no: String(r.memberNo),
      coach: r.coach ?? '',
      postal_code: r.postalCode,
      start: r.startAt,
      end: formatLocalDateTime(addMinutes(parseLocalDateTime(r.startAt)!, r.minutes)),
    }))
    .filter((r) => r.end > lo);
}

/** Whole minutes from one local date-time to a later one (both read as UTC: same offset rules). */
function minutesBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}:00Z`) - Date.parse(`${a}:00Z`)) / 60_000);
}

// ---------------------------------------------------------------------------------------
// Reads

export interface ListedIntervention extends InterventionBase {
  equipment: string | null;
  devices: number | null;
  extra_minutes: number | null;
  requested_at: string | null;
}

/** A member's interventions, oldest first; with `year`, only the contract year containing `on`. */
export function listInterventions(
  db: Db | Tx,
  memberNo: string,
  opts: { on: IsoDate; year: boolean },
): { year: ContractYear | null; rows: ListedIntervention[]; contract_start?: IsoDate } {
  const r = iterateInterventions(db, memberNo, opts);
  return { ...r, rows: [...r.rows] };
}

/** `intervene list`: the member and the year are looked up now, the rows read one at a time (issue 14). */
export function iterateInterventions(
  db: Db | Tx,
  memberNo: string,
  opts: { on: IsoDate; year: boolean },
): { year: ContractYear | null; rows: Iterable<ListedIntervention>; contract_start?: IsoDate } {
  const member = findMember(db, memberNo);
  const year = opts.year ? contractYear(member.contractStart, opts.on) : null;
  // reading never refuses on a contract rule: before the contract takes effect, no contract
  // year holds any intervention
  if (opts.year && !year) return { year: null, rows: [], contract_start: member.contractStart };
  // only the columns the list shows: each text column read is a string made per row
  const i = interventions;
  const rows = db
    .select({
      id: i.id,
      kind: i.kind,
      startAt: i.startAt,
      minutes: i.minutes,
      addressId: i.addressId,
      postalCode: i.postalCode,
      zoneId: i.zoneId,
      included: i.included,
      outOfHours: i.outOfHours,
      chargeCents: i.chargeCents,
      equipment: i.equipment,
      devices: i.devices,
      extraMinutes: i.extraMinutes,
      requestedAt: i.requestedAt,
      slaDeadline: i.slaDeadline,
      late: i.late,
      contractYearFrom: i.contractYearFrom,
      contractYearTo: i.contractYearTo,
      coach: i.coach,
    })
    .from(i)
    .where(and(eq(i.memberId, member.id), isNull(i.cancelledOn), year ? sql`substr(${i.startAt}, 1, 10) between ${year.from} and ${year.to}` : undefined))
    .orderBy(asc(i.startAt), asc(i.id));
  return {
    year,
    rows: mapIterable(iterateSelect(rows), (r) => {
      return {
        id: r.id,
        kind: r.kind as InterventionKind,
        start: r.startAt,
        end: endOfStored(r.startAt, r.minutes),
        minutes: r.minutes,
        address_id: r.addressId,
        postal_code: r.postalCode,
        zone: r.zoneId,
        included: r.included,
        out_of_hours: r.outOfHours,
        charge_cents: r.chargeCents,
        equipment: r.equipment,
        devices: r.devices,
        extra_minutes: r.extraMinutes,
        requested_at: r.requestedAt,
        sla_deadline: r.slaDeadline,
        late: r.late,
        contract_year: { from: r.contractYearFrom, to: r.contractYearTo },
        coach: r.coach,
      };
    }),
  };
}

function* mapIterable<A, B>(rows: Iterable<A>, f: (a: A) => B): Generator<B> {
  for (const r of rows) yield f(r);
}

export interface KindUsage {
  visits: number;
  included: number;
  billed: number;
  charge_cents: number;
}

export interface QuotaReport {
  member_no: string;
  date: IsoDate;
  zone: string;
  tier: Tier;
  contract_year: { from: IsoDate; to: IsoDate; index: number };
  used: number;
  quota: number;
  remaining: number;
  coach_used: number;
  coach_quota: number;
  coach_remaining: number;
  visits: number;
  billed: number;
  charge_cents: number;
  by_kind: Record<InterventionKind, KindUsage>;
}

/** Used / included by kind for the contract year containing `on`, and the dates it runs. */
export function quotaReport(db: Db | Tx, memberNo: string, on: IsoDate): QuotaReport {
  const member = findMember(db, memberNo);
  const year = contractYear(member.contractStart, on);
  if (!year) throw new RefusedError(ART_CONTRACT_START, t('interventions.err.start_after', { start: member.contractStart, date: on }));
  const { tier, zone } = quotaTier(db, loadZoneTable(db), member, on);
  const rows = db.all<{ kind: InterventionKind; visits: number; included: number; charge: number }>(sql`
    select kind, count(*) as visits, sum(included) as included, sum(charge_cents) as charge
    from interventions
    where member_id = ${member.id} and cancelled_on is null and substr(start_at, 1, 10) between ${year.from} and ${year.to}
    group by kind`);
  const by = Object.fromEntries(
    INTERVENTION_KINDS.map((k) => {
      const r = rows.find((x) => x.kind === k);
      const visits = r?.visits ?? 0;
      const included = r?.included ?? 0;
      return [k, { visits, included, billed: visits - included, charge_cents: r?.charge ?? 0 }];
    }),
  ) as Record<InterventionKind, KindUsage>;
  const a = ALLOWANCES[tier];
  const used = INTERVENTION_KINDS.reduce((s, k) => s + by[k].included, 0);
  const visits = INTERVENTION_KINDS.reduce((s, k) => s + by[k].visits, 0);
  return {
    member_no: String(member.memberNo),
    date: on,
    zone,
    tier,
    contract_year: { from: year.from, to: year.to, index: year.index },
    used,
    quota: a.visits,
    remaining: Math.max(0, a.visits - used),
    coach_used: by.coach.included,
    coach_quota: a.coach,
    coach_remaining: Math.max(0, Math.min(a.coach - by.coach.included, a.visits - used)),
    visits,
    billed: visits - used,
    charge_cents: INTERVENTION_KINDS.reduce((s, k) => s + by[k].charge_cents, 0),
    by_kind: by,
  };
}

export interface CancelResult {
  id: number;
  /** false: it was already cancelled (on `cancelled_on`); nothing was written */
  changed: boolean;
  member_no: string;
  kind: InterventionKind;
  start: string;
  cancelled_on: IsoDate;
  /** the visit was included: the contract year's allowance has it back */
  allowance_given_back: boolean;
  /** its charge was waiting for the monthly run: removed, never billed */
  pending_charge_removed: boolean;
  /** its charge was already invoiced: the credit note that cancels it */
  credit_note: string | null;
  credited_cents: number;
}

/** What `intervene cancel` would do, for the question asked before it (nothing written). */
export function interventionToCancel(
  db: Db | Tx,
  id: number,
): {
  id: number;
  member_no: string;
  kind: InterventionKind;
  start: string;
  included: boolean;
  charge_cents: number;
  invoiced: string | null;
  cancelled_on: string | null;
} {
  const row = db
    .select({ i: interventions, memberNo: members.memberNo })
    .from(interventions)
    .innerJoin(members, eq(members.id, interventions.memberId))
    .where(eq(interventions.id, id))
    .get();
  if (!row) throw new NotFoundError(t('interventions.cancel.not_found', { id }));
  const inv = db.get<{ number: string } | undefined>(sql`
    select i.number from pending_charges p join invoice_lines l on l.id = p.invoice_line_id join invoices i on i.id = l.invoice_id
    where p.intervention_id = ${id}`);
  return {
    id,
    member_no: String(row.memberNo),
    kind: row.i.kind as InterventionKind,
    start: row.i.startAt,
    included: row.i.included,
    charge_cents: row.i.chargeCents,
    invoiced: inv?.number ?? null,
    cancelled_on: row.i.cancelledOn,
  };
}

/**
 * `intervene cancel ID` (issue 11): a visit booked by mistake or called off. It counts for
 * nothing any more: an included visit gives its allowance back (the year's counts skip
 * cancelled visits); a charge not yet invoiced disappears from pending_charges; an
 * invoiced one is cancelled by a credit note on its invoice (art. 7.3: an issued invoice
 * is never changed). One transaction, one audit entry with what it was.
 */
export function cancelIntervention(conn: Connection, actor: Actor, c: { id: number; on: IsoDate; reason?: string }): CancelResult {
  return writeTx(conn, (tx) => {
    const before = interventionToCancel(tx, c.id);
    // cancelling again changes nothing and says so (README): idempotent, like `candidate withdraw`
    if (before.cancelled_on)
      return {
        id: c.id,
        changed: false,
        member_no: before.member_no,
        kind: before.kind,
        start: before.start,
        cancelled_on: before.cancelled_on,
        allowance_given_back: false,
        pending_charge_removed: false,
        credit_note: null,
        credited_cents: 0,
      };
    const row = tx.select().from(interventions).where(eq(interventions.id, c.id)).get()!;
    const pending = tx.select().from(pendingCharges).where(eq(pendingCharges.interventionId, c.id)).get();
    let pendingRemoved = false;
    let creditNote: string | null = null;
    let credited = 0;
    if (pending && pending.invoiceLineId === null) {
      tx.delete(pendingCharges).where(eq(pendingCharges.id, pending.id)).run();
      pendingRemoved = true;
    } else if (pending) {
      const line = tx.get<{ invoice_id: number; ttc_cents: number }>(sql`select invoice_id, ttc_cents from invoice_lines where id = ${pending.invoiceLineId}`);
      const cn = issueCreditNote(tx, actor, {
        invoiceId: line.invoice_id,
        issuedOn: c.on,
        lines: [
          {
            kind: 'credit',
            label: tIn('fr', 'interventions.cancel.credit_label', { id: c.id, start: fmtDateTimeIn('fr', row.startAt) }),
            ttcCents: line.ttc_cents,
          },
        ],
      });
      creditNote = cn.number;
      credited = cn.totalTtcCents;
    }
    tx.update(interventions).set({ cancelledOn: c.on }).where(eq(interventions.id, c.id)).run();
    audit(tx, actor, {
      entity: 'intervention',
      entityId: c.id,
      action: 'cancel',
      change: {
        before: row,
        after: { cancelled_on: c.on },
        reason: c.reason ?? null,
        pending_charge_removed: pendingRemoved ? pending!.id : null,
        credit_note: creditNote,
      },
    });
    return {
      id: c.id,
      changed: true,
      member_no: before.member_no,
      kind: before.kind,
      start: before.start,
      cancelled_on: c.on,
      allowance_given_back: row.included,
      pending_charge_removed: pendingRemoved,
      credit_note: creditNote,
      credited_cents: credited,
    };
  });
}
