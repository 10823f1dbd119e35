import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { writeTx } from '../../src/db/audit.js';
import { insertCandidacy, insertMember } from '../helpers/factory.js';
import { issueInvoice, memberIdOf } from '../../src/invoicing/index.js';
import { testActor } from '../helpers/db.js';

/** A member with one 250,00 € invoice issued 01/12/2026 (pay-by 11/12). */
function withInvoice(): string {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const id = memberIdOf(conn.db, insertMember(conn));
  writeTx(conn, (tx) =>
    issueInvoice(tx, testActor, {
      memberId: id,
      issuedOn: '2026-12-01',
      lines: [{ kind: 'subscription', label: 'Offre Parnasse Intérieur', period: '2026-12', ttcCents: 25000 }],
    }),
  );
  conn.close();
  return db;
}

describe('bill dispute / resolve (art. 7.3.6)', () => {
  it('a partial dispute upheld: suspended, then due at once; bill show lists it', async () => {
    const db = withInvoice();
    const d = await cli(db, ['--json', 'bill', 'dispute', 'F2026-000001', '--amount', '90', '--reason', 'extra site never installed', '--date', '2026-12-05']);
    expect(d.code).toBe(0);
    expect(d.json()).toEqual({ id: 1, invoice: 'F2026-000001', amount_cents: 9000, status: 'open', opened_on: '2026-12-05' });
    const s = (await cli(db, ['--json', 'bill', 'show', 'F2026-000001', '--date', '2026-12-12'])).json();
    expect(s).toMatchObject({
      contested_cents: 9000,
      outstanding_cents: 25000,
      late: true,
      status: 'late',
      disputes: [{ id: 1, amount_cents: 9000, status: 'open' }],
    });
    // more than what is left uncontested, a paid invoice, a credit note: refused
    expect((await cli(db, ['bill', 'dispute', 'F2026-000001', '--amount', '160.01', '--reason', 'x', '--date', '2026-12-05'])).code).toBe(3);
    const up = await cli(db, ['--json', 'bill', 'resolve', '1', '--upheld', '--date', '2026-12-20']);
    expect(up.code).toBe(0);
    expect(up.json()).toMatchObject({ status: 'upheld', resolved_on: '2026-12-20', credit_note: null });
    // as of the 15th the dispute was still open
    expect((await cli(db, ['--json', 'bill', 'show', 'F2026-000001', '--date', '2026-12-15'])).json().disputes[0].status).toBe('open');
    expect((await cli(db, ['--json', 'bill', 'show', 'F2026-000001', '--date', '2026-12-20'])).json()).toMatchObject({ contested_cents: 0 });
    expect((await cli(db, ['bill', 'resolve', '1', '--granted', '--date', '2026-12-21', '--yes'])).code).toBe(3);
    expect((await cli(db, ['bill', 'resolve', '9', '--upheld', '--date', '2026-12-21'])).code).toBe(2);
    expect((await cli(db, ['bill', 'resolve', '1', '--date', '2026-12-21'])).code).toBe(2);
    expect((await cli(db, ['db', 'check'])).code).toBe(0);
  });

  it('a dispute granted: a credit note cancels it; a dispute on a credit note or a paid invoice is refused', async () => {
    const db = withInvoice();
    expect((await cli(db, ['bill', 'dispute', 'F2026-000001', '--amount', '250', '--reason', 'never delivered', '--date', '2026-12-05'])).code).toBe(0);
    expect((await cli(db, ['bill', 'resolve', '1', '--granted', '--date', '2026-12-10'])).code).toBe(2); // no --yes, no terminal
    const g = await cli(db, ['--json', 'bill', 'resolve', '1', '--granted', '--date', '2026-12-10', '--yes']);
    expect(g.json()).toMatchObject({ status: 'granted', credit_note: 'A2026-000001' });
    expect((await cli(db, ['--json', 'bill', 'show', 'F2026-000001', '--date', '2026-12-30'])).json()).toMatchObject({
      status: 'credited',
      outstanding_cents: 0,
      late: false,
    });
    const onCn = await cli(db, ['bill', 'dispute', 'A2026-000001', '--amount', '1', '--reason', 'x', '--date', '2026-12-11']);
    expect(onCn.code).toBe(3);
    expect(onCn.stderr).toContain('7.3.6');
    expect((await cli(db, ['bill', 'dispute', 'F2026-000001', '--amount', '1', '--reason', 'x', '--date', '2026-12-11'])).code).toBe(3);
    expect((await cli(db, ['bill', 'dispute', 'F2026-000099', '--amount', '1', '--reason', 'x', '--date', '2026-12-11'])).code).toBe(2);
    expect((await cli(db, ['db', 'check'])).code).toBe(0);
  });
});

describe('bill rates', () => {
  it('lists the seeded table, sets a semester, refuses malformed input', async () => {
    const db = tempDbPath();
    const list = (await cli(db, ['--json', '--date', '2026-03-01', 'bill', 'rates'])).json<any[]>();
    expect(list.find((r) => r.semester === '2025-S2')).toMatchObject({ rate: '2.76', rate_bp: 276, used: false });
    expect(list.find((r) => r.semester === '2026-S2')).toBeUndefined();
    const set = await cli(db, ['--json', 'bill', 'rates', 'set', '2026-S2', '2,75']);
    expect(set.code).toBe(0);
    expect(set.json()).toMatchObject({ semester: '2026-S2', rate_bp: 275 });
    expect((await cli(db, ['bill', 'rates', 'set', '2026-S3', '2.75'])).code).toBe(2);
    expect((await cli(db, ['bill', 'rates', 'set', '2026-S2', '101'])).code).toBe(2);
    expect((await cli(db, ['bill', 'rates', 'set', '2026-S2', '2.5.1'])).code).toBe(2);
    expect((await cli(db, ['--json', 'bill', 'rates', 'list'])).json<any[]>().find((r) => r.semester === '2026-S2').rate).toBe('2.75');
    const fr = await cli(db, ['bill', 'rates'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stdout).toContain('Taux de l’intérêt légal');
  });
});

describe('chronological numbering (CGI art. 242 nonies A) and refunds', () => {
  it('notify on the 3rd then the 2nd: the second is refused, nothing written', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const a = insertCandidacy(conn);
    const b = insertCandidacy(conn);
    conn.close();
    for (const r of [a, b]) await cli(db, ['committee', 'decide', r, '--accept', '--date', '2026-12-01']);
    expect((await cli(db, ['committee', 'notify', a, '--date', '2026-12-03', '--yes'])).code).toBe(0);
    const late = await cli(db, ['committee', 'notify', b, '--date', '2026-12-02', '--yes']);
    expect(late.code).toBe(3);
    expect(late.stderr).toContain('242 nonies A');
    // it says which date would work (issue 24)
    expect(late.stderr).toContain('--date 2026-12-03');
    const fr = await cli(db, ['committee', 'notify', b, '--date', '2026-12-02', '--yes'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stderr).toContain('le 03/12/2026 ou après (--date 03/12/2026)');
    expect((await cli(db, ['--json', 'bill', 'list'])).json<any[]>()).toHaveLength(1);
    expect((await cli(db, ['db', 'check'])).code).toBe(0);
  });

  it('db check catches a series whose dates go backwards', async () => {
    const db = withInvoice();
    const conn = openDatabase(db);
    conn.sqlite.exec("drop trigger invoices_no_update; update invoices set issued_on = '2026-12-31' where number = 'F2026-000001'");
    const id = memberIdOf(conn.db, 1);
    conn.close();
    void id;
    const c2 = openDatabase(db);
    writeTx(c2, (tx) => issueInvoice(tx, testActor, { memberId: 1, issuedOn: '2026-12-31', lines: [{ kind: 'subscription', label: 'x', ttcCents: 100 }] }));
    c2.sqlite.exec("update invoices set issued_on = '2026-12-02' where number = 'F2026-000002'");
    c2.close();
    const r = await cli(db, ['db', 'check']);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/not chronological/);
  });

  it('a credit note on a paid invoice: refund part, db check passes; refund beyond the credit refused', async () => {
    const db = withInvoice();
    expect((await cli(db, ['bill', 'pay', 'F2026-000001', '--amount', '250', '--method', 'sepa', '--date', '2026-12-05'])).code).toBe(0);
    expect((await cli(db, ['bill', 'refund', 'F2026-000001', '--amount', '10', '--date', '2026-12-06'])).code).toBe(3);
    expect((await cli(db, ['bill', 'credit', 'F2026-000001', '--amount', '90', '--reason', 'x', '--date', '2026-12-08', '--yes'])).code).toBe(0);
    const r = await cli(db, ['--json', 'bill', 'refund', 'F2026-000001', '--amount', '50', '--date', '2026-12-09']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ amount_cents: 5000, credit_left_cents: 4000, method: 'transfer' });
    expect((await cli(db, ['bill', 'refund', 'F2026-000001', '--amount', '40.01', '--date', '2026-12-09'])).code).toBe(3);
    expect((await cli(db, ['bill', 'refund', 'A2026-000001', '--amount', '1', '--date', '2026-12-09'])).code).toBe(3);
    expect((await cli(db, ['--json', 'bill', 'show', 'F2026-000001', '--date', '2026-12-09'])).json()).toMatchObject({ credit_cents: 4000, status: 'paid' });
    expect((await cli(db, ['db', 'check'])).code).toBe(0);
  });
});
