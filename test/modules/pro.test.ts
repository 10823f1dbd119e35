import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Connection } from '../../src/db/connection.js';
import { tempConnection, testActor as A } from '../helpers/db.js';
import { insertMember } from '../helpers/factory.js';
import * as P from '../../src/pro/index.js';
import * as T from '../../src/termination/index.js';
import { purgeMembers } from '../../src/purge/index.js';
import { billingRun } from '../../src/billing/run.js';
import { RefusedError } from '../../src/errors.js';
import { checkDatabase } from '../../src/invoicing/integrity.js';
import { addDays } from '../../src/rules/dates.js';

let conn: Connection;
let co: string;
beforeEach(() => {
  conn = tempConnection();
  co = String(insertMember(conn, { kind: 'company', contractStart: '2027-01-04' }));
});
afterEach(() => conn.close());

const brick = (b: Partial<P.NewBrick> & { brick: string; on: string }): P.BrickJson =>
  P.addBrick(conn, A, {
    memberNo: co,
    priceCents: 6000,
    worksRef: null,
    agreedOn: null,
    studyId: null,
    accessPoints: null,
    switches: null,
    routers: null,
    ...b,
  });

const audits = (entity: string) => conn.db.all<{ action: string }>(sql`select action from audit_log where entity = ${entity} order by id`).map((r) => r.action);

function ordered(): string {
  const s = P.addStudy(conn, A, { memberNo: co, siteId: null, on: '2027-01-04', services: 'wifi_public' });
  P.recordStudyResult(conn, A, { id: s.id, result: 'feasible', on: '2027-01-04' });
  const q = P.addQuote(conn, A, { memberNo: co, studyId: s.id, lines: ['Bornes;1200'], on: '2027-01-04', validUntil: null });
  P.answerQuote(conn, A, { ref: q.number, accept: true, on: '2027-01-05' });
  return q.number;
}

describe('src/pro: one transaction and one audit entry per act', () => {
  it('each act is audited under its entity; a refused act writes nothing', () => {
    const n = ordered();
    P.worksDone(conn, A, { ref: n, on: '2027-01-10', invoiceNow: false });
    brick({ brick: 'wifi_public', on: '2027-03-10', worksRef: n });
    P.removeBrick(conn, A, { memberNo: co, brick: 'wifi_public', requestedOn: '2027-05-15' });
    expect(audits('pro_study')).toEqual(['add', 'result']);
    expect(audits('pro_quote')).toEqual(['add', 'accept', 'works_done']);
    expect(audits('pro_brick')).toEqual(['add', 'remove']);
    const before = conn.db.get<{ n: number }>(sql`select count(*) as n from audit_log`).n;
    expect(() => brick({ brick: 'lan_security', on: '2027-05-10', worksRef: n })).toThrow(RefusedError);
    expect(conn.db.get<{ n: number }>(sql`select count(*) as n from audit_log`).n).toBe(before);
    expect(conn.db.get<{ n: number }>(sql`select count(*) as n from pro_bricks`).n).toBe(1);
    // the pending charge is due on the installation date, for the run
    expect(conn.db.all(sql`select label, ttc_cents, due_on from pending_charges`)).toEqual([
      { label: `Univers Pro — devis ${n} — Bornes`, ttc_cents: 120000, due_on: '2027-01-10' },
    ]);
  });

  it('after the contract ends nothing of Univers Pro starts (art. 10.4): a quote is not accepted, works are not done — refused, nothing written, nothing billed', () => {
    // living club (issue 21): works "done" after the end were billed by the next run
    const s = P.addStudy(conn, A, { memberNo: co, siteId: null, on: '2027-01-04', services: 'wifi_public' });
    P.recordStudyResult(conn, A, { id: s.id, result: 'feasible', on: '2027-01-04' });
    const q1 = P.addQuote(conn, A, { memberNo: co, studyId: s.id, lines: ['Bornes;1200'], on: '2027-01-04', validUntil: null });
    const q2 = P.addQuote(conn, A, { memberNo: co, studyId: s.id, lines: ['Routeur;450'], on: '2027-01-05', validUntil: null });
    P.answerQuote(conn, A, { ref: q1.number, accept: true, on: '2027-01-06' });
    const t = T.terminate(conn, A, { memberNo: co, reason: 'member_request', on: '2027-03-01', noticeDate: '2027-03-01' });
    const end = t.effective_on;
    const before = audits('pro_quote').length;
    expect(() => P.answerQuote(conn, A, { ref: q2.number, accept: true, on: end })).toThrow(RefusedError);
    expect(() => P.worksDone(conn, A, { ref: q1.number, on: end, invoiceNow: false })).toThrow(/10\.4/);
    expect(() => P.worksDone(conn, A, { ref: q1.number, on: end, invoiceNow: true })).toThrow(/10\.4/);
    expect(audits('pro_quote').length).toBe(before);
    expect(conn.db.get<{ n: number }>(sql`select count(*) as n from pending_charges`).n).toBe(0);
    // the day before the end both are still possible; a refusal of the member is always possible
    P.answerQuote(conn, A, { ref: q2.number, accept: false, on: end });
    P.worksDone(conn, A, { ref: q1.number, on: addDays(end, -1), invoiceNow: false });
    expect(conn.db.get<{ n: number }>(sql`select count(*) as n from pending_charges`).n).toBe(1);
  });

  it('the termination ends the bricks with the contract; a withdrawal gives them back as they were', () => {
    const n = ordered();
    brick({ brick: 'wifi_public', on: '2027-02-01', worksRef: n });
    brick({ brick: 'servers', on: '2027-02-01', worksRef: n });
    P.removeBrick(conn, A, { memberNo: co, brick: 'servers', requestedOn: '2027-06-10' });
    const t = T.terminate(conn, A, { memberNo: co, reason: 'member_request', on: '2027-03-22', noticeDate: '2027-03-20' });
    const until = `${t.last_billed_month}-${t.last_billed_month === '2027-03' ? '31' : '30'}`;
    expect(t.bricks_ended).toEqual([
      { brick: 'wifi_public', billed_until: until },
      { brick: 'servers', billed_until: until },
    ]);
    expect(conn.db.all(sql`select brick, end_on from pro_bricks order by id`)).toEqual([
      { brick: 'wifi_public', end_on: until },
      { brick: 'servers', end_on: until },
    ]);
    // nothing new after the end (art. 10.4)
    expect(() => brick({ brick: 'workstation', on: t.effective_on, worksRef: n })).toThrow(RefusedError);
    T.withdrawTermination(conn, A, { memberNo: co, by: 'member', on: '2027-03-25' });
    expect(conn.db.all(sql`select brick, end_on, termination_id from pro_bricks order by id`)).toEqual([
      { brick: 'wifi_public', end_on: null, termination_id: null },
      { brick: 'servers', end_on: '2027-06-30', termination_id: null },
    ]);
  });

  it('the run bills a brick through the contract end month, nothing after (terminated before its removal)', () => {
    const n = ordered();
    conn.db.run(sql`insert into legal_rates (semester, rate_bp) values ('2027-S1', 667), ('2027-S2', 667) on conflict do nothing`);
    brick({ brick: 'wifi_public', on: '2027-03-10', worksRef: n });
    const t = T.terminate(conn, A, { memberNo: co, reason: 'member_request', on: '2027-04-05', noticeDate: '2027-04-05' });
    const bricks = () =>
      conn.db.all<{ period: string; ttc_cents: number }>(sql`select period, ttc_cents from invoice_lines where source_key like 'brick:%' order by period`);
    for (const m of ['2027-03', '2027-04', '2027-05', '2027-06']) billingRun(conn, A, { month: m, date: `${m}-28` });
    const last = t.last_billed_month;
    expect(bricks().map((b) => b.period)).toEqual(['2027-03', '2027-04', '2027-05', '2027-06'].filter((m) => m <= last));
    expect(bricks()[0]!.ttc_cents).toBe(4258);
  });

  it('member purge (annex 5) erases the Univers Pro records with the member', () => {
    const n = ordered();
    P.worksDone(conn, A, { ref: n, on: '2027-01-10', invoiceNow: true });
    brick({ brick: 'wifi_public', on: '2027-02-01', worksRef: n });
    const t = T.terminate(conn, A, { memberNo: co, reason: 'member_request', on: '2027-03-22', noticeDate: '2027-03-20' });
    const purged = purgeMembers(conn, A, '2031-01-01');
    expect(purged).toHaveLength(1);
    expect(purged[0]!.records).toMatchObject({ pro_studies: 1, pro_quotes: 1, pro_bricks: 1 });
    for (const table of ['pro_studies', 'pro_quotes', 'pro_quote_lines', 'pro_bricks'])
      expect(conn.db.get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n).toBe(0);
    expect(t.effective_on < '2031-01-01').toBe(true);
    // the works invoice is kept (accounting)
    expect(conn.db.get<{ n: number }>(sql`select count(*) as n from invoices`).n).toBeGreaterThan(0);
  });

  it('db check after a purge: the quotes it erased are accounted for by its audit entry (no gap); a quote deleted otherwise is a gap', () => {
    const failing = () =>
      checkDatabase(conn)
        .checks.filter((c) => !c.ok)
        .map((c) => c.id);
    // two members with quotes: the first one's quote is D2027-000001, the second's D2027-000002
    ordered();
    const other = String(insertMember(conn, { kind: 'company', contractStart: '2027-01-04' }));
    const s = P.addStudy(conn, A, { memberNo: other, siteId: null, on: '2027-01-06', services: 'server' });
    P.recordStudyResult(conn, A, { id: s.id, result: 'feasible', on: '2027-01-06' });
    const kept = P.addQuote(conn, A, { memberNo: other, studyId: s.id, lines: ['Serveur;2 400'], on: '2027-01-06', validUntil: null });
    expect(kept.number).toBe('D2027-000002');
    T.terminate(conn, A, { memberNo: co, reason: 'member_request', on: '2027-03-22', noticeDate: '2027-03-20' });
    expect(purgeMembers(conn, A, '2031-01-01')).toHaveLength(1);
    expect(conn.db.all<{ number: string }>(sql`select number from pro_quotes`).map((r) => r.number)).toEqual(['D2027-000002']);
    // the purge's entry names the numbers it erased (a number is no personal data)
    const change = JSON.parse(conn.db.get<{ change: string }>(sql`select change from audit_log where entity = 'member_purge'`).change);
    expect(change.quotes_erased).toEqual(['D2027-000001']);
    expect(failing()).toEqual([]);
    // a quote that disappears without a purge is still a gap
    conn.sqlite.pragma('foreign_keys = OFF');
    conn.db.run(sql`delete from pro_quote_lines where quote_id = ${kept.id}`);
    conn.db.run(sql`delete from pro_quotes where number = 'D2027-000002'`);
    expect(failing()).toContain('gapless_series');
  });

  it('db check covers the quotes: their gapless series in date order, totals equal to the lines, HT per line', () => {
    ordered();
    const s2 = P.addStudy(conn, A, { memberNo: co, siteId: null, on: '2027-02-01', services: 'server' });
    P.recordStudyResult(conn, A, { id: s2.id, result: 'feasible', on: '2027-02-01' });
    P.addQuote(conn, A, { memberNo: co, studyId: s2.id, lines: ['Serveur;2 400', 'Installation;89,90'], on: '2027-02-01', validUntil: null });
    const failing = () =>
      checkDatabase(conn)
        .checks.filter((c) => !c.ok)
        .map((c) => c.id);
    expect(failing()).toEqual([]);
    conn.db.run(sql`update pro_quotes set number = 'D2027-000003' where number = 'D2027-000002'`);
    // …and the renumbered quote no longer matches the audit record of its issue (frozen data: issue 21)
    expect(failing()).toEqual(['gapless_series', 'frozen_documents']);
    conn.db.run(sql`update pro_quotes set number = 'D2027-000002' where number = 'D2027-000003'`);
    conn.db.run(sql`update pro_quote_lines set ht_cents = ht_cents + 1 where label = 'Installation'`);
    expect(failing()).toEqual(['totals']);
    expect(
      checkDatabase(conn)
        .problems.map((p) => p.message)
        .join('\n'),
    ).toContain('D2027-000002');
  });
});

describe('half-yearly maintenance reports (art. 5.12.3.1)', () => {
  it('a Wi-Fi brick from 10/03/2027: report 1 expected from 10/08, late after 10/09; recorded in order, audited once; purged with the member', async () => {
    const R = await import('../../src/pro/reports.js');
    const n = ordered();
    P.worksDone(conn, A, { ref: n, on: '2027-03-01', invoiceNow: false });
    const wifi = brick({ brick: 'wifi_public', on: '2027-03-10', worksRef: n });
    const visio = brick({ brick: 'video_conference', on: '2027-03-10', worksRef: n });
    expect(R.bricksReportsDue(conn.db, '2027-08-09')).toEqual([]);
    expect(R.bricksReportsDue(conn.db, '2027-08-10')).toEqual([
      {
        brick_id: wifi.id,
        member_no: co,
        brick: 'wifi_public',
        period: 1,
        period_from: '2027-03-10',
        period_to: '2027-09-09',
        due_on: '2027-09-10',
        late: false,
      },
    ]);
    expect(R.bricksReportsDue(conn.db, '2027-09-11', { late: true }).map((r) => r.period)).toEqual([1]);
    // too early, and a brick the contract gives no report: refused, nothing written
    expect(() => R.addBrickReport(conn, A, { brickId: wifi.id, on: '2027-08-01', file: null })).toThrow(RefusedError);
    expect(() => R.addBrickReport(conn, A, { brickId: visio.id, on: '2027-09-01', file: null })).toThrow(RefusedError);
    const r = R.addBrickReport(conn, A, { brickId: wifi.id, on: '2027-09-15', file: { name: 'rapport-S1.pdf', sha256: 'ab'.repeat(32) } });
    expect(r).toMatchObject({ period: 1, due_on: '2027-09-10', late: true, file: 'rapport-S1.pdf', article: '5.12.3.1' });
    expect(audits('pro_brick').filter((a) => a === 'report')).toEqual(['report']);
    expect(R.bricksReportsDue(conn.db, '2027-09-16')).toEqual([]);
    expect(R.bricksReportsDue(conn.db, '2028-02-10').map((x) => [x.period, x.due_on, x.late])).toEqual([[2, '2028-03-10', false]]);
    // the brick removed on 15/05/2028 ends 31/05/2028: half-year 3 (to 09/09/2028) is not owed
    P.removeBrick(conn, A, { memberNo: co, brick: 'wifi_public', requestedOn: '2028-05-15' });
    expect(R.bricksReportsDue(conn.db, '2029-01-01').map((x) => x.period)).toEqual([2]);
    T.terminate(conn, A, { memberNo: co, reason: 'member_request', on: '2028-06-02', noticeDate: '2028-06-01' });
    purgeMembers(conn, A, '2031-07-01');
    expect(conn.db.get<{ n: number }>(sql`select count(*) as n from pro_brick_reports`).n).toBe(0);
  });
});

describe('studies on quote outside Univers Pro (art. 4, 5.4.2): the same study → quote → works flow', () => {
  it('a natural person: a device study (art. 5.4.2) and a connection (art. 4) quoted, accepted, done as pending charges; Univers Pro still refused', () => {
    const p = String(insertMember(conn, { kind: 'person', contractStart: '2027-01-04' }));
    expect(() => P.addStudy(conn, A, { memberNo: p, siteId: null, on: '2027-01-10', services: 'wifi_public' })).toThrow(RefusedError);
    const s = P.addStudy(conn, A, { memberNo: p, siteId: null, on: '2027-01-10', services: 'device_study' });
    P.recordStudyResult(conn, A, { id: s.id, result: 'feasible', on: '2027-01-12' });
    const q = P.addQuote(conn, A, { memberNo: p, studyId: s.id, lines: ['Étude préalable — caméra IP hors liste;120'], on: '2027-01-12', validUntil: null });
    expect(q).toMatchObject({ total_ttc_cents: 12000, status: 'pending' });
    P.answerQuote(conn, A, { ref: q.number, accept: true, on: '2027-01-13' });
    const done = P.worksDone(conn, A, { ref: q.number, on: '2027-01-20', invoiceNow: false });
    expect(done.pending_charges).toBe(1);
    const c = P.addStudy(conn, A, { memberNo: p, siteId: null, on: '2027-01-10', services: 'connection' });
    expect(c.services).toEqual(['connection']);
    expect(audits('pro_study').filter((a) => a === 'add')).toHaveLength(2);
  });

  it('connection (art. 4): refused when the Orange subscription was not taken with the Offer, nothing written', () => {
    const p = insertMember(conn, { kind: 'person', contractStart: '2027-01-04' });
    conn.sqlite
      .prepare(
        'update subscriptions set started_on = ? where address_id in (select a.id from addresses a join members m on m.id = a.member_id where m.member_no = ?)',
      )
      .run('2019-05-02', p);
    const before = conn.db.get<{ n: number }>(sql`select count(*) as n from pro_studies`).n;
    try {
      P.addStudy(conn, A, { memberNo: String(p), siteId: null, on: '2027-01-10', services: 'connection' });
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(RefusedError);
      expect((e as RefusedError).article).toBe('4');
    }
    expect(conn.db.get<{ n: number }>(sql`select count(*) as n from pro_studies`).n).toBe(before);
    // the device study stays open to this member
    expect(P.addStudy(conn, A, { memberNo: String(p), siteId: null, on: '2027-01-10', services: 'device_study' }).services).toEqual(['device_study']);
  });
});
