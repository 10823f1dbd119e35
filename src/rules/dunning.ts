/**
 * Non-payment (art. 7.3.8; RULES.md §6): first formal notice → suspension when still
 * unpaid 8 days after the notice's date → second formal notice → termination when still
 * unpaid 8 days after it. Pure: the late amount (from the ledger) and the procedure's
 * steps come in as arguments.
 *
 * Decisions where the contract is silent:
 * - a formal notice gives the member until its date + 8 days to pay ("à compter de sa date
 *   d'établissement": the 8 days counted from the day after it) — the date the letter prints
 *   ("au plus tard le …", `noticeDeadline`); the next step is possible from the day after
 *   that deadline, never on it (`stepPossibleFrom`, issue 21);
 * - the second notice may be sent the day of the suspension (the contract sets no delay);
 * - the procedure closes, and a suspended member is reinstated, when nothing is late any
 *   more (what the notices claimed and anything that became late since); a disputed amount
 *   is not late (art. 7.3.6);
 * - a member whose contract has ended is not dunned further (the debt stays on the ledger).
 */
import { addDays, maxDate, type IsoDate } from './dates.js';
import { firstDayLate } from './invoices.js';

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
  /**
   * The open procedure's steps so far, in order; null when none is open. A formal notice's
   * `deadlineOn` is the date its letter printed (stored with the step); without it,
   * `noticeDeadline(on)`.
   */
  steps: { step: DunningStep; on: IsoDate; deadlineOn?: IsoDate | null }[] | null;
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
    const firstLate = s.oldestLatePayBy ? firstDayLate(s.oldestLatePayBy) : on;
    return { action: 'first_notice', possibleOn: firstLate, due: firstLate <= on };
  }
  const last = s.steps!.at(-1)!;
  let action: DunningStep;
  let possibleOn: IsoDate;
  switch (last.step) {
    case 'first_notice':
      action = 'suspension';
      possibleOn = stepPossibleFrom(last.deadlineOn ?? noticeDeadline(last.on));
      break;
    case 'suspension':
      action = 'second_notice';
      possibleOn = last.on;
      break;
    case 'second_notice':
      action = 'termination';
      possibleOn = stepPossibleFrom(last.deadlineOn ?? noticeDeadline(last.on));
      break;
    case 'termination':
      return null;
  }
  possibleOn = maxDate(possibleOn, last.on);
  return { action, possibleOn, due: possibleOn <= on };
}

/**
 * The last day a formal notice gives to pay: its date + 8 days. The letter prints it ("au
 * plus tard le …"), the step stores it (`dunning_steps.deadline_on`).
 */
export function noticeDeadline(noticeOn: IsoDate): IsoDate {
  return addDays(noticeOn, NOTICE_DAYS);
}

/** The first day the step after a notice may be taken: the day after the deadline its letter printed. */
export function stepPossibleFrom(deadline: IsoDate): IsoDate {
  return addDays(deadline, 1);
}

/** "Under a recovery procedure" (RULES.md §6): an outstanding second formal notice. */
export function isUnderRecovery(steps: { step: DunningStep; on: IsoDate }[] | null, on: IsoDate): boolean {
  return !!steps && steps.some((x) => x.step === 'second_notice' && x.on <= on);
}
