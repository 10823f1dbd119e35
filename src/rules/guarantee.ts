/**
 * Financial guarantees (art. 7.1): "Parnasse se réserve le droit de demander au Membre des
 * garanties financières supplémentaires, qui pourront prendre notamment la forme d'une avance
 * sur consommation. Le montant ainsi que la date de versement … sera indiquée au Membre par
 * Parnasse." Pure: the guarantee, its moves and the invoices come in as data.
 *
 * What the contract leaves open, decided in docs/RULES.md §Guarantees:
 * - the money received is held for the member (a liability, never revenue) until it is
 *   applied to an invoice or given back;
 * - it is applied by the Desk only to what is late (due and past its pay-by), never to a
 *   contested amount (art. 7.3.6); the monthly run and dunning never take it by themselves;
 * - giving it back first settles what the member still owes (due on the invoices issued by
 *   then, oldest first), then returns the rest: at the end of the contract, with the
 *   termination's balance.
 */
import { t } from '../i18n/index.js';
import type { IsoDate } from './dates.js';
import { refused, type Decision } from './decision.js';
import type { GuaranteeMove } from './enums.js';
import { formatEuros as eur, type Cents } from './money.js';

export const ART_GUARANTEE = '7.1';
/** Art. 7.3.6: a contested amount is suspended; art. 7.3.5: an invoice is late the day after its pay-by. */
export const ART_CONTESTED = '7.3.6';
/** The entry fee is paid in one go, by the member (art. 7.3.3): never out of a guarantee. */
export const ART_ENTRY_FEE = '7.3.3';

export interface GuaranteeMoveRow {
  kind: GuaranteeMove;
  on: IsoDate;
  amountCents: Cents;
}

const signOf = (k: GuaranteeMove): number => (k === 'received' ? 1 : -1);

/** What is held on `on`: received − applied − released, dated on or before it. */
export function heldOn(moves: readonly GuaranteeMoveRow[], on: IsoDate): Cents {
  let held = 0;
  for (const m of moves) if (m.on <= on) held += signOf(m.kind) * m.amountCents;
  return held;
}

/** Received so far (any date): what counts against the amount asked for. */
export function receivedTotal(moves: readonly GuaranteeMoveRow[]): Cents {
  return moves.reduce((s, m) => s + (m.kind === 'received' ? m.amountCents : 0), 0);
}

/**
 * What may still go out on `on` without the held amount falling below zero on any later
 * date already recorded: the least held from `on` onwards.
 */
export function availableFrom(moves: readonly GuaranteeMoveRow[], on: IsoDate): Cents {
  let least = heldOn(moves, on);
  const later = [...new Set(moves.filter((m) => m.on > on).map((m) => m.on))].sort();
  for (const d of later) least = Math.min(least, heldOn(moves, d));
  return least;
}

/** A request names an amount and a date for it, no earlier than the request (art. 7.1). */
export function checkRequest(g: { amountCents: Cents; requestedOn: IsoDate; dueOn: IsoDate }): Decision {
  if (g.amountCents <= 0) return refused(ART_GUARANTEE, t('guarantee.refused.amount'));
  if (g.dueOn < g.requestedOn) return refused(ART_GUARANTEE, t('guarantee.refused.due_before', { due: g.dueOn, requested: g.requestedOn }));
  return { ok: true, article: ART_GUARANTEE };
}

/** Money received: after the request, and never more than the amount Parnasse asked for (art. 7.1). */
export function checkReceive(
  g: { amountCents: Cents; requestedOn: IsoDate },
  moves: readonly GuaranteeMoveRow[],
  r: { amountCents: Cents; on: IsoDate },
): Decision {
  if (r.on < g.requestedOn) return refused(ART_GUARANTEE, t('guarantee.refused.before_request', { date: r.on, requested: g.requestedOn }));
  const left = g.amountCents - receivedTotal(moves);
  if (r.amountCents > left)
    return refused(ART_GUARANTEE, t('guarantee.refused.over_request', { amount: eur(r.amountCents), left: eur(Math.max(0, left)), asked: eur(g.amountCents) }));
  return { ok: true, article: ART_GUARANTEE };
}

/**
 * Applying the guarantee to an invoice (RULES.md §Guarantees): the invoice is late on `on`
 * (its due part past its pay-by), the amount is at most what is late — never its contested
 * part (art. 7.3.6) — and at most what is held from `on` on.
 */
export function checkApply(
  moves: readonly GuaranteeMoveRow[],
  inv: { number: string; payBy: IsoDate; lateCents: Cents; contestedCents: Cents; isEntryFee: boolean },
  a: { amountCents: Cents; on: IsoDate },
): Decision {
  if (inv.isEntryFee) return refused(ART_ENTRY_FEE, t('guarantee.refused.entry_fee', { number: inv.number }));
  if (inv.lateCents === 0) {
    if (inv.contestedCents > 0) return refused(ART_CONTESTED, t('guarantee.refused.contested', { number: inv.number, amount: eur(inv.contestedCents) }));
    return refused(ART_GUARANTEE, t('guarantee.refused.not_late', { number: inv.number, pay_by: inv.payBy, date: a.on }));
  }
  const held = availableFrom(moves, a.on);
  if (held <= 0 || a.amountCents > held)
    return refused(ART_GUARANTEE, t('guarantee.refused.over_held', { amount: eur(a.amountCents), held: eur(Math.max(0, held)), date: a.on }));
  if (a.amountCents <= 0) return refused(ART_GUARANTEE, t('guarantee.refused.amount'));
  if (a.amountCents > inv.lateCents)
    return refused(ART_GUARANTEE, t('guarantee.refused.over_late', { number: inv.number, amount: eur(a.amountCents), late: eur(inv.lateCents) }));
  return { ok: true, article: ART_GUARANTEE };
}

export interface ReleasePlan {
  /** Set off first, oldest invoice first. */
  applied: { invoiceId: number; number: string; amountCents: Cents }[];
  /** Then given back to the member. */
  givenBackCents: Cents;
}

/**
 * Giving a guarantee back on `on`: what is held from then on first settles what the member
 * still owes (`due`: outstanding less contested, on the invoices issued by `on`, oldest
 * first), the rest goes back to the member. Nothing held: refused.
 */
export function releasePlan(
  moves: readonly GuaranteeMoveRow[],
  due: readonly { invoiceId: number; number: string; dueCents: Cents }[],
  on: IsoDate,
): Decision<ReleasePlan> {
  let left = availableFrom(moves, on);
  if (left <= 0) return refused(ART_GUARANTEE, t('guarantee.refused.nothing_held', { date: on }));
  const applied: ReleasePlan['applied'] = [];
  for (const d of due) {
    if (left === 0) break;
    const a = Math.min(left, d.dueCents);
    if (a <= 0) continue;
    applied.push({ invoiceId: d.invoiceId, number: d.number, amountCents: a });
    left -= a;
  }
  return { ok: true, article: ART_GUARANTEE, value: { applied, givenBackCents: left } };
}

/** A requested guarantee not (fully) received after its due date. */
export function guaranteeOverdue(g: { amountCents: Cents; dueOn: IsoDate }, moves: readonly GuaranteeMoveRow[], on: IsoDate): boolean {
  const received = moves.reduce((s, m) => s + (m.kind === 'received' && m.on <= on ? m.amountCents : 0), 0);
  return on > g.dueOn && received < g.amountCents;
}
