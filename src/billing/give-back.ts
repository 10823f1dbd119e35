/**
 * Months billed in advance for an item that has since ended sooner (art. 7.3.1, 7.3.4): an
 * option, a site or a brick ended, or the contract terminated, recorded after the run that
 * billed the months after its end (the member's e-mail of 15/12 entered on 5/01, after the
 * January run). The month of the end is due in full; the months after it are given back by
 * the next run, on its date, one credit note per invoice, each line marked
 * `given_back:<line id>` so that nothing is given back twice (`giveBackAmounts`, rules).
 *
 * Found through the billing cursors: an ended item whose cursor is past its end's month
 * (items ended in time never are), then its lines after that month not yet given back.
 * Called by the run inside its transaction (a dry run rolls it back with the rest).
 */
import type { Connection, Tx } from '../db/connection.js';
import type { Actor } from '../db/audit.js';
import type { IsoDate } from '../rules/dates.js';
import type { LineKind } from '../rules/enums.js';
import type { Cents } from '../rules/money.js';
import { ART_MONTH_BEGUN, giveBackAmounts } from '../rules/billing.js';
import { creditedCents, issueCreditNote, lastOfSeries, type NewLine } from '../invoicing/core.js';
import { frDate, frMonth } from '../i18n/french.js';
import { ART_PENALTY, notDueBack } from '../rules/penalties.js';
import { penaltyCharges } from '../collection/index.js';

export interface GiveBackResult {
  credit_notes: number;
  total_ttc_cents: Cents;
  /** Months not due left to the next run: a credit note dated later than this run exists (numbers follow dates). */
  deferred_ttc_cents: Cents;
}

interface Ended {
  key: string;
  endOn: IsoDate;
}

/**
 * The items (cursor keys) whose cursor is past the month of their end, with that end. An
 * end that a termination sets counts once the termination is in force (a termination still
 * pending may be withdrawn, and its months are then due); an option or a brick it ends is
 * given back from the contract's end, even one that was to start after it.
 */
function endedItems(conn: Connection, date: IsoDate): Ended[] {
  const sqlite = conn.sqlite;
  // options and bricks alike (`option:ID`, `brick:ID`): an end a termination set counts from the contract's end
  const ended = (table: string, prefix: string) => {
    const end = `case when t.id is null then x.end_on else min(x.end_on, t.effective_on) end`;
    return `select c.key, ${end} from ${table} x join billing_cursors c on c.key = '${prefix}:' || x.id left join terminations t on t.id = x.termination_id
      where x.end_on is not null and (t.id is null or (t.withdrawn_on is null and t.effective_on <= @date)) and c.billed_through > substr(${end}, 1, 7)`;
  };
  const items = sqlite
    .prepare(`${ended('member_options', 'option')} union all ${ended('pro_bricks', 'brick')}`)
    .raw()
    .all({ date }) as [string, string][];
  const out = items.map(([key, endOn]) => ({ key, endOn }));
  // the contract's end, as the run reads it (the termination in force, else the member's end
  // date), once it has come
  const ends = new Map<number, string>();
  for (const [id, on] of sqlite.prepare('select id, terminated_on from members where terminated_on is not null').raw().all() as [number, string][])
    ends.set(id, on);
  for (const [id, on] of sqlite.prepare('select member_id, effective_on from terminations where withdrawn_on is null').raw().all() as [number, string][])
    ends.set(id, on);
  const cursor = sqlite.prepare('select billed_through from billing_cursors where key = ?').pluck();
  for (const [id, endOn] of ends) {
    if (endOn > date) continue;
    const key = `subscription:${id}`;
    const through = cursor.get(key) as string | undefined;
    if (through !== undefined && through > endOn.slice(0, 7)) out.push({ key, endOn });
  }
  return out;
}

/** Gives back, on `date`, every month billed after its item's end and not given back yet. */
export function giveBackMonthsNotDue(conn: Connection, actor: Actor, date: IsoDate): GiveBackResult {
  const result: GiveBackResult = { credit_notes: 0, total_ttc_cents: 0, deferred_ttc_cents: 0 };
  // numbers follow dates (CGI 242 nonies A): a run dated before the series' last credit note
  // cannot issue one — it leaves them to the next run (and says how much) rather than fail the billing
  const last = lastOfSeries(conn.db, 'credit_note', date);
  const deferred = last !== null && last.issued_on > date;
  const ended = endedItems(conn, date);
  if (ended.length === 0) return result;
  // an item's lines are `${key}:${YYYY-MM}`: those after its end's month sort between `${key}:${month}` and `${key};`
  const linesOf = conn.sqlite.prepare(
    `select l.id, l.invoice_id, l.kind, l.label, l.period, l.ttc_cents from invoice_lines l join invoices i on i.id = l.invoice_id
     where l.source_key > ? and l.source_key < ? and i.kind = 'invoice'
       and not exists (select 1 from invoice_lines g where g.source_key = 'given_back:' || l.id)
     order by l.invoice_id, l.period`,
  );
  const byInvoice = new Map<number, { line: number; kind: LineKind; label: string; period: string; ttcCents: Cents; endOn: IsoDate }[]>();
  for (const it of ended) {
    for (const l of linesOf.all(`${it.key}:${it.endOn.slice(0, 7)}`, `${it.key};`) as {
      id: number;
      invoice_id: number;
      kind: LineKind;
      label: string;
      period: string;
      ttc_cents: number;
    }[]) {
      let group = byInvoice.get(l.invoice_id);
      if (!group) byInvoice.set(l.invoice_id, (group = []));
      group.push({ line: l.id, kind: l.kind, label: l.label, period: l.period, ttcCents: l.ttc_cents, endOn: it.endOn });
    }
  }
  for (const group of byInvoice.values()) group.sort((a, b) => a.line - b.line); // in the invoice's order
  const tx = conn.db as unknown as Tx; // the run's transaction is open on this connection
  const totalOf = conn.sqlite.prepare('select total_ttc_cents from invoices where id = ?').pluck();
  // what credit notes on the invoice gave back by the run already (the rest: by hand)
  const givenBackOn = conn.sqlite
    .prepare(
      `select coalesce(sum(l.ttc_cents), 0) from invoice_lines l join invoices c on c.id = l.invoice_id
       where c.refers_to = ? and c.kind = 'credit_note' and l.source_key >= 'given_back:' and l.source_key < 'given_back;'`,
    )
    .pluck();
  // the penalties and indemnities charged on an invoice given back, found by the next step
  const charged = new Map<number, NewLine[]>();
  // in invoice order: a penalty is charged on a later invoice than its own, so what an invoice
  // gives back is known once every invoice before it is done
  const queue = [...byInvoice.keys()].sort((a, b) => a - b);
  const queued = new Set(queue);
  while (queue.length > 0) {
    const invoiceId = queue.shift()!;
    const group = byInvoice.get(invoiceId) ?? [];
    const credited = creditedCents(tx, invoiceId);
    const creditable = (totalOf.get(invoiceId) as number) - credited;
    const amounts = giveBackAmounts(group, creditable, credited - (givenBackOn.get(invoiceId) as number));
    const lines: NewLine[] = [];
    group.forEach((g, k) => {
      const back = amounts[k]!;
      if (back === 0) return;
      lines.push({
        kind: g.kind,
        label: `${g.label} — ${frMonth(g.period)}, non dû : fin le ${frDate(g.endOn)} (art. ${ART_MONTH_BEGUN})`,
        period: g.period,
        ttcCents: back,
        sourceKey: `given_back:${g.line}`,
      });
    });
    let left = creditable - lines.reduce((s, l) => s + l.ttcCents, 0);
    for (const l of charged.get(invoiceId) ?? []) {
      const back = Math.min(l.ttcCents, left);
      if (back > 0) lines.push({ ...l, ttcCents: back });
      left -= back;
    }
    if (lines.length === 0) continue; // given back by hand already
    const cents = lines.reduce((s, l) => s + l.ttcCents, 0);
    if (deferred) {
      result.deferred_ttc_cents += cents;
      continue;
    }
    issueCreditNote(tx, actor, { invoiceId, issuedOn: date, lines });
    result.credit_notes++;
    result.total_ttc_cents += cents;
    // what was charged on the sums just given back goes back with them (issue 21): on the
    // invoices that bear those penalties, which may in turn give back theirs
    for (const [onInvoice, back] of penaltiesChargedOn(conn, invoiceId, date)) {
      if (!charged.has(onInvoice)) charged.set(onInvoice, []);
      charged.get(onInvoice)!.push(...back);
      if (!queued.has(onInvoice)) {
        queued.add(onInvoice);
        let at = queue.findIndex((q) => q > onInvoice);
        if (at < 0) at = queue.length;
        queue.splice(at, 0, onInvoice);
      }
    }
  }
  return result;
}

/**
 * The penalty and indemnity lines charged for a late invoice that its sums given back as not
 * due no longer justify (`penaltyCharges`, `notDueBack`), as credit-note lines grouped by the invoice that
 * bears them: each `given_back:<line id>` (`#2`, `#3`… when part of it went back before).
 */
function penaltiesChargedOn(conn: Connection, invoiceId: number, date: IsoDate): Map<number, NewLine[]> {
  const out = new Map<number, NewLine[]>();
  for (const c of penaltyCharges(conn.sqlite, { invoiceIds: [invoiceId] })) {
    const cents = notDueBack({ ttcCents: c.ttc_cents, givenBackCents: c.given_back_cents, owedCents: c.owed_cents });
    if (cents === 0) continue;
    if (!out.has(c.on_invoice_id)) out.set(c.on_invoice_id, []);
    const penalty = c.kind === 'penalty';
    out.get(c.on_invoice_id)!.push({
      kind: c.kind,
      label: `${c.label}, ${penalty ? 'non dues' : 'non due'} : calculée${penalty ? 's' : ''} sur des sommes rendues comme non dues le ${frDate(date)} (art. ${ART_PENALTY})`,
      period: c.period,
      ttcCents: cents,
      sourceKey: c.given_back_lines === 0 ? `given_back:${c.line_id}` : `given_back:${c.line_id}#${c.given_back_lines + 1}`,
    });
  }
  return out;
}
