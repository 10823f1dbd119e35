/**
 * "Every write goes through one transaction and one audit-log entry": each write command of
 * the walk-through is run in-process while a second connection watches the database; when a
 * command committed anything, the audit log must have grown with entries naming that command
 * and its operator — and the log itself refuses UPDATE and DELETE.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';

const WRITES: string[][] = [
  ['--date', '2026-11-26', 'member', 'import', 'fixtures/members.csv'],
  ['--date', '2026-11-26', 'candidate', 'import', 'fixtures/candidates.csv'],
  ['candidate', 'docs', 'C-2026-028', '--received', 'D1,D2,D4,D5,D6', '--id-expires', '2031-06-30', '--date', '2026-11-27'],
  ['candidate', 'withdraw', 'C-2026-033', '--yes'],
  ['committee', 'decide', 'C-2026-001', '--accept', '--date', '2026-11-27'],
  ['committee', 'decide', 'C-2026-014', '--reject', '--date', '2026-11-27'],
  ['committee', 'notify', 'C-2026-001', '--date', '2026-11-30', '--yes'],
  ['bill', 'pay', 'F2026-000001', '--amount', '1500', '--method', 'card', '--date', '2026-12-02'],
  ['member', 'delegate', '507', '--name', 'Claire Petit', '--phone', '0612345678', '--date', '2026-12-03'],
  ['member', 'option', 'add', '507', 'extra_mailbox', '--qty', '2', '--date', '2026-12-03'],
  ['member', 'line', 'add', '507', '--number', '0612345679', '--plan', 'orange', '--date', '2026-12-03'],
  ['member', 'airbox', '507', '--lent', '2026-12-03', '--serial', 'AB-1'],
  ['intervene', 'add', '507', '--kind', 'technician', '--start', '2026-12-05T10:00', '--minutes', '130', '--out-of-hours'],
  ['bill', 'prices', 'set', 'subscription', '260', '--from', '2027-03-01', '--announced', '2027-01-15'],
];

describe('audit log', () => {
  it('every command that writes leaves audit entries with its operator and command line', async () => {
    const db = tempDbPath();
    expect((await cli(db, ['db', 'migrate'])).code).toBe(0);
    const watch = new Database(db, { readonly: true });
    const version = () => watch.pragma('data_version', { simple: true }) as number;
    const auditCount = () => (watch.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
    for (const argv of WRITES) {
      const v0 = version();
      const a0 = auditCount();
      const r = await cli(db, argv);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
      expect(version(), `${argv.join(' ')} wrote nothing`).not.toBe(v0);
      const rows = watch.prepare('select operator, command from audit_log where id > ?').all(a0) as { operator: string; command: string }[];
      expect(rows.length, `${argv.join(' ')} left no audit entry`).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.operator).toBe('tester');
        // the command's name and the flags typed, no value (issue 28): every word was typed, no date, amount or id
        expect(row.command).toMatch(/^parnasse [a-z]+ [a-z-]+/);
        for (const w of row.command.split(' ').slice(1)) expect([...argv, '--db', '--operator'], row.command).toContain(w);
        expect(row.command).not.toMatch(/\d/);
      }
    }
    watch.close();
    const rw = new Database(db);
    expect(() => rw.prepare("update audit_log set operator = 'x'").run()).toThrow(/append-only/);
    expect(() => rw.prepare('delete from audit_log').run()).toThrow(/append-only/);
    rw.close();
  });

  it('a refused command writes nothing, not even an audit entry', async () => {
    const db = tempDbPath();
    expect((await cli(db, ['--date', '2026-11-26', 'candidate', 'import', 'fixtures/candidates.csv'])).code).toBe(0);
    const watch = new Database(db, { readonly: true });
    const v0 = watch.pragma('data_version', { simple: true });
    const r = await cli(db, ['--json', 'committee', 'decide', 'C-2026-018', '--accept', '--date', '2026-11-27']);
    expect(r.code).toBe(3);
    expect(r.json().error).toMatchObject({ code: 'refused', article: '3.3' });
    expect(watch.pragma('data_version', { simple: true })).toBe(v0);
    watch.close();
  });
});
