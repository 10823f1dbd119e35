// Seeds a migrated parnasse database for the billing benchmark: N active members (contract
// start 2026-12-01, a main address), one option each (extra mailbox) and a pending charge
// for one member in ten. Raw better-sqlite3, one transaction.
// Usage: node bench/billing-seed.mjs DB N [START]   (START: contract start, default 2026-12-01)
import Database from 'better-sqlite3';

const [dbPath, nArg, startArg] = process.argv.slice(2);
const n = Number(nArg);
const start = startArg ?? '2026-12-01';
const db = new Database(dbPath);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const m = db.prepare(
  `insert into members (member_no, kind, first_name, last_name, email, status, contract_start, welcome_gift) values (?, 'person', 'Jeanne', ?, ?, 'active', ?, 1)`,
);
const a = db.prepare(
  `insert into addresses (member_id, is_main, street, postal_code, city, department, zone_id, line_technology, added_on) values (?, 1, '12 avenue Foch', '75116', 'Paris', '75', 'paris', 'fibre', ?)`,
);
const o = db.prepare(`insert into member_options (member_id, option, qty, start_on) values (?, 'extra_mailbox', 1, ?)`);
const c = db.prepare(`insert into pending_charges (member_id, label, ttc_cents, due_on) values (?, 'Intervention hors forfait', 45000, '2026-11-20')`);
db.transaction(() => {
  for (let i = 1; i <= n; i++) {
    const id = Number(m.run(i, `Martin${i}`, `m${i}@example.fr`, start).lastInsertRowid);
    a.run(id, start);
    o.run(id, start);
    if (i % 10 === 0) c.run(id);
  }
  db.prepare(`insert into sequences (name, last_value) values ('member_no', ?) on conflict(name) do update set last_value = excluded.last_value`).run(n);
})();
db.close();
