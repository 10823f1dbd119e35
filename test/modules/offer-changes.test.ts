/** Art. 9 through the module: a change announced too late writes nothing; the list as of a date. */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../src/errors.js';
import { announceOfferChange, listOfferChanges } from '../../src/prices/index.js';
import { tempConnection, testActor } from '../helpers/db.js';

describe('announceOfferChange (art. 9)', () => {
  it('refuses an effect less than a month after the announcement, records the others once', () => {
    const conn = tempConnection();
    expect(() =>
      announceOfferChange(conn, testActor, {
        description: 'Bitdefender : 10 appareils',
        announcedOn: '2027-01-31',
        effectiveFrom: '2027-02-27',
        on: '2027-01-31',
      }),
    ).toThrow(RefusedError);
    expect(conn.db.get<{ n: number }>(sql`select count(*) as n from offer_changes`).n).toBe(0);
    const r = announceOfferChange(conn, testActor, {
      description: 'Bitdefender : 10 appareils',
      announcedOn: '2027-01-31',
      effectiveFrom: '2027-03-01',
      on: '2027-01-31',
    });
    expect(r).toMatchObject({ in_force: false, article: '9' });
    // announced by the date but not in force: only with all
    expect(listOfferChanges(conn.db, { on: '2027-02-28' })).toEqual([]);
    expect(listOfferChanges(conn.db, { on: '2027-02-28', all: true })).toHaveLength(1);
    expect(listOfferChanges(conn.db, { on: '2027-03-01' })).toMatchObject([{ id: r.id, in_force: true }]);
    // not yet announced on an earlier date
    expect(listOfferChanges(conn.db, { on: '2027-01-30', all: true })).toEqual([]);
    conn.close();
  });
});
