/**
 * Cooptation (annex 3; RULES.md §8). Pure: the yearly limit, the referrer's standing,
 * "the same person", the decision, the reward window and the earliest delivery.
 * Messages come from the catalogue (namespace `cooptation`).
 */
import { foldName } from './names.js';
import { t, type MessageKey } from '../i18n/index.js';
import { fmtEnum } from '../i18n/format.js';
import { addDays, addMonths, type IsoDate } from './dates.js';
import { refused, type Check, type Decision } from './decision.js';
import { formatEuros } from './money.js';

/** Annex 3, article 3: limits, eligibility, standing, same person, decision, false declaration. */
export const ART_COOPTATION = 'annex 3.3';
/** Annex 3, article 4: the reward, its 6-month window and the 6-week delivery. */
export const ART_REWARD = 'annex 3.4';

/** At most 2 cooptations per referrer per calendar year of the proposal (annex 3.3; decision RULES.md §8). */
export const YEARLY_LIMIT = 2;
/** The referrer has 6 months from the referee's contract start to choose (annex 3.4). */
export const REWARD_WINDOW_MONTHS = 6;
/** Delivery at the earliest 6 weeks after the choice (annex 3.4). */
export const DELIVERY_DAYS = 42;

export const COOPTATION_STATES = ['proposed', 'accepted', 'rejected', 'cancelled'] as const;
export type CooptationStatus = (typeof COOPTATION_STATES)[number];

/** What remains of the reward: derived, never stored. */
export type RewardState = 'none' | 'awaiting_contract' | 'window_open' | 'chosen' | 'lapsed';

export const yearOf = (d: IsoDate): number => Number(d.slice(0, 4));

/** Last day on which the reward may be chosen: contract start + 6 months (15/03/2027 → 15/09/2027). */
export function rewardWindowUntil(contractStart: IsoDate): IsoDate {
  return addMonths(contractStart, REWARD_WINDOW_MONTHS);
}

/** Earliest delivery: the choice + 6 weeks (01/04/2027 → 13/05/2027). */
export function earliestDelivery(chosenOn: IsoDate): IsoDate {
  return addDays(chosenOn, DELIVERY_DAYS);
}

/** The identity that makes two candidacies "the same person" (annex 3.3). */
export interface PersonKey {
  email: string;
  firstName: string;
  lastName: string;
  birthDate: string | null;
}

const email = (s: string) => s.trim().toLowerCase();

/**
 * Same e-mail (case aside), or same first and last names and the same birth date — names
 * folded as everywhere else (`foldName`: accents, case, hyphens, apostrophes and spaces aside).
 */
export function samePerson(a: PersonKey, b: PersonKey): boolean {
  if (email(a.email) !== '' && email(a.email) === email(b.email)) return true;
  return (
    a.birthDate !== null && a.birthDate === b.birthDate && foldName(a.firstName) === foldName(b.firstName) && foldName(a.lastName) === foldName(b.lastName)
  );
}

export interface ProposalFacts {
  on: IsoDate;
  referrer: {
    memberNo: string;
    status: string;
    overdueCents: number;
    underRecovery: boolean;
  };
  /** Eligibility (E1–E6) and access (A1–A3) checks of the candidacy on the date, from the existing evaluation. */
  criteria: Check[];
  candidacy: { ref: string; status: string };
  /** Cooptations of the same person already recorded (any candidacy of that person, any status). */
  earlier: { id: number; referrerNo: string; status: string; candidacyRef: string }[];
  /** Proposals by this referrer in the calendar year of the proposal that count towards the limit. */
  countInYear: number;
  override: { reason: string } | null;
}

/** Candidacies that cannot be co-opted any more: already decided against, withdrawn, or already a member. */
const CLOSED = ['rejected', 'withdrawn', 'member'];

/**
 * Whether a proposal is admissible (annex 3.3). The order of the checks is the order
 * a Desk agent would explain them: who proposes, whom, how many.
 */
export function proposalDecision(f: ProposalFacts): Decision<{ overLimit: boolean }> {
  const r = f.referrer;
  if (r.status !== 'active' && r.status !== 'pending') {
    return refused(ART_COOPTATION, t('cooptation.refuse.referrer_status', { no: r.memberNo, status: fmtEnum('member_status', r.status) }));
  }
  if (r.underRecovery) return refused(ART_COOPTATION, t('cooptation.refuse.referrer_recovery', { no: r.memberNo }));
  if (r.overdueCents > 0) {
    return refused(ART_COOPTATION, t('cooptation.refuse.referrer_unpaid', { no: r.memberNo, amount: formatEuros(r.overdueCents), date: f.on }));
  }
  if (CLOSED.includes(f.candidacy.status)) {
    return refused(ART_COOPTATION, t('cooptation.refuse.candidacy_closed', { ref: f.candidacy.ref, status: fmtEnum('candidacy_status', f.candidacy.status) }));
  }
  const failed = f.criteria.filter((c) => !c.pass);
  if (failed.length) {
    return refused(
      ART_COOPTATION,
      t('cooptation.refuse.ineligible', {
        ref: f.candidacy.ref,
        date: f.on,
        failed: failed.map((c) => `${c.id} (art. ${c.article}) ${c.message}`).join('; '),
      }),
    );
  }
  const mine = f.earlier.find((e) => e.referrerNo === r.memberNo);
  if (mine) return refused(ART_COOPTATION, t('cooptation.refuse.same_referrer', { no: r.memberNo, id: mine.id, ref: mine.candidacyRef }));
  const other = f.earlier[0];
  if (other)
    return refused(ART_COOPTATION, t('cooptation.refuse.once_ever', { id: other.id, no: other.referrerNo, ref: other.candidacyRef, status: other.status }));
  const overLimit = f.countInYear >= YEARLY_LIMIT;
  if (overLimit && !f.override) {
    return refused(ART_COOPTATION, t('cooptation.refuse.limit', { no: r.memberNo, count: f.countInYear, year: yearOf(f.on), limit: YEARLY_LIMIT }));
  }
  return { ok: true, article: ART_COOPTATION, value: { overLimit } };
}

/** The club's decision on a proposal (never motivated) or its cancellation for a false declaration. */
export function decisionAllowed(status: string, id: number, act: 'accept' | 'reject'): Decision {
  if (status !== 'proposed')
    return refused(ART_COOPTATION, t('cooptation.refuse.already_decided', { id, status: t(`cooptation.status.${status}` as MessageKey), act }));
  return { ok: true, article: ART_COOPTATION };
}

export function cancelAllowed(status: string, id: number): Decision {
  if (status === 'cancelled') return refused(ART_COOPTATION, t('cooptation.refuse.already_cancelled', { id }));
  return { ok: true, article: ART_COOPTATION };
}

export interface RewardFacts {
  id: number;
  status: string;
  /** The referee's contract start (the confirmation call), null while not a member. */
  contractStart: IsoDate | null;
  chosen: { item: string; on: IsoDate } | null;
  item: string;
  itemInCatalogue: boolean;
  on: IsoDate;
}

/** Choosing the reward (annex 3.4): one per accepted cooptation, within 6 months of the referee's contract start. */
export function rewardDecision(f: RewardFacts): Decision<{ windowUntil: IsoDate; deliveryOn: IsoDate }> {
  if (f.status !== 'accepted')
    return refused(ART_REWARD, t('cooptation.refuse.reward_not_accepted', { id: f.id, status: t(`cooptation.status.${f.status}` as MessageKey) }));
  if (f.contractStart === null) return refused(ART_REWARD, t('cooptation.refuse.reward_no_contract', { id: f.id }));
  if (f.chosen) return refused(ART_REWARD, t('cooptation.refuse.reward_already', { id: f.id, item: f.chosen.item, date: f.chosen.on }));
  const until = rewardWindowUntil(f.contractStart);
  if (f.on < f.contractStart) {
    return refused(ART_REWARD, t('cooptation.refuse.reward_too_early', { id: f.id, date: f.on, start: f.contractStart }));
  }
  if (f.on > until) return refused(ART_REWARD, t('cooptation.refuse.reward_lapsed', { id: f.id, until, date: f.on }));
  if (!f.itemInCatalogue) return refused(ART_REWARD, t('cooptation.refuse.reward_unknown_item', { item: f.item }));
  return { ok: true, article: ART_REWARD, value: { windowUntil: until, deliveryOn: earliestDelivery(f.on) } };
}

/** The state of the reward of a cooptation on a date (annex 3.4). */
export function rewardState(status: string, contractStart: IsoDate | null, chosen: boolean, on: IsoDate): RewardState {
  if (status !== 'accepted') return 'none';
  if (chosen) return 'chosen';
  if (contractStart === null) return 'awaiting_contract';
  return on > rewardWindowUntil(contractStart) ? 'lapsed' : 'window_open';
}

/** Monday and Sunday of the ISO week containing `on`. */
export function weekOf(on: IsoDate): { from: IsoDate; to: IsoDate } {
  const dow = new Date(`${on}T12:00:00Z`).getUTCDay(); // 0 = Sunday
  const from = addDays(on, -((dow + 6) % 7));
  return { from, to: addDays(from, 6) };
}
