/**
 * What must hold in a living club, whatever it went through (issue 21) — each written once,
 * each reading the club through its commands as of the simulated day.
 *
 * `KNOWN` gates an invariant that fails only because of a defect of issue 21 not yet fixed:
 * its violations are counted and printed, not thrown. Remove an entry once its fix has
 * landed; the list must end empty.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../src/db/connection.js';
import { iterateMonthCollectables } from '../../src/collection/month.js';
import { memberStanding } from '../../src/contract/state.js';
import { cli } from '../helpers/cli.js';
import { pdfFlatText } from '../helpers/pdf-text.js';
import { listInvoices, type ListedInvoice } from './acts.js';
import { more, printQuote } from './acts-more.js';
import { addDays, monthOf, type IsoDate, type World } from './world.js';

/** Invariants failing only through a defect of issue 21 still pending (name → the defect). */
export const KNOWN: Record<string, string> = {};

export type Scope = 'day' | 'month' | 'final';

export function violate(w: World, invariant: string, message: string): void {
  if (KNOWN[invariant] !== undefined) {
    w.knownMet.set(invariant, (w.knownMet.get(invariant) ?? 0) + 1);
    if (w.knownMet.get(invariant) === 1) w.note(`known defect pending (${KNOWN[invariant]}), ${invariant}: ${message.split('\n')[0]}`);
    return;
  }
  throw w.failure(`invariant ${invariant} broken: ${message}`);
}

// ---------------------------------------------------------------------------------------
// 1. the database and its audit chain

export async function dbCheckPasses(w: World): Promise<void> {
  if (w.writes === w.checkedWrites) return; // nothing written since the last check
  w.checkedWrites = w.writes;
  const r = await w.run(['db', 'check'], [0, 4]);
  if (r.code !== 0) violate(w, 'dbCheckPasses', `db check exit ${r.code}:\n${r.stdout.slice(0, 1500)}`);
}

// ---------------------------------------------------------------------------------------
// 2. nothing after a contract's end; penalties once per euro and day, none on what was given back

/** Members whose end is effective and already seen by a run since it was recorded. */
function endedAndRun(w: World) {
  return [...w.members.values()].filter(
    // a run gives back what an end recorded before it made undue; one run earlier the same day (cron's, at dawn) cannot
    (m) => m.termination && m.termination.effectiveOn <= w.day && w.lastRunAct > m.termination.recordedAct,
  );
}

/** One line of the accounting export (`bill export --format csv`, as of the day). */
interface AccountingLine {
  number: string;
  kind: string;
  member_no: string;
  line_kind: string;
  label: string;
  period: string;
  ttc: number;
  invoice_paid: number;
  invoice_outstanding: number;
}

/** The months whose exports hold these documents: a document belongs to the month of its run (a run caught up later included), else of its issue. */
function documentMonths(w: World, docs: ListedInvoice[]): Set<string> {
  const months = new Set<string>();
  for (const i of docs) {
    months.add(monthOf(i.issued_on));
    for (const m of w.runsOn.get(i.issued_on) ?? []) months.add(m);
  }
  return months;
}

async function accountingLines(w: World, months: Iterable<string>): Promise<AccountingLine[]> {
  const out: AccountingLine[] = [];
  for (const month of months) out.push(...(await w.cached(`bill export ${month} csv`, () => accountingMonth(w, month))));
  return out;
}

/** One month's accounting export as of the day, read again only once something was written. */
async function accountingMonth(w: World, month: string): Promise<AccountingLine[]> {
  const out: AccountingLine[] = [];
  const r = await w.run(['bill', 'export', '--month', month, '--format', 'csv']);
  const [head, ...rows] = r.stdout.trim().split(/\r?\n/);
  const cols = head!.replace(/^\ufeff/, '').split(',');
  for (const row of rows) {
    const cells = parseCsvRow(row);
    const get = (name: string) => cells[cols.indexOf(name)] ?? '';
    out.push({
      number: get('number'),
      kind: get('kind'),
      member_no: get('member_no'),
      line_kind: get('line_kind'),
      label: get('label'),
      period: get('period'),
      ttc: euros(get('ttc')),
      invoice_paid: euros(get('invoice_paid')),
      invoice_outstanding: euros(get('invoice_outstanding')),
    });
  }
  return out;
}

/** No subscription, option, Univers Pro brick (an option line) nor charge (interventions, works: their month) is billed net for a month after the last one an end leaves. */
export async function nothingBilledAfterEnd(w: World): Promise<void> {
  const ended = endedAndRun(w);
  if (ended.length === 0) return;
  const lines = await accountingLines(w, documentMonths(w, await listInvoices(w)));
  for (const m of ended) {
    const net = new Map<string, number>();
    for (const l of lines) {
      if (l.member_no !== m.no) continue;
      // subscriptions, options and Univers Pro bricks (option lines), interventions and works (charges, their month)
      if ((l.line_kind === 'subscription' || l.line_kind === 'option' || l.line_kind === 'charge') && l.period && l.period > m.termination!.lastBilledMonth) {
        net.set(l.period, (net.get(l.period) ?? 0) + (l.kind === 'credit_note' ? -Math.abs(l.ttc) : l.ttc));
      }
    }
    for (const [period, cents] of net) {
      if (cents > 0)
        violate(
          w,
          'nothingBilledAfterEnd',
          `member ${m.no} ended ${m.termination!.effectiveOn} (last month ${m.termination!.lastBilledMonth}) is billed ${cents} cents net for ${period}`,
        );
    }
  }
}

export async function noDebitAfterEnd(w: World): Promise<void> {
  // a file is judged on the day it is written, by the ends recorded by then
  for (const e of w.exports.filter((x) => x.on === w.day)) {
    for (const d of e.debits) {
      const t = w.members.get(d.member_no)?.termination;
      // an end recorded after the file (a later day, or later the same day) cannot stop its debits
      if (!t || t.recordedOn > e.on || (t.recordedOn === e.on && t.recordedAct > e.act)) continue;
      const stop = t.debitsStopFrom ?? monthOf(addDays(t.effectiveOn, 31));
      if (e.month >= stop)
        violate(
          w,
          'noDebitAfterEnd',
          `${d.invoice} of member ${d.member_no} (ended ${t.effectiveOn}, debits stop from ${stop}) is debited by the SEPA file of ${e.month} exported ${e.on}`,
        );
    }
  }
}

const PENALTY_RE = /(F\d{4}-\d{6}), période du (\d\d)\/(\d\d)\/(\d{4}) au (\d\d)\/(\d\d)\/(\d{4})/;

/**
 * Every penalty line names its invoice and 15-day period: from its amount and the rate of its
 * semester, the least base it can have been computed on. On no day may the penalties running
 * on an invoice rest on more than the invoice still held (its TTC less what was credited,
 * i.e. given back, by the end of the day before the first of those periods: a period's base
 * is what was due at the end of the day before it, so a credit note dated on its first day
 * lowers the next period only, as a payment does — RULES.md §6; seed 1004).
 */
export async function penaltiesOncePerEuroAndDay(w: World): Promise<void> {
  const all = await listInvoices(w);
  const byNumber = new Map(all.map((i) => [i.number, i]));
  const creditsOf = new Map<string, ListedInvoice[]>();
  for (const c of all) if (c.kind === 'credit_note' && c.refers_to) creditsOf.set(c.refers_to, [...(creditsOf.get(c.refers_to) ?? []), c]);
  const credited = (number: string, on: IsoDate) =>
    (creditsOf.get(number) ?? []).filter((c) => c.issued_on <= on).reduce((s, c) => s + Math.abs(c.total_ttc_cents), 0);

  const periods = new Map<string, { start: IsoDate; end: IsoDate; minBase: number; on: string }[]>();
  for (const l of await accountingLines(w, documentMonths(w, all))) {
    // a credit note's penalty line gives penalties back (a granted dispute or a gesture on a
    // late-charges invoice, issue 23): it charges no day (credits lower the base, above)
    if (l.line_kind !== 'penalty' || l.kind === 'credit_note') continue;
    const m = PENALTY_RE.exec(l.label);
    if (!m) {
      violate(w, 'penaltiesOncePerEuroAndDay', `a penalty line that names no invoice and period: ${l.label}`);
      continue;
    }
    const start = `${m[4]}-${m[3]}-${m[2]}`;
    const end = `${m[7]}-${m[6]}-${m[5]}`;
    const rate = w.rates.get(`${start.slice(0, 4)}-S${Number(start.slice(5, 7)) <= 6 ? 1 : 2}`)!;
    // amount = round(base × 3 × rate(bp) × 15 / (10000 × 365)) ⇒ base ≥ (amount − ½) × 3 650 000 / (45 × rate)
    const minBase = Math.ceil(((l.ttc - 0.5) * 3_650_000) / (45 * rate));
    periods.set(m[1]!, [...(periods.get(m[1]!) ?? []), { start, end, minBase, on: l.number }]);
  }
  for (const [number, ps] of periods) {
    const inv = byNumber.get(number);
    if (!inv) continue;
    for (const p of ps) {
      const held = inv.total_ttc_cents - credited(number, addDays(p.start, -1));
      if (p.minBase > held + 1)
        violate(
          w,
          'nothingGivenBackBearsPenalties',
          `${number}: penalty of period ${p.start}–${p.end} (on ${p.on}) rests on at least ${p.minBase} cents; the invoice holds ${held} after what was given back before ${p.start}`,
        );
    }
    for (const day of new Set(ps.map((p) => p.start))) {
      const covering = ps.filter((p) => p.start <= day && day <= p.end);
      const first = covering.reduce((a, p) => (p.start < a ? p.start : a), day);
      const sum = covering.reduce((s, p) => s + p.minBase, 0);
      const held = inv.total_ttc_cents - credited(number, addDays(first, -1));
      if (sum > held + covering.length) {
        violate(
          w,
          'penaltiesOncePerEuroAndDay',
          `${number}: on ${day} ${covering.length} penalty periods (${covering.map((p) => `${p.start}–${p.end}`).join(', ')}) rest on at least ${sum} cents, the invoice holds ${held}`,
        );
      }
    }
  }
}

/**
 * A Desk mistake cancelled the day it was entered (`member option cancel`, `member address
 * cancel`; issue 21 item 8) is never billed: no invoice line ever bills the option row a
 * cancel named (its audit entry's `option_id`; a run's lines are keyed `option:ID:YYYY-MM`).
 * Every cancel the walk made is in the audit, so the check is never empty by mistake.
 */
export async function cancelledNeverBilled(w: World): Promise<void> {
  const conn = openDatabase(w.db);
  try {
    const entries = conn.sqlite
      .prepare("select entity_id, action, change from audit_log where action in ('cancel_option', 'cancel_extra_site') order by id")
      .all() as { entity_id: string; action: string; change: string }[];
    if (entries.length !== w.cancels.length)
      violate(w, 'cancelledNeverBilled', `the walk cancelled ${w.cancels.length} options or sites, the audit holds ${entries.length} cancels`);
    const billed = conn.sqlite.prepare(
      'select i.number, l.label, l.period from invoice_lines l join invoices i on i.id = l.invoice_id where l.source_key >= ? and l.source_key < ? order by i.id',
    );
    for (const e of entries) {
      const change = JSON.parse(e.change) as { option_id: number | null; option?: string; address_id?: number; cancelled_on: string };
      if (change.option_id === null) continue; // a site without its extra_site row: nothing could bill it
      const lines = billed.all(`option:${change.option_id}:`, `option:${change.option_id};`) as { number: string; label: string; period: string | null }[];
      if (lines.length > 0)
        violate(
          w,
          'cancelledNeverBilled',
          `member ${e.entity_id}: ${change.option ?? `site ${change.address_id}`} cancelled on ${change.cancelled_on} is billed: ${lines.map((l) => `${l.number} «${l.label}» ${l.period ?? ''}`).join('; ')}`,
        );
    }
  } finally {
    conn.close();
  }
}

// ---------------------------------------------------------------------------------------
// 3. what is outstanding can be disputed

/** On a copy of the club: one invoice with something uncontested outstanding as of D (one already debited when there is one) takes a dispute of 0,01 €. */
export async function outstandingDisputable(w: World): Promise<void> {
  const open = (await listInvoices(w)).filter((i) => i.kind === 'invoice' && i.outstanding_cents - i.contested_cents > 0);
  if (open.length === 0) return;
  const debited = new Set(w.exports.flatMap((e) => e.debits.map((d) => d.invoice)));
  const inv = w.probe.pick(open.filter((i) => debited.has(i.number))) ?? w.probe.pick(open)!;
  const copy = path.join(w.dir, 'dispute-probe.db');
  fs.copyFileSync(w.db, copy);
  for (const ext of ['-wal', '-shm']) fs.rmSync(copy + ext, { force: true });
  if (fs.existsSync(w.db + '-wal')) fs.copyFileSync(w.db + '-wal', copy + '-wal');
  const r = await cli(copy, ['--date', w.day, '--json', 'bill', 'dispute', inv.number, '--amount', '0.01', '--reason', 'probe']);
  if (r.code !== 0) {
    violate(
      w,
      'outstandingDisputable',
      `${inv.number} has ${inv.outstanding_cents - inv.contested_cents} cents outstanding uncontested on ${w.day} (bill list) but bill dispute exits ${r.code}: ${r.stdout.slice(0, 300)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------
// 4. dunning after the printed deadline only

const DEADLINE_RE = /au plus tard le (\d\d)\/(\d\d)\/(\d{4})/;

/** Prints letters (`bill dunning letters`: the day's, or every one) and returns them by file name. */
async function printLetters(w: World, all: boolean): Promise<Map<string, Buffer>> {
  const out = path.join(w.dir, `letters-${w.next()}`);
  fs.mkdirSync(out);
  await w.run(['bill', 'dunning', 'letters', '--out', out], [0], { undated: all });
  const letters = new Map(fs.readdirSync(out).map((f) => [f, fs.readFileSync(path.join(out, f))]));
  fs.rmSync(out, { recursive: true, force: true });
  return letters;
}

/**
 * The day's letters are printed (their first print, kept); each sanction after a formal
 * notice (suspension, second notice, termination) is taken after the deadline that notice's
 * letter printed ("au plus tard le …").
 */
export async function dunningAfterPrintedDeadline(w: World): Promise<void> {
  const today = w.dunningSteps.filter((s) => s.on === w.day);
  if (today.length === 0) return;
  for (const [f, bytes] of await printLetters(w, false)) if (!w.letters.has(f)) w.letters.set(f, bytes);
  // a reinstatement follows the member's payment, whenever it comes: it is no step the letter delays
  for (const s of today.filter((x) => x.step !== 'first_notice' && x.step !== 'reinstatement')) {
    const previous = [...w.letters.keys()]
      .map((f) => ({ f, m: /^mise-en-demeure-(\d{4}-\d{2}-\d{2})-(\d+)-\d\.pdf$/.exec(f) }))
      .filter((x) => x.m && x.m[2] === s.memberNo && x.m[1]! < s.on)
      .sort((a, b) => (a.m![1]! < b.m![1]! ? 1 : -1))[0];
    if (!previous) continue;
    const text = pdfFlatText(w.letters.get(previous.f)!).replace(/\s+/g, ' ');
    const m = DEADLINE_RE.exec(text);
    if (!m) throw w.failure(`letter ${previous.f} prints no deadline`);
    const deadline = `${m[3]}-${m[2]}-${m[1]}`;
    if (s.on <= deadline)
      violate(
        w,
        'dunningAfterPrintedDeadline',
        `member ${s.memberNo}: ${s.step} on ${s.on}, while the letter ${previous.f} printed "au plus tard le ${m[1]}/${m[2]}/${m[3]}"`,
      );
  }
}

// ---------------------------------------------------------------------------------------
// 5. a reprint is the same document

/** Prints documents (one `bill pdf` for them all) and returns their bytes. */
async function print(w: World, numbers: string[]): Promise<Map<string, Buffer>> {
  const out = path.join(w.dir, `pdf-${w.next()}`);
  fs.mkdirSync(out);
  await w.run(['bill', 'pdf', ...numbers, '--out', out]);
  const bytes = new Map(numbers.map((n) => [n, fs.readFileSync(path.join(out, `${n}.pdf`))]));
  fs.rmSync(out, { recursive: true, force: true });
  return bytes;
}

/**
 * New documents are printed once (the reference). Old ones are printed again and compared
 * byte for byte: a few on a day contact data or settings changed and on the 1st, all at the end.
 */
export async function reprintIdentical(w: World, scope: Scope): Promise<void> {
  // a PDF takes ~0.1 s: the short mode keeps a few new documents a day as references
  const fresh = (await listInvoices(w)).map((i) => i.number).filter((n) => !w.printed.has(n) && !w.unprinted.has(n));
  const kept = w.config.pdfsPerDay >= fresh.length ? fresh : fresh.filter(() => w.probe.chance(w.config.pdfsPerDay / fresh.length));
  for (const n of fresh) if (!kept.includes(n)) w.unprinted.add(n);
  if (kept.length > 0) for (const [n, b] of await print(w, kept)) w.printed.set(n, b);
  const old = [...w.printed.keys()];
  if (old.length === 0 || (scope === 'day' && !w.reprintDue)) return;
  w.reprintDue = false;
  const sample = scope === 'final' ? old : [...new Set(Array.from({ length: 3 }, () => w.probe.pick(old)!))];
  for (const [number, again] of await print(w, sample)) {
    if (!again.equals(w.printed.get(number)!)) violate(w, 'reprintIdentical', `${number}.pdf printed again on ${w.day} differs from its first print`);
  }
  // the formal notices: every letter recorded, printed again at the end
  if (scope !== 'final') return;
  for (const [f, bytes] of await printLetters(w, true)) {
    const first = w.letters.get(f);
    if (first && !first.equals(bytes)) violate(w, 'reprintIdentical', `${f} printed again on ${w.day} differs from its first print`);
  }
}

// ---------------------------------------------------------------------------------------
// 6. every view of the money agrees, as of D

interface Shown {
  number: string;
  paid_cents: number;
  outstanding_cents: number;
  contested_cents: number;
  late: boolean;
  status: string;
}

/**
 * For the members acted on today (everyone on the 1st and at the end; on the 1st their invoices
 * still moving and a sample of the settled, at the end every one): `bill list`,
 * `bill show`, the accounting export, the SEPA candidates and the member's standing say the
 * same paid, outstanding, contested and late.
 */
export async function moneyViewsAgree(w: World, scope: Scope): Promise<void> {
  const who = scope === 'day' ? w.sample(w.touched, w.calendar) : [...w.members.keys()];
  if (who.length === 0) return;
  const theirs = (await listInvoices(w)).filter((i) => who.includes(i.member_no));
  // on the 1st: every invoice still moving (something outstanding, contested or late) or
  // recent, and a sample of the settled; at the end, every one
  const moving = (i: ListedInvoice) => i.outstanding_cents !== 0 || i.contested_cents !== 0 || i.late || i.issued_on >= addDays(w.day, -62);
  const picked = new Set(
    scope === 'final'
      ? theirs.map((i) => i.number)
      : scope === 'month'
        ? w.sample(
            theirs.filter((i) => !moving(i)).map((i) => i.number),
            theirs.filter(moving).map((i) => i.number),
          )
        : w.sample(theirs.map((i) => i.number)),
  );
  const listed = theirs.filter((i) => picked.has(i.number));
  const months = documentMonths(w, listed);
  const accounting = new Map((await accountingLines(w, months)).map((l) => [l.number, { paid: l.invoice_paid, outstanding: l.invoice_outstanding }]));
  const conn = openDatabase(w.db);
  try {
    const due = new Map<string, number>();
    for (const month of months)
      for (const c of iterateMonthCollectables(conn.db, month, w.day)) if (!c.exported && !c.isEntryFee) due.set(c.number, c.dueCents); // what a SEPA file would still collect
    for (const i of listed) {
      const s = (await w.json<Shown>(['bill', 'show', i.number])).doc;
      const pairs: [string, unknown, unknown][] = [
        ['paid', i.paid_cents, s.paid_cents],
        ['outstanding', i.outstanding_cents, s.outstanding_cents],
        ['contested', i.contested_cents, s.contested_cents],
        ['late', i.late, s.late],
        ['status', i.status, s.status],
      ];
      for (const [what, a, b] of pairs)
        if (a !== b) violate(w, 'moneyViewsAgree', `${i.number} ${what}: bill list says ${String(a)}, bill show says ${String(b)}`);
      const acc = accounting.get(i.number);
      if (!acc) violate(w, 'moneyViewsAgree', `${i.number} is in no month's accounting export`);
      else if (i.kind === 'invoice' && (acc.paid !== s.paid_cents || acc.outstanding !== s.outstanding_cents)) {
        violate(
          w,
          'accountingAsOfDate',
          `${i.number}: the accounting export says paid ${acc.paid} outstanding ${acc.outstanding}, bill show --date ${w.day} says paid ${s.paid_cents} outstanding ${s.outstanding_cents}`,
        );
      }
      const d = due.get(i.number);
      if (i.kind === 'invoice' && d !== undefined && d !== s.outstanding_cents - s.contested_cents) {
        violate(
          w,
          'moneyViewsAgree',
          `${i.number}: the SEPA candidates say ${d} cents due, bill show says ${s.outstanding_cents} outstanding of which ${s.contested_cents} contested`,
        );
      }
    }
    for (const no of who) {
      const st = memberStanding(conn.db, no, w.day);
      const late = theirs.some((i) => i.member_no === no && i.late);
      if (st.overdueCents > 0 !== late)
        violate(
          w,
          'moneyViewsAgree',
          `member ${no}: standing says ${st.overdueCents} cents overdue, bill list says ${late ? 'a late invoice' : 'nothing late'}`,
        );
    }
  } finally {
    conn.close();
  }
}

function euros(s: string): number {
  const neg = s.startsWith('-');
  const [u, c = '0'] = s.replace('-', '').split('.');
  return (neg ? -1 : 1) * (Number(u) * 100 + Number(c.padEnd(2, '0')));
}

function parseCsvRow(row: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let k = 0; k < row.length; k++) {
    const ch = row[k]!;
    if (q) {
      if (ch === '"' && row[k + 1] === '"') {
        cur += '"';
        k++;
      } else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

// ---------------------------------------------------------------------------------------
// 7. the lists by status say what each record says on D

/** What `show` (or `check`) says of each record equals the `list --status` it appears in. */
async function statusListsAgree(
  w: World,
  invariant: string,
  keys: string[],
  one: (key: string) => string[],
  list: (status: string) => string[],
  key: (row: any) => string,
): Promise<void> {
  if (keys.length === 0) return;
  const said = new Map<string, string>();
  for (const k of keys) said.set(k, (await w.json<{ status: string }>(one(k))).doc.status);
  for (const status of new Set(said.values())) {
    const listed = new Set((await w.json<unknown[]>(list(status))).doc.map(key));
    for (const [k, s] of said) {
      if ((s === status) !== listed.has(k))
        violate(w, invariant, `${k}: \`${one(k).join(' ')}\` says ${s}, \`${list(status).join(' ')}\` ${listed.has(k) ? 'lists' : 'omits'} it`);
    }
  }
}

export async function candidateStatusAgrees(w: World, scope: Scope): Promise<void> {
  // on the 1st: every candidacy not decided yet and a sample of the decided; at the end, every one
  const undecided = [...w.candidacies.values()].filter((c) => c.decided === null).map((c) => c.ref);
  const decided = [...w.candidacies.values()].filter((c) => c.decided !== null).map((c) => c.ref);
  const refs = scope === 'day' ? w.sample(w.refsTouched, w.calendarRefs) : scope === 'month' ? w.sample(decided, undecided) : [...w.candidacies.keys()];
  await statusListsAgree(
    w,
    'candidateStatusAgrees',
    refs,
    (ref) => ['candidate', 'check', ref],
    (s) => ['candidate', 'list', '--status', s],
    (c: { ref: string }) => c.ref,
  );
}

export async function memberStatusAgrees(w: World, scope: Scope): Promise<void> {
  const nos = scope === 'day' ? w.sample(w.touched, w.calendar) : [...w.members.keys()];
  await statusListsAgree(
    w,
    'memberStatusAgrees',
    nos,
    (no) => ['member', 'show', no],
    (s) => ['member', 'list', '--status', s],
    (m: { member_no: string }) => String(m.member_no),
  );
}

// ---------------------------------------------------------------------------------------

/** After each simulated day: the cheap ones every day, the ones reading every document after a run and at the end. */
/**
 * The journal entries (issue 25) of everything up to the day, as of the day: each entry and
 * the whole balanced, and each member's receivable account equal to the books — what
 * `bill list` leaves outstanding on their invoices less the credit `bill credits` holds for
 * them — and the bank account to the payments never returned less the refunds. The guarantee
 * account (165, art. 7.1) holds for each member what `member guarantee list` says is held, and
 * no entry of a guarantee books revenue.
 */
export async function entriesReconcile(w: World): Promise<void> {
  const r = await w.run(['bill', 'export', '--format', 'entries', '--from', '2000-01-01', '--to', w.day]);
  const rows = r.stdout
    .split('\r\n')
    .slice(1, -1)
    .map((l) => l.split('|'));
  const cents = (s: string) => Math.round(Number(s.replace(',', '.')) * 100);
  const entry = new Map<string, number>();
  const aux = new Map<string, number>();
  const held = new Map<string, number>();
  const guaranteeEntries = new Set<string>();
  const revenueEntries = new Set<string>();
  let total = 0;
  for (const f of rows) {
    const net = cents(f[11]!) - cents(f[12]!);
    total += net;
    entry.set(`${f[0]}${f[2]}`, (entry.get(`${f[0]}${f[2]}`) ?? 0) + net);
    if (f[6] && f[4] === '411000') aux.set(f[6], (aux.get(f[6]) ?? 0) + net);
    if (f[4] === '165000') {
      if (!f[6]) violate(w, 'entriesReconcile', `a guarantee line without its member: ${f.join('|')}`);
      else held.set(f[6], (held.get(f[6]) ?? 0) - net);
    }
    if (f[8]!.startsWith('GAR')) guaranteeEntries.add(`${f[0]}${f[2]}`);
    if (f[4]!.startsWith('7')) revenueEntries.add(`${f[0]}${f[2]}`);
  }
  // a guarantee is never revenue (art. 7.1): no entry of a guarantee touches class 7
  for (const k of guaranteeEntries) if (revenueEntries.has(k)) violate(w, 'entriesReconcile', `guarantee entry ${k} books revenue`);
  // the guarantee account holds, member by member, what the books say is held on the day
  const guarantees = (await w.json<{ member_no: string; held_cents: number }[]>(['member', 'guarantee', 'list'])).doc;
  const heldBooks = new Map<string, number>();
  for (const g of guarantees) heldBooks.set(`C${g.member_no.padStart(6, '0')}`, (heldBooks.get(`C${g.member_no.padStart(6, '0')}`) ?? 0) + g.held_cents);
  for (const k of new Set([...heldBooks.keys(), ...held.keys()]))
    if ((heldBooks.get(k) ?? 0) !== (held.get(k) ?? 0))
      violate(w, 'entriesReconcile', `${k}: the guarantee account says ${held.get(k) ?? 0} held, the books ${heldBooks.get(k) ?? 0}`);
  for (const g of guarantees) if (g.held_cents < 0) violate(w, 'guaranteeHeld', `member ${g.member_no}: a guarantee holds ${g.held_cents}`);
  if (total !== 0) violate(w, 'entriesReconcile', `the entries do not balance: ${total}`);
  for (const [k, v] of entry) if (v !== 0) violate(w, 'entriesReconcile', `entry ${k} does not balance: ${v}`);
  const books = new Map<string, number>();
  const key = (no: string) => `C${no.padStart(6, '0')}`;
  for (const i of await listInvoices(w)) if (i.kind === 'invoice') books.set(key(i.member_no), (books.get(key(i.member_no)) ?? 0) + i.outstanding_cents);
  const credits = (await w.run(['--json', 'bill', 'credits'])).json<{ member_no: string; credit_cents: number }[]>();
  for (const c of credits) books.set(key(c.member_no), (books.get(key(c.member_no)) ?? 0) - c.credit_cents);
  for (const k of new Set([...books.keys(), ...aux.keys()]))
    if ((books.get(k) ?? 0) !== (aux.get(k) ?? 0)) violate(w, 'entriesReconcile', `${k}: the entries say ${aux.get(k) ?? 0}, the books ${books.get(k) ?? 0}`);
}

/**
 * A bank statement (issue 25) imported again the day it was imported records nothing: each
 * transfer recorded the first time is known by its bank reference. And the first import
 * recorded each transfer only as it was sent: by its invoice number when it named one, by
 * the IBAN when it came from a member's account without one, never a gift from nobody's
 * account nor the club's own collection (booked by the SEPA export: never a second payment).
 */
export async function statementsIdempotent(w: World): Promise<void> {
  for (const s of w.statements) {
    if (s.reimported) continue;
    s.reimported = true;
    for (const r of s.recorded) {
      const how = s.sent.get(r.ref);
      if (how !== r.by) violate(w, 'statementsIdempotent', `${path.basename(s.file)}: ${r.ref} recorded by ${r.by}, sent as ${how ?? 'nothing'}`);
    }
    const r = await w.run(['--json', 'bill', 'payments', 'import', s.file]);
    const again = r.json<{ recorded_count: number; skipped: { ref: string | null; reason: string }[] }>();
    if (again.recorded_count !== 0) violate(w, 'statementsIdempotent', `${path.basename(s.file)} imported again recorded ${again.recorded_count} payment(s)`);
    const known = new Set(again.skipped.filter((x) => x.reason === 'already_recorded').map((x) => x.ref));
    for (const x of s.recorded)
      if (!known.has(x.ref)) violate(w, 'statementsIdempotent', `${path.basename(s.file)} imported again: ${x.ref} is not recognised as already recorded`);
  }
}

/**
 * The Airboxes due back (art. 10.4, `terminate airboxes`) are, for each member whose end is
 * recorded, those lent (entry appointment and replacements, art. 5.5) minus those given
 * back (replaced or returned) — a replaced Airbox is never due, its replacement is.
 */
export async function airboxesDueBack(w: World): Promise<void> {
  const { doc } = await w.json<{ member_no: string; serial: string }[]>(['terminate', 'airboxes']);
  const listed = doc.map((b) => `${b.member_no}:${b.serial}`).sort();
  const expected: string[] = [];
  for (const m of w.members.values()) {
    if (!m.termination) continue;
    const back = w.airboxesReturned.get(m.no) ?? [];
    for (const s of w.airboxesLent.get(m.no) ?? []) if (!back.includes(s)) expected.push(`${m.no}:${s}`);
  }
  expected.sort();
  if (listed.join(' ') !== expected.join(' '))
    violate(w, 'airboxesDueBack', `terminate airboxes lists [${listed.join(' ')}], lent minus returned is [${expected.join(' ')}]`);
}

export async function checkDay(w: World, scope: Scope): Promise<void> {
  await dbCheckPasses(w);
  await statementsIdempotent(w);
  await noDebitAfterEnd(w);
  await outstandingDisputable(w);
  await dunningAfterPrintedDeadline(w);
  await moneyViewsAgree(w, scope);
  await candidateStatusAgrees(w, scope);
  await memberStatusAgrees(w, scope);
  await quotesFrozenAndBilledAsStated(w, scope); // before reprintIdentical: the day's reprint flag
  await reprintIdentical(w, scope);
  await airboxesDueBack(w);
  await interventionsBilledOnce(w, scope);
  await purgedGone(w, scope);
  if (scope !== 'day') {
    await cooptRewardOnce(w, scope);
    await nothingBilledAfterEnd(w);
    await penaltiesOncePerEuroAndDay(w);
    await cancelledNeverBilled(w);
    await entriesReconcile(w);
  }
}

// ---------------------------------------------------------------------------------------
// 8. interventions, Univers Pro, cooptation, data rights (the acts of acts-more.ts)

/**
 * On-site interventions (art. 5.2.2, 5.4, 5.5; RULES.md §4): a visit cancelled before its
 * charge was invoiced is never billed (its pending charge gone, no invoice line ever bills
 * it); one cancelled after is credited in full; every visit beyond the quota (not included)
 * bears a charge, billed at that amount by the first run on or after the visit's day (the
 * charge is due that day) once it is booked — and the quota
 * (`intervene quota`) is never exceeded: the included visits of the year are at most the
 * quota, and as many as the walk booked included and did not cancel.
 */
export async function interventionsBilledOnce(w: World, scope: Scope): Promise<void> {
  const all = more(w).interventions;
  if (all.length === 0) return;
  const conn = openDatabase(w.db);
  try {
    // the id is bound as text: a JS number binds as a real ('charge:' || 1 is 'charge:1.0')
    const lines = conn.sqlite.prepare(
      "select i.number, i.kind as doc, l.ttc_cents from invoice_lines l join invoices i on i.id = l.invoice_id where l.source_key = 'charge:' || ?",
    );
    const pending = conn.sqlite.prepare('select invoice_line_id from pending_charges where id = ?').pluck();
    for (const i of all) {
      if (i.cancelled && purgedNo(w, i.memberNo)) continue;
      if (!i.included && i.chargeCents <= 0)
        violate(w, 'quotaOverageBilled', `intervention ${i.id} of member ${i.memberNo} is beyond the quota and bears no charge`);
      if (i.pendingChargeId === null) {
        if (!i.included && i.chargeCents > 0)
          violate(w, 'quotaOverageBilled', `intervention ${i.id} of member ${i.memberNo} bears ${i.chargeCents} cents and no pending charge`);
        continue;
      }
      const billed = lines.all(String(i.pendingChargeId)) as { number: string; doc: string; ttc_cents: number }[];
      if (i.cancelled?.pendingRemoved) {
        if (billed.length > 0 || pending.get(i.pendingChargeId) !== undefined)
          violate(
            w,
            'cancelledInterventionNotBilled',
            `intervention ${i.id} of member ${i.memberNo} cancelled on ${i.cancelled.on} before it was invoiced is billed: ${billed.map((b) => `${b.number} ${b.ttc_cents}`).join(', ') || 'its pending charge is still there'}`,
          );
        continue;
      }
      if (i.cancelled) {
        if (i.cancelled.creditedCents !== i.chargeCents || billed.reduce((a, b) => a + b.ttc_cents, 0) !== i.chargeCents)
          violate(
            w,
            'cancelledInterventionNotBilled',
            `intervention ${i.id} of member ${i.memberNo} cancelled on ${i.cancelled.on} after it was invoiced (${billed.map((b) => `${b.number} ${b.ttc_cents}`).join(', ')}): credited ${i.cancelled.creditedCents} by ${i.cancelled.creditNote}, it bore ${i.chargeCents}`,
          );
        continue;
      }
      // due the day of the visit (RULES.md §4): billed by the first run on or after that day, once booked (seed 2015 × 36: a visit of 06/04 booked in March is not the run of 01/04's)
      if (
        w.lastRunAct > i.bookedAct &&
        w.lastRunOn !== null &&
        w.lastRunOn >= i.start.slice(0, 10) &&
        (billed.length !== 1 || billed[0]!.ttc_cents !== i.chargeCents)
      )
        violate(
          w,
          'quotaOverageBilled',
          `intervention ${i.id} of member ${i.memberNo} (${i.start}, ${i.chargeCents} cents beyond the quota) after the run of ${w.lastRunOn}: billed ${billed.map((b) => `${b.number} ${b.ttc_cents}`).join(', ') || 'nowhere'}`,
        );
    }
  } finally {
    conn.close();
  }
  // the quota as `intervene quota` says it, for the members acted on (everyone with visits on the 1st and at the end)
  const nos = new Set(all.map((i) => i.memberNo).filter((no) => !purgedNo(w, no)));
  const who = scope === 'day' ? [...nos].filter((n) => w.touched.has(n)) : [...nos];
  for (const no of who) {
    const { code, doc } = await w.json<{ used: number; quota: number; coach_used: number; coach_quota: number; contract_year: { from: string; to: string } }>(
      ['intervene', 'quota', no],
      [0, 3],
    );
    if (code !== 0) continue;
    // the quota is the zone's of the day: a member who moved (or whose zone was revised) during
    // the year may have used more than his new zone allows — each visit was judged on its day
    // (seed 2017 × 36: Lyon → Bordeaux in May, two coach visits of a quota now of one)
    const year = doc.contract_year;
    const zoneChanged = [...(w.moves.get(no) ?? []), ...w.zoneDays].some((d) => d > year.from && d <= w.day);
    if (!zoneChanged && (doc.used > doc.quota || doc.coach_used > doc.coach_quota))
      violate(w, 'quotaOverageBilled', `member ${no}: intervene quota says ${doc.used}/${doc.quota} used (coach ${doc.coach_used}/${doc.coach_quota})`);
    const booked = all.filter(
      (i) => i.memberNo === no && i.included && !i.cancelled && i.start >= doc.contract_year.from && i.start <= doc.contract_year.to,
    ).length;
    if (booked !== doc.used)
      violate(
        w,
        'quotaOverageBilled',
        `member ${no}: the walk booked ${booked} included visits not cancelled in ${doc.contract_year.from}–${doc.contract_year.to}, intervene quota says ${doc.used}`,
      );
  }
}

function purgedNo(w: World, no: string): boolean {
  return more(w).purged.has(no);
}

/**
 * A quote (art. 5.12.2) is frozen once issued: `pro quote show` states the total it was
 * made with, its PDF reprints byte-identical whatever changed since (a few on a day contact
 * data or settings changed and on the 1st, all at the end; its own D-series, not in `bill
 * list`), and the works of an accepted quote are billed exactly its total, once — by the
 * first run after the works (or at once with --invoice-now).
 */
export async function quotesFrozenAndBilledAsStated(w: World, scope: Scope): Promise<void> {
  const quotes = [...more(w).quotes.values()].filter((q) => !purgedNo(w, q.memberNo));
  if (quotes.length === 0) return;
  const conn = openDatabase(w.db);
  try {
    const billed = conn.sqlite
      .prepare("select coalesce(sum(l.ttc_cents), 0) from invoice_lines l where l.kind = 'charge' and l.label like ? escape '!'")
      .pluck();
    const credited = conn.sqlite
      .prepare(
        "select coalesce(sum(l.ttc_cents), 0) from invoice_lines l join invoices c on c.id = l.invoice_id where c.kind = 'credit_note' and l.label like ? escape '!'",
      )
      .pluck();
    for (const q of quotes) {
      const like = `Univers Pro — devis ${q.number} — %`;
      const sum = Number(billed.get(like)) - Math.abs(Number(credited.get(like)));
      const due = q.status === 'done' && (q.invoicedNow || w.lastRunAct > q.doneAct!) ? q.ttcCents : 0;
      // works not yet done (or no run since) bill nothing; done and run (or invoiced at once), exactly the quote
      if (sum !== due) violate(w, 'quoteBilledAsStated', `quote ${q.number} (${q.status}, ${q.ttcCents} cents TTC) is billed ${sum} cents`);
    }
  } finally {
    conn.close();
  }
  const sample = scope === 'final' ? quotes : scope === 'month' || w.reprintDue ? [w.probe.pick(quotes)!] : [];
  for (const q of sample) {
    const { doc } = await w.json<{ total_ttc_cents: number }>(['pro', 'quote', 'show', q.number]);
    if (doc.total_ttc_cents !== q.ttcCents)
      violate(w, 'quoteBilledAsStated', `quote ${q.number}: made for ${q.ttcCents} cents, pro quote show says ${doc.total_ttc_cents}`);
    if (q.printed && !(await printQuote(w, q.number)).equals(q.printed))
      violate(w, 'reprintIdentical', `devis-${q.number}.pdf printed again on ${w.day} differs from its first print`);
  }
}

/**
 * A cooptation's reward (annex 3.4) is granted once: the walk's accepted `coopt reward`
 * calls and the audit's reward entries are at most one per cooptation, and `coopt status`
 * of its referrer shows the reward only for a cooptation that was given one.
 */
export async function cooptRewardOnce(w: World, scope: Scope): Promise<void> {
  const cs = [...more(w).cooptations.values()];
  if (cs.length === 0 || scope === 'day') return;
  const conn = openDatabase(w.db);
  const audited = new Map<string, number>();
  try {
    for (const r of conn.sqlite.prepare("select entity_id from audit_log where entity = 'cooptation' and action = 'reward'").pluck().all() as string[])
      audited.set(String(r), (audited.get(String(r)) ?? 0) + 1);
  } finally {
    conn.close();
  }
  for (const c of cs) {
    if (c.rewards > 1 || (audited.get(String(c.id)) ?? 0) > 1)
      violate(w, 'cooptRewardOnce', `cooptation ${c.id} (member ${c.referrer}): ${c.rewards} rewards accepted, ${audited.get(String(c.id)) ?? 0} audited`);
    if ((audited.get(String(c.id)) ?? 0) !== c.rewards)
      violate(w, 'cooptRewardOnce', `cooptation ${c.id}: the walk was given ${c.rewards} reward(s), the audit holds ${audited.get(String(c.id)) ?? 0}`);
  }
  for (const referrer of new Set(cs.map((c) => c.referrer).filter((no) => !purgedNo(w, no)))) {
    const { doc } = await w.json<{ cooptations: { id: number; reward: string | null }[] }>(['coopt', 'status', referrer]);
    for (const row of doc.cooptations) {
      const c = more(w).cooptations.get(row.id);
      if (c && c.status !== 'cancelled' && (row.reward !== null) !== c.rewards > 0)
        violate(w, 'cooptRewardOnce', `cooptation ${c.id}: coopt status shows reward ${row.reward ?? 'none'}, the walk was given ${c.rewards}`);
    }
  }
}

/**
 * A purged member (annex 5) is gone from every reading: none of its personal data (e-mail,
 * phone, street, IBAN) is in `member show`, `member export`, `member list`, `member rights
 * list`, `intervene list`, `pro list`, `coopt list` nor the audit log's readable content —
 * while the books still pass (`db check`, checked every day; its invoices kept and reprinted
 * identical by `reprintIdentical`).
 */
export async function purgedGone(w: World, scope: Scope): Promise<void> {
  const purged = more(w).purged;
  // read on the day of a purge, on the 1st and at the end
  if (purged.size === 0 || (scope === 'day' && ![...purged.keys()].some((no) => w.touched.has(no)))) return;
  const common = await w.cached('purge readings', async () => {
    const texts: string[] = [];
    for (const argv of [
      ['member', 'list'],
      ['coopt', 'list'],
      ['member', 'rights', 'list', '--all'],
      ['pro', 'list'],
    ]) {
      const r = await w.run(['--json', ...argv], [0]);
      texts.push(`${argv.join(' ')}: ${r.stdout}`);
    }
    return texts;
  });
  for (const [no, personal] of purged) {
    const texts = [...common];
    for (const argv of [
      ['member', 'show', no],
      ['member', 'export', no],
      ['intervene', 'list', no],
    ]) {
      const r = await w.run(['--json', ...argv], [0, 3, 4]);
      texts.push(`${argv.join(' ')}: ${r.stdout}${r.stderr}`);
    }
    const conn = openDatabase(w.db);
    try {
      texts.push(`audit_log: ${(conn.sqlite.prepare('select change from audit_log').pluck().all() as string[]).join('\n')}`);
    } finally {
      conn.close();
    }
    for (const p of personal.filter((x) => x !== ''))
      for (const t of texts)
        if (t.includes(p) || t.includes(p.replace(/ /g, ''))) violate(w, 'purgedGone', `member ${no} purged: "${p}" is still read by ${t.split(':')[0]}`);
  }
}
