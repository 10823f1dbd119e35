import { describe, expect, it } from 'vitest';
import { capWindows, complaintDueOn, complaintOverdue, monthsBefore, purgeableFrom } from '../../src/rules/liability.js';

describe('liability cap windows (art. 11.1)', () => {
  it('an incident on 15/07/2027: invoiced from 15/01/2027 to 14/07/2027; the year: 9 months before the last incident', () => {
    expect(monthsBefore('2027-07-15', 6)).toEqual({ from: '2027-01-15', to: '2027-07-14' });
    const p = capWindows('2027-07-15', ['2027-03-02', '2027-11-30', '2026-12-31']);
    expect(p).toMatchObject({ year: 2027, lastIncident: '2027-11-30', annualWindow: { from: '2027-02-28', to: '2027-11-29' } });
    expect(capWindows('2027-07-15').annualWindow).toEqual({ from: '2026-10-15', to: '2027-07-14' });
  });
});

describe('complaints (art. 13) and retention (annex 5)', () => {
  it('answered within one month; overdue the day after', () => {
    expect(complaintDueOn('2027-01-31')).toBe('2027-02-28');
    expect(complaintOverdue({ dueOn: '2027-02-28', closedOn: null }, '2027-02-28')).toBe(false);
    expect(complaintOverdue({ dueOn: '2027-02-28', closedOn: null }, '2027-03-01')).toBe(true);
    expect(complaintOverdue({ dueOn: '2027-02-28', closedOn: '2027-03-05' }, '2027-03-10')).toBe(false);
  });
  it('contract data erasable more than 3 years after the end: three years and one day', () => {
    expect(purgeableFrom('2027-03-30')).toBe('2030-03-31');
    expect(purgeableFrom('2028-02-29')).toBe('2031-03-01');
  });
});
