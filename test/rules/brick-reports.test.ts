import { describe, expect, it } from 'vitest';
import { brickReportAllowed, brickReportsOwed, REPORTED_BRICKS } from '../../src/rules/pro.js';

describe('half-yearly maintenance reports (art. 5.12.3.1)', () => {
  it('the contract names a "Rapport semestriel" for the Wi-Fi, workstation and server bricks only', () => {
    expect([...REPORTED_BRICKS]).toEqual(['wifi_public', 'workstation', 'servers']);
  });

  it('a brick started 10/03/2027 owes a report for each half-year it completes: 10/09/2027, 10/03/2028…', () => {
    const b = { brick: 'wifi_public' as const, startOn: '2027-03-10', endOn: null };
    expect(brickReportsOwed(b, 0, '2027-08-09')).toEqual([]);
    // in the half-year's last month the report is due; after its end, late
    expect(brickReportsOwed(b, 0, '2027-08-10')).toEqual([{ period: 1, from: '2027-03-10', to: '2027-09-09', due_on: '2027-09-10', late: false }]);
    expect(brickReportsOwed(b, 0, '2027-09-10')[0]!.late).toBe(false);
    expect(brickReportsOwed(b, 0, '2027-09-11')[0]!.late).toBe(true);
    expect(brickReportsOwed(b, 0, '2028-03-10').map((p) => [p.period, p.due_on, p.late])).toEqual([
      [1, '2027-09-10', true],
      [2, '2028-03-10', false],
    ]);
    // one report received: the first half-year is answered
    expect(brickReportsOwed(b, 1, '2028-03-10').map((p) => p.period)).toEqual([2]);
  });

  it('an ended brick owes only the half-years it completed in force; a brick without reports owes none', () => {
    const ended = { brick: 'servers' as const, startOn: '2027-03-10', endOn: '2027-12-31' };
    expect(brickReportsOwed(ended, 0, '2029-01-01').map((p) => p.period)).toEqual([1]);
    expect(brickReportsOwed({ brick: 'video_conference', startOn: '2027-03-10', endOn: null }, 0, '2029-01-01')).toEqual([]);
  });

  it('recording a report: refused for a brick that owes none, before its half-year began, or when nothing is owed', () => {
    const b = { brick: 'workstation' as const, startOn: '2027-03-10', endOn: null };
    expect(brickReportAllowed(b, 0, '2027-09-12')).toEqual({
      ok: true,
      article: '5.12.3.1',
      value: { period: 1, from: '2027-03-10', to: '2027-09-09', due_on: '2027-09-10' },
    });
    expect(brickReportAllowed({ ...b, brick: 'lan_security' }, 0, '2027-09-12')).toMatchObject({ ok: false, article: '5.12.3.1' });
    expect(brickReportAllowed(b, 1, '2027-09-12')).toMatchObject({ ok: false, article: '5.12.3.1' }); // the 2nd half-year has not begun…
    expect(brickReportAllowed(b, 0, '2027-03-01')).toMatchObject({ ok: false, article: '5.12.3.1' });
    const ended = { ...b, endOn: '2027-06-30' };
    expect(brickReportAllowed(ended, 0, '2027-09-12')).toMatchObject({ ok: false, article: '5.12.3.1' });
  });
});
