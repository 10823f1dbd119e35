/**
 * The month's direct debits as one ISO 20022 pain.008 file, SDD Core (art. 7.3.1; RULES.md
 * §6 decision SEPA), written as it is read (`pain008.ts`: the bytes the `sepa` package
 * wrote, which stays the tests' oracle): texts transliterated to the EPC Latin set and cut
 * to the scheme's lengths, no postal address at all (banks reject address lines since 15
 * November 2026), control sums from integer cents.
 *
 * Exporting books each debit as a `sepa` payment dated on its collection date (the debit
 * pays the invoice by the pay-by date, so it is never late); the bank's return of a
 * rejected debit reverses that payment (`bill returns`). Exporting a month again rewrites
 * the same message (same id, same creation time) unless `--new` asks for a new one with
 * what is not exported yet.
 *
 * At 100 000 debits nothing is held whole (issue 14): the month's invoices are read a page
 * at a time and each debit is booked as it is decided; the file's counts and sums come from
 * one grouped query, then its transactions are read and written in ~64 KiB pieces.
 */
import { eq, sql } from 'drizzle-orm';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, auditAppender, writeTx, type Actor } from '../db/audit.js';
import { sepaExports } from '../db/schema.js';
import { InvalidInputError, UsageError, enforce } from '../errors.js';
import { assertWritableFile, writeFileAtomicStream } from '../files/atomic.js';
import { iterateSqlRaw } from '../db/iterate.js';
import type { IsoDate } from '../rules/dates.js';
import { checkCollectionDate, debitAfterContract, mandateLapsed, normalizeBic, normalizeIcs, sequenceType, toEpcText } from '../rules/sepa.js';
import { normalizeIban } from '../rules/identifiers.js';
import { requireSettings } from '../settings/index.js';
import { iterateMonthCollectables } from './month.js';
import { pain008Chunks, type DebitRow, type Pain, type Pain008Creditor, type Pain008Group, type SequenceType } from './pain008.js';
import { t } from '../i18n/index.js';

export type { Pain } from './pain008.js';
export { amendmentXml } from './pain008.js';
export type LeftOutReason = 'no_mandate' | 'mandate_lapsed' | 'already_exported' | 'pay_by_passed' | 'nothing_due' | 'entry_fee' | 'not_in_file' | 'terminated';

export interface SepaDebitResult {
  invoice: string;
  member_no: string;
  amount_cents: number;
  sequence_type: SequenceType;
  collection_date: string;
  rum: string;
}

export interface SepaExportResult {
  month: string;
  msg_id: string | null;
  file: string | null;
  pain: Pain;
  reused: boolean;
  transactions: number;
  total_cents: number;
  collection_dates: string[];
  /** Read from the books as it is iterated (after the export is committed): 100 000 debits are never held. */
  debits: Iterable<SepaDebitResult>;
  left_out: { invoice: string; member_no: string; reason: LeftOutReason }[];
}

function creditor(db: Db | Tx) {
  const s = requireSettings(db, ['seller.name', 'creditor.ics', 'creditor.iban', 'creditor.bic']);
  const ics = normalizeIcs(s['creditor.ics']);
  if (!ics) throw new InvalidInputError(t('documents.sepa.bad_ics', { ics: s['creditor.ics'] }));
  const iban = normalizeIban(s['creditor.iban']);
  if (!iban) throw new InvalidInputError(t('settings.invalid', { key: 'creditor.iban', value: s['creditor.iban'], expected: t('settings.expect.iban') }));
  const bic = normalizeBic(s['creditor.bic']);
  if (!bic) throw new InvalidInputError(t('settings.invalid', { key: 'creditor.bic', value: s['creditor.bic'], expected: t('settings.expect.bic') }));
  return { name: toEpcText(s['seller.name'], 70), ics, iban, bic };
}

/** The local date-time of a new message (`CreDtTm`), `YYYY-MM-DDTHH:MM:SS`. */
function nowLocal(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}T${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}`;
}

/** What the transaction leaves to read once it is committed: the result but its debits. */
type Written = Omit<SepaExportResult, 'debits'> & { exportId: number | null };

/**
 * `bill export --format sepa`. Every check (settings, ICS, --out) is made before anything is
 * written; the debits, their payments and the file are one act: if the file cannot be
 * written (or a collection date is refused), nothing is recorded.
 */
export function exportSepa(conn: Connection, actor: Actor, o: ExportOptions): SepaExportResult {
  assertWritableFile(o.out);
  const cred = creditor(conn.db);
  const { exportId, left_out, ...head } = withSmallCache(conn.sqlite, () => writeTx(conn, (tx) => exportInTx(tx, conn, actor, o, cred)));
  // read when the result is written, once committed: what the file carries, as recorded
  return { ...head, debits: exportId === null ? [] : exportDebits(conn, exportId), left_out };
}

interface ExportOptions {
  month: string;
  on: IsoDate;
  out: string;
  /** The version asked (`--pain`); none: 08 for a new message, as first sent for one written again. */
  pain?: Pain;
  collectionDate?: IsoDate;
  newExport?: boolean;
  now?: Date;
}

/** The export in its transaction: the debits booked as they are decided, then the file. */
function exportInTx(tx: Tx, conn: Connection, actor: Actor, asked: ExportOptions, cred: Pain008Creditor): Written {
  const o = { ...asked, pain: asked.pain ?? '08' };
  const previous = tx.select().from(sepaExports).where(eq(sepaExports.month, o.month)).orderBy(sql`${sepaExports.id} desc`).get();
  const leftOut: SepaExportResult['left_out'] = [];
  if (previous && !o.newExport) {
    // the same message again: same id, same creation time, the debits recorded then; left
    // out, what is due and in no file (an invoice of this file is exported)
    const hasMandate = conn.sqlite.prepare('select 1 from sepa_mandates where member_id = ? and ended_on is null').pluck();
    for (const c of iterateMonthCollectables(tx, o.month, o.on)) {
      if (!c.exported && !c.isEntryFee && c.dueCents > 0)
        leftOut.push({
          invoice: c.number,
          member_no: String(c.memberNo),
          reason: debitAfterContract(c.terminatedOn, o.collectionDate ?? c.payBy) ? 'terminated' : hasMandate.get(c.memberId) ? 'not_in_file' : 'no_mandate',
        });
    }
    const pain = previous.pain as Pain;
    // a message is written again only as it was sent: another version would be another file for the same debits
    if (asked.pain !== undefined && asked.pain !== pain)
      throw new UsageError(t('documents.sepa.other_version', { month: o.month, msg_id: previous.msgId, pain, asked: asked.pain }));
    const groups = writeFile(tx, o.out, pain, { msgId: previous.msgId, createdAtIso: previous.createdAtIso, month: o.month }, cred, previous.id);
    return { ...summary(o.month, previous.msgId, o.out, pain, true, groups), left_out: leftOut, exportId: previous.id };
  }

  // the lookups of every candidate, prepared once on the raw handle (issue 14: 100 000 debits)
  const sqlite = conn.sqlite;
  const mandateOf = sqlite.prepare(
    'select id, rum, iban, signed_on as signedOn, recorded_on as recordedOn, amended_from_iban as amendedFromIban from sepa_mandates where member_id = ? and ended_on is null',
  );
  // a mandate's last collection before this export (its own debits, booked as they are decided, do not count)
  const lastCollectionOf = sqlite
    .prepare(
      "select max(e.collection_date) from sepa_debits d join sepa_exports e on e.id = d.export_id where d.mandate_id = ? and d.status = 'exported' and d.export_id <> ?",
    )
    .pluck();
  // collections so far, this export's included: a mandate's second debit in one file is RCUR
  const collectionsOf = sqlite.prepare("select count(*) from sepa_debits where mandate_id = ? and status = 'exported'").pluck();
  const insPayment = sqlite
    .prepare("insert into payments (invoice_id, amount_cents, paid_on, method, created_at) values (?, ?, ?, 'sepa', ?) returning id")
    .pluck();
  const insDebit = sqlite.prepare(
    'insert into sepa_debits (export_id, invoice_id, mandate_id, debtor_iban, original_iban, sequence_type, amount_cents, payment_id) values (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  // the export row comes with its first debit (a month with nothing to debit writes nothing);
  // its count, total and first collection date are set once all are booked
  let exp: { id: number; msgId: string; createdAtIso: string; appender: ReturnType<typeof auditAppender> } | null = null;
  let transactions = 0;
  let total = 0;
  let firstCollection = '';
  for (const c of iterateMonthCollectables(tx, o.month, o.on)) {
    const out = (reason: LeftOutReason) => leftOut.push({ invoice: c.number, member_no: String(c.memberNo), reason });
    if (c.isEntryFee) continue; // paid by card, AMEX or transfer (art. 7.3.3), never debited
    if (c.exported) {
      out('already_exported');
      continue;
    }
    if (c.dueCents <= 0) continue; // paid, credited or contested
    if (debitAfterContract(c.terminatedOn, o.collectionDate ?? c.payBy)) {
      out('terminated'); // after the contract's end: by transfer or card (art. 10.4)
      continue;
    }
    const mandate = mandateOf.get(c.memberId) as
      | { id: number; rum: string; iban: string; signedOn: string; recordedOn: string; amendedFromIban: string | null }
      | undefined;
    if (!mandate) {
      out('no_mandate');
      continue;
    }
    const last = lastCollectionOf.get(mandate.id, exp?.id ?? 0) as string | null;
    if (mandateLapsed({ signedOn: mandate.signedOn, recordedOn: mandate.recordedOn, lastCollection: last }, o.on)) {
      out('mandate_lapsed');
      continue;
    }
    let collection = c.payBy;
    if (o.collectionDate) {
      enforce(checkCollectionDate(o.collectionDate, c.payBy, o.on));
      collection = o.collectionDate;
    } else if (collection <= o.on) {
      out('pay_by_passed');
      continue;
    }
    exp ??= newExport(tx, sqlite, actor, o, collection);
    // the debit, its payment and an audit entry: statements prepared once (bulk path)
    const before = collectionsOf.get(mandate.id) as number;
    const createdAt = new Date().toISOString(); // the column's own format, recorded in the entry
    const paymentId = insPayment.get(c.invoiceId, c.dueCents, collection, createdAt) as number;
    exp.appender.append({
      entity: 'payment',
      entityId: paymentId,
      action: 'record',
      change: { invoice: c.number, amount_cents: c.dueCents, paid_on: collection, method: 'sepa', sepa_message: exp.msgId, created_at: createdAt },
    });
    insDebit.run(exp.id, c.invoiceId, mandate.id, mandate.iban, mandate.amendedFromIban, sequenceType(before), c.dueCents, paymentId);
    transactions++;
    total += c.dueCents;
    if (firstCollection === '' || collection < firstCollection) firstCollection = collection;
  }
  if (exp === null) return { ...summary(o.month, null, null, o.pain, false, []), left_out: leftOut, exportId: null };

  // the bank is told of an amended account once: this file carries it
  tx.run(
    sql`update sepa_mandates set amended_from_iban = null where id in (select mandate_id from sepa_debits where export_id = ${exp.id} and original_iban is not null)`,
  );
  // one collection date per export row is informative; each debit's own date is its payment's
  tx.run(sql`update sepa_exports set collection_date = ${firstCollection}, transactions = ${transactions}, total_cents = ${total} where id = ${exp.id}`);
  audit(tx, actor, {
    entity: 'sepa_export',
    entityId: exp.msgId,
    action: 'export',
    change: { month: o.month, pain: o.pain, transactions, total_cents: total, left_out: leftOut.length },
  });
  const groups = writeFile(tx, o.out, o.pain, { msgId: exp.msgId, createdAtIso: exp.createdAtIso, month: o.month }, cred, exp.id);
  return { ...summary(o.month, exp.msgId, o.out, o.pain, false, groups), left_out: leftOut, exportId: exp.id };
}

/**
 * SQLite's own default page cache (2 MB) while the export reads or writes its rows, instead
 * of better-sqlite3's 16 MB: each row is read and written once (the pages stay in the
 * system's cache), and the sorter that puts the file's debits in block order keeps as much
 * in memory as the cache before it spills. 100 000 debits: peak RSS 138 → 111 MB, no slower.
 * Returns what puts the connection's cache back.
 */
function smallCache(sqlite: Connection['sqlite']): () => void {
  const before = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma('cache_size = -2000');
  return () => sqlite.pragma(`cache_size = ${before}`);
}

function withSmallCache<T>(sqlite: Connection['sqlite'], fn: () => T): T {
  const restore = smallCache(sqlite);
  try {
    return fn();
  } finally {
    restore();
  }
}

/** A new message of the month: its row (count and total set at the end) and the appender of its payments' audit entries. */
function newExport(tx: Tx, sqlite: Connection['sqlite'], actor: Actor, o: ExportOptions & { pain: Pain }, collection: IsoDate) {
  const n = tx.get<{ n: number }>(sql`select count(*) as n from sepa_exports where month = ${o.month}`).n + 1;
  const msgId = `PARNASSE-${o.month}-${n}`;
  const createdAtIso = nowLocal(o.now ?? new Date());
  const row = tx
    .insert(sepaExports)
    .values({ msgId, month: o.month, pain: o.pain, collectionDate: collection, createdAtIso, transactions: 0, totalCents: 0 })
    .returning({ id: sepaExports.id })
    .get();
  return { id: row.id, msgId, createdAtIso, appender: auditAppender(sqlite, actor, { exclusive: true }) };
}

/** The result's figures from the file's blocks. */
function summary(
  month: string,
  msgId: string | null,
  file: string | null,
  pain: Pain,
  reused: boolean,
  groups: Pain008Group[],
): Omit<Written, 'left_out' | 'exportId'> {
  return {
    month,
    msg_id: msgId,
    file,
    pain,
    reused,
    transactions: groups.reduce((s, g) => s + g.count, 0),
    total_cents: groups.reduce((s, g) => s + g.cents, 0),
    collection_dates: [...new Set(groups.map((g) => g.collection_date))].sort(),
  };
}

/** The debits of an export with their collection date (their payment's) and what the file says of each. */
const DEBITS = sql`from sepa_debits d join payments p on p.id = d.payment_id join invoices i on i.id = d.invoice_id
    join members m on m.id = i.member_id join sepa_mandates sm on sm.id = d.mandate_id`;

/**
 * Writes the pain.008 file of an export as it is read: its blocks summed first (the counts and
 * control sums come before the transactions), then its debits in block order, ~64 KiB at a
 * time into a temporary file renamed over `out` once whole. Returns the blocks.
 */
function writeFile(
  tx: Tx,
  out: string,
  pain: Pain,
  head: { msgId: string; createdAtIso: string; month: string },
  cred: Pain008Creditor,
  exportId: number,
): Pain008Group[] {
  const groups = tx.all<Pain008Group>(sql`
    select d.sequence_type, p.paid_on as collection_date, count(*) as count, sum(d.amount_cents) as cents
    ${DEBITS} where d.export_id = ${exportId}
    group by d.sequence_type, p.paid_on order by d.sequence_type, p.paid_on`);
  const rows = iterateSqlRaw<DebitColumns>(
    tx,
    sql`select i.number, m.member_no, m.first_name, m.last_name, m.kind, m.company_name,
      d.amount_cents, d.sequence_type, p.paid_on, sm.rum, coalesce(d.debtor_iban, sm.iban), sm.signed_on, d.original_iban
    ${DEBITS} where d.export_id = ${exportId} order by d.sequence_type, p.paid_on, d.id`,
  );
  writeFileAtomicStream(out, pain008Chunks(pain, head, cred, groups, debitRows(rows)));
  return groups;
}

type DebitColumns = [string, number, string, string, string, string | null, number, SequenceType, string, string, string, string, string | null];

/** Rows read as arrays (cheaper than objects built column by column), made debits with a literal of fixed shape. */
function* debitRows(rows: Iterable<DebitColumns>): Generator<DebitRow> {
  for (const [invoice, memberNo, firstName, lastName, kind, companyName, amount, seq, date, rum, iban, signedOn, originalIban] of rows)
    yield {
      invoice,
      member_no: memberNo,
      first_name: firstName,
      last_name: lastName,
      kind,
      company_name: companyName,
      amount_cents: amount,
      sequence_type: seq,
      collection_date: date,
      rum,
      iban,
      signed_on: signedOn,
      original_iban: originalIban,
    };
}

/** The debits of an export as the result lists them, in the order they were booked: read anew each time it is iterated. */
function exportDebits(conn: Connection, exportId: number): Iterable<SepaDebitResult> {
  const query = sql`select i.number, m.member_no, d.amount_cents, d.sequence_type, p.paid_on, sm.rum ${DEBITS} where d.export_id = ${exportId} order by d.id`;
  return {
    *[Symbol.iterator]() {
      const restore = smallCache(conn.sqlite);
      try {
        for (const [invoice, memberNo, amount, seq, date, rum] of iterateSqlRaw<[string, number, number, SequenceType, string, string]>(conn.db, query))
          yield { invoice, member_no: String(memberNo), amount_cents: amount, sequence_type: seq, collection_date: date, rum };
      } finally {
        restore();
      }
    },
  };
}
