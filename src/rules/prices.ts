/**
 * The price catalogue (annex 1; art. 7.2 and 9; RULES.md §5). Pure: the versions come in
 * as data. TTC is the reference; a version with a null TTC withdraws the item.
 */
import { addMonths, type IsoDate } from './dates.js';
import { refused, type Decision } from './decision.js';
import type { PriceItem } from './enums.js';
import { t } from '../i18n/index.js';

/** The prices are those of annex 1 in force on the date (art. 7.1). */
export const ART_PRICES = '7.1';
export const ART_PRICE_CHANGE = '7.2';
export const ART_WITHDRAWAL = '9';
export const PRICE_CHANGE_NOTICE_MONTHS = 1;
export const WITHDRAWAL_NOTICE_MONTHS = 3;

export interface PriceVersion {
  item: PriceItem | string;
  ttcCents: number | null;
  effectiveFrom: IsoDate;
  announcedOn: IsoDate;
}

/** The version of an item in force on a date, or undefined when none is yet. */
export function versionInForce(versions: readonly PriceVersion[], item: string, on: IsoDate): PriceVersion | undefined {
  let best: PriceVersion | undefined;
  for (const v of versions) {
    if (v.item !== item || v.effectiveFrom > on) continue;
    if (!best || v.effectiveFrom > best.effectiveFrom) best = v;
  }
  return best;
}

/** A price change applies at the earliest one month after it is announced (art. 7.2). */
export function checkPriceChange(announcedOn: IsoDate, effectiveFrom: IsoDate): Decision {
  const earliest = addMonths(announcedOn, PRICE_CHANGE_NOTICE_MONTHS);
  if (effectiveFrom < earliest) return refused(ART_PRICE_CHANGE, t('refusals.price_notice', { announced: announcedOn, earliest, date: effectiveFrom }));
  return { ok: true, article: ART_PRICE_CHANGE };
}

/** Art. 9: any change to the Offer's characteristics is told to the member at least one month before it takes effect. */
export const ART_OFFER_CHANGE = '9';
export const OFFER_CHANGE_NOTICE_MONTHS = 1;

/**
 * A change to the Offer other than its prices (art. 9): announced on a day already come, and
 * in force at the earliest one month after it (the prices' own notice is art. 7.2).
 */
export function checkOfferChange(c: { announcedOn: IsoDate; effectiveFrom: IsoDate; on: IsoDate }): Decision {
  if (c.announcedOn > c.on) return refused(ART_OFFER_CHANGE, t('offer.refused.announced_later', { announced: c.announcedOn, date: c.on }));
  const earliest = addMonths(c.announcedOn, OFFER_CHANGE_NOTICE_MONTHS);
  if (c.effectiveFrom < earliest) return refused(ART_OFFER_CHANGE, t('offer.refused.notice', { announced: c.announcedOn, earliest, date: c.effectiveFrom }));
  return { ok: true, article: ART_OFFER_CHANGE };
}

/** The changes in force on a date: those whose first day has come, oldest first. */
export function offerChangesInForce<T extends { effectiveFrom: IsoDate }>(changes: readonly T[], on: IsoDate): T[] {
  return changes.filter((c) => c.effectiveFrom <= on).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
}

/** A service or option is withdrawn at the earliest three months after it is announced (art. 9). */
export function checkWithdrawal(announcedOn: IsoDate, effectiveFrom: IsoDate): Decision {
  const earliest = addMonths(announcedOn, WITHDRAWAL_NOTICE_MONTHS);
  if (effectiveFrom < earliest) return refused(ART_WITHDRAWAL, t('refusals.withdrawal_notice', { announced: announcedOn, earliest, date: effectiveFrom }));
  return { ok: true, article: ART_WITHDRAWAL };
}

/**
 * Art. 7.2: a price change announced by mistake may be taken back (`bill prices revoke`)
 * only while it is not in force (`on` before its first day) and before any month from that
 * day has been billed (the monthly run bills in advance).
 */
export function revocationDecision(p: { item: string; from: IsoDate; on: IsoDate; billedFromThen: boolean }): Decision {
  if (p.from <= p.on) return refused(ART_PRICE_CHANGE, t('modules.revoke.in_force', { item: p.item, from: p.from, on: p.on }));
  if (p.billedFromThen) return refused(ART_PRICE_CHANGE, t('modules.revoke.billed', { item: p.item, month: p.from.slice(0, 7) }));
  return { ok: true, article: ART_PRICE_CHANGE };
}
