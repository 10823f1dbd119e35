/**
 * Univers Pro (art. 5.12; CLI.md `pro`): technical studies, numbered quotes, works (a
 * pending charge for the monthly run, or an invoice at once) and maintenance bricks
 * (billed by the monthly run, `RECURRING_SOURCES` in src/billing/run.ts). Each act loads
 * its state, asks src/rules/pro.ts, and writes in one transaction with its audit entry.
 */
import { and, asc, desc, eq, isNull, like, sql } from 'drizzle-orm';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, nextSequence, writeTx, type Actor } from '../db/audit.js';
import { iterateSql } from '../db/iterate.js';
import { addresses, invoices, members, pendingCharges, proBricks, proQuoteLines, proQuotes, proStudies } from '../db/schema.js';
import { enforce, NotFoundError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { issueInvoice } from '../invoicing/core.js';
import { buyerOf, buyerRow, frozenOf, storeFrozen, type FrozenDocument, type FrozenPlace } from '../invoicing/frozen.js';
import { sellerVersionNow } from '../settings/versions.js';
import { getMember, type MemberRow } from '../contract/state.js';
import { assertContractRunning } from '../contract/state.js';
import { periodAmount } from '../rules/billing.js';
import { daysInMonth, lastDayOfMonth, monthOf, type IsoDate } from '../rules/dates.js';
import { BRICKS, STUDY_RESULTS, STUDY_SERVICES, type Brick, type StudyResult, type StudyService } from '../rules/enums.js';
import {
  brickAllowed,
  brickRemovalAllowed,
  equipmentAllowed,
  equipmentOf,
  formatQuoteNumber,
  isBrick,
  parseQuoteLine,
  parseServices,
  proAllowed,
  quoteAllowed,
  quoteAnswerAllowed,
  quoteDateAllowed,
  quoteSeries,
  quoteTotals,
  studyOrderAllowed,
  studyResultAllowed,
  worksDoneAllowed,
} from '../rules/pro.js';

/** A company member whose contract runs on `on` (art. 5.12, 10.4). */
function proMember(tx: Db | Tx, no: string, on: IsoDate): MemberRow {
  const m = getMember(tx, no);
  enforce(proAllowed({ memberNo: m.memberNo, kind: m.kind }));
  return runningMember(tx, m, on);
}

/** The member of a quote has a contract running on `on` (art. 10.4): else refused. */
function assertQuoteMemberRunning(tx: Db | Tx, memberId: number, on: IsoDate): void {
  const m = tx.select({ id: members.id, terminatedOn: members.terminatedOn }).from(members).where(eq(members.id, memberId)).get()!;
  assertContractRunning(tx, m, on);
}

function runningMember(tx: Db | Tx, m: MemberRow, on: IsoDate): MemberRow {
  if (on < m.contractStart) throw new UsageError(t('pro.before_contract', { date: on, start: m.contractStart }));
  assertContractRunning(tx, m, on);
  return m;
}

/**
 * A member who may order a study of these services on `on` (art. 4, 5.4.2, 5.12;
 * studyOrderAllowed): a running contract, and the rule of each service.
 */
function orderingMember(tx: Db | Tx, no: string, on: IsoDate, services: readonly StudyService[]): MemberRow {
  const m = getMember(tx, no);
  const orangeStarts = tx
    .all<{ started_on: string }>(sql`select s.started_on from subscriptions s join addresses a on a.id = s.address_id where a.member_id = ${m.id}`)
    .map((r) => r.started_on);
  enforce(studyOrderAllowed(services, { memberNo: m.memberNo, kind: m.kind, contractStart: m.contractStart }, orangeStarts));
  return runningMember(tx, m, on);
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
    ? db
        .select()
        .from(proQuotes)
        .where(eq(proQuotes.id, Number(r)))
        .get()
    : db.select().from(proQuotes).where(eq(proQuotes.number, r.toUpperCase())).get();
  if (!q) throw new NotFoundError(t('pro.no_quote', { ref }));
  return q;
}

const memberNoOf = (db: Db | Tx, id: number) => String(db.select({ no: members.memberNo }).from(members).where(eq(members.id, id)).get()!.no);

function checkDate(on: IsoDate, before: IsoDate | null, what: string): void {
  if (before !== null && on < before) throw new UsageError(t('pro.date_before', { date: on, what, before }));
}

// ------------------------------------------------------------------ studies
export interface StudyJson {
  id: number;
  member_no: string;
  site: number;
  requested_on: string;
  services: string[];
  result: StudyResult | null;
  result_on: string | null;
}

function studyJson(db: Db | Tx, s: typeof proStudies.$inferSelect): StudyJson {
  return {
    id: s.id,
    member_no: memberNoOf(db, s.memberId),
    site: s.addressId,
    requested_on: s.requestedOn,
    services: s.services.split('|'),
    result: s.result as StudyResult | null,
    result_on: s.resultOn,
  };
}

/** `pro study add`: a technical study at one of the company member's sites (art. 5.12, 5.12.2); the main address by default. */
export function addStudy(conn: Connection, actor: Actor, a: { memberNo: string; siteId: number | null; on: IsoDate; services: string }): StudyJson {
  const { services, unknown } = parseServices(a.services);
  if (unknown.length) throw new UsageError(t('pro.unknown_services', { names: unknown.join(', '), list: STUDY_SERVICES.join(', ') }));
  if (services.length === 0) throw new UsageError(t('pro.no_services'));
  return writeTx(conn, (tx) => {
    const m = orderingMember(tx, a.memberNo, a.on, services);
    const site =
      a.siteId === null
        ? tx
            .select()
            .from(addresses)
            .where(and(eq(addresses.memberId, m.id), eq(addresses.isMain, true), isNull(addresses.removedOn)))
            .get()
        : tx
            .select()
            .from(addresses)
            .where(and(eq(addresses.id, a.siteId), eq(addresses.memberId, m.id)))
            .get();
    if (!site || (site.removedOn !== null && site.removedOn <= a.on)) throw new NotFoundError(t('pro.no_site', { site: a.siteId ?? '-', no: m.memberNo }));
    const row = tx
      .insert(proStudies)
      .values({ memberId: m.id, addressId: site.id, requestedOn: a.on, services: services.join('|') })
      .returning()
      .get();
    audit(tx, actor, { entity: 'pro_study', entityId: row.id, action: 'add', change: { member_no: m.memberNo, site: site.id, requested_on: a.on, services } });
    return studyJson(tx, row);
  });
}

/** `pro study result`: feasible, not feasible, or a specialist needed first (art. 5.12.2). */
export function recordStudyResult(conn: Connection, actor: Actor, r: { id: number; result: string; on: IsoDate }): StudyJson {
  if (!(STUDY_RESULTS as readonly string[]).includes(r.result))
    throw new UsageError(t('pro.unknown_result', { result: r.result, list: STUDY_RESULTS.join(', ') }));
  return writeTx(conn, (tx) => {
    const s = studyById(tx, r.id);
    enforce(studyResultAllowed(s.result, s.id));
    checkDate(r.on, s.requestedOn, t('pro.what.study', { id: s.id }));
    const row = tx.update(proStudies).set({ result: r.result, resultOn: r.on }).where(eq(proStudies.id, s.id)).returning().get();
    audit(tx, actor, { entity: 'pro_study', entityId: s.id, action: 'result', change: { result: { from: s.result, to: r.result }, result_on: r.on } });
    return studyJson(tx, row);
  });
}

// ------------------------------------------------------------------ quotes
export interface QuoteLineJson {
  label: string;
  ttc_cents: number;
  ht_cents: number;
  vat_cents: number;
}

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
  lines: QuoteLineJson[];
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

/** `pro quote add`: a numbered quote after a feasible study (art. 5.12.2), TTC lines, HT/VAT derived per line. */
export function addQuote(
  conn: Connection,
  actor: Actor,
  a: { memberNo: string; studyId: number; lines: string[]; on: IsoDate; validUntil: IsoDate | null },
): QuoteJson {
  const parsed = parseQuoteLines(a.lines);
  if (a.validUntil !== null && a.validUntil < a.on) throw new UsageError(t('pro.valid_before', { until: a.validUntil, date: a.on }));
  return writeTx(conn, (tx) => {
    const s = studyById(tx, a.studyId);
    const m = orderingMember(tx, a.memberNo, a.on, parseServices(s.services).services);
    if (s.memberId !== m.id) throw new UsageError(t('pro.study_other_member', { id: s.id, no: m.memberNo }));
    enforce(quoteAllowed({ id: s.id, result: s.result }));
    checkDate(a.on, s.resultOn, t('pro.what.study_result', { id: s.id }));
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
    // what the quote states of the club, the member and the works, frozen with it (invoicing/frozen.ts)
    const buyer = buyerRow(tx, m.id);
    const site = tx.select().from(addresses).where(eq(addresses.id, s.addressId)).get()!;
    const frozen: FrozenDocument = {
      sellerVersion: sellerVersionNow(tx, (e) => audit(tx, actor, e)).id,
      buyer: buyerOf(buyer),
      quote: {
        address: buyer.street !== null ? { street: buyer.street, postalCode: buyer.postal_code!, city: buyer.city! } : null,
        site: { street: site.street, postalCode: site.postalCode, city: site.city },
        services: s.services.split('|'),
      },
    };
    const frozenSha256 = storeFrozen(tx, { quoteId: q.id }, frozen);
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
        frozen_sha256: frozenSha256,
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
    checkDate(a.on, q.issuedOn, q.number);
    // accepting orders works: nothing new from the contract's end (art. 10.4); a refusal is always taken
    if (a.accept) assertQuoteMemberRunning(tx, q.memberId, a.on);
    const status = a.accept ? 'accepted' : 'refused';
    const row = tx.update(proQuotes).set({ status, answeredOn: a.on }).where(eq(proQuotes.id, q.id)).returning().get();
    audit(tx, actor, {
      entity: 'pro_quote',
      entityId: q.number,
      action: a.accept ? 'accept' : 'refuse',
      change: { status: { from: q.status, to: status }, answered_on: a.on },
    });
    return quoteJson(tx, row);
  });
}

/** The French label of a works line on the member's invoice. */
const worksLabel = (number: string, label: string) => `Univers Pro — devis ${number} — ${label}`;

/**
 * `pro works done`: the installation of an accepted quote. Its lines wait as pending
 * charges due on the installation date for the next monthly run (as billable
 * interventions do), or are invoiced at once (`invoiceNow`).
 */
export function worksDone(conn: Connection, actor: Actor, a: { ref: string; on: IsoDate; invoiceNow: boolean }): QuoteJson & { pending_charges: number } {
  return writeTx(conn, (tx) => {
    const q = quoteByRef(tx, a.ref);
    enforce(worksDoneAllowed(q));
    checkDate(a.on, q.answeredOn, q.number);
    // no works installed, hence billed, from the contract's end (art. 10.4; RULES.md §3)
    assertQuoteMemberRunning(tx, q.memberId, a.on);
    const lines = tx.select().from(proQuoteLines).where(eq(proQuoteLines.quoteId, q.id)).orderBy(asc(proQuoteLines.position)).all();
    let invoiceId: number | null = null;
    let charges = 0;
    const written: { id: number; member_no: string; label: string; ttc_cents: number; due_on: string }[] = [];
    if (a.invoiceNow) {
      invoiceId = issueInvoice(tx, actor, {
        memberId: q.memberId,
        issuedOn: a.on,
        lines: lines.map((l) => ({
          kind: 'charge',
          label: worksLabel(q.number, l.label),
          period: null,
          ttcCents: l.ttcCents,
          sourceKey: `quote:${q.id}:${l.position}`,
        })),
      }).id;
    } else {
      const memberNo = String(tx.select({ no: members.memberNo }).from(members).where(eq(members.id, q.memberId)).get()!.no);
      for (const l of lines) {
        const label = worksLabel(q.number, l.label);
        const row = tx
          .insert(pendingCharges)
          .values({ memberId: q.memberId, label, ttcCents: l.ttcCents, dueOn: a.on })
          .returning({ id: pendingCharges.id })
          .get();
        written.push({ id: row.id, member_no: memberNo, label, ttc_cents: l.ttcCents, due_on: a.on });
        charges++;
      }
    }
    const row = tx.update(proQuotes).set({ status: 'done', doneOn: a.on, invoiceId }).where(eq(proQuotes.id, q.id)).returning().get();
    audit(tx, actor, {
      entity: 'pro_quote',
      entityId: q.number,
      action: 'works_done',
      // the charges as written (issue 28: db check compares the rows with them)
      change: {
        status: { from: q.status, to: 'done' },
        done_on: a.on,
        invoice_now: a.invoiceNow,
        pending_charges: charges,
        charges: written,
        total_ttc_cents: q.totalTtcCents,
      },
    });
    return { ...quoteJson(tx, row), pending_charges: charges };
  });
}

// ------------------------------------------------------------------ bricks
export type BrickStatus = 'active' | 'ending' | 'ended';

export interface BrickJson {
  id: number;
  member_no: string;
  brick: Brick;
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
  status: BrickStatus;
  /** What the first month costs (prorated by calendar days, art. 7.3.4). */
  first_month: { month: string; cents: number; days: number; days_in_month: number };
}

export const brickStatus = (endOn: IsoDate | null, on: IsoDate): BrickStatus => (endOn === null ? 'active' : on > endOn ? 'ended' : 'ending');

function brickJson(db: Db | Tx, b: typeof proBricks.$inferSelect, on: IsoDate): BrickJson {
  const works = b.worksQuoteId ? db.select({ n: proQuotes.number }).from(proQuotes).where(eq(proQuotes.id, b.worksQuoteId)).get() : undefined;
  const month = monthOf(b.startOn);
  const dim = daysInMonth(month);
  return {
    id: b.id,
    member_no: memberNoOf(db, b.memberId),
    brick: b.brick as Brick,
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
    status: brickStatus(b.endOn, on),
    first_month: {
      month,
      cents: periodAmount(b.priceTtcCents, 1, b.startOn, month),
      days: Number(lastDayOfMonth(month).slice(8)) - Number(b.startOn.slice(8)) + 1,
      days_in_month: dim,
    },
  };
}

export function parseBrick(s: string): Brick {
  if (!isBrick(s)) throw new UsageError(t('pro.unknown_brick', { brick: s, list: BRICKS.join(', ') }));
  return s;
}

export interface NewBrick {
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
}

/** `pro brick add`: a maintenance brick at its quoted monthly price (art. 5.12.3.1, 5.12.4). */
export function addBrick(conn: Connection, actor: Actor, a: NewBrick): BrickJson {
  const brick = parseBrick(a.brick);
  if (!(a.priceCents > 0)) throw new UsageError(t('pro.price_positive'));
  const allowed = equipmentOf(brick);
  for (const [flag, key, v] of [
    ['--access-points', 'access_points', a.accessPoints],
    ['--switches', 'switches', a.switches],
    ['--routers', 'routers', a.routers],
  ] as const) {
    if (v !== null && !(allowed as string[]).includes(key)) throw new UsageError(t('pro.equipment_not_for', { flag, brick }));
  }
  enforce(equipmentAllowed(a));
  return writeTx(conn, (tx) => {
    const m = proMember(tx, a.memberNo, a.on);
    const works = a.worksRef !== null ? quoteByRef(tx, a.worksRef) : null;
    if (works && works.memberId !== m.id) throw new UsageError(t('pro.quote_other_member', { number: works.number, no: m.memberNo }));
    const study = a.studyId !== null ? studyById(tx, a.studyId) : null;
    if (study && study.memberId !== m.id) throw new UsageError(t('pro.study_other_member', { id: study.id, no: m.memberNo }));
    const d = brickAllowed({
      on: a.on,
      works: works ? { number: works.number, status: works.status, doneOn: works.doneOn } : null,
      agreedOn: a.agreedOn,
      study: study ? { id: study.id, result: study.result } : null,
    });
    enforce(d);
    const live = tx
      .select({ id: proBricks.id })
      .from(proBricks)
      .where(and(eq(proBricks.memberId, m.id), eq(proBricks.brick, brick), sql`(${proBricks.endOn} is null or ${proBricks.endOn} >= ${a.on})`))
      .get();
    if (live) throw new UsageError(t('pro.brick_in_force', { brick, no: m.memberNo, id: live.id }));
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
      change: {
        member_no: m.memberNo,
        brick,
        price_cents: a.priceCents,
        start_on: a.on,
        basis: d.value.basis,
        works: works?.number ?? null,
        study: study?.id ?? null,
        agreed_on: a.agreedOn,
        access_points: a.accessPoints,
        switches: a.switches,
        routers: a.routers,
      },
    });
    return brickJson(tx, row, a.on);
  });
}

/** `pro brick remove`: the brick is served and billed through the month of the request (art. 5.12.5). */
export function removeBrick(conn: Connection, actor: Actor, r: { memberNo: string; brick: string; requestedOn: IsoDate }): BrickJson {
  const brick = parseBrick(r.brick);
  return writeTx(conn, (tx) => {
    const m = getMember(tx, r.memberNo);
    const b = tx
      .select()
      .from(proBricks)
      .where(and(eq(proBricks.memberId, m.id), eq(proBricks.brick, brick)))
      .orderBy(desc(proBricks.id))
      .get();
    if (!b) throw new NotFoundError(t('pro.no_brick', { brick, no: m.memberNo }));
    const d = brickRemovalAllowed(b, r.requestedOn);
    enforce(d);
    // a brick the contract's termination already ends sooner keeps that end
    const endOn = b.endOn !== null && b.endOn < d.value.endOn ? b.endOn : d.value.endOn;
    const row = tx.update(proBricks).set({ requestedEndOn: r.requestedOn, endOn }).where(eq(proBricks.id, b.id)).returning().get();
    audit(tx, actor, {
      entity: 'pro_brick',
      entityId: b.id,
      action: 'remove',
      change: { member_no: m.memberNo, brick, requested_on: r.requestedOn, end_on: { from: b.endOn, to: endOn } },
    });
    return brickJson(tx, row, r.requestedOn);
  });
}

// ------------------------------------------------------------------ the Desk's list
export type ProItemType = 'study' | 'quote' | 'works' | 'brick';

/** One row of `pro list` (one JSON element per line). */
export interface ProItem {
  type: ProItemType;
  id: number;
  /** Study `#ID`, quote number, or the brick's name. */
  ref: string;
  member_no: string;
  status: string;
  /** Study: requested on; quote: issued on; works: ordered on; brick: start. */
  date: string;
  /** Quote/works: total TTC; brick: monthly TTC price; study: null. */
  amount_cents: number | null;
  /** Study: services; quote: valid until; works: done on (null); brick: last day served. */
  detail: string | null;
}

export const PRO_LIST_STATUSES = ['requested', ...STUDY_RESULTS, 'pending', 'accepted', 'refused', 'done', 'active', 'ending', 'ended'] as const;

/**
 * `pro list`: by default what the Desk has to follow — studies without a final outcome
 * (requested, needs_specialist), quotes waiting for an answer, works to do (accepted
 * quotes), bricks in force or ending; `--status S` every item in that status. Streams.
 */
export function iterateProList(db: Db | Tx, f: { memberNo?: string; status?: string; on: IsoDate }): Iterable<ProItem> {
  const memberId = f.memberNo !== undefined ? getMember(db, f.memberNo).id : null;
  const s = f.status ?? null;
  const byMember = (col: string) => (memberId === null ? sql`1` : sql`${sql.raw(col)} = ${memberId}`);
  const q = sql`
    select type, id, ref, member_no, status, date, amount_cents, detail from (
      select 1 as ord, 'study' as type, s.id, '#' || s.id as ref, cast(m.member_no as text) as member_no,
             coalesce(s.result, 'requested') as status, s.requested_on as date, null as amount_cents,
             replace(s.services, '|', ',') as detail
      from pro_studies s join members m on m.id = s.member_id
      where ${byMember('s.member_id')}
        and ${s === null ? sql`(s.result is null or s.result = 'needs_specialist')` : sql`coalesce(s.result, 'requested') = ${s}`}
      union all
      select case when q.status = 'accepted' then 3 else 2 end, case when q.status = 'accepted' then 'works' else 'quote' end,
             q.id, q.number, cast(m.member_no as text), q.status, coalesce(q.answered_on, q.issued_on) , q.total_ttc_cents,
             case when q.status = 'done' then q.done_on else q.valid_until end
      from pro_quotes q join members m on m.id = q.member_id
      where ${byMember('q.member_id')}
        and ${s === null ? sql`(q.status = 'pending' or q.status = 'accepted')` : sql`q.status = ${s}`}
      union all
      select 4, 'brick', b.id, b.brick, cast(m.member_no as text),
             case when b.end_on is null then 'active' when b.end_on >= ${f.on} then 'ending' else 'ended' end,
             b.start_on, b.price_ttc_cents, b.end_on
      from pro_bricks b join members m on m.id = b.member_id
      where ${byMember('b.member_id')}
        and ${
          s === null
            ? sql`(b.end_on is null or b.end_on >= ${f.on})`
            : sql`(case when b.end_on is null then 'active' when b.end_on >= ${f.on} then 'ending' else 'ended' end) = ${s}`
        }
    ) order by ord, member_no + 0, date, id`;
  return iterateSql<ProItem>(db, q);
}

// ------------------------------------------------------------------ the quote document
export interface QuoteDocument extends QuoteJson {
  member: { member_no: string; kind: string; first_name: string; last_name: string; company_name: string | null; company_siren: string | null };
  /** Where the member receives mail: the main address. */
  address: { street: string; postal_code: string; city: string } | null;
  /** Where the works are done: the study's site. */
  site: { street: string; postal_code: string; city: string };
  services: string[];
  /** What the quote stated when issued (`member`, `address`, `site`, `services` above are read from it); null for a quote issued before (RULES.md §6). */
  frozen: FrozenDocument | null;
}

/** Everything the quote's PDF prints, read once: as frozen at issue, else (issued before) as the member is now. */
export function quoteDocument(db: Db | Tx, ref: string): QuoteDocument {
  const q = quoteByRef(db, ref);
  const m = db.select().from(members).where(eq(members.id, q.memberId)).get()!;
  const s = db.select().from(proStudies).where(eq(proStudies.id, q.studyId)).get()!;
  const place = (a: typeof addresses.$inferSelect) => ({ street: a.street, postal_code: a.postalCode, city: a.city });
  const site = db.select().from(addresses).where(eq(addresses.id, s.addressId)).get()!;
  const main = db
    .select()
    .from(addresses)
    .where(and(eq(addresses.memberId, m.id), eq(addresses.isMain, true)))
    .orderBy(desc(addresses.id))
    .get();
  const frozen = frozenOf(db, { quoteId: q.id });
  if (frozen?.quote) {
    const b = frozen.buyer;
    const at = (p: FrozenPlace) => ({ street: p.street, postal_code: p.postalCode, city: p.city });
    return {
      ...quoteJson(db, q),
      member: {
        member_no: String(b.memberNo),
        kind: b.kind,
        first_name: b.firstName,
        last_name: b.lastName,
        company_name: b.companyName,
        company_siren: b.companySiren,
      },
      address: frozen.quote.address ? at(frozen.quote.address) : null,
      site: at(frozen.quote.site),
      services: frozen.quote.services,
      frozen,
    };
  }
  return {
    ...quoteJson(db, q),
    member: {
      member_no: String(m.memberNo),
      kind: m.kind,
      first_name: m.firstName,
      last_name: m.lastName,
      company_name: m.companyName,
      company_siren: m.companySiren,
    },
    address: main ? place(main) : null,
    site: place(site),
    services: s.services.split('|'),
    frozen: null,
  };
}
