import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Connection } from '../../src/db/connection.js';
import { tempConnection, testActor as A } from '../helpers/db.js';
import { insertCandidacy, insertMember, TEST_IBAN } from '../helpers/factory.js';
import { editCandidacy, editMember } from '../../src/corrections/index.js';
import { NotFoundError, RefusedError, UsageError } from '../../src/errors.js';
import { addExtraSite, showMember } from '../../src/membership/members.js';
import { showCandidacy } from '../../src/candidacy/index.js';

let conn: Connection;
beforeEach(() => {
  conn = tempConnection();
});
afterEach(() => conn.close());

const ON = '2026-12-10';
const audits = () =>
  conn.db.all<{ entity: string; entity_id: string; action: string; change: string }>(
    sql`select entity, entity_id, action, change from audit_log where action = 'edit' order by id`,
  );
const thrown = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
};

describe('editMember', () => {
  it('changes the given fields in one audited write holding only what changed; the same values again write nothing', () => {
    const no = String(insertMember(conn, { email: 'paul@example.fr', phone: '0611223344' }));
    const r = editMember(conn, A, no, { email: 'p.durand@example.fr', phone: '0611223344', first_name: '  Paul-Henri ' }, ON);
    expect(r).toEqual({
      member_no: no,
      changed: { first_name: { before: 'Paul', after: 'Paul-Henri' }, email: { before: 'paul@example.fr', after: 'p.durand@example.fr' } },
    });
    expect(showMember(conn.db, no, '2027-06-30')).toMatchObject({ first_name: 'Paul-Henri', email: 'p.durand@example.fr', phone: '0611223344' });
    const log = audits();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ entity: 'member', entity_id: no, action: 'edit' });
    expect(JSON.parse(log[0]!.change)).toEqual({
      first_name: { before: 'Paul', after: 'Paul-Henri' },
      email: { before: 'paul@example.fr', after: 'p.durand@example.fr' },
      date: ON,
    });

    expect(editMember(conn, A, no, { email: 'p.durand@example.fr' }, ON)).toEqual({ member_no: no, changed: {} });
    expect(audits()).toHaveLength(1);
  });

  it('validates as on input: e-mail, French IBAN, postal code against département; every bad flag named; nothing given is a usage error', () => {
    const no = String(insertMember(conn));
    const e = thrown(() => editMember(conn, A, no, { email: 'nope', iban: 'DE89 3704 0044 0532 0130 00' }, ON));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toContain('--email: "nope" is not an e-mail address');
    expect(e.message).toContain('--iban: "DE89 3704 0044 0532 0130 00" is not a valid French (FR) IBAN');
    expect(thrown(() => editMember(conn, A, no, { postal_code: '69002', department: '75' }, ON)).message).toContain('--department:');
    expect(thrown(() => editMember(conn, A, no, { last_name: ' ' }, ON)).message).toContain('--last-name: empty');
    expect(thrown(() => editMember(conn, A, no, {}, ON))).toBeInstanceOf(UsageError);
    expect(audits()).toHaveLength(0);
  });

  it('the main address: département and zone follow the postal code; out of the zones refused for a running contract (art. 3.1)', () => {
    const no = String(insertMember(conn));
    const r = editMember(conn, A, no, { street: '3 quai Rambaud', postal_code: '69002', city: 'Lyon' }, ON);
    expect(r.changed).toMatchObject({
      postal_code: { before: '75001', after: '69002' },
      department: { before: '75', after: '69' },
      zone: { before: 'paris', after: 'sud' },
    });
    expect(showMember(conn.db, no, '2027-06-30').main_address).toMatchObject({ street: '3 quai Rambaud', postal_code: '69002', zone: 'sud' });
    const out = thrown(() => editMember(conn, A, no, { postal_code: '97100', city: 'Pointe-à-Pitre' }, ON));
    expect(out).toBeInstanceOf(RefusedError);
    expect((out as RefusedError).article).toBe('3.1');
  });

  it('--address corrects an extra site; an unknown one is not found', () => {
    const no = String(insertMember(conn));
    const site = addExtraSite(conn, A, { memberNo: no, street: '1 quai X', postalCode: '13007', city: 'Marseille', subscriptions: 1, on: ON });
    const r = editMember(conn, A, no, { street: '2 quai X' }, ON, { addressId: site.address_id });
    expect(r).toMatchObject({ address_id: site.address_id, changed: { street: { before: '1 quai X', after: '2 quai X' } } });
    expect(showMember(conn.db, no, '2027-06-30').main_address?.street).toBe('1 rue de Rivoli');
    expect(thrown(() => editMember(conn, A, no, { street: 'x' }, ON, { addressId: 9999 }))).toBeInstanceOf(NotFoundError);
  });

  it('an unknown member is not found; a purged member (annex 5) is refused naming the annex', () => {
    expect(thrown(() => editMember(conn, A, '9999', { email: 'a@b.fr' }, ON))).toBeInstanceOf(NotFoundError);
    const no = insertMember(conn);
    conn.db.run(sql`update members set purged_on = '2030-01-02', email = '' where member_no = ${no}`);
    const e = thrown(() => editMember(conn, A, String(no), { email: 'a@b.fr' }, ON));
    expect(e).toBeInstanceOf(RefusedError);
    expect((e as RefusedError).article).toBe('annex 5');
  });

  it('a company keeps a company name; a person may clear it and the phone', () => {
    const co = String(insertMember(conn, { kind: 'company' }));
    expect(thrown(() => editMember(conn, A, co, { company_name: '' }, ON)).message).toContain('--company-name');
    const p = String(insertMember(conn));
    expect(editMember(conn, A, p, { company_name: '', phone: '' }, ON).changed).toEqual({
      company_name: { before: 'Durand SA', after: null },
      phone: { before: '0611223344', after: null },
    });
  });

  it('the IBAN of a member with a current mandate: the mandate follows (same RUM); it cannot be removed', () => {
    const no = String(insertMember(conn));
    conn.db.run(
      sql`insert into sepa_mandates (member_id, rum, iban, signed_on, recorded_on) select id, 'RUM-1', ${TEST_IBAN}, '2026-01-05', '2026-01-05' from members where member_no = ${no}`,
    );
    const r = editMember(conn, A, no, { iban: 'FR76 3000 4000 3112 3456 7890 111' }, ON);
    expect(r.changed.mandate_iban).toEqual({ before: TEST_IBAN, after: 'FR7630004000311234567890111' });
    expect(r.mandate).toEqual({ rum: 'RUM-1', amendment_pending: false });
    expect(conn.db.get<{ rum: string; iban: string }>(sql`select rum, iban from sepa_mandates where ended_on is null`)).toEqual({
      rum: 'RUM-1',
      iban: 'FR7630004000311234567890111',
    });
    expect(JSON.parse(audits()[0]!.change)).toMatchObject({ mandate: { rum: 'RUM-1' }, mandate_iban: { after: 'FR7630004000311234567890111' } });
    expect(thrown(() => editMember(conn, A, no, { iban: '' }, ON))).toBeInstanceOf(UsageError);
  });
});

describe('editCandidacy', () => {
  it('an undecided candidacy is judged again as on input: zone and status; found whatever the case', () => {
    const ref = insertCandidacy(conn, { zoneId: 'paris' });
    const r = editCandidacy(conn, A, ref.toLowerCase(), { postal_code: '97100', city: 'Pointe-à-Pitre' }, ON);
    expect(r.ref).toBe(ref);
    expect(r.changed).toMatchObject({
      postal_code: { before: '75116', after: '97100' },
      zone: { before: 'paris', after: null },
      status: { before: 'ready', after: 'ineligible' },
    });
    expect(showCandidacy(conn, ref, ON)).toMatchObject({ status: 'ineligible', zone: null, department: '971' });
    const back = editCandidacy(conn, A, ref, { postal_code: '75116', city: 'Paris' }, ON);
    expect(back.changed.status).toEqual({ before: 'ineligible', after: 'ready' });
    expect(audits().map((a) => a.entity_id)).toEqual([ref, ref]);
  });

  it('an accepted candidacy keeps its status; a correction that would fail a criterion it passed is refused with its article', () => {
    const ref = insertCandidacy(conn, { status: 'accepted', zoneId: 'paris', decidedOn: '2026-12-01' });
    expect(editCandidacy(conn, A, ref, { phone: '0699887766', street: '14 avenue Foch' }, ON).changed).toEqual({
      phone: { before: '0601020304', after: '0699887766' },
      street: { before: '12 avenue Foch', after: '14 avenue Foch' },
    });
    const e = thrown(() => editCandidacy(conn, A, ref, { postal_code: '97100' }, ON));
    expect(e).toBeInstanceOf(RefusedError);
    expect((e as RefusedError).article).toBe('3.1');
    const iban = thrown(() => editCandidacy(conn, A, ref, { iban: 'DE89 3704 0044 0532 0130 00' }, ON));
    expect((iban as RefusedError).article).toBe('3.2');
    expect(showCandidacy(conn, ref, ON)).toMatchObject({ status: 'accepted', postal_code: '75116' });
  });

  it('a candidacy that became a member is corrected on the member; an unknown ref is not found', () => {
    const no = insertMember(conn);
    const ref = insertCandidacy(conn, { status: 'member' });
    conn.db.run(sql`update candidacies set member_id = (select id from members where member_no = ${no}) where ref = ${ref}`);
    const e = thrown(() => editCandidacy(conn, A, ref, { email: 'x@y.fr' }, ON));
    expect(e).toBeInstanceOf(RefusedError);
    expect(e.message).toContain(`member edit ${no}`);
    expect(thrown(() => editCandidacy(conn, A, 'NOPE', { email: 'x@y.fr' }, ON))).toBeInstanceOf(NotFoundError);
  });
});
