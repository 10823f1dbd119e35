// `npm run bench -- documents`: invoice PDFs of a month, files per second and peak RSS of
// `parnasse bill pdf --month` in its own process, for growing months. Memory must stay flat
// (documents are read in pages, rendered on worker threads with a capped heap, one per core —
// PARNASSE_WORKERS=1 for one, 0 or PARNASSE_PDF_WORKER=0 for the in-process path — each file
// written at once; `npm run bench -- pool` compares 1 worker with one per core). Sizes: PARNASSE_BENCH_PDFS
// (default 1000,10000; the issue's figure is 100000). The machine may be shared: CPU time
// (user+sys) is the steadier figure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { documentsMonth } from './documents-seed.mjs';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
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

console.log('| invoices | wall | PDFs per second (wall) | CPU (user+sys) | PDFs per CPU second | peak RSS |');
console.log('|---:|---:|---:|---:|---:|---:|');
for (const n of sizes) {
  const db = documentsMonth(path.join(out, `documents-${n}.db`), n);
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
