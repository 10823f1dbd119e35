// Start-up time of the built binary: `parnasse --help` (target < 0.25 s) and a JSON query
// on a fresh database. Median of N runs, each a separate process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const N = 15;
const bin = path.resolve('bin/parnasse.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parnasse-startup-'));
const db = path.join(dir, 'startup.db');

function median(argv) {
  const times = [];
  for (let i = 0; i < N; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(N / 2)];
}

spawnSync(process.execPath, [bin, '--db', db, 'db', 'migrate']);
const help = median(['--help']);
const node = (() => {
  const t = [];
  for (let i = 0; i < N; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    t.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(N / 2)];
})();
const migrate = median(['--db', db, '--json', 'db', 'migrate']);
console.log(`start-up (median of ${N} processes)`);
console.log(`  node -e 0                 ${node.toFixed(1)} ms (the floor)`);
console.log(`  parnasse --help           ${help.toFixed(1)} ms (target < 250 ms) ${help < 250 ? 'OK' : 'OVER'}`);
console.log(`  parnasse --json db migrate ${migrate.toFixed(1)} ms (opens and checks the database)`);
fs.rmSync(dir, { recursive: true, force: true });
