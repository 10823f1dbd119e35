// `npm run bench`: candidacy import throughput and memory against two references
// (the sqlite3 shell's .import, a raw better-sqlite3 insert), on generated French exports.
// Every measurement runs in its own child process (wall time and peak RSS of that process).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench', 'out');
fs.mkdirSync(out, { recursive: true });
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const SQLITE3 = ['/usr/bin/sqlite3', '/usr/local/bin/sqlite3'].find((p) => fs.existsSync(p)) ?? null;
const DATE = '2026-11-26';

function gen(rows, name, extra = []) {
  const file = path.join(out, name);
  if (!fs.existsSync(file) || extra.length) {
    const r = spawnSync(process.execPath, [path.join(root, 'bench/generate.mjs'), String(rows), file, ...extra], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`cannot generate ${name}`);
  }
  return file;
}

/** Runs a command, returns wall seconds, peak RSS (MB, when /usr/bin/time is there), exit code and stdout. */
function measure(cmd, args, input) {
  const full = TIME ? [TIME, ['-f', '__RSS_KB=%M', cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(full[0], full[1], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, cwd: root });
  const seconds = (performance.now() - t0) / 1000;
  const m = /__RSS_KB=(\d+)/.exec(r.stderr ?? '');
  return { seconds, rssMb: m ? Number(m[1]) / 1024 : null, code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function freshDb(name) {
  const db = path.join(out, name);
  for (const s of ['', '-wal', '-shm']) fs.rmSync(db + s, { force: true });
  return db;
}

function parnasse(db, args) {
  return measure(process.execPath, [path.join(root, 'bin/parnasse.js'), '--db', db, '--json', '--quiet', '--date', DATE, ...args]);
}

function shellImport(file) {
  if (!SQLITE3) return null;
  const db = freshDb('shell.db');
  return measure(SQLITE3, [db], `.mode csv\n.separator ;\n.import ${file} t\n`);
}

function rawInsert(file) {
  const db = freshDb('raw.db');
  return measure(process.execPath, [path.join(root, 'bench/raw-insert.mjs'), file, db]);
}

const fmt = (s) => `${s.toFixed(2)} s`;
const mb = (x) => (x == null ? 'n/a' : `${x.toFixed(0)} MB`);
const results = {};

for (const [rows, name] of [
  [100_000, 'candidates-100k.csv'],
  [1_000_000, 'candidates-1m.csv'],
]) {
  const file = gen(rows, name);
  // warm the page cache so every contender reads from memory
  fs.readFileSync(file);
  const shell = shellImport(file);
  const raw = rawInsert(file);
  // make sure the database exists (migrations) so the import measures the import
  const db = freshDb('bench.db');
  spawnSync(process.execPath, [path.join(root, 'bin/parnasse.js'), '--db', db, 'db', 'migrate'], { cwd: root });
  const imp = parnasse(db, ['candidate', 'import', file]);
  if (imp.code !== 0) throw new Error(`import failed (${imp.code}): ${imp.stdout.slice(0, 500)} ${imp.stderr.slice(0, 500)}`);
  const counts = JSON.parse(imp.stdout);
  const again = parnasse(db, ['candidate', 'import', file]);
  // the same people under new references into the populated database: every row is a
  // possible duplicate (issue 11) — the cost of the index of stored candidacies and the warnings
  let newInto = null;
  if (rows === 100_000) {
    const dfile = path.join(out, 'candidates-100k-newrefs.csv');
    if (!fs.existsSync(dfile)) fs.writeFileSync(dfile, fs.readFileSync(file, 'utf8').replace(/\r\nC/g, '\r\nD'));
    newInto = parnasse(db, ['candidate', 'import', dfile]);
    if (newInto.code !== 0) throw new Error(`import of new refs failed (${newInto.code}): ${newInto.stderr.slice(0, 500)}`);
    const d = JSON.parse(newInto.stdout);
    newInto.inserted = d.inserted;
    newInto.warnings = (d.warnings?.length ?? 0) + (d.warnings_omitted ?? 0);
  }
  const r = {
    rows,
    mb_file: fs.statSync(file).size / 1024 / 1024,
    import_s: imp.seconds,
    import_rows_per_s: rows / imp.seconds,
    import_peak_rss_mb: imp.rssMb,
    inserted: counts.inserted,
    reimport_unchanged_s: again.seconds,
    reimport_unchanged: JSON.parse(again.stdout).unchanged,
    ...(newInto ? { new_into_populated_s: newInto.seconds, new_into_populated_peak_rss_mb: newInto.rssMb, new_into_populated_warnings: newInto.warnings } : {}),
    sqlite3_import_s: shell?.seconds ?? null,
    raw_insert_s: raw.seconds,
    raw_insert_peak_rss_mb: raw.rssMb,
    ratio_vs_sqlite3: shell ? imp.seconds / shell.seconds : null,
    ratio_vs_raw: imp.seconds / raw.seconds,
  };
  results[name] = r;
  console.log(`\n${rows.toLocaleString('en')} rows (${r.mb_file.toFixed(0)} MB, ";" CRLF, French numbers and dates)`);
  console.log(
    `  parnasse candidate import  ${fmt(r.import_s)}  ${Math.round(r.import_rows_per_s).toLocaleString('en')} rows/s  peak RSS ${mb(r.import_peak_rss_mb)}  (inserted ${r.inserted})`,
  );
  console.log(`  re-import (all unchanged)  ${fmt(r.reimport_unchanged_s)}  (unchanged ${r.reimport_unchanged})`);
  if (newInto)
    console.log(
      `  new refs into it (dupes)   ${fmt(newInto.seconds)}  peak RSS ${mb(newInto.rssMb)}  (inserted ${newInto.inserted}, possible duplicates ${newInto.warnings})`,
    );
  console.log(`  sqlite3 shell .import      ${shell ? fmt(shell.seconds) : 'skipped (no sqlite3 binary)'}`);
  console.log(`  raw better-sqlite3 insert  ${fmt(raw.seconds)}  peak RSS ${mb(raw.rssMb)}`);
  console.log(`  ratio import / sqlite3     ${r.ratio_vs_sqlite3 ? `${r.ratio_vs_sqlite3.toFixed(2)}×` : 'n/a'}`);
  console.log(`  ratio import / raw insert  ${r.ratio_vs_raw.toFixed(2)}×`);
}

// One bad row among 100 000: nothing written, that row's line named.
{
  const badLine = 54_321;
  const file = gen(100_000, 'candidates-100k-bad.csv', ['--bad-line', String(badLine)]);
  const db = freshDb('bench-bad.db');
  const r = parnasse(db, ['candidate', 'import', file]);
  const doc = JSON.parse(r.stdout);
  const list = spawnSync(process.execPath, [path.join(root, 'bin/parnasse.js'), '--db', db, '--json', 'candidate', 'list'], {
    encoding: 'utf8',
    cwd: root,
    maxBuffer: 1 << 26,
  });
  const stored = JSON.parse(list.stdout).length;
  const ok = r.code === 4 && doc.errors.length === 1 && doc.errors[0].line === badLine && stored === 0;
  results.bad_row = { exit: r.code, errors: doc.errors, stored, seconds: r.seconds, ok };
  console.log(
    `\none bad row at line ${badLine} of 100 000: exit ${r.code}, reported ${JSON.stringify(doc.errors[0])}, stored ${stored} → ${ok ? 'OK' : 'FAILED'}`,
  );
}

const small = results['candidates-100k.csv'];
const big = results['candidates-1m.csv'];
console.log('\nTargets (issue 2, Done when):');
console.log(
  `  100 000 rows ≤ 3× sqlite3 .import: ${small.ratio_vs_sqlite3 == null ? 'n/a' : `${small.ratio_vs_sqlite3.toFixed(2)}× → ${small.ratio_vs_sqlite3 <= 3 ? 'met' : 'NOT met'}`}`,
);
console.log(
  `  1 000 000 rows peak RSS < 200 MB: ${mb(big.import_peak_rss_mb)} → ${big.import_peak_rss_mb != null && big.import_peak_rss_mb < 200 ? 'met' : 'NOT met / unmeasured'}`,
);
console.log(`  one bad row among 100 000 writes nothing and names its line: ${results.bad_row.ok ? 'met' : 'NOT met'}`);
fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(results, null, 2));
