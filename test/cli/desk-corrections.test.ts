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

const lastAudit = () =>
  conn.sqlite.prepare('select entity, action, change from audit_log order by id desc limit 1').get() as { entity: string; action: string; change: string };

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
    expect(c.json()).toMatchObject({
      id: Number(id),
      changed: true,
      allowance_given_back: true,
      pending_charge_removed: false,
      credit_note: null,
      cancelled_on: '2026-03-03',
    });
    expect((await cli(db, ['--json', 'intervene', 'quota', no, '--date', '2026-03-03'])).json()).toMatchObject({ used: 0 });
    expect((await cli(db, ['--json', 'intervene', 'list', no])).json()).toEqual([]);
    const audit = lastAudit();
    expect(audit).toMatchObject({ entity: 'intervention', action: 'cancel' });
    expect(JSON.parse(audit.change)).toMatchObject({
      before: { id: Number(id), cancelledOn: null },
      after: { cancelled_on: '2026-03-03' },
      reason: 'booked twice',
    });

    // cancelling it again changes nothing, and says so (exit 0, README): no second audit entry
    const entries = () => conn.sqlite.prepare("select count(*) as n from audit_log where entity = 'intervention' and action = 'cancel'").get() as { n: number };
    const again = await cli(db, ['intervene', 'cancel', id, '--yes', '--date', '2026-03-05']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`Intervention #${id} was already cancelled on 2026-03-03: nothing changed`));
    const againJson = await cli(db, ['--json', 'intervene', 'cancel', id, '--yes', '--date', '2026-03-05']);
    expect(againJson.json()).toMatchObject({ id: Number(id), changed: false, cancelled_on: '2026-03-03', allowance_given_back: false, credit_note: null });
    const againFr = await cli(db, ['intervene', 'cancel', id, '--yes'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(againFr.stdout).toMatch(/déjà été annulée le 03\/03\/2026 : rien n'a changé/);
    expect(entries().n).toBe(1);
    expect((await cli(db, ['intervene', 'cancel', '999', '--yes'])).code).toBe(2);
  });

  it('a billed visit not yet invoiced: its pending charge disappears', async () => {
    const m = insertMember(conn, { postalCode: '75008' });
    const a = await cli(db, [
      '--json',
      'intervene',
      'add',
      String(m.memberNo),
      '--kind',
      'technician',
      '--start',
      '2026-03-07T10:00',
      '--minutes',
      '130',
      '--out-of-hours',
    ]);
    const id = a.json().id as number;
    expect(conn.db.select().from(pendingCharges).where(eq(pendingCharges.interventionId, id)).all()).toHaveLength(1);
    const c = await cli(db, ['intervene', 'cancel', String(id), '--date', '2026-03-08', '--yes']);
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/will not be billed/);
    expect(conn.db.select().from(pendingCharges).where(eq(pendingCharges.interventionId, id)).all()).toEqual([]);
  });

  it('an invoiced charge is cancelled by a credit note on its invoice', async () => {
    const m = insertMember(conn, { postalCode: '75008', contractStart: '2026-01-15' });
    const a = await cli(db, [
      '--json',
      'intervene',
      'add',
      String(m.memberNo),
      '--kind',
      'technician',
      '--start',
      '2026-03-07T10:00',
      '--minutes',
      '130',
      '--out-of-hours',
    ]);
    const id = a.json().id as number;
    const run = await cli(db, ['--json', '--yes', 'bill', 'run', '--month', '2026-04', '--date', '2026-03-10']);
    expect(run.code).toBe(0);
    const line = conn.sqlite
      .prepare(
        'select i.number, l.ttc_cents from pending_charges p join invoice_lines l on l.id = p.invoice_line_id join invoices i on i.id = l.invoice_id where p.intervention_id = ?',
      )
      .get(id) as { number: string; ttc_cents: number };
    expect(line.ttc_cents).toBe(450_00);
    const c = await cli(db, ['--json', 'intervene', 'cancel', String(id), '--date', '2026-03-12', '--yes']);
    expect(c.code).toBe(0);
    const j = c.json();
    expect(j).toMatchObject({ pending_charge_removed: false, credited_cents: 450_00 });
    expect(j.credit_note).toMatch(/^A2026-/);
    const cn = conn.sqlite
      .prepare('select i.total_ttc_cents, r.number as refers from invoices i join invoices r on r.id = i.refers_to where i.number = ?')
      .get(j.credit_note) as { total_ttc_cents: number; refers: string };
    expect(cn).toEqual({ total_ttc_cents: 450_00, refers: line.number });
  });
});

describe('bill prices revoke ITEM --from DATE', () => {
  const subscriptionOn = async (date: string) =>
    (await cli(db, ['--json', 'bill', 'prices', '--date', date])).json<any[]>().find((x) => x.item === 'subscription');

  it('a change not yet in force is taken back: the old price applies again, audited', async () => {
    const set = await cli(db, [
      '--json',
      'bill',
      'prices',
      'set',
      'subscription',
      '260',
      '--from',
      '2027-03-01',
      '--announced',
      '2027-01-15',
      '--date',
      '2027-01-15',
    ]);
    expect(set.code).toBe(0);
    expect(await subscriptionOn('2027-03-01')).toMatchObject({ ttc_cents: 260_00 });

    const r = await cli(db, ['--json', 'bill', 'prices', 'revoke', 'subscription', '--from', '2027-03-01', '--date', '2027-01-20']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ item: 'subscription', ttc_cents: 260_00, effective_from: '2027-03-01', announced_on: '2027-01-15' });
    expect(await subscriptionOn('2027-03-01')).toMatchObject({ ttc_cents: 250_00 });
    expect((await subscriptionOn('2027-01-20')).next ?? null).toBeNull();

    const audit = lastAudit();
    expect(audit).toMatchObject({ entity: 'price', action: 'revoke' });
    expect(JSON.parse(audit.change)).toMatchObject({
      before: { item: 'subscription', ttc_cents: 260_00, effective_from: '2027-03-01', announced_on: '2027-01-15' },
      after: null,
    });

    // gone: revoking it again finds nothing (usage error, exit 2, code not_found)
    const again = await cli(db, ['--json', 'bill', 'prices', 'revoke', 'subscription', '--from', '2027-03-01', '--date', '2027-01-21']);
    expect(again.code).toBe(2);
    expect(again.json().error.code).toBe('not_found');
  });

  it('a change already in force is refused (exit 3, art. 7.2), and the price stays', async () => {
    await cli(db, ['bill', 'prices', 'set', 'subscription', '260', '--from', '2027-03-01', '--announced', '2027-01-15']);
    for (const on of ['2027-03-01', '2027-04-10']) {
      const r = await cli(db, ['--json', 'bill', 'prices', 'revoke', 'subscription', '--from', '2027-03-01', '--date', on]);
      expect(r.code).toBe(3);
      expect(r.json().error).toMatchObject({ code: 'refused', article: '7.2' });
    }
    const human = await cli(db, ['bill', 'prices', 'revoke', 'subscription', '--from', '2027-03-01', '--date', '2027-03-02']);
    expect(human.code).toBe(3);
    expect(human.stderr).toMatch(/in force/);
    expect(human.stderr).toMatch(/7\.2/);
    expect(await subscriptionOn('2027-03-01')).toMatchObject({ ttc_cents: 260_00 });
    expect(conn.sqlite.prepare("select count(*) as n from audit_log where action = 'revoke'").get()).toEqual({ n: 0 });
  });

  it('a month already billed at the new date is refused (art. 7.2)', async () => {
    insertMember(conn, { postalCode: '75008', contractStart: '2026-01-15' });
    expect((await cli(db, ['bill', 'prices', 'set', 'subscription', '260', '--from', '2026-04-01', '--announced', '2026-02-15'])).code).toBe(0);
    expect((await cli(db, ['--json', '--yes', 'bill', 'run', '--month', '2026-04', '--date', '2026-03-10'])).code).toBe(0);
    const r = await cli(db, ['--json', 'bill', 'prices', 'revoke', 'subscription', '--from', '2026-04-01', '--date', '2026-03-12']);
    expect(r.code).toBe(3);
    expect(r.json().error).toMatchObject({ code: 'refused', article: '7.2' });
    expect(r.json().error.message).toMatch(/billing run has already billed 2026-04/);
    expect(await subscriptionOn('2026-04-01')).toMatchObject({ ttc_cents: 260_00 });
  });

  it('unknown date, unknown item, a withdrawal: usage errors (exit 2)', async () => {
    const none = await cli(db, ['--json', 'bill', 'prices', 'revoke', 'subscription', '--from', '2027-05-01', '--date', '2027-01-20']);
    expect(none.code).toBe(2);
    expect(none.json().error.code).toBe('not_found');
    expect((await cli(db, ['bill', 'prices', 'revoke', 'nonsense', '--from', '2027-05-01'])).code).toBe(2);
    expect((await cli(db, ['bill', 'prices', 'revoke', 'subscription'])).code).toBe(2);
    expect((await cli(db, ['bill', 'prices', 'withdraw', 'concierge_privilege', '--from', '2027-04-15', '--announced', '2027-01-15'])).code).toBe(0);
    const w = await cli(db, ['bill', 'prices', 'revoke', 'concierge_privilege', '--from', '2027-04-15', '--date', '2027-01-20']);
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/withdrawal/);
  });

  it('speaks French in a French locale', async () => {
    await cli(db, ['bill', 'prices', 'set', 'subscription', '260', '--from', '2027-03-01', '--announced', '2027-01-15']);
    const fr = { PARNASSE_LANG: 'fr' };
    const refused = await cli(db, ['bill', 'prices', 'revoke', 'subscription', '--from', '2027-03-01', '--date', '2027-03-05'], { env: fr });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/en vigueur/);
    const ok = await cli(db, ['bill', 'prices', 'revoke', 'subscription', '--from', '2027-03-01', '--date', '2027-02-01'], { env: fr });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/est révoqué/);
    expect(ok.stdout).toMatch(/01\/03\/2027/);
  });
});
