// A month of invoices for the document benches (documents, pool), inserted raw into a fresh
// database: bench data, not audited.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const bin = path.join(root, 'bin/parnasse.js');

/**
 * A month of `n` invoices (3 taxed lines each: every PDF a Factur-X e-invoice with its XML,
 * issue 23; until then the third line was a penalty, outside VAT) on a fresh database,
 * inserted raw (bench data, not audited), in the database file `db`.
 */
export function documentsMonth(db, n) {
  for (const s of ['', '-wal', '-shm']) fs.rmSync(db + s, { force: true });
  spawnSync(process.execPath, [bin, '--db', db, 'db', 'migrate'], { stdio: 'ignore' });
  const d = new Database(db);
  const set = d.prepare('insert into settings (key, value) values (?, ?)');
  for (const [k, v] of [
    ['seller.name', 'Cercle Parnasse'],
    ['seller.legal_form', 'SAS'],
    ['seller.capital', '15000000'],
    ['seller.street', '8 rue de la Paix'],
    ['seller.postal_code', '75002'],
    ['seller.city', 'Paris'],
    ['seller.siren', '732829320'],
    ['seller.vat_number', 'FR44732829320'],
    ['creditor.ics', 'FR19ZZZ654321'],
    ['creditor.iban', 'FR7630006000011234567890189'],
    ['creditor.bic', 'AGRIFRPP'],
  ])
    set.run(k, v);
  const run = d.prepare("insert into billing_runs (month, run_on, invoices, total_ttc_cents) values ('2026-12', '2026-12-01', ?, ?)").run(n, n * 36233);
  const mem = d.prepare(
    "insert into members (member_no, kind, first_name, last_name, email, status, contract_start) values (?, 'person', 'Hélène', ?, ?, 'active', '2026-01-05')",
  );
  const adr = d.prepare(
    "insert into addresses (member_id, is_main, street, postal_code, city, department, added_on) values (?, 1, '12 avenue Foch', '75116', 'Paris', '75', '2026-01-05')",
  );
  const inv = d.prepare(
    "insert into invoices (number, kind, member_id, issued_on, pay_by, total_ht_cents, total_vat_cents, total_ttc_cents, run_id) values (?, 'invoice', ?, '2026-12-01', '2026-12-11', 30194, 6039, 36233, ?)",
  );
  const line = d.prepare('insert into invoice_lines (invoice_id, kind, label, period, ttc_cents, ht_cents) values (?, ?, ?, ?, ?, ?)');
  d.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const m = mem.run(i, `Dupré${i}`, `m${i}@example.fr`).lastInsertRowid;
      adr.run(m);
      const id = inv.run(`F2026-${String(i).padStart(6, '0')}`, m, run.lastInsertRowid).lastInsertRowid;
      line.run(id, 'subscription', 'Abonnement Parnasse', '2026-12', 25000, 20833);
      line.run(id, 'option', 'Conciergerie Privilège', '2026-12', 9999, 8333);
      line.run(id, 'charge', 'Intervention technicien', null, 1234, 1028);
    }
  })();
  d.close();
  return db;
}
