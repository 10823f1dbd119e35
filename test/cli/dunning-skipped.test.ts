/**
 * `bill dunning --apply` when the last step meets a member whose termination is already
 * pending (art. 10.4; the living club's seed 1003 stopped cron's whole run with exit 3 on
 * 22/09/2027): that member's step is skipped and reported with its reason and article, in
 * both languages and in --json, the rest of the run is applied, exit 0.
 */
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { writeTx } from '../../src/db/audit.js';
import { issueInvoice } from '../../src/invoicing/index.js';
import * as D from '../../src/dunning/index.js';
import * as T from '../../src/termination/index.js';
import { cli, tempDbPath } from '../helpers/cli.js';
import { testActor as A } from '../helpers/db.js';
import { insertMember } from '../helpers/factory.js';

let db: string;
let pending: string;
let other: string;

beforeEach(() => {
  db = tempDbPath();
  const conn = openDatabase(db);
  try {
    const late = (issuedOn: string) => {
      const no = String(insertMember(conn, { contractStart: '2026-06-01' }));
      const id = conn.db.get<{ id: number }>(sql`select id from members where member_no = ${Number(no)}`).id;
      conn.sqlite.prepare("update members set entry_fee_paid_on = '2026-06-02' where id = ?").run(id);
      writeTx(conn, (tx) =>
        issueInvoice(tx, A, { memberId: id, issuedOn, lines: [{ kind: 'subscription', label: 'Abonnement 2027-01', period: '2027-01', ttcCents: 25000 }] }),
      );
      return no;
    };
    pending = late('2027-01-01'); // late from 12/01
    D.applyDunning(conn, A, '2027-01-12');
    D.applyDunning(conn, A, '2027-01-21'); // suspension + second notice, deadline 29/01
    T.terminate(conn, A, { memberNo: pending, reason: 'member_request', on: '2027-01-25', noticeDate: '2027-01-25' }); // effective 04/02
    other = late('2027-01-19'); // late from 30/01
  } finally {
    conn.close();
  }
});

describe('bill dunning --apply: a step refused for one member is skipped, the run goes on (art. 10.4)', () => {
  it('--json: exit 0, the skipped step with its article and reason, the other member’s notice done', async () => {
    const r = await cli(db, ['--json', '--date', '2027-01-30', 'bill', 'dunning', '--apply']);
    expect(r.code, r.stderr).toBe(0);
    const doc = r.json<{ members: D.DunningRow[] }>();
    expect(doc.members.find((m) => m.member_no === pending)).toMatchObject({
      next_step: 'termination',
      done: false,
      skipped: { article: '10.4', reason: expect.stringContaining('2027-02-04') },
    });
    expect(doc.members.find((m) => m.member_no === other)).toMatchObject({ next_step: 'first_notice', done: true, skipped: null });
  });

  it.each([
    ['C', 'Member', /termination for non-payment skipped, refused \(art\. 10\.4\)/, /1 step\(s\) performed/],
    ['fr_FR.UTF-8', 'Membre', /résiliation pour défaut de paiement ignorée, refusé \(art\. 10\.4\)/, /1 étape\(s\) exécutée\(s\)/],
  ])('human output (%s): the member, the step, the refusal', async (lang, who, refusal, applied) => {
    const r = await cli(db, ['--date', '2027-01-30', 'bill', 'dunning', '--apply'], { env: { LANG: lang } });
    expect(r.code, r.stderr).toBe(0);
    // the sentence after the table (wrapped to the width: read with its line breaks as spaces)
    const prose = r.stdout.replace(/\s+/g, ' ');
    const said = prose.slice(prose.indexOf(`${who} ${pending}`));
    expect(said, r.stdout).toMatch(refusal);
    expect(said).toMatch(/2027-02-04|04\/02\/2027/);
    expect(r.stdout).toMatch(applied);
  });
});
