/**
 * Members and addresses for intervention tests, inserted directly (independent of the
 * membership capability). Postal codes pick the zone: 75008 Paris (tier A), 98000 Monaco
 * (sud, tier A), 67000 Strasbourg and 57000 Metz (grand_est, tier B), 59000 Lille (nord, tier B).
 */
import { sql } from 'drizzle-orm';
import type { Connection } from '../../src/db/connection.js';
import { addresses, airboxes, members } from '../../src/db/schema.js';
import { departmentFromPostalCode, SEED_ZONE_TABLE, zoneOfPostalCode } from '../../src/rules/zones.js';

export interface FixtureMember {
  id: number;
  memberNo: number;
  mainAddressId: number;
}

export interface MemberSpec {
  postalCode?: string;
  contractStart?: string;
  status?: 'pending' | 'active' | 'suspended' | 'terminated';
  terminatedOn?: string | null;
  airboxLentOn?: string | null;
}

const CITY: Record<string, string> = { '75': 'Paris', '98': 'Monaco', '67': 'Strasbourg', '57': 'Metz', '59': 'Lille' };

export function insertMember(conn: Connection, spec: MemberSpec = {}): FixtureMember {
  const postalCode = spec.postalCode ?? '75008';
  const contractStart = spec.contractStart ?? '2026-01-15';
  const next = conn.db.get<{ n: number }>(sql`select coalesce(max(member_no), 0) + 1 as n from members`).n;
  const m = conn.db
    .insert(members)
    .values({
      memberNo: next,
      kind: 'person',
      firstName: 'Test',
      lastName: `Member${next}`,
      email: `m${next}@example.test`,
      status: spec.status ?? 'active',
      contractStart,
      terminatedOn: spec.terminatedOn ?? null,
    })
    .returning({ id: members.id })
    .get();
  const mainAddressId = insertAddress(conn, m.id, postalCode, { isMain: true, addedOn: contractStart });
  if (spec.airboxLentOn)
    conn.db
      .insert(airboxes)
      .values({ memberId: m.id, serial: `AB-${next}`, lentOn: spec.airboxLentOn })
      .run();
  return { id: m.id, memberNo: next, mainAddressId };
}

export function insertAddress(
  conn: Connection,
  memberId: number,
  postalCode: string,
  opts: { isMain?: boolean; addedOn?: string; removedOn?: string | null } = {},
): number {
  const department = departmentFromPostalCode(postalCode)!;
  return conn.db
    .insert(addresses)
    .values({
      memberId,
      isMain: opts.isMain ?? false,
      street: '1 rue du Test',
      postalCode,
      city: CITY[department] ?? 'Ville',
      department,
      zoneId: zoneOfPostalCode(postalCode, '2026-01-01', SEED_ZONE_TABLE),
      addedOn: opts.addedOn ?? '2025-06-01',
      removedOn: opts.removedOn ?? null,
    })
    .returning({ id: addresses.id })
    .get().id;
}
