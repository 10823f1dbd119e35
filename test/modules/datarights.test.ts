import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Connection } from '../../src/db/connection.js';
import { tempConnection, testActor as A } from '../helpers/db.js';
import { insertMember } from '../helpers/factory.js';
import { audit, writeTx } from '../../src/db/audit.js';
import { issueInvoice, issueCreditNote, payInvoice } from '../../src/invoicing/index.js';
import * as M from '../../src/membership/members.js';
import * as T from '../../src/termination/index.js';
import { liabilityCap } from '../../src/liability/index.js';
import { addComplaint, closeComplaint, listComplaints } from '../../src/complaints/index.js';
import { purgeMembers, purgePlan } from '../../src/purge/index.js';
import { checkDatabase } from '../../src/invoicing/integrity.js';
import { RefusedError } from '../../src/errors.js';

let conn: Connection;
let no: string;
let memberId: number;
beforeEach(() => {
  conn = tempConnection();
  no = String(insertMember(conn, { contractStart: '2026-06-01', firstName: 'Hélène', lastName: 'Vasseur', email: 'helene@vasseur.fr' }));
  memberId = conn.db.get<{ id: number }>(sql`select id from members where member_no = ${Number(no)}`).id;
});
afterEach(() => conn.close());

const invoice = (issuedOn: string, ttcCents: number) =>
  writeTx(conn, (tx) =>
    issueInvoice(tx, A, {
      memberId,
      issuedOn,
      lines: [{ kind: 'subscription', label: `Abonnement ${issuedOn.slice(0, 7)}`, period: issuedOn.slice(0, 7), ttcCents }],
    }),
  );

describe('member cap (art. 11.1)', () => {
  it('invoiced in the 6 months before the incident; the year: 9 months before the last incident; credit notes deducted', () => {
    for (const m of ['2026-10', '2026-11', '2026-12', '2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06', '2027-07']) invoice(`${m}-01`, 25000);
    const jan = conn.db.get<{ id: number }>(sql`select id from invoices where issued_on = '2027-01-01'`).id;
    writeTx(conn, (tx) => issueCreditNote(tx, A, { invoiceId: jan, issuedOn: '2027-07-20', lines: [{ kind: 'credit', label: 'Avoir', ttcCents: 5000 }] }));
    // incident 15/07/2027: invoices of 01/02 … 01/07 (6 × 250 €), the credit note of 20/07 is after it
    const r = liabilityCap(conn.db, no, '2027-07-15');
    expect(r).toMatchObject({ incident_cap_cents: 150000, incident_window: { from: '2027-01-15', to: '2027-07-14' } });
    // 9 months before 15/07/2027: from 15/10/2026: 01/11 … 01/07 = 9 invoices
    expect(r.annual_cap_cents).toBe(225000);
    // a later incident of the year moves the annual window: 9 months before 30/11/2027, credit note deducted
    const two = liabilityCap(conn.db, no, '2027-07-15', ['2027-11-30']);
    expect(two).toMatchObject({ last_incident_on: '2027-11-30', annual_window: { from: '2027-02-28', to: '2027-11-29' }, annual_cap_cents: 5 * 25000 - 5000 });
  });
});

describe('complaints (art. 13)', () => {
  it('one month to answer; overdue listed; closed', () => {
    const c = addComplaint(conn, A, { memberNo: no, subject: 'Visite non effectuée', receivedOn: '2027-01-31', on: '2027-02-01' });
    expect(c).toMatchObject({ due_on: '2027-02-28', overdue: false });
    expect(listComplaints(conn.db, { overdue: true, on: '2027-02-28' })).toEqual([]);
    expect(listComplaints(conn.db, { overdue: true, on: '2027-03-01' })).toEqual([expect.objectContaining({ id: c.id, overdue: true })]);
    expect(() => addComplaint(conn, A, { memberNo: no, subject: 'x', receivedOn: '2026-01-01', on: '2027-02-01' })).toThrow(RefusedError);
    expect(closeComplaint(conn, A, { id: c.id, on: '2027-03-02', answer: 'Visite reprogrammée' })).toMatchObject({ closed_on: '2027-03-02', overdue: false });
    expect(() => closeComplaint(conn, A, { id: c.id, on: '2027-03-03', answer: null })).toThrow(/already answered/);
    expect(listComplaints(conn.db, { overdue: true, on: '2027-04-01' })).toEqual([]);
  });
});

describe('member purge (annex 5)', () => {
  it('entries written before issue 28 with the values on their command line: the purge empties the command too, the chain still verifies', () => {
    // an entry as `member edit NO --phone …` recorded it then: the phone number in the command
    writeTx(conn, (tx) =>
      audit(
        tx,
        { operator: 'desk', command: `parnasse member edit ${no} --phone 0699887766` },
        { entity: 'member', entityId: no, action: 'edit', change: { phone: { from: null, to: '0699887766' } } },
      ),
    );
    T.terminate(conn, A, { memberNo: no, reason: 'member_request', on: '2027-03-22', noticeDate: '2027-03-20' });
    expect(purgeMembers(conn, A, '2030-03-31').map((p) => p.member_no)).toEqual([no]);
    expect(conn.db.all(sql`select id from audit_log where command like '%0699887766%' or change like '%0699887766%'`)).toEqual([]);
    expect(conn.db.get<{ command: string }>(sql`select command from audit_log where entity = 'member' and action = 'edit'`).command).toBe('');
    const report = checkDatabase(conn);
    expect(report.problems).toEqual([]);
  });

  it('three years and one day after the end: contract data erased, invoices and db check intact', () => {
    const inv = invoice('2027-01-01', 25000);
    payInvoice(conn, A, { number: inv.number, amountCents: 25000, paidOn: '2027-01-05', method: 'sepa' });
    M.setDelegate(conn, A, { memberNo: no, name: 'Marc Vasseur', on: '2026-07-01' });
    M.addMobileLine(conn, A, { memberNo: no, number: '0611111111', plan: 'orange', on: '2026-07-01' });
    addComplaint(conn, A, { memberNo: no, subject: 'Débit', receivedOn: '2027-02-01', on: '2027-02-01' });
    T.terminate(conn, A, { memberNo: no, reason: 'member_request', on: '2027-03-22', noticeDate: '2027-03-20' });
    const other = insertMember(conn); // still a member: never purged

    expect(purgePlan(conn.db, '2030-03-30')).toEqual([]);
    const plan = purgePlan(conn.db, '2030-03-31');
    expect(plan).toEqual([expect.objectContaining({ member_no: no, ended_on: '2027-03-30', purgeable_from: '2030-03-31', invoices_kept: 1 })]);
    expect(plan[0]!.records).toMatchObject({ addresses: 1, delegates: 1, mobile_lines: 1, complaints: 1, members: 1 });
    // the plan wrote nothing
    expect(conn.db.get<{ n: number }>(sql`select count(*) as n from addresses where member_id = ${memberId}`).n).toBe(1);

    const done = purgeMembers(conn, A, '2030-03-31');
    expect(done.map((p) => p.member_no)).toEqual([no]);
    const m = conn.db.get<Record<string, unknown>>(sql`select * from members where id = ${memberId}`);
    expect(m).toMatchObject({ first_name: 'Hélène', last_name: 'Vasseur', email: '', phone: null, iban: null, purged_on: '2030-03-31' });
    for (const table of ['addresses', 'delegates', 'mobile_lines', 'complaints', 'member_options', 'airboxes'])
      expect(conn.db.get<{ n: number }>(sql.raw(`select count(*) as n from ${table} where member_id = ${memberId}`)).n).toBe(0);
    // accounting keeps the invoice: number, dates, amounts, lines, payment
    expect(conn.db.get<{ number: string; total_ttc_cents: number }>(sql`select number, total_ttc_cents from invoices where member_id = ${memberId}`)).toEqual({
      number: inv.number,
      total_ttc_cents: 25000,
    });
    expect(conn.db.get<{ n: number }>(sql`select count(*) as n from payments`).n).toBe(1);
    const report = checkDatabase(conn);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    // idempotent; the other member untouched
    expect(purgeMembers(conn, A, '2030-04-01')).toEqual([]);
    expect(conn.db.get<{ email: string }>(sql`select email from members where member_no = ${other}`).email).not.toBe('');
    // the audit log keeps no erased data readable: entries about the member emptied, hashes kept (db check above verifies the chain)
    expect(
      conn.db.all<{ entity: string; action: string }>(sql`select entity, action from audit_log where change like '%Vasseur%' or change like '%0611111111%'`),
    ).toEqual([]);
    expect(conn.db.all<{ change: string }>(sql`select change from audit_log where entity = 'member' and entity_id = ${no}`).map((r) => r.change)).toEqual(
      expect.arrayContaining(['null']),
    );
    expect(conn.db.get<{ n: number }>(sql`select count(*) as n from audit_log where entity = 'member' and entity_id = ${no} and change <> 'null'`).n).toBe(0);
    expect(done[0]!.audit_entries).toBeGreaterThan(0);
    // the purge itself is audited without personal data
    const last = conn.db.get<{ entity: string; change: string }>(
      sql`select entity, change from audit_log where entity = 'member_purge' order by id desc limit 1`,
    );
    expect(last.entity).toBe('member_purge');
    expect(last.change).not.toContain('helene');
    expect(last.change).not.toContain('Vasseur');
  });
});

describe('data-rights requests (annex 5): one month to answer, the answer linked to what was done', () => {
  it('access received 15/03/2027: due 15/04/2027, listed open, late from the 16th; answered by the export', async () => {
    const { addRightsRequest, answerRightsRequest, listRightsRequests } = await import('../../src/complaints/rights.js');
    const r = addRightsRequest(conn, A, { memberNo: no, kind: 'access', receivedOn: '2027-03-15', details: 'une copie de mes données', on: '2027-03-16' });
    expect(r).toMatchObject({ member_no: no, kind: 'access', due_on: '2027-04-15', answered_on: null, late: false, article: 'annex 5' });
    expect(listRightsRequests(conn.db, { on: '2027-04-15' }).map((x) => [x.id, x.late])).toEqual([[r.id, false]]);
    expect(listRightsRequests(conn.db, { on: '2027-04-16', late: true }).map((x) => x.id)).toEqual([r.id]);
    const a = answerRightsRequest(conn, A, { id: r.id, action: 'export', note: 'JSON envoyé', on: '2027-04-20' });
    expect(a).toMatchObject({ answered_on: '2027-04-20', action: 'export', late: true, command: `parnasse member export ${no}` });
    expect(listRightsRequests(conn.db, { on: '2027-04-21' })).toEqual([]);
    expect(listRightsRequests(conn.db, { on: '2027-04-21', all: true }).map((x) => x.id)).toEqual([r.id]);
    // one audit entry per act
    expect(conn.db.all(sql`select action from audit_log where entity = 'data_rights' order by id`)).toEqual([{ action: 'add' }, { action: 'answer' }]);
    expect(() => answerRightsRequest(conn, A, { id: r.id, action: 'done', note: null, on: '2027-04-22' })).toThrow(/already answered/);
  });

  it('rectification: answered by the member edit made since receipt (its audit entry linked); none yet is an error', async () => {
    const { addRightsRequest, answerRightsRequest } = await import('../../src/complaints/rights.js');
    const { editMember } = await import('../../src/corrections/index.js');
    const r = addRightsRequest(conn, A, { memberNo: no, kind: 'rectification', receivedOn: '2027-03-15', details: 'mon courriel', on: '2027-03-15' });
    expect(() => answerRightsRequest(conn, A, { id: r.id, action: 'edit', note: null, on: '2027-03-16' })).toThrow(/no member edit/);
    editMember(conn, A, no, { email: 'h.vasseur@vasseur.fr' }, '2027-03-17');
    const editId = conn.db.get<{ id: number }>(sql`select max(id) as id from audit_log where action = 'edit'`).id;
    const a = answerRightsRequest(conn, A, { id: r.id, action: 'edit', note: null, on: '2027-03-18' });
    expect(a).toMatchObject({ action: 'edit', linked_audit_id: editId, late: false });
  });

  it('erasure: the purge only once the contract data may be erased (annex 5); a refusal needs its reason; a purged member keeps the proof, detached', async () => {
    const { addRightsRequest, answerRightsRequest, listRightsRequests } = await import('../../src/complaints/rights.js');
    const r = addRightsRequest(conn, A, { memberNo: no, kind: 'erasure', receivedOn: '2027-03-15', details: 'effacez tout', on: '2027-03-15' });
    try {
      answerRightsRequest(conn, A, { id: r.id, action: 'purge', note: null, on: '2027-03-20' });
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(RefusedError);
      expect((e as RefusedError).article).toBe('annex 5');
    }
    expect(() => answerRightsRequest(conn, A, { id: r.id, action: 'refused', note: null, on: '2027-03-20' })).toThrow(/reason/);
    expect(() => answerRightsRequest(conn, A, { id: r.id, action: 'export', note: null, on: '2027-03-20' })).toThrow(RefusedError);
    const kept = answerRightsRequest(conn, A, { id: r.id, action: 'refused', note: 'données nécessaires au contrat (annexe 5)', on: '2027-03-20' });
    expect(kept.action).toBe('refused');
    T.terminate(conn, A, { memberNo: no, reason: 'member_request', on: '2027-03-22', noticeDate: '2027-03-20' });
    const again = addRightsRequest(conn, A, { memberNo: no, kind: 'erasure', receivedOn: '2030-03-25', details: 'effacez tout', on: '2030-03-25' });
    expect(() => answerRightsRequest(conn, A, { id: again.id, action: 'purge', note: null, on: '2030-03-30' })).toThrow(/from 2030-03-31/);
    expect(answerRightsRequest(conn, A, { id: again.id, action: 'purge', note: null, on: '2030-03-31' }).command).toBe('parnasse member purge');
    expect(purgeMembers(conn, A, '2030-03-31').map((p) => p.member_no)).toEqual([no]);
    const proof = listRightsRequests(conn.db, { on: '2030-04-01', all: true });
    expect(proof.map((x) => [x.member_no, x.kind, x.action, x.details])).toEqual([
      [no, 'erasure', 'refused', null],
      [no, 'erasure', 'purge', null],
    ]);
    expect(checkDatabase(conn).problems).toEqual([]);
  });
});
