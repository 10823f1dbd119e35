import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { departmentFromPostalCode, resolveDepartment, SEED_ZONE_TABLE, tierOf, zoneOf, zoneOfPostalCode } from '../../src/rules/zones.js';

const ON = '2026-12-01';

describe('coverage zones (definitions, RULES.md §1)', () => {
  it('maps postal codes to départements, Corsica and Monaco included', () => {
    expect(departmentFromPostalCode('75008')).toBe('75');
    expect(departmentFromPostalCode('06250')).toBe('06');
    expect(departmentFromPostalCode('20000')).toBe('2A');
    expect(departmentFromPostalCode('20199')).toBe('2A');
    expect(departmentFromPostalCode('20200')).toBe('2B');
    expect(departmentFromPostalCode('20699')).toBe('2B');
    expect(departmentFromPostalCode('98000')).toBe('98');
    expect(departmentFromPostalCode('97400')).toBe('974');
    expect(departmentFromPostalCode('98800')).toBe('988');
    expect(departmentFromPostalCode('7500')).toBeNull();
  });

  it('assigns zones and tiers from the contract table', () => {
    expect(zoneOfPostalCode('75008', ON, SEED_ZONE_TABLE)).toBe('paris');
    expect(zoneOfPostalCode('98000', ON, SEED_ZONE_TABLE)).toBe('sud');
    expect(zoneOfPostalCode('20090', ON, SEED_ZONE_TABLE)).toBe('sud');
    expect(zoneOfPostalCode('67000', ON, SEED_ZONE_TABLE)).toBe('grand_est');
    expect(zoneOfPostalCode('59000', ON, SEED_ZONE_TABLE)).toBe('nord');
    expect(zoneOfPostalCode('44000', ON, SEED_ZONE_TABLE)).toBe('grand_ouest');
    expect(zoneOfPostalCode('33000', ON, SEED_ZONE_TABLE)).toBe('grand_sud_ouest');
    expect(zoneOfPostalCode('97400', ON, SEED_ZONE_TABLE)).toBeNull(); // overseas: never covered
    expect(zoneOfPostalCode('98800', ON, SEED_ZONE_TABLE)).toBeNull();
    expect(zoneOfPostalCode('21000', ON, SEED_ZONE_TABLE)).toBeNull(); // Dijon: outside
    expect(tierOf('paris')).toBe('A');
    expect(tierOf('grand_est')).toBe('B');
  });

  it('a revision applies from its effective date only', () => {
    const table = [...SEED_ZONE_TABLE, { department: '21', zoneId: 'grand_est', effectiveFrom: '2027-01-01' }];
    expect(zoneOf('21', '2026-12-31', table)).toBeNull();
    expect(zoneOf('21', '2027-01-01', table)).toBe('grand_est');
  });

  it('rejects a département that contradicts its postal code', () => {
    expect(resolveDepartment('75008', '92')).toMatchObject({ ok: false, article: '1' });
    expect(resolveDepartment('06250', '6')).toEqual({ ok: true, department: '06' });
    expect(resolveDepartment('20000', '2A')).toEqual({ ok: true, department: '2A' });
    expect(resolveDepartment('20000', '2B')).toMatchObject({ ok: false });
  });

  it('property: any postal code maps to at most one zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99999 }), (n) => {
        const pc = String(n).padStart(5, '0');
        const dep = departmentFromPostalCode(pc);
        const zonesFound = new Set(SEED_ZONE_TABLE.filter((r) => r.department === dep).map((r) => r.zoneId));
        expect(zonesFound.size).toBeLessThanOrEqual(1);
        const z = zoneOfPostalCode(pc, ON, SEED_ZONE_TABLE);
        if (z !== null) expect([...zonesFound]).toEqual([z]);
      }),
    );
  });
});
