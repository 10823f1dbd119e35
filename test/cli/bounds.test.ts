/**
 * Issue 12: quantities are bounded — by the contract where it sets a bound (extra sites
 * art. 5.11, Bitdefender devices art. 5.3, mobile lines art. 5.6), by a stated decision
 * where it does not (mailboxes, art. 5.7: 50 extra mailboxes per member) — and a refusal
 * names the article.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember, TEST_IBAN } from '../helpers/factory.js';
import { checkMailboxes, MAX_EXTRA_MAILBOXES } from '../../src/rules/membership.js';

const EN = { env: { LANG: 'C' } };

function memberDb(): { db: string; no: string } {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const no = String(insertMember(conn));
  conn.close();
  return { db, no };
}

describe('quantity bounds', () => {
  it('member option add NO extra_mailbox --qty 1000000 is refused naming art. 5.7; nothing recorded', async () => {
    const { db, no } = memberDb();
    const r = await cli(db, ['--json', 'member', 'option', 'add', no, 'extra_mailbox', '--qty', '1000000', '--date', '2026-12-03'], EN);
    expect(r.code).toBe(3);
    expect(r.json().error.article).toBe('5.7');
    expect(r.json().error.message).toMatch(/50 extra mailboxes/);
    expect((await cli(db, ['--json', 'member', 'show', no])).json().options).toEqual([]);
  });

  it('the bound counts every mailbox option the member holds: packs of 5 and 10 included', async () => {
    const { db, no } = memberDb();
    const add = (opt: string, qty: string) => cli(db, ['--json', 'member', 'option', 'add', no, opt, '--qty', qty, '--date', '2026-12-03'], EN);
    expect((await add('mailbox_pack_10', '4')).code).toBe(0); // 40
    expect((await add('extra_mailbox', '11')).code).toBe(3); // 51
    expect((await add('extra_mailbox', '10')).code).toBe(0); // 50
    const over = await add('mailbox_pack_5', '1');
    expect(over.code).toBe(3);
    expect(over.json().error.message).toMatch(/50 already/);
  });

  it('the rule: at most 50 mailboxes, whatever the mix', () => {
    expect(MAX_EXTRA_MAILBOXES).toBe(50);
    expect(checkMailboxes(0, 'extra_mailbox', 50).ok).toBe(true);
    expect(checkMailboxes(0, 'extra_mailbox', 51).ok).toBe(false);
    expect(checkMailboxes(45, 'mailbox_pack_5', 1).ok).toBe(true);
    expect(checkMailboxes(45, 'mailbox_pack_10', 1)).toMatchObject({ ok: false, article: '5.7' });
    expect(checkMailboxes(0, 'mailbox_pack_10', 6).ok).toBe(false);
  });

  it('member import: a row asking for more than the bound is an error of its line (exit 4), nothing written', async () => {
    const db = tempDbPath();
    const f = path.join(tempDir(), 'members.csv');
    const header = 'member_no,kind,first_name,last_name,email,street,postal_code,city,contract_start,status,orange_subscriptions,line_technology,iban,options';
    fs.writeFileSync(
      f,
      `${header}\r\n120,person,Hélène,Dubois,h@example.fr,8 rue du Bac,75007,Paris,2024-03-01,active,1,fibre,${TEST_IBAN},extra_mailbox:30|mailbox_pack_5:5\r\n`,
    );
    const r = await cli(db, ['--json', 'member', 'import', f], EN);
    expect(r.code).toBe(4);
    expect(r.json().errors[0]).toMatchObject({
      line: 2,
      column: 'options',
      code: 'too_many_mailboxes',
      message: expect.stringMatching(/art\. 5\.7.*50 extra mailboxes/),
    });
    expect((await cli(db, ['--json', 'member', 'list'])).json()).toEqual([]);
  });
});
