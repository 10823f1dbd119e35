// Reference: a raw better-sqlite3 prepared-statement insert of the same rows into a plain
// table (no validation): read the file, split lines and fields, insert in one transaction.
// Usage: node bench/raw-insert.mjs FILE.csv DB  → prints {"seconds":…, "rows":…}
import fs from 'node:fs';
import readline from 'node:readline';
import Database from 'better-sqlite3';

const [file, dbPath] = process.argv.slice(2);
const t0 = performance.now();
for (const s of ['', '-wal', '-shm']) fs.rmSync(dbPath + s, { force: true });
const db = new Database(dbPath);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const rl = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
let insert;
let rows = 0;
db.exec('BEGIN');
for await (const line of rl) {
  const fields = line.split(';');
  if (!insert) {
    db.exec(`create table t (${fields.map((f) => `"${f.replace(/^\uFEFF/, '')}"`).join(', ')})`);
    insert = db.prepare(`insert into t values (${fields.map(() => '?').join(', ')})`);
    continue;
  }
  if (fields.length === 1) continue;
  insert.run(fields);
  rows++;
}
db.exec('COMMIT');
db.close();
process.stdout.write(JSON.stringify({ seconds: (performance.now() - t0) / 1000, rows }) + '\n');
