/**
 * The coverage-zone table (definitions "Zone de couverture"; RULES.md §1): data with an
 * effective date, revisable by an operator without a code change. A revision applies from
 * its date on; what was recorded before (interventions, addresses) keeps its zone.
 */
import type { Connection } from '../db/connection.js';
import { t } from '../i18n/index.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import { zoneDepartments } from '../db/schema.js';
import { UsageError } from '../errors.js';
import { normalizeDepartment, zoneOf } from '../rules/zones.js';
import type { IsoDate } from '../rules/dates.js';
import { loadZoneTable } from './table.js';

export interface ZoneRow {
  zone: string;
  name: string;
  tier: string;
  departments: string[];
}

/** The zones in force on a date, with their départements. */
export function listZones(conn: Connection, on: IsoDate): ZoneRow[] {
  const table = loadZoneTable(conn.db);
  const departments = [...new Set(table.assignments.map((a) => a.department))];
  return table.zones.map((z) => ({
    zone: z.id,
    name: z.name,
    tier: z.tier,
    departments: departments.filter((d) => zoneOf(d, on, table.assignments) === z.id).sort(),
  }));
}

/** The ids of every zone of the table (a filter's valid values). */
export function zoneIds(conn: Connection): string[] {
  return loadZoneTable(conn.db).zones.map((z) => z.id);
}

const DEPARTMENT = /^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|98|97\d|98\d)$/;

/** Assigns a département to a zone (or to none: `zone` null) from a date on. */
export function reviseZone(conn: Connection, actor: Actor, input: { department: string; zone: string | null; from: IsoDate }) {
  const department = normalizeDepartment(input.department);
  if (!DEPARTMENT.test(department)) throw new UsageError(t('modules.not_department', { department: input.department }));
  return writeTx(conn, (tx) => {
    const table = loadZoneTable(tx);
    if (input.zone !== null && !table.zones.some((z) => z.id === input.zone))
      throw new UsageError(t('modules.unknown_zone', { zone: input.zone, zones: table.zones.map((z) => z.id).join(', ') }));
    const before = zoneOf(department, input.from, table.assignments);
    tx.insert(zoneDepartments)
      .values({ department, zoneId: input.zone, effectiveFrom: input.from })
      .onConflictDoUpdate({ target: [zoneDepartments.department, zoneDepartments.effectiveFrom], set: { zoneId: input.zone } })
      .run();
    audit(tx, actor, { entity: 'zone_department', entityId: department, action: 'revise', change: { from: input.from, zone: [before, input.zone] } });
    return { department, zone: input.zone, effective_from: input.from, previous_zone: before };
  });
}
