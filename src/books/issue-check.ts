/**
 * `db check`: every document, payment and reversal of the books is exactly what its one
 * audit entry recorded (issue 28). An invoice has exactly one `issue` (or
 * `issue_credit_note`) entry and a payment one `record` entry, written in the same
 * transaction as the row; a second one — a forger rewriting the row and appending a
 * "superseding" entry hashed like the others — is a finding, and the row is compared with
 * the first. Every column is compared with the entry, or derived (line ids and invoice ids by
 * position); entries written before a column was recorded leave it out (README "Books").
 * The billing cursors are compared with the lines they summarise.
 */
import type Database from 'better-sqlite3';
import { t } from '../i18n/index.js';

type Row = Record<string, unknown>;

/** Columns written before the entries recorded them: compared when the entry has them. */
const LEGACY_OPTIONAL = new Set(['id', 'run_id', 'created_at', 'source_key']);
/** Columns derived rather than recorded: the line's id and its invoice (its position in the entry's list). */
const LINE_DERIVED = new Set(['id', 'invoice_id']);

function parse(s: string | null): Row | null {
  if (s === null) return null;
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Row) : null;
  } catch {
    return null;
  }
}

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);
const show = (v: unknown) => (v === undefined ? 'not recorded' : String(v));

function columnsOf(sqlite: Database.Database, table: string): string[] {
  return (sqlite.prepare(`select name from pragma_table_info('${table}') order by cid`).all() as { name: string }[]).map((c) => c.name);
}

/** Book entries erased (annex 5 never erases them; the UPDATE trigger refuses it). */
export function erasedBookEntries(sqlite: Database.Database): string[] {
  return (
    sqlite
      .prepare("select id, entity, entity_id, action from audit_log where entity in ('invoice', 'payment') and erased_by is not null order by id")
      .all() as {
      id: number;
      entity: string;
      entity_id: string | null;
      action: string;
    }[]
  ).map((r) => t('check.book_entry_erased', { id: r.id, entity: r.entity, entity_id: r.entity_id ?? '', action: r.action }));
}

/** Invoices, credit notes and their lines against their one issue entry. */
export function issuedDocumentProblems(sqlite: Database.Database): string[] {
  const out: string[] = [];
  const invoiceCols = columnsOf(sqlite, 'invoices');
  const lineCols = columnsOf(sqlite, 'invoice_lines').filter((c) => !LINE_DERIVED.has(c));
  const kindAt = lineCols.indexOf('kind');
  const periodAt = lineCols.indexOf('period');
  const entries = `from audit_log a where a.entity = 'invoice' and a.entity_id = i.number and a.action in ('issue', 'issue_credit_note')`;
  // one row per document: its columns, its lines (in id order, the invoice_id index's order),
  // the ids of its issue entries and the first one's content — all read through indexes
  const rows = sqlite
    .prepare(
      `select ${invoiceCols.map((c) => `i.${c}`).join(', ')},
         (select json_group_array(json_array(${lineCols.map((c) => `l.${c}`).join(', ')})) from invoice_lines l where l.invoice_id = i.id),
         (select group_concat(a.id) ${entries}),
         (select a.change ${entries} order by a.id limit 1)
       from invoices i order by i.id`,
    )
    .raw()
    .iterate() as IterableIterator<unknown[]>;
  const numberAt = invoiceCols.indexOf('number');
  const n = invoiceCols.length;
  for (const r of rows) {
    const number = String(r[numberAt]);
    const ids = r[n + 1] as string | null;
    if (ids === null) {
      out.push(t('check.no_issue_audit', { number }));
      continue;
    }
    if (ids.includes(',')) {
      const list = ids
        .split(',')
        .map(Number)
        .sort((x, y) => x - y);
      out.push(t('check.issue_entries', { number, count: list.length, ids: list.join(', ') }));
    }
    const a = parse(r[n + 2] as string | null) ?? {};
    for (let c = 0; c < n; c++) {
      const k = invoiceCols[c]!;
      if (!(k in a) && LEGACY_OPTIONAL.has(k)) continue;
      if (!same(a[k], r[c])) out.push(t('check.changed_field', { number, k, now: String(r[c]), was: show(a[k]) }));
    }
    const was = Array.isArray(a.lines) ? (a.lines as Row[]) : [];
    const now = JSON.parse(r[n] as string) as unknown[][];
    if (was.length !== now.length) out.push(t('check.changed_lines', { number, length: now.length, length2: was.length }));
    for (let k = 0; k < Math.min(was.length, now.length); k++) {
      const w = was[k]!;
      const l = now[k]!;
      for (let c = 0; c < lineCols.length; c++) {
        const f = lineCols[c]!;
        let recorded = w[f];
        if (!(f in w)) {
          if (!LEGACY_OPTIONAL.has(f)) recorded = undefined;
          // entries of the monthly run before issue 28: a subscription's key is derived from the member and the month
          else if (f === 'source_key' && l[kindAt] === 'subscription' && typeof l[periodAt] === 'string' && a.kind === 'invoice')
            recorded = `subscription:${String(a.member_id)}:${String(l[periodAt])}`;
          else continue;
        }
        if (!same(recorded, l[c])) out.push(t('check.changed_line', { number, line: k + 1, f, now: String(l[c]), was: show(recorded) }));
      }
    }
  }
  // an issue entry whose document is gone (or was never written)
  for (const r of sqlite
    .prepare(
      `select a.id, a.entity_id from audit_log a where a.entity = 'invoice' and a.action in ('issue', 'issue_credit_note')
       and not exists (select 1 from invoices i where i.number = a.entity_id) order by a.id`,
    )
    .all() as { id: number; entity_id: string }[])
    out.push(t('check.issue_without_document', { number: r.entity_id, id: r.id }));
  return out;
}

/** Payments against their one `record` entry; reversals against the `sepa_return` entry that recorded them. */
export function paymentProblems(sqlite: Database.Database): string[] {
  const out: string[] = [];
  const rows = sqlite
    .prepare(
      `select p.id, i.number as invoice, p.amount_cents, p.paid_on, p.method, p.created_at,
         (select json_group_array(json_array(a.id, a.change)) from audit_log a
            where a.entity = 'payment' and a.entity_id = cast(p.id as text) and a.action = 'record') as _entries
       from payments p left join invoices i on i.id = p.invoice_id order by p.id`,
    )
    .iterate() as IterableIterator<Row & { id: number; _entries: string }>;
  for (const p of rows) {
    const entries = JSON.parse(p._entries) as [number, string][];
    if (entries.length === 0) {
      out.push(t('check.no_payment_audit', { id: String(p.id), invoice: String(p.invoice) }));
      continue;
    }
    entries.sort((a, b) => a[0] - b[0]);
    if (entries.length > 1) out.push(t('check.payment_entries', { id: p.id, count: entries.length, ids: entries.map((e) => e[0]).join(', ') }));
    const a = parse(entries[0]![1]) ?? {};
    for (const k of ['invoice', 'amount_cents', 'paid_on', 'method', 'created_at'])
      if ((k in a || !LEGACY_OPTIONAL.has(k)) && !same(a[k], p[k]))
        out.push(t('check.changed_payment', { id: String(p.id), k, now: String(p[k]), was: show(a[k]) }));
  }
  for (const r of sqlite
    .prepare(
      `select a.entity_id as id, a.change from audit_log a where a.entity = 'payment' and a.action = 'record'
       and not exists (select 1 from payments p where cast(p.id as text) = a.entity_id) order by a.id`,
    )
    .all() as { id: string; change: string }[]) {
    const a = parse(r.change) ?? {};
    out.push(t('check.payment_missing', { id: r.id, amount_cents: String(a.amount_cents), invoice: String(a.invoice) }));
  }

  // reversals: each recorded by the bank's return of its debit (`bill returns`), nothing else un-pays
  const recorded = new Map<number, { id: number; invoice: string; a: Row }[]>();
  for (const r of sqlite.prepare("select id, entity_id, change from audit_log where entity = 'invoice' and action = 'sepa_return' order by id").all() as {
    id: number;
    entity_id: string;
    change: string;
  }[]) {
    const a = parse(r.change) ?? {};
    if (typeof a.payment_reversed !== 'number') continue;
    const list = recorded.get(a.payment_reversed) ?? [];
    list.push({ id: r.id, invoice: r.entity_id, a });
    recorded.set(a.payment_reversed, list);
  }
  const reversals = sqlite
    .prepare(
      'select v.payment_id, v.reversed_on, v.reason, i.number as invoice from payment_reversals v left join payments p on p.id = v.payment_id left join invoices i on i.id = p.invoice_id order by v.id',
    )
    .all() as { payment_id: number; reversed_on: string; reason: string; invoice: string | null }[];
  for (const v of reversals) {
    const list = recorded.get(v.payment_id);
    recorded.delete(v.payment_id);
    if (!list) {
      out.push(t('check.reversal_unrecorded', { payment: v.payment_id, invoice: String(v.invoice), on: v.reversed_on }));
      continue;
    }
    if (list.length > 1) out.push(t('check.reversal_entries', { payment: v.payment_id, count: list.length, ids: list.map((e) => e.id).join(', ') }));
    const e = list[0]!;
    const want = { invoice: e.invoice, reversed_on: e.a.rejected_on, reason: `SEPA ${typeof e.a.reason === 'string' ? e.a.reason : 'return'}` };
    for (const k of ['invoice', 'reversed_on', 'reason'] as const)
      if (!same(want[k], v[k])) out.push(t('check.changed_reversal', { payment: v.payment_id, k, now: String(v[k]), was: String(want[k]) }));
  }
  for (const [payment, list] of recorded) out.push(t('check.reversal_missing', { payment, invoice: list[0]!.invoice, id: list[0]!.id }));
  return out;
}

/** The monthly run's items (src/billing/run.ts RECURRING_SOURCES): their key prefixes. */
const CURSOR_PREFIXES = ['brick', 'option', 'subscription'];

/**
 * Each billing cursor says how far its item is billed: the last month of the invoice lines
 * whose key is `${key}:YYYY-MM` (covered by their issue entries). A cursor behind its lines
 * makes the next run bill a month again (refused by the unique key), one ahead skips months,
 * one missing bills everything again; a cursor of another member bills the wrong one.
 */
export function cursorProblems(sqlite: Database.Database): string[] {
  const out: string[] = [];
  const lines = new Map<string, { through: string; member: number; mixed?: boolean }>();
  for (const p of CURSOR_PREFIXES) {
    // the keys in index order; an item's lines are `${key}:YYYY-MM`
    const rows = sqlite
      .prepare(
        `select l.source_key, l.period, i.member_id from invoice_lines l join invoices i on i.id = l.invoice_id
         where l.source_key > ? and l.source_key < ? and i.kind = 'invoice'`,
      )
      .raw()
      .iterate(`${p}:`, `${p};`) as IterableIterator<[string, string | null, number]>;
    for (const [sourceKey, period, member] of rows) {
      const k = sourceKey.slice(0, -8);
      const l = lines.get(k);
      if (!l) lines.set(k, { through: period ?? '', member });
      else {
        if (l.member !== member && !l.mixed) {
          l.mixed = true;
          out.push(t('check.cursor_members', { key: k }));
        }
        if (period !== null && period > l.through) l.through = period;
      }
    }
  }
  const cursors = sqlite
    .prepare("select key, member_id, billed_through from billing_cursors where key < 'member:' or key >= 'member;'")
    .raw()
    .iterate() as IterableIterator<[string, number, string]>;
  for (const [key, member, through] of cursors) {
    const l = lines.get(key);
    lines.delete(key);
    if (!CURSOR_PREFIXES.some((p) => key.startsWith(`${p}:`))) out.push(t('check.cursor_unknown', { key }));
    else if (!l) out.push(t('check.cursor_no_line', { key, through }));
    else {
      if (l.through !== through) out.push(t('check.cursor_moved', { key, through, lines: l.through }));
      if (l.member !== member) out.push(t('check.cursor_member', { key, member, line_member: l.member }));
    }
  }
  for (const [key, l] of lines) out.push(t('check.cursor_missing', { key, lines: l.through }));
  return out;
}
