/**
 * Non-payment (art. 7.3.8; RULES.md §6): first formal notice → suspension when still
 * unpaid 8 days after the notice's date → second formal notice → termination when still
 * unpaid 8 days after it. Pure: the late amount (from the ledger) and the procedure's
 * steps come in as arguments.
 *
 * Decisions where the contract is silent:
 * - a step becomes possible on the notice's date + 8 days (the 8 days counted from the
 *   day after the notice, "à compter de sa date d'établissement");
 * - the second notice may be sent the day of the suspension (the contract sets no delay);
 * - the procedure closes, and a suspended member is reinstated, when nothing is late any
 *   more (what the notices claimed and anything that became late since); a disputed amount
 *   is not late (art. 7.3.6);
 * - a member whose contract has ended is not dunned further (the debt stays on the ledger).
 */
import { addDays, maxDate, type IsoDate } from './dates.js';

export const ART_NON_PAYMENT = '7.3.8';
/** A formal notice left without effect for 8 days (art. 7.3.8). */
export const NOTICE_DAYS = 8;

export type DunningStep = 'first_notice' | 'suspension' | 'second_notice' | 'termination';
export type DunningAction = DunningStep | 'reinstatement';

export interface DunningState {
  /** Uncontested amount past its pay-by on the date (ledger `lateCents`). */
  lateCents: number;
  /** The earliest pay-by among the late invoices. */
  oldestLatePayBy: IsoDate | null;
  /** The open procedure's steps so far, in order; null when none is open. */
  steps: { step: DunningStep; on: IsoDate }[] | null;
  /** The contract has ended (or the member is terminated). */
  ended: boolean;
}

export interface NextStep {
  action: DunningAction;
  /** The first day it may be taken. */
  possibleOn: IsoDate;
  /** Possible on the date asked. */
  due: boolean;
}

/** The next step of the procedure on `on`, or null when there is nothing to do. */
export function nextDunningStep(s: DunningState, on: IsoDate): NextStep | null {
  if (s.ended) return null;
  const open = s.steps !== null;
  if (s.lateCents <= 0) return open ? { action: 'reinstatement', possibleOn: on, due: true } : null;
  if (!open || s.steps!.length === 0) {
    const firstLate = s.oldestLatePayBy ? addDays(s.oldestLatePayBy, 1) : on;
    return { action: 'first_notice', possibleOn: firstLate, due: firstLate <= on };
  }
  const last = s.steps!.at(-1)!;
  let action: DunningStep;
  let possibleOn: IsoDate;
  switch (last.step) {
    case 'first_notice':
      action = 'suspension';
      possibleOn = addDays(last.on, NOTICE_DAYS);
      break;
    case 'suspension':
      action = 'second_notice';
      possibleOn = last.on;
      break;
    case 'second_notice':
      action = 'termination';
      possibleOn = addDays(last.on, NOTICE_DAYS);
      break;
    case 'termination':
      return null;
  }
  possibleOn = maxDate(possibleOn, last.on);
  return { action, possibleOn, due: possibleOn <= on };
}

/** The 8-day deadline a formal notice gives (the first day the next step may be taken). */
export function noticeDeadline(noticeOn: IsoDate): IsoDate {
  return addDays(noticeOn, NOTICE_DAYS);
}

/** "Under a recovery procedure" (RULES.md §6): an outstanding second formal notice. */
export function isUnderRecovery(steps: { step: DunningStep; on: IsoDate }[] | null, on: IsoDate): boolean {
  return !!steps && steps.some((x) => x.step === 'second_notice' && x.on <= on);
}
