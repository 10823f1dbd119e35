/** Art. 11.1 through the module: damages paid are written once with one audit entry; a refusal writes nothing. Annex 1: 250 € TTC a month. */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../src/errors.js';
import { listDamages, recordDamages } from '../../src/liability/index.js';
import { tempConnection, testActor } from '../helpers/db.js';
import { issue } from '../helpers/documents.js';
import { insertMember } from '../helpers/factory.js';

describe('recordDamages (art. 11.1)', () => {
  it('within the cap: one row, one audit entry; beyond: RefusedError 11.1 and nothing written', () => {
    const conn = tempConnection();
    const no = insertMember(conn, { contractStart: '2027-01-01' });
    for (const m of ['01', '02', '03']) issue(conn, no, `2027-${m}-01`, [{ kind: 'subscription', label: 'Abonnement', period: `2027-${m}`, ttcCents: 25_000 }]);
    const audits = () => conn.db.get<{ n: number }>(sql`select count(*) as n from audit_log where entity = 'damages'`).n;
    // incident of 20 March: January–March invoiced = 750 €
    const r = recordDamages(conn, testActor, {
      memberNo: String(no),
      amountCents: 50_000,
      incidentOn: '2027-03-20',
      reason: 'Intervention manquée',
      method: 'transfer',
      on: '2027-04-02',
    });
    expect(r).toMatchObject({ incident_left_cents: 25_000, annual_left_cents: 25_000 });
    expect(audits()).toBe(1);
    let err: unknown;
    try {
      recordDamages(conn, testActor, {
        memberNo: String(no),
        amountCents: 25_001,
        incidentOn: '2027-03-20',
        reason: 'Complément',
        method: 'transfer',
        on: '2027-04-03',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).article).toBe('11.1');
    expect(audits()).toBe(1);
    expect(listDamages(conn.db, { memberNo: String(no), on: '2027-12-31' })).toHaveLength(1);
    conn.close();
  });
});
