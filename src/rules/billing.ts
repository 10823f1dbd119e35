/**
 * The monthly run's arithmetic (art. 7.3.1, 7.3.4; RULES.md §6 "Decision (monthly run)").
 * Pure: months and dates come in as arguments.
 */
import { daysInMonth, lastDayOfMonth, nextMonth, type IsoDate } from './dates.js';
import { divRoundHalfUp, type Cents } from './money.js';
import type { Brick, OptionCode } from './enums.js';
import { refused, type Decision } from './decision.js';
import { t } from '../i18n/index.js';

export const ART_RUN = '7.3.1';
export const ART_PRORATA = '7.3.4';
/** "Tout mois entamé est dû": the month an item ends is due in full, the months after it are not. */
export const ART_MONTH_BEGUN = '7.3.4';

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
export function isMonth(s: string): boolean {
  return MONTH_RE.test(s);
}

/** Months from `from` to `to`, both included (empty when from > to). */
export function monthsFromTo(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) out.push(m);
  return out;
}

/**
 * What a monthly item costs for `period`: the full price × qty, or, in the month it starts
 * after the 1st, `round(price × qty × days from start to month end (both inclusive) / days
 * in month)` (art. 7.3.4: start 10/12/2026 → 250,00 × 22/31 = 177,42 €). The month it ends
 * is due in full ("tout mois entamé est dû").
 */
export function periodAmount(priceTtcCents: Cents, qty: number, startOn: IsoDate, period: string): Cents {
  const full = priceTtcCents * qty;
  if (startOn.slice(0, 7) !== period || startOn.endsWith('-01')) return full;
  const days = daysInMonth(period);
  const served = Number(lastDayOfMonth(period).slice(8)) - Number(startOn.slice(8)) + 1;
  return divRoundHalfUp(full * served, days);
}

/** Member-facing French labels (invoices are French documents whatever the operator's locale). */
export const SUBSCRIPTION_LABEL = 'Offre Parnasse Intérieur';
export const OPTION_LABELS: Record<OptionCode, string> = {
  extra_site: 'Site supplémentaire',
  extra_mailbox: 'Boîte aux lettres supplémentaire',
  mailbox_pack_5: 'Pack de 5 boîtes aux lettres supplémentaires',
  mailbox_pack_10: 'Pack de 10 boîtes aux lettres supplémentaires',
  concierge_privilege: 'La Conciergerie John Paul Privilège',
  office_assistance: 'Assistance bureautique',
  bitdefender: 'Bitdefender',
  mail: 'Messagerie',
};
/** An option's invoice label; an extra site's names the site (issue 21: which address is billed). */
export function optionLabel(option: OptionCode, site: { street: string; postalCode: string; city: string } | null): string {
  const label = OPTION_LABELS[option] ?? option;
  return site ? `${label} — ${site.street}, ${site.postalCode} ${site.city}` : label;
}

/**
 * A quantity change (`member option set --qty`, RULES.md §6): in the month of the change,
 * the units kept are already billed by the row it ends (in full: "tout mois entamé est dû",
 * art. 7.3.4), so the new row bills only the units added, prorated from the day of the
 * change; a decrease adds nothing that month (the units ended are due through it).
 */
export function quantityChangeFirstMonthQty(qtyBefore: number, qtyAfter: number): number {
  return Math.max(0, qtyAfter - qtyBefore);
}

/** Univers Pro maintenance bricks (art. 5.12.3.1), as the contract names them. */
export const BRICK_LABELS: Record<Brick, string> = {
  wifi_public: 'Maintenance Wi-Fi public',
  workstation: 'Maintenance poste informatique',
  servers: 'Maintenance serveurs',
  lan_security: 'Maintenance LAN & sécurité',
  video_conference: 'Maintenance visioconférence',
  server_backup: 'Sauvegarde serveur',
};
export const PENALTY_LABEL = 'Pénalités de retard';
export const INDEMNITY_LABEL = 'Indemnité forfaitaire pour frais de recouvrement';

/**
 * The first month a member is billed: the contract start's month; for a member brought over
 * by `member import`, the month after `billed_through` (the previous system billed up to it),
 * else the month after the import.
 */
export function firstBillableMonth(m: { contractStart: IsoDate; billedThrough: string | null; importedOn: IsoDate | null }): string {
  const start = m.contractStart.slice(0, 7);
  let after: string | null = null;
  if (m.billedThrough) after = nextMonth(m.billedThrough);
  else if (m.importedOn) after = nextMonth(m.importedOn.slice(0, 7));
  return after !== null && after > start ? after : start;
}

/**
 * Months billed in advance (art. 7.3.1) that are not due: an item (subscription, option,
 * brick) is due through the month of its end, in full, and not after (art. 7.3.4) — a month
 * after it was billed only because the run came before the end was recorded. What each line
 * of one invoice gives back, in order: its amount as billed if its period is after its
 * item's end (`endOn`), else 0 — capped by what the invoice can still be credited
 * (`creditableCents`: its total less its credit notes; a credit note never exceeds it).
 * **Decision** (RULES.md is silent): credit notes the Desk issued on the invoice by hand
 * (`creditedByHandCents`: not a give-back) are presumed to have given back its months not due
 * first — they are not given back twice.
 */
export function giveBackAmounts(
  lines: readonly { period: string; ttcCents: Cents; endOn: IsoDate }[],
  creditableCents: Cents,
  creditedByHandCents: Cents = 0,
): Cents[] {
  let left = Math.max(0, creditableCents);
  let byHand = Math.max(0, creditedByHandCents);
  return lines.map((l) => {
    if (l.period <= l.endOn.slice(0, 7)) return 0;
    const covered = Math.min(l.ttcCents, byHand);
    byHand -= covered;
    const back = Math.min(l.ttcCents - covered, left);
    left -= back;
    return back;
  });
}

/**
 * `member option|address cancel` (issue 21; RULES.md "a Desk mistake is cancelled, not
 * removed"): a mistake is undone only while no month of it was billed — by an invoice of
 * the club, or, for what `member import` recorded (it starts with the contract), by the
 * previous system through the member's floor (`billed_through`, else the month of the
 * import). Once billed it is a removal, billed through the month of the request (art. 7.3.4).
 */
export function checkCancelMistake(
  what: { kind: 'option'; member_no: string; option: string } | { kind: 'site'; member_no: string; address_id: number },
  row: { startOn: IsoDate },
  billed: { invoice: string | null; imported: { billedThrough: string; contractStart: IsoDate } | null },
): Decision {
  const option = what.kind === 'option';
  if (billed.invoice !== null)
    return refused(
      ART_MONTH_BEGUN,
      option ? t('modules.option_billed', { ...what, invoice: billed.invoice }) : t('modules.site_billed', { ...what, invoice: billed.invoice }),
    );
  const i = billed.imported;
  if (i !== null && row.startOn <= i.contractStart && row.startOn.slice(0, 7) <= i.billedThrough)
    return refused(
      ART_MONTH_BEGUN,
      option
        ? t('modules.option_billed_before_import', { ...what, month: i.billedThrough })
        : t('modules.site_billed_before_import', { ...what, month: i.billedThrough }),
    );
  return { ok: true, article: ART_MONTH_BEGUN };
}
