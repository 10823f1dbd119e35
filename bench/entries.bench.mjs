// The journal entries (issue 25): `bill export --format entries` of a month of 100 000
// invoices (two lines each, half paid by direct debit: 400 000 sales lines, 100 000 bank
// lines) written into a pipe, against `sqlite3` writing the same rows (`-separator '|'`,
// one row per FEC line); wall time (median of ENTRIES_RUNS interleaved runs) and peak RSS.
// Targets: ≤ 3× sqlite3, < 150 MB. Needs /usr/bin/time and the sqlite3 shell.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench', 'out');
fs.mkdirSync(out, { recursive: true });
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const SQLITE3 = ['/usr/bin/sqlite3', '/usr/local/bin/sqlite3'].find((p) => fs.existsSync(p)) ?? null;
const N = Number(process.env.ENTRIES_ROWS ?? 100_000);
const RUNS = Number(process.env.ENTRIES_RUNS ?? 3);
const bin = path.join(root, 'bin/parnasse.js');
const db = path.join(out, `entries-${N}.db`);
const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

const SETUP = 'v1';
if (!fs.existsSync(`${db}.ready`) || fs.readFileSync(`${db}.ready`, 'utf8') !== SETUP) {
  for (const s of ['', '-wal', '-shm']) fs.rmSync(db + s, { force: true });
  const r = spawnSync(process.execPath, [bin, '--db', db, '--quiet', 'db', 'init'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const s = new Database(db);
  const member = s.prepare(
    `insert into members (member_no, kind, first_name, last_name, email, status, contract_start) values (?, 'person', 'Paul', ?, ?, 'active', '2025-01-01')`,
  );
  const inv = s.prepare(
    `insert into invoices (number, kind, member_id, issued_on, pay_by, total_ht_cents, total_vat_cents, total_ttc_cents) values (?, 'invoice', ?, ?, ?, 125000, 25000, 150000)`,
  );
  const line = s.prepare(`insert into invoice_lines (invoice_id, kind, label, period, ttc_cents, ht_cents) values (?, ?, ?, '2026-10', ?, ?)`);
  const pay = s.prepare(`insert into payments (invoice_id, amount_cents, paid_on, method) values (?, 150000, ?, 'sepa')`);
  s.transaction(() => {
    const members = Math.max(1, Math.floor(N / 10));
    for (let m = 1; m <= members; m++) member.run(m, `Durand ${m}`, `m${m}@example.org`);
    for (let i = 1; i <= N; i++) {
      const issued = `2026-10-${String(1 + Math.floor(((i - 1) * 31) / N)).padStart(2, '0')}`;
      const id = inv.run(`F2026-${String(i).padStart(6, '0')}`, 1 + (i % members), issued, issued).lastInsertRowid;
      line.run(id, 'subscription', 'Cotisation Parnasse Intérieur — octobre 2026', 120000, 100000);
      line.run(id, 'option', 'Option « Conciergerie », octobre 2026', 30000, 25000);
      if (i % 2 === 0) pay.run(id, issued);
    }
  })();
  s.close();
  fs.writeFileSync(`${db}.ready`, SETUP);
}

// the same rows by sqlite3: each invoice's receivable, revenue per kind and VAT; each payment's bank and receivable
const amount = (x) => `(${x}) / 100 || ',' || substr('0' || ((${x}) % 100), -2)`;
const REF = `
with s as (select i.id, i.number, i.issued_on d, m.member_no, m.first_name || ' ' || m.last_name name from invoices i join members m on m.id = i.member_id
           where i.issued_on between '2026-10-01' and '2026-10-31')
select 'VT', 'Ventes', row_number() over (order by d, id), replace(d, '-', ''), a, l, x, xl, number, replace(d, '-', ''), 'Facture ' || number || ' ' || name,
       ${amount('deb')}, ${amount('cre')}, '', '', replace(d, '-', ''), '', '' from (
  select s.*, 0 o, '411000' a, 'Clients' l, 'C' || substr('00000' || member_no, -6) x, name xl, (select sum(ttc_cents) from invoice_lines where invoice_id = s.id) deb, 0 cre from s
  union all select s.*, 1, '7062' || k.kind, 'Produits', '', '', 0, sum(k.ht_cents) from s join invoice_lines k on k.invoice_id = s.id group by s.id, k.kind
  union all select s.*, 2, '445710', 'TVA collectée', '', '', 0, (select sum(ttc_cents - ht_cents) from invoice_lines where invoice_id = s.id) from s)
union all
select 'BQ', 'Banque', p.id, replace(p.paid_on, '-', ''), a, 'Banque', x, '', i.number, replace(p.paid_on, '-', ''), 'Règlement prélèvement facture ' || i.number,
       ${amount('p.amount_cents * (1 - o)')}, ${amount('p.amount_cents * o')}, '', '', replace(p.paid_on, '-', ''), '', ''
  from payments p join invoices i on i.id = p.invoice_id join (select 0 o, '512000' a, '' x union all select 1, '411000', 'C') on 1
  where p.paid_on between '2026-10-01' and '2026-10-31'`;

function measure(cmd) {
  const timed = TIME ? `${TIME} -f __RSS_KB=%M ${cmd}` : cmd;
  const t0 = performance.now();
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', `${timed} | wc -l`], { encoding: 'utf8', cwd: root, env: { ...process.env, LANG: 'C', LC_ALL: 'C' } });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd}: exit ${r.status}\n${r.stderr}`);
  const m = /__RSS_KB=(\d+)/.exec(r.stderr);
  return { seconds, rssMb: m ? Number(m[1]) / 1024 : null, lines: Number(r.stdout.trim()) };
}
const median = (ms) => [...ms].sort((a, b) => a.seconds - b.seconds)[Math.floor(ms.length / 2)];
const ours = `${q(process.execPath)} ${q(bin)} --db ${q(db)} --date 2026-11-27 bill export --month 2026-10 --format entries`;
const theirs = SQLITE3 ? `${SQLITE3} -separator '|' ${q(db)} ${q(REF)}` : null;
const runs = { ours: [], theirs: [] };
for (let i = 0; i < RUNS; i++) {
  if (theirs) runs.theirs.push(measure(theirs));
  runs.ours.push(measure(ours));
}
const a = median(runs.ours);
const b = theirs ? median(runs.theirs) : null;
if (b && b.lines !== a.lines - 1) throw new Error(`sqlite3 wrote ${b.lines} rows, the export ${a.lines - 1} lines: not the same rows`);
const ratio = b ? a.seconds / b.seconds : null;
console.log(`${N.toLocaleString('en')} invoices, ${(a.lines - 1).toLocaleString('en')} FEC lines into a pipe; median of ${RUNS} interleaved runs.\n`);
console.log('| what | wall s | peak RSS MB | sqlite3 s | ratio |');
console.log('|---|---:|---:|---:|---:|');
console.log(
  `| bill export --format entries | ${a.seconds.toFixed(2)} | ${a.rssMb?.toFixed(0) ?? 'n/a'} | ${b ? b.seconds.toFixed(2) : 'n/a'} | ${ratio ? `${ratio.toFixed(2)}×` : 'n/a'} |`,
);
const ok = (ratio == null || ratio <= 3) && (a.rssMb == null || a.rssMb < 150);
console.log(
  `\nTargets (issue 25): ≤ 3× sqlite3 ${ratio == null ? 'n/a' : ratio <= 3 ? 'met' : 'NOT met'}; < 150 MB ${a.rssMb == null ? 'n/a' : a.rssMb < 150 ? 'met' : 'NOT met'}`,
);
process.exit(ok ? 0 : 1);
