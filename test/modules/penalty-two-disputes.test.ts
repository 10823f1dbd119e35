/**
 * Two disputes on one unpaid invoice, upheld months apart (living club seed 2017 × 36,
 * penaltiesOncePerEuroAndDay on 01/06/2028): each amount that re-enters starts its own 15-day
 * periods (RULES.md §6, issue 21 item 11) — once. No period of one re-entered amount may be
 * charged twice, whatever run comes after the second resolution.
 */
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { tempConnection, testActor as A } from '../helpers/db.js';
import { insertMember } from '../helpers/factory.js';
import { issue } from '../helpers/documents.js';
import { billingRun } from '../../src/billing/run.js';
import { openDispute, resolveDispute, setRate } from '../../src/collection/index.js';

const addMonths = (month: string, n: number): string => {
  const i = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};

it('two disputes upheld months apart: no penalty period charged twice on the invoice', () => {
  const conn = tempConnection();
  for (const s of ['2026-S2', '2027-S1', '2027-S2', '2028-S1', '2028-S2']) setRate(conn, A, s, 300);
  const no = insertMember(conn, { contractStart: '2026-11-01' });
  const f = issue(conn, no, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
  const acts: Record<string, () => void> = {
    '2027-06-16': () => void openDispute(conn, A, { number: f, amountCents: 2_110, on: '2027-06-16', reason: 'x' }),
    '2027-07-14': () => void openDispute(conn, A, { number: f, amountCents: 13_403, on: '2027-07-14', reason: 'x' }),
    '2027-11-03': () => void resolveDispute(conn, A, { id: 2, outcome: 'upheld', on: '2027-11-03' }),
    '2028-05-25': () => void resolveDispute(conn, A, { id: 1, outcome: 'upheld', on: '2028-05-25' }),
  };
  const days = Object.keys(acts);
  for (let m = '2027-01'; m <= '2028-07'; m = addMonths(m, 1)) {
    for (const d of days) if (d.slice(0, 7) === addMonths(m, -1)) acts[d]!();
    billingRun(conn, A, { month: m, date: `${m}-01` });
  }
  const lines = conn.db.all<{ label: string; number: string }>(
    sql`select l.label, i.number from invoice_lines l join invoices i on i.id = l.invoice_id where l.kind = 'penalty' and l.label like ${`%${f}%`} order by l.id`,
  );
  const periods = lines.map((l) => /période du (\S+) au (\S+)/.exec(l.label)![0]);
  const twice = periods.filter((p, k) => periods.indexOf(p) !== k);
  expect(lines.length).toBeGreaterThan(10);
  expect(twice, lines.map((l) => `${l.number} ${l.label}`).join('\n')).toEqual([]);
  conn.close();
});
