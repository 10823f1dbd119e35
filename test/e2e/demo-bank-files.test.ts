/**
 * Issue 25: the walk-through's month ends with the bank's files in — a camt.054 return and a
 * camt.053 statement of transfers — and the accountant's FEC out. The two bank files in
 * fixtures/ are what test/helpers/demo-bank-files.ts generates (byte for byte; run with
 * `UPDATE_FIXTURES=1` to write them again) and are valid against the ISO v12 schemas; the
 * walk-through applies them (the statement twice: nothing doubled) and its FEC carries them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { validateCamt } from '../helpers/camt.js';
import { buildDemoDb } from '../helpers/demo-db.js';
import { demoBankFiles } from '../helpers/demo-bank-files.js';

describe('the walk-through’s bank files (issue 25)', () => {
  it('fixtures/camt05x-2026-12.xml are the generator’s, byte for byte, and valid against camt.053/054.001.12', () => {
    for (const [name, text] of Object.entries(demoBankFiles())) {
      const file = path.join('fixtures', name);
      if (process.env.UPDATE_FIXTURES) fs.writeFileSync(file, text);
      expect(fs.readFileSync(file, 'utf8'), name).toBe(text);
      validateCamt(text, name.startsWith('camt053') ? '053' : '054');
    }
    // the README's lines are lines of the files
    expect(fs.readFileSync('fixtures/camt054-2026-12.xml', 'utf8')).toContain('<Cd>AM04</Cd>\n');
    expect(fs.readFileSync('fixtures/camt053-2026-12.xml', 'utf8')).toContain('<Ustrd>Cotisation decembre F2026-000005</Ustrd>\n');
  });

  it('the walk-through: the return applied, the statement’s transfers recorded once, the FEC carries them, db check passes', async () => {
    const demo = await buildDemoDb();
    expect(demo.unread).toEqual([]);
    const returns = demo.ran.filter((r) => r.argv.includes('returns'));
    const imports = demo.ran.filter((r) => r.argv.includes('payments'));
    expect(returns).toHaveLength(1);
    expect(imports).toHaveLength(3); // --dry-run, then twice
    for (const r of [...returns, ...imports]) expect(r.code, r.stderr).toBe(0);
    // the transfer of F2026-000005 closes member 503's non-payment procedure: the import says so, as bill pay does
    expect(imports[1]!.stdout.replace(/\s+/g, ' ')).toContain('the non-payment procedure of member 503 is closed (art. 7.3.8)');
    expect(imports[0]!.stdout.replace(/\s+/g, ' ')).toContain('the non-payment procedure of member 503 is closed (art. 7.3.8)');

    const json = async (args: string[]) => (await cli(demo.db, ['--json', ...args])).json();
    expect(await json(['--date', '2026-12-31', 'bill', 'show', 'F2026-000010'])).toMatchObject({ status: 'late', paid_cents: 0 });
    expect(await json(['--date', '2026-12-31', 'bill', 'show', 'F2026-000005'])).toMatchObject({
      status: 'paid',
      payments: [{ amount_cents: 25_000, paid_on: '2026-12-15', method: 'transfer' }],
    });
    expect(await json(['--date', '2026-12-31', 'bill', 'show', 'F2026-000007'])).toMatchObject({
      status: 'paid',
      payments: [{ amount_cents: 25_000, paid_on: '2026-12-15', method: 'transfer' }],
    });
    // the statement a fourth time: nothing new; the gift, left for the Desk by the first import, stays the Desk's
    const again = await json(['--date', '2026-12-16', 'bill', 'payments', 'import', 'fixtures/camt053-2026-12.xml']);
    expect(again).toMatchObject({
      transactions: 8,
      recorded_count: 0,
      skipped_count: 8,
      unknown_count: 0,
    });
    expect(again.skipped.find((x: { reason: string }) => x.reason === 'listed_for_desk')).toMatchObject({ amount_cents: 8_000 });
    expect(again.skipped.map((x: { reason: string }) => x.reason).sort()).toEqual([
      'already_recorded',
      'already_recorded',
      'collection',
      'collection',
      'collection',
      'debit',
      'listed_for_desk',
      'return_recorded',
    ]);

    const fec = fs.readFileSync(path.join(demo.out, 'FEC-2026-12.txt'), 'utf8').split(/\r?\n/);
    const bank = fec.filter((l) => l.startsWith('BQ|') && l.includes('|F2026-000005|'));
    // the transfer credits member 503's receivable on its booking date
    const cols = (l: string) => l.split('|');
    expect(bank.some((l) => cols(l)[3] === '20261215' && cols(l)[4] === '411000' && cols(l)[11] === '0,00' && cols(l)[12] === '250,00')).toBe(true);
    // the README's line of the file is one of its lines
    const shown = /`(BQ\|Banque\|[^`]*F2026-000005[^`]*)`/.exec(fs.readFileSync('README.md', 'utf8'));
    expect(shown, 'the README shows a bank line of the FEC').not.toBeNull();
    expect(fec).toContain(shown![1]);
    // the return reverses the collection on its date
    expect(fec.some((l) => l.startsWith('BQ|') && l.includes('|F2026-000010|') && cols(l)[3] === '20261214')).toBe(true);
    expect((await cli(demo.db, ['db', 'check'])).code).toBe(0);
  }, 180_000);
});
