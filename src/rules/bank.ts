/**
 * Matching an incoming credit transfer to what it pays (issue 25, RULES.md §6 "Bank
 * statements"). The contract says how a member pays (art. 7.3.3: transfer among the means)
 * and that an invoice is paid by its pay-by date (art. 7.3.5); it is silent on how the club
 * reads its statement, so these are the club's decisions:
 *
 * 1. The invoice numbers written in the remittance information (`F2026-000123`, also
 *    `F2026000123` or `F 2026 000123` as banks cut them) decide. Every number must be an
 *    invoice of the club, all of one member; the transfer pays them oldest pay-by first, each
 *    in full until the money runs out (Code civil art. 1342-10: the oldest debt first), the
 *    last one partly. A transfer for more than they owe together is not recorded: the Desk
 *    decides (a refund, or another invoice) — nothing is recorded for part of a transfer.
 * 2. No number: the payer's IBAN must be a member's, and exactly one of that member's open
 *    invoices must owe exactly the amount (several owing it: the oldest pay-by). Two members
 *    sharing the account, both owing it: the Desk.
 *    A financial guarantee of the payer still awaited for exactly that amount (art. 7.1:
 *    asked, not yet received in full) makes it the Desk's: the transfer may be the guarantee,
 *    which the import never records by itself, as much as the invoice.
 * Each payment then passes the ordinary payment check (`checkPayment`: not before the
 * invoice's date, an entry fee paid in one go): one refusal and the whole transfer goes to the Desk.
 */
import type { IsoDate } from './dates.js';
import { checkPayment, type PayableInvoice } from './invoices.js';

/** An invoice as the matcher sees it: everything recorded counted (as `bill pay` checks), the ledger's outstanding. */
export interface OpenInvoice extends Omit<PayableInvoice, 'openDisputeCents'> {
  memberId: number;
  outstandingCents: number;
  contestedCents: number;
}

export type DeskReason =
  | 'unknown_invoice'
  | 'credit_note'
  | 'several_members'
  | 'already_paid'
  | 'overpays'
  | 'unknown_payer'
  | 'no_exact_amount'
  | 'shared_account'
  | 'guarantee_awaited'
  | 'refused';

export type TransferMatch =
  | { ok: true; by: 'reference' | 'iban'; pays: { number: string; cents: number }[] }
  | { ok: false; why: DeskReason; numbers: string[]; detail?: string };

const NUMBER_IN_TEXT = /(?<![A-Z0-9])([FA])[\s-]?(\d{4})[\s/-]?(\d{6})(?!\d)/gi;

/** The invoice (and credit-note) numbers a remittance information names, normalised, each once, in order. */
export function invoiceNumbersIn(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const text of texts)
    for (const m of text.matchAll(NUMBER_IN_TEXT)) {
      const n = `${m[1]!.toUpperCase()}${m[2]}-${m[3]}`;
      if (!out.includes(n)) out.push(n);
    }
  return out;
}

const oldestFirst = (a: OpenInvoice, b: OpenInvoice) => a.payBy.localeCompare(b.payBy) || a.number.localeCompare(b.number);

/**
 * What a transfer of `amountCents` booked on `bookedOn` pays. `named`: the invoices its
 * remittance names (null where a number is no invoice of the club); `ofPayer`: the open
 * invoices of the members whose IBAN paid it (only read when nothing is named).
 */
export function matchTransfer(t: {
  amountCents: number;
  bookedOn: IsoDate;
  numbers: readonly string[];
  named: readonly (OpenInvoice | null)[];
  payerMembers: readonly number[];
  ofPayer: readonly OpenInvoice[];
  /** What the payers' guarantees still await (asked less received, by the booking date), by member. */
  guaranteesAwaited?: readonly { memberId: number; cents: number }[];
}): TransferMatch {
  const numbers = [...t.numbers];
  let pays: { inv: OpenInvoice; cents: number }[];
  let by: 'reference' | 'iban';
  if (numbers.length > 0) {
    by = 'reference';
    if (t.named.some((i) => i === null))
      return { ok: false, why: 'unknown_invoice', numbers, detail: numbers.filter((_, k) => t.named[k] === null).join(', ') };
    const named = t.named as OpenInvoice[];
    if (named.some((i) => i.kind === 'credit_note')) return { ok: false, why: 'credit_note', numbers };
    if (new Set(named.map((i) => i.memberId)).size > 1) return { ok: false, why: 'several_members', numbers };
    const open = named.filter((i) => i.outstandingCents > 0).sort(oldestFirst);
    if (open.length === 0) return { ok: false, why: 'already_paid', numbers };
    const owed = open.reduce((s, i) => s + i.outstandingCents, 0);
    if (t.amountCents > owed) return { ok: false, why: 'overpays', numbers, detail: `${t.amountCents}>${owed}` };
    let left = t.amountCents;
    pays = [];
    for (const inv of open) {
      if (left === 0) break;
      const cents = Math.min(left, inv.outstandingCents);
      pays.push({ inv, cents });
      left -= cents;
    }
  } else {
    by = 'iban';
    if (t.payerMembers.length === 0) return { ok: false, why: 'unknown_payer', numbers };
    if ((t.guaranteesAwaited ?? []).some((g) => t.payerMembers.includes(g.memberId) && g.cents === t.amountCents))
      return { ok: false, why: 'guarantee_awaited', numbers };
    const exact = t.ofPayer.filter((i) => i.kind === 'invoice' && i.outstandingCents === t.amountCents).sort(oldestFirst);
    if (exact.length === 0) return { ok: false, why: 'no_exact_amount', numbers };
    if (new Set(exact.map((i) => i.memberId)).size > 1) return { ok: false, why: 'shared_account', numbers, detail: exact.map((i) => i.number).join(', ') };
    pays = [{ inv: exact[0]!, cents: t.amountCents }];
  }
  for (const p of pays) {
    const d = checkPayment({ ...p.inv, openDisputeCents: p.inv.contestedCents }, { amountCents: p.cents, method: 'transfer', paidOn: t.bookedOn });
    if (!d.ok) return { ok: false, why: 'refused', numbers: pays.map((x) => x.inv.number), detail: d.reason };
  }
  return { ok: true, by, pays: pays.map((p) => ({ number: p.inv.number, cents: p.cents })) };
}
