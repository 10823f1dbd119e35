/**
 * `bill payments import FILE` (issue 25): the bank's camt.053 statement (or camt.054 credit
 * notification), any version, read one entry at a time. Each incoming credit transfer is
 * matched (`matchTransfer`, rules/bank.ts: the invoice numbers of its remittance
 * information, else the payer's IBAN and the exact amount) and recorded as a transfer
 * payment on its booking date through the payment act (`recordPayment`: its `record` entry,
 * the entry fee's activation, the dunning procedure's closing), remembered by the bank's
 * reference (`bank_payments`): a statement imported again records nothing new. The club's
 * own direct debits credited, and their returns, are recognised and left to `bill export
 * --format sepa` and `bill returns`. Everything else is listed for the Desk with why.
 * One transaction (a file that breaks halfway records nothing), one `bank_statement/import`
 * entry besides the payments' own; `dryRun` runs the same and rolls back.
 */
import path from 'node:path';
import { paymentBook } from '../collection/ledger.js';
import type { Connection } from '../db/connection.js';
import { audit, auditAppender, writeTx, type Actor } from '../db/audit.js';
import { withStatementsPreparedOnce } from '../db/prepared.js';
import { isDebitReturn, iterateCamt, type CamtTx } from '../files/camt.js';
import { invoiceNumbersIn, matchTransfer, type DeskReason } from '../rules/bank.js';
import { parseDate } from '../rules/dates.js';
import type { InvoiceStatus } from '../rules/enums.js';
import { recordPayment } from './index.js';

/** Recognised and left alone: nothing for the Desk. */
export type SkipReason = 'already_recorded' | 'listed_for_desk' | 'collection' | 'return_recorded' | 'not_booked' | 'debit';
/** For the Desk: money that came or went and that the import could not apply. */
export type UnknownReason =
  | DeskReason
  | 'no_bank_reference'
  | 'no_amount'
  | 'no_date'
  | 'reversal'
  | 'collection_unknown'
  | 'return_not_recorded'
  | 'return_unknown';

export interface RecordedJson {
  ref: string;
  line: number;
  booked_on: string;
  invoice: string;
  member_no: string;
  amount_cents: number;
  by: 'reference' | 'iban';
  status: InvoiceStatus;
  outstanding_cents: number;
  /** What the payment ended, as `bill pay` says it (null when nothing): an entry fee paid activates the member… */
  member_activated: string | null;
  /** …everything late paid lifts a suspension (art. 7.3.8)… */
  suspension_lifted: { member_no: string; status: string } | null;
  /** …or closes the non-payment procedure. */
  dunning_closed: string | null;
}

export interface SkippedJson {
  ref: string | null;
  line: number;
  booked_on: string | null;
  amount_cents: number | null;
  reason: SkipReason;
  invoice: string | null;
}

export interface UnknownJson {
  ref: string | null;
  line: number;
  booked_on: string | null;
  amount_cents: number | null;
  credit: boolean;
  payer_name: string | null;
  payer_iban: string | null;
  remittance: string | null;
  reason: UnknownReason;
  invoices: string[];
  detail: string | null;
}

export interface StatementResult {
  dry_run: boolean;
  transactions: number;
  recorded_count: number;
  recorded_cents: number;
  skipped_count: number;
  unknown_count: number;
  recorded: RecordedJson[];
  skipped: SkippedJson[];
  unknown: UnknownJson[];
}

class DryRun extends Error {}

export function importStatement(conn: Connection, actor: Actor, text: string | Iterable<string>, o: { file: string; dryRun?: boolean }): StatementResult {
  const sqlite = conn.sqlite;
  const result: StatementResult = {
    dry_run: !!o.dryRun,
    transactions: 0,
    recorded_count: 0,
    recorded_cents: 0,
    skipped_count: 0,
    unknown_count: 0,
    recorded: [],
    skipped: [],
    unknown: [],
  };
  const seen = sqlite.prepare('select 1 from bank_payments where account = ? and ref = ? limit 1').pluck();
  const remember = sqlite.prepare('insert into bank_payments (account, ref, payment_id, booked_on) values (?, ?, ?, ?)');
  // what an import left for the Desk stays the Desk's: a later import never records it on its own
  const deskSeen = sqlite.prepare('select 1 from bank_desk_entries where account = ? and ref = ? limit 1').pluck();
  const deskRemember = sqlite.prepare('insert or ignore into bank_desk_entries (account, ref, booked_on, reason) values (?, ?, ?, ?)');
  const debitOf = sqlite.prepare('select d.status from sepa_debits d join invoices i on i.id = d.invoice_id where i.number = ?').pluck();
  const exportOf = sqlite.prepare('select 1 from sepa_exports where msg_id = ?').pluck();
  const insPayment = sqlite
    .prepare("insert into payments (invoice_id, amount_cents, paid_on, method, created_at) values (?, ?, ?, 'transfer', ?) returning id")
    .pluck();
  let firstPayment: number | null = null;
  let lastPayment: number | null = null;

  const run = () =>
    writeTx(conn, (tx) => {
      // who pays from which account: the members' IBANs and their current mandates', read once
      const payers = new Map<string, number[]>();
      for (const r of sqlite
        .prepare(
          `select id, iban from members where iban is not null
           union select member_id, iban from sepa_mandates where ended_on is null`,
        )
        .iterate() as IterableIterator<{ id: number; iban: string }>) {
        const k = r.iban.replace(/\s+/g, '').toUpperCase();
        const list = payers.get(k) ?? [];
        if (!list.includes(r.id)) list.push(r.id);
        payers.set(k, list);
      }
      // what each member's financial guarantees still await (asked, less received): a transfer of
      // exactly that amount from the member's account may be the guarantee (rules/bank.ts)
      // (read once, by member: a transfer looks at its payers' only)
      const awaited = new Map<number, { memberId: number; requestedOn: string; cents: number }[]>();
      for (const g of sqlite
        .prepare(
          `select * from (select g.member_id as memberId, g.requested_on as requestedOn,
                  g.amount_cents - coalesce((select sum(m.amount_cents) from guarantee_moves m where m.guarantee_id = g.id and m.kind = 'received'), 0) as cents
           from guarantees g) where cents > 0`,
        )
        .iterate() as IterableIterator<{ memberId: number; requestedOn: string; cents: number }>)
        awaited.set(g.memberId, [...(awaited.get(g.memberId) ?? []), g]);
      // every invoice by number and by member, its amounts summed once (no query per transfer)
      const book = paymentBook(tx);
      const openProcedures = new Set(sqlite.prepare('select member_id from dunning_procedures where closed_on is null').pluck().all() as number[]);
      const appender = auditAppender(sqlite, actor);
      const skip = (x: CamtTx, reason: SkipReason, invoice: string | null = null) =>
        result.skipped.push({ ref: x.ref, line: x.line, booked_on: x.bookedOn, amount_cents: x.amountCents, reason, invoice });
      const desk = (x: CamtTx, reason: UnknownReason, invoices: string[] = [], detail: string | null = null) =>
        result.unknown.push({
          ref: x.ref,
          line: x.line,
          booked_on: x.bookedOn,
          amount_cents: x.amountCents,
          credit: x.credit,
          payer_name: x.payerName,
          payer_iban: x.payerIban,
          remittance: x.remittance.length > 0 ? x.remittance.join(' / ') : null,
          reason,
          invoices,
          detail,
        });

      for (const x of iterateCamt(text)) {
        result.transactions++;
        if (x.status !== null && x.status !== 'BOOK') {
          skip(x, 'not_booked');
          continue;
        }
        // the club's direct debits: booked by the SEPA export, taken back by `bill returns`
        if (isDebitReturn(x)) {
          const st = x.endToEndId !== null ? (debitOf.get(x.endToEndId.toUpperCase()) as string | undefined) : undefined;
          if (st === 'rejected') skip(x, 'return_recorded', x.endToEndId);
          else desk(x, st === undefined ? 'return_unknown' : 'return_not_recorded', x.endToEndId ? [x.endToEndId] : []);
          continue;
        }
        if (x.family === 'IDDT') {
          const ours =
            (x.msgId !== null && exportOf.get(x.msgId) !== undefined) ||
            (x.endToEndId !== null && debitOf.get(x.endToEndId.toUpperCase()) !== undefined) ||
            (x.msgId === null && x.endToEndId === null);
          if (ours) skip(x, 'collection', x.endToEndId);
          else desk(x, 'collection_unknown', x.endToEndId ? [x.endToEndId] : []);
          continue;
        }
        if (!x.credit) {
          skip(x, 'debit');
          continue;
        }
        if (x.reversal) {
          desk(x, 'reversal');
          continue;
        }
        if (x.ref === null) {
          desk(x, 'no_bank_reference');
          continue;
        }
        if (x.amountCents === null || x.amountCents <= 0 || (x.currency !== null && x.currency !== 'EUR')) {
          desk(x, 'no_amount');
          continue;
        }
        const bookedOn = x.bookedOn !== null ? parseDate(x.bookedOn) : null;
        if (bookedOn === null) {
          desk(x, 'no_date');
          continue;
        }
        const account = x.account ?? '';
        if (seen.get(account, x.ref) !== undefined) {
          skip(x, 'already_recorded');
          continue;
        }
        if (deskSeen.get(account, x.ref) !== undefined) {
          skip(x, 'listed_for_desk');
          continue;
        }
        const numbers = invoiceNumbersIn(x.remittance);
        const payerMembers = numbers.length === 0 && x.payerIban !== null ? (payers.get(x.payerIban) ?? []) : [];
        const named = numbers.map((n) => book.byNumber(n));
        const ofPayer = payerMembers.flatMap((id) => book.openOf(id));
        const guaranteesAwaited = payerMembers.flatMap((id) => awaited.get(id) ?? []).filter((g) => g.requestedOn <= bookedOn);
        const m = matchTransfer({ amountCents: x.amountCents, bookedOn, numbers, named, payerMembers, ofPayer, guaranteesAwaited });
        if (!m.ok) {
          desk(x, m.why, m.numbers, m.detail ?? null);
          deskRemember.run(account, x.ref, bookedOn, m.why);
          continue;
        }
        for (const p of m.pays) {
          const inv = [...named, ...ofPayer].find((b) => b?.number === p.number)!;
          let paymentId: number;
          let ended: Pick<RecordedJson, 'member_activated' | 'suspension_lifted' | 'dunning_closed'> = {
            member_activated: null,
            suspension_lifted: null,
            dunning_closed: null,
          };
          if (inv.isEntryFee || openProcedures.has(inv.memberId)) {
            // a member to activate or a procedure to close: the payment act itself
            const r = recordPayment(tx, actor, { number: p.number, amountCents: p.cents, paidOn: bookedOn, method: 'transfer' });
            paymentId = r.paymentId;
            ended = { member_activated: r.result.member_activated, suspension_lifted: r.result.suspension_lifted, dunning_closed: r.result.dunning_closed };
            if (r.result.dunning_closed !== null) openProcedures.delete(inv.memberId);
          } else {
            // the payment act's rows and entry, statements prepared once (bulk path; the
            // checks were matchTransfer's, made on the same amounts as recordPayment's)
            const createdAt = new Date().toISOString(); // the column's own format, recorded in the entry
            paymentId = insPayment.get(inv.id, p.cents, bookedOn, createdAt) as number;
            appender.append({
              entity: 'payment',
              entityId: paymentId,
              action: 'record',
              change: { invoice: inv.number, amount_cents: p.cents, paid_on: bookedOn, method: 'transfer', created_at: createdAt },
            });
          }
          book.paid(inv.id, p.cents, bookedOn, 'transfer');
          const after = book.asOf(inv.id, bookedOn); // as the act answers: on the payment's date
          remember.run(account, x.ref, paymentId, bookedOn);
          firstPayment ??= paymentId;
          lastPayment = paymentId;
          result.recorded.push({
            ref: x.ref,
            line: x.line,
            booked_on: bookedOn,
            invoice: inv.number,
            member_no: String(inv.memberNo),
            amount_cents: p.cents,
            by: m.by,
            status: after.status!, // an invoice (a credit note is never paid)
            outstanding_cents: after.outstandingCents,
            ...ended,
          });
          result.recorded_cents += p.cents;
        }
      }
      result.recorded_count = result.recorded.length;
      result.skipped_count = result.skipped.length;
      result.unknown_count = result.unknown.length;
      if (result.recorded_count > 0)
        audit(tx, actor, {
          entity: 'bank_statement',
          entityId: path.basename(o.file),
          action: 'import',
          change: {
            file: path.resolve(o.file),
            transactions: result.transactions,
            recorded: result.recorded_count,
            recorded_cents: result.recorded_cents,
            payments: { first: firstPayment, last: lastPayment },
            skipped: result.skipped_count,
            for_the_desk: result.unknown_count,
          },
        });
      if (o.dryRun) throw new DryRun();
    });
  try {
    withStatementsPreparedOnce(sqlite, run);
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
  }
  return result;
}
