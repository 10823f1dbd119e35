// `npm run bench -- camt`: `bill payments import` of a camt.053.001.12 statement of 50 000
// incoming transfers (issue 25: "imports in seconds, streamed"). The club: 50 000 members
// billed by the monthly run; 48 000 transfers name their invoice in the remittance, 1 000 come
// from the member's IBAN with the exact amount, 1 000 from nobody's account. Then the same
// statement again (nothing new). Each measurement in its own child process (wall time, peak RSS).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench', 'out');
fs.mkdirSync(out, { recursive: true });
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const N = Number(process.env.BENCH_ENTRIES ?? 50_000);
const bin = path.join(root, 'bin/parnasse.js');

function measure(args, node = []) {
  const full = TIME ? [TIME, ['-f', '__RSS_KB=%M __CPU=%U+%S', process.execPath, ...node, bin, ...args]] : [process.execPath, [...node, bin, ...args]];
  const t0 = performance.now();
  const r = spawnSync(full[0], full[1], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, cwd: root });
  const seconds = (performance.now() - t0) / 1000;
  const m = /__RSS_KB=(\d+)/.exec(r.stderr ?? '');
  const cpu = /__CPU=([\d.]+)\+([\d.]+)/.exec(r.stderr ?? '');
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stdout.slice(0, 300)} ${r.stderr.slice(0, 500)}`);
  return { seconds, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : null, rssMb: m ? Number(m[1]) / 1024 : null, stdout: r.stdout };
}

const db = path.join(out, 'camt.db');
for (const s of ['', '-wal', '-shm', '.seals']) fs.rmSync(db + s, { force: true });
spawnSync(process.execPath, [bin, '--db', db, 'db', 'migrate'], { cwd: root, stdio: 'inherit' });
spawnSync(process.execPath, [path.join(root, 'bench/billing-seed.mjs'), db, String(N)], { stdio: 'inherit' });
measure(['--db', db, '--json', '--quiet', '--date', '2026-12-01', 'bill', 'run', '--month', '2026-12']);

// a valid French IBAN per member (RIB key and check digits), written on the members
const iban = (n) => {
  const bank = '30006';
  const branch = '00001';
  const account = String(n).padStart(11, '0');
  const key = 97 - Number((89n * BigInt(bank) + 15n * BigInt(branch) + 3n * BigInt(account)) % 97n);
  const bban = `${bank}${branch}${account}${String(key).padStart(2, '0')}`;
  return `FR${String(98 - Number(BigInt(`${bban}152700`) % 97n)).padStart(2, '0')}${bban}`;
};
const d = new Database(db);
const invoices = d
  .prepare(
    "select i.number, i.total_ttc_cents as ttc, m.id as member from invoices i join members m on m.id = i.member_id where i.kind = 'invoice' order by i.id",
  )
  .all();
const setIban = d.prepare('update members set iban = ? where id = ?');
d.transaction(() => {
  for (const i of invoices) setIban.run(iban(i.member), i.member);
})();
d.close();

const eur = (c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
const entry = (k, cents, rmt, payer) =>
  `<Ntry><Amt Ccy="EUR">${eur(cents)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-12-10</Dt></BookgDt><ValDt><Dt>2026-12-10</Dt></ValDt>` +
  `<AcctSvcrRef>BQ20261210-${String(k).padStart(8, '0')}</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>` +
  `<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><Amt Ccy="EUR">${eur(cents)}</Amt><CdtDbtInd>CRDT</CdtDbtInd>` +
  `<RltdPties><Dbtr><Pty><Nm>Jeanne Martin${k}</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>${payer}</IBAN></Id></DbtrAcct></RltdPties>` +
  `${rmt ? `<RmtInf><Ustrd>${rmt}</Ustrd></RmtInf>` : ''}</TxDtls></NtryDtls></Ntry>\n`;
const file = path.join(out, 'camt053-50000.xml');
const fd = fs.openSync(file, 'w');
fs.writeSync(
  fd,
  '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.12"><BkToCstmrStmt><GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-12-11T06:00:00</CreDtTm></GrpHdr>' +
    '<Stmt><Id>S1</Id><Acct><Id><IBAN>FR7630004000031234567890143</IBAN></Id></Acct><Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-01</Dt></Dt></Bal>\n',
);
for (let k = 0; k < N; k++) {
  const inv = invoices[k % invoices.length];
  const mode = k % 50;
  if (mode === 0) fs.writeSync(fd, entry(k, 12_345, 'Don', iban(9_000_000 + k)));
  else if (mode === 1) fs.writeSync(fd, entry(k, inv.ttc, null, iban(inv.member)));
  else fs.writeSync(fd, entry(k, inv.ttc, `Cotisation decembre facture ${inv.number} merci`, iban(inv.member)));
}
fs.writeSync(fd, '</Stmt></BkToCstmrStmt></Document>\n');
fs.closeSync(fd);
const size = fs.statSync(file).size / 1024 / 1024;

const args = ['--db', db, '--json', '--quiet', '--date', '2026-12-15', 'bill', 'payments', 'import', file];
const first = measure(args, process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []);
const r1 = JSON.parse(first.stdout);
const second = measure(args);
const r2 = JSON.parse(second.stdout);
const mb = (x) => (x == null ? 'n/a' : `${x.toFixed(0)} MB`);
const cpu = (x) => (x == null ? '' : ` (${x.toFixed(2)} s CPU)`);
const load = fs.existsSync('/proc/loadavg') ? fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0] : 'n/a';
console.log(`load average ${load} on ${os.cpus().length} cores`);
console.log(`statement: ${N} entries, ${size.toFixed(1)} MB (camt.053.001.12), ${invoices.length} invoices`);
console.log(
  `first import  : ${first.seconds.toFixed(2)} s${cpu(first.cpu)}, peak RSS ${mb(first.rssMb)} — ${r1.recorded_count} recorded, ${r1.skipped_count} skipped, ${r1.unknown_count} for the Desk`,
);
console.log(
  `same again    : ${second.seconds.toFixed(2)} s${cpu(second.cpu)}, peak RSS ${mb(second.rssMb)} — ${r2.recorded_count} recorded, ${r2.skipped_count} skipped, ${r2.unknown_count} for the Desk`,
);
