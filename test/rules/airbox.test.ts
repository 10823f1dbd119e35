import { describe, expect, it } from 'vitest';
import { airboxReplacement, airboxesDueBack } from '../../src/rules/membership.js';

describe('Airbox replacement (art. 5.5)', () => {
  const out = { serial: 'AB-2231', lentOn: '2026-12-15' };

  it('a faulty Airbox that cannot be repaired is replaced by Parnasse, at no charge to the member', () => {
    const d = airboxReplacement({ out, serialIn: 'AB-3001', on: '2027-02-10', misuse: false });
    expect(d).toEqual({ ok: true, article: '5.5', value: { payer: 'parnasse', memberChargeCents: 0 } });
  });

  it('after a use contrary to the contract, Parnasse does not intervene: refused, art. 5.5', () => {
    const d = airboxReplacement({ out, serialIn: 'AB-3001', on: '2027-02-10', misuse: true });
    expect(d.ok).toBe(false);
    expect(d.article).toBe('5.5');
    if (!d.ok) expect(d.reason).toMatch(/contrary to the contract/);
  });

  it('nothing to replace when no Airbox is lent; the new one must differ; not before the loan', () => {
    const none = airboxReplacement({ out: null, serialIn: 'AB-3001', on: '2027-02-10', misuse: false });
    expect(none).toMatchObject({ ok: false, article: '5.5' });
    const same = airboxReplacement({ out, serialIn: 'AB-2231', on: '2027-02-10', misuse: false });
    expect(same).toMatchObject({ ok: false, article: '5.5' });
    const early = airboxReplacement({ out, serialIn: 'AB-3001', on: '2026-12-14', misuse: false });
    expect(early).toMatchObject({ ok: false, article: '5.5' });
    expect(airboxReplacement({ out, serialIn: 'AB-3001', on: '2026-12-15', misuse: false }).ok).toBe(true);
  });

  it('the Airboxes due back (art. 10.4) are those lent and not returned: a replaced one is no longer due, its replacement is', () => {
    const boxes = [
      { serial: 'AB-2231', lentOn: '2026-12-15', returnedOn: '2027-02-10' },
      { serial: 'AB-3001', lentOn: '2027-02-10', returnedOn: null },
    ];
    expect(airboxesDueBack(boxes)).toEqual(['AB-3001']);
    expect(airboxesDueBack([{ serial: 'AB-3001', returnedOn: '2027-07-01' }])).toEqual([]);
  });
});
