/**
 * A candidacy's status as of a date (issue 21 item 6): `committee agenda`, `candidate list
 * --status`, `candidate show` and `candidate check` judge an undecided candidacy on the
 * command's date by one function (src/candidacy/status.ts), not from the status stored
 * when it was last written — a zone revision or a sponsor back in good standing changes it.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { cli, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { testActor as A } from '../helpers/db.js';
import { insertCandidacy, insertMember } from '../helpers/factory.js';
import { writeTx } from '../../src/db/audit.js';
import { issueInvoice, payInvoice } from '../../src/invoicing/index.js';

type Row = { ref: string; status: string; zone: string | null };

async function readings(db: string, ref: string, date: string) {
  const list = (s: string) => cli(db, ['--json', 'candidate', 'list', '--status', s, '--date', date]).then((r) => r.json<Row[]>().map((x) => x.ref));
  return {
    agenda: (await cli(db, ['--json', 'committee', 'agenda', '--date', date]))
      .json<Row[]>()
      .map((x) => x.ref)
      .includes(ref),
    ready: (await list('ready')).includes(ref),
    ineligible: (await list('ineligible')).includes(ref),
    show: (await cli(db, ['--json', 'candidate', 'show', ref, '--date', date])).json<Row>().status,
    check: (await cli(db, ['--json', 'candidate', 'check', ref, '--date', date])).json<{ status: string; verdict: string }>(),
  };
}

describe('candidacy status as of the date (art. 3.1, 3.3)', () => {
  it('after `zone set 21 grand_est --from 2027-02-01`: ineligible on 31/01, ready on 02/02 in every reading', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const ref = insertCandidacy(conn, { postalCode: '21000', city: 'Dijon', department: '21', appliedOn: '2027-01-28', status: 'ineligible', zoneId: null });
    conn.close();
    expect((await cli(db, ['zone', 'set', '21', 'grand_est', '--from', '2027-02-01'])).code).toBe(0);
    expect(await readings(db, ref, '2027-01-31')).toEqual({
      agenda: false,
      ready: false,
      ineligible: true,
      show: 'ineligible',
      check: expect.objectContaining({ status: 'ineligible', verdict: 'ineligible' }),
    });
    expect(await readings(db, ref, '2027-02-02')).toEqual({
      agenda: true,
      ready: true,
      ineligible: false,
      show: 'ready',
      check: expect.objectContaining({ status: 'ready', verdict: 'ready' }),
    });
    // its zone is the zone on the date too
    expect((await cli(db, ['--json', 'candidate', 'show', ref, '--date', '2027-02-02'])).json<Row>().zone).toBe('grand_est');
    // the human list and French say the same
    expect((await cli(db, ['candidate', 'list', '--status', 'ready', '--date', '2027-02-02'])).stdout).toContain(ref);
    const fr = await cli(db, ['candidate', 'show', ref, '--date', '2027-02-02'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stdout).toMatch(/prête|Prête|prêt/);
  });

  it('a sponsor back in good standing: the candidacy is ready from the day the sponsor has paid', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const sponsor = insertMember(conn, { contractStart: '2026-06-01' });
    const id = conn.db.get<{ id: number }>(sql`select id from members where member_no = ${sponsor}`).id;
    const inv = writeTx(conn, (tx) =>
      issueInvoice(tx, A, {
        memberId: id,
        issuedOn: '2027-01-01',
        lines: [{ kind: 'subscription', label: 'Abonnement 2027-01', period: '2027-01', ttcCents: 25000 }],
      }),
    ).number;
    const ref = insertCandidacy(conn, { invitedByParnasse: false, sponsorMemberNo: String(sponsor), appliedOn: '2027-01-20', status: 'ineligible' });
    payInvoice(conn, A, { number: inv, amountCents: 25000, paidOn: '2027-02-01', method: 'transfer' });
    conn.close();
    expect(await readings(db, ref, '2027-01-31')).toMatchObject({
      agenda: false,
      ready: false,
      ineligible: true,
      show: 'ineligible',
      check: { status: 'ineligible' },
    });
    expect(await readings(db, ref, '2027-02-02')).toMatchObject({ agenda: true, ready: true, ineligible: false, show: 'ready', check: { status: 'ready' } });
  });

  it('decided candidacies keep their status whatever the date', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const ref = insertCandidacy(conn, { postalCode: '21000', city: 'Dijon', department: '21', status: 'rejected', zoneId: null });
    conn.close();
    expect((await cli(db, ['--json', 'candidate', 'list', '--status', 'rejected', '--date', '2027-02-02'])).json<Row[]>().map((r) => r.ref)).toEqual([ref]);
    expect((await cli(db, ['--json', 'candidate', 'show', ref, '--date', '2027-02-02'])).json<Row>().status).toBe('rejected');
  });
});

describe('one status for every reader', () => {
  it('on the fixture club, on several dates around a zone revision: list --status = check = show = the agenda', async () => {
    const db = tempDbPath();
    expect((await cli(db, ['--date', '2026-11-26', 'candidate', 'import', 'fixtures/candidates.csv'])).code).toBe(0);
    expect((await cli(db, ['zone', 'set', '75', 'none', '--from', '2027-01-01'])).code).toBe(0);
    const { iterateCandidacies, checkCandidacy, showCandidacy } = await import('../../src/candidacy/index.js');
    const { agenda } = await import('../../src/committee/index.js');
    const conn = openDatabase(db);
    for (const on of ['2026-11-26', '2026-12-31', '2027-01-01', '2031-06-01']) {
      const all = [...iterateCandidacies(conn, { on })];
      expect(all.length).toBeGreaterThan(5);
      for (const c of all) {
        expect(checkCandidacy(conn, c.ref, on).status).toBe(c.status);
        expect(showCandidacy(conn, c.ref, on).status).toBe(c.status);
      }
      for (const s of ['ready', 'ineligible', 'incomplete'])
        expect([...iterateCandidacies(conn, { status: s, on })].map((c) => c.ref)).toEqual(all.filter((c) => c.status === s).map((c) => c.ref));
      expect(agenda(conn.db, on).map((a) => a.ref)).toEqual(all.filter((c) => c.status === 'ready').map((c) => c.ref));
    }
    conn.close();
  });
});

describe('the candidacy indexes an import does not write (issue 27, migration 0030)', () => {
  it('the decided partial index lists the decided statuses, and the queries that repeat its term read through it', async () => {
    const { DECIDED_CANDIDACY_STATUSES_SQL } = await import('../../src/db/schema.js');
    const { DECIDED_STATUSES } = await import('../../src/candidacy/store.js');
    expect(DECIDED_CANDIDACY_STATUSES_SQL).toBe(`(${DECIDED_STATUSES.map((s) => `'${s}'`).join(', ')})`);
    const conn = openDatabase(tempDbPath());
    try {
      const plan = (q: string, ...p: unknown[]) =>
        (conn.sqlite.prepare(`explain query plan ${q}`).all(...p) as { detail: string }[]).map((r) => r.detail).join(' | ');
      expect(
        plan(
          `select * from candidacies c left join members m on m.id = c.member_id where c.status in ${DECIDED_CANDIDACY_STATUSES_SQL} and c.status = ? order by c.applied_on, c.ref`,
          'accepted',
        ),
      ).toContain('candidacies_decided_idx');
      expect(
        plan(
          `select distinct sponsor_member_no from candidacies where sponsor_member_no is not null and status in (?, ?, ?, ?)`,
          'received',
          'incomplete',
          'ineligible',
          'ready',
        ),
      ).toContain('COVERING INDEX candidacies_sponsor_idx');
      // the lists' order
      expect(plan(`select * from candidacies where +status in (?, ?) order by applied_on, ref`, 'ready', 'received')).toContain('candidacies_applied_idx');
      // an undecided candidacy is in neither partial index: an import of new ones writes neither
      const idx = conn.sqlite.prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = 'candidacies'`).all() as {
        name: string;
        sql: string | null;
      }[];
      expect(idx.map((i) => i.name)).not.toContain('candidacies_status_idx');
      expect(idx.find((i) => i.name === 'candidacies_decided_idx')!.sql).toContain(`WHERE status in ${DECIDED_CANDIDACY_STATUSES_SQL}`);
    } finally {
      conn.sqlite.close();
    }
  });
});
