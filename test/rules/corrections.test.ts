/** What a correction may not do (issue 11): pure decisions, each naming its article. */
import { describe, expect, it } from 'vitest';
import { acceptedCorrection, memberAddressCorrection } from '../../src/rules/corrections.js';
import { check } from '../../src/rules/decision.js';

describe('acceptedCorrection (art. 3.3)', () => {
  const was = [check('E1', '3.1', true, 'in zone'), check('D5', '3.2', false, 'no IBAN'), check('D6', '3.2', true, 'form')];
  it('passes when every criterion that passed still passes (one that failed may still fail)', () => {
    expect(acceptedCorrection(was, was, { ref: 'C-1', status: 'accepted' }).ok).toBe(true);
  });
  it("refuses a correction that makes a passed criterion fail, with that criterion's article", () => {
    const now = [check('E1', '3.1', false, 'out of zone'), check('D5', '3.2', false, 'no IBAN'), check('D6', '3.2', true, 'form')];
    const d = acceptedCorrection(was, now, { ref: 'C-1', status: 'accepted' });
    expect(d).toMatchObject({ ok: false, article: '3.1' });
    if (!d.ok) expect(d.reason).toContain('E1');
  });
});

describe('memberAddressCorrection (art. 3.1)', () => {
  const p = { memberNo: '7', postalCode: '29200' };
  it('refuses leaving the zones while the contract runs', () => {
    expect(memberAddressCorrection({ ...p, zoneBefore: 'paris', zoneAfter: null, terminated: false })).toMatchObject({ ok: false, article: '3.1' });
  });
  it('allows it after the end, within the zones, and for an address already outside', () => {
    expect(memberAddressCorrection({ ...p, zoneBefore: 'paris', zoneAfter: null, terminated: true }).ok).toBe(true);
    expect(memberAddressCorrection({ ...p, zoneBefore: 'paris', zoneAfter: 'sud', terminated: false }).ok).toBe(true);
    expect(memberAddressCorrection({ ...p, zoneBefore: null, zoneAfter: null, terminated: false }).ok).toBe(true);
  });
});

describe('revocationDecision (art. 7.2)', () => {
  it('takes back a price change only before it is in force and before a month from its first day is billed', async () => {
    const { revocationDecision } = await import('../../src/rules/prices.js');
    const p = { item: 'subscription', from: '2027-02-01', billedFromThen: false };
    expect(revocationDecision({ ...p, on: '2027-01-15' }).ok).toBe(true);
    expect(revocationDecision({ ...p, on: '2027-02-01' })).toMatchObject({ ok: false, article: '7.2' });
    expect(revocationDecision({ ...p, on: '2027-01-15', billedFromThen: true })).toMatchObject({ ok: false, article: '7.2' });
  });
});
