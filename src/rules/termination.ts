/**
 * The end of a membership (RULES.md §7; art. 10, 11.3, 3.4, 7.3.8) and its consequences
 * (art. 10.4). Pure: the dates and the member's state come in as arguments.
 *
 * Vocabulary: the *effective date* is the first day without a contract. Every service and
 * option ends that day, nothing new may start on or after it, the member's status is
 * `terminated` from it; its month is billed in full and nothing after it (art. 7.3.4,
 * 10.4: direct debits stop from the following month).
 */
import { t } from '../i18n/index.js';
import { addDays, addMonths, maxDate, monthOf, type IsoDate } from './dates.js';
import { refused, type Decision } from './decision.js';
import { noticeDeadline, NOTICE_DAYS, stepPossibleFrom } from './dunning.js';
import type { OptionCode, TerminationReason } from './enums.js';

export const ART_MEMBER_REQUEST = '10.3.1';
export const ART_OPTIONS_BY_MAIL = '10.3.2';
export const ART_NO_ORANGE = '10.1';
export const ART_BREACH = '10.2';
export const ART_INCOMPATIBLE = '3.4';
export const ART_UNPAID = '7.3.8';
export const ART_FORCE_MAJEURE = '11.3';
export const ART_CONSEQUENCES = '10.4';

/** Days between the letter (or notice) and the effective date, per cause (RULES.md §7 table). */
export const MEMBER_REQUEST_DAYS = 10;
export const BREACH_NOTICE_DAYS = 7;
export const UNPAID_NOTICE_DAYS = NOTICE_DAYS;
export const FORCE_MAJEURE_LETTER_DAYS = 8;
/** Force majeure must last longer than 7 consecutive days (art. 11.3). */
export const FORCE_MAJEURE_MIN_DAYS = 7;
/** The Parnasse mailbox stays readable free of charge for 6 months (art. 10.4). */
export const MAIL_ACCESS_MONTHS = 6;

/**
 * The options a member may end by a simple e-mail without ending the contract (art. 10.3.2).
 * Decision (issue 21): « La solution Ma Messagerie Mail » covers the options that complete
 * it (art. 5.7.1: « Messagerie Mail Supplémentaire », « Pack 5 / Pack 10 Messageries Mails »).
 */
export const OPTIONS_ENDED_BY_MAIL: readonly OptionCode[] = [
  'mail',
  'extra_mailbox',
  'mailbox_pack_5',
  'mailbox_pack_10',
  'office_assistance',
  'bitdefender',
  'extra_site',
  'concierge_privilege',
];

export const ARTICLE_OF_REASON: Record<TerminationReason, string> = {
  member_request: ART_MEMBER_REQUEST,
  orange_lost: ART_NO_ORANGE,
  breach: ART_BREACH,
  incompatible_offer: ART_INCOMPATIBLE,
  unpaid: ART_UNPAID,
  force_majeure: ART_FORCE_MAJEURE,
};

export type Requester = 'member' | 'delegate' | 'parnasse';
/** Who asked, as recorded: a delegate never terminates (art. 10.3.1). */
export type Party = 'member' | 'parnasse';

export interface TerminationRequest {
  reason: TerminationReason;
  /** The day the Desk records it. */
  on: IsoDate;
  /** Who asks; default: the member for member_request, Parnasse otherwise. */
  by?: Requester;
  /** member_request: receipt of the registered letter; breach: the formal notice; force_majeure: the letter. */
  noticeDate?: IsoDate | null;
  /** force_majeure: the first day of the impediment. */
  since?: IsoDate | null;
  /** orange_lost: the day the last Orange subscription ended (default: `on`). */
  lastSubscriptionEndedOn?: IsoDate | null;
  /** unpaid: the date of the second formal notice, if any. */
  secondNoticeOn?: IsoDate | null;
}

export interface MemberState {
  status: string;
  contractStart: IsoDate;
  /** The effective date of a termination already recorded (not withdrawn), if any. */
  terminationEffectiveOn: IsoDate | null;
}

export interface TerminationPlan {
  reason: TerminationReason;
  article: string;
  by: Party;
  requestedOn: IsoDate;
  noticeDate: IsoDate | null;
  since: IsoDate | null;
  effectiveOn: IsoDate;
  /** The month of the effective date, billed in full; nothing after it (art. 7.3.4, 10.4). */
  lastBilledMonth: string;
  /** The mailbox stays readable until this day (effective date + 6 months, art. 10.4). */
  mailAccessUntil: IsoDate;
  /** Incompatible offer: no refund or indemnity (art. 3.4). */
  refund: boolean;
}

const defaultParty = (reason: TerminationReason): Requester => (reason === 'member_request' ? 'member' : 'parnasse');

/**
 * Judges a termination and computes its effective date (RULES.md §7 table). The effective
 * date is never before the day it is recorded for the causes that need a letter to run
 * its course ("at the earliest"), and never before the contract start.
 */
export function planTermination(req: TerminationRequest, m: MemberState): Decision<TerminationPlan> {
  const article = ARTICLE_OF_REASON[req.reason];
  if (m.terminationEffectiveOn) return refused(ART_CONSEQUENCES, t('termination.refuse.already', { date: m.terminationEffectiveOn }));
  if (m.status === 'terminated') return refused(ART_CONSEQUENCES, t('termination.refuse.already_terminated'));
  if (req.on < m.contractStart) return refused('6', t('termination.refuse.before_start', { date: req.on, start: m.contractStart }));
  const by = req.by ?? defaultParty(req.reason);
  if (by === 'delegate') return refused(ART_MEMBER_REQUEST, t('termination.refuse.delegate'));
  if (req.noticeDate && req.noticeDate < m.contractStart)
    return refused('6', t('termination.refuse.notice_before_start', { date: req.noticeDate, start: m.contractStart }));
  if (req.noticeDate && req.noticeDate > req.on) return refused(article, t('termination.refuse.notice_after', { notice: req.noticeDate, date: req.on }));

  let effectiveOn: IsoDate;
  let party: Party;
  switch (req.reason) {
    case 'member_request': {
      if (by !== 'member') return refused(ART_MEMBER_REQUEST, t('termination.refuse.member_only'));
      if (!req.noticeDate) return refused(ART_MEMBER_REQUEST, t('termination.refuse.need_receipt'));
      effectiveOn = addDays(req.noticeDate, MEMBER_REQUEST_DAYS);
      party = 'member';
      break;
    }
    case 'orange_lost': {
      effectiveOn = req.lastSubscriptionEndedOn ?? req.on;
      party = 'parnasse';
      break;
    }
    case 'breach': {
      if (by !== 'parnasse') return refused(ART_BREACH, t('termination.refuse.parnasse_only'));
      if (!req.noticeDate) return refused(ART_BREACH, t('termination.refuse.need_notice'));
      // "at the earliest": recorded sooner, it is pending until then (withdrawn if the member complies);
      // the member may comply on the notice's last day: the contract ends the day after it
      effectiveOn = maxDate(req.on, stepPossibleFrom(breachDeadline(req.noticeDate)));
      party = 'parnasse';
      break;
    }
    case 'incompatible_offer': {
      if (by !== 'parnasse') return refused(ART_INCOMPATIBLE, t('termination.refuse.parnasse_only'));
      effectiveOn = req.on;
      party = 'parnasse';
      break;
    }
    case 'unpaid': {
      if (by !== 'parnasse') return refused(ART_UNPAID, t('termination.refuse.parnasse_only'));
      if (!req.secondNoticeOn) return refused(ART_UNPAID, t('termination.refuse.no_second_notice'));
      // the day after the deadline the letter printed, as the dunning's own step (rules/dunning.ts)
      const earliest = stepPossibleFrom(noticeDeadline(req.secondNoticeOn));
      if (req.on < earliest)
        return refused(ART_UNPAID, t('termination.refuse.too_early', { notice: req.secondNoticeOn, days: UNPAID_NOTICE_DAYS, date: earliest }));
      effectiveOn = req.on;
      party = 'parnasse';
      break;
    }
    case 'force_majeure': {
      if (!req.noticeDate) return refused(ART_FORCE_MAJEURE, t('termination.refuse.need_letter'));
      if (!req.since) return refused(ART_FORCE_MAJEURE, t('termination.refuse.need_since'));
      if (req.since > req.noticeDate)
        return refused(ART_FORCE_MAJEURE, t('termination.refuse.since_after_letter', { since: req.since, letter: req.noticeDate }));
      // "longer than 7 consecutive days" by the letter's date: the 8th day of the impediment at the earliest
      const longEnough = addDays(req.since, FORCE_MAJEURE_MIN_DAYS);
      if (req.noticeDate < longEnough)
        return refused(ART_FORCE_MAJEURE, t('termination.refuse.force_majeure_short', { since: req.since, days: FORCE_MAJEURE_MIN_DAYS, date: longEnough }));
      effectiveOn = addDays(req.noticeDate, FORCE_MAJEURE_LETTER_DAYS);
      party = by === 'member' ? 'member' : 'parnasse';
      break;
    }
  }
  if (effectiveOn < m.contractStart) return refused('6', t('termination.refuse.before_start', { date: effectiveOn, start: m.contractStart }));
  return {
    ok: true,
    article,
    value: {
      reason: req.reason,
      article,
      by: party,
      requestedOn: req.on,
      noticeDate: req.noticeDate ?? null,
      since: req.since ?? null,
      effectiveOn,
      ...consequences(effectiveOn),
      refund: req.reason !== 'incompatible_offer',
    },
  };
}

/**
 * The last day a formal notice for breach gives the member to comply (art. 10.2: « dans un
 * délai de sept (7) jours »): its date + 7 days, the day of the notice not counted, as the
 * 8 days of art. 7.3.8 (`noticeDeadline`). The termination takes effect from the day after
 * (`stepPossibleFrom`), never on it.
 */
export function breachDeadline(noticeOn: IsoDate): IsoDate {
  return addDays(noticeOn, BREACH_NOTICE_DAYS);
}

/** What the effective date implies (art. 10.4). */
export function consequences(effectiveOn: IsoDate): { lastBilledMonth: string; mailAccessUntil: IsoDate } {
  return { lastBilledMonth: monthOf(effectiveOn), mailAccessUntil: addMonths(effectiveOn, MAIL_ACCESS_MONTHS) };
}

/** A pending termination may be withdrawn before its effective date by the party that asked for it. */
export function checkWithdrawal(t0: { effectiveOn: IsoDate; by: Party; reason: TerminationReason }, by: Requester, on: IsoDate): Decision {
  const article = ARTICLE_OF_REASON[t0.reason];
  if (on >= t0.effectiveOn) return refused(ART_CONSEQUENCES, t('termination.refuse.withdraw_late', { date: t0.effectiveOn }));
  if (t0.reason === 'orange_lost') return refused(ART_NO_ORANGE, t('termination.refuse.withdraw_automatic'));
  if (by === 'delegate') return refused(ART_MEMBER_REQUEST, t('termination.refuse.delegate'));
  if (by !== t0.by) return refused(article, t('termination.refuse.withdraw_party', { party: t0.by }));
  return { ok: true, article };
}

/** Nothing new starts on or after the effective date (art. 10.4); payments of what is owed are still accepted. */
export function checkContractRunning(on: IsoDate, effectiveOn: IsoDate | null): Decision {
  if (effectiveOn && on >= effectiveOn) return refused(ART_CONSEQUENCES, t('termination.refuse.after_end', { date: effectiveOn }));
  return { ok: true, article: ART_CONSEQUENCES };
}

/** `terminate option` (art. 10.3.2): only the options the member may end by e-mail. */
export function checkOptionEndedByMail(option: OptionCode): Decision {
  if (!OPTIONS_ENDED_BY_MAIL.includes(option))
    return refused(ART_OPTIONS_BY_MAIL, t('termination.refuse.option_not_by_mail', { option, options: OPTIONS_ENDED_BY_MAIL.join(', ') }));
  return { ok: true, article: ART_OPTIONS_BY_MAIL };
}

/**
 * Honorary status (definitions "Membre honoraire"): a member whose contract has ended,
 * never subject to a recovery procedure, who still meets art. 3.1.
 */
export function honoraryEligibility(s: { terminated: boolean; everUnderRecovery: boolean; meetsEligibility: boolean | null; honorary: boolean }): Decision {
  if (s.honorary) return refused('1', t('termination.honorary.already'));
  if (!s.terminated) return refused('1', t('termination.honorary.not_terminated'));
  if (s.everUnderRecovery) return refused('1', t('termination.honorary.recovery'));
  if (s.meetsEligibility === false) return refused('3.1', t('termination.honorary.not_eligible'));
  return { ok: true, article: '1' };
}
