/**
 * Member limits and states (definitions of art. 1, art. 3.4, 5.3, 5.5, 5.6, 5.11, 10.1;
 * RULES.md §3). Pure: the current counts and dates come in as arguments.
 */
import { refused, type Decision } from './decision.js';
import { t } from '../i18n/index.js';
import { fmtDate } from '../i18n/format.js';
import type { MemberStatus } from './enums.js';
import type { IsoDate } from './dates.js';

export const ART_DEFINITIONS = '1';
export const ART_ACCESS = '3.4';
export const ART_BITDEFENDER = '5.3';
export const ART_AIRBOX = '5.5';
export const ART_ORANGE_VIP = '5.6';
export const ART_EXTRA_SITE = '5.11';
export const ART_MAIL = '5.7';
export const ART_NO_SUBSCRIPTION = '10.1';

/** Option "Site supplémentaire": five extra addresses at most (art. 5.11, definitions "Adresse"). */
export const MAX_EXTRA_SITES = 5;
/** One or two Orange internet subscriptions per address (art. 3.4, definitions "Adresse"). */
export const MAX_SUBSCRIPTIONS_PER_ADDRESS = 2;
/** Mobile lines declared for Orange VIP (RULES.md §3). */
export const MAX_MOBILE_LINES = 5;
/** Bitdefender: up to 20 devices (art. 5.3.1). */
export const MAX_PROTECTED_DEVICES = 20;

/**
 * Extra mailboxes (art. 5.7, annex 1). **Decision:** the contract sets no number; a member
 * holds at most 50 extra mailboxes, packs counted by their size (five packs of ten): beyond
 * that the order is a mistake or a case for a quote, not for the catalogue.
 */
export const MAX_EXTRA_MAILBOXES = 50;
export const MAILBOXES_PER_UNIT: Readonly<Record<string, number>> = { extra_mailbox: 1, mailbox_pack_5: 5, mailbox_pack_10: 10 };

/** `held`: the extra mailboxes the member's other active mailbox options give. */
export function checkMailboxes(held: number, option: string, qty: number): Decision {
  const per = MAILBOXES_PER_UNIT[option];
  if (per === undefined) return ok(ART_MAIL);
  const asked = per * qty;
  if (held + asked > MAX_EXTRA_MAILBOXES) return refused(ART_MAIL, t('bounds.mailboxes', { max: MAX_EXTRA_MAILBOXES, held, asked }));
  return ok(ART_MAIL);
}

/** Plan types of a declared mobile line; Sosh, Mobicarte and locked plans are excluded (art. 5.6). */
export const MOBILE_PLANS = ['orange', 'sosh', 'mobicarte', 'locked'] as const;
export type MobilePlan = (typeof MOBILE_PLANS)[number];
export const EXCLUDED_MOBILE_PLANS: readonly MobilePlan[] = ['sosh', 'mobicarte', 'locked'];

const ok = (article: string): Decision => ({ ok: true, article });

/** Changes to a member's services are refused once the contract is terminated. */
export function checkMemberOpen(status: MemberStatus | string): Decision {
  if (status === 'terminated') return refused('10.4', t('refusals.member_closed'));
  return ok('6');
}

export function checkExtraSite(activeExtraSites: number): Decision {
  if (activeExtraSites >= MAX_EXTRA_SITES) return refused(ART_EXTRA_SITE, t('refusals.extra_site_max', { max: MAX_EXTRA_SITES, held: activeExtraSites }));
  return ok(ART_EXTRA_SITE);
}

/** Subscriptions created with an address: one or two. */
export function checkInitialSubscriptions(count: number): Decision {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SUBSCRIPTIONS_PER_ADDRESS)
    return refused(ART_ACCESS, t('refusals.initial_subscriptions', { count }));
  return ok(ART_ACCESS);
}

export function checkAddSubscription(activeAtAddress: number): Decision {
  if (activeAtAddress >= MAX_SUBSCRIPTIONS_PER_ADDRESS)
    return refused(ART_ACCESS, t('refusals.subscriptions_max', { max: MAX_SUBSCRIPTIONS_PER_ADDRESS, held: activeAtAddress }));
  return ok(ART_ACCESS);
}

export type SubscriptionRemoval = { ok: true; article: string; endsContract: boolean } | { ok: false; article: string; reason: string };

/**
 * Removing a subscription: the contract ends when the member has no Orange subscription
 * left at all (art. 10.1), i.e. with the last one of the main address once no extra site
 * holds any; the last one of an address is otherwise refused (art. 3.4: one or two per
 * address — remove the extra site instead, or the extra sites before the main address's last).
 */
export function checkRemoveSubscription(activeAtAddress: number, isMain: boolean, activeAtOtherAddresses = 0): SubscriptionRemoval {
  if (activeAtAddress > 1) return { ok: true, article: ART_ACCESS, endsContract: false };
  if (!isMain) return refused(ART_ACCESS, t('refusals.last_extra_subscription'));
  if (activeAtOtherAddresses > 0) return refused(ART_ACCESS, t('refusals.main_keeps_subscription', { held: activeAtOtherAddresses }));
  return { ok: true, article: ART_NO_SUBSCRIPTION, endsContract: true };
}

export function checkMobileLine(activeLines: number, plan: string): Decision {
  if ((EXCLUDED_MOBILE_PLANS as readonly string[]).includes(plan))
    return refused(ART_ORANGE_VIP, t(plan === 'locked' ? 'refusals.plan_locked' : plan === 'sosh' ? 'refusals.plan_sosh' : 'refusals.plan_mobicarte'));
  if (!(MOBILE_PLANS as readonly string[]).includes(plan)) return refused(ART_ORANGE_VIP, t('refusals.plan_unknown', { plan }));
  if (activeLines >= MAX_MOBILE_LINES) return refused(ART_ORANGE_VIP, t('refusals.mobile_lines_max', { max: MAX_MOBILE_LINES, held: activeLines }));
  return ok(ART_ORANGE_VIP);
}

export function checkProtectedDevice(activeDevices: number, hasBitdefender: boolean): Decision {
  if (!hasBitdefender) return refused(ART_BITDEFENDER, t('refusals.no_bitdefender'));
  if (activeDevices >= MAX_PROTECTED_DEVICES) return refused(ART_BITDEFENDER, t('refusals.devices_max', { max: MAX_PROTECTED_DEVICES, held: activeDevices }));
  return ok(ART_BITDEFENDER);
}

/** One delegate at most; replacing one must be notified to the Desk in writing (definitions "Délégué"). */
export function checkDelegate(hasCurrent: boolean, notifiedOn: string | null | undefined, on?: string, replacedSince?: string | null): Decision {
  if (hasCurrent && !notifiedOn) return refused(ART_DEFINITIONS, t('refusals.delegate_notice'));
  if (hasCurrent && notifiedOn && on !== undefined && notifiedOn > on)
    return refused(ART_DEFINITIONS, t('refusals.delegate_notice_after', { notified: notifiedOn, on }));
  if (hasCurrent && notifiedOn && replacedSince && notifiedOn < replacedSince)
    return refused(ART_DEFINITIONS, t('refusals.delegate_notice_before', { notified: notifiedOn, since: replacedSince }));
  return ok(ART_DEFINITIONS);
}

export function checkAirboxLend(alreadyOut: boolean): Decision {
  if (alreadyOut) return refused(ART_AIRBOX, t('refusals.airbox_out'));
  return ok(ART_AIRBOX);
}

/** Who bears the cost of an Airbox replacement (art. 5.5). */
export interface AirboxReplacementCost {
  payer: 'parnasse' | 'member';
  memberChargeCents: number;
}

/**
 * Replacing a faulty Airbox 4G (art. 5.5): "à défaut de possibilité de réparation, Parnasse
 * procèdera au remplacement du matériel défectueux" — Parnasse replaces the equipment it lent,
 * at its own cost (the contract prices no Airbox: nothing is charged to the member); after a
 * use contrary to the contract (mobility, use other than as a backup line) "Parnasse
 * n'interviendra pas": refused. RULES.md §3.
 */
export function airboxReplacement(f: {
  out: { serial: string; lentOn: IsoDate } | null;
  serialIn: string;
  on: IsoDate;
  misuse: boolean;
}): Decision<AirboxReplacementCost> {
  if (!f.out) return refused(ART_AIRBOX, t('refusals.airbox_none_out'));
  if (f.misuse) return refused(ART_AIRBOX, t('refusals.airbox_misuse'));
  if (f.serialIn === f.out.serial) return refused(ART_AIRBOX, t('refusals.airbox_same_serial', { serial: f.serialIn }));
  if (f.on < f.out.lentOn)
    return refused(ART_AIRBOX, t('refusals.airbox_replace_before', { serial: f.out.serial, lent_on: fmtDate(f.out.lentOn), on: fmtDate(f.on) }));
  return { ok: true, article: ART_AIRBOX, value: { payer: 'parnasse', memberChargeCents: 0 } };
}

/** The Airboxes a member must give back on termination (art. 10.4): those lent and not returned (a replaced one was returned). */
export function airboxesDueBack(boxes: readonly { serial: string; returnedOn: IsoDate | null }[]): string[] {
  return boxes.filter((b) => b.returnedOn === null).map((b) => b.serial);
}

/**
 * Honorary status (definitions "Membre honoraire"): a member who terminated, was never
 * subject to a recovery procedure (and still meets art. 3.1, judged again by the committee
 * when he rejoins).
 */
export function checkHonorary(status: string, everUnderRecovery: boolean, alreadyHonorary: boolean): Decision {
  if (alreadyHonorary) return refused(ART_DEFINITIONS, t('refusals.honorary_already'));
  if (status !== 'terminated') return refused(ART_DEFINITIONS, t('refusals.honorary_not_terminated'));
  if (everUnderRecovery) return refused(ART_DEFINITIONS, t('refusals.honorary_recovery'));
  return ok(ART_DEFINITIONS);
}

/** "Adhésion" is effective once the entry fee is paid: pending → active (definitions). */
export function statusAfterEntryFee(status: MemberStatus | string): MemberStatus | null {
  return status === 'pending' ? 'active' : null;
}

/** A returning honorary member pays no entry fee and receives no welcome gift (definitions). */
export function admissionTerms(returningHonorary: boolean): { entryFee: boolean; welcomeGift: boolean; initialStatus: MemberStatus } {
  return returningHonorary ? { entryFee: false, welcomeGift: false, initialStatus: 'active' } : { entryFee: true, welcomeGift: true, initialStatus: 'pending' };
}

/** What a member's status on a date is decided from (src/contract/state.ts reads it). */
export interface MemberStatusFacts {
  /** The status last written (a cache: read only where no dated fact says more). */
  storedStatus: string;
  contractStart: IsoDate;
  entryFeePaidOn: IsoDate | null;
  /** An entry fee was billed (none for a returning honorary member or an imported one). */
  entryFeeBilled: boolean;
  /** The first day without a contract (art. 10.4), of the termination in force. */
  terminatedOn: IsoDate | null;
  /** The date of a dunning suspension in force on the date (its procedure not closed by then). */
  suspensionInForceOn: IsoDate | null;
  /** The member was ever suspended by a dunning procedure (else a stored suspension is an imported one). */
  everDunningSuspended: boolean;
  /** Stored suspension date (imported suspensions). */
  suspendedOn: IsoDate | null;
}

/**
 * A member's status on `on` (RULES.md §3), from dated facts, never from the stored status
 * alone: `terminated` from the effective date of the termination (art. 10.4); `suspended`
 * from a dunning suspension until its procedure closes (art. 7.3.8), or as imported;
 * `pending` until the entry fee is paid (definitions "Adhésion"); else `active`.
 */
export function memberStatusOn(f: MemberStatusFacts, on: IsoDate): MemberStatus {
  if (f.terminatedOn !== null && f.terminatedOn <= on) return 'terminated';
  if (f.suspensionInForceOn !== null) return 'suspended';
  if (!f.everDunningSuspended && f.storedStatus === 'suspended' && (f.suspendedOn === null || f.suspendedOn <= on)) return 'suspended';
  const pending = f.entryFeePaidOn !== null ? on < f.entryFeePaidOn : f.entryFeeBilled || f.storedStatus === 'pending';
  return pending ? 'pending' : 'active';
}
