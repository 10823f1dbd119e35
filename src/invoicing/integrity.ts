/**
 * `db check`: the database's own integrity plus the invariants of the invoice core and
 * the member register — gapless series, unique member numbers, line sums equal totals,
 * HT + VAT = TTC, HT derived per line, no overpayment, append-only triggers in place,
 * and every invoice identical to what was recorded in the audit log when it was issued,
 * with what it states of the seller, the buyer and the payment (frozen-check.ts), and
 * reconciled with the e-invoice it makes (books/einvoice-check.ts).
 */
import { newSqlite } from '../db/sqlite.js';
import type { Connection } from '../db/connection.js';
import { verifyChain } from '../db/audit.js';
import { checkAnchors, type Anchor } from '../books/seal.js';
import { schemaProblems } from '../books/schema-check.js';
import { moneyStateProblems } from './money-state.js';
import { cursorProblems, erasedBookEntries, issuedDocumentProblems, paymentProblems } from '../books/issue-check.js';
import { frozenProblems } from './frozen-check.js';
import { einvoiceCheck } from '../books/einvoice-check.js';
import { parseInvoiceNumber } from '../rules/invoices.js';
import { lineHasVat } from '../rules/invoices.js';
import { htFromTtc } from '../rules/money.js';
import type { LineKind } from '../rules/enums.js';
import { t } from '../i18n/index.js';

export interface CheckItem {
  id: string;
  ok: boolean;
  message: string;
}

export interface CheckReport {
  ok: boolean;
  checks: CheckItem[];
  problems: { check: string; message: string }[];
}

const MAX_LISTED = 20;

export function checkDatabase(conn: Connection, opts: { anchors?: readonly Anchor[] } = {}): CheckReport {
  const db = conn.sqlite;
  const checks: CheckItem[] = [];
  const problems: { check: string; message: string }[] = [];
  const run = (id: string, okMessage: string, found: string[]) => {
    checks.push({ id, ok: found.length === 0, message: found.length === 0 ? okMessage : t('db.check.n_problems', { count: found.length }) });
    for (const f of found.slice(0, MAX_LISTED)) problems.push({ check: id, message: f });
    if (found.length > MAX_LISTED) problems.push({ check: id, message: t('db.check.more', { count: found.length - MAX_LISTED }) });
  };

  // a damaged file is a finding, not a crash: integrity_check itself may fail to read it,
  // and the checks below stop at the first page they cannot read
  let integrity: string[];
  try {
    integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  } catch (e) {
    if (!isDamage(e)) throw e;
    integrity = [t('db.check.damaged', { detail: (e as Error).message })];
  }
  run(
    'integrity',
    t('db.check.ok.integrity'),
    integrity.filter((r) => r !== 'ok'),
  );

  try {
    const fks = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
    run(
      'foreign_keys',
      t('db.check.ok.foreign_keys'),
      fks.map((f) => `${f.table} row ${f.rowid} refers to a missing ${f.parent}`),
    );

    // the schema is the migrations' own: every refusing trigger in place, nothing added (issue 28)
    run('append_only', t('db.check.ok.append_only'), schemaProblems(db, ['trigger']));
    run('schema', t('db.check.ok.schema'), schemaProblems(db, ['table', 'index', 'view']));

    // the audit log's hash chain: ids continuous, every entry's content and link
    const chain = verifyChain(db, new Set((opts.anchors ?? []).map((a) => a.entry)));
    run(
      'audit_chain',
      chain.head
        ? t(chain.erased ? 'check.chain_ok_erased' : 'check.chain_ok', {
            entries: chain.entries,
            id: chain.head.id,
            hash: chain.head.hash.slice(0, 16),
            erased: chain.erased,
          })
        : t('check.chain_empty'),
      chain.problems,
    );
    if (opts.anchors) run('anchors', t('check.anchors_ok', { length: opts.anchors.length }), checkAnchors(chain.hashes, chain.head, opts.anchors));

    // gapless series
    const invs = db.prepare('select id, number, kind, issued_on from invoices order by id').all() as {
      id: number;
      number: string;
      kind: string;
      issued_on: string;
    }[];
    const series = new Map<string, number[]>();
    const seriesProblems: string[] = [];
    for (const i of invs) {
      const p = parseInvoiceNumber(i.number);
      if (!p || p.kind !== i.kind || String(p.year) !== i.issued_on.slice(0, 4)) {
        seriesProblems.push(t('check.malformed_number', { number: i.number, kind: i.kind, issued_on: i.issued_on }));
        continue;
      }
      const key = `${i.kind}:${p.year}`;
      if (!series.has(key)) series.set(key, []);
      series.get(key)!.push(p.n);
    }
    // chronological (CGI art. 242 nonies A): within a series, a later number never has an earlier date
    const bySeries = new Map<string, { n: number; number: string; on: string }[]>();
    for (const i of invs) {
      const p = parseInvoiceNumber(i.number);
      if (!p) continue;
      const key = `${i.kind}:${p.year}`;
      if (!bySeries.has(key)) bySeries.set(key, []);
      bySeries.get(key)!.push({ n: p.n, number: i.number, on: i.issued_on });
    }
    for (const docs of bySeries.values()) {
      docs.sort((a, b) => a.n - b.n);
      for (let k = 1; k < docs.length; k++)
        if (docs[k]!.on < docs[k - 1]!.on)
          seriesProblems.push(t('check.not_chronological', { number: docs[k]!.number, on: docs[k]!.on, number2: docs[k - 1]!.number, on2: docs[k - 1]!.on }));
    }
    const seqs = new Map(
      (db.prepare('select name, last_value from sequences').all() as { name: string; last_value: number }[]).map((r) => [r.name, r.last_value]),
    );
    for (const [key, ns] of series) {
      ns.sort((a, b) => a - b);
      const max = ns.at(-1)!;
      for (let k = 1, j = 0; k <= max; k++) {
        if (ns[j] === k) {
          j++;
          if (ns[j] === k) seriesProblems.push(t('check.used_twice', { key, k }));
          while (ns[j] === k) j++;
        } else seriesProblems.push(t('check.gap', { key, k }));
      }
      const last = seqs.get(key);
      if (last !== undefined && last > max) seriesProblems.push(t('check.counter_ahead', { key, last, max }));
      if (last !== undefined && last < max) seriesProblems.push(t('check.counter_behind', { key, last, max }));
    }
    for (const [name, last] of seqs) {
      if ((name.startsWith('invoice:') || name.startsWith('credit_note:')) && last > 0 && !series.has(name))
        seriesProblems.push(t('check.counter_no_doc', { name, last }));
    }
    seriesProblems.push(...quoteSeriesProblems(db, seqs));
    run('gapless_series', t('db.check.ok.gapless_series', { invoices: invs.length, series: series.size }), seriesProblems);

    // member numbers
    const memberProblems: string[] = [];
    for (const d of db.prepare('select member_no, count(*) as n from members group by member_no having n > 1').all() as { member_no: number; n: number }[])
      memberProblems.push(t('check.member_no_twice', { member_no: d.member_no, n: d.n }));
    const maxNo = (db.prepare('select max(member_no) as m from members').get() as { m: number | null }).m ?? 0;
    const memberSeq = seqs.get('member_no') ?? 0;
    if (maxNo > memberSeq) memberProblems.push(t('check.member_counter_behind', { member_seq: memberSeq, max_no: maxNo }));
    run('member_numbers', t('db.check.ok.member_numbers'), memberProblems);

    // totals
    const totals: string[] = [];
    totals.push(...documentTotalProblems(db, 'invoices', 'invoice_lines', 'invoice_id'));
    const lines = db.prepare('select i.number, l.kind, l.ttc_cents, l.ht_cents from invoice_lines l join invoices i on i.id = l.invoice_id').all() as {
      number: string;
      kind: LineKind;
      ttc_cents: number;
      ht_cents: number;
    }[];
    for (const l of lines) {
      const want = lineHasVat(l.kind) ? htFromTtc(l.ttc_cents) : l.ttc_cents;
      if (l.ht_cents !== want) totals.push(t('check.line_ht', { number: l.number, kind: l.kind, ttc_cents: l.ttc_cents, ht_cents: l.ht_cents, want }));
    }
    totals.push(...documentTotalProblems(db, 'pro_quotes', 'pro_quote_lines', 'quote_id'), ...quoteLineProblems(db));
    run('totals', t('db.check.ok.totals'), totals);

    // money never lost or counted twice (RULES.md §6): what came in (payments, credit used from
    // elsewhere) never exceeds the invoice, credit notes never exceed it, and what went out
    // (refunds, credit used on later invoices) never exceeds the excess a credit note left —
    // the excess it left when it went out: a debit the bank returned afterwards never paid, and
    // what its credit settled elsewhere is owed on this invoice again (the debt moves, nothing
    // is counted twice); refunds and allocations check the excess left at the time they are made
    const over = db
      .prepare(
        `select i.number, i.total_ttc_cents as ttc,
                coalesce((select sum(amount_cents) from payments p where p.invoice_id = i.id
                          and not exists (select 1 from payment_reversals v where v.payment_id = p.id)), 0)
                  + coalesce((select sum(amount_cents) from guarantee_moves g where g.invoice_id = i.id), 0) as paid,
                coalesce((select sum(total_ttc_cents) from invoices c where c.refers_to = i.id and c.kind = 'credit_note'), 0) as credited,
                coalesce((select sum(amount_cents) from credit_allocations a where a.invoice_id = i.id), 0) as alloc_in,
                coalesce((select sum(amount_cents) from credit_allocations a where a.from_invoice_id = i.id), 0) as alloc_out,
                coalesce((select sum(amount_cents) from refunds f where f.invoice_id = i.id), 0) as refunded,
                coalesce((select sum(amount_cents) from payments p where p.invoice_id = i.id), 0)
                  + coalesce((select sum(amount_cents) from guarantee_moves g where g.invoice_id = i.id), 0) as paid_before_returns
         from invoices i where i.kind = 'invoice'`,
      )
      .all() as {
      number: string;
      ttc: number;
      paid: number;
      credited: number;
      alloc_in: number;
      alloc_out: number;
      refunded: number;
      paid_before_returns: number;
    }[];
    const settlementProblems: string[] = [];
    for (const o of over) {
      if (o.paid + o.alloc_in > o.ttc) settlementProblems.push(t('check.overpaid', { number: o.number, paid: o.paid, alloc_in: o.alloc_in, ttc: o.ttc }));
      if (o.credited > o.ttc) settlementProblems.push(t('check.overcredited', { number: o.number, credited: o.credited, ttc: o.ttc }));
      const excess = Math.max(0, o.paid_before_returns + o.alloc_in + o.credited - o.ttc);
      if (o.refunded + o.alloc_out > excess)
        settlementProblems.push(t('check.over_refunded', { number: o.number, refunded: o.refunded, alloc_out: o.alloc_out, excess }));
    }
    const crossMember = db
      .prepare(
        `select a.id, f.number as from_number, t.number as to_number from credit_allocations a
         join invoices f on f.id = a.from_invoice_id join invoices t on t.id = a.invoice_id
         where f.member_id <> a.member_id or t.member_id <> a.member_id or f.kind <> 'invoice' or t.kind <> 'invoice'`,
      )
      .all() as { id: number; from_number: string; to_number: string }[];
    for (const c of crossMember) settlementProblems.push(t('check.cross_member', { id: c.id, from_number: c.from_number, to_number: c.to_number }));
    // a financial guarantee (art. 7.1): never more received than asked, never more out than in,
    // applied only to its own member's invoices
    const guaranteeRows = db
      .prepare(
        `select g.id, g.amount_cents as asked,
                coalesce((select sum(amount_cents) from guarantee_moves v where v.guarantee_id = g.id and v.kind = 'received'), 0) as received,
                coalesce((select sum(amount_cents) from guarantee_moves v where v.guarantee_id = g.id and v.kind <> 'received'), 0) as out_cents,
                (select count(*) from guarantee_moves v join invoices i on i.id = v.invoice_id where v.guarantee_id = g.id and i.member_id <> g.member_id) as foreign_
         from guarantees g`,
      )
      .all() as { id: number; asked: number; received: number; out_cents: number; foreign_: number }[];
    for (const g of guaranteeRows)
      if (g.received > g.asked || g.out_cents > g.received || g.foreign_ > 0)
        settlementProblems.push(t('check.guarantee', { id: g.id, asked: g.asked, received: g.received, out: g.out_cents }));
    run('settlements', t('db.check.ok.settlements'), settlementProblems);

    // unchanged since issue: each document, payment and reversal as its one audit entry recorded it (src/books/issue-check.ts)
    const changed = [...erasedBookEntries(db), ...issuedDocumentProblems(db), ...paymentProblems(db)];
    run('unchanged_since_issue', t('db.check.ok.unchanged_since_issue'), changed);
    run('billing_cursors', t('db.check.ok.billing_cursors'), cursorProblems(db));
    run('money_state', t('db.check.ok.money_state'), moneyStateProblems(db));

    // what each issued document states besides its rows, as frozen at issue (frozen-check.ts)
    const frozen = frozenProblems(db);
    run(
      'frozen_documents',
      t('db.check.ok.frozen_documents', { documents: frozen.documents, legacy: frozen.legacy, versions: frozen.versions }),
      frozen.problems,
    );

    // every document reconciles with the e-invoice it makes: BT-1, HT, VAT per category and rate, TTC (src/books/einvoice-check.ts)
    const einvoices = einvoiceCheck(db);
    run('e_invoices', t('db.check.ok.e_invoices', { documents: einvoices.documents, mixed: einvoices.mixed }), einvoices.problems);
  } catch (e) {
    if (!isDamage(e)) throw e;
    run('readable', '', [t('db.check.unreadable', { detail: (e as Error).message })]);
  }

  return { ok: checks.every((c) => c.ok), checks, problems };
}

/**
 * The report for a file too damaged to be opened as a parnasse database (its schema or
 * migrations table is unreadable): what `PRAGMA integrity_check` can still say, read-only.
 */
export function checkDamagedFile(file: string, opening: Error & { detail?: string }): CheckReport {
  const problems = [{ check: 'readable', message: t('db.check.unreadable', { detail: opening.detail ?? opening.message }) }];
  let found: string[];
  try {
    const raw = newSqlite(file, { readonly: true, fileMustExist: true });
    try {
      found = (raw.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((r) => r !== 'ok');
    } finally {
      raw.close();
    }
  } catch (e) {
    found = [t('db.check.damaged', { detail: (e as Error).message })];
  }
  for (const f of found.slice(0, MAX_LISTED)) problems.unshift({ check: 'integrity', message: f });
  return {
    ok: false,
    checks: [
      { id: 'integrity', ok: found.length === 0, message: found.length === 0 ? t('db.check.ok.integrity') : t('db.check.n_problems', { count: found.length }) },
      { id: 'readable', ok: false, message: t('db.check.n_problems', { count: 1 }) },
    ],
    problems,
  };
}

/** SQLite could not read the file: a damaged page, or an I/O error under it. */
function isDamage(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_IOERR'));
}

/**
 * Univers Pro quotes (art. 5.12.2): their own gapless series per year (`D2027-000001`,
 * counter `quote:2027`), numbered in date order — checked with the invoices' series.
 */
function quoteSeriesProblems(db: Connection['sqlite'], seqs: Map<string, number>): string[] {
  const out: string[] = [];
  const series = new Map<string, { n: number; number: string; on: string | null }[]>();
  // the quotes an annex 5 purge erased (their numbers are in its entry): accounted for, not a gap
  const erased = new Set<string>();
  for (const e of db.prepare("select change from audit_log where entity = 'member_purge' and action = 'purge'").all() as { change: string | null }[]) {
    const change = e.change ? (JSON.parse(e.change) as { quotes_erased?: unknown }) : {};
    if (Array.isArray(change.quotes_erased)) for (const n of change.quotes_erased) if (typeof n === 'string') erased.add(n);
  }
  for (const number of erased) {
    const m = /^D(\d{4})-(\d{6})$/.exec(number);
    if (!m) continue;
    const key = `quote:${m[1]}`;
    if (!series.has(key)) series.set(key, []);
    series.get(key)!.push({ n: Number(m[2]), number, on: null });
  }
  for (const q of db.prepare('select number, issued_on from pro_quotes order by id').all() as { number: string; issued_on: string }[]) {
    if (erased.has(q.number)) {
      out.push(`${q.number}: erased by a purge, yet still there`);
      continue;
    }
    const m = /^D(\d{4})-(\d{6})$/.exec(q.number);
    if (!m || m[1] !== q.issued_on.slice(0, 4) || Number(m[2]) < 1) {
      out.push(`${q.number}: malformed number for a quote issued on ${q.issued_on}`);
      continue;
    }
    const key = `quote:${m[1]}`;
    if (!series.has(key)) series.set(key, []);
    series.get(key)!.push({ n: Number(m[2]), number: q.number, on: q.issued_on });
  }
  for (const [key, docs] of series) {
    docs.sort((a, b) => a.n - b.n);
    let previous: { number: string; on: string } | null = null; // the last quote still there (an erased one has no date)
    for (let k = 0; k < docs.length; k++) {
      const d = docs[k]!;
      if (d.n !== k + 1) {
        out.push(`${key}: number ${k + 1} is missing or used twice (gap)`);
        break;
      }
      if (d.on === null) continue;
      if (previous && d.on < previous.on) out.push(`${d.number} dated ${d.on} comes after ${previous.number} dated ${previous.on} (not in date order)`);
      previous = { number: d.number, on: d.on };
    }
    const last = seqs.get(key);
    if (last !== docs.length) out.push(`${key}: counter at ${last ?? 0} but the last quote is ${docs.length}`);
  }
  for (const [name, last] of seqs) if (name.startsWith('quote:') && last > 0 && !series.has(name)) out.push(`${name}: counter at ${last} but no quote (gap)`);
  return out;
}

/**
 * A document's lines sum to its totals and HT + VAT = TTC (RULES.md §0): the same check
 * for invoices and credit notes and for Univers Pro quotes (art. 5.12.2), same messages.
 */
function documentTotalProblems(
  db: Connection['sqlite'],
  docs: 'invoices' | 'pro_quotes',
  lines: 'invoice_lines' | 'pro_quote_lines',
  fk: 'invoice_id' | 'quote_id',
): string[] {
  const out: string[] = [];
  const rows = db
    .prepare(
      `select d.number, d.total_ht_cents as ht, d.total_vat_cents as vat, d.total_ttc_cents as ttc,
              coalesce(sum(l.ttc_cents), 0) as lttc, coalesce(sum(l.ht_cents), 0) as lht, count(l.id) as n
       from ${docs} d left join ${lines} l on l.${fk} = d.id group by d.id order by d.id`,
    )
    .all() as { number: string; ht: number; vat: number; ttc: number; lttc: number; lht: number; n: number }[];
  for (const s of rows) {
    if (s.n === 0) out.push(t('check.no_line', { number: s.number }));
    if (s.ht + s.vat !== s.ttc) out.push(t('check.ht_vat_ttc', { number: s.number, ht: s.ht, vat: s.vat, ttc: s.ttc }));
    if (s.lttc !== s.ttc) out.push(t('check.lines_ttc', { number: s.number, lttc: s.lttc, ttc: s.ttc }));
    if (s.lht !== s.ht) out.push(t('check.lines_ht', { number: s.number, lht: s.lht, ht: s.ht }));
  }
  return out;
}

/** A quote line's HT is derived from its TTC as for invoices (RULES.md §0). */
function quoteLineProblems(db: Connection['sqlite']): string[] {
  const out: string[] = [];
  for (const l of db.prepare('select q.number, l.ttc_cents, l.ht_cents from pro_quote_lines l join pro_quotes q on q.id = l.quote_id').all() as {
    number: string;
    ttc_cents: number;
    ht_cents: number;
  }[])
    if (l.ht_cents !== htFromTtc(l.ttc_cents))
      out.push(t('check.line_ht', { number: l.number, kind: 'quote', ttc_cents: l.ttc_cents, ht_cents: l.ht_cents, want: htFromTtc(l.ttc_cents) }));
  return out;
}
