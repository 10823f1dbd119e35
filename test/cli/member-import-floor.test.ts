import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';

const fixtures = path.resolve(__dirname, '../../fixtures');

describe('member import: the first month billed follows the import date (--date), not the wall clock', () => {
  it('members imported on 10/03/2027 without billed_through: March is not billed, April is, once each', async () => {
    const db = path.join(tempDir(), 'club.db');
    const imp = await cli(db, ['--json', '--date', '2027-03-10', 'member', 'import', path.join(fixtures, 'members.csv')]);
    expect(imp.code, imp.stderr).toBe(0);
    const members = imp.json().inserted as number;
    expect(members).toBe(6);
    // the month of the import was billed by the previous system
    const march = await cli(db, ['--json', 'bill', 'run', '--month', '2027-03', '--date', '2027-03-11']);
    expect(march.code, march.stderr).toBe(0);
    expect(march.json().invoices).toBe(0);
    // April: one invoice per member billed monthly, one subscription line each (no catch-up of other months)
    const april = await cli(db, ['--json', 'bill', 'run', '--month', '2027-04', '--date', '2027-04-01']);
    expect(april.code, april.stderr).toBe(0);
    expect(april.json().invoices).toBeGreaterThan(0);
    expect(april.json().lines.subscription).toBeLessThanOrEqual(members);
  });
});
