/**
 * Univers Pro (art. 5.12; RULES.md §3 "Univers Pro"). Pure: who may order, study outcomes,
 * quote lines and totals (TTC reference, HT per line as for invoices), when a maintenance
 * brick may be taken, its equipment limits, and when a removed brick ends. What the monthly
 * run bills for a brick is the options' arithmetic (`periodAmount` in rules/billing.ts: in
 * advance, first month prorated by calendar days, the month of the end due in full).
 * Messages come from the catalogue (namespace `pro`).
 */
import { t, type MessageKey } from '../i18n/index.js';
import { fmtDate } from '../i18n/format.js';
import { periodAmount, monthsFromTo } from './billing.js';
import { addDays, addMonths, lastDayOfMonth, monthOf, type IsoDate } from './dates.js';
import { refused, type Decision } from './decision.js';
import { BRICKS, PRO_SERVICES, STUDY_SERVICES, type Brick, type BrickBasis, type StudyService } from './enums.js';
import { htFromTtc, parseEuros, splitInvoice, withinAmountBound, type Cents } from './money.js';

/** A status as the messages word it (`done` → "works done"). */
const statusWord = (s: string): string => t(`pro.status.${s}` as MessageKey);

/** Univers Pro is for company members ("personne morale", art. 5.12). */
export const ART_PRO = '5.12';
/** A technical study conditions the works; a quote follows it; a specialist may be needed first (art. 5.12.2). */
export const ART_STUDY = '5.12.2';
/** The maintenance bricks and their equipment limits (art. 5.12.3.1). */
export const ART_BRICKS = '5.12.3.1';
/** When a brick may be subscribed (art. 5.12.4). */
export const ART_BRICK_WHEN = '5.12.4';
/** A brick's termination: the month after the request, every started month due (art. 5.12.5). */
export const ART_BRICK_END = '5.12.5';

/** Equipment limits of art. 5.12.3.1 ("3 bornes max"; "2 switches, 2 routeurs"). */
export const MAX_ACCESS_POINTS = 3;
export const MAX_SWITCHES = 2;
export const MAX_ROUTERS = 2;
/** A brick may be taken within 3 months after the installation (art. 5.12.4). */
export const BRICK_WINDOW_MONTHS = 3;

/** Art. 5.12: "Prestation disponible pour un client de type « Personne morale »". */
export function proAllowed(m: { memberNo: string | number; kind: string }): Decision {
  if (m.kind !== 'company') return refused(ART_PRO, t('pro.refuse.not_company', { no: m.memberNo }));
  return { ok: true, article: ART_PRO };
}

export const ART_CONNECTION = '4';
export const ART_DEVICE_STUDY = '5.4.2';
/** « souscrit simultanément à l'Offre et à son Abonnement Orange » (art. 4): within a month either side of the contract start (RULES.md §3 decision). */
export const SIMULTANEOUS_MONTHS = 1;

/**
 * Who may order a study on quote (and so its quote and works): Univers Pro services a
 * company member (art. 5.12); the optional connection / installation (art. 4) a member who
 * took the Orange subscription at the same time as the Offer (`orangeStarts`: the start
 * dates of the member's Orange subscriptions); the prior study of a device outside the list
 * (art. 5.4.2, « pourra être facturée ») any member.
 */
export function studyOrderAllowed(
  services: readonly StudyService[],
  m: { memberNo: string | number; kind: string; contractStart: IsoDate },
  orangeStarts: readonly IsoDate[],
): Decision {
  if (services.some((s) => (PRO_SERVICES as readonly string[]).includes(s))) {
    const pro = proAllowed(m);
    if (!pro.ok) return pro;
  }
  if (services.includes('connection')) {
    const from = addMonths(m.contractStart, -SIMULTANEOUS_MONTHS);
    const to = addMonths(m.contractStart, SIMULTANEOUS_MONTHS);
    if (!orangeStarts.some((d) => d >= from && d <= to)) {
      return refused(
        ART_CONNECTION,
        t('pro.refuse.connection_not_simultaneous', { no: m.memberNo, start: fmtDate(m.contractStart), from: fmtDate(from), to: fmtDate(to) }),
      );
    }
  }
  const article = services.some((s) => (PRO_SERVICES as readonly string[]).includes(s))
    ? ART_PRO
    : services.includes('connection')
      ? ART_CONNECTION
      : ART_DEVICE_STUDY;
  return { ok: true, article };
}

/** `wifi_public,security` → the services (deduplicated, in the order given), or the unknown names. */
export function parseServices(s: string): { services: StudyService[]; unknown: string[] } {
  const parts = s
    .split(/[,|]/)
    .map((x) => x.trim())
    .filter((x) => x !== '');
  const services: StudyService[] = [];
  const unknown: string[] = [];
  for (const p of parts) {
    if ((STUDY_SERVICES as readonly string[]).includes(p)) {
      if (!services.includes(p as StudyService)) services.push(p as StudyService);
    } else unknown.push(p);
  }
  return { services, unknown };
}

/** A study's outcome is recorded once; "needs a specialist" may later become feasible or not (art. 5.12.2). */
export function studyResultAllowed(current: string | null, id: number): Decision {
  if (current === null || current === 'needs_specialist') return { ok: true, article: ART_STUDY };
  return refused(ART_STUDY, t('pro.refuse.study_result_final', { id, result: current }));
}

/** A quote follows a study whose outcome allows the works: feasible (art. 5.12.2). */
export function quoteAllowed(study: { id: number; result: string | null }): Decision {
  if (study.result === null) return refused(ART_STUDY, t('pro.refuse.study_no_result', { id: study.id }));
  if (study.result === 'not_feasible') return refused(ART_STUDY, t('pro.refuse.study_not_feasible', { id: study.id }));
  if (study.result === 'needs_specialist') return refused(ART_STUDY, t('pro.refuse.study_needs_specialist', { id: study.id }));
  return { ok: true, article: ART_STUDY };
}

export interface QuoteLine {
  label: string;
  ttcCents: Cents;
  htCents: Cents;
  vatCents: Cents;
}

/** `LABEL;AMOUNT_EUR` (the last `;` separates them; the amount as typed in France). Null when malformed. */
export function parseQuoteLine(s: string): { label: string; ttcCents: Cents } | null {
  const i = s.lastIndexOf(';');
  if (i <= 0) return null;
  const label = s.slice(0, i).trim();
  const ttc = parseEuros(s.slice(i + 1));
  if (label === '' || ttc === null || ttc <= 0 || !withinAmountBound(ttc)) return null;
  return { label, ttcCents: ttc };
}

/**
 * Lines with their HT (half-up per line) and the totals as for an invoice (RULES.md §0):
 * HT = Σ line HT, VAT = TTC − HT. 1 200,00 + 450,00 + 89,90 € TTC → HT 1 000,00 + 375,00
 * + 74,92 = 1 449,92 €, VAT 289,98 €, TTC 1 739,90 €.
 */
export function quoteTotals(lines: { label: string; ttcCents: Cents }[]): { lines: QuoteLine[]; ttcCents: Cents; htCents: Cents; vatCents: Cents } {
  const out = lines.map((l) => {
    const ht = htFromTtc(l.ttcCents);
    return { label: l.label, ttcCents: l.ttcCents, htCents: ht, vatCents: l.ttcCents - ht };
  });
  const split = splitInvoice(lines);
  return { lines: out, ttcCents: split.ttcCents, htCents: split.htCents, vatCents: split.vatCents };
}

/** `D2027-000001`: the quotes' own gapless series, one per calendar year. */
export function formatQuoteNumber(year: number | string, n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`quote sequence must be a positive integer, got ${n}`);
  return `D${year}-${String(n).padStart(6, '0')}`;
}

/** The `sequences` row of the year's quote series. */
export function quoteSeries(issuedOn: IsoDate): string {
  return `quote:${issuedOn.slice(0, 4)}`;
}

/** The quote series follows the dates: a quote dated before the last one of its year is refused. */
export function quoteDateAllowed(issuedOn: IsoDate, last: { number: string; issuedOn: IsoDate } | null): Decision {
  if (last && issuedOn < last.issuedOn)
    return refused(ART_STUDY, t('pro.refuse.quote_before_last', { date: issuedOn, number: last.number, last: last.issuedOn }));
  return { ok: true, article: ART_STUDY };
}

/** Answering a quote: only a pending one; accepting it not after its validity (art. 5.12.2). */
export function quoteAnswerAllowed(q: { number: string; status: string; validUntil: IsoDate | null }, on: IsoDate, accept: boolean): Decision {
  if (q.status !== 'pending') return refused(ART_STUDY, t('pro.refuse.quote_answered', { number: q.number, status: statusWord(q.status) }));
  if (accept && q.validUntil !== null && on > q.validUntil) return refused(ART_STUDY, t('pro.refuse.quote_expired', { number: q.number, until: q.validUntil }));
  return { ok: true, article: ART_STUDY };
}

/** The works of an accepted quote (the works order) are installed once (art. 5.12.2). */
export function worksDoneAllowed(q: { number: string; status: string }): Decision {
  if (q.status === 'done') return refused(ART_STUDY, t('pro.refuse.works_already_done', { number: q.number }));
  if (q.status !== 'accepted') return refused(ART_STUDY, t('pro.refuse.works_not_ordered', { number: q.number, status: statusWord(q.status) }));
  return { ok: true, article: ART_STUDY };
}

export function isBrick(s: string): s is Brick {
  return (BRICKS as readonly string[]).includes(s);
}

/** The equipment a brick's limits count, if any: access points for wifi_public, switches and routers for lan_security. */
export function equipmentOf(brick: Brick): ('access_points' | 'switches' | 'routers')[] {
  if (brick === 'wifi_public') return ['access_points'];
  if (brick === 'lan_security') return ['switches', 'routers'];
  return [];
}

/** The equipment limits of art. 5.12.3.1, checked on what is declared. */
export function equipmentAllowed(e: { accessPoints: number | null; switches: number | null; routers: number | null }): Decision {
  if (e.accessPoints !== null && e.accessPoints > MAX_ACCESS_POINTS)
    return refused(ART_BRICKS, t('pro.refuse.too_many_access_points', { n: e.accessPoints, max: MAX_ACCESS_POINTS }));
  if (e.switches !== null && e.switches > MAX_SWITCHES) return refused(ART_BRICKS, t('pro.refuse.too_many_switches', { n: e.switches, max: MAX_SWITCHES }));
  if (e.routers !== null && e.routers > MAX_ROUTERS) return refused(ART_BRICKS, t('pro.refuse.too_many_routers', { n: e.routers, max: MAX_ROUTERS }));
  return { ok: true, article: ART_BRICKS };
}

export interface BrickFacts {
  on: IsoDate;
  /** The works the brick goes with: an accepted quote (works order), installed on `doneOn` when done. */
  works: { number: string; status: string; doneOn: IsoDate | null } | null;
  /** The exchange between the member, the club and the technician (art. 5.12.4). */
  agreedOn: IsoDate | null;
  /** A technical study of the member, with its outcome. */
  study: { id: number; result: string | null } | null;
}

/** Last day a brick may be taken on the strength of the works alone: the installation + 3 months. */
export function brickWindowUntil(doneOn: IsoDate): IsoDate {
  return addMonths(doneOn, BRICK_WINDOW_MONTHS);
}

/**
 * Whether a brick may be subscribed on `on` (art. 5.12.4): "en lien direct avec une
 * prestation" (an accepted quote not yet installed) or within 3 months after the
 * installation; beyond, only after an exchange between the member, the club and the
 * technician (`agreedOn`, on or before the date); without works, after a feasible
 * technical study.
 */
export function brickAllowed(f: BrickFacts): Decision<{ basis: BrickBasis }> {
  if (f.works) {
    if (f.works.status !== 'accepted' && f.works.status !== 'done')
      return refused(ART_BRICK_WHEN, t('pro.refuse.works_not_ordered', { number: f.works.number, status: statusWord(f.works.status) }));
    if (f.works.status === 'accepted' || (f.works.doneOn !== null && f.on <= brickWindowUntil(f.works.doneOn)))
      return { ok: true, article: ART_BRICK_WHEN, value: { basis: 'works' } };
  }
  if (f.agreedOn !== null) {
    if (f.agreedOn > f.on) return refused(ART_BRICK_WHEN, t('pro.refuse.agreed_after', { agreed: f.agreedOn, date: f.on }));
    return { ok: true, article: ART_BRICK_WHEN, value: { basis: 'agreed' } };
  }
  if (f.study) {
    if (f.study.result !== 'feasible')
      return refused(ART_BRICK_WHEN, t('pro.refuse.brick_study_not_feasible', { id: f.study.id, result: f.study.result ?? '-' }));
    return { ok: true, article: ART_BRICK_WHEN, value: { basis: 'study' } };
  }
  if (f.works && f.works.doneOn !== null)
    return refused(
      ART_BRICK_WHEN,
      t('pro.refuse.brick_window_passed', { number: f.works.number, done: f.works.doneOn, until: brickWindowUntil(f.works.doneOn), date: f.on }),
    );
  return refused(ART_BRICK_WHEN, t('pro.refuse.brick_no_basis'));
}

/**
 * The last day served of a brick whose removal was requested on `requestedOn` (art. 5.12.5;
 * RULES.md §3 decision): it ends on the first day of the month after the request, so the
 * month of the request is due in full and nothing from the next. A request before the
 * brick's start ends it at the end of its first month (a started month is due).
 */
export function brickEndOn(requestedOn: IsoDate, startOn: IsoDate): IsoDate {
  return lastDayOfMonth(monthOf(requestedOn < startOn ? startOn : requestedOn));
}

/** A brick is removed once (art. 5.12.5). */
export function brickRemovalAllowed(
  b: { brick: string; startOn: IsoDate; requestedEndOn: IsoDate | null },
  requestedOn: IsoDate,
): Decision<{ endOn: IsoDate }> {
  if (b.requestedEndOn !== null) return refused(ART_BRICK_END, t('pro.refuse.brick_already_removed', { brick: b.brick, date: b.requestedEndOn }));
  return { ok: true, article: ART_BRICK_END, value: { endOn: brickEndOn(requestedOn, b.startOn) } };
}

/**
 * What a brick costs month by month from its start through `upTo` (or its end): the
 * monthly run's arithmetic for options (in advance, first month prorated, the month of
 * the end in full). 60,00 € from 10/03/2027 → 42,58 € for March (6000 × 22/31).
 */
export function brickMonths(b: { priceCents: Cents; startOn: IsoDate; endOn: IsoDate | null }, upTo: string): { month: string; cents: Cents }[] {
  const last = b.endOn !== null && monthOf(b.endOn) < upTo ? monthOf(b.endOn) : upTo;
  return monthsFromTo(monthOf(b.startOn), last).map((month) => ({ month, cents: periodAmount(b.priceCents, 1, b.startOn, month) }));
}

// ---------------------------------------------------------------------------------------
// Half-yearly maintenance reports (art. 5.12.3.1)

/** The bricks whose description lists a « Rapport semestriel » (art. 5.12.3.1): Wi-Fi public, workstation, servers. */
export const REPORTED_BRICKS: readonly Brick[] = ['wifi_public', 'workstation', 'servers'];
/** A report every six months. */
export const REPORT_MONTHS = 6;

export interface ReportPeriod {
  /** The half-year's rank from the brick's start (1, 2, …). */
  period: number;
  from: IsoDate;
  to: IsoDate;
  /** The day after the half-year: the report is late from the day after. */
  due_on: IsoDate;
}

/** The k-th half-year of a brick started on `startOn`. */
export function reportPeriod(startOn: IsoDate, k: number): ReportPeriod {
  const dueOn = addMonths(startOn, REPORT_MONTHS * k);
  return { period: k, from: addMonths(startOn, REPORT_MONTHS * (k - 1)), to: addDays(dueOn, -1), due_on: dueOn };
}

/** From when a half-year's report is expected (and may be recorded): its last month (RULES.md §3 decision). */
const reportWindowFrom = (p: ReportPeriod): IsoDate => addMonths(p.due_on, -1);

/** A half-year is owed when the brick was in force through it (an ended brick owes only the half-years it completed). */
const owed = (b: { endOn: IsoDate | null }, p: ReportPeriod): boolean => b.endOn === null || p.to <= b.endOn;

/**
 * The reports a brick owes on `on` (art. 5.12.3.1), `reported` being those already received
 * (they answer the half-years in order): each half-year from its last month (`late: false`)
 * and past its end (`late: true`).
 */
export function brickReportsOwed(
  b: { brick: Brick; startOn: IsoDate; endOn: IsoDate | null },
  reported: number,
  on: IsoDate,
): (ReportPeriod & { late: boolean })[] {
  if (!REPORTED_BRICKS.includes(b.brick)) return [];
  const out: (ReportPeriod & { late: boolean })[] = [];
  for (let k = reported + 1; ; k++) {
    const p = reportPeriod(b.startOn, k);
    if (reportWindowFrom(p) > on || !owed(b, p)) break;
    out.push({ ...p, late: on > p.due_on });
  }
  return out;
}

/** Recording a report dated `on`: it answers the next half-year, from that half-year's last month (art. 5.12.3.1). */
export function brickReportAllowed(b: { brick: Brick; startOn: IsoDate; endOn: IsoDate | null }, reported: number, on: IsoDate): Decision<ReportPeriod> {
  if (!REPORTED_BRICKS.includes(b.brick)) return refused(ART_BRICKS, t('pro.refuse.report_brick', { brick: b.brick, list: REPORTED_BRICKS.join(', ') }));
  const p = reportPeriod(b.startOn, reported + 1);
  if (!owed(b, p)) return refused(ART_BRICKS, t('pro.refuse.report_none_owed', { brick: b.brick, end: fmtDate(b.endOn ?? '') }));
  if (on < reportWindowFrom(p)) {
    return refused(
      ART_BRICKS,
      t('pro.refuse.report_early', { period: p.period, from: fmtDate(p.from), to: fmtDate(p.to), date: fmtDate(reportWindowFrom(p)) }),
    );
  }
  return { ok: true, article: ART_BRICKS, value: p };
}
