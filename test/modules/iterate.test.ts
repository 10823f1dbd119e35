/** iterateSelect maps each row exactly as drizzle's `.all()` does (issue 14: lists read row by row). */
import { asc, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { idBlocks, iterateSelect } from '../../src/db/iterate.js';
import fc from 'fast-check';
import { addresses, candidacies, members } from '../../src/db/schema.js';
import { tempConnection } from '../helpers/db.js';
import { insertCandidacy, insertMember } from '../helpers/factory.js';

let conn: Connection;
beforeEach(() => {
  conn = tempConnection();
});
afterEach(() => conn.close());

describe('iterateSelect', () => {
  it('flat selects (a whole table, chosen columns, SQL expressions) and nested ones (joins) give what .all() gives', () => {
    for (let i = 0; i < 5; i++) insertCandidacy(conn, i % 2 ? { invitedByParnasse: false, sponsorMemberNo: null } : {});
    for (let i = 0; i < 3; i++) insertMember(conn);
    const db = conn.db;
    // one candidacy that became a member (the join finds a member number)
    db.update(candidacies)
      .set({ memberId: db.select({ id: members.id }).from(members).limit(1).get()!.id })
      .where(eq(candidacies.id, 1))
      .run();
    const queries: { all(): unknown[]; prepare(): unknown }[] = [
      db.select().from(candidacies).orderBy(asc(candidacies.ref)),
      db
        .select({
          ref: candidacies.ref,
          invited: candidacies.invitedByParnasse,
          up: sql<string>`upper(${candidacies.lastName})`,
          n: sql<number>`length(${candidacies.ref})`.mapWith(Number),
        })
        .from(candidacies),
      db.select().from(members),
      // keys that are not identifiers (the mapper is compiled with the keys as string literals)
      db
        .select({
          'a"b\\c\n': candidacies.ref,
          'é €': candidacies.invitedByParnasse,
          constructor: candidacies.kind,
          __proto__x: candidacies.id,
          '0': candidacies.email,
        })
        .from(candidacies),
      db.select().from(members).leftJoin(addresses, eq(addresses.memberId, members.id)),
      db.select({ no: members.memberNo, zone: addresses.zoneId }).from(members).leftJoin(addresses, eq(addresses.memberId, members.id)),
      // objects one level deep, compiled (issue 27: `candidate list`): the from-table's object, a joined column beside it
      db
        .select({ c: candidacies, memberNo: members.memberNo })
        .from(candidacies)
        .leftJoin(members, eq(members.id, candidacies.memberId))
        .orderBy(asc(candidacies.ref)),
      db.select({ no: members.memberNo, m: { id: members.id, kind: members.kind }, z: sql<string>`'z'`, n: { first: members.firstName } }).from(members),
      // an object of the joined table, which a row without address sets to null: drizzle's mapper
      db
        .select({ m: { no: members.memberNo }, a: { zone: addresses.zoneId } })
        .from(members)
        .leftJoin(addresses, eq(addresses.memberId, members.id)),
    ];
    for (const q of queries) {
      const all = q.all() as unknown[];
      expect(all.length).toBeGreaterThan(0);
      const it = [...iterateSelect(q)];
      expect(it).toEqual(all);
      expect(it.map((r) => Object.keys(r as object))).toEqual(all.map((r) => Object.keys(r as object)));
    }
    // booleans decoded (mode: 'boolean'), not 0/1
    const first = [...iterateSelect(db.select().from(candidacies))][0]!;
    expect(typeof first.invitedByParnasse).toBe('boolean');
  });
});

describe('idBlocks: the ids from…to in blocks of pages (the month exports)', () => {
  it('property: the pages cover from…to once, in order, each within its block, a block at most blockPages pages', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 5 }),
        (from, span, page, blockPages) => {
          const to = from + span;
          const seen: number[] = [];
          for (const b of idBlocks(from, to, page, blockPages)) {
            let n = 0;
            for (const p of b.pages) {
              expect(p.lo).toBeGreaterThanOrEqual(b.from);
              expect(p.hi).toBeLessThanOrEqual(b.to);
              expect(p.hi - p.lo + 1).toBeLessThanOrEqual(page);
              for (let id = p.lo; id <= p.hi; id++) seen.push(id);
              n++;
            }
            expect(n).toBeLessThanOrEqual(blockPages);
          }
          expect(seen).toEqual(Array.from({ length: span + 1 }, (_, k) => from + k));
        },
      ),
      { numRuns: 200 },
    );
  });
});
