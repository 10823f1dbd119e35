import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ART_COOPTATION,
  ART_REWARD,
  earliestDelivery,
  proposalDecision,
  rewardDecision,
  rewardState,
  rewardWindowUntil,
  samePerson,
  weekOf,
  type ProposalFacts,
} from '../../src/rules/cooptation.js';
import { addDays, daysBetween } from '../../src/rules/dates.js';

const base: ProposalFacts = {
  on: '2027-02-01',
  referrer: { memberNo: '12', status: 'active', overdueCents: 0, underRecovery: false },
  criteria: [{ id: 'E1', pass: true, article: '3.1', message: 'ok' }],
  candidacy: { ref: 'C-1', status: 'ready' },
  earlier: [],
  countInYear: 0,
  override: null,
};

describe('cooptation rules (annex 3)', () => {
  it('a referee whose contract starts on 15/03/2027 opens a window to 15/09/2027', () => {
    expect(rewardWindowUntil('2027-03-15')).toBe('2027-09-15');
    // end of month: 31/08 + 6 months is the last day of February
    expect(rewardWindowUntil('2027-08-31')).toBe('2028-02-29');
  });

  it('a reward chosen on 01/04/2027 is delivered on 13/05/2027 at the earliest (6 weeks)', () => {
    expect(earliestDelivery('2027-04-01')).toBe('2027-05-13');
  });

  it('the window is open from the contract start to its end, both inclusive; before, refused; after, lapsed', () => {
    const f = { id: 1, status: 'accepted', contractStart: '2027-03-15', chosen: null, item: 'Coffret', itemInCatalogue: true };
    expect(rewardDecision({ ...f, on: '2027-03-15' })).toMatchObject({ ok: true, value: { windowUntil: '2027-09-15', deliveryOn: '2027-04-26' } });
    expect(rewardDecision({ ...f, on: '2027-09-15' })).toMatchObject({ ok: true, value: { deliveryOn: '2027-10-27' } });
    const late = rewardDecision({ ...f, on: '2027-09-16' });
    expect(late).toMatchObject({ ok: false, article: ART_REWARD });
    expect(!late.ok && late.reason).toMatch(/lapsed.*2027-09-15/);
    expect(rewardDecision({ ...f, on: '2027-03-14' })).toMatchObject({ ok: false, article: ART_REWARD });
    expect(rewardDecision({ ...f, contractStart: null, on: '2027-04-01' })).toMatchObject({ ok: false });
    expect(rewardDecision({ ...f, status: 'rejected', on: '2027-04-01' })).toMatchObject({ ok: false });
    expect(rewardDecision({ ...f, chosen: { item: 'X', on: '2027-04-01' }, on: '2027-04-02' })).toMatchObject({ ok: false });
    expect(rewardDecision({ ...f, itemInCatalogue: false, on: '2027-04-01' })).toMatchObject({ ok: false, article: ART_REWARD });
  });

  it('property: a choice is accepted exactly inside the window, and delivery is always 42 days after it', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2026-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: -30, max: 250 }), (start, offset) => {
        const on = addDays(start, offset);
        const d = rewardDecision({ id: 1, status: 'accepted', contractStart: start, chosen: null, item: 'x', itemInCatalogue: true, on });
        expect(d.ok).toBe(on >= start && on <= rewardWindowUntil(start));
        if (d.ok) expect(daysBetween(on, d.value.deliveryOn)).toBe(42);
      }),
    );
  });

  it('reward states follow the window', () => {
    expect(rewardState('proposed', null, false, '2027-04-01')).toBe('none');
    expect(rewardState('accepted', null, false, '2027-04-01')).toBe('awaiting_contract');
    expect(rewardState('accepted', '2027-03-15', false, '2027-09-15')).toBe('window_open');
    expect(rewardState('accepted', '2027-03-15', false, '2027-09-16')).toBe('lapsed');
    expect(rewardState('accepted', '2027-03-15', true, '2028-01-01')).toBe('chosen');
  });

  it('the third cooptation of a calendar year is refused, unless overridden with a reason', () => {
    expect(proposalDecision({ ...base, countInYear: 1 })).toMatchObject({ ok: true, value: { overLimit: false } });
    const third = proposalDecision({ ...base, countInYear: 2 });
    expect(third).toMatchObject({ ok: false, article: ART_COOPTATION });
    expect(!third.ok && third.reason).toMatch(/2 cooptation\(s\) in 2027/);
    expect(proposalDecision({ ...base, countInYear: 2, override: { reason: 'board' } })).toMatchObject({ ok: true, value: { overLimit: true } });
  });

  it('the referrer must be in good standing, the candidacy eligible, the person co-opted once', () => {
    expect(proposalDecision({ ...base, referrer: { ...base.referrer, status: 'suspended' } })).toMatchObject({ ok: false, article: ART_COOPTATION });
    expect(proposalDecision({ ...base, referrer: { ...base.referrer, overdueCents: 1 } })).toMatchObject({ ok: false });
    expect(proposalDecision({ ...base, referrer: { ...base.referrer, underRecovery: true } })).toMatchObject({ ok: false });
    expect(proposalDecision({ ...base, criteria: [{ id: 'E3', pass: false, article: '3.1', message: 'income' }] })).toMatchObject({ ok: false });
    const again = proposalDecision({ ...base, earlier: [{ id: 4, referrerNo: '12', status: 'rejected', candidacyRef: 'C-0' }] });
    expect(!again.ok && again.reason).toMatch(/only once/);
    const other = proposalDecision({ ...base, earlier: [{ id: 4, referrerNo: '7', status: 'accepted', candidacyRef: 'C-0' }] });
    expect(!other.ok && other.reason).toMatch(/co-opted only once/);
    // an override lifts the yearly limit only, never the other rules
    expect(proposalDecision({ ...base, countInYear: 5, override: { reason: 'x' }, referrer: { ...base.referrer, status: 'terminated' } })).toMatchObject({
      ok: false,
    });
  });

  it('the same person: same e-mail, or same names and birth date (accents and case aside)', () => {
    const a = { email: 'Jean.Dupont@example.fr', firstName: 'Jean', lastName: 'Dupont', birthDate: '1970-01-02' };
    expect(samePerson(a, { ...a, email: 'jean.dupont@EXAMPLE.fr', firstName: 'X' })).toBe(true);
    expect(samePerson(a, { ...a, email: 'other@example.fr', firstName: 'JEAN', lastName: 'Dupónt' })).toBe(true);
    expect(samePerson(a, { ...a, email: 'other@example.fr', birthDate: '1970-01-03' })).toBe(false);
    expect(samePerson({ ...a, birthDate: null }, { ...a, email: 'o@x.fr', birthDate: null })).toBe(false);
    // names folded as everywhere else (rules/names.ts): hyphens, apostrophes and spaces alike
    const b = { email: 'jp@example.fr', firstName: 'Jean-Pierre', lastName: "O'Neil", birthDate: '1970-01-02' };
    expect(samePerson(b, { ...b, email: 'autre@example.fr', firstName: ' jean pierre', lastName: 'O’NEIL' })).toBe(true);
    expect(samePerson(b, { ...b, email: ' JP@Example.FR ', firstName: 'Paul' })).toBe(true);
  });

  it('the week of a date runs Monday to Sunday', () => {
    expect(weekOf('2027-05-13')).toEqual({ from: '2027-05-10', to: '2027-05-16' });
    expect(weekOf('2027-05-16')).toEqual({ from: '2027-05-10', to: '2027-05-16' });
    expect(weekOf('2027-05-10')).toEqual({ from: '2027-05-10', to: '2027-05-16' });
  });
});
