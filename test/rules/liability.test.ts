import { describe, expect, it } from 'vitest';
import { answerDueOn, answerOverdue, capWindows, checkRightsAnswer, monthsBefore, purgeableFrom } from '../../src/rules/liability.js';

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
    expect(answerDueOn('2027-01-31')).toBe('2027-02-28');
    expect(answerOverdue({ dueOn: '2027-02-28', closedOn: null }, '2027-02-28')).toBe(false);
    expect(answerOverdue({ dueOn: '2027-02-28', closedOn: null }, '2027-03-01')).toBe(true);
    expect(answerOverdue({ dueOn: '2027-02-28', closedOn: '2027-03-05' }, '2027-03-10')).toBe(false);
  });
  it('contract data erasable more than 3 years after the end: three years and one day', () => {
    expect(purgeableFrom('2027-03-30')).toBe('2030-03-31');
    expect(purgeableFrom('2028-02-29')).toBe('2031-03-01');
  });
});

describe('data-rights requests (annex 5): the same one-month clock as complaints', () => {
  it('a request received on 15/03/2027 is due on 15/04/2027, late from the 16th', () => {
    expect(answerDueOn('2027-03-15')).toBe('2027-04-15');
    expect(answerOverdue({ dueOn: answerDueOn('2027-03-15'), closedOn: null }, '2027-04-16')).toBe(true);
  });

  it('each answer fits its right: export for access and portability, an edit for rectification, the purge for erasure', () => {
    const f = { on: '2027-04-01', purgeableFrom: null };
    expect(checkRightsAnswer('access', 'export', f)).toEqual({ ok: true, article: 'annex 5' });
    expect(checkRightsAnswer('portability', 'export', f).ok).toBe(true);
    expect(checkRightsAnswer('rectification', 'edit', f).ok).toBe(true);
    expect(checkRightsAnswer('opposition', 'refused', f).ok).toBe(true);
    expect(checkRightsAnswer('opposition', 'done', f).ok).toBe(true);
    const wrong = checkRightsAnswer('access', 'edit', f);
    expect(wrong).toMatchObject({ ok: false, article: 'annex 5' });
    expect(checkRightsAnswer('rectification', 'purge', f).ok).toBe(false);
  });

  it('erasure by the purge only once the contract data may be erased: more than 3 years after the end (annex 5)', () => {
    // contract in force: its data are kept for the contract
    const running = checkRightsAnswer('erasure', 'purge', { on: '2027-04-01', purgeableFrom: null });
    expect(running).toMatchObject({ ok: false, article: 'annex 5' });
    // ended 30/03/2027: erasable from 31/03/2030
    const early = checkRightsAnswer('erasure', 'purge', { on: '2030-03-30', purgeableFrom: purgeableFrom('2027-03-30') });
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.reason).toMatch(/2030-03-31/);
    expect(checkRightsAnswer('erasure', 'purge', { on: '2030-03-31', purgeableFrom: purgeableFrom('2027-03-30') }).ok).toBe(true);
    // erasure refused during the contract is an answer too
    expect(checkRightsAnswer('erasure', 'refused', { on: '2027-04-01', purgeableFrom: null }).ok).toBe(true);
  });
});
