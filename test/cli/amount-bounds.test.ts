/**
 * Issue 28 item 8: an amount typed anywhere is at most 1 000 000,00 € (RULES.md §0): the
 * contract's largest figure is 1 500 €, and a price near 2^53 cents was accepted by `bill
 * prices set`, then the run and the exports died with "this is a bug".
 */
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { MAX_AMOUNT_CENTS } from '../../src/rules/money.js';
import { parseAmountField } from '../../src/csv/fields.js';
import { parseQuoteLine } from '../../src/rules/pro.js';

function memberDb(): { db: string; no: string } {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const no = String(insertMember(conn));
  conn.close();
  return { db, no };
}

describe('amounts are bounded (issue 28 item 8)', () => {
  it('bill prices set beyond 1 000 000,00 € (up to 2^53 cents − 1): exit 2 naming the bound, nothing recorded; the run bills as before', async () => {
    const { db } = memberDb();
    for (const eur of ['90071992547409.91', '90071992547409', '1000000.01', '1 000 000,01']) {
      const r = await cli(db, ['bill', 'prices', 'set', 'subscription', eur, '--from', '2027-03-01', '--announced', '2027-01-15'], { env: { LANG: 'C' } });
      expect(r.code, `${eur}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain('at most 1 000 000,00 €');
      expect(r.stderr).not.toContain('bug');
    }
    const fr = await cli(db, ['bill', 'prices', 'set', 'subscription', '2000000', '--from', '2027-03-01', '--announced', '2027-01-15'], {
      env: { LANG: 'fr_FR.UTF-8' },
    });
    expect(fr.code).toBe(2);
    expect(fr.stderr).toContain('au plus 1 000 000,00 €');
    const ok = await cli(db, ['--json', 'bill', 'prices', 'set', 'subscription', '1000000', '--from', '2027-03-01', '--announced', '2027-01-15']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json().ttc_cents).toBe(MAX_AMOUNT_CENTS);
    const run = await cli(db, ['--json', '--date', '2027-03-01', 'bill', 'run', '--month', '2027-03']);
    expect(run.code, run.stderr).toBe(0);
    const csv = await cli(db, ['bill', 'export', '--month', '2027-03', '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
  });

  it('payments and quote lines: the same bound (a candidate company’s revenue is not an amount billed: not bounded)', async () => {
    const { db } = memberDb();
    const pay = await cli(db, ['bill', 'pay', 'F2026-000001', '--amount', '1000000.01', '--method', 'transfer'], { env: { LANG: 'C' } });
    expect(pay.code).toBe(2);
    expect(pay.stderr).toContain('at most 1 000 000,00 €');
    expect(parseQuoteLine('Bornes;1000000,01')).toBeNull();
    expect(parseQuoteLine('Bornes;1000000,00')).toEqual({ label: 'Bornes', ttcCents: MAX_AMOUNT_CENTS });
    expect(parseAmountField('125 000 000,00')).toMatchObject({ ok: true, value: 12_500_000_000 });
  });
});
