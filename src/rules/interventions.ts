/**
 * On-site interventions (art. 5.2.2, 5.4, 5.5, annex 1; RULES.md §4): scope, exclusions,
 * the yearly quota and coach allowance, and the price of what lies beyond. Pure: prices,
 * counts and facts come in as arguments.
 */
import type { Cents } from './money.js';
import { foldKey } from './names.js';
import { formatEuros } from './money.js';
import { refused, type Decision } from './decision.js';
import { t, tIn, type Lang, type MessageKey, type Params } from '../i18n/index.js';
import type { InterventionKind, Tier } from './enums.js';
import { ART_AIRBOX, ART_COACH, ART_TECHNICIAN } from './calendar.js';

export const ART_COACH_SCOPE = '5.4.2';
export const ART_PRICES = 'annex 1';
export const ART_SUSPENSION = '7.3.8';
export const ART_TERMINATION = '10.4';

// ---------------------------------------------------------------------------------------
// Quota (art. 5.2.2, 5.4.1)

export interface Allowance {
  /** on-site interventions included per contract year, all kinds together */
  visits: number;
  /** of which coach visits */
  coach: number;
}

export const ALLOWANCES: Record<Tier, Allowance> = {
  A: { visits: 15, coach: 2 },
  B: { visits: 5, coach: 1 },
};

/** Beyond 3 devices in one coach visit, the extra time is billed (art. 5.4.2). */
export const COACH_FREE_DEVICES = 3;

export interface QuotaState {
  /** visits already counted as included in the contract year (all kinds) */
  includedVisits: number;
  /** coach visits already counted as included in the contract year */
  includedCoach: number;
}

export interface QuotaDecision {
  included: boolean;
  /** why not included (null when included) */
  reason: string | null;
  article: string;
}

/**
 * Is the next visit included? Out-of-hours visits never are (RULES.md §4 decision); a
 * visit is included while the year's included visits are below the tier's allowance and,
 * for a coach visit, the included coach visits below the coach allowance. A billed visit
 * consumes no allowance.
 */
export function quotaDecision(kind: InterventionKind, tier: Tier, state: QuotaState, outOfHours: boolean): QuotaDecision {
  const a = ALLOWANCES[tier];
  if (outOfHours) return { included: false, reason: t('interventions.out_of_hours'), article: ART_TECHNICIAN };
  if (state.includedVisits >= a.visits)
    return {
      included: false,
      reason: t('interventions.quota.visits_used', { visits: a.visits, tier }),
      article: ART_TECHNICIAN,
    };
  if (kind === 'coach' && state.includedCoach >= a.coach)
    return {
      included: false,
      reason: t(a.coach > 1 ? 'interventions.quota.coach_used_many' : 'interventions.quota.coach_used_one', { coach: a.coach, tier }),
      article: ART_COACH,
    };
  return { included: true, reason: null, article: kind === 'coach' ? ART_COACH : ART_TECHNICIAN };
}

// ---------------------------------------------------------------------------------------
// Charges (annex 1; RULES.md §4)

/** TTC prices in force on the visit date, from the `prices` table. */
export interface InterventionPrices {
  travel: Cents;
  technicianHour: Cents;
  technicianHalfHour: Cents;
  technicianHourOff: Cents;
  technicianHalfHourOff: Cents;
  coachHour: Cents;
  coachHalfHour: Cents;
}

/** Annex 1 (RULES.md §5), coach half-hour by decision: for tests and defaults only. */
export const ANNEX1_PRICES: InterventionPrices = {
  travel: 100_00,
  technicianHour: 120_00,
  technicianHalfHour: 60_00,
  technicianHourOff: 140_00,
  technicianHalfHourOff: 70_00,
  coachHour: 150_00,
  coachHalfHour: 75_00,
};

/** Started half-hours beyond the first (indivisible) hour. */
export function extraHalfHours(minutes: number): number {
  if (!Number.isSafeInteger(minutes) || minutes <= 0) throw new RangeError(`minutes must be a positive integer, got ${minutes}`);
  return Math.ceil(Math.max(0, minutes - 60) / 30);
}

export interface ChargeLine {
  code: 'travel' | 'first_hour' | 'half_hours' | 'extra_devices';
  /** what the label says (worded by chargeLineLabel in a language) */
  params: Params;
  ttcCents: Cents;
}

/** A charge line's label in a language: French on the invoice, the run's language on the screen. */
export function chargeLineLabel(l: ChargeLine, lang: Lang): string {
  const p = { ...l.params };
  if (typeof p.rate === 'string') p.who = tIn(lang, `interventions.rate.${p.rate}` as MessageKey);
  const key = l.code === 'extra_devices' && p.halves ? 'interventions.line.extra_devices_halves' : `interventions.line.${l.code}`;
  return tIn(lang, key as MessageKey, p);
}

export interface Charge {
  lines: ChargeLine[];
  totalCents: Cents;
}

/** The time part: first hour indivisible, then each started half-hour. */
export function timeCharge(minutes: number, hour: Cents, halfHour: Cents): { first: Cents; halves: number; halvesCents: Cents } {
  const halves = extraHalfHours(minutes);
  return { first: hour, halves, halvesCents: halves * halfHour };
}

export type Rate = 'business' | 'non_business';

export interface ChargeInput {
  kind: InterventionKind;
  minutes: number;
  /** the visit itself is included in the allowance (no travel, no time billed for it) */
  included: boolean;
  outOfHours: boolean;
  /** coach visit: devices helped and the minutes spent on those beyond the 3rd */
  devices?: number | null;
  extraMinutes?: number | null;
}

const eur = formatEuros;

/**
 * The charge of a visit (RULES.md §4): a billed visit costs travel + first hour + started
 * half-hours at the technician business or non-business rate (Airbox repairs are
 * technician visits), or at the coach rate; an included coach visit with more than 3
 * devices bills the extra devices' minutes at the coach rate, like a coach visit without
 * travel. (In a billed coach visit, that time is already inside the billed minutes.)
 */
export function interventionCharge(input: ChargeInput, p: InterventionPrices): Charge {
  const lines: ChargeLine[] = [];
  const coach = input.kind === 'coach';
  if (!input.included) {
    const off = input.outOfHours && !coach;
    const hour = coach ? p.coachHour : off ? p.technicianHourOff : p.technicianHour;
    const half = coach ? p.coachHalfHour : off ? p.technicianHalfHourOff : p.technicianHalfHour;
    const rate = coach ? 'coach' : off ? 'technician_off' : 'technician';
    const t = timeCharge(input.minutes, hour, half);
    lines.push({ code: 'travel', params: {}, ttcCents: p.travel });
    lines.push({ code: 'first_hour', params: { rate }, ttcCents: t.first });
    if (t.halves > 0) lines.push({ code: 'half_hours', params: { rate, halves: t.halves, price: eur(half) }, ttcCents: t.halvesCents });
  } else if (coach && (input.devices ?? 0) > COACH_FREE_DEVICES && (input.extraMinutes ?? 0) > 0) {
    const t = timeCharge(input.extraMinutes!, p.coachHour, p.coachHalfHour);
    const amount = t.first + t.halvesCents;
    lines.push({
      code: 'extra_devices',
      params: {
        free: COACH_FREE_DEVICES,
        devices: input.devices,
        minutes: input.extraMinutes,
        first: eur(t.first),
        halves: t.halves,
        half: eur(p.coachHalfHour),
      },
      ttcCents: amount,
    });
  }
  return { lines, totalCents: lines.reduce((s, l) => s + l.ttcCents, 0) };
}

// ---------------------------------------------------------------------------------------
// Scope (art. 5.2.2)

export interface EquipmentDef {
  code: string;
  label: string;
  /** in scope only if Parnasse installed it */
  parnasseOnly: boolean;
  aliases: readonly string[];
}

export const EQUIPMENT: readonly EquipmentDef[] = [
  { code: 'pto', label: 'PTO socket', parnasseOnly: false, aliases: ['prise_pto', 'optical_socket'] },
  { code: 'fibre_box', label: 'fibre box', parnasseOnly: false, aliases: ['fiber_box', 'ont', 'boitier_fibre'] },
  { code: 'livebox', label: 'Livebox', parnasseOnly: false, aliases: [] },
  { code: 'tv_decoder', label: 'TV decoder', parnasseOnly: false, aliases: ['decoder', 'decodeur', 'tv_box'] },
  { code: 'ethernet', label: 'Ethernet cabling', parnasseOnly: true, aliases: ['ethernet_cabling', 'cabling'] },
  { code: 'wifi_ap', label: 'Wi-Fi access point', parnasseOnly: true, aliases: ['wifi', 'access_point'] },
  { code: 'multimedia', label: 'multimedia equipment', parnasseOnly: true, aliases: [] },
  { code: 'app_ma_livebox', label: 'app Ma Livebox', parnasseOnly: false, aliases: ['ma_livebox'] },
  { code: 'app_orange_pro', label: 'app Orange Pro', parnasseOnly: false, aliases: ['orange_pro'] },
  { code: 'app_orange_tv', label: 'app Orange.TV', parnasseOnly: false, aliases: ['orange_tv', 'orange.tv'] },
  { code: 'app_orange_et_moi', label: 'app Orange et moi', parnasseOnly: false, aliases: ['orange_et_moi'] },
];

export interface EquipmentItem {
  /** as typed */
  raw: string;
  /** the known equipment, or null when unknown (out of scope) */
  def: EquipmentDef | null;
  /** `:parnasse` given: installed by Parnasse */
  byParnasse: boolean;
}

const norm = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '_');

/**
 * Parses `livebox,wifi_ap:parnasse,ethernet:member` (`,` `;` or `|` separated); an item's
 * installer follows a colon: `parnasse` (installed by Parnasse) or anything else.
 */
export function parseEquipmentList(list: string): EquipmentItem[] {
  return list
    .split(/[,;|]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((raw) => {
      const [name, by] = raw.split(':', 2) as [string, string | undefined];
      const n = norm(name);
      const def = EQUIPMENT.find((e) => e.code === n || e.aliases.includes(n)) ?? null;
      return { raw, def, byParnasse: by !== undefined && norm(by) === 'parnasse' };
    });
}

/** Every item must be in the art. 5.2.2 scope; Parnasse-only items must say `:parnasse`. */
export function checkScope(items: readonly EquipmentItem[]): Decision {
  for (const it of items) {
    if (!it.def) return refused(ART_TECHNICIAN, t('interventions.scope.outside', { item: it.raw }));
    if (it.def.parnasseOnly && !it.byParnasse) return refused(ART_TECHNICIAN, t('interventions.scope.parnasse_only', { item: it.def.code, code: it.def.code }));
  }
  return { ok: true, article: ART_TECHNICIAN };
}

// ---------------------------------------------------------------------------------------
// Exclusions (art. 5.2.2, 5.5)

export interface Exclusions {
  dangerous?: boolean;
  externalCause?: boolean;
  memberRepaired?: boolean;
  airboxMisuse?: boolean;
}

export function checkExclusions(kind: InterventionKind, x: Exclusions): Decision {
  if (x.dangerous) return refused(ART_TECHNICIAN, t('refusals.dangerous'));
  if (x.externalCause) return refused(ART_TECHNICIAN, t('refusals.external_cause'));
  if (x.memberRepaired) return refused(ART_TECHNICIAN, t('refusals.member_repaired'));
  if (kind === 'airbox' && x.airboxMisuse) return refused(ART_AIRBOX, t('refusals.airbox_misuse'));
  return { ok: true, article: kind === 'airbox' ? ART_AIRBOX : ART_TECHNICIAN };
}

// ---------------------------------------------------------------------------------------
// Member state

/**
 * Who gets an intervention: a `pending` member (entry fee unpaid) does — the contract is in
 * effect from the notification (art. 6) and the fee is a billing matter (art. 7.3.3); a
 * suspended member does not (art. 7.3.8); a terminated member does not (art. 10.4).
 */
export function checkMemberStatus(status: string, on: string, terminatedOn: string | null): Decision {
  if (status === 'suspended') return refused(ART_SUSPENSION, t('refusals.suspended'));
  if (status === 'terminated') return refused(ART_TERMINATION, t('refusals.terminated'));
  if (terminatedOn && on >= terminatedOn) return refused(ART_TERMINATION, t('refusals.ends_on', { date: terminatedOn }));
  return { ok: true, article: '6' };
}

/** Where a visit may take place (art. 5.2.2, 5.4.2, 5.5). */
export function checkPlace(kind: InterventionKind, elsewhere: boolean): Decision {
  if (!elsewhere) return { ok: true, article: kind === 'coach' ? ART_COACH_SCOPE : ART_TECHNICIAN };
  if (kind === 'coach') return { ok: true, article: ART_COACH_SCOPE };
  return refused(kind === 'airbox' ? ART_AIRBOX : ART_TECHNICIAN, t(kind === 'airbox' ? 'interventions.place.airbox' : 'interventions.place.technician'));
}

// ---------------------------------------------------------------------------------------
// Who goes (issue 11): a coach is one person, in one place at a time.

/** A coach's name as stored: spaces collapsed, NFC; null when there is nothing but spaces. */
export function coachName(name: string): string | null {
  const s = name.normalize('NFC').trim().replace(/\s+/g, ' ');
  return s === '' ? null : s;
}

/**
 * The name compared (and indexed): lower case, no accents, nothing but letters and digits —
 * "Élodie Le Goff", "elodie  le goff" and "ELODIE LE-GOFF" are the same coach.
 */
export function coachKey(name: string): string {
  return foldKey(name);
}

/**
 * Decision (RULES.md §4): less than this between the end of one visit and the start of the
 * next, in another postal code, the coach may not make it — a warning, not a refusal (the
 * two places may be next door).
 */
export const COACH_TRAVEL_MINUTES = 60;

export interface Slot {
  /** `YYYY-MM-DDTHH:MM` local time */
  start: string;
  end: string;
}

/** Two slots share a minute (back to back does not). Local date-times compare as strings. */
export function slotsOverlap(a: Slot, b: Slot): boolean {
  return a.start < b.end && b.start < a.end;
}
