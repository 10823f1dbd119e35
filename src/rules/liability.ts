/**
 * Liability cap (art. 11.1), complaints (art. 13), data-rights requests and data retention
 * (annex 5). Pure: dates and amounts come in as arguments.
 */
import { addDays, addMonths, type IsoDate } from './dates.js';
import { refused, type Decision } from './decision.js';
import { formatEuros as eur, type Cents } from './money.js';
import type { DataRight, DataRightAnswer } from './enums.js';
import { t } from '../i18n/index.js';
import { fmtDate, fmtEnum } from '../i18n/format.js';

export const ART_LIABILITY = '11.1';
export const ART_COMPLAINTS = '13';
export const ART_DATA = 'annex 5';
/** Per incident: the amount invoiced in the 6 months before it. */
export const INCIDENT_MONTHS = 6;
/** Per calendar year, all incidents together: the amount invoiced in the 9 months before the last one. */
export const ANNUAL_MONTHS = 9;
/**
 * A complaint is handled within one month of its receipt (art. 13); a data-rights request is
 * answered within one month of its receipt (annex 5, « Comment exercer vos droits »).
 */
export const ANSWER_MONTHS = 1;
/** Contract data kept at most 3 years after the end of the relationship (annex 5). */
export const RETENTION_YEARS = 3;

export interface Window {
  from: IsoDate;
  to: IsoDate;
}

/** "In the N months before the event": from the same day N months earlier to the day before. */
export function monthsBefore(event: IsoDate, months: number): Window {
  return { from: addMonths(event, -months), to: addDays(event, -1) };
}

export interface CapPlan {
  incident: IsoDate;
  incidentWindow: Window;
  year: number;
  /** The last incident of that calendar year among those given. */
  lastIncident: IsoDate;
  annualWindow: Window;
}

/** The windows of art. 11.1 for an incident, with the other incidents of its calendar year. */
export function capWindows(incident: IsoDate, others: readonly IsoDate[] = []): CapPlan {
  const year = Number(incident.slice(0, 4));
  const sameYear = [incident, ...others].filter((d) => Number(d.slice(0, 4)) === year).sort();
  const last = sameYear.at(-1)!;
  return {
    incident,
    incidentWindow: monthsBefore(incident, INCIDENT_MONTHS),
    year,
    lastIncident: last,
    annualWindow: monthsBefore(last, ANNUAL_MONTHS),
  };
}

/**
 * The one-month clock shared by complaints (art. 13) and data-rights requests (annex 5): the
 * answer is due the same day of the next month (the month's last day when it has none).
 */
export function answerDueOn(receivedOn: IsoDate): IsoDate {
  return addMonths(receivedOn, ANSWER_MONTHS);
}

/** Late: not answered and the due day is past. */
export function answerOverdue(c: { dueOn: IsoDate; closedOn: IsoDate | null }, on: IsoDate): boolean {
  return c.closedOn === null && on > c.dueOn;
}

/** The answers that fulfil each right (annex 5): `refused` and `done` answer any request. */
const ANSWER_FITS: Record<DataRightAnswer, readonly DataRight[] | 'any'> = {
  export: ['access', 'portability'],
  edit: ['rectification'],
  purge: ['erasure'],
  refused: 'any',
  done: 'any',
};

/**
 * May a data-rights request be answered so (annex 5)? The export answers access and
 * portability, an edit rectification, the purge erasure — and the purge only once the
 * contract data may be erased (`purgeableFrom`: more than 3 years after the end; null while
 * the contract runs or has not ended).
 */
export function checkRightsAnswer(kind: DataRight, action: DataRightAnswer, f: { on: IsoDate; purgeableFrom: IsoDate | null }): Decision {
  const fits = ANSWER_FITS[action];
  if (fits !== 'any' && !fits.includes(kind))
    return refused(ART_DATA, t('refusals.rights_answer_mismatch', { action: fmtEnum('data_right_answer', action), kind: fmtEnum('data_right', kind) }));
  if (action === 'purge') {
    if (f.purgeableFrom === null) return refused(ART_DATA, t('refusals.rights_erasure_running', { years: RETENTION_YEARS }));
    if (f.on < f.purgeableFrom) return refused(ART_DATA, t('refusals.rights_erasure_early', { date: fmtDate(f.purgeableFrom), years: RETENTION_YEARS }));
  }
  return { ok: true, article: ART_DATA };
}

/**
 * A member's contract data may be erased once the relationship ended more than 3 years
 * ago (annex 5): the end is the termination's effective date; "more than 3 years" = from
 * the day after its third anniversary.
 */
export function purgeableFrom(endedOn: IsoDate): IsoDate {
  return addDays(addMonths(endedOn, RETENTION_YEARS * 12), 1);
}

/** The calendar year's window (art. 11.1): the 9 months before the last incident compensated that year. */
export function annualWindow(incidents: readonly IsoDate[]): { lastIncident: IsoDate; window: Window } {
  const last = [...incidents].sort().at(-1)!;
  return { lastIncident: last, window: monthsBefore(last, ANNUAL_MONTHS) };
}

export interface CompensationFacts {
  amountCents: Cents;
  incidentOn: IsoDate;
  paidOn: IsoDate;
  /** Invoiced in the 6 months before the incident. */
  incidentCapCents: Cents;
  /** Already paid for the same incident. */
  paidForIncidentCents: Cents;
  /** Invoiced in the 9 months before the last incident compensated in the year of `paidOn` (this one included). */
  annualCapCents: Cents;
  /** Already paid in the calendar year of `paidOn`, all incidents together. */
  paidInYearCents: Cents;
}

/**
 * Damages actually paid (art. 11.1): for an incident that happened by the payment, within
 * the incident's cap (what was invoiced in the 6 months before it) and, all incidents
 * together, within the cap of the calendar year the damages are paid in ("versés au cours
 * d'une année civile": what was invoiced in the 9 months before the last incident).
 */
export function checkCompensation(f: CompensationFacts): Decision<{ incidentLeftCents: Cents; annualLeftCents: Cents }> {
  if (f.amountCents <= 0) return refused(ART_LIABILITY, t('damages.refused.amount'));
  if (f.incidentOn > f.paidOn) return refused(ART_LIABILITY, t('damages.refused.future_incident', { incident: f.incidentOn, date: f.paidOn }));
  const incidentLeft = Math.max(0, f.incidentCapCents - f.paidForIncidentCents);
  if (f.amountCents > incidentLeft)
    return refused(
      ART_LIABILITY,
      t('damages.refused.incident_cap', { amount: eur(f.amountCents), incident: f.incidentOn, cap: eur(f.incidentCapCents), left: eur(incidentLeft) }),
    );
  const annualLeft = Math.max(0, f.annualCapCents - f.paidInYearCents);
  if (f.amountCents > annualLeft)
    return refused(
      ART_LIABILITY,
      t('damages.refused.annual_cap', { amount: eur(f.amountCents), year: f.paidOn.slice(0, 4), cap: eur(f.annualCapCents), left: eur(annualLeft) }),
    );
  return { ok: true, article: ART_LIABILITY, value: { incidentLeftCents: incidentLeft - f.amountCents, annualLeftCents: annualLeft - f.amountCents } };
}
