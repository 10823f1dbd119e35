// `npm run bench -- billing-late` (issue 21): the first run of a club where every member is
// late. N members (default 100 000) start on 2026-11-01; November's run bills them and
// nobody pays; December's run (2026-12-01, 20 days after the pay-by) examines every
// invoice fallen due — a penalty and the 40 € indemnity for each — and bills December.
// Peak RSS of December's run, in its own process (target < 300 MB).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench', 'out');
fs.mkdirSync(out, { recursive: true });
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const N = Number(process.env.BENCH_MEMBERS ?? 100_000);
const bin = path.join(root, 'bin/parnasse.js');

function measure(args) {
  const full = TIME ? [TIME, ['-f', '__RSS_KB=%M', process.execPath, bin, ...args]] : [process.execPath, [bin, ...args]];
  const t0 = performance.now();
  const r = spawnSync(full[0], full[1], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, cwd: root });
  const seconds = (performance.now() - t0) / 1000;
  const m = /__RSS_KB=(\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0) throw new Error(`parnasse ${args.join(' ')}: exit ${r.status}\n${r.stdout.slice(0, 300)}\n${r.stderr.slice(0, 600)}`);
  return { seconds, rssMb: m ? Number(m[1]) / 1024 : null, json: JSON.parse(r.stdout) };
}

const db = path.join(out, 'billing-late.db');
for (const s of ['', '-wal', '-shm', '.seals']) fs.rmSync(db + s, { force: true });
spawnSync(process.execPath, [bin, '--db', db, 'db', 'migrate'], { cwd: root, stdio: 'inherit' });
spawnSync(process.execPath, [path.join(root, 'bench/billing-seed.mjs'), db, String(N), '2026-11-01'], { stdio: 'inherit' });
measure(['--db', db, '--json', '--quiet', 'bill', 'rates', 'set', '2026-S2', '2.76']);
const nov = measure(['--db', db, '--json', '--quiet', '--date', '2026-11-01', 'bill', 'run', '--month', '2026-11']);
const dec = measure(['--db', db, '--json', '--quiet', '--date', '2026-12-01', 'bill', 'run', '--month', '2026-12']);
const mb = (x) => (x == null ? 'n/a' : `${x.toFixed(0)} MB`);
console.log(`members: ${N}`);
console.log(`November's run (nobody late)    : ${nov.seconds.toFixed(2)} s, ${nov.json.invoices} invoices, peak RSS ${mb(nov.rssMb)}`);
console.log(
  `December's run (every one late) : ${dec.seconds.toFixed(2)} s, ${dec.json.invoices} invoices, lines ${JSON.stringify(dec.json.lines)}, peak RSS ${mb(dec.rssMb)} (target < 300 MB)`,
);
fs.writeFileSync(
  path.join(out, 'billing-late.json'),
  JSON.stringify(
    { members: N, nov_s: nov.seconds, nov_peak_rss_mb: nov.rssMb, dec_s: dec.seconds, dec_peak_rss_mb: dec.rssMb, lines: dec.json.lines },
    null,
    2,
  ),
);
process.exit(dec.rssMb == null || dec.rssMb < 300 ? 0 : 1);
