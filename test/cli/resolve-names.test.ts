/**
 * Issue 24: `bill resolve` names its outcomes after what happens to the contested amount —
 * `--amount-due` (Parnasse confirms it: due at once) and `--cancel-amount` (the member is
 * right: a credit note cancels it); `--upheld` / `--granted` stay as hidden aliases.
 */
import { describe, expect, it } from 'vitest';
import { cli, scriptedPrompter, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { writeTx } from '../../src/db/audit.js';
import { insertMember } from '../helpers/factory.js';
import { issueInvoice, memberIdOf } from '../../src/invoicing/index.js';
import { testActor } from '../helpers/db.js';

/** A member with one 250,00 € invoice of 01/12/2026 and two disputes of 90 € and 60 €. */
async function withDisputes(): Promise<string> {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const id = memberIdOf(conn.db, insertMember(conn));
  writeTx(conn, (tx) =>
    issueInvoice(tx, testActor, {
      memberId: id,
      issuedOn: '2026-12-01',
      lines: [{ kind: 'subscription', label: 'Offre', period: '2026-12', ttcCents: 25000 }],
    }),
  );
  conn.close();
  for (const amount of ['90', '60'])
    expect((await cli(db, ['bill', 'dispute', 'F2026-000001', '--amount', amount, '--reason', 'x', '--date', '2026-12-05'])).code).toBe(0);
  return db;
}

describe('bill resolve: outcomes named after the amount (issue 24)', () => {
  it('--amount-due upholds, --cancel-amount grants (asked on a terminal, --yes without one)', async () => {
    const db = await withDisputes();
    const due = await cli(db, ['--json', 'bill', 'resolve', '1', '--amount-due', '--date', '2026-12-20']);
    expect(due.code, due.stderr).toBe(0);
    expect(due.json()).toMatchObject({ status: 'upheld', credit_note: null });
    expect((await cli(db, ['bill', 'resolve', '2', '--cancel-amount', '--date', '2026-12-20'])).code).toBe(2); // no terminal, no --yes
    const asked = scriptedPrompter([true]);
    const cancel = await cli(db, ['bill', 'resolve', '2', '--cancel-amount', '--date', '2026-12-20'], { tty: true, prompter: asked, env: { LANG: 'C' } });
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(asked.asked).toHaveLength(1);
    expect(
      (await cli(db, ['--json', 'bill', 'show', 'F2026-000001', '--date', '2026-12-21'])).json().disputes.map((d: { status: string }) => d.status),
    ).toEqual(['upheld', 'granted']);
  });

  it('the old flags still work, hidden from the help; the help names the new ones (en, fr)', async () => {
    const db = await withDisputes();
    expect((await cli(db, ['--json', 'bill', 'resolve', '1', '--upheld', '--date', '2026-12-20'])).json()).toMatchObject({ status: 'upheld' });
    expect((await cli(db, ['--json', 'bill', 'resolve', '2', '--granted', '--date', '2026-12-20', '--yes'])).json()).toMatchObject({ status: 'granted' });
    const en = (await cli(db, ['bill', 'resolve', '--help'], { env: { LANG: 'C' } })).stdout;
    const fr = (await cli(db, ['bill', 'resolve', '--help'], { env: { LANG: 'fr_FR.UTF-8' } })).stdout;
    for (const help of [en, fr]) {
      expect(help).toContain('--amount-due');
      expect(help).toContain('--cancel-amount');
      expect(help).not.toContain('--upheld');
      expect(help).not.toContain('--granted');
    }
    expect(en).toContain('due at once');
    expect(fr).toContain('dû aussitôt');
  });

  it('none or both: exit 2 naming the two (en, fr)', async () => {
    const db = await withDisputes();
    const none = await cli(db, ['bill', 'resolve', '1', '--date', '2026-12-20'], { env: { LANG: 'C' } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--amount-due');
    expect(none.stderr).toContain('--cancel-amount');
    const both = await cli(db, ['bill', 'resolve', '1', '--amount-due', '--granted', '--date', '2026-12-20'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--amount-due');
    expect(both.stderr).toContain('--cancel-amount');
  });
});
