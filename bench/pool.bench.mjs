// `npm run bench -- pool` (issue 27): documents on every core and one SMTP connection.
//
// - `bill pdf --month` of POOL_PDFS invoices (default 2 000: each worker's start and warm-up
//   weigh on a short month) with PARNASSE_WORKERS=1 and with one worker per core
//   (PARNASSE_WORKERS unset), interleaved: PDFs per wall-second, median of POOL_RUNS runs
//   (default 5) each, and the cores the run really got (CPU / wall, under /usr/bin/time); the
//   ratio's goal is ≥ 1.7× on 2 idle cores. The files of both are compared byte for byte.
// - `bill send --month` of POOL_MAILS invoices (default 1 000) to a local smtp-server (STARTTLS,
//   a login, the test certificate), each on a fresh copy of the month: wall time, median of
//   POOL_RUNS runs; goal ≤ 20 s. Every message must arrive.
//
// The machine may be shared: the load average is printed before and after.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { documentsMonth } from './documents-seed.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const bin = path.join(root, 'bin/parnasse.js');
const out = path.join(root, 'bench', 'out');
fs.mkdirSync(out, { recursive: true });
const PDFS = Number(process.env.POOL_PDFS ?? 2000);
const MAILS = Number(process.env.POOL_MAILS ?? 1000);
const RUNS = Number(process.env.POOL_RUNS ?? 5);
const cores = os.availableParallelism();
const tlsDir = path.join(root, 'test', 'fixtures', 'smtp-tls');

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/**
 * Runs parnasse asynchronously (the SMTP server lives in this process); resolves with the wall
 * seconds and, under /usr/bin/time, the CPU seconds (user+sys: on a busy machine, CPU / wall
 * says how many cores the run really got).
 */
function parnasse(args, env = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const cmd = TIME ? [TIME, ['-f', '__CPU=%U+%S', process.execPath, bin, ...args]] : [process.execPath, [bin, ...args]];
    const p = spawn(cmd[0], cmd[1], {
      cwd: root,
      env: { ...process.env, LANG: 'C', PARNASSE_LANG: '', PARNASSE_SMTP_CA: path.join(tlsDir, 'cert.pem'), ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    p.stderr.on('data', (c) => {
      err += c;
    });
    p.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`parnasse ${args.join(' ')}: exit ${code}\n${err}`));
      const c = /__CPU=([\d.]+)\+([\d.]+)/.exec(err);
      resolve({ wall: (performance.now() - t0) / 1000, cpu: c ? Number(c[1]) + Number(c[2]) : null });
    });
  });
}

console.log(`load average before: ${load()} (${cores} cores)\n`);
console.log('| what | runs | median | per run | ratio / goal |');
console.log('|---|---:|---:|---|---|');

// ---- PDFs: 1 worker against one per core, interleaved (POOL_PDFS=0: skipped)
if (PDFS > 0) {
  const db = documentsMonth(path.join(out, `pool-pdf-${PDFS}.db`), PDFS);
  const walls = { 1: [], N: [] };
  const cpus = { 1: [], N: [] };
  const dirs = { 1: path.join(out, 'pool-pdf-1'), N: path.join(out, 'pool-pdf-n') };
  for (let i = 0; i < RUNS; i++) {
    for (const w of i % 2 ? ['N', '1'] : ['1', 'N']) {
      fs.rmSync(dirs[w], { recursive: true, force: true });
      fs.mkdirSync(dirs[w]);
      const env = w === '1' ? { PARNASSE_WORKERS: '1' } : { PARNASSE_WORKERS: '' };
      const r = await parnasse(['--db', db, '--quiet', 'bill', 'pdf', '--month', '2026-12', '--out', dirs[w]], env);
      walls[w].push(r.wall);
      if (r.cpu !== null) cpus[w].push(r.cpu / r.wall);
    }
  }
  const names = fs.readdirSync(dirs[1]).sort();
  if (names.length !== PDFS) throw new Error(`${names.length} PDFs written, ${PDFS} expected`);
  for (const f of names) if (!fs.readFileSync(path.join(dirs[1], f)).equals(fs.readFileSync(path.join(dirs.N, f)))) throw new Error(`${f} differs`);
  const rate = (w) => PDFS / median(walls[w]);
  const list = (w) => `${walls[w].map((s) => s.toFixed(1)).join(' / ')} s${cpus[w].length ? `; cores used (CPU/wall) ${median(cpus[w]).toFixed(2)}` : ''}`;
  console.log(`| \`bill pdf --month\` ${PDFS} invoices, 1 worker | ${RUNS} | ${rate(1).toFixed(0)} PDFs/s | ${list(1)} | |`);
  console.log(
    `| \`bill pdf --month\` ${PDFS} invoices, ${cores} workers (one per core) | ${RUNS} | ${rate('N').toFixed(0)} PDFs/s | ${list('N')} | **${(rate('N') / rate(1)).toFixed(2)}×** ${rate('N') / rate(1) >= 1.7 ? 'met' : '**not met**'} / ≥ 1.7×; same bytes |`,
  );
  for (const d of Object.values(dirs)) fs.rmSync(d, { recursive: true, force: true });
}

// ---- mails: one pooled SMTP connection (POOL_MAILS=0: skipped)
if (MAILS > 0) {
  let received = 0;
  let connections = 0;
  const smtp = new SMTPServer({
    secure: false,
    key: fs.readFileSync(path.join(tlsDir, 'key.pem')),
    cert: fs.readFileSync(path.join(tlsDir, 'cert.pem')),
    logger: false,
    onConnect: (_s, cb) => {
      connections++;
      cb();
    },
    onAuth: (_a, _s, cb) => cb(null, { user: 'club' }),
    onData(stream, _session, cb) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        cb();
      });
    },
  });
  await new Promise((r) => smtp.listen(0, '127.0.0.1', r));
  const port = smtp.server.address().port;
  const seeded = documentsMonth(path.join(out, `pool-mail-${MAILS}.db`), MAILS);
  const d = new Database(seeded);
  d.prepare("insert into settings (key, value) values ('mail.from', 'Cercle Parnasse <factures@parnasse.example>'), ('smtp.url', ?)").run(
    `smtp://club:pw@127.0.0.1:${port}`,
  );
  d.close();
  const walls = [];
  const cpus = [];
  const perRun = [];
  for (let i = 0; i < RUNS; i++) {
    const db = path.join(out, 'pool-mail-run.db');
    for (const s of ['', '-wal', '-shm']) fs.rmSync(db + s, { force: true });
    fs.copyFileSync(seeded, db);
    received = 0;
    connections = 0;
    const r = await parnasse(['--db', db, '--quiet', 'bill', 'send', '--month', '2026-12']);
    walls.push(r.wall);
    if (r.cpu !== null) cpus.push(r.cpu);
    if (received !== MAILS) throw new Error(`${received} mails received, ${MAILS} expected`);
    perRun.push(connections);
  }
  await new Promise((r) => smtp.close(r));
  const m = median(walls);
  console.log(
    `| \`bill send --month\` ${MAILS} mails (STARTTLS, login; ${Math.max(...perRun)} connection(s) a run) | ${RUNS} | ${m.toFixed(1)} s | ${walls.map((s) => s.toFixed(1)).join(' / ')} s${cpus.length ? `; CPU of parnasse (user+sys, the server not counted) ${median(cpus).toFixed(1)} s` : ''} | ${m <= 20 ? 'met' : '**not met**'} / ≤ 20 s |`,
  );
}

console.log(`\nload average after: ${load()}`);
