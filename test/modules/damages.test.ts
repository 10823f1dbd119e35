/** Art. 11.1 through the module: damages paid are written once with one audit entry; a refusal writes nothing. Annex 1: 250 € TTC a month. */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../src/errors.js';
import { liabilityCap, listDamages, recordDamages } from '../../src/liability/index.js';
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

describe('liabilityCap across a calendar year (art. 11.1: damages "versés au cours d’une année civile")', () => {
  it('an incident of December asked about in January: the year is the one damages are paid in, as member damages add counts it', () => {
    const conn = tempConnection();
    const no = insertMember(conn, { contractStart: '2026-06-01' });
    for (const m of ['06', '07', '08', '09', '10', '11', '12'])
      issue(conn, no, `2026-${m}-01`, [{ kind: 'subscription', label: 'Abonnement', period: `2026-${m}`, ttcCents: 25_000 }]);
    const pay = (amountCents: number, incidentOn: string, on: string) =>
      recordDamages(conn, testActor, { memberNo: String(no), amountCents, incidentOn, reason: 'Coupure', method: 'transfer', on });
    // 5 January 2027: 1 500 € for the incident of 10 November 2026 (June–November invoiced)
    pay(150_000, '2026-11-10', '2027-01-05');
    // 10 January 2027: what is left for the incident of 20 December 2026, paid that day?
    const cap = liabilityCap(conn.db, String(no), '2026-12-20', [], '2027-01-10');
    // 2027's damages: the 1 500 € paid on 5 January; the year's last incident is 20 December
    // (9 months before: June–December = 1 750 €), so 250 € left — not 2026's untouched cap
    expect(cap).toMatchObject({ year: 2027, year_paid_cents: 150_000, annual_cap_cents: 175_000, annual_left_cents: 25_000, incident_left_cents: 150_000 });
    const room = Math.min(cap.incident_left_cents, cap.annual_left_cents);
    expect(() => pay(room + 1, '2026-12-20', '2027-01-10')).toThrow(RefusedError);
    expect(pay(room, '2026-12-20', '2027-01-10')).toMatchObject({ annual_left_cents: 0 });
    conn.close();
  });
});
