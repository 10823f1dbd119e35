// `npm run bench -- documents`: invoice PDFs of a month, files per second and peak RSS of
// `parnasse bill pdf --month` in its own process, for growing months. Memory must stay flat
// (documents are read in pages, rendered in a worker thread with a capped heap and written one at
// a time; PARNASSE_PDF_WORKER=0 for the in-process path). Sizes: PARNASSE_BENCH_PDFS
// (default 1000,10000; the issue's figure is 100000). The machine may be shared: CPU time
// (user+sys) is the steadier figure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const out = path.join(root, 'bench', 'out');
fs.mkdirSync(out, { recursive: true });
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const sizes = (process.env.PARNASSE_BENCH_PDFS ?? '1000,10000').split(',').map(Number);
const bin = path.join(root, 'bin/parnasse.js');

function measure(args) {
  const full = TIME ? [TIME, ['-f', '__RSS_KB=%M __CPU=%U+%S', process.execPath, bin, ...args]] : [process.execPath, [bin, ...args]];
  const t0 = performance.now();
  const r = spawnSync(full[0], full[1], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, cwd: root });
  const seconds = (performance.now() - t0) / 1000;
  const m = /__RSS_KB=(\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0) throw new Error(`parnasse ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  const c = /__CPU=([\d.]+)\+([\d.]+)/.exec(r.stderr ?? '');
  return { seconds, rssMb: m ? Number(m[1]) / 1024 : null, cpu: c ? Number(c[1]) + Number(c[2]) : null };
}

/**
 * A month of `n` invoices (3 taxed lines each: every PDF a Factur-X e-invoice with its XML,
 * issue 23; until then the third line was a penalty, outside VAT) on a fresh database,
 * inserted raw (bench data, not audited).
 */
function month(n) {
  const db = path.join(out, `documents-${n}.db`);
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

console.log('| invoices | wall | PDFs per second (wall) | CPU (user+sys) | PDFs per CPU second | peak RSS |');
console.log('|---:|---:|---:|---:|---:|---:|');
for (const n of sizes) {
  const db = month(n);
  const dir = path.join(out, `pdf-${n}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  const r = measure(['--db', db, '--quiet', 'bill', 'pdf', '--month', '2026-12', '--out', dir]);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.pdf')).length;
  if (files !== n) throw new Error(`${files} PDFs written, ${n} expected`);
  const cpu = r.cpu == null ? 'n/a' : `${r.cpu.toFixed(1)} s`;
  const perCpu = r.cpu == null ? 'n/a' : (n / r.cpu).toFixed(0);
  console.log(
    `| ${n} | ${r.seconds.toFixed(1)} s | ${(n / r.seconds).toFixed(0)} | ${cpu} | ${perCpu} | ${r.rssMb == null ? 'n/a' : `${r.rssMb.toFixed(0)} MB`} |`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}
