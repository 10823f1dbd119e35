// The floor for `bill run`: a hand-written raw better-sqlite3 program that writes the same
// invoices, lines, audit entries and charge links for the benchmark's data (every member:
// the subscription and its options at full price for the month, its pending charges), in
// one transaction with prepared statements, and nothing else (no catch-up, proration,
// price versions, penalties, credit balances or parking).
// Usage: node bench/billing-raw.mjs DB MONTH DATE  → prints {"seconds":…, "invoices":…}
import crypto from 'node:crypto';
import Database from 'better-sqlite3';

const [dbPath, month, date] = process.argv.slice(2);
const t0 = performance.now();
const db = new Database(dbPath);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
const price = Object.fromEntries(
  db
    .prepare('select item, ttc_cents from prices')
    .all()
    .map((p) => [p.item, p.ttc_cents]),
);
const opts = new Map();
for (const o of db.prepare('select id, member_id, option, qty from member_options').iterate()) {
  if (!opts.has(o.member_id)) opts.set(o.member_id, []);
  opts.get(o.member_id).push(o);
}
const charges = new Map();
for (const c of db.prepare('select id, member_id, label, ttc_cents from pending_charges where invoice_line_id is null and due_on <= ?').iterate(date)) {
  if (!charges.has(c.member_id)) charges.set(c.member_id, []);
  charges.get(c.member_id).push(c);
}
const ht = (ttc) => Math.floor((ttc * 100 * 2 + 120) / 240);
const payBy = new Date(Date.parse(date) + 10 * 864e5).toISOString().slice(0, 10);
const insI = db.prepare(
  `insert into invoices (number, kind, member_id, issued_on, pay_by, total_ht_cents, total_vat_cents, total_ttc_cents, run_id) values (?, 'invoice', ?, ?, ?, ?, ?, ?, null)`,
);
const insL = db.prepare('insert into invoice_lines (invoice_id, kind, label, period, ttc_cents, ht_cents, source_key) values (?, ?, ?, ?, ?, ?, ?)');
const insA = db.prepare(
  `insert into audit_log (operator, command, entity, entity_id, action, change, content_hash, hash) values ('bench', 'raw', 'invoice', ?, 'issue', ?, ?, ?)`,
);
const sha = (s) => crypto.createHash('sha256').update(s).digest('hex');
let prev = db.prepare('select hash from audit_log order by id desc limit 1').pluck().get() ?? '0'.repeat(64);
const mark = db.prepare('update pending_charges set invoice_line_id = ? where id = ?');
let n = 0;
db.transaction(() => {
  for (const m of db.prepare('select id from members order by member_no').all()) {
    const lines = [{ kind: 'subscription', label: 'Offre Parnasse Intérieur', period: month, ttc: price.subscription, key: `subscription:${m.id}:${month}` }];
    for (const o of opts.get(m.id) ?? [])
      lines.push({ kind: 'option', label: 'Boîte aux lettres supplémentaire', period: month, ttc: price[o.option] * o.qty, key: `option:${o.id}:${month}` });
    for (const c of charges.get(m.id) ?? [])
      lines.push({ kind: 'charge', label: c.label, period: month, ttc: c.ttc_cents, key: `charge:${c.id}`, charge: c.id });
    let t = 0;
    let h = 0;
    for (const l of lines) {
      l.ht = ht(l.ttc);
      t += l.ttc;
      h += l.ht;
    }
    n++;
    const number = `F${date.slice(0, 4)}-${String(n).padStart(6, '0')}`;
    const id = Number(insI.run(number, m.id, date, payBy, h, t - h, t).lastInsertRowid);
    for (const l of lines) {
      const lid = Number(insL.run(id, l.kind, l.label, l.period, l.ttc, l.ht, l.key).lastInsertRowid);
      if (l.charge) mark.run(lid, l.charge);
    }
    const change = JSON.stringify({
      number,
      member_id: m.id,
      issued_on: date,
      pay_by: payBy,
      total_ht_cents: h,
      total_vat_cents: t - h,
      total_ttc_cents: t,
      lines: lines.map((l) => ({ kind: l.kind, label: l.label, period: l.period, ttc_cents: l.ttc, ht_cents: l.ht })),
    });
    const content = sha(change);
    prev = sha(prev + content);
    insA.run(number, change, content, prev);
  }
  db.prepare(`insert into sequences (name, last_value) values (?, ?) on conflict(name) do update set last_value = excluded.last_value`).run(
    `invoice:${date.slice(0, 4)}`,
    n,
  );
})();
db.close();
console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, invoices: n }));
