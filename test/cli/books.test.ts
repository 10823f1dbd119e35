import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { checkDatabase } from '../../src/invoicing/integrity.js';
import { readAnchors } from '../../src/books/seal.js';
import { populatedDb } from '../helpers/populated.js';

const populated = populatedDb;

describe('db seal and db check --anchors', () => {
  it('seal prints the head; --out appends it (0600); check --anchors passes, then fails once the log is rewritten', async () => {
    const db = await populated();
    const printed = await cli(db, ['--json', 'db', 'seal']);
    expect(printed.code).toBe(0);
    const head = printed.json();
    expect(head.entry).toBeGreaterThan(3);
    expect(head.hash).toMatch(/^[0-9a-f]{64}$/);
    const seals = path.join(tempDir(), 'club.seals');
    expect((await cli(db, ['db', 'seal', '--out', seals])).code).toBe(0);
    expect((await cli(db, ['candidate', 'withdraw', 'C-NONE', '--yes'])).code).not.toBe(0); // nothing written
    expect((await cli(db, ['db', 'seal', '--out', seals])).code).toBe(0);
    expect(fs.statSync(seals).mode & 0o777).toBe(0o600);
    const lines = fs.readFileSync(seals, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`entry=${head.entry} hash=${head.hash}`);
    const ok = await cli(db, ['--json', 'db', 'check', '--anchors', seals]);
    expect(ok.code).toBe(0);
    expect(ok.json().checks.find((c: any) => c.id === 'anchors').ok).toBe(true);

    // the whole log recomputed by someone who knows the algorithm: only the anchors see it
    const raw = new Database(db);
    raw.exec('drop trigger audit_log_no_update');
    raw.exec("update audit_log set operator = 'nobody', hash = null, content_hash = null");
    raw.close();
    const { chainLegacyEntries } = await import('../../src/db/audit.js');
    const again = new Database(db);
    expect(chainLegacyEntries(again)).toBe(head.entry);
    again.exec(
      fs
        .readFileSync(path.join('migrations', fs.readdirSync('migrations').find((f) => f.endsWith('_audit_chain_triggers.sql'))!), 'utf8')
        .split('--> statement-breakpoint')[1]!,
    );
    again.close();
    const plain = await cli(db, ['--json', 'db', 'check']);
    expect(plain.json().problems.filter((p: any) => p.check === 'audit_chain')).toEqual([]);
    const anchored = await cli(db, ['--json', 'db', 'check', '--anchors', seals]);
    expect(anchored.code).toBe(4);
    expect(
      anchored
        .json()
        .problems.map((p: any) => p.message)
        .join('\n'),
    ).toMatch(/no longer has the sealed hash: the log was rewritten/);
  });

  it('a new database where the seals of an earlier one are kept: the creating command warns (db check would call it rewritten)', async () => {
    const db = path.join(tempDir(), 'club.db');
    fs.writeFileSync(`${db}.seals`, `2026-11-01T00:00:00.000Z entry=2 hash=${'0'.repeat(64)}\n`);
    const init = await cli(db, ['db', 'init'], { env: { LANG: 'C' } });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain(`a seals file ${path.resolve(`${db}.seals`)} is already there, from an earlier database`);
    // said once, when the database is created, not on every later command
    expect((await cli(db, ['db', 'migrate'], { env: { LANG: 'C' } })).stderr).not.toContain('seals file');
    expect((await cli(db, ['--json', 'db', 'check'])).code).toBe(4);
    fs.rmSync(`${db}.seals`);
    expect((await cli(db, ['--json', 'db', 'check'])).code).toBe(0);
  });

  it('an anchors file that is missing, a folder, or not seals: exit 2 / 4, one line', async () => {
    const db = await populated();
    const dir = tempDir();
    expect((await cli(db, ['db', 'check', '--anchors', path.join(dir, 'none')])).code).toBe(2);
    const folder = await cli(db, ['db', 'check', '--anchors', dir]);
    expect(folder.code).toBe(4);
    expect(folder.stderr).toContain('is a folder');
    fs.writeFileSync(path.join(dir, 'junk'), 'hello\n');
    expect((await cli(db, ['db', 'check', '--anchors', path.join(dir, 'junk')])).code).toBe(4);
  });
});

describe('db backup', () => {
  it('writes under a temporary name in the same folder, verified, then renamed; leaves no temporary file', async () => {
    const db = await populated();
    const dir = tempDir();
    const target = path.join(dir, 'b.db');
    const r = await cli(db, ['db', 'backup', target]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('integrity_check');
    expect(fs.readdirSync(dir)).toEqual(['b.db']);
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
  });

  it('a folder as the target is a usage error, not a bug', async () => {
    const db = await populated();
    const r = await cli(db, ['db', 'backup', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a directory');
  });
});

describe('property: any single-row rewrite of the books or the audit log is reported', () => {
  it('UPDATE, DELETE (triggers dropped and restored), INSERT OR REPLACE, INSERT of a copy', async () => {
    const base = await populated();
    const seals = path.join(tempDir(), 'seals');
    expect((await cli(base, ['db', 'seal', '--out', seals])).code).toBe(0);
    const anchors = readAnchors(seals);
    const clean = openDatabase(base);
    expect(checkDatabase(clean, { anchors }).ok).toBe(true);
    clean.close();
    const tables = ['invoices', 'invoice_lines', 'payments', 'audit_log'] as const;
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...tables),
        fc.constantFrom('update', 'delete', 'replace', 'insert_copy'),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 1000 }),
        async (table, op, rowPick, colPick, delta) => {
          const file = path.join(tempDir(), 'p.db');
          fs.copyFileSync(base, file);
          const raw = new Database(file);
          const rows = raw.prepare(`select * from ${table} order by id`).all() as Record<string, unknown>[];
          const cols = (raw.prepare(`pragma table_info(${table})`).all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'id');
          const row = rows[rowPick % rows.length]!;
          const col = cols[colPick % cols.length]!;
          const v = row[col];
          const changed =
            typeof v === 'number'
              ? v + delta
              : v === null
                ? col.endsWith('_id') || col === 'erased_by' || col === 'refers_to'
                  ? delta
                  : 'x'
                : `${String(v)}${delta}`;
          const triggers = raw.prepare("select name, sql from sqlite_master where type = 'trigger'").all() as { name: string; sql: string }[];
          let applied = false;
          try {
            if (op === 'update' || op === 'delete') {
              for (const t of triggers) raw.exec(`drop trigger ${t.name}`);
              if (op === 'update') raw.prepare(`update ${table} set ${col} = ? where id = ?`).run(changed, row.id as number);
              else raw.prepare(`delete from ${table} where id = ?`).run(row.id as number);
              for (const t of triggers) raw.exec(t.sql);
            } else if (op === 'replace') {
              const all = ['id', ...cols];
              raw
                .prepare(`insert or replace into ${table} (${all.join(',')}) values (${all.map(() => '?').join(',')})`)
                .run(...(all.map((c) => (c === col ? changed : row[c])) as never[]));
            } else {
              const newId = (raw.prepare(`select max(id) + 1 as n from ${table}`).get() as { n: number }).n;
              const all = ['id', ...cols];
              raw
                .prepare(`insert into ${table} (${all.join(',')}) values (${all.map(() => '?').join(',')})`)
                .run(...(all.map((c) => (c === 'id' ? newId : c === 'number' ? `${String(row[c])}9` : row[c])) as never[]));
            }
            applied = true;
          } catch {
            /* refused by a constraint: nothing was changed */
          }
          raw.close();
          if (!applied) return;
          tried++;
          const conn = openDatabase(file);
          const report = checkDatabase(conn, { anchors });
          conn.close();
          expect(report.ok, `${op} ${table} row ${String(row.id)} ${col}`).toBe(false);
        },
      ),
      { numRuns: Number(process.env.BOOKS_PROPERTY_RUNS ?? 60) },
    );
    expect(tried).toBeGreaterThan(30);
  }, 120_000);
});

describe('property: the forgeries of the tamper campaign (issue 28) are reported', () => {
  it('a superseding entry appended, an extra trigger, a reversal inserted, a key renamed, a money-moving setting or mandate changed', async () => {
    const base = await populated();
    expect((await cli(base, ['bill', 'rates', 'set', '2026-S2', '4.92'])).code).toBe(0);
    expect((await cli(base, ['--date', '2027-01-01', 'bill', 'run', '--month', '2027-01'])).code).toBe(0);
    for (const [k, v] of [
      ['creditor.iban', 'FR7630006000011234567890189'],
      ['creditor.bic', 'AGRIFRPP'],
      ['seller.name', 'Cercle Parnasse'],
    ])
      expect((await cli(base, ['settings', 'set', k!, v!])).code).toBe(0);
    const seals = path.join(tempDir(), 'seals');
    expect((await cli(base, ['db', 'seal', '--out', seals])).code).toBe(0);
    const anchors = readAnchors(seals);
    const clean = openDatabase(base);
    expect(checkDatabase(clean, { anchors }).problems).toEqual([]);
    clean.close();
    const { auditAppender } = await import('../../src/db/audit.js');
    const kinds = ['supersede_invoice', 'supersede_payment', 'extra_trigger', 'reversal', 'key_rename', 'setting', 'mandate'] as const;
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...kinds), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 100_000 }), async (kind, pick, pick2, delta) => {
        const file = path.join(tempDir(), 'f.db');
        fs.copyFileSync(base, file);
        const raw = new Database(file);
        const rowsOf = (q: string) => raw.prepare(q).all() as Record<string, any>[];
        const withoutTriggers = (fn: () => void) => {
          const triggers = rowsOf("select name, sql from sqlite_master where type = 'trigger'");
          for (const t of triggers) raw.exec(`drop trigger ${t.name}`);
          fn();
          for (const t of triggers) raw.exec(t.sql);
        };
        const append = (entry: { entity: string; entityId: string | number; action: string; change: unknown }) =>
          raw.transaction(() => auditAppender(raw, { operator: 'forger', command: 'parnasse' }).append(entry)).immediate();
        try {
          if (kind === 'supersede_invoice') {
            const invs = rowsOf('select * from invoices order by id');
            const inv = invs[pick % invs.length]!;
            const col = ['total_ttc_cents', 'issued_on', 'pay_by', 'member_id'][pick2 % 4]!;
            const now =
              typeof inv[col] === 'number'
                ? inv[col] + (col === 'member_id' ? 1 - 2 * (inv[col] > 1 ? 1 : 0) : delta)
                : `2027-0${1 + (delta % 9)}-1${delta % 10}`;
            withoutTriggers(() => raw.prepare(`update invoices set ${col} = ? where id = ?`).run(now, inv.id));
            const was = JSON.parse(
              (raw.prepare("select change from audit_log where entity = 'invoice' and entity_id = ? order by id limit 1").get(inv.number) as { change: string })
                .change,
            );
            append({
              entity: 'invoice',
              entityId: inv.number,
              action: was.kind === 'credit_note' ? 'issue_credit_note' : 'issue',
              change: { ...was, [col]: now },
            });
          } else if (kind === 'supersede_payment') {
            const p = rowsOf('select * from payments')[0]!;
            const amount = Math.max(1, p.amount_cents - delta);
            withoutTriggers(() => raw.prepare('update payments set amount_cents = ? where id = ?').run(amount, p.id));
            const was = JSON.parse(
              (raw.prepare("select change from audit_log where entity = 'payment' and entity_id = ?").get(String(p.id)) as { change: string }).change,
            );
            append({ entity: 'payment', entityId: p.id, action: 'record', change: { ...was, amount_cents: amount } });
          } else if (kind === 'extra_trigger') {
            const table = ['payments', 'invoices', 'invoice_lines', 'payment_reversals', 'settings', 'sepa_mandates'][pick % 6]!;
            const when = ['before insert', 'after insert', 'after update', 'before delete'][pick2 % 4]!;
            raw.exec(`create trigger forged_${delta} ${when} on ${table} begin select 1; end`);
          } else if (kind === 'reversal') {
            const p = rowsOf('select id from payments')[0]!;
            raw
              .prepare('insert into payment_reversals (payment_id, reversed_on, reason) values (?, ?, ?)')
              .run(p.id, `2027-01-${String(1 + (delta % 28)).padStart(2, '0')}`, `SEPA AM0${pick % 10}`);
          } else if (kind === 'key_rename') {
            const lines = rowsOf('select id, source_key from invoice_lines where source_key is not null order by id');
            const l = lines[pick % lines.length]!;
            withoutTriggers(() => raw.prepare('update invoice_lines set source_key = ? where id = ?').run(`${l.source_key}-${delta}`, l.id));
            if (pick2 % 2 === 0) raw.prepare("update billing_cursors set billed_through = '2026-11'").run();
          } else if (kind === 'setting') {
            const s = rowsOf('select key from settings order by key');
            raw.prepare('update settings set value = value || ? where key = ?').run(String(delta), s[pick % s.length]!.key);
          } else {
            const m = rowsOf('select * from sepa_mandates order by id');
            const row = m[pick % m.length]!;
            const col = ['iban', 'rum', 'signed_on', 'recorded_on', 'ended_on', 'member_id'][pick2 % 6]!;
            const now =
              col === 'member_id'
                ? row.member_id === 1
                  ? 2
                  : 1
                : col === 'iban'
                  ? 'FR7630004000031234567890143'
                  : col === 'rum'
                    ? `RUM-${delta}`
                    : `2026-1${delta % 3}-1${delta % 10}`;
            raw.prepare(`update sepa_mandates set ${col} = ? where id = ?`).run(now, row.id);
          }
        } catch (e) {
          raw.close(); // refused by a constraint (a CHECK, one current mandate per member): nothing changed
          if (String((e as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) return;
          throw e;
        }
        raw.close();
        seen.add(kind);
        const conn = openDatabase(file);
        const report = checkDatabase(conn, { anchors });
        conn.close();
        expect(report.ok, `${kind} ${pick} ${pick2} ${delta}`).toBe(false);
      }),
      { numRuns: Number(process.env.BOOKS_PROPERTY_RUNS ?? 60) },
    );
    expect(seen.size).toBe(kinds.length);
  }, 240_000);
});
