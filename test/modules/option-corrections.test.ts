/**
 * Correcting a Desk mistake (issue 21 item 8): an extra site or option added by mistake is
 * cancelled (nothing billed, audited; refused once billed — then it is a removal), and a
 * quantity change is not "remove 3, add 5" (the member never pays 8 mailboxes).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Connection } from '../../src/db/connection.js';
import { tempConnection, testActor as A } from '../helpers/db.js';
import { insertMember } from '../helpers/factory.js';
import * as M from '../../src/membership/members.js';
import { billingRun } from '../../src/billing/run.js';
import { payAllInvoices } from '../helpers/billing.js';
import { RefusedError, UsageError } from '../../src/errors.js';

let conn: Connection;
let no: string;
let id: number;
beforeEach(() => {
  conn = tempConnection();
  no = String(insertMember(conn, { contractStart: '2026-06-01' }));
  id = conn.db.get<{ id: number }>(sql`select id from members where member_no = ${Number(no)}`).id;
  conn.sqlite.prepare("update members set entry_fee_paid_on = '2026-06-02' where id = ?").run(id);
});
afterEach(() => conn.close());

// each month's invoices paid on their day: no penalty gets in the way of what is measured
const run = (month: string) => {
  billingRun(conn, A, { month, date: `${month}-01` });
  payAllInvoices(conn);
};
const lines = (period: string) =>
  conn.db.all<{ kind: string; label: string; ttc_cents: number }>(
    sql`select l.kind, l.label, l.ttc_cents from invoice_lines l join invoices i on i.id = l.invoice_id
        where i.member_id = ${id} and l.period = ${period} and l.kind = 'option' order by l.id`,
  );
const audits = (action: string) => conn.db.all<{ change: string }>(sql`select change from audit_log where action = ${action}`);
const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return null;
};

describe('member address cancel / option cancel (a Desk mistake: art. 7.3.4 does not apply)', () => {
  it('an extra site added and cancelled the same day is never billed; the cancellation is audited', () => {
    const site = M.addExtraSite(conn, A, { memberNo: no, street: '3 quai Rambaud', postalCode: '69002', city: 'Lyon', subscriptions: 1, on: '2027-02-10' });
    const c = M.cancelExtraSite(conn, A, { memberNo: no, addressId: site.address_id, on: '2027-02-10' });
    expect(c).toMatchObject({ member_no: no, address_id: site.address_id, cancelled_on: '2027-02-10' });
    expect(audits('cancel_extra_site')).toHaveLength(1);
    expect(M.showMember(conn.db, no, '2027-02-10').extra_sites).toEqual([]);
    run('2027-02');
    run('2027-03');
    expect(lines('2027-02')).toEqual([]);
    expect(lines('2027-03')).toEqual([]);
  });

  it('even after `address remove` the same day, a cancel still bills nothing (not yet billed)', () => {
    const site = M.addExtraSite(conn, A, { memberNo: no, street: '3 quai Rambaud', postalCode: '69002', city: 'Lyon', subscriptions: 1, on: '2027-02-10' });
    M.removeExtraSite(conn, A, { memberNo: no, addressId: site.address_id, on: '2027-02-10' });
    M.cancelExtraSite(conn, A, { memberNo: no, addressId: site.address_id, on: '2027-02-10' });
    run('2027-02');
    expect(lines('2027-02')).toEqual([]);
  });

  it('once billed, a cancellation is refused (exit 3): it is a removal, billed through the month', () => {
    const site = M.addExtraSite(conn, A, { memberNo: no, street: '3 quai Rambaud', postalCode: '69002', city: 'Lyon', subscriptions: 1, on: '2027-02-10' });
    run('2027-02');
    const e = thrown(() => M.cancelExtraSite(conn, A, { memberNo: no, addressId: site.address_id, on: '2027-02-12' }));
    expect(e).toBeInstanceOf(RefusedError);
    expect((e as RefusedError).message).toMatch(/F2027-/);
    expect(audits('cancel_extra_site')).toHaveLength(0);
  });

  it("an extra site's invoice line names the site", () => {
    M.addExtraSite(conn, A, { memberNo: no, street: '3 quai Rambaud', postalCode: '69002', city: 'Lyon', subscriptions: 1, on: '2027-02-01' });
    run('2027-02');
    expect(lines('2027-02').map((l) => l.label)).toEqual(['Site supplémentaire — 3 quai Rambaud, 69002 Lyon']);
  });

  it('an option added and cancelled is never billed; an unknown or billed one is refused', () => {
    M.addOption(conn, A, { memberNo: no, option: 'concierge_privilege', qty: 1, on: '2027-02-10' });
    M.removeOption(conn, A, { memberNo: no, option: 'concierge_privilege', on: '2027-02-10' });
    const c = M.cancelOption(conn, A, { memberNo: no, option: 'concierge_privilege', on: '2027-02-10' });
    expect(c).toMatchObject({ option: 'concierge_privilege', cancelled_on: '2027-02-10' });
    expect(audits('cancel_option')).toHaveLength(1);
    run('2027-02');
    expect(lines('2027-02')).toEqual([]);
    expect(thrown(() => M.cancelOption(conn, A, { memberNo: no, option: 'concierge_privilege', on: '2027-02-11' }))).toBeInstanceOf(UsageError);
    M.addOption(conn, A, { memberNo: no, option: 'concierge_privilege', qty: 1, on: '2027-02-11' });
    run('2027-03');
    const e = thrown(() => M.cancelOption(conn, A, { memberNo: no, option: 'concierge_privilege', on: '2027-03-02' }));
    expect(e).toBeInstanceOf(RefusedError);
    expect((e as RefusedError).message).toMatch(/member option remove/);
  });
});

describe('member option set --qty (art. 7.3.4: units kept run on, units added from their day, units ended due through the month)', () => {
  it('3 → 5 mailboxes on 10/02: February 3 in full + 2 from the 10th, March 5; never 8', () => {
    M.addOption(conn, A, { memberNo: no, option: 'extra_mailbox', qty: 3, on: '2027-01-01' });
    run('2027-01');
    const r = M.setOptionQty(conn, A, { memberNo: no, option: 'extra_mailbox', qty: 5, on: '2027-02-10' });
    expect(r).toMatchObject({ option: 'extra_mailbox', qty_before: 3, qty: 5, from: '2027-02-10' });
    expect(audits('set_option_qty')).toHaveLength(1);
    run('2027-02');
    run('2027-03');
    // 12,00 € each: 3 × 1200 = 3600 for February, + 2 × 1200 × 19/28 = 1629 (10/02 → 28/02)
    expect(lines('2027-02').reduce((s, l) => s + l.ttc_cents, 0)).toBe(3600 + 1629);
    expect(lines('2027-03').reduce((s, l) => s + l.ttc_cents, 0)).toBe(6000);
    expect(M.showMember(conn.db, no, '2027-03-01').options.filter((o) => o.end_on === null)).toEqual([
      expect.objectContaining({ option: 'extra_mailbox', qty: 5 }),
    ]);
  });

  it('5 → 2 on 15/03: March 5 in full (the units ended are due through the month), April 2', () => {
    M.addOption(conn, A, { memberNo: no, option: 'extra_mailbox', qty: 5, on: '2027-01-01' });
    run('2027-01');
    run('2027-02');
    M.setOptionQty(conn, A, { memberNo: no, option: 'extra_mailbox', qty: 2, on: '2027-03-15' });
    run('2027-03');
    run('2027-04');
    expect(lines('2027-03').reduce((s, l) => s + l.ttc_cents, 0)).toBe(6000);
    expect(lines('2027-04').reduce((s, l) => s + l.ttc_cents, 0)).toBe(2400);
  });

  it('on the day the option started (not yet billed) the quantity is corrected in place; the same quantity changes nothing', () => {
    M.addOption(conn, A, { memberNo: no, option: 'extra_mailbox', qty: 3, on: '2027-02-10' });
    M.setOptionQty(conn, A, { memberNo: no, option: 'extra_mailbox', qty: 5, on: '2027-02-10' });
    expect(M.setOptionQty(conn, A, { memberNo: no, option: 'extra_mailbox', qty: 5, on: '2027-02-12' })).toMatchObject({ changed: false });
    run('2027-02');
    expect(lines('2027-02').reduce((s, l) => s + l.ttc_cents, 0)).toBe(Math.round((5 * 1200 * 19) / 28));
    // a quantity on an option held once is refused; the 50-mailbox bound holds
    M.addOption(conn, A, { memberNo: no, option: 'bitdefender', qty: 1, on: '2027-02-10' });
    expect(thrown(() => M.setOptionQty(conn, A, { memberNo: no, option: 'bitdefender', qty: 2, on: '2027-02-11' }))).toBeInstanceOf(UsageError);
    expect(thrown(() => M.setOptionQty(conn, A, { memberNo: no, option: 'extra_mailbox', qty: 51, on: '2027-02-11' }))).toBeInstanceOf(RefusedError);
  });
});

describe('on the command line (English and French, --json)', () => {
  it('address cancel, option cancel and option set: JSON documents, one line each language, exit 3 once billed', async () => {
    const { cli, tempDbPath } = await import('../helpers/cli.js');
    const { openDatabase } = await import('../../src/db/connection.js');
    const db = tempDbPath();
    const c = openDatabase(db);
    const n = String(insertMember(c, { contractStart: '2026-06-01' }));
    c.close();
    const site = (
      await cli(db, ['--json', 'member', 'address', 'add', n, '--street', '3 quai Rambaud', '--postal-code', '69002', '--city', 'Lyon', '--date', '2027-02-10'])
    ).json();
    const cancel = await cli(db, ['--json', 'member', 'address', 'cancel', n, String(site.address_id), '--date', '2027-02-10']);
    expect(cancel.code).toBe(0);
    expect(cancel.json()).toEqual({ member_no: n, address_id: site.address_id, added_on: '2027-02-10', cancelled_on: '2027-02-10', billed: false });
    expect((await cli(db, ['member', 'option', 'add', n, 'extra_mailbox', '--qty', '3', '--date', '2027-02-01'])).code).toBe(0);
    const set = await cli(db, ['member', 'option', 'set', n, 'extra_mailbox', '--qty', '5', '--date', '2027-02-10']);
    expect(set.stdout).toContain('3 → 5');
    const fr = await cli(db, ['member', 'option', 'cancel', n, 'extra_mailbox', '--date', '2027-02-10'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.code).toBe(0);
    expect(fr.stdout).toMatch(/Changement de quantité de extra_mailbox du membre \d+ annulé : la quantité 3 continue/);
    expect((await cli(db, ['--json', 'member', 'show', n, '--date', '2027-02-11'])).json().options).toEqual([
      expect.objectContaining({ option: 'extra_mailbox', qty: 3, end_on: null }),
    ]);
    expect((await cli(db, ['bill', 'run', '--month', '2027-02', '--date', '2027-02-11'])).code).toBe(0);
    const refused = await cli(db, ['member', 'option', 'cancel', n, 'extra_mailbox', '--date', '2027-02-12']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('art. 7.3.4');
    const refusedFr = await cli(db, ['member', 'option', 'cancel', n, 'extra_mailbox', '--date', '2027-02-12'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(refusedFr.stderr).toMatch(/déjà facturée/);
  });
});

describe('terminate option (art. 10.3.2): the mailbox options complete « Ma Messagerie Mail » (art. 5.7.1) and end by e-mail too', () => {
  it('a pack of 5 and extra mailboxes are ended by e-mail, billed through the month of the request', async () => {
    M.addOption(conn, A, { memberNo: no, option: 'mailbox_pack_5', qty: 1, on: '2027-01-01' });
    M.addOption(conn, A, { memberNo: no, option: 'extra_mailbox', qty: 2, on: '2027-01-01' });
    expect(M.terminateOption(conn, A, { memberNo: no, option: 'mailbox_pack_5', on: '2027-02-12' })).toMatchObject({
      option: 'mailbox_pack_5',
      requested_on: '2027-02-12',
      billed_until: '2027-02-28',
    });
    expect(M.terminateOption(conn, A, { memberNo: no, option: 'extra_mailbox', on: '2027-02-12' })).toMatchObject({ billed_until: '2027-02-28' });
    const { cli, tempDbPath } = await import('../helpers/cli.js');
    const { openDatabase } = await import('../../src/db/connection.js');
    const db = tempDbPath();
    const c = openDatabase(db);
    const n = String(insertMember(c, { contractStart: '2026-06-01' }));
    M.addOption(c, A, { memberNo: n, option: 'mailbox_pack_10', qty: 1, on: '2027-01-01' });
    c.close();
    const r = await cli(db, ['--json', 'terminate', 'option', n, 'mailbox_pack_10', '--date', '2027-02-12']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ option: 'mailbox_pack_10', billed_until: '2027-02-28' });
  });
});
