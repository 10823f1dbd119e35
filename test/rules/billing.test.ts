/** The Desk's mistake cancelled or refused (src/rules/billing.ts, art. 7.3.4). */
import { describe, expect, it } from 'vitest';
import { checkCancelMistake } from '../../src/rules/billing.js';

describe('checkCancelMistake (art. 7.3.4)', () => {
  const opt = { kind: 'option' as const, member_no: '501', option: 'concierge_privilege' };
  it('a mistake not billed is cancelled; billed by an invoice or, imported with the contract, by the previous system: refused with 7.3.4', () => {
    expect(checkCancelMistake(opt, { startOn: '2027-01-10' }, { invoice: null, imported: null })).toMatchObject({ ok: true });
    expect(checkCancelMistake(opt, { startOn: '2027-01-10' }, { invoice: 'F2027-000003', imported: null })).toMatchObject({ ok: false, article: '7.3.4' });
    const imported = { billedThrough: '2026-12', contractStart: '2024-03-15' };
    expect(checkCancelMistake(opt, { startOn: '2024-03-15' }, { invoice: null, imported })).toMatchObject({ ok: false, article: '7.3.4' });
    // what the Desk adds after the import stays a mistake it may cancel
    expect(checkCancelMistake(opt, { startOn: '2027-01-10' }, { invoice: null, imported })).toMatchObject({ ok: true });
    expect(checkCancelMistake({ kind: 'site', member_no: '501', address_id: 3 }, { startOn: '2024-03-15' }, { invoice: null, imported })).toMatchObject({
      ok: false,
    });
  });
});
