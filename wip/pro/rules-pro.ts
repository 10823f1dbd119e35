/**
 * Univers Pro (art. 5.12; RULES.md §3 "Univers Pro"). Pure: who may order, study outcomes,
 * quote lines and totals (TTC reference, HT per line as for invoices), when a maintenance
 * brick may be taken, its equipment limits, and what the monthly run bills for it
 * (in advance, first month prorated by calendar days, the month of the removal request
 * due in full, nothing after). Messages come from the catalogue (namespace `pro`).
 */
import { t } from '../i18n/index.js';
import { addMonths, daysInMonth, lastDayOfMonth, monthOf, type IsoDate } from './dates.js';
import { refused, type Decision } from './decision.js';
import { divRoundHalfUp, htFromTtc, parseEuros, splitInvoice, type Cents } from './money.js';

/** Univers Pro is for company members (art. 5.12). */
export const ART_PRO = '5.12';
/** A technical study conditions the works; a quote follows it (art. 5.12.2). */
export const ART_STUDY = '5.12.2';
/** The maintenance bricks and their equipment limits (art. 5.12.3.1). */
export const ART_BRICKS = '5.12.3.1';
/** When a brick may be subscribed (art. 5.12.4). */
export const ART_BRICK_WHEN = '5.12.4';
/** A brick's termination: the month after the request, every started month due (art. 5.12.5). */
export const ART_BRICK_END = '5.12.5';
/** Prorated first month (art. 7.3.4; RULES.md §6 decision). */
export const ART_PRORATA = '7.3.4';

export const PRO_SERVICES = ['wifi_public', 'security', 'network', 'server', 'fleet'] as const;
export type ProService = (typeof PRO_SERVICES)[number];

export const STUDY_RESULTS = ['feasible', 'not_feasible', 'needs_specialist'] as const;
export type StudyResult = (typeof STUDY_RESULTS)[number];

export const QUOTE_STATUSES = ['pending', 'accepted', 'refused', 'done'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

export const BRICKS = ['wifi_public', 'workstation', 'servers', 'lan_security', 'video_conference', 'server_backup'] as const;
export type Brick = (typeof BRICKS)[number];

/** Equipment limits of art. 5.12.3.1. */
export const MAX_ACCESS_POINTS = 3;
export const MAX_SWITCHES = 2;
export const MAX_ROUTERS = 2;
/** A brick may be taken within 3 months after the installation (art. 5.12.4). */
export const BRICK_WINDOW_MONTHS = 3;

export function isCompany(kind: string): boolean {
  return kind === 'company';
}

/** Art. 5.12: a company member whose contract is not terminated. */
export function proAllowed(m: { memberNo: string; kind: string; status: string }): Decision {
  if (!isCompany(m.kind)) return refused(ART_PRO, t('pro.refuse.not_company', { no: m.memberNo }));
  if (m.status === 'terminated') return refused(ART_PRO, t('pro.refuse.terminated', { no: m.memberNo }));
  return { ok: true, article: ART_PRO };
}

/** `wifi_public,security` → the services, or the unknown names. */
export function parseServices(s: string): { services: ProService[]; unknown: string[] } {
  const parts = s.split(/[,|]/).map((x) => x.trim()).filter((x) => x !== '');
  const services: ProService[] = [];
  const unknown: string[] = [];
  for (const p of parts) {
    if ((PRO_SERVICES as readonly string[]).includes(p)) {
      if (!services.includes(p as ProService)) services.push(p as ProService);
    } else unknown.push(p);
  }
  return { services, unknown };
}

/** A study's outcome is recorded once; "needs a specialist" may later become feasible or not (art. 5.12.2). */
export function studyResultAllowed(current: string | null, id: number): Decision {
  if (current === null || current === 'needs_specialist') return { ok: true, article: ART_STUDY };
  return refused(ART_STUDY, t('pro.refuse.study_result_final', { id, result: current }));
}

/** A quote follows a study of the same member whose outcome allows the works (art. 5.12.2). */
export function quoteAllowed(study: { id: number; result: string | null }): Decision {
  if (study.result === null) return refused(ART_STUDY, t('pro.refuse.study_no_result', { id: study.id }));
  if (study.result === 'not_feasible') return refused(ART_STUDY, t('pro.refuse.study_not_feasible', { id: study.id }));
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
  if (label === '' || ttc === null || ttc <= 0) return null;
  return { label, ttcCents: ttc };
}

/** Lines with their HT (half-up per line) and the totals: HT = Σ line HT, VAT = TTC − HT (RULES.md §0). */
export function quoteTotals(lines: { label: string; ttcCents: Cents }[]): { lines: QuoteLine[]; ttcCents: Cents; htCents: Cents; vatCents: Cents } {
  const out = lines.map((l) => {
    const ht = htFromTtc(l.ttcCents);
    return { label: l.label, ttcCents: l.ttcCents, htCents: ht, vatCents: l.ttcCents - ht };
  });
  const split = splitInvoice(lines);
  return { lines: out, ttcCents: split.ttcCents, htCents: split.htCents, vatCents: split.vatCents };
}

/** `D2027-000001`: the quotes' own gapless series, one per year. */
export function formatQuoteNumber(year: number | string, n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`quote sequence must be a positive integer, got ${n}`);
  return `D${year}-${String(n).padStart(6, '0')}`;
}

export function quoteSeries(issuedOn: IsoDate): string {
  return `quote:${issuedOn.slice(0, 4)}`;
}

/** The quote series is chronological: a quote dated before the last one of its year is refused. */
export function quoteDateAllowed(issuedOn: IsoDate, last: { number: string; issuedOn: IsoDate } | null): Decision {
  if (last && issuedOn < last.issuedOn) return refused(ART_STUDY, t('pro.refuse.quote_before_last', { date: issuedOn, number: last.number, last: last.issuedOn }));
  return { ok: true, article: ART_STUDY };
}

/** Answering a quote: only a pending one, not after its validity (art. 5.12.2). */
export function quoteAnswerAllowed(q: { number: string; status: string; validUntil: IsoDate | null; issuedOn: IsoDate }, on: IsoDate, accept: boolean): Decision {
  if (q.status !== 'pending') return refused(ART_STUDY, t('pro.refuse.quote_answered', { number: q.number, status: q.status }));
  if (accept && q.validUntil !== null && on > q.validUntil) return refused(ART_STUDY, t('pro.refuse.quote_expired', { number: q.number, until: q.validUntil }));
  return { ok: true, article: ART_STUDY };
}

/** The works of an accepted quote (the works order) are installed once (art. 5.12.2). */
export function worksDoneAllowed(q: { number: string; status: string }): Decision {
  if (q.status === 'done') return refused(ART_STUDY, t('pro.refuse.works_already_done', { number: q.number }));
  if (q.status !== 'accepted') return refused(ART_STUDY, t('pro.refuse.works_not_ordered', { number: q.number, status: q.status }));
  return { ok: true, article: ART_STUDY };
}

export interface BrickFacts {
  brick: Brick;
  on: IsoDate;
  /** The works the brick goes with: an accepted quote (works order), installed on `doneOn` when done. */
  works: { number: string; status: string; doneOn: IsoDate | null } | null;
  /** The exchange between the member, the club and the technician (art. 5.12.4). */
  agreedOn: IsoDate | null;
  /** A technical study of the member, with its outcome. */
  study: { id: number; result: string | null } | null;
  accessPoints: number | null;
  switches: number | null;
  routers: number | null;
}

/** Last day a brick may be taken without an exchange or a study: the installation + 3 months. */
export function brickWindowUntil(doneOn: IsoDate): IsoDate {
  return addMonths(doneOn, BRICK_WINDOW_MONTHS);
}

/**
 * Whether a brick may be subscribed on `on` (art. 5.12.3.1, 5.12.4): with a works order or
 * within 3 months after the installation; beyond, or without works, only after an exchange
 * (`agreedOn`, on or before the date) or a feasible technical study.
 */
export function brickAllowed(f: BrickFacts): Decision<{ basis: 'works' | 'agreed' | 'study' }> {
  if (f.accessPoints !== null && f.brick !== 'wifi_public') return refused(ART_BRICKS, t('pro.refuse.equipment_not_for', { what: 'access points', brick: f.brick }));
  if ((f.switches !== null || f.routers !== null) && f.brick !== 'lan_security') return refused(ART_BRICKS, t('pro.refuse.equipment_not_for', { what: 'switches/routers', brick: f.brick }));
  if (f.accessPoints !== null && f.accessPoints > MAX_ACCESS_POINTS) return refused(ART_BRICKS, t('pro.refuse.too_many', { n: f.accessPoints, what: 'access points', max: MAX_ACCESS_POINTS }));
  if (f.switches !== null && f.switches > MAX_SWITCHES) return refused(ART_BRICKS, t('pro.refuse.too_many', { n: f.switches, what: 'switches', max: MAX_SWITCHES }));
  if (f.routers !== null && f.routers > MAX_ROUTERS) return refused(ART_BRICKS, t('pro.refuse.too_many', { n: f.routers, what: 'routers', max: MAX_ROUTERS }));
  if (f.works) {
    if (f.works.status !== 'accepted' && f.works.status !== 'done') return refused(ART_BRICK_WHEN, t('pro.refuse.works_not_ordered', { number: f.works.number, status: f.works.status }));
    if (f.works.status === 'accepted' || (f.works.doneOn !== null && f.on <= brickWindowUntil(f.works.doneOn))) return { ok: true, article: ART_BRICK_WHEN, value: { basis: 'works' } };
  }
  if (f.agreedOn !== null) {
    if (f.agreedOn > f.on) return refused(ART_BRICK_WHEN, t('pro.refuse.agreed_after', { agreed: f.agreedOn, date: f.on }));
    return { ok: true, article: ART_BRICK_WHEN, value: { basis: 'agreed' } };
  }
  if (f.study) {
    if (f.study.result !== 'feasible') return refused(ART_BRICK_WHEN, t('pro.refuse.brick_study_not_feasible', { id: f.study.id, result: f.study.result ?? '-' }));
    return { ok: true, article: ART_BRICK_WHEN, value: { basis: 'study' } };
  }
  if (f.works && f.works.doneOn !== null) {
    return refused(ART_BRICK_WHEN, t('pro.refuse.brick_window_passed', { number: f.works.number, done: f.works.doneOn, until: brickWindowUntil(f.works.doneOn), date: f.on }));
  }
  return refused(ART_BRICK_WHEN, t('pro.refuse.brick_no_basis'));
}

/**
 * The last day of a brick whose removal was requested on `requestedOn` (art. 5.12.5;
 * RULES.md §3 decision): the end of the month of the request — that month is due in full,
 * nothing from the next.
 */
export function brickEndOn(requestedOn: IsoDate): IsoDate {
  return lastDayOfMonth(monthOf(requestedOn));
}

export interface BilledBrick {
  priceCents: Cents;
  startOn: IsoDate;
  /** Last day served (end of the month of the removal request), null while in force. */
  endOn: IsoDate | null;
  /** The contract's last day (termination ends every brick with it, art. 10.4), null while in force. */
  contractEndOn?: IsoDate | null;
}

/**
 * What the monthly run bills for a brick for `month` (`YYYY-MM`), in advance like an
 * option (art. 7.3.1, 7.3.4): null when the brick is not in force that month; the first
 * month `round(price × days from start to month end, both inclusive / days in month)`;
 * every later month in full, up to and including the month of its end.
 * 60,00 € from 10/03/2027 → 42,58 € for March (22/31).
 */
export function brickChargeForMonth(b: BilledBrick, month: string): { cents: Cents; prorated: boolean; days: number; daysInMonth: number } | null {
  const end = [b.endOn, b.contractEndOn ?? null].filter((x): x is string => x !== null).sort()[0] ?? null;
  if (month < monthOf(b.startOn)) return null;
  if (end !== null && (month > monthOf(end) || end < b.startOn)) return null;
  const dim = daysInMonth(month);
  if (month === monthOf(b.startOn)) {
    const days = dim - Number(b.startOn.slice(8, 10)) + 1;
    return { cents: divRoundHalfUp(b.priceCents * days, dim), prorated: days !== dim, days, daysInMonth: dim };
  }
  return { cents: b.priceCents, prorated: false, days: dim, daysInMonth: dim };
}

/** Months billed for a brick from its start through `upTo` (inclusive), for the run's catch-up. */
export function brickMonthsThrough(b: BilledBrick, upTo: string): { month: string; cents: Cents }[] {
  const out: { month: string; cents: Cents }[] = [];
  let m = monthOf(b.startOn);
  while (m <= upTo) {
    const c = brickChargeForMonth(b, m);
    if (c === null) break;
    out.push({ month: m, cents: c.cents });
    const [y, mm] = m.split('-').map(Number) as [number, number];
    m = mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
  }
  return out;
}

/** A brick may be removed once, on a request dated on or after its start (art. 5.12.5). */
export function brickRemovalAllowed(b: { brick: string; startOn: IsoDate; requestedEndOn: IsoDate | null }, requestedOn: IsoDate): Decision<{ endOn: IsoDate }> {
  if (b.requestedEndOn !== null) return refused(ART_BRICK_END, t('pro.refuse.brick_already_removed', { brick: b.brick, date: b.requestedEndOn }));
  return { ok: true, article: ART_BRICK_END, value: { endOn: brickEndOn(requestedOn < b.startOn ? b.startOn : requestedOn) } };
}
