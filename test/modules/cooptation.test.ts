import { applyDunning } from '../../src/dunning/index.js';
import { memberStanding } from '../../src/contract/state.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { writeTx } from '../../src/db/audit.js';
import { tempConnection, testActor as A } from '../helpers/db.js';
import { insertCandidacy, insertMember } from '../helpers/factory.js';
import { agenda, decide, notify } from '../../src/committee/index.js';
import { issueInvoice, memberIdOf } from '../../src/invoicing/index.js';
import { showCandidacy } from '../../src/candidacy/index.js';
import {
  cancelCooptation,
  catalogueAdd,
  catalogueList,
  catalogueRemove,
  chooseReward,
  decideCooptation,
  deskList,
  propose,
  referrerStatus,
} from '../../src/cooptation/index.js';
import { NotFoundError, RefusedError, UsageError } from '../../src/errors.js';

let conn: Connection;
beforeEach(() => {
  conn = tempConnection();
});
afterEach(() => conn.close());

const audits = () => conn.sqlite.prepare("select count(*) as n from audit_log where entity in ('cooptation', 'coopt_reward')").get() as { n: number };
const rows = () => (conn.sqlite.prepare('select count(*) as n from cooptations').get() as { n: number }).n;

/** A candidacy not invited, sponsored by nobody: the cooptation is its sponsorship (E5). */
const cand = (o: Parameters<typeof insertCandidacy>[1] = {}) => insertCandidacy(conn, { invitedByParnasse: false, sponsorMemberNo: null, ...o });

describe('coopt propose', () => {
  it('records a proposal by a member in good standing, the cooptation standing for the sponsorship (E5)', () => {
    const m = insertMember(conn);
    const ref = cand();
    const r = propose(conn, A, { referrerNo: String(m), candidateRef: ref, on: '2027-02-01' });
    expect(r).toMatchObject({ referrer: String(m), candidate: ref, status: 'proposed', override: false, count_in_year: 1, year: 2027 });
    expect(audits().n).toBe(1);
  });

  it('counts per calendar year of the proposal: the count starts again on 1 January', () => {
    const m = String(insertMember(conn));
    propose(conn, A, { referrerNo: m, candidateRef: cand(), on: '2027-12-30' });
    propose(conn, A, { referrerNo: m, candidateRef: cand(), on: '2027-12-31' });
    const third = cand();
    expect(() => propose(conn, A, { referrerNo: m, candidateRef: third, on: '2027-12-31' })).toThrow(/annex 3\.3.*2 cooptation\(s\) in 2027/);
    expect(rows()).toBe(2);
    expect(propose(conn, A, { referrerNo: m, candidateRef: third, on: '2028-01-01' })).toMatchObject({ count_in_year: 1, year: 2028 });
    expect(referrerStatus(conn.db, m, '2027-12-31')).toMatchObject({ year: 2027, count: 2 });
    expect(referrerStatus(conn.db, m, '2028-01-02')).toMatchObject({ year: 2028, count: 1 });
  });

  it('a third cooptation in a year passes with --override-limit and a reason, recorded and shown', () => {
    const m = String(insertMember(conn));
    propose(conn, A, { referrerNo: m, candidateRef: cand(), on: '2027-03-01' });
    propose(conn, A, { referrerNo: m, candidateRef: cand(), on: '2027-04-01' });
    const ref = cand();
    expect(() => propose(conn, A, { referrerNo: m, candidateRef: ref, on: '2027-05-01', overrideLimit: true, reason: '  ' })).toThrow(UsageError);
    const r = propose(conn, A, { referrerNo: m, candidateRef: ref, on: '2027-05-01', overrideLimit: true, reason: 'board of 28/04' });
    expect(r).toMatchObject({ override: true, override_reason: 'board of 28/04', count_in_year: 3 });
    expect(referrerStatus(conn.db, m, '2027-05-02').cooptations[2]).toMatchObject({ override: true, override_reason: 'board of 28/04' });
    // an override asked while within the limit is not recorded as one
    const m2 = String(insertMember(conn));
    expect(propose(conn, A, { referrerNo: m2, candidateRef: cand(), on: '2027-05-01', overrideLimit: true, reason: 'x' })).toMatchObject({ override: false });
  });

  it('the same person under two candidacy references is co-opted only once, and proposed once by a referrer', () => {
    const m1 = String(insertMember(conn));
    const m2 = String(insertMember(conn));
    const a = cand({ email: 'anne.roy@example.fr', firstName: 'Anne', lastName: 'Roy', birthDate: '1975-06-01' });
    const sameMail = cand({ email: 'ANNE.ROY@example.fr', firstName: 'Anne-Marie', lastName: 'Roy', birthDate: null });
    const sameNames = cand({ email: 'a.roy@other.fr', firstName: 'anne', lastName: 'ROY', birthDate: '1975-06-01' });
    const c1 = propose(conn, A, { referrerNo: m1, candidateRef: a, on: '2027-02-01' });
    decideCooptation(conn, A, { id: c1.id, accept: false, on: '2027-02-05' });
    expect(() => propose(conn, A, { referrerNo: m1, candidateRef: sameMail, on: '2027-02-10' })).toThrow(/proposes the same person only once/);
    expect(() => propose(conn, A, { referrerNo: m2, candidateRef: sameNames, on: '2027-02-10' })).toThrow(/co-opted only once/);
    expect(rows()).toBe(1);
  });

  it('refuses a referrer with an invoice unpaid past its pay-by, or under a recovery procedure, or suspended', () => {
    const m = insertMember(conn);
    const id = memberIdOf(conn.db, String(m));
    writeTx(conn, (tx) => issueInvoice(tx, A, { memberId: id, issuedOn: '2027-01-01', lines: [{ kind: 'subscription', label: 'x', ttcCents: 25000 }] }));
    const ref = cand();
    // pay-by 2027-01-11: still on time on that day
    expect(propose(conn, A, { referrerNo: String(m), candidateRef: ref, on: '2027-01-11' }).status).toBe('proposed');
    expect(() => propose(conn, A, { referrerNo: String(m), candidateRef: cand(), on: '2027-01-12' })).toThrow(/annex 3\.3.*250,00 € unpaid/);
    // the dunning walk (art. 7.3.8): first notice when late, suspension and second notice the day after its deadline (12/01 + 8 days)
    applyDunning(conn, A, '2027-01-12');
    applyDunning(conn, A, '2027-01-21');
    expect(memberStanding(conn.db, String(m), '2027-01-22').underRecovery).toBe(true);
    expect(() => propose(conn, A, { referrerNo: String(m), candidateRef: cand(), on: '2027-01-22' })).toThrow(/annex 3\.3/);
    const s = insertMember(conn, { status: 'suspended' });
    expect(() => propose(conn, A, { referrerNo: String(s), candidateRef: cand(), on: '2027-02-02' })).toThrow(RefusedError);
  });

  it('refuses an ineligible candidacy with the failing criteria, from the existing evaluation', () => {
    const m = String(insertMember(conn));
    const ref = cand({ annualIncomeCents: 100_000_00 });
    expect(() => propose(conn, A, { referrerNo: m, candidateRef: ref, on: '2027-02-01' })).toThrow(/E3 \(art\. 3\.1\)/);
    // documents are the committee's business, not a criterion of cooptation
    expect(propose(conn, A, { referrerNo: m, candidateRef: cand({ documents: 'D1' }), on: '2027-02-01' }).status).toBe('proposed');
  });

  it('an unknown member or candidacy: one clear error, nothing written', () => {
    const m = String(insertMember(conn));
    expect(() => propose(conn, A, { referrerNo: '999', candidateRef: cand(), on: '2027-02-01' })).toThrow(NotFoundError);
    expect(() => propose(conn, A, { referrerNo: m, candidateRef: 'NOPE', on: '2027-02-01' })).toThrow(/no candidacy with ref "NOPE"/);
    expect(rows()).toBe(0);
    expect(audits().n).toBe(0);
  });
});

describe('coopt decide, cancel, reward', () => {
  function acceptedCooptation(contractStart = '2027-03-15') {
    const m = String(insertMember(conn));
    const ref = cand({ appliedOn: '2027-03-01' });
    const c = propose(conn, A, { referrerNo: m, candidateRef: ref, on: '2027-03-02' });
    decideCooptation(conn, A, { id: c.id, accept: true, on: '2027-03-05' });
    decide(conn, A, { ref, accept: true, on: '2027-03-08' });
    const member = notify(conn, A, { ref, on: contractStart });
    catalogueAdd(conn, A, 'Coffret Champagne', '2027-01-01');
    return { m, ref, id: c.id, member };
  }

  it('a referee whose contract starts on 15/03/2027: reward chosen on 01/04/2027, delivered on 13/05/2027 at the earliest', () => {
    const { m, id } = acceptedCooptation();
    const before = referrerStatus(conn.db, m, '2027-03-20').cooptations[0]!;
    expect(before).toMatchObject({
      status: 'accepted',
      reward_state: 'window_open',
      contract_start: '2027-03-15',
      reward_window_until: '2027-09-15',
      reward: null,
    });
    expect(chooseReward(conn, A, { id, item: 'Coffret Champagne', on: '2027-04-01' })).toEqual({
      id,
      item: 'Coffret Champagne',
      chosen_on: '2027-04-01',
      delivery_on: '2027-05-13',
      reward_window_until: '2027-09-15',
    });
    expect(() => chooseReward(conn, A, { id, item: 'Coffret Champagne', on: '2027-04-02' })).toThrow(/one reward per cooptation/);
    const list = deskList(conn.db, { on: '2027-05-12' });
    expect(list.to_deliver_this_week.map((c) => c.id)).toEqual([id]);
    expect(deskList(conn.db, { on: '2027-05-17' }).to_deliver_this_week).toEqual([]);
  });

  it('past the window the reward lapses (exit 3), and a choice before the contract start is refused; nothing written', () => {
    const { id, m } = acceptedCooptation();
    expect(() => chooseReward(conn, A, { id, item: 'Coffret Champagne', on: '2027-03-14' })).toThrow(
      /annex 3\.4.*opens at the referee’s contract start, 2027-03-15/,
    );
    expect(() => chooseReward(conn, A, { id, item: 'Coffret Champagne', on: '2027-09-16' })).toThrow(/lapsed: the window closed on 2027-09-15/);
    expect(() => chooseReward(conn, A, { id, item: 'Montre', on: '2027-04-01' })).toThrow(/not in the rewards catalogue/);
    expect(referrerStatus(conn.db, m, '2027-09-16').cooptations[0]).toMatchObject({ reward_state: 'lapsed', reward: null });
    expect(deskList(conn.db, { on: '2027-08-20' }).windows_closing.map((c) => c.id)).toEqual([id]);
    expect(deskList(conn.db, { on: '2027-08-14' }).windows_closing).toEqual([]);
  });

  it('a rejected cooptation leaves the candidacy free; a decision is taken once; cancel is possible at any time', () => {
    const m = String(insertMember(conn));
    const ref = cand();
    const c = propose(conn, A, { referrerNo: m, candidateRef: ref, on: '2027-02-01' });
    expect(() => decideCooptation(conn, A, { id: c.id, accept: true, on: '2027-01-31' })).toThrow(UsageError);
    decideCooptation(conn, A, { id: c.id, accept: false, on: '2027-02-03' });
    expect(() => decideCooptation(conn, A, { id: c.id, accept: true, on: '2027-02-04' })).toThrow(/annex 3\.3.*rejected/);
    // the candidacy goes on outside cooptation (it names the sponsor E5 needs)
    conn.sqlite.prepare('update candidacies set sponsor_member_no = ? where ref = ?').run(m, ref);
    expect(decide(conn, A, { ref, accept: true, on: '2027-02-05' }).decision).toBe('accepted');
    expect(cancelCooptation(conn, A, { id: c.id, on: '2027-02-06' }).status).toBe('cancelled');
    expect(() => cancelCooptation(conn, A, { id: c.id, on: '2027-02-07' })).toThrow(/already cancelled/);
  });

  it('a cancelled cooptation gives no reward, even one already chosen', () => {
    const { id, m } = acceptedCooptation();
    chooseReward(conn, A, { id, item: 'Coffret Champagne', on: '2027-04-01' });
    cancelCooptation(conn, A, { id, on: '2027-04-10' });
    expect(referrerStatus(conn.db, m, '2027-04-11').cooptations[0]).toMatchObject({
      status: 'cancelled',
      reward: null,
      delivery_on: null,
      reward_state: 'none',
    });
    expect(deskList(conn.db, { on: '2027-05-13' }).to_deliver_this_week).toEqual([]);
  });

  it('the committee agenda and candidate show say who co-opted the candidacy', () => {
    const m = String(insertMember(conn));
    const ref = cand();
    const other = insertCandidacy(conn);
    const c = propose(conn, A, { referrerNo: m, candidateRef: ref, on: '2026-11-29' });
    const items = agenda(conn.db, '2026-12-01');
    expect(items.find((i) => i.ref === ref)?.coopted_by).toBe(m);
    expect(items.find((i) => i.ref === other)?.coopted_by).toBeNull();
    expect(showCandidacy(conn, ref, '2026-12-01').cooptation).toEqual({ id: c.id, referrer: m, status: 'proposed' });
    expect(showCandidacy(conn, other, '2026-12-01').cooptation).toBeNull();
  });
});

describe('the rewards catalogue', () => {
  it('add, list, remove, all audited; a removed item can no longer be chosen', () => {
    catalogueAdd(conn, A, 'Coffret', '2027-01-01');
    expect(() => catalogueAdd(conn, A, 'Coffret', '2027-01-02')).toThrow(/already in the rewards catalogue/);
    catalogueAdd(conn, A, 'Montre', '2027-01-02');
    expect(catalogueList(conn.db).map((i) => i.item)).toEqual(['Coffret', 'Montre']);
    catalogueRemove(conn, A, 'Coffret', '2027-02-01');
    expect(() => catalogueRemove(conn, A, 'Coffret', '2027-02-01')).toThrow(NotFoundError);
    expect(catalogueList(conn.db).map((i) => i.item)).toEqual(['Montre']);
    catalogueAdd(conn, A, 'Coffret', '2027-03-01');
    expect(audits().n).toBe(4);
  });
});
