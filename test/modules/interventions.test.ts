import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { auditLog, interventions, pendingCharges, prices } from '../../src/db/schema.js';
import { RefusedError, UsageError } from '../../src/errors.js';
import { addIntervention, listInterventions, quotaReport, type AddInput } from '../../src/interventions/index.js';
import { tempConnection, testActor } from '../helpers/db.js';
import { insertAddress, insertMember } from '../helpers/intervention-fixtures.js';

let conn: Connection;
beforeEach(() => {
  conn = tempConnection();
});
afterEach(() => conn.close());

const add = (memberNo: number, over: Partial<AddInput>) =>
  addIntervention(conn, testActor, { memberNo: String(memberNo), kind: 'technician', start: '2026-03-02T10:00', minutes: 60, ...over });

function refusal(fn: () => unknown): RefusedError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RefusedError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

// Mondays to Fridays of March 2026 without holidays
const WEEKDAYS = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09', '2026-03-10'];

describe('intervene add: quota of the contract year', () => {
  it('the 6th on-site visit of a tier-B member in a contract year is billable; the first of the next year is not', () => {
    const m = insertMember(conn, { postalCode: '59000', contractStart: '2026-01-15' });
    for (let i = 0; i < 5; i++) {
      const r = add(m.memberNo, { start: `${WEEKDAYS[i]}T10:00` });
      expect(r).toMatchObject({ included: true, charge_cents: 0, used: i + 1, quota: 5, tier: 'B' });
    }
    const sixth = add(m.memberNo, { start: `${WEEKDAYS[5]}T10:00`, minutes: 90 });
    expect(sixth).toMatchObject({
      included: false,
      charge_cents: 100_00 + 120_00 + 60_00,
      used: 5,
      quota: 5,
      contract_year: { from: '2026-01-15', to: '2027-01-14' },
    });
    const pc = conn.db.select().from(pendingCharges).where(eq(pendingCharges.interventionId, sixth.id)).get();
    expect(pc).toMatchObject({ ttcCents: 280_00, dueOn: WEEKDAYS[5], memberId: m.id });
    expect(pc!.label).toMatch(/déplacement/); // the invoice line is French whatever the locale

    const nextYear = add(m.memberNo, { start: '2027-01-15T10:00' });
    expect(nextYear).toMatchObject({ included: true, charge_cents: 0, used: 1, contract_year: { from: '2027-01-15', to: '2028-01-14' } });
  });

  it('coach allowance: tier B includes one coach visit; the second is billed at the coach rate', () => {
    const m = insertMember(conn, { postalCode: '59000' });
    expect(add(m.memberNo, { kind: 'coach', start: '2026-03-02T09:00', minutes: 60 })).toMatchObject({ included: true, coach_used: 1, coach_quota: 1 });
    const second = add(m.memberNo, { kind: 'coach', start: '2026-03-03T09:00', minutes: 120 });
    expect(second).toMatchObject({ included: false, charge_cents: 100_00 + 150_00 + 2 * 75_00, used: 1, coach_used: 1 });
    // the technician quota is untouched by the billed coach visit
    expect(add(m.memberNo, { start: '2026-03-04T10:00' })).toMatchObject({ included: true, used: 2 });
  });

  it('an included coach visit with 5 devices bills the extra minutes without travel', () => {
    const m = insertMember(conn, { postalCode: '75008' });
    const r = add(m.memberNo, { kind: 'coach', start: '2026-03-02T14:00', minutes: 120, devices: 5, extraMinutes: 40 });
    expect(r).toMatchObject({ included: true, charge_cents: 150_00 });
    expect(r.pending_charge_id).not.toBeNull();
  });

  it('out of hours: allowed outside the window, never included, billed at the non-business rate (450,00 € for 2 h 10)', () => {
    const m = insertMember(conn, { postalCode: '75008' });
    const r = add(m.memberNo, { start: '2026-03-07T10:00', minutes: 130, outOfHours: true });
    expect(r).toMatchObject({ included: false, out_of_hours: true, charge_cents: 450_00, used: 0 });
    expect(() => add(m.memberNo, { start: '2026-03-02T10:00', outOfHours: true })).toThrow(UsageError);
    expect(refusal(() => add(m.memberNo, { kind: 'coach', start: '2026-03-07T10:00', outOfHours: true })).article).toBe('5.4.1');
  });

  it('out of hours never on a public holiday of the address (RULES.md §4: never on public holidays)', () => {
    const m = insertMember(conn, { postalCode: '75008', contractStart: '2025-06-01' });
    const e = refusal(() => add(m.memberNo, { start: '2026-07-14T10:00', minutes: 60, outOfHours: true }));
    expect(e.article).toBe('5.2.2');
    expect(e.message).toMatch(/public holiday/);
    // an evening visit running past midnight into a holiday
    expect(refusal(() => add(m.memberNo, { start: '2026-12-31T23:00', minutes: 120, outOfHours: true })).message).toMatch(/public holiday/);
    const sxb = insertMember(conn, { postalCode: '67000', contractStart: '2025-06-01' });
    expect(refusal(() => add(sxb.memberNo, { start: '2026-04-03T18:00', minutes: 60, outOfHours: true })).message).toMatch(/public holiday/);
    expect(add(m.memberNo, { start: '2026-04-03T19:00', minutes: 60, outOfHours: true })).toMatchObject({ out_of_hours: true, charge_cents: 240_00 });
    expect(conn.db.select().from(interventions).all()).toHaveLength(1);
  });

  it('prices come from the table in force on the visit date', () => {
    const m = insertMember(conn, { postalCode: '75008' });
    conn.db.insert(prices).values({ item: 'travel', ttcCents: 110_00, effectiveFrom: '2026-06-01', announcedOn: '2026-04-01' }).run();
    const before = add(m.memberNo, { start: '2026-03-07T10:00', minutes: 60, outOfHours: true });
    const after = add(m.memberNo, { start: '2026-06-06T10:00', minutes: 60, outOfHours: true });
    expect(before.charge_cents).toBe(240_00);
    expect(after.charge_cents).toBe(250_00);
  });
});

describe('intervene add: refusals name their article', () => {
  it('window of the tier-B zone: 15:30 + 45 min is refused', () => {
    const m = insertMember(conn, { postalCode: '59000' });
    const e = refusal(() => add(m.memberNo, { start: '2026-03-02T15:30', minutes: 45 }));
    expect(e.article).toBe('5.2.2');
    expect(e.message).toMatch(/^refused \(art\. 5\.2\.2\): .*16:00/);
    expect(conn.db.select().from(interventions).all()).toHaveLength(0);
  });

  it('holidays of the intervention’s address: Good Friday in Strasbourg, 26 December in Metz, 19 November in Monaco', () => {
    const sxb = insertMember(conn, { postalCode: '67000', contractStart: '2025-06-01' });
    const paris = insertMember(conn, { postalCode: '75008', contractStart: '2025-06-01' });
    expect(refusal(() => add(sxb.memberNo, { start: '2026-04-03T10:00' })).message).toMatch(/public holiday/);
    expect(add(paris.memberNo, { start: '2026-04-03T10:00' }).included).toBe(true);
    const metz = insertMember(conn, { postalCode: '57000', contractStart: '2025-06-01' });
    expect(refusal(() => add(metz.memberNo, { start: '2025-12-26T10:00' })).article).toBe('5.2.2');
    expect(add(paris.memberNo, { start: '2025-12-26T10:00' }).included).toBe(true);
    const monaco = insertMember(conn, { postalCode: '98000', contractStart: '2025-06-01' });
    expect(refusal(() => add(monaco.memberNo, { start: '2026-11-19T10:00' })).message).toMatch(/Prince/);
    expect(add(monaco.memberNo, { start: '2026-07-14T10:00' }).tier).toBe('A'); // French national day, not Monaco's
  });

  it('the window and holidays are those of the intervention’s address, the quota tier that of the main address', () => {
    const m = insertMember(conn, { postalCode: '75008' });
    const lille = insertAddress(conn, m.id, '59000');
    expect(refusal(() => add(m.memberNo, { addressId: lille, start: '2026-03-02T16:30' })).article).toBe('5.2.2');
    const r = add(m.memberNo, { addressId: lille, start: '2026-03-02T10:00' });
    expect(r).toMatchObject({ tier: 'B', zone: 'nord', quota: 15, address_id: lille });
  });

  it('scope, exclusions, place', () => {
    const m = insertMember(conn, { postalCode: '75008', airboxLentOn: '2026-01-15' });
    expect(refusal(() => add(m.memberNo, { equipment: 'livebox,wifi_ap' })).article).toBe('5.2.2');
    expect(add(m.memberNo, { equipment: 'livebox,wifi_ap:parnasse' }).included).toBe(true);
    expect(refusal(() => add(m.memberNo, { dangerous: true })).article).toBe('5.2.2');
    expect(refusal(() => add(m.memberNo, { externalCause: true })).article).toBe('5.2.2');
    expect(refusal(() => add(m.memberNo, { memberRepaired: true })).article).toBe('5.2.2');
    expect(refusal(() => add(m.memberNo, { kind: 'airbox', airboxMisuse: true })).article).toBe('5.5');
    expect(refusal(() => add(m.memberNo, { location: '13100' })).article).toBe('5.2.2');
    const coach = add(m.memberNo, { kind: 'coach', location: '13100', start: '2026-03-03T08:00' });
    expect(coach).toMatchObject({ zone: 'sud', postal_code: '13100', address_id: null });
    expect(refusal(() => add(m.memberNo, { kind: 'coach', location: '97400' })).article).toBe('5.4.2');
    const other = insertMember(conn, { postalCode: '75008' });
    expect(refusal(() => add(m.memberNo, { addressId: other.mainAddressId })).article).toBe('5.2.2');
  });

  it('Airbox repair needs a lent Airbox; Saturday allowed in tier A', () => {
    const without = insertMember(conn, { postalCode: '75008' });
    expect(refusal(() => add(without.memberNo, { kind: 'airbox' })).article).toBe('5.5');
    const m = insertMember(conn, { postalCode: '75008', airboxLentOn: '2026-01-15' });
    expect(add(m.memberNo, { kind: 'airbox', start: '2026-03-07T10:00' }).included).toBe(true);
  });

  it('member state: suspended 7.3.8, terminated 10.4, before the contract start 6, pending allowed', () => {
    expect(refusal(() => add(insertMember(conn, { status: 'suspended' }).memberNo, {})).article).toBe('7.3.8');
    expect(refusal(() => add(insertMember(conn, { status: 'terminated', terminatedOn: '2026-02-01' }).memberNo, {})).article).toBe('10.4');
    expect(refusal(() => add(insertMember(conn, { contractStart: '2026-04-01' }).memberNo, {})).article).toBe('6');
    expect(add(insertMember(conn, { status: 'pending' }).memberNo, {})).toMatchObject({ included: true, member_status: 'pending' });
  });

  it('unknown member and malformed input are usage errors', () => {
    expect(() => add(999, {})).toThrow(/no member 999/);
    const m = insertMember(conn);
    expect(() => add(m.memberNo, { start: '2026-03-02' })).toThrow(UsageError);
    expect(() => add(m.memberNo, { kind: 'plumber' })).toThrow(UsageError);
    expect(() => add(m.memberNo, { kind: 'coach', devices: 5 })).toThrow(/--extra-minutes/);
    expect(() => add(m.memberNo, { devices: 2 })).toThrow(UsageError);
    expect(() => add(m.memberNo, { requestedAt: '2026-03-03T10:00' })).toThrow(/after --start/);
  });
});

describe('SLA deadline (tier B)', () => {
  it('72 business hours across a weekend and 1 May; late when the visit starts after it', () => {
    const m = insertMember(conn, { postalCode: '59000' });
    const ok = add(m.memberNo, { requestedAt: '2026-04-30T10:00', start: '2026-05-06T10:00' });
    expect(ok).toMatchObject({ sla_deadline: '2026-05-06T10:00', late: false });
    // another member: the same member at an overlapping slot is a duplicate (issue 11)
    const m2 = insertMember(conn, { postalCode: '59000' });
    const late = add(m2.memberNo, { requestedAt: '2026-04-30T10:00', start: '2026-05-06T10:30' });
    expect(late).toMatchObject({ sla_deadline: '2026-05-06T10:00', late: true });
    expect(conn.db.select().from(interventions).where(eq(interventions.id, late.id)).get()!.late).toBe(true);
  });

  it('null for tier A and for coach visits', () => {
    const m = insertMember(conn, { postalCode: '75008' });
    expect(add(m.memberNo, { requestedAt: '2026-02-25T10:00' }).sla_deadline).toBeNull();
    const b = insertMember(conn, { postalCode: '59000' });
    expect(add(b.memberNo, { kind: 'coach', requestedAt: '2026-02-25T10:00' }).sla_deadline).toBeNull();
  });
});

describe('audit, list and quota', () => {
  it('each booking writes one audit entry; a refusal writes nothing', () => {
    const m = insertMember(conn, { postalCode: '59000' });
    const r = add(m.memberNo, {});
    try {
      add(m.memberNo, { start: '2026-03-02T15:30', minutes: 45 });
    } catch {
      /* refused */
    }
    const entries = conn.db.select().from(auditLog).where(eq(auditLog.entity, 'intervention')).all();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ entityId: String(r.id), action: 'add', operator: 'tester' });
    expect(JSON.parse(entries[0]!.change)).toMatchObject({ included: true, charge_cents: 0 });
  });

  it('quota reports used / included by kind for the contract year containing the date', () => {
    const m = insertMember(conn, { postalCode: '59000', contractStart: '2026-01-15' });
    for (let i = 0; i < 4; i++) add(m.memberNo, { start: `${WEEKDAYS[i]}T10:00` });
    add(m.memberNo, { kind: 'coach', start: '2026-03-06T10:00' });
    add(m.memberNo, { start: '2026-03-09T10:00', minutes: 130, outOfHours: false }); // 6th: billed
    const q = quotaReport(conn.db, String(m.memberNo), '2026-06-01');
    expect(q).toMatchObject({
      tier: 'B',
      contract_year: { from: '2026-01-15', to: '2027-01-14', index: 1 },
      used: 5,
      quota: 5,
      remaining: 0,
      coach_used: 1,
      coach_quota: 1,
      visits: 6,
      billed: 1,
      charge_cents: 100_00 + 120_00 + 3 * 60_00,
    });
    expect(q.by_kind.technician).toEqual({ visits: 5, included: 4, billed: 1, charge_cents: 400_00 });
    expect(q.by_kind.coach).toMatchObject({ visits: 1, included: 1 });
    expect(quotaReport(conn.db, String(m.memberNo), '2027-02-01')).toMatchObject({ used: 0, remaining: 5, contract_year: { from: '2027-01-15' } });
    expect(() => quotaReport(conn.db, String(m.memberNo), '2026-01-01')).toThrow(RefusedError);
  });

  it('list: every visit, or only the contract year containing the date', () => {
    const m = insertMember(conn, { postalCode: '59000', contractStart: '2026-01-15' });
    add(m.memberNo, { start: '2026-03-03T10:00' });
    add(m.memberNo, { start: '2027-02-01T10:00' });
    add(m.memberNo, { start: '2026-03-02T10:00' });
    const all = listInterventions(conn.db, String(m.memberNo), { on: '2026-06-01', year: false });
    expect(all.rows.map((r) => r.start)).toEqual(['2026-03-02T10:00', '2026-03-03T10:00', '2027-02-01T10:00']);
    expect(all.rows[0]).toMatchObject({ end: '2026-03-02T11:00', zone: 'nord', included: true });
    const year = listInterventions(conn.db, String(m.memberNo), { on: '2026-06-01', year: true });
    expect(year.rows).toHaveLength(2);
    expect(year.year).toMatchObject({ from: '2026-01-15', to: '2027-01-14' });
  });
});
