/** Art. 11.1: damages paid within the incident's cap (6 months invoiced before it) and the calendar year's (9 months before the last incident). */
import { describe, expect, it } from 'vitest';
import { annualWindow, checkCompensation } from '../../src/rules/liability.js';

const SUB = 25_000; // annex 1: 250 € TTC a month
const base = {
  incidentOn: '2027-07-15',
  paidOn: '2027-08-01',
  incidentCapCents: 6 * SUB,
  paidForIncidentCents: 0,
  annualCapCents: 7 * SUB,
  paidInYearCents: 0,
};

describe('damages paid and the caps (art. 11.1)', () => {
  it('the year window runs from the last incident compensated that year', () => {
    expect(annualWindow(['2027-07-15', '2027-09-10', '2027-03-01'])).toEqual({ lastIncident: '2027-09-10', window: { from: '2026-12-10', to: '2027-09-09' } });
  });

  it('up to the incident cap; beyond it refused with art. 11.1; what is left is given', () => {
    expect(checkCompensation({ ...base, amountCents: 6 * SUB })).toEqual({ ok: true, article: '11.1', value: { incidentLeftCents: 0, annualLeftCents: SUB } });
    expect(checkCompensation({ ...base, amountCents: 6 * SUB + 1 })).toMatchObject({ ok: false, article: '11.1' });
    expect(checkCompensation({ ...base, amountCents: 1, paidForIncidentCents: 6 * SUB })).toMatchObject({ ok: false, article: '11.1' });
  });

  it('all incidents of the calendar year together, within the year cap', () => {
    const second = { ...base, incidentOn: '2027-09-10', paidOn: '2027-09-20', paidForIncidentCents: 0, annualCapCents: 9 * SUB, paidInYearCents: 6 * SUB };
    expect(checkCompensation({ ...second, amountCents: 3 * SUB })).toMatchObject({ ok: true, value: { annualLeftCents: 0 } });
    const over = checkCompensation({ ...second, amountCents: 3 * SUB + 1 });
    expect(over).toMatchObject({ ok: false, article: '11.1' });
    expect(!over.ok && over.reason).toContain('2027');
  });

  it('no incident after the payment, no zero amount', () => {
    expect(checkCompensation({ ...base, paidOn: '2027-07-14', amountCents: 100 })).toMatchObject({ ok: false, article: '11.1' });
    expect(checkCompensation({ ...base, amountCents: 0 })).toMatchObject({ ok: false, article: '11.1' });
  });
});
