/**
 * Issue 28, item 9: the audit log keeps the command's name and flags, never the values
 * typed (personal data, secrets); the values are in the entry's `change`, which the purge
 * empties and which masks secrets.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { checkDatabase } from '../../src/invoicing/integrity.js';

function entries(db: string, where = '1 = 1'): { command: string; change: string; entity: string; action: string }[] {
  const raw = new Database(db, { readonly: true });
  try {
    return raw.prepare(`select command, change, entity, action from audit_log where ${where} order by id`).all() as never;
  } finally {
    raw.close();
  }
}

describe('the command recorded in the audit log', () => {
  it('member edit: name and flags only; the e-mail, phone and IBAN typed are in the change', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const no = String(insertMember(conn, { email: 'paul@example.fr' }));
    conn.close();
    const r = await cli(db, [
      '--date',
      '2026-12-10',
      'member',
      'edit',
      no,
      '--email',
      'secret.person@example.fr',
      '--phone',
      '06 12 34 56 78',
      '--iban',
      'FR76 3000 4000 3112 3456 7890 111',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const edit = entries(db, "entity = 'member' and action = 'edit'");
    expect(edit).toHaveLength(1);
    expect(edit[0]!.command).toBe('parnasse member edit --db --operator --date --email --phone --iban');
    for (const v of ['secret.person', '06 12', '3112', 'tester', db]) expect(edit[0]!.command).not.toContain(v);
    expect(edit[0]!.change).toContain('secret.person@example.fr');
  });

  it('settings set smtp.url: the SMTP password is stored nowhere in the audit log', async () => {
    const db = tempDbPath();
    const r = await cli(db, ['settings', 'set', 'smtp.url', 'smtp://club:Sup3rS3cret@mail.example.fr:587']);
    expect(r.code, r.stderr).toBe(0);
    const all = entries(db);
    expect(all.map((e) => e.command)).toContain('parnasse settings set --db --operator');
    for (const e of all) expect(`${e.command} ${e.change}`).not.toContain('Sup3rS3cret');
    const conn = openDatabase(db);
    expect(checkDatabase(conn).problems).toEqual([]);
    conn.close();
  });

  it('flags written --flag=value keep only the flag; a value that looks like a flag of another command is not one', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    const no = String(insertMember(conn, {}));
    conn.close();
    expect((await cli(db, ['member', 'edit', no, '--email=hidden@example.fr'])).code).toBe(0);
    expect(entries(db, "action = 'edit'")[0]!.command).toBe('parnasse member edit --db --operator --email');
  });
});
