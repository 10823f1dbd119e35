// `npm run bench -- billing`: the monthly run on 100 000 active members (subscription, an
// option each, a pending charge for one in ten) against a hand-written raw better-sqlite3
// floor writing the same invoices, lines and audit entries (bench/billing-raw.mjs).
// Every measurement runs in its own child process (wall time and peak RSS).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench', 'out');
fs.mkdirSync(out, { recursive: true });
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const N = Number(process.env.BENCH_MEMBERS ?? 100_000);
const MONTH = '2026-12';
const DATE = '2026-12-01';

function measure(cmd, args) {
  const full = TIME ? [TIME, ['-f', '__RSS_KB=%M', cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(full[0], full[1], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, cwd: root });
  const seconds = (performance.now() - t0) / 1000;
  const m = /__RSS_KB=(\d+)/.exec(r.stderr ?? '');
  return { seconds, rssMb: m ? Number(m[1]) / 1024 : null, code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const rm = (db) => {
  for (const s of ['', '-wal', '-shm']) fs.rmSync(db + s, { force: true });
};
const bin = path.join(root, 'bin/parnasse.js');

const seed = path.join(out, 'billing-seed.db');
rm(seed);
spawnSync(process.execPath, [bin, '--db', seed, 'db', 'migrate'], { cwd: root, stdio: 'inherit' });
spawnSync(process.execPath, [path.join(root, 'bench/billing-seed.mjs'), seed, String(N)], { stdio: 'inherit' });
const copy = (name) => {
  const db = path.join(out, name);
  rm(db);
  fs.copyFileSync(seed, db);
  return db;
};

const rawDb = copy('billing-raw.db');
const raw = measure(process.execPath, [path.join(root, 'bench/billing-raw.mjs'), rawDb, MONTH, DATE]);
if (raw.code !== 0) throw new Error(`raw floor failed: ${raw.stderr}`);
const runDb = copy('billing-run.db');
const args = ['--db', runDb, '--json', '--quiet', '--date', DATE, 'bill', 'run', '--month', MONTH];
const first = measure(process.execPath, [bin, ...args]);
if (first.code !== 0) throw new Error(`bill run failed (${first.code}): ${first.stdout.slice(0, 300)} ${first.stderr.slice(0, 300)}`);
const res = JSON.parse(first.stdout);
const second = measure(process.execPath, [bin, ...args]);
const res2 = JSON.parse(second.stdout);
const rawInvoices = JSON.parse(raw.stdout).invoices;
const ratio = first.seconds / raw.seconds;
const f = (s) => `${s.toFixed(2)} s`;
const mb = (x) => (x == null ? 'n/a' : `${x.toFixed(0)} MB`);
console.log(`members: ${N}, lines: ${JSON.stringify(res.lines)}`);
console.log(`raw better-sqlite3 floor : ${f(raw.seconds)} (${rawInvoices} invoices), peak RSS ${mb(raw.rssMb)}`);
console.log(
  `bill run                 : ${f(first.seconds)} (${res.invoices} invoices, ${(res.total_ttc_cents / 100).toFixed(2)} € TTC), peak RSS ${mb(first.rssMb)}`,
);
console.log(`ratio run / floor        : ${ratio.toFixed(2)}× (target ≤ 1.5×)`);
console.log(`second run, same month   : ${f(second.seconds)} (${res2.invoices} invoices; target < 1 s), peak RSS ${mb(second.rssMb)}`);
const ok = res.invoices === rawInvoices && res2.invoices === 0 && (first.rssMb == null || first.rssMb < 300);
fs.writeFileSync(
  path.join(out, 'billing.json'),
  JSON.stringify({ members: N, raw_s: raw.seconds, run_s: first.seconds, ratio, run_peak_rss_mb: first.rssMb, second_run_s: second.seconds }, null, 2),
);

// The month's accounting export (issue 14: exports stream like lists), written into a pipe,
// against `sqlite3 -json` of the same invoice lines: wall time, peak RSS, ratio.
const SQLITE3 = ['/usr/bin/sqlite3', '/usr/local/bin/sqlite3'].find((p) => fs.existsSync(p)) ?? null;
const q = (x) => `'${String(x).replace(/'/g, `'\\''`)}'`;
function piped(cmd) {
  const timed = TIME ? `${TIME} -f __RSS_KB=%M ${cmd}` : cmd;
  const t0 = performance.now();
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', `${timed} | wc -c`], { encoding: 'utf8', cwd: root, env: { ...process.env, LANG: 'C', LC_ALL: 'C' } });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd}: exit ${r.status}\n${r.stderr}`);
  const m = /__RSS_KB=(\d+)/.exec(r.stderr);
  return { seconds, rssMb: m ? Number(m[1]) / 1024 : null, bytes: Number(r.stdout.trim()) };
}
const linesSql = `select i.number, i.issued_on, m.member_no, l.* from invoice_lines l join invoices i on i.id = l.invoice_id join members m on m.id = i.member_id where i.issued_on like '${MONTH}%' order by i.id, l.id`;
const shell = SQLITE3 ? piped(`${SQLITE3} -json ${q(runDb)} ${q(linesSql)}`) : null;
// the same rows with the columns the export computes (what was paid and credited per invoice)
const sameSql = `select i.number, i.kind, i.issued_on, i.pay_by, m.member_no, m.first_name || ' ' || m.last_name as member, l.kind, l.label, l.period, l.ht_cents, l.ttc_cents,
  coalesce((select sum(p.amount_cents) from payments p where p.invoice_id = i.id and not exists (select 1 from payment_reversals r where r.payment_id = p.id)), 0) as paid,
  coalesce((select sum(c.total_ttc_cents) from invoices c where c.refers_to = i.id and c.kind = 'credit_note'), 0) as credited, i.total_ttc_cents
  from invoices i join members m on m.id = i.member_id join invoice_lines l on l.invoice_id = i.id where i.issued_on like '${MONTH}%' order by i.id, l.id`;
const same = SQLITE3 ? piped(`${SQLITE3} -json ${q(runDb)} ${q(sameSql)}`) : null;
const base = `${q(process.execPath)} ${q(bin)} --db ${q(runDb)} --date ${DATE} bill export --month ${MONTH} --format csv`;
console.log(`\naccounting export of ${MONTH} (${res.lines ? JSON.stringify(res.lines) : ''} lines), into a pipe:`);
for (const [name, cmd] of [
  ['csv', base],
  ['csv --french', `${base} --french`],
]) {
  const m = piped(cmd);
  const ratio = shell ? m.seconds / shell.seconds : null;
  console.log(
    `  bill export ${name.padEnd(12)}: ${f(m.seconds)}, peak RSS ${mb(m.rssMb)}, ${(m.bytes / 1048576).toFixed(1)} MB` +
      (shell ? `; sqlite3 -json of the lines ${f(shell.seconds)} → ${ratio.toFixed(2)}×` : '') +
      (same ? `; of the same columns (paid, credited) ${f(same.seconds)} → ${(m.seconds / same.seconds).toFixed(2)}×` : '') +
      ' (target ≤ 3×, < 150 MB)',
  );
}
// The month's SEPA file (issue 14: exports at scale): every member given a mandate, the
// club's creditor settings set, then `bill export --format sepa` of the run's month.
const sepaDb = path.join(out, 'billing-sepa.db');
rm(sepaDb);
fs.copyFileSync(runDb, sepaDb);
const club = [
  ['seller.name', 'Cercle Parnasse'],
  ['seller.legal_form', 'SAS'],
  ['seller.capital', '150 000'],
  ['seller.street', '8 rue de la Paix'],
  ['seller.postal_code', '75002'],
  ['seller.city', 'Paris'],
  ['seller.rcs', 'Paris'],
  ['seller.siren', '732 829 320'],
  ['seller.vat_number', 'FR44732829320'],
  ['creditor.ics', 'FR19ZZZ654321'],
  ['creditor.iban', 'FR76 3000 6000 0112 3456 7890 189'],
  ['creditor.bic', 'AGRIFRPP'],
];
for (const [k, v] of club) spawnSync(process.execPath, [bin, '--db', sepaDb, '--quiet', 'settings', 'set', k, v], { cwd: root });
{
  const s = new Database(sepaDb);
  s.prepare(
    "insert into sepa_mandates (member_id, rum, iban, signed_on, recorded_on) select id, 'RUM-' || id, 'FR7630004000031234567890143', '2024-01-15', '2024-01-15' from members",
  ).run();
  s.close();
}
// (the --json result lists every debit: 20 MB of JSON, read by this process)
const sepaArgs = [
  '--db',
  sepaDb,
  '--json',
  '--date',
  DATE,
  'bill',
  'export',
  '--month',
  MONTH,
  '--format',
  'sepa',
  '--out',
  path.join(out, 'billing-sepa.xml'),
];
const sepa = measure(process.execPath, [bin, ...sepaArgs]);
if (sepa.code !== 0) throw new Error(`sepa export failed (${sepa.code}): ${sepa.stderr.slice(0, 300)}`);
console.log(
  `\nSEPA file of ${MONTH} (bill export --format sepa): ${JSON.parse(sepa.stdout).transactions} debits in ${f(sepa.seconds)}, peak RSS ${mb(sepa.rssMb)} (target < 150 MB)`,
);
// the same month again: the same message rewritten from the books
const again = measure(process.execPath, [bin, ...sepaArgs.slice(0, -1), path.join(out, 'billing-sepa-again.xml')]);
if (again.code !== 0) throw new Error(`sepa export again failed (${again.code}): ${again.stderr.slice(0, 300)}`);
const sameFile = fs.readFileSync(path.join(out, 'billing-sepa.xml')).equals(fs.readFileSync(path.join(out, 'billing-sepa-again.xml')));
console.log(`  the same month again (rewritten): ${f(again.seconds)}, peak RSS ${mb(again.rssMb)}, ${sameFile ? 'same bytes' : 'DIFFERENT BYTES'}`);
const sepaOk = sameFile && (sepa.rssMb == null || (sepa.rssMb < 150 && again.rssMb < 150));
const results = JSON.parse(fs.readFileSync(path.join(out, 'billing.json'), 'utf8'));
fs.writeFileSync(
  path.join(out, 'billing.json'),
  JSON.stringify({ ...results, sepa_s: sepa.seconds, sepa_peak_rss_mb: sepa.rssMb, sepa_again_s: again.seconds, sepa_again_peak_rss_mb: again.rssMb }, null, 2),
);
process.exit(ok && sepaOk ? 0 : 1);
