// `npm run bench -- lists`: every list command on 100 000 rows, in JSON and in human form,
// written into a pipe (`| wc -c`): wall time, peak RSS of the parnasse process, bytes, and
// the ratio to `sqlite3 -json` writing the same rows into the same pipe (issues 11, 14).
// Needs /usr/bin/time (peak RSS) and the sqlite3 shell (apt-get install sqlite3) for the ratio.
// Set-up (cached in bench/out/lists.db): 100 000 candidacies (candidate import), 100 000
// members (member import), 100 000 invoices of October 2026 (two lines each, every other one
// paid) and 100 000 interventions of one member (inserted directly: the list is what is
// measured, not the billing run). The month's accounting export is measured on the same
// invoices (`bill export --format csv`, 200 000 lines).
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
const N = Number(process.env.LISTS_ROWS ?? 100_000);
const DATE = '2026-11-27';
const bin = path.join(root, 'bin/parnasse.js');
const db = path.join(out, `lists-${N}.db`);
const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: root, maxBuffer: 1 << 26, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r;
}

function memberCsv(file) {
  const header =
    'member_no;kind;first_name;last_name;email;phone;street;postal_code;city;department;company_name;company_siren;contract_start;status;orange_subscriptions;line_technology;iban;delegate_name;options';
  const cities = [
    ['75008', 'Paris', '75'],
    ['13007', 'Marseille', '13'],
    ['67000', 'Strasbourg', '67'],
    ['33000', 'Bordeaux', '33'],
    ['69006', 'Lyon', '69'],
  ];
  const first = ['Claire', 'Antoine', 'Hélène', 'François', 'Amélie', 'Jérôme'];
  const last = ['Dubois', 'Lefèvre', 'Marchand', 'Gauthier', 'Rousseau-Bérard de Montmorency'];
  const fd = fs.openSync(file, 'w');
  let buf = `${header}\r\n`;
  for (let i = 1; i <= N; i++) {
    const [pc, city, dep] = cities[i % cities.length];
    buf += `${i};person;${first[i % first.length]};${last[i % last.length]};m${i}@example.fr;;${(i % 99) + 1} rue de la Paix;${pc};${city};${dep};;;15/03/2024;active;1;fibre;;;\r\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

// the set-up's version: a database made by an older set-up is made again
const SETUP = 'v2: October invoices with lines and payments';
function setUp() {
  if (fs.existsSync(`${db}.ready`) && fs.readFileSync(`${db}.ready`, 'utf8') === SETUP) return;
  for (const s of ['', '-wal', '-shm']) fs.rmSync(db + s, { force: true });
  const cands = path.join(out, `lists-candidates-${N}.csv`);
  const membersFile = path.join(out, `lists-members-${N}.csv`);
  run(process.execPath, [path.join(root, 'bench/generate.mjs'), String(N), cands]);
  memberCsv(membersFile);
  run(process.execPath, [bin, '--db', db, '--quiet', '--date', '2026-11-26', 'member', 'import', membersFile]);
  run(process.execPath, [bin, '--db', db, '--quiet', '--date', '2026-11-26', 'candidate', 'import', cands]);
  const s = new Database(db);
  const ids = s.prepare('select id from members order by member_no limit 1000').pluck().all();
  const inv = s.prepare(
    `insert into invoices (number, kind, member_id, issued_on, pay_by, total_ht_cents, total_vat_cents, total_ttc_cents) values (?, 'invoice', ?, ?, ?, 125000, 25000, 150000)`,
  );
  const line = s.prepare(`insert into invoice_lines (invoice_id, kind, label, period, ttc_cents, ht_cents) values (?, ?, ?, '2026-10', ?, ?)`);
  const pay = s.prepare(`insert into payments (invoice_id, amount_cents, paid_on, method) values (?, 150000, ?, 'sepa')`);
  const itv = s.prepare(
    `insert into interventions (member_id, kind, postal_code, department, zone_id, start_at, minutes, included, charge_cents, contract_year_from, contract_year_to)
     values (?, 'technician', '75008', '75', 'paris', ?, 60, ?, ?, '2024-03-15', '2025-03-14')`,
  );
  s.transaction(() => {
    for (let i = 1; i <= N; i++) {
      const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(i / 50) * 86_400_000).toISOString().slice(0, 10);
      const issued = `2026-10-${String(1 + Math.floor(((i - 1) * 31) / N)).padStart(2, '0')}`;
      const id = inv.run(`F2026-${String(i).padStart(6, '0')}`, ids[i % ids.length], issued, issued).lastInsertRowid;
      line.run(id, 'subscription', 'Cotisation Parnasse Intérieur — octobre 2026', 120000, 100000);
      line.run(id, 'option', 'Option « Conciergerie », octobre 2026', 30000, 25000);
      if (i % 2 === 0) pay.run(id, issued);
      itv.run(ids[0], `${day}T${String(8 + (i % 8)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`, i % 3 ? 1 : 0, i % 3 ? 0 : 45000);
    }
  })();
  s.close();
  fs.writeFileSync(`${db}.ready`, SETUP);
}

/** Runs a shell pipeline `cmd | wc -c` and measures the first command (wall, peak RSS). */
function measure(cmd) {
  const timed = TIME ? `${TIME} -f __RSS_KB=%M ${cmd}` : cmd;
  const t0 = performance.now();
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', `${timed} | wc -c`], {
    encoding: 'utf8',
    cwd: root,
    env: { ...process.env, LANG: 'C', LC_ALL: 'C', NO_COLOR: '1' },
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd}: exit ${r.status}\n${r.stderr}`);
  const m = /__RSS_KB=(\d+)/.exec(r.stderr);
  return { seconds, rssMb: m ? Number(m[1]) / 1024 : null, bytes: Number(r.stdout.trim()) };
}

setUp();
const s = new Database(db, { readonly: true });
const firstMember = s.prepare('select member_no from members order by member_no limit 1').pluck().get();
const firstId = s.prepare('select id from members order by member_no limit 1').pluck().get();
s.close();

const LISTS = [
  {
    name: 'candidate list',
    args: ['candidate', 'list'],
    sql: 'select * from candidacies c left join members m on m.id = c.member_id order by c.applied_on, c.ref',
  },
  {
    name: 'committee agenda',
    args: ['committee', 'agenda'],
    sql: "select * from candidacies where status in ('received','incomplete','ineligible','ready') order by applied_on, ref",
  },
  {
    name: 'member list',
    args: ['member', 'list'],
    sql: 'select m.*, a.zone_id from members m left join addresses a on a.member_id = m.id and a.is_main = 1 and a.removed_on is null order by m.member_no',
  },
  {
    name: 'bill list',
    args: ['bill', 'list'],
    sql: 'select * from invoices order by issued_on, id',
    // the same rows as the list: each invoice's payments, credit notes, allocations, refunds and
    // disputes as of the date summed by sqlite3, and the settlement of src/rules/invoices.ts
    // (outstanding, contested, late, status) written in SQL — what sqlite3 takes to say the
    // same thing. The bench checks that it does (same elements as `--json bill list`).
    same: `with s as (
        select i.id, i.number, i.kind, m.member_no, i.issued_on, i.pay_by, i.total_ttc_cents, r.number as refers_to,
          coalesce(p.s, 0) as paid, coalesce(c.s, 0) as credited, coalesce(ai.s, 0) + coalesce(p.s, 0) + coalesce(c.s, 0) - coalesce(f.s, 0) - coalesce(ao.s, 0) as settled,
          coalesce(d.s, 0) as disputed, coalesce(u.s, 0) as upheld
        from invoices i join members m on m.id = i.member_id left join invoices r on r.id = i.refers_to
        left join (select invoice_id, sum(amount_cents) as s from payments p where paid_on <= '${DATE}'
                   and not exists (select 1 from payment_reversals v where v.payment_id = p.id) group by invoice_id) p on p.invoice_id = i.id
        left join (select refers_to, sum(total_ttc_cents) as s from invoices where kind = 'credit_note' and issued_on <= '${DATE}' group by refers_to) c on c.refers_to = i.id
        left join (select invoice_id, sum(amount_cents) as s from credit_allocations where allocated_on <= '${DATE}' group by invoice_id) ai on ai.invoice_id = i.id
        left join (select from_invoice_id, sum(amount_cents) as s from credit_allocations where allocated_on <= '${DATE}' group by from_invoice_id) ao on ao.from_invoice_id = i.id
        left join (select invoice_id, sum(amount_cents) as s from refunds where refunded_on <= '${DATE}' group by invoice_id) f on f.invoice_id = i.id
        left join (select invoice_id, sum(amount_cents) as s from disputes where opened_on <= '${DATE}' and (resolved_on is null or resolved_on > '${DATE}') group by invoice_id) d on d.invoice_id = i.id
        left join (select invoice_id, sum(amount_cents) as s from disputes where status = 'upheld' and resolved_on = '${DATE}' group by invoice_id) u on u.invoice_id = i.id
        where i.issued_on <= '${DATE}'),
      o as (select *, case when kind = 'credit_note' then 0 else max(0, total_ttc_cents - settled) end as outstanding from s),
      k as (select *, min(outstanding, disputed) as contested from o),
      l as (select *, case when '${DATE}' > pay_by then max(0, outstanding - contested - upheld) else 0 end as late_cents from k)
      select number, kind, cast(member_no as text) as member_no, issued_on, pay_by, total_ttc_cents,
        paid as paid_cents, outstanding as outstanding_cents, contested as contested_cents,
        late_cents > 0 as late,
        case when kind = 'credit_note' then 'credited' when credited >= total_ttc_cents and total_ttc_cents > 0 then 'credited'
             when outstanding = 0 then 'paid' when late_cents > 0 then 'late' when contested > 0 then 'disputed'
             when settled > 0 then 'partially_paid' else 'open' end as status,
        refers_to
      from l order by issued_on, id`,
  },
  {
    name: 'intervene list',
    args: ['intervene', 'list', String(firstMember)],
    sql: `select * from interventions where member_id = ${firstId} order by start_at, id`,
  },
  {
    // an export has no JSON form (it is a file format): its two forms are the CSV and the French CSV
    name: 'bill export',
    forms: [
      ['csv', ['bill', 'export', '--month', '2026-10', '--format', 'csv']],
      ['csv --french', ['bill', 'export', '--month', '2026-10', '--format', 'csv', '--french']],
    ],
    sql: "select i.number, i.issued_on, m.member_no, l.* from invoice_lines l join invoices i on i.id = l.invoice_id join members m on m.id = i.member_id where i.issued_on like '2026-10%' order by i.id, l.id",
  },
];

// Each measured RUNS times, interleaved (sqlite3, json, human, sqlite3, …), the median kept:
// on a shared 2-core machine a single run of a 0.2–1 s command varies by ±30 %.
const RUNS = Number(process.env.LISTS_RUNS ?? 3);
const median = (ms) => {
  const by = [...ms].sort((a, b) => a.seconds - b.seconds);
  return by[Math.floor(by.length / 2)];
};
const ONLY = process.env.LISTS_ONLY ? process.env.LISTS_ONLY.split(',') : null;
const rows = [];
/** The same-rows query says what the list says: its elements equal the list's --json ones (sqlite3's 0/1 read as booleans). */
function checkSame(l, base) {
  const ours = JSON.parse(spawnSync('bash', ['-c', `${base} --json ${l.args.map(q).join(' ')}`], { encoding: 'utf8', cwd: root, maxBuffer: 1 << 30 }).stdout);
  const theirs = JSON.parse(spawnSync(SQLITE3, ['-json', db, l.same], { encoding: 'utf8', maxBuffer: 1 << 30 }).stdout);
  const bools = new Set(Object.keys(ours[0] ?? {}).filter((k) => typeof ours[0][k] === 'boolean'));
  const norm = theirs.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, bools.has(k) ? !!v : v])));
  if (JSON.stringify(norm) !== JSON.stringify(ours)) throw new Error(`${l.name}: the sqlite3 reference query does not give the list's rows`);
}

for (const l of LISTS.filter((x) => !ONLY || ONLY.some((o) => x.name.includes(o)))) {
  const base = `${q(process.execPath)} ${q(bin)} --db ${q(db)} --date ${DATE}`;
  const forms = l.forms ?? [
    ['json', ['--json', ...l.args]],
    ['human', l.args],
  ];
  if (SQLITE3 && l.same) checkSame(l, base);
  const runs = { shell: [], forms: forms.map(() => []) };
  for (let i = 0; i < RUNS; i++) {
    if (SQLITE3) runs.shell.push(measure(`${SQLITE3} -json ${q(db)} ${q(l.sql)}`));
    if (SQLITE3 && l.same) (runs.same ??= []).push(measure(`${SQLITE3} -json ${q(db)} ${q(l.same)}`));
    for (const [k, [, args]] of forms.entries()) runs.forms[k].push(measure(`${base} ${args.map(q).join(' ')}`));
  }
  const plain = SQLITE3 ? median(runs.shell) : null;
  const same = runs.same ? median(runs.same) : null;
  // the reference is sqlite3 writing the same rows: for a list of computed rows (bill list) the
  // query that computes them — checked to give the same elements — the table's dump aside
  rows.push({ name: l.name, shell: same ?? plain, plain: same ? plain : null, forms: forms.map(([form], k) => [form, median(runs.forms[k])]) });
}

const f = (x, d = 2) => (x == null ? 'n/a' : x.toFixed(d));
const mb = (b) => (b / 1024 / 1024).toFixed(1);
console.log(
  `${N.toLocaleString('en')} rows per list, written into a pipe (| wc -c); sqlite3 -json of the same rows for reference; median of ${RUNS} interleaved runs.\n`,
);
console.log('| list | form | wall s | peak RSS MB | output MB | sqlite3 -json s | ratio to sqlite3 |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  for (const [form, m] of r.forms) {
    const ratio = r.shell ? m.seconds / r.shell.seconds : null;
    console.log(
      `| ${r.name} | ${form} | ${f(m.seconds)} | ${f(m.rssMb, 0)} | ${mb(m.bytes)} | ${r.shell ? f(r.shell.seconds) : 'n/a'} | ${ratio == null ? 'n/a' : `${f(ratio)}×`} |`,
    );
  }
}
console.log('\nTargets (issue 14: the JSON form — for an export, which has none, its CSV — ≤ 3× sqlite3 -json; peak RSS < 150 MB; issue 11: human ≤ 2× JSON):');
let allMet = true;
for (const r of rows) {
  const [[first, m0], [, m1]] = r.forms;
  const ratio = r.shell ? m0.seconds / r.shell.seconds : null;
  const rss = Math.max(...r.forms.map(([, m]) => m.rssMb ?? 0));
  const hj = m1.seconds / m0.seconds;
  const human = first === 'json';
  if ((ratio != null && ratio > 3) || rss >= 150 || (human && hj > 2)) allMet = false;
  console.log(
    `  ${r.name.padEnd(17)} ${first} ${ratio == null ? 'n/a' : `${f(ratio)}× ${ratio <= 3 ? 'met' : 'NOT met'}`}; peak RSS ${f(rss, 0)} MB ${rss < 150 ? 'met' : 'NOT met'}` +
      (human ? `; human/json ${f(hj)}× ${hj <= 2 ? 'met' : 'NOT met'}` : ''),
  );
}
for (const r of rows.filter((x) => x.plain)) {
  const [, m0] = r.forms[0];
  console.log(
    `  (${r.name}: its rows are computed — paid, outstanding, status as of the date; sqlite3 -json of the bare invoice table, without them, ${f(r.plain.seconds)} s → ${f(m0.seconds / r.plain.seconds)}×)`,
  );
}
console.log(allMet ? '\nevery list met its targets' : '\nsome targets NOT met');
fs.writeFileSync(path.join(out, 'lists-results.json'), JSON.stringify(rows, null, 2));
