/**
 * Issue 25: `bill export --format entries`, the journal entries in the FEC layout. The file is
 * read by a reader written here from the specification (art. A47 A-1 of the LPF, BOI-CF-IOR-60-40-20),
 * not by the writer's code; the entries are reconciled with the books (the ledger as of the date).
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase, type Connection } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { invoiceBalances } from '../../src/collection/ledger.js';
import { writeTx } from '../../src/db/audit.js';
import { issueCreditNote } from '../../src/invoicing/core.js';
import { testActor } from '../helpers/db.js';
import { buildDemoDb } from '../helpers/demo-db.js';

/* ---------- a reader of the FEC, from the specification ---------- */
const SPEC_HEADERS =
  'JournalCode JournalLib EcritureNum EcritureDate CompteNum CompteLib CompAuxNum CompAuxLib PieceRef PieceDate EcritureLib Debit Credit EcritureLet DateLet ValidDate Montantdevise Idevise'.split(
    ' ',
  );
interface FecLine {
  journal: string;
  num: number;
  date: string;
  account: string;
  aux: string;
  piece: string;
  debit: number;
  credit: number;
  let: string;
  dateLet: string;
}
function isDate(s: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}
/** Amounts: digits, a decimal comma, two decimals, no thousands separator (read in cents). */
function cents(s: string): number {
  expect(s).toMatch(/^\d+,\d{2}$/);
  const [u, c] = s.split(',');
  return Number(u) * 100 + Number(c);
}
function readFec(text: string, sep: '|' | '\t'): FecLine[] {
  const rows = text.split('\r\n');
  expect(rows.pop()).toBe(''); // every record ends with CRLF
  expect(rows[0]!.split(sep)).toEqual(SPEC_HEADERS);
  const out: FecLine[] = [];
  for (const r of rows.slice(1)) {
    const f = r.split(sep);
    expect(f.length).toBe(18);
    const [journal, journalLib, num, date, account, accountLib, aux, auxLib, piece, pieceDate, lib, debit, credit, let_, dateLet, validDate, dev, idev] = f as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    expect(journal).toMatch(/^[A-Z0-9]+$/);
    expect(journalLib).not.toBe('');
    expect(num).toMatch(/^\d+$/);
    expect(isDate(date) && isDate(pieceDate) && isDate(validDate)).toBe(true);
    expect(account).toMatch(/^\d{3,}$/);
    expect(accountLib).not.toBe('');
    expect(aux === '').toBe(auxLib === ''); // an auxiliary account has its name
    expect(piece).not.toBe('');
    expect(lib).not.toBe('');
    expect(let_ === '').toBe(dateLet === '');
    if (dateLet !== '') expect(isDate(dateLet)).toBe(true);
    expect([dev, idev]).toEqual(['', '']); // euros: no currency columns
    out.push({ journal, num: Number(num), date, account, aux, piece, debit: cents(debit), credit: cents(credit), let: let_, dateLet });
  }
  return out;
}
/** Each journal's entries in one run, numbered +1 from `first`, dates never going back; each entry balanced. */
function checkJournals(lines: FecLine[], first: Record<string, number> = {}): Map<string, { debit: number; credit: number; entries: number }> {
  const journals = new Map<string, { debit: number; credit: number; entries: number; last: number; date: string }>();
  const done = new Set<string>();
  let cur = '';
  const entries = new Map<string, number>();
  for (const l of lines) {
    if (l.journal !== cur) {
      expect(done.has(l.journal)).toBe(false);
      if (cur) done.add(cur);
      cur = l.journal;
    }
    let j = journals.get(l.journal);
    // without `first`: a journal starts where the file says (it continues earlier periods), then goes +1
    if (!j) journals.set(l.journal, (j = { debit: 0, credit: 0, entries: 0, last: (first[l.journal] ?? l.num) - 1, date: '' }));
    if (l.num !== j.last) {
      expect(l.num).toBe(j.last + 1);
      expect(l.date >= j.date).toBe(true);
      j.last = l.num;
      j.date = l.date;
      j.entries++;
    }
    j.debit += l.debit;
    j.credit += l.credit;
    const k = `${l.journal}${l.num}`;
    entries.set(k, (entries.get(k) ?? 0) + l.debit - l.credit);
  }
  for (const [k, v] of entries) expect(v, `entry ${k}`).toBe(0);
  for (const [, j] of journals) expect(j.debit).toBe(j.credit);
  return journals;
}

/* ---------- a club with every kind of movement ---------- */
function club(): { db: string; dir: string; conn: Connection; no: number[] } {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const no = [
    insertMember(conn, {}),
    insertMember(conn, {}),
    insertMember(conn, { kind: 'company', companyName: 'Acme | Fils' } as never),
    insertMember(conn, {}),
  ];
  const sub = (ttc: number) => ({ kind: 'subscription' as const, label: 'Abonnement', period: '2026-11', ttcCents: ttc });
  const fa = issue(conn, no[0]!, '2026-11-01', [sub(25_000), { kind: 'option', label: 'Option', period: '2026-11', ttcCents: 1_000 }]);
  const fb = issue(conn, no[1]!, '2026-11-01', [sub(25_000)]);
  const fc = issue(conn, no[2]!, '2026-11-02', [{ kind: 'entry_fee', label: "Droit d'entrée", ttcCents: 100_000 }, sub(25_000)]);
  const fd = issue(conn, no[3]!, '2026-11-03', [sub(25_000)]);
  const id = (n: string) => conn.db.values<[number]>(sql`select id from invoices where number = ${n}`)[0]![0];
  const pay = (n: string, amount: number, on: string, method: string) =>
    conn.db.values<[number]>(
      sql`insert into payments (invoice_id, amount_cents, paid_on, method) values (${id(n)}, ${amount}, ${on}, ${method}) returning id`,
    )[0]![0];
  pay(fa, 26_000, '2026-11-05', 'card'); // settled: lettered
  const pb = pay(fb, 25_000, '2026-11-11', 'sepa'); // collected, then returned
  conn.db.run(sql`insert into payment_reversals (payment_id, reversed_on, reason) values (${pb}, '2026-11-20', 'AM04')`);
  pay(fc, 125_000, '2026-11-12', 'transfer');
  pay(fd, 10_000, '2026-11-12', 'transfer'); // partly paid: not lettered
  // December: penalties on b, a credit note on c (a credit balance), part refunded, part used on c's next invoice
  issue(conn, no[1]!, '2026-12-01', [
    sub(25_000),
    { kind: 'penalty', label: 'Pénalités', ttcCents: 123 },
    { kind: 'indemnity', label: 'Indemnité', ttcCents: 4_000 },
  ]);
  writeTx(conn, (tx) =>
    issueCreditNote(tx, testActor, { invoiceId: id(fc), issuedOn: '2026-12-02', lines: [{ kind: 'credit', label: 'Geste', ttcCents: 6_000 }] }),
  );
  conn.db.run(
    sql`insert into refunds (member_id, invoice_id, amount_cents, refunded_on, method) values ((select member_id from invoices where id = ${id(fc)}), ${id(fc)}, 2000, '2026-12-03', 'transfer')`,
  );
  const fc2 = issue(conn, no[2]!, '2026-12-04', [sub(25_000)]);
  conn.db.run(sql`insert into credit_allocations (member_id, from_invoice_id, invoice_id, amount_cents, allocated_on)
    values ((select member_id from invoices where id = ${id(fc)}), ${id(fc)}, ${id(fc2)}, 4000, '2026-12-05')`);
  return { db, dir, conn, no };
}

async function exportEntries(db: string, dir: string, args: string[], on: string, name: string, lang = 'en') {
  const out = path.join(dir, name);
  const r = await cli(db, ['--json', '--date', on, 'bill', 'export', '--format', 'entries', ...args, '--out', out], { env: { PARNASSE_LANG: lang } });
  expect(r.code, r.stderr).toBe(0);
  return { summary: r.json<Record<string, unknown>>(), text: fs.readFileSync(out, 'utf8'), out };
}

describe('bill export --format entries (issue 25)', () => {
  it('the FEC layout: 18 columns, separators, dates, amounts, numbering; every entry, journal and the total balanced', async () => {
    const c = club();
    c.conn.close();
    const { summary, text } = await exportEntries(c.db, c.dir, ['--from', '2026-11-01', '--to', '2026-12-31'], '2026-12-31', 'all.txt');
    const lines = readFec(text, '|');
    const j = checkJournals(lines);
    expect([...j.keys()]).toEqual(['VT', 'BQ', 'OD']);
    expect(j.get('VT')!.entries).toBe(7); // 6 invoices, 1 credit note
    expect(j.get('BQ')!.entries).toBe(6); // 4 payments, 1 return, 1 refund
    expect(j.get('OD')!.entries).toBe(1);
    const total = lines.reduce((s, l) => s + l.debit, 0);
    expect(total).toBe(lines.reduce((s, l) => s + l.credit, 0));
    expect(summary).toMatchObject({ from: '2026-11-01', to: '2026-12-31', entries: 14, lines: lines.length, debit_cents: total, credit_cents: total });
    // the separator never appears inside a cell (a company named "Acme | Fils")
    expect(text).toContain('Acme Fils');
    // tab separated: the same file, the other separator
    const tab = await exportEntries(c.db, c.dir, ['--from', '2026-11-01', '--to', '2026-12-31', '--tab'], '2026-12-31', 'tab.txt');
    expect(tab.text).toBe(text.replaceAll('|', '\t'));
    readFec(tab.text, '\t');
  });

  it('reconciles with the books as of the date: each member account, the bank, revenue and VAT', async () => {
    const c = club();
    const on = '2026-12-31';
    const { text } = await exportEntries(c.db, c.dir, ['--from', '2000-01-01', '--to', on], on, 'all.txt');
    const lines = readFec(text, '|');
    const by = (pred: (l: FecLine) => boolean) => lines.filter(pred).reduce((s, l) => s + l.debit - l.credit, 0);
    // each member: what the ledger says is outstanding, less what is held in their favour
    const books = invoiceBalances(c.conn.db, { on, issuedBy: true });
    const members = new Map<number, number>();
    for (const b of books) if (b.kind === 'invoice') members.set(b.memberNo, (members.get(b.memberNo) ?? 0) + b.outstandingCents - b.creditCents);
    expect(members.size).toBe(4);
    for (const [no, owed] of members)
      expect(
        by((l) => l.account === '411000' && l.aux === `C${String(no).padStart(6, '0')}`),
        `member ${no}`,
      ).toBe(owed);
    expect(by((l) => l.account === '411000')).toBe([...members.values()].reduce((a, b) => a + b, 0));
    // the bank: payments never reversed, less refunds
    const paid = c.conn.db.values<[number]>(
      sql`select sum(amount_cents) from payments p where not exists (select 1 from payment_reversals v where v.payment_id = p.id)`,
    )[0]![0];
    const refunded = c.conn.db.values<[number]>(sql`select sum(amount_cents) from refunds`)[0]![0];
    expect(by((l) => l.account === '512000')).toBe(paid - refunded);
    // revenue per account and VAT: the documents' HT and VAT, credit notes negative
    const ht = (kind: string) =>
      c.conn.db.values<[number]>(
        sql`select coalesce(sum(case when i.kind = 'credit_note' then -l.ht_cents else l.ht_cents end), 0) from invoice_lines l join invoices i on i.id = l.invoice_id where l.kind = ${kind}`,
      )[0]![0];
    const accounts: Record<string, string> = {
      entry_fee: '706100',
      subscription: '706200',
      option: '706300',
      credit: '709000',
      penalty: '763100',
      indemnity: '758000',
    };
    for (const [kind, acc] of Object.entries(accounts)) expect(-by((l) => l.account === acc), kind).toBe(ht(kind));
    expect(ht('penalty')).toBe(123);
    const vat = c.conn.db.values<[number]>(sql`select sum(case when kind = 'credit_note' then -total_vat_cents else total_vat_cents end) from invoices`)[0]![0];
    expect(-by((l) => l.account === '445710')).toBe(vat);
    // lettering: a's invoice and its payment share a code; d's (partly paid) has none
    const a = lines.filter((l) => l.aux === `C${String(c.no[0]).padStart(6, '0')}`);
    expect(a.length).toBe(2);
    expect(a[0]!.let).not.toBe('');
    expect(a[1]!.let).toBe(a[0]!.let);
    expect(a[0]!.dateLet).toBe('20261105');
    expect(lines.filter((l) => l.aux === `C${String(c.no[3]).padStart(6, '0')}`).every((l) => l.let === '')).toBe(true);
    c.conn.close();
  });

  it('months exported one after the other: the same bytes again, numbering continued, together the whole period', async () => {
    const c = club();
    c.conn.close();
    const nov = await exportEntries(c.db, c.dir, ['--month', '2026-11'], '2026-12-31', 'nov.txt');
    const again = await exportEntries(c.db, c.dir, ['--month', '2026-11'], '2026-12-31', 'nov2.txt', 'fr');
    expect(again.text).toBe(nov.text);
    const dec = await exportEntries(c.db, c.dir, ['--month', '2026-12'], '2026-12-31', 'dec.txt');
    const all = await exportEntries(c.db, c.dir, ['--from', '2026-11-01', '--to', '2026-12-31'], '2026-12-31', 'all.txt');
    const n = readFec(nov.text, '|');
    const d = readFec(dec.text, '|');
    const first = {
      VT: 1 + new Set(n.filter((l) => l.journal === 'VT').map((l) => l.num)).size,
      BQ: 1 + new Set(n.filter((l) => l.journal === 'BQ').map((l) => l.num)).size,
    };
    checkJournals(d, first);
    const key = (l: FecLine) => `${l.journal}|${l.num}|${l.account}|${l.aux}|${l.debit}|${l.credit}`;
    expect([...n, ...d].map(key).sort()).toEqual(readFec(all.text, '|').map(key).sort());
    // a late credit note: dated its own day, in the next period; November's file unchanged
    const conn = openDatabase(c.db);
    const fa = conn.db.values<[number]>(sql`select id from invoices where number = 'F2026-000001'`)[0]![0];
    writeTx(conn, (tx) =>
      issueCreditNote(tx, testActor, { invoiceId: fa, issuedOn: '2027-01-04', lines: [{ kind: 'credit', label: 'Geste', ttcCents: 1_000 }] }),
    );
    conn.close();
    const late = await exportEntries(c.db, c.dir, ['--month', '2026-11'], '2027-01-05', 'nov3.txt');
    expect(readFec(late.text, '|').map(key)).toEqual(n.map(key));
    const jan = readFec((await exportEntries(c.db, c.dir, ['--month', '2027-01'], '2027-01-05', 'jan.txt')).text, '|');
    expect(jan.filter((l) => l.journal === 'VT').map((l) => l.num)).toEqual([8, 8, 8]); // 7 documents before, then the credit note
  });

  it('refuses a missing or doubled period, in both languages; says what it wrote in both', async () => {
    const c = club();
    c.conn.close();
    const out = path.join(c.dir, 'FEC.txt');
    const said = async (lang: string) =>
      (await cli(c.db, ['--date', '2026-12-31', 'bill', 'export', '--format', 'entries', '--month', '2026-11', '--out', out], { env: { PARNASSE_LANG: lang } }))
        .stdout;
    // 4 invoices (4 + 3 + 4 + 3 lines) and 5 bank entries (2 lines each); debit: 2 010 € of invoices, 1 860 € paid, 250 € returned
    expect(await said('en')).toMatch(
      /9 journal entries \(24 lines\) from 2026-11-01 to 2026-11-30; debit 4\s120,00\s€ = credit 4\s120,00\s€ \(sales 4, bank 5, miscellaneous 0\)/,
    );
    expect(await said('fr')).toMatch(
      /9 écritures \(24 lignes\) du 01\/11\/2026 au 30\/11\/2026 ; débit 4\s120,00\s€ = crédit 4\s120,00\s€ \(ventes 4, banque 5, opérations diverses 0\)/,
    );
    const en = await cli(c.db, ['bill', 'export', '--format', 'entries', '--from', '2026-11-01'], { env: { PARNASSE_LANG: 'en' } });
    expect(en.code).not.toBe(0);
    expect(en.stderr).toContain('--format entries needs --month YYYY-MM, or --from DATE and --to DATE');
    const fr = await cli(c.db, ['bill', 'export', '--format', 'entries', '--month', '2026-11', '--to', '2026-11-30'], { env: { PARNASSE_LANG: 'fr' } });
    expect(fr.code).not.toBe(0);
    expect(fr.stderr).toContain('--month et --from/--to ne vont pas ensemble');
  });

  it('the chart of accounts: settings with French defaults, validated on entry, listed, audited (db check), used by the export', async () => {
    const c = club();
    c.conn.close();
    const list = (await cli(c.db, ['--json', 'settings', 'list'])).json<{ key: string; value: string | null; default: string | null }[]>();
    expect(list.find((r) => r.key === 'accounts.receivable')).toMatchObject({ value: null, default: '411000' });
    expect(list.find((r) => r.key === 'accounts.penalty')).toMatchObject({ value: null, default: '763100' });
    const shown = await cli(c.db, ['settings', 'list'], { env: { PARNASSE_LANG: 'fr' } });
    expect(shown.stdout).toMatch(/accounts\.bank\s+512000 \(par défaut\)/);
    // a bank account must be of class 5, digits only
    for (const [lang, words] of [
      ['en', 'is not an account number of class 5'],
      ['fr', 'n’est pas un numéro de compte de la classe 5'],
    ] as const) {
      const bad = await cli(c.db, ['settings', 'set', 'accounts.bank', '411000'], { env: { PARNASSE_LANG: lang } });
      expect(bad.code).toBe(4);
      expect(bad.stderr).toContain(words);
    }
    expect((await cli(c.db, ['settings', 'set', 'accounts.bank', '51a'])).code).toBe(4);
    const ok = await cli(c.db, ['settings', 'set', 'accounts.bank', ' 512100 ', 'accounts.receivable', '411100']);
    expect(ok.code, ok.stderr).toBe(0);
    // the settings as their audit entries recorded them (the raw payments of this club are another check's business)
    const check = await cli(c.db, ['--json', 'db', 'check']);
    expect(check.json<{ problems: { check: string }[] }>().problems.filter((p) => p.check === 'money_state')).toEqual([]);
    const lines = readFec((await exportEntries(c.db, c.dir, ['--month', '2026-11'], '2026-12-31', 'nov.txt')).text, '|');
    expect(lines.filter((l) => l.account === '512100').length).toBe(5);
    expect(lines.some((l) => l.account === '512000' || l.account === '411000')).toBe(false);
    expect((await cli(c.db, ['settings', 'unset', 'accounts.bank'])).code).toBe(0);
    expect(readFec((await exportEntries(c.db, c.dir, ['--month', '2026-11'], '2026-12-31', 'nov2.txt')).text, '|').some((l) => l.account === '512000')).toBe(
      true,
    );
  });

  it('the walk-through (fixtures/demo.sh): its December entries read, balanced and reconciled with the ledger', async () => {
    const demo = await buildDemoDb();
    const step = demo.ran.find((r) => r.argv.includes('entries'));
    expect(step, 'the demo exports the entries').toBeDefined();
    expect(step!.code, step!.stderr).toBe(0);
    const lines = readFec(fs.readFileSync(path.join(demo.out, 'FEC-2026-12.txt'), 'utf8'), '|');
    const j = checkJournals(lines);
    expect(j.get('VT')!.entries).toBeGreaterThan(0);
    // everything up to the 31st, reconciled member by member with the ledger
    const all = await exportEntries(demo.db, demo.out, ['--from', '2000-01-01', '--to', '2026-12-31'], '2026-12-31', 'FEC-all.txt');
    const every = readFec(all.text, '|');
    checkJournals(every, { VT: 1, BQ: 1, OD: 1 });
    const conn = openDatabase(demo.db);
    const owed = new Map<number, number>();
    for (const b of invoiceBalances(conn.db, { on: '2026-12-31', issuedBy: true }))
      if (b.kind === 'invoice') owed.set(b.memberNo, (owed.get(b.memberNo) ?? 0) + b.outstandingCents - b.creditCents);
    const aux = new Map<string, number>();
    for (const l of every) if (l.account === '411000') aux.set(l.aux, (aux.get(l.aux) ?? 0) + l.debit - l.credit);
    expect(Object.fromEntries(aux)).toEqual(Object.fromEntries([...owed].map(([no, v]) => [`C${String(no).padStart(6, '0')}`, v])));
    conn.close();
  }, 120_000);
});
