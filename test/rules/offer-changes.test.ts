/** Art. 9: a change to the Offer's characteristics is told at least one month before it takes effect. */
import { describe, expect, it } from 'vitest';
import { checkOfferChange, offerChangesInForce } from '../../src/rules/prices.js';

describe('changes to the Offer (art. 9)', () => {
  it('one month of notice at least, as for prices', () => {
    expect(checkOfferChange({ announcedOn: '2027-01-15', effectiveFrom: '2027-02-15', on: '2027-01-15' })).toEqual({ ok: true, article: '9' });
    const early = checkOfferChange({ announcedOn: '2027-01-15', effectiveFrom: '2027-02-14', on: '2027-01-15' });
    expect(early).toMatchObject({ ok: false, article: '9' });
    expect(!early.ok && early.reason).toContain('2027-02-15');
  });

  it('an announcement is not dated after the day it is recorded', () => {
    expect(checkOfferChange({ announcedOn: '2027-01-16', effectiveFrom: '2027-03-01', on: '2027-01-15' })).toMatchObject({ ok: false, article: '9' });
  });

  it('in force on a date: those whose first day has come, oldest first', () => {
    const cs = [
      { id: 2, effectiveFrom: '2027-04-01' },
      { id: 1, effectiveFrom: '2027-03-01' },
      { id: 3, effectiveFrom: '2027-05-01' },
    ];
    expect(offerChangesInForce(cs, '2027-04-01').map((c) => c.id)).toEqual([1, 2]);
    expect(offerChangesInForce(cs, '2027-02-28')).toEqual([]);
  });
});
