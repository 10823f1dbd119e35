/**
 * Univers Pro (art. 5.12; CLI.md `pro`): technical studies, numbered quotes, works (a
 * pending charge for the monthly run, or an invoice at once) and maintenance bricks.
 * Loads state, asks src/rules/pro.ts, writes in one transaction with its audit entry.
 */
import { and, asc, desc, eq, isNull, like, sql } from 'drizzle-orm';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, nextSequence, writeTx, type Actor } from '../db/audit.js';
import { addresses, invoices, members, pendingCharges, proBricks, proQuoteLines, proQuotes, proStudies } from '../db/schema.js';
import { enforce, NotFoundError, RefusedError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { issueInvoice } from '../invoicing/core.js';
import type { IsoDate } from '../rules/dates.js';
import {
  ART_BRICKS,
  BRICKS,
  brickAllowed,
  brickChargeForMonth,
  brickRemovalAllowed,
  formatQuoteNumber,
  parseQuoteLine,
  parseServices,
  proAllowed,
  quoteAllowed,
  quoteAnswerAllowed,
  quoteDateAllowed,
  quoteSeries,
  quoteTotals,
  STUDY_RESULTS,
  studyResultAllowed,
  worksDoneAllowed,
  type Brick,
  type StudyResult,
} from '../rules/pro.js';

type MemberRow = typeof members.$inferSelect;

function memberByNo(db: Db | Tx, no: string): MemberRow {
  const n = Number(no);
  const m = /^\d+$/.test(no.trim()) && Number.isSafeInteger(n) ? db.select().from(members).where(eq(members.memberNo, n)).get() : undefined;
  if (!m) throw new NotFoundError(t('pro.no_member', { no }));
  return m;
}

function proMember(db: Db | Tx, no: string): MemberRow {
  const m = memberByNo(db, no);
  enforce(proAllowed({ memberNo: String(m.memberNo), kind: m.kind, status: m.status }));
  return m;
}

function studyById(db: Db | Tx, id: number) {
  const s = db.select().from(proStudies).where(eq(proStudies.id, id)).get();
  if (!s) throw new NotFoundError(t('pro.no_study', { id }));
  return s;
}

/** A quote by id or by number (`D2027-000001`). */
function quoteByRef(db: Db | Tx, ref: string) {
  const r = ref.trim();
  const q = /^\d+$/.test(r)
    ? db.select().from(proQuotes).where(eq(proQuotes.id, Number(r))).get()
    : db.select().from(proQuotes).where(eq(proQuotes.number, r.toUpperCase())).get();
  if (!q) throw new NotFoundError(t('pro.no_quote', { ref }));
  return q;
}

const memberNoOf = (db: Db | Tx, id: number) => String(db.select({ no: members.memberNo }).from(members).where(eq(members.id, id)).get()!.no);

// ------------------------------------------------------------------ studies
export interface StudyJson {
  id: number;
  member_no: string;
  site: number;
  requested_on: string;
  services: string[];
  result: string | null;
  result_on: string | null;
}

function studyJson(db: Db | Tx, s: typeof proStudies.$inferSelect): StudyJson {
  return {
    id: s.id,
    member_no: memberNoOf(db, s.memberId),
    site: s.addressId,
    requested_on: s.requestedOn,
    services: s.services.split('|'),
    result: s.result,
    result_on: s.resultOn,
  };
}

/** `pro study add`: a technical study at one of the company member's sites (art. 5.12, 5.12.2). */
export function addStudy(conn: Connection, actor: Actor, a: { memberNo: string; siteId: number | null; on: IsoDate; services: string }): StudyJson {
  const { services, unknown } = parseServices(a.services);
  if (unknown.length) throw new UsageError(t('pro.unknown_services', { names: unknown.join(', '), list: 'wifi_public, security, network, server, fleet' }));
  if (services.length === 0) throw new UsageError(t('pro.no_services'));
  return writeTx(conn, (tx) => {
    const m = proMember(tx, a.memberNo);
    if (a.on < m.contractStart) throw new UsageError(t('pro.before_contract', { date: a.on, start: m.contractStart }));
    const site =
      a.siteId === null
        ? tx.select().from(addresses).where(and(eq(addresses.memberId, m.id), eq(addresses.isMain, true), isNull(addresses.removedOn))).get()
        : tx.select().from(addresses).where(and(eq(addresses.id, a.siteId), eq(addresses.memberId, m.id))).get();
    if (!site) throw new NotFoundError(t('pro.no_site', { site: a.siteId ?? 'main', no: a.memberNo }));
    if (site.removedOn !== null && site.removedOn <= a.on) throw new NotFoundError(t('pro.no_site', { site: site.id, no: a.memberNo }));
    const row = tx.insert(proStudies).values({ memberId: m.id, addressId: site.id, requestedOn: a.on, services: services.join('|') }).returning().get();
    audit(tx, actor, { entity: 'pro_study', entityId: row.id, action: 'add', change: { member_no: m.memberNo, site: site.id, requested_on: a.on, services } });
    return studyJson(tx, row);
  });
}

/** `pro study result`: feasible, not feasible, or a specialist needed first (art. 5.12.2). */
export function recordStudyResult(conn: Connection, actor: Actor, r: { id: number; result: string; on: IsoDate }): StudyJson {
  if (!(STUDY_RESULTS as readonly string[]).includes(r.result)) throw new UsageError(t('pro.unknown_result', { result: r.result, list: STUDY_RESULTS.join(', ') }));
  return writeTx(conn, (tx) => {
    const s = studyById(tx, r.id);
    enforce(studyResultAllowed(s.result, s.id));
    if (r.on < s.requestedOn) throw new UsageError(t('pro.date_before', { date: r.on, what: `study #${s.id}`, before: s.requestedOn }));
    const row = tx.update(proStudies).set({ result: r.result as StudyResult, resultOn: r.on }).where(eq(proStudies.id, s.id)).returning().get();
    audit(tx, actor, { entity: 'pro_study', entityId: s.id, action: 'result', change: { result: { from: s.result, to: r.result }, result_on: r.on } });
    return studyJson(tx, row);
  });
}

// ------------------------------------------------------------------ quotes
export interface QuoteJson {
  id: number;
  number: string;
  member_no: string;
  study: number;
  issued_on: string;
  valid_until: string | null;
  status: string;
  answered_on: string | null;
  done_on: string | null;
  invoice: string | null;
  total_ht_cents: number;
  total_vat_cents: number;
  total_ttc_cents: number;
  lines: { label: string; ttc_cents: number; ht_cents: number; vat_cents: number }[];
}

function quoteJson(db: Db | Tx, q: typeof proQuotes.$inferSelect): QuoteJson {
  const lines = db.select().from(proQuoteLines).where(eq(proQuoteLines.quoteId, q.id)).orderBy(asc(proQuoteLines.position)).all();
  const inv = q.invoiceId ? db.select({ n: invoices.number }).from(invoices).where(eq(invoices.id, q.invoiceId)).get() : undefined;
  return {
    id: q.id,
    number: q.number,
    member_no: memberNoOf(db, q.memberId),
    study: q.studyId,
    issued_on: q.issuedOn,
    valid_until: q.validUntil,
    status: q.status,
    answered_on: q.answeredOn,
    done_on: q.doneOn,
    invoice: inv?.n ?? null,
    total_ht_cents: q.totalHtCents,
    total_vat_cents: q.totalVatCents,
    total_ttc_cents: q.totalTtcCents,
    lines: lines.map((l) => ({ label: l.label, ttc_cents: l.ttcCents, ht_cents: l.htCents, vat_cents: l.ttcCents - l.htCents })),
  };
}

/** Parses the `--line "LABEL;EUR"` values; a malformed one is a usage error naming it. */
export function parseQuoteLines(values: string[]): { label: string; ttcCents: number }[] {
  if (values.length === 0) throw new UsageError(t('pro.no_lines'));
  return values.map((v) => {
    const l = parseQuoteLine(v);
    if (!l) throw new UsageError(t('pro.bad_line', { line: v }));
    return l;
  });
}

/** `pro quote add`: a numbered quote after a study (art. 5.12.2), TTC lines, HT/VAT derived per line. */
export function addQuote(
  conn: Connection,
  actor: Actor,
  a: { memberNo: string; studyId: number; lines: string[]; on: IsoDate; validUntil: IsoDate | null },
): QuoteJson {
  const parsed = parseQuoteLines(a.lines);
  if (a.validUntil !== null && a.validUntil < a.on) throw new UsageError(t('pro.valid_before', { until: a.validUntil, date: a.on }));
  return writeTx(conn, (tx) => {
    const m = proMember(tx, a.memberNo);
    const s = studyById(tx, a.studyId);
    if (s.memberId !== m.id) throw new UsageError(t('pro.study_other_member', { id: s.id, no: a.memberNo }));
    enforce(quoteAllowed({ id: s.id, result: s.result }));
    if (s.resultOn && a.on < s.resultOn) throw new UsageError(t('pro.date_before', { date: a.on, what: `the outcome of study #${s.id}`, before: s.resultOn }));
    const year = a.on.slice(0, 4);
    const last = tx
      .select({ number: proQuotes.number, issuedOn: proQuotes.issuedOn })
      .from(proQuotes)
      .where(like(proQuotes.number, `D${year}-%`))
      .orderBy(desc(proQuotes.number))
      .get();
    enforce(quoteDateAllowed(a.on, last ?? null));
    const totals = quoteTotals(parsed);
    const number = formatQuoteNumber(year, nextSequence(tx, quoteSeries(a.on)));
    const q = tx
      .insert(proQuotes)
      .values({
        number,
        memberId: m.id,
        studyId: s.id,
        issuedOn: a.on,
        validUntil: a.validUntil,
        status: 'pending',
        totalHtCents: totals.htCents,
        totalVatCents: totals.vatCents,
        totalTtcCents: totals.ttcCents,
      })
      .returning()
      .get();
    tx.insert(proQuoteLines)
      .values(totals.lines.map((l, i) => ({ quoteId: q.id, position: i + 1, label: l.label, ttcCents: l.ttcCents, htCents: l.htCents })))
      .run();
    audit(tx, actor, {
      entity: 'pro_quote',
      entityId: number,
      action: 'add',
      change: {
        number,
        member_no: m.memberNo,
        study: s.id,
        issued_on: a.on,
        valid_until: a.validUntil,
        total_ht_cents: totals.htCents,
        total_vat_cents: totals.vatCents,
        total_ttc_cents: totals.ttcCents,
        lines: totals.lines.map((l) => ({ label: l.label, ttc_cents: l.ttcCents, ht_cents: l.htCents })),
      },
    });
    return quoteJson(tx, q);
  });
}

export function showQuote(db: Db | Tx, ref: string): QuoteJson {
  return quoteJson(db, quoteByRef(db, ref));
}

/** `pro quote accept|refuse`: the member's answer; an accepted quote is the works order. */
export function answerQuote(conn: Connection, actor: Actor, a: { ref: string; accept: boolean; on: IsoDate }): QuoteJson {
  return writeTx(conn, (tx) => {
    const q = quoteByRef(tx, a.ref);
    enforce(quoteAnswerAllowed(q, a.on, a.accept));
    if (a.on < q.issuedOn) throw new UsageError(t('pro.date_before', { date: a.on, what: q.number, before: q.issuedOn }));
    const status = a.accept ? 'accepted' : 'refused';
    const row = tx.update(proQuotes).set({ status, answeredOn: a.on }).where(eq(proQuotes.id, q.id)).returning().get();
    audit(tx, actor, { entity: 'pro_quote', entityId: q.number, action: status === 'accepted' ? 'accept' : 'refuse', change: { status: { from: q.status, to: status }, answered_on: a.on } });
    return quoteJson(tx, row);
  });
}

/**
 * `pro works done`: the installation of an accepted quote. Its lines wait as pending
 * charges for the next monthly run, or are invoiced at once (`invoiceNow`).
 */
export function worksDone(conn: Connection, actor: Actor, a: { ref: string; on: IsoDate; invoiceNow: boolean }): QuoteJson & { pending_charges: number } {
  return writeTx(conn, (tx) => {
    const q = quoteByRef(tx, a.ref);
    enforce(worksDoneAllowed(q));
    if (q.answeredOn && a.on < q.answeredOn) throw new UsageError(t('pro.date_before', { date: a.on, what: `the order of ${q.number}`, before: q.answeredOn }));
    const m = tx.select().from(members).where(eq(members.id, q.memberId)).get()!;
    enforce(proAllowed({ memberNo: String(m.memberNo), kind: m.kind, status: m.status }));
    const lines = tx.select().from(proQuoteLines).where(eq(proQuoteLines.quoteId, q.id)).orderBy(asc(proQuoteLines.position)).all();
    let invoiceId: number | null = null;
    let charges = 0;
    if (a.invoiceNow) {
      invoiceId = issueInvoice(tx, actor, {
        memberId: q.memberId,
        issuedOn: a.on,
        lines: lines.map((l) => ({ kind: 'charge', label: `${q.number} — ${l.label}`, period: null, ttcCents: l.ttcCents, sourceKey: `quote:${q.id}:${l.position}` })),
      }).id;
    } else {
      for (const l of lines) {
        tx.insert(pendingCharges).values({ memberId: q.memberId, label: `Univers Pro ${q.number} — ${l.label}`, ttcCents: l.ttcCents, dueOn: a.on }).run();
        charges++;
      }
    }
    const row = tx.update(proQuotes).set({ status: 'done', doneOn: a.on, invoiceId }).where(eq(proQuotes.id, q.id)).returning().get();
    audit(tx, actor, {
      entity: 'pro_quote',
      entityId: q.number,
      action: 'works_done',
      change: { status: { from: q.status, to: 'done' }, done_on: a.on, invoice_now: a.invoiceNow, pending_charges: charges, total_ttc_cents: q.totalTtcCents },
    });
    return { ...quoteJson(tx, row), pending_charges: charges };
  });
}

// ------------------------------------------------------------------ bricks
export interface BrickJson {
  id: number;
  member_no: string;
  brick: string;
  price_cents: number;
  start_on: string;
  basis: string;
  works: string | null;
  study: number | null;
  agreed_on: string | null;
  access_points: number | null;
  switches: number | null;
  routers: number | null;
  requested_end_on: string | null;
  end_on: string | null;
  status: 'active' | 'ending' | 'ended';
  /** What the first month costs (prorated by calendar days, art. 7.3.4). */
  first_month: { month: string; cents: number; days: number; days_in_month: number };
}

function brickJson(db: Db | Tx, b: typeof proBricks.$inferSelect, on: IsoDate): BrickJson {
  const first = brickChargeForMonth({ priceCents: b.priceTtcCents, startOn: b.startOn, endOn: null }, b.startOn.slice(0, 7))!;
  const works = b.worksQuoteId ? db.select({ n: proQuotes.number }).from(proQuotes).where(eq(proQuotes.id, b.worksQuoteId)).get() : undefined;
  return {
    id: b.id,
    member_no: memberNoOf(db, b.memberId),
    brick: b.brick,
    price_cents: b.priceTtcCents,
    start_on: b.startOn,
    basis: b.basis,
    works: works?.n ?? null,
    study: b.studyId,
    agreed_on: b.agreedOn,
    access_points: b.accessPoints,
    switches: b.switches,
    routers: b.routers,
    requested_end_on: b.requestedEndOn,
    end_on: b.endOn,
    status: b.endOn === null ? 'active' : on > b.endOn ? 'ended' : 'ending',
    first_month: { month: b.startOn.slice(0, 7), cents: first.cents, days: first.days, days_in_month: first.daysInMonth },
  };
}

export function parseBrick(s: string): Brick {
  if (!(BRICKS as readonly string[]).includes(s)) throw new UsageError(t('pro.unknown_brick', { brick: s, list: BRICKS.join(', ') }));
  return s as Brick;
}

/** `pro brick add`: a maintenance brick at its quoted monthly price (art. 5.12.3, 5.12.4). */
export function addBrick(
  conn: Connection,
  actor: Actor,
  a: {
    memberNo: string;
    brick: string;
    priceCents: number;
    on: IsoDate;
    worksRef: string | null;
    agreedOn: IsoDate | null;
    studyId: number | null;
    accessPoints: number | null;
    switches: number | null;
    routers: number | null;
  },
): BrickJson {
  const brick = parseBrick(a.brick);
  if (!(a.priceCents > 0)) throw new UsageError(t('pro.price_positive'));
  return writeTx(conn, (tx) => {
    const m = proMember(tx, a.memberNo);
    if (a.on < m.contractStart) throw new UsageError(t('pro.before_contract', { date: a.on, start: m.contractStart }));
    const works = a.worksRef ? quoteByRef(tx, a.worksRef) : null;
    if (works && works.memberId !== m.id) throw new UsageError(t('pro.quote_other_member', { number: works.number, no: a.memberNo }));
    const study = a.studyId !== null ? studyById(tx, a.studyId) : null;
    if (study && study.memberId !== m.id) throw new UsageError(t('pro.study_other_member', { id: study.id, no: a.memberNo }));
    const d = brickAllowed({
      brick,
      on: a.on,
      works: works ? { number: works.number, status: works.status, doneOn: works.doneOn } : null,
      agreedOn: a.agreedOn,
      study: study ? { id: study.id, result: study.result } : null,
      accessPoints: a.accessPoints,
      switches: a.switches,
      routers: a.routers,
    });
    enforce(d);
    const live = tx
      .select({ id: proBricks.id })
      .from(proBricks)
      .where(and(eq(proBricks.memberId, m.id), eq(proBricks.brick, brick), sql`(${proBricks.endOn} is null or ${proBricks.endOn} >= ${a.on})`))
      .get();
    if (live) throw new RefusedError(ART_BRICKS, t('pro.refuse.brick_in_force', { brick, no: a.memberNo, id: live.id }));
    const row = tx
      .insert(proBricks)
      .values({
        memberId: m.id,
        brick,
        priceTtcCents: a.priceCents,
        startOn: a.on,
        basis: d.value.basis,
        worksQuoteId: works?.id ?? null,
        studyId: study?.id ?? null,
        agreedOn: a.agreedOn,
        accessPoints: a.accessPoints,
        switches: a.switches,
        routers: a.routers,
      })
      .returning()
      .get();
    audit(tx, actor, {
      entity: 'pro_brick',
      entityId: row.id,
      action: 'add',
      change: { member_no: m.memberNo, brick, price_cents: a.priceCents, start_on: a.on, basis: d.value.basis, works: works?.number ?? null, study: study?.id ?? null, agreed_on: a.agreedOn, access_points: a.accessPoints, switches: a.switches, routers: a.routers },
    });
    return brickJson(tx, row, a.on);
  });
}

/** `pro brick remove`: ends the brick at the end of the month of the request (art. 5.12.5). */
export function removeBrick(conn: Connection, actor: Actor, r: { memberNo: string; brick: string; requestedOn: IsoDate }): BrickJson {
  const brick = parseBrick(r.brick);
  return writeTx(conn, (tx) => {
    const m = memberByNo(tx, r.memberNo);
    const b = tx
      .select()
      .from(proBricks)
      .where(and(eq(proBricks.memberId, m.id), eq(proBricks.brick, brick)))
      .orderBy(desc(proBricks.id))
      .get();
    if (!b) throw new NotFoundError(t('pro.no_brick', { brick, no: r.memberNo }));
    const d = brickRemovalAllowed(b, r.requestedOn);
    enforce(d);
    const row = tx.update(proBricks).set({ requestedEndOn: r.requestedOn, endOn: d.value.endOn }).where(eq(proBricks.id, b.id)).returning().get();
    audit(tx, actor, { entity: 'pro_brick', entityId: b.id, action: 'remove', change: { brick, requested_on: r.requestedOn, end_on: d.value.endOn } });
    return brickJson(tx, row, r.requestedOn);
  });
}

/**
 * The contract's termination ends every brick (art. 10.4): called inside the termination's
 * transaction with its effective date; each brick still in force ends that day.
 */
export function endBricksWithContract(tx: Tx, actor: Actor, memberId: number, effectiveOn: IsoDate): number {
  const rows = tx
    .select()
    .from(proBricks)
    .where(and(eq(proBricks.memberId, memberId), sql`(${proBricks.endOn} is null or ${proBricks.endOn} > ${effectiveOn})`))
    .all();
  for (const b of rows) {
    tx.update(proBricks).set({ endOn: effectiveOn < b.startOn ? b.startOn : effectiveOn }).where(eq(proBricks.id, b.id)).run();
    audit(tx, actor, { entity: 'pro_brick', entityId: b.id, action: 'end_with_contract', change: { brick: b.brick, end_on: { from: b.endOn, to: effectiveOn } } });
  }
  return rows.length;
}

// ------------------------------------------------------------------ the Desk's list
export interface ProList {
  date: string;
  studies: StudyJson[];
  quotes_waiting: QuoteJson[];
  works_to_do: QuoteJson[];
  bricks: BrickJson[];
}

/** `pro list`: studies, quotes waiting for an answer, works to do, bricks in force (or ending). `--status` filters each by its own status. */
export function proList(db: Db | Tx, f: { memberNo?: string; status?: string; on: IsoDate }): ProList {
  const m = f.memberNo !== undefined ? memberByNo(db, f.memberNo) : null;
  const byMember = <T extends { memberId: number }>(rows: T[]) => (m ? rows.filter((r) => r.memberId === m.id) : rows);
  const studies = byMember(db.select().from(proStudies).orderBy(asc(proStudies.requestedOn), asc(proStudies.id)).all()).map((s) => studyJson(db, s));
  const quotes = byMember(db.select().from(proQuotes).orderBy(asc(proQuotes.number)).all()).map((q) => quoteJson(db, q));
  const bricks = byMember(db.select().from(proBricks).orderBy(asc(proBricks.startOn), asc(proBricks.id)).all()).map((b) => brickJson(db, b, f.on));
  const s = f.status;
  const studyStatus = (x: StudyJson) => x.result ?? 'requested';
  return {
    date: f.on,
    studies: s ? studies.filter((x) => studyStatus(x) === s) : studies.filter((x) => x.result === null || x.result === 'needs_specialist'),
    quotes_waiting: quotes.filter((q) => (s ? q.status === s : q.status === 'pending')),
    works_to_do: s ? quotes.filter((q) => q.status === s && s === 'accepted') : quotes.filter((q) => q.status === 'accepted'),
    bricks: s ? bricks.filter((b) => b.status === s) : bricks.filter((b) => b.status !== 'ended'),
  };
}

/**
 * The bricks the monthly run bills for `month` (a recurring source, like options): one
 * line per brick in force that month, not yet billed, keyed `pro_brick:ID:YYYY-MM`.
 */
export function brickLinesForMonth(db: Db | Tx, memberId: number, month: string, contractEndOn: IsoDate | null): { label: string; period: string; ttcCents: number; sourceKey: string }[] {
  const rows = db.select().from(proBricks).where(eq(proBricks.memberId, memberId)).all();
  const out: { label: string; period: string; ttcCents: number; sourceKey: string }[] = [];
  for (const b of rows) {
    const c = brickChargeForMonth({ priceCents: b.priceTtcCents, startOn: b.startOn, endOn: b.endOn, contractEndOn }, month);
    if (c === null || c.cents === 0) continue;
    out.push({
      label: t('pro.line.brick', { brick: b.brick, month, prorata: c.prorated ? ` (${c.days}/${c.daysInMonth})` : '' }),
      period: month,
      ttcCents: c.cents,
      sourceKey: `pro_brick:${b.id}:${month}`,
    });
  }
  return out;
}
