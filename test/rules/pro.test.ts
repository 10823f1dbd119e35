import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  brickAllowed,
  brickEndOn,
  brickMonths,
  brickRemovalAllowed,
  brickWindowUntil,
  equipmentAllowed,
  formatQuoteNumber,
  parseQuoteLine,
  parseServices,
  proAllowed,
  quoteAllowed,
  quoteAnswerAllowed,
  quoteDateAllowed,
  quoteTotals,
  studyOrderAllowed,
  studyResultAllowed,
  worksDoneAllowed,
} from '../../src/rules/pro.js';
import { addDays, daysInMonth, monthOf, nextMonth } from '../../src/rules/dates.js';

const noBasis = { works: null, agreedOn: null, study: null };

describe('Univers Pro rules (art. 5.12)', () => {
  it('is for company members only (art. 5.12)', () => {
    expect(proAllowed({ memberNo: 3, kind: 'company' })).toMatchObject({ ok: true, article: '5.12' });
    expect(proAllowed({ memberNo: 3, kind: 'person' })).toMatchObject({ ok: false, article: '5.12' });
  });

  it('study outcomes: recorded once, "needs a specialist" may be completed; a quote needs a feasible study (art. 5.12.2)', () => {
    expect(studyResultAllowed(null, 1).ok).toBe(true);
    expect(studyResultAllowed('needs_specialist', 1).ok).toBe(true);
    expect(studyResultAllowed('feasible', 1)).toMatchObject({ ok: false, article: '5.12.2' });
    expect(quoteAllowed({ id: 1, result: 'feasible' }).ok).toBe(true);
    for (const r of [null, 'not_feasible', 'needs_specialist']) expect(quoteAllowed({ id: 1, result: r })).toMatchObject({ ok: false, article: '5.12.2' });
    expect(parseServices('wifi_public, security,wifi_public')).toEqual({ services: ['wifi_public', 'security'], unknown: [] });
    expect(parseServices('wifi,server')).toEqual({ services: ['server'], unknown: ['wifi'] });
  });

  it('a quote of 1 200,00 + 450,00 + 89,90 € TTC: HT per line half-up, VAT = TTC − HT', () => {
    const lines = ['Bornes Wi-Fi;1 200,00', 'Routeur;450', 'Configuration;89,90'].map((l) => parseQuoteLine(l)!);
    expect(lines.map((l) => l.ttcCents)).toEqual([120000, 45000, 8990]);
    const q = quoteTotals(lines);
    // 120000/1.2 = 100000; 45000/1.2 = 37500; 8990/1.2 = 7491.67 → 7492
    expect(q.lines.map((l) => [l.htCents, l.vatCents])).toEqual([
      [100000, 20000],
      [37500, 7500],
      [7492, 1498],
    ]);
    expect(q).toMatchObject({ ttcCents: 173990, htCents: 144992, vatCents: 28998 });
    expect(parseQuoteLine('Câblage; RJ45;12,5')).toEqual({ label: 'Câblage; RJ45', ttcCents: 1250 });
    for (const bad of ['no amount', ';12', 'Label;0', 'Label;-3', 'Label;abc']) expect(parseQuoteLine(bad)).toBeNull();
    expect(formatQuoteNumber(2027, 1)).toBe('D2027-000001');
  });

  it('quotes: numbered in date order, answered once, accepted within validity; works once, on a works order', () => {
    expect(quoteDateAllowed('2027-01-10', { number: 'D2027-000002', issuedOn: '2027-01-11' }).ok).toBe(false);
    expect(quoteDateAllowed('2027-01-11', { number: 'D2027-000002', issuedOn: '2027-01-11' }).ok).toBe(true);
    const q = { number: 'D2027-000001', status: 'pending', validUntil: '2027-02-20' };
    expect(quoteAnswerAllowed(q, '2027-02-20', true).ok).toBe(true);
    expect(quoteAnswerAllowed(q, '2027-02-21', true)).toMatchObject({ ok: false, article: '5.12.2' });
    expect(quoteAnswerAllowed(q, '2027-02-21', false).ok).toBe(true);
    expect(quoteAnswerAllowed({ ...q, status: 'accepted' }, '2027-02-01', false).ok).toBe(false);
    expect(worksDoneAllowed({ number: 'D', status: 'accepted' }).ok).toBe(true);
    expect(worksDoneAllowed({ number: 'D', status: 'pending' }).ok).toBe(false);
    expect(worksDoneAllowed({ number: 'D', status: 'done' }).ok).toBe(false);
  });

  it('equipment limits (art. 5.12.3.1): ≤ 3 access points, ≤ 2 switches, ≤ 2 routers', () => {
    const none = { accessPoints: null, switches: null, routers: null };
    expect(equipmentAllowed({ ...none, accessPoints: 3 }).ok).toBe(true);
    expect(equipmentAllowed({ ...none, accessPoints: 4 })).toMatchObject({ ok: false, article: '5.12.3.1' });
    expect(equipmentAllowed({ ...none, switches: 2, routers: 2 }).ok).toBe(true);
    expect(equipmentAllowed({ ...none, switches: 3 })).toMatchObject({ ok: false, article: '5.12.3.1' });
    expect(equipmentAllowed({ ...none, routers: 3 })).toMatchObject({ ok: false, article: '5.12.3.1' });
  });

  it('a brick: with the works order, 2 months after the installation allowed, 4 months refused without an exchange or a study (art. 5.12.4)', () => {
    const done = { number: 'D2027-000001', status: 'done', doneOn: '2027-01-15' };
    expect(brickAllowed({ ...noBasis, on: '2027-01-05', works: { ...done, status: 'accepted', doneOn: null } })).toMatchObject({
      ok: true,
      value: { basis: 'works' },
    });
    expect(brickAllowed({ ...noBasis, on: '2027-03-15', works: done })).toMatchObject({ ok: true, article: '5.12.4', value: { basis: 'works' } });
    expect(brickWindowUntil('2027-01-15')).toBe('2027-04-15');
    expect(brickAllowed({ ...noBasis, on: '2027-04-15', works: done }).ok).toBe(true);
    const late = brickAllowed({ ...noBasis, on: '2027-05-15', works: done });
    expect(late).toMatchObject({ ok: false, article: '5.12.4' });
    expect(brickAllowed({ ...noBasis, on: '2027-05-15', works: done, agreedOn: '2027-05-02' })).toMatchObject({ ok: true, value: { basis: 'agreed' } });
    expect(brickAllowed({ ...noBasis, on: '2027-05-15', works: done, agreedOn: '2027-05-20' })).toMatchObject({ ok: false, article: '5.12.4' });
    // no works at all: an exchange or a feasible study
    expect(brickAllowed({ ...noBasis, on: '2027-05-15' })).toMatchObject({ ok: false, article: '5.12.4' });
    expect(brickAllowed({ ...noBasis, on: '2027-05-15', study: { id: 4, result: 'feasible' } })).toMatchObject({ ok: true, value: { basis: 'study' } });
    expect(brickAllowed({ ...noBasis, on: '2027-05-15', study: { id: 4, result: null } })).toMatchObject({ ok: false, article: '5.12.4' });
    // a refused or pending quote is no works order
    expect(brickAllowed({ ...noBasis, on: '2027-01-05', works: { ...done, status: 'refused', doneOn: null } })).toMatchObject({ ok: false, article: '5.12.4' });
  });

  it('60,00 € from 10/03/2027: 42,58 € for March (22/31), removed on 15/05/2027: May in full, nothing from June (art. 5.12.5)', () => {
    expect(brickEndOn('2027-05-15', '2027-03-10')).toBe('2027-05-31');
    const d = brickRemovalAllowed({ brick: 'wifi_public', startOn: '2027-03-10', requestedEndOn: null }, '2027-05-15');
    expect(d).toMatchObject({ ok: true, article: '5.12.5', value: { endOn: '2027-05-31' } });
    expect(brickRemovalAllowed({ brick: 'wifi_public', startOn: '2027-03-10', requestedEndOn: '2027-05-15' }, '2027-05-20').ok).toBe(false);
    expect(brickMonths({ priceCents: 6000, startOn: '2027-03-10', endOn: '2027-05-31' }, '2027-08')).toEqual([
      { month: '2027-03', cents: 4258 },
      { month: '2027-04', cents: 6000 },
      { month: '2027-05', cents: 6000 },
    ]);
    // a request before the start: the first (started) month is due
    expect(brickEndOn('2027-02-20', '2027-03-10')).toBe('2027-03-31');
  });

  it('property: a removed brick is billed from its start month through the month of the request, every month in full but the prorated first', () => {
    const day = fc.integer({ min: 0, max: 3 * 365 }).map((n) => addDays('2027-01-01', n));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500_000 }), day, fc.integer({ min: -40, max: 500 }), (price, startOn, after) => {
        const requestedOn = addDays(startOn, after);
        const endOn = brickEndOn(requestedOn, startOn);
        const months = brickMonths({ priceCents: price, startOn, endOn }, '2031-12');
        expect(months[0]!.month).toBe(monthOf(startOn));
        expect(months.at(-1)!.month).toBe(monthOf(requestedOn < startOn ? startOn : requestedOn));
        for (let i = 1; i < months.length; i++) {
          expect(months[i]!.month).toBe(nextMonth(months[i - 1]!.month));
          expect(months[i]!.cents).toBe(price);
        }
        const dim = daysInMonth(monthOf(startOn));
        const served = dim - Number(startOn.slice(8)) + 1;
        expect(months[0]!.cents).toBe(Math.round((price * served) / dim));
        expect(months[0]!.cents).toBeLessThanOrEqual(price);
      }),
    );
  });

  it('property: quote totals — HT + VAT = TTC, each line HT = round(TTC / 1.2)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 20 }), (ttcs) => {
        const q = quoteTotals(ttcs.map((c, i) => ({ label: `l${i}`, ttcCents: c })));
        expect(q.htCents + q.vatCents).toBe(q.ttcCents);
        expect(q.ttcCents).toBe(ttcs.reduce((a, b) => a + b, 0));
        q.lines.forEach((l, i) => {
          expect(l.htCents).toBe(Math.round(ttcs[i]! / 1.2 + 1e-9));
          expect(l.htCents + l.vatCents).toBe(ttcs[i]);
        });
        expect(q.htCents).toBe(q.lines.reduce((a, l) => a + l.htCents, 0));
      }),
    );
  });
});

describe('who may order a study on quote (art. 4, 5.4.2, 5.12)', () => {
  const person = { memberNo: 7, kind: 'person', contractStart: '2027-01-04' };
  const company = { ...person, kind: 'company' };

  it('Univers Pro services: a company member only (art. 5.12)', () => {
    expect(studyOrderAllowed(['wifi_public'], company, [])).toEqual({ ok: true, article: '5.12' });
    expect(studyOrderAllowed(['wifi_public'], person, [])).toMatchObject({ ok: false, article: '5.12' });
  });

  it('a device outside the list of art. 5.4.2: any member, a prior study that may be billed', () => {
    expect(studyOrderAllowed(['device_study'], person, [])).toEqual({ ok: true, article: '5.4.2' });
  });

  it('connection/installation (art. 4): only with an Orange subscription taken at the same time as the Offer (within a month of the contract start)', () => {
    expect(studyOrderAllowed(['connection'], person, ['2027-01-04'])).toEqual({ ok: true, article: '4' });
    expect(studyOrderAllowed(['connection'], person, ['2026-12-04'])).toEqual({ ok: true, article: '4' });
    expect(studyOrderAllowed(['connection'], person, ['2027-02-04'])).toEqual({ ok: true, article: '4' });
    const old = studyOrderAllowed(['connection'], person, ['2026-12-03']);
    expect(old).toMatchObject({ ok: false, article: '4' });
    expect(studyOrderAllowed(['connection'], person, ['2027-02-05'])).toMatchObject({ ok: false, article: '4' });
    expect(studyOrderAllowed(['connection'], person, [])).toMatchObject({ ok: false, article: '4' });
    // mixed with Univers Pro: each service's rule
    expect(studyOrderAllowed(['connection', 'network'], person, ['2027-01-04'])).toMatchObject({ ok: false, article: '5.12' });
  });

  it('the study services parse with the Univers Pro ones', () => {
    expect(parseServices('connection,device_study')).toEqual({ services: ['connection', 'device_study'], unknown: [] });
  });
});
