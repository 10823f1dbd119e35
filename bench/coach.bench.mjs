// `npm run bench -- coach`: the coach check of `intervene add --coach` (issue 11) stays a
// range of the index (coach_key, start_at) as bookings grow. Two databases (billing seed
// members, coach visits spread over 3 years and 40 coaches): a small one and one with
// BENCH_VISITS bookings. Measures the lookup itself (the module's query, prepared once,
// many times, µs per lookup) and one whole `intervene add --coach` in a child process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench', 'out');
fs.mkdirSync(out, { recursive: true });
const bin = path.join(root, 'bin/parnasse.js');
const BIG = Number(process.env.BENCH_VISITS ?? 1_000_000);
const SMALL = 1_000;
const MEMBERS = 2_000;
const COACHES = 40;
const rm = (db) => {
  for (const s of ['', '-wal', '-shm']) fs.rmSync(db + s, { force: true });
};

function build(name, visits) {
  const file = path.join(out, name);
  rm(file);
  spawnSync(process.execPath, [bin, '--db', file, 'db', 'migrate'], { cwd: root, stdio: 'ignore' });
  spawnSync(process.execPath, [path.join(root, 'bench/billing-seed.mjs'), file, String(MEMBERS)], { stdio: 'inherit' });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const ins =
    db.prepare(`insert into interventions (member_id, kind, postal_code, department, zone_id, start_at, minutes, included, contract_year_from, contract_year_to, coach, coach_key)
    values (?, 'coach', '75116', '75', 'paris', ?, 60, 0, '2026-12-01', '2027-11-30', ?, ?)`);
  const t0 = Date.UTC(2027, 0, 1);
  db.transaction(() => {
    for (let i = 0; i < visits; i++) {
      // every coach every hour of the working day, one slot after the other
      const slot = Math.floor(i / COACHES);
      const day = Math.floor(slot / 10);
      const at = new Date(t0 + day * 86_400_000 + (8 + (slot % 10)) * 3_600_000).toISOString().slice(0, 16);
      const c = i % COACHES;
      ins.run(1 + (i % MEMBERS), at, `Coach ${c}`, `coach${c}`);
    }
  })();
  db.close();
  return file;
}

const QUERY = `select i.id, m.member_no, i.coach, i.postal_code, i.start_at, i.minutes from interventions i join members m on m.id = i.member_id
  where i.coach_key = ? and i.start_at >= ? and i.start_at < ? and i.cancelled_on is null order by i.start_at, i.id`;

function lookups(file, n = 20_000) {
  const db = new Database(file, { readonly: true });
  const q = db.prepare(QUERY);
  const plan = db
    .prepare(`explain query plan ${QUERY}`)
    .all('coach1', '2027-06-01T08:00', '2027-06-02T12:00')
    .map((r) => r.detail)
    .join('; ');
  const t0 = performance.now();
  let rows = 0;
  for (let i = 0; i < n; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    rows += q.all(`coach${i % COACHES}`, `2027-02-${day}T08:00`, `2027-02-${day}T12:00`).length;
  }
  const us = ((performance.now() - t0) * 1000) / n;
  db.close();
  return { us, rows: rows / n, plan };
}

function book(file) {
  const args = ['--db', file, '--json', 'intervene', 'add', '1', '--kind', 'coach', '--start', '2026-12-07T09:00', '--minutes', '60', '--coach', 'coach 1'];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`intervene add failed (${r.status}): ${r.stdout} ${r.stderr}`);
  return s;
}

const small = build('coach-small.db', SMALL);
const big = build('coach-big.db', BIG);
const a = lookups(small);
const b = lookups(big);
console.log(`coach lookups (module's query, prepared once, 20 000 times; ${COACHES} coaches)`);
console.log(`  ${SMALL.toLocaleString('en')} bookings: ${a.us.toFixed(1)} µs per lookup (${a.rows.toFixed(1)} rows)`);
console.log(`  ${BIG.toLocaleString('en')} bookings: ${b.us.toFixed(1)} µs per lookup (${b.rows.toFixed(1)} rows)  plan: ${b.plan}`);
console.log(`intervene add --coach, whole command: ${book(small).toFixed(2)} s (small) / ${book(big).toFixed(2)} s (${BIG.toLocaleString('en')} bookings)`);
rm(small);
rm(big);
