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
