// `npm run bench -- dbcheck`: `db check` on a club of N members (DBCHECK_MEMBERS, default
// 100 000) written through parnasse: `member import` (an IBAN each), then the monthly run of
// December 2026 (an invoice each, its audit entry and frozen data). Each set-up step and each
// check runs in its own child process (wall time, peak RSS). The set-up is made afresh.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench', 'out');
fs.mkdirSync(out, { recursive: true });
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const N = Number(process.env.DBCHECK_MEMBERS ?? 100_000);
const bin = path.join(root, 'bin/parnasse.js');
const db = path.join(out, `dbcheck-${N}.db`);

function measure(args, ok = [0]) {
  const full = TIME ? [TIME, ['-f', '__RSS_KB=%M', process.execPath, bin, '--db', db, ...args]] : [process.execPath, [bin, '--db', db, ...args]];
  const t0 = performance.now();
  const r = spawnSync(full[0], full[1], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, cwd: root, env: { ...process.env, LANG: 'C' } });
  const seconds = (performance.now() - t0) / 1000;
  if (!ok.includes(r.status)) throw new Error(`${args.join(' ')}: exit ${r.status}\n${r.stdout.slice(0, 500)}\n${r.stderr.slice(0, 500)}`);
  const m = /__RSS_KB=(\d+)/.exec(r.stderr ?? '');
  return { seconds, rssMb: m ? Number(m[1]) / 1024 : null, stdout: r.stdout };
}

/** A valid French IBAN for account number i (RIB key and mod-97 key computed). */
function iban(i) {
  const account = String(i).padStart(11, '0');
  const rib = 97 - ((89 * 30006 + 15 * 1 + 3 * Number(account)) % 97); // the RIB key
  const bban = `3000600001${account}${String(rib).padStart(2, '0')}`;
  const digits = `${bban}152700`; // FR00 moved to the end, letters as numbers
  let r = 0;
  for (const c of digits) r = (r * 10 + Number(c)) % 97;
  return `FR${String(98 - r).padStart(2, '0')}${bban}`;
}

function memberCsv(file) {
  const header =
    'member_no;kind;first_name;last_name;email;phone;street;postal_code;city;department;company_name;company_siren;contract_start;status;orange_subscriptions;line_technology;iban;delegate_name;options';
  const fd = fs.openSync(file, 'w');
  let buf = `${header}\r\n`;
  for (let i = 1; i <= N; i++) {
    buf += `${i};person;Claire;Dubois${i};m${i}@example.fr;;${(i % 99) + 1} rue de la Paix;75008;Paris;75;;;15/03/2024;active;1;fibre;${iban(i)};;\r\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

for (const s of ['', '-wal', '-shm', '.seals']) fs.rmSync(db + s, { force: true });
const csv = path.join(out, `dbcheck-members-${N}.csv`);
memberCsv(csv);
const f = (s) => `${s.toFixed(2)} s`;
const mb = (x) => (x == null ? 'n/a' : `${x.toFixed(0)} MB`);
const imp = measure(['--quiet', '--date', '2026-11-26', 'member', 'import', csv]);
console.log(`member import (${N} members)  : ${f(imp.seconds)}, peak RSS ${mb(imp.rssMb)}`);
for (const s of ['2026-S2', '2027-S1']) measure(['--quiet', 'bill', 'rates', 'set', s, '4.92']);
const run = measure(['--quiet', '--json', '--date', '2026-12-01', 'bill', 'run', '--month', '2026-12']);
console.log(`bill run 2026-12               : ${f(run.seconds)} (${JSON.parse(run.stdout).invoices} invoices), peak RSS ${mb(run.rssMb)}`);
const checks = [];
for (let k = 0; k < 2; k++) {
  const c = measure(['--json', 'db', 'check'], [0, 4]);
  const r = JSON.parse(c.stdout);
  checks.push(c.seconds);
  console.log(
    `db check (${k + 1})                  : ${f(c.seconds)}, peak RSS ${mb(c.rssMb)}, ok: ${r.ok}${r.ok ? '' : ` — ${r.problems.length} problems, first: ${r.problems[0]?.message}`}`,
  );
}
fs.writeFileSync(path.join(out, 'dbcheck.json'), JSON.stringify({ members: N, import_s: imp.seconds, run_s: run.seconds, check_s: checks }, null, 2));
