/** Issue 11: mistakes are correctable — intervene cancel, member edit, candidate edit, bill prices revoke. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase, type Connection } from '../../src/db/connection.js';
import { pendingCharges } from '../../src/db/schema.js';
import { cli, tempDbPath } from '../helpers/cli.js';
import { insertMember } from '../helpers/intervention-fixtures.js';

let db: string;
let conn: Connection;
beforeEach(() => {
  db = tempDbPath();
  conn = openDatabase(db);
});
afterEach(() => conn.close());

const lastAudit = () => conn.sqlite.prepare('select entity, action, change from audit_log order by id desc limit 1').get() as { entity: string; action: string; change: string };

describe('intervene cancel ID', () => {
  it('an included visit gives its allowance back and leaves the list', async () => {
    const m = insertMember(conn, { postalCode: '59000', contractStart: '2026-01-15' });
    const no = String(m.memberNo);
    const a = await cli(db, ['--json', 'intervene', 'add', no, '--kind', 'technician', '--start', '2026-03-02T10:00', '--minutes', '60']);
    expect(a.code).toBe(0);
    const id = String(a.json().id);
    expect((await cli(db, ['--json', 'intervene', 'quota', no, '--date', '2026-03-03'])).json()).toMatchObject({ used: 1 });

    const refused = await cli(db, ['intervene', 'cancel', id, '--date', '2026-03-03']);
    expect(refused.code).toBe(2); // no terminal, no --yes
    const c = await cli(db, ['--json', 'intervene', 'cancel', id, '--reason', 'booked twice', '--date', '2026-03-03', '--yes']);
    expect(c.code).toBe(0);
    expect(c.json()).toMatchObject({ id: Number(id), allowance_given_back: true, pending_charge_removed: false, credit_note: null, cancelled_on: '2026-03-03' });
    expect((await cli(db, ['--json', 'intervene', 'quota', no, '--date', '2026-03-03'])).json()).toMatchObject({ used: 0 });
    expect((await cli(db, ['--json', 'intervene', 'list', no])).json()).toEqual([]);
    const audit = lastAudit();
    expect(audit).toMatchObject({ entity: 'intervention', action: 'cancel' });
    expect(JSON.parse(audit.change)).toMatchObject({ before: { id: Number(id), cancelledOn: null }, after: { cancelled_on: '2026-03-03' }, reason: 'booked twice' });

    const again = await cli(db, ['intervene', 'cancel', id, '--yes']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already cancelled on 2026-03-03/);
    expect((await cli(db, ['intervene', 'cancel', '999', '--yes'])).code).toBe(2);
  });

  it('a billed visit not yet invoiced: its pending charge disappears', async () => {
    const m = insertMember(conn, { postalCode: '75008' });
    const a = await cli(db, ['--json', 'intervene', 'add', String(m.memberNo), '--kind', 'technician', '--start', '2026-03-07T10:00', '--minutes', '130', '--out-of-hours']);
    const id = a.json().id as number;
    expect(conn.db.select().from(pendingCharges).where(eq(pendingCharges.interventionId, id)).all()).toHaveLength(1);
    const c = await cli(db, ['intervene', 'cancel', String(id), '--date', '2026-03-08', '--yes']);
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/will not be billed/);
    expect(conn.db.select().from(pendingCharges).where(eq(pendingCharges.interventionId, id)).all()).toEqual([]);
  });

  it('an invoiced charge is cancelled by a credit note on its invoice', async () => {
    const m = insertMember(conn, { postalCode: '75008', contractStart: '2026-01-15' });
    const a = await cli(db, ['--json', 'intervene', 'add', String(m.memberNo), '--kind', 'technician', '--start', '2026-03-07T10:00', '--minutes', '130', '--out-of-hours']);
    const id = a.json().id as number;
    const run = await cli(db, ['--json', 'bill', 'run', '--month', '2026-04', '--date', '2026-03-10']);
    expect(run.code).toBe(0);
    const line = conn.sqlite
      .prepare('select i.number, l.ttc_cents from pending_charges p join invoice_lines l on l.id = p.invoice_line_id join invoices i on i.id = l.invoice_id where p.intervention_id = ?')
      .get(id) as { number: string; ttc_cents: number };
    expect(line.ttc_cents).toBe(450_00);
    const c = await cli(db, ['--json', 'intervene', 'cancel', String(id), '--date', '2026-03-12', '--yes']);
    expect(c.code).toBe(0);
    const j = c.json();
    expect(j).toMatchObject({ pending_charge_removed: false, credited_cents: 450_00 });
    expect(j.credit_note).toMatch(/^A2026-/);
    const cn = conn.sqlite.prepare('select i.total_ttc_cents, r.number as refers from invoices i join invoices r on r.id = i.refers_to where i.number = ?').get(j.credit_note) as { total_ttc_cents: number; refers: string };
    expect(cn).toEqual({ total_ttc_cents: 450_00, refers: line.number });
  });
});
