/** Loads the (revisable) coverage-zone table for the pure zone rules. */
import type { Db, Tx } from '../db/connection.js';
import { zoneDepartments, zones } from '../db/schema.js';
import type { ZoneAssignment, ZoneInfo } from '../rules/zones.js';
import type { Tier } from '../rules/enums.js';

export interface ZoneTable {
  zones: ZoneInfo[];
  assignments: ZoneAssignment[];
}

export function loadZoneTable(db: Db | Tx): ZoneTable {
  const zs = db.select().from(zones).all();
  const as = db.select().from(zoneDepartments).all();
  return {
    zones: zs.map((z) => ({ id: z.id, name: z.name, tier: z.tier as Tier })),
    assignments: as.map((a) => ({ department: a.department, zoneId: a.zoneId, effectiveFrom: a.effectiveFrom })),
  };
}
