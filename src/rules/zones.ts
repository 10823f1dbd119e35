/**
 * Coverage zones (definitions "Zone de couverture"; RULES.md §1). Pure: the zone table is
 * data (seeded by migration, revisable with an effective date) passed in by the caller.
 */
import type { Tier } from './enums.js';
import { t } from '../i18n/index.js';

export interface ZoneInfo {
  id: string;
  name: string;
  tier: Tier;
}

export interface ZoneAssignment {
  department: string;
  zoneId: string | null;
  effectiveFrom: string;
}

export const ZONE_ARTICLE = '1';

/**
 * Département of a French postal code: its first two digits, except Corsica
 * (20000–20199 → 2A, 20200–20699 → 2B) and Monaco (980xx → 98). Overseas (97x, 98x
 * other than 980xx) → the 3-digit overseas code, never covered. Null if not a postal code.
 */
export function departmentFromPostalCode(postalCode: string): string | null {
  const pc = postalCode.trim();
  if (!/^\d{5}$/.test(pc)) return null;
  const n = Number(pc);
  if (pc.startsWith('20')) {
    if (n <= 20199) return '2A';
    if (n <= 20699) return '2B';
    return null;
  }
  if (pc.startsWith('980')) return '98';
  if (pc.startsWith('97') || pc.startsWith('98')) return pc.slice(0, 3);
  if (pc.startsWith('00')) return null;
  return pc.slice(0, 2);
}

/** Normalises a département as typed (`6` → `06`, `2a` → `2A`). */
export function normalizeDepartment(dep: string): string {
  const d = dep.trim().toUpperCase();
  return /^\d$/.test(d) ? `0${d}` : d;
}

export type AddressDecision = { ok: true; department: string } | { ok: false; article: string; reason: string };

/** Checks a postal code and the département given with it (they must agree, RULES.md §1). */
export function resolveDepartment(postalCode: string, department?: string | null): AddressDecision {
  const fromPc = departmentFromPostalCode(postalCode);
  if (!fromPc) return { ok: false, article: ZONE_ARTICLE, reason: t('modules.not_postal_code', { postal_code: postalCode }) };
  if (department && department.trim() !== '') {
    const given = normalizeDepartment(department);
    // Corsica is sometimes written 20
    const agrees = given === fromPc || (given === '20' && (fromPc === '2A' || fromPc === '2B'));
    if (!agrees)
      return {
        ok: false,
        article: ZONE_ARTICLE,
        reason: t('modules.postal_department', { postal_code: postalCode, from_pc: fromPc, given }),
      };
  }
  return { ok: true, department: fromPc };
}

/** The zone of a département on a date, from the (revisable) zone table; null = not covered. */
export function zoneOf(department: string, on: string, table: readonly ZoneAssignment[]): string | null {
  let best: ZoneAssignment | undefined;
  for (const row of table) {
    if (row.department !== department || row.effectiveFrom > on) continue;
    if (!best || row.effectiveFrom > best.effectiveFrom) best = row;
  }
  return best?.zoneId ?? null;
}

/** The zone of a postal code on a date (null when not covered or not a postal code). */
export function zoneOfPostalCode(postalCode: string, on: string, table: readonly ZoneAssignment[]): string | null {
  const dep = departmentFromPostalCode(postalCode);
  return dep ? zoneOf(dep, on, table) : null;
}

/** The seed of migrations/0001 (also used by pure tests). */
export const SEED_ZONES: readonly ZoneInfo[] = [
  { id: 'paris', name: 'Région Parisienne', tier: 'A' },
  { id: 'sud', name: 'Zone Sud', tier: 'A' },
  { id: 'nord', name: 'Zone Nord', tier: 'B' },
  { id: 'grand_ouest', name: 'Zone Grand Ouest', tier: 'B' },
  { id: 'grand_sud_ouest', name: 'Zone Grand Sud-Ouest', tier: 'B' },
  { id: 'grand_est', name: 'Zone Grand Est', tier: 'B' },
];

const SEED_DEPARTMENTS: Record<string, string> = {
  paris: '75 77 78 91 92 93 94 95',
  sud: '2A 2B 13 84 06 83 69 01 73 74 98',
  nord: '02 51 59 60 62 80',
  grand_ouest: '14 27 28 49 50 61 76 22 35 53 56 44 85 18 36 37 41 45 72',
  grand_sud_ouest: '33 40 64 31',
  grand_est: '54 57 67 68',
};

export const SEED_ZONE_TABLE: readonly ZoneAssignment[] = Object.entries(SEED_DEPARTMENTS).flatMap(([zoneId, deps]) =>
  deps.split(' ').map((department) => ({ department, zoneId, effectiveFrom: '2025-06-01' })),
);

export function tierOf(zoneId: string, zones: readonly ZoneInfo[] = SEED_ZONES): Tier {
  const z = zones.find((x) => x.id === zoneId);
  if (!z) throw new RangeError(`unknown zone ${zoneId}`);
  return z.tier;
}
