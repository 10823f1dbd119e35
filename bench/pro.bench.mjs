// `npm run bench -- pro`: what Univers Pro bricks cost the monthly run. The billing seed
// (N active members, an option each, a pending charge for one in ten), then the same with
// a maintenance brick for one member in four (prorated first month, key brick:ID, one more
// cursor each), and `pro list` of every brick streamed as JSON. Each measurement runs in
// its own child process (wall time and peak RSS).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench', 'out');
fs.mkdirSync(out, { recursive: true });
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const N = Number(process.env.BENCH_MEMBERS ?? 40_000);
const MONTH = '2026-12';
const DATE = '2026-12-01';
const bin = path.join(root, 'bin/parnasse.js');

function measure(args) {
  const full = TIME ? [TIME, ['-f', '__RSS_KB=%M', process.execPath, bin, ...args]] : [process.execPath, [bin, ...args]];
  const t0 = performance.now();
  const r = spawnSync(full[0], full[1], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, cwd: root });
  const seconds = (performance.now() - t0) / 1000;
  const m = /__RSS_KB=(\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stdout.slice(0, 300)} ${r.stderr.slice(0, 300)}`);
  return { seconds, rssMb: m ? Number(m[1]) / 1024 : null, stdout: r.stdout };
}
const rm = (db) => {
  for (const s of ['', '-wal', '-shm']) fs.rmSync(db + s, { force: true });
};

const seed = path.join(out, 'pro-seed.db');
rm(seed);
spawnSync(process.execPath, [bin, '--db', seed, 'db', 'migrate'], { cwd: root, stdio: 'inherit' });
spawnSync(process.execPath, [path.join(root, 'bench/billing-seed.mjs'), seed, String(N)], { stdio: 'inherit' });
const copy = (name) => {
  const db = path.join(out, name);
  rm(db);
  fs.copyFileSync(seed, db);
  return db;
};

const plain = copy('pro-plain.db');
const withBricks = copy('pro-bricks.db');
const db = new Database(withBricks);
const ins = db.prepare(
  `insert into pro_bricks (member_id, brick, price_ttc_cents, start_on, basis, agreed_on) values (?, 'wifi_public', 6000, '2026-12-10', 'agreed', '2026-12-01')`,
);
let bricks = 0;
db.transaction(() => {
  for (let id = 4; id <= N; id += 4) {
    ins.run(id);
    bricks++;
  }
})();
db.close();

const run = (file) => measure(['--db', file, '--json', '--quiet', '--date', DATE, 'bill', 'run', '--month', MONTH]);
// each run twice on a fresh copy (the machine is shared): the faster of the two
const best = (file) => {
  const copyOf = `${file}.try`;
  const tries = [0, 1].map(() => {
    rm(copyOf);
    fs.copyFileSync(file, copyOf);
    return run(copyOf);
  });
  rm(copyOf);
  return tries[0].seconds <= tries[1].seconds ? tries[0] : tries[1];
};
const a = best(plain);
const b = best(withBricks);
run(withBricks);
const again = run(withBricks);
const resB = JSON.parse(b.stdout);
const list = measure(['--db', withBricks, '--json', 'pro', 'list', '--date', DATE]);
const listed = list.stdout.split('\n').filter((l) => l.startsWith('{')).length;
const f = (s) => `${s.toFixed(2)} s`;
const mb = (x) => (x == null ? 'n/a' : `${x.toFixed(0)} MB`);
console.log(`members: ${N}, bricks: ${bricks} (one member in four, 60,00 € from 10/12 → 42,58 € each)`);
console.log(`bill run without bricks : ${f(a.seconds)}, peak RSS ${mb(a.rssMb)}`);
console.log(
  `bill run with bricks    : ${f(b.seconds)} (${resB.lines.option} option lines incl. bricks), peak RSS ${mb(b.rssMb)}  (+${(((b.seconds - a.seconds) / a.seconds) * 100).toFixed(0)} %)`,
);
console.log(`second run, same month  : ${f(again.seconds)} (${JSON.parse(again.stdout).invoices} invoices)`);
console.log(`pro list --json         : ${f(list.seconds)} (${listed} rows streamed), peak RSS ${mb(list.rssMb)}`);
const ok = resB.lines.option === N + bricks && listed === bricks && JSON.parse(again.stdout).invoices === 0;
fs.writeFileSync(
  path.join(out, 'pro.json'),
  JSON.stringify(
    { members: N, bricks, run_plain_s: a.seconds, run_bricks_s: b.seconds, second_run_s: again.seconds, list_s: list.seconds, list_rss_mb: list.rssMb },
    null,
    2,
  ),
);
if (!ok) {
  console.error('pro bench: unexpected counts');
  process.exit(1);
}
