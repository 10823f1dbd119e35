// `npm run bench -- crash` (issue 28): kill -9 at random moments. A month is played on a copy
// of one seeded database — bill run, bill export --format sepa, bill pdf, bill send, bill
// dunning --apply — once cleanly, then once per trial with one of those commands killed
// (SIGKILL after a random delay within its clean duration), run again, and the month
// finished. Each trial is compared with the clean month: the same books (invoices, payments,
// debits, dunning steps, e-mails confirmed), db check clean, every run sealed (nothing owed in
// seal_requests, db check --anchors passes), no temporary file left in any output folder,
// and no invoice e-mailed as two different messages (a copy sent again under the same
// Message-ID is counted apart: see README).
// CRASH_TRIALS (default 3 per command), CRASH_MEMBERS (default 120), CRASH_SEED.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { SMTPServer } from 'smtp-server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'parnasse.js');
const TRIALS = Number(process.env.CRASH_TRIALS ?? 3);
const MEMBERS = Number(process.env.CRASH_MEMBERS ?? 120);
let seed = Number(process.env.CRASH_SEED ?? Date.now() % 100000);
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

// ---- a real SMTP server (STARTTLS, the test certificate), counting Message-IDs per invoice
const tlsDir = path.join(root, 'test', 'fixtures', 'smtp-tls');
const mails = new Map(); // db tag → [{ invoice, messageId }]
let tag = '';
const smtp = new SMTPServer({
  secure: false,
  key: fs.readFileSync(path.join(tlsDir, 'key.pem')),
  cert: fs.readFileSync(path.join(tlsDir, 'cert.pem')),
  authOptional: true,
  logger: false,
  onAuth: (_a, _s, cb) => cb(null, { user: 'club' }),
  onData(stream, _session, cb) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? '?';
      const invoice = /filename=("?)([A-Z0-9-]+)\.pdf\1/.exec(raw)?.[2] ?? '?';
      if (!mails.has(tag)) mails.set(tag, []);
      mails.get(tag).push({ invoice, messageId });
      cb();
    });
  },
});
await new Promise((r) => smtp.listen(0, '127.0.0.1', r));
const port = smtp.server.address().port;

const env = {
  ...process.env,
  LANG: 'C',
  LC_ALL: '',
  PARNASSE_LANG: '',
  PARNASSE_OPERATOR: 'crash',
  PARNASSE_SMTP_CA: path.join(tlsDir, 'cert.pem'),
  PARNASSE_SMTP_TIMEOUT: '20',
};
delete env.PARNASSE_SMTP_URL;
delete env.PARNASSE_ANCHORS;

function run(db, args, killAfterMs = null) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const p = spawn(process.execPath, [bin, '--db', db, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    let timer = null;
    if (killAfterMs !== null) timer = setTimeout(() => p.kill('SIGKILL'), killAfterMs);
    p.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, out, err, ms: Date.now() - t0 });
    });
  });
}

async function must(db, args) {
  const r = await run(db, args);
  if (r.code !== 0) throw new Error(`parnasse ${args.join(' ')} → ${r.code}\n${r.err}${r.out}`);
  return r;
}

// ---- the seeded database: the club, members (half with a mandate), mail server
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'parnasse-crash-'));
const base = path.join(work, 'base.db');
const ics = (() => {
  const digits = '654321FR00'.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return `FR${String(98 - Number(BigInt(digits) % 97n)).padStart(2, '0')}ZZZ654321`;
})();
await must(base, ['db', 'init']);
for (const [k, v] of [
  ['seller.name', 'Cercle Parnasse'],
  ['seller.legal_form', 'SAS'],
  ['seller.capital', '150 000'],
  ['seller.street', '8 rue de la Paix'],
  ['seller.postal_code', '75002'],
  ['seller.city', 'Paris'],
  ['seller.siren', '732829320'],
  ['seller.rcs', 'Paris'],
  ['seller.vat_number', 'FR44732829320'],
  ['creditor.ics', ics],
  ['creditor.iban', 'FR7630006000011234567890189'],
  ['creditor.bic', 'AGRIFRPP'],
  ['mail.from', 'Cercle Parnasse <factures@parnasse.example>'],
  ['smtp.url', `smtp://club:pw@127.0.0.1:${port}`],
])
  await must(base, ['settings', 'set', k, v]);
const header =
  'member_no;kind;first_name;last_name;email;phone;street;postal_code;city;department;company_name;company_siren;contract_start;status;orange_subscriptions;line_technology;iban;delegate_name;options';
const rows = [];
for (let i = 1; i <= MEMBERS; i++)
  rows.push(`${i};person;Jeanne;Martin${i};m${i}@example.fr;;12 avenue Foch;75116;Paris;75;;;01/11/2026;active;1;fibre;;;extra_mailbox:1`);
fs.writeFileSync(path.join(work, 'members.csv'), `${header}\n${rows.join('\n')}\n`);
await must(base, ['--date', '2026-11-26', 'member', 'import', path.join(work, 'members.csv')]);
for (let i = 1; i <= MEMBERS; i += 8)
  await must(base, ['--date', '2026-11-26', 'member', 'mandate', String(i), '--iban', 'FR7630006000011234567890189', '--signed', '2026-11-15']);

// ---- the month, step by step
const STEPS = [
  { name: 'bill run', args: (d) => ['--date', '2026-12-01', 'bill', 'run', '--month', '2026-12', '--anchors', path.join(d, 'club.seals')] },
  {
    name: 'bill export --format sepa',
    args: (d) => ['--date', '2026-12-02', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--out', path.join(d, 'out', 'sepa.xml')],
  },
  { name: 'bill pdf', args: (d) => ['bill', 'pdf', '--month', '2026-12', '--out', path.join(d, 'pdf')] },
  { name: 'bill send', args: () => ['--date', '2026-12-02', 'bill', 'send', '--month', '2026-12'] },
  { name: 'bill dunning --apply', args: (d) => ['--date', '2027-01-20', 'bill', 'dunning', '--apply', '--letters', path.join(d, 'letters')] },
];

function fresh(name) {
  const d = path.join(work, name);
  for (const sub of ['out', 'pdf', 'letters']) fs.mkdirSync(path.join(d, sub), { recursive: true });
  fs.copyFileSync(base, path.join(d, 'club.db'));
  return d;
}

/** What must be equal to the clean month (no ids, no times). */
function books(d) {
  const db = new Database(path.join(d, 'club.db'), { readonly: true });
  const q = (s) =>
    db
      .prepare(s)
      .raw()
      .all()
      .map((r) => r.join('|'))
      .join('\n');
  const b = {
    invoices: q('select number, kind, issued_on, total_ttc_cents from invoices order by number'),
    payments: q(
      'select i.number, p.amount_cents, p.method, p.paid_on from payments p join invoices i on i.id = p.invoice_id order by i.number, p.amount_cents',
    ),
    debits: q('select i.number, d.amount_cents, d.status from sepa_debits d join invoices i on i.id = d.invoice_id order by i.number'),
    dunning: q(
      'select m.member_no, s.step, s.on_date from dunning_steps s join dunning_procedures p on p.id = s.procedure_id join members m on m.id = p.member_id order by m.member_no, s.id',
    ),
    mailed: q('select i.number from invoice_mailings m join invoices i on i.id = m.invoice_id where m.accepted_at is not null order by i.number'),
    pdfs: fs
      .readdirSync(path.join(d, 'pdf'))
      .filter((f) => f.endsWith('.pdf'))
      .sort()
      .join(','),
    letters: fs
      .readdirSync(path.join(d, 'letters'))
      .filter((f) => f.endsWith('.pdf'))
      .sort()
      .join(','),
    sepa: fs.existsSync(path.join(d, 'out', 'sepa.xml')),
  };
  const owed = db.prepare('select count(*) from seal_requests where sealed_at is null').pluck().get();
  db.close();
  return { b, owed };
}

function leftovers(d) {
  const found = [];
  for (const sub of ['.', 'out', 'pdf', 'letters'])
    for (const f of fs.readdirSync(path.join(d, sub))) if (/\.tmp(-journal|-wal|-shm)?$/.test(f)) found.push(path.join(sub, f));
  return found;
}

async function month(d, killAt = null) {
  const timings = [];
  let killed = null;
  for (let k = 0; k < STEPS.length; k++) {
    const args = STEPS[k].args(d);
    if (killAt && killAt.step === k) {
      const r = await run(path.join(d, 'club.db'), args, killAt.ms);
      killed = { step: STEPS[k].name, ms: killAt.ms, died: r.signal === 'SIGKILL', code: r.code };
    }
    const r = await run(path.join(d, 'club.db'), args);
    if (r.code !== 0) throw new Error(`${d}: ${STEPS[k].name} → exit ${r.code}\n${r.err}`);
    timings.push(r.ms);
  }
  return { timings, killed };
}

async function verdict(d, clean) {
  const { b, owed } = books(d);
  const problems = [];
  for (const [k, v] of Object.entries(b)) if (String(v) !== String(clean.b[k])) problems.push(`${k} differs from the clean month`);
  if (owed !== 0) problems.push(`${owed} seal(s) still owed`);
  const check = await run(path.join(d, 'club.db'), ['db', 'check', '--anchors', path.join(d, 'club.seals')]);
  if (check.code !== 0) problems.push(`db check --anchors: exit ${check.code} ${check.out.trim().split('\n').slice(-3).join(' / ')}`);
  const left = leftovers(d);
  if (left.length) problems.push(`leftover files: ${left.join(', ')}`);
  const byInvoice = new Map();
  for (const m of mails.get(tag) ?? []) {
    if (!byInvoice.has(m.invoice)) byInvoice.set(m.invoice, []);
    byInvoice.get(m.invoice).push(m.messageId);
  }
  let twice = 0;
  let sameIdAgain = 0;
  for (const ids of byInvoice.values()) {
    if (new Set(ids).size > 1) twice++;
    else if (ids.length > 1) sameIdAgain++;
  }
  if (twice) problems.push(`${twice} invoice(s) e-mailed as two different messages`);
  return { problems, sameIdAgain };
}

tag = 'clean';
const cleanDir = fresh('clean');
const cleanRun = await month(cleanDir);
const clean = books(cleanDir);
const cleanVerdict = await verdict(cleanDir, clean);
if (cleanVerdict.problems.length) throw new Error(`the clean month itself: ${cleanVerdict.problems.join('; ')}`);
console.log(`clean month (${MEMBERS} members): ${STEPS.map((s, i) => `${s.name} ${cleanRun.timings[i]} ms`).join(', ')}`);

const table = [];
let failures = 0;
let n = 0;
for (let k = 0; k < STEPS.length; k++) {
  const row = { command: STEPS[k].name, trials: 0, killed: 0, finished: 0, resentSameId: 0, failed: 0 };
  for (let i = 0; i < TRIALS; i++) {
    tag = `t${++n}`;
    const d = fresh(tag);
    const ms = Math.floor(random() * Math.max(50, cleanRun.timings[k]));
    try {
      const { killed } = await month(d, { step: k, ms });
      row.trials++;
      if (killed.died) row.killed++;
      else row.finished++;
      const v = await verdict(d, clean);
      row.resentSameId += v.sameIdAgain;
      if (v.problems.length) {
        row.failed++;
        failures++;
        console.log(`  ✗ ${STEPS[k].name} killed at ${ms} ms: ${v.problems.join('; ')}`);
      }
    } catch (e) {
      row.trials++;
      row.failed++;
      failures++;
      console.log(`  ✗ ${STEPS[k].name} killed at ${ms} ms: ${e.message.split('\n')[0]}`);
    }
    fs.rmSync(d, { recursive: true, force: true });
  }
  table.push(row);
}
console.log('\n| command killed | trials | killed mid-way | had finished | same message sent again | inconsistent |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of table) console.log(`| ${r.command} | ${r.trials} | ${r.killed} | ${r.finished} | ${r.resentSameId} | ${r.failed} |`);
console.log(`\nseed ${process.env.CRASH_SEED ?? '(time)'}; ${failures === 0 ? 'every trial equal to the clean month' : `${failures} trial(s) differ`}`);
await new Promise((r) => smtp.close(r));
fs.rmSync(work, { recursive: true, force: true });
process.exit(failures ? 1 : 0);
