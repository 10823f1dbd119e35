/**
 * The journal entries for the accountant (issue 25): the layout of the *fichier des écritures
 * comptables* (FEC, art. A47 A-1 of the LPF) — 18 columns in their order and names, `|` (or
 * tab) separated, dates YYYYMMDD, amounts with a decimal comma and no thousands separator,
 * one line per debit or credit. Three journals, each numbered continuously in date order:
 *   VT  sales: each invoice and credit note — the member's receivable (411 + auxiliary
 *       account per member) debited TTC, revenue credited HT per kind of line, VAT
 *       collected credited (a credit note the other way round);
 *   BQ  bank: each payment (a SEPA collection on its date), each return reversing it, each refund;
 *       each financial guarantee received or given back (art. 7.1: bank to 165 and back, never
 *       revenue); each compensation paid (art. 11.1: an expense, 658800);
 *   OD  miscellaneous: each use of a credit balance on a later invoice (411 to 411), each
 *       application of a guarantee to an invoice (165 to 411).
 * What belongs to a period and how it stays what was imported: docs/RULES.md §FEC. The
 * receivable lines of an invoice settled as of `on` (the ledger, src/collection/ledger.ts:
 * nothing outstanding, no credit) carry its lettering code and the date it was settled.
 * Streamed: each journal is one statement iterated, what the lettering needs read before.
 */
import { plainDecimal } from '../rules/money.js';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import { idBlocks, iterateSqlRaw } from '../db/iterate.js';
import { settledLookup } from '../collection/ledger.js';
import type { IsoDate } from '../rules/dates.js';
import { LINE_KINDS, type InvoiceKind, type LineKind } from '../rules/enums.js';
import type { AccountKey } from '../settings/index.js';

export const FEC_COLUMNS = [
  'JournalCode',
  'JournalLib',
  'EcritureNum',
  'EcritureDate',
  'CompteNum',
  'CompteLib',
  'CompAuxNum',
  'CompAuxLib',
  'PieceRef',
  'PieceDate',
  'EcritureLib',
  'Debit',
  'Credit',
  'EcritureLet',
  'DateLet',
  'ValidDate',
  'Montantdevise',
  'Idevise',
] as const;

export const JOURNALS = { VT: 'Ventes', BQ: 'Banque', OD: 'Opérations diverses' } as const;
type Journal = keyof typeof JOURNALS;

/** The account credited for each kind of invoice line. */
const LINE_ACCOUNT: Record<LineKind, AccountKey> = {
  entry_fee: 'accounts.entry_fee',
  subscription: 'accounts.subscription',
  option: 'accounts.option',
  charge: 'accounts.charge',
  credit: 'accounts.credit',
  penalty: 'accounts.penalty',
  indemnity: 'accounts.indemnity',
};
/** The accounts' names in the file (the FEC is read by a French accountant). */
const ACCOUNT_LABEL: Record<AccountKey, string> = {
  'accounts.receivable': 'Clients',
  'accounts.bank': 'Banque',
  'accounts.vat_collected': 'TVA collectée',
  'accounts.entry_fee': "Droits d'entrée",
  'accounts.subscription': 'Abonnements',
  'accounts.option': 'Options',
  'accounts.charge': 'Prestations facturées',
  'accounts.credit': 'Rabais, remises et ristournes accordés',
  'accounts.penalty': 'Pénalités de retard',
  'accounts.indemnity': 'Indemnité forfaitaire de recouvrement',
  'accounts.guarantee': 'Dépôts et cautionnements reçus',
  'accounts.damages': 'Dommages et intérêts versés',
};
const METHOD_LABEL: Record<string, string> = { sepa: 'prélèvement', card: 'carte', amex: 'carte Amex', transfer: 'virement' };

export interface EntriesPeriod {
  from: IsoDate;
  to: IsoDate;
}

export interface EntriesTotals {
  entries: number;
  lines: number;
  debit_cents: number;
  credit_cents: number;
  journals: Record<Journal, { entries: number; debit_cents: number; credit_cents: number }>;
}

export function emptyEntriesTotals(): EntriesTotals {
  const j = () => ({ entries: 0, debit_cents: 0, credit_cents: 0 });
  return { entries: 0, lines: 0, debit_cents: 0, credit_cents: 0, journals: { VT: j(), BQ: j(), OD: j() } };
}

/** 1234 → `12,34`: a decimal comma, no thousands separator, never a sign (the column says which side). */
export const fecAmount = (cents: number): string => plainDecimal(cents, ',');

/** `2026-12-01` → `20261201`. */
const ymd = (d: string): string => d.slice(0, 4) + d.slice(5, 7) + d.slice(8, 10);

/** Text as a cell: never the separator, a tab or a line break (the FEC has no quoting). */
const cell = (s: string): string => s.replace(/[|\s]+/g, ' ').trim();

/** The member's auxiliary account: `C` and the member number on 6 digits (`C000123`). */
export const auxAccount = (memberNo: number): string => `C${String(memberNo).padStart(6, '0')}`;

/** An invoice's lettering code: its id in letters, at least 3 (`AAB`), unique in the file and stable. */
export function letterCode(id: number): string {
  let n = id;
  let s = '';
  do {
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s.padStart(3, 'A');
}

/**
 * The lettering of the invoices `from…to` as of `on`: code and date for those settled, by id.
 * Read by blocks of ids (the ledger's sums for a block, then the block's movements), so that
 * what is held at once stays small; only the settled invoices are kept.
 */
function lettering(db: Db | Tx, on: IsoDate, range: { from: number; to: number } | null): Map<number, string> {
  const out = new Map<number, string>(); // id → `CODE|YYYYMMDD`
  if (range === null) return out;
  for (const block of idBlocks(range.from, range.to)) {
    const settled = settledLookup(db, on, block); // the ledger's amounts: read in one place
    const [lo, hi] = [block.from, block.to];
    // the invoices that moved by `on` (only those can be settled), with the day of their last
    // movement: the day their lines balanced
    for (const [id, last, kind, total, payBy] of db.values<[number, string, InvoiceKind, number, string]>(sql`
        select x.id, max(x.d), i.kind, i.total_ttc_cents, i.pay_by from (
          select p.invoice_id id, p.paid_on d from payments p where p.invoice_id between ${lo} and ${hi} and p.paid_on <= ${on}
          union all select p.invoice_id, v.reversed_on from payment_reversals v join payments p on p.id = v.payment_id
            where p.invoice_id between ${lo} and ${hi} and v.reversed_on <= ${on}
          union all select refers_to, issued_on from invoices where refers_to between ${lo} and ${hi} and kind = 'credit_note' and issued_on <= ${on}
          union all select invoice_id, allocated_on from credit_allocations where invoice_id between ${lo} and ${hi} and allocated_on <= ${on}
          union all select from_invoice_id, allocated_on from credit_allocations where from_invoice_id between ${lo} and ${hi} and allocated_on <= ${on}
          union all select invoice_id, refunded_on from refunds where invoice_id between ${lo} and ${hi} and refunded_on <= ${on}
          union all select invoice_id, on_date from guarantee_moves where invoice_id between ${lo} and ${hi} and on_date <= ${on}) x
        join invoices i on i.id = x.id
        where i.kind = 'invoice' and i.issued_on <= ${on} group by x.id`)) {
      const s = settled({ id, kind, totalTtcCents: total, payBy });
      if (s.outstandingCents === 0 && s.creditCents === 0) out.set(id, `${letterCode(id)}|${ymd(last)}`);
    }
  }
  return out;
}

type SalesRow = [
  id: number,
  number: string,
  kind: InvoiceKind,
  issuedOn: string,
  memberNo: number,
  member: string,
  refersTo: number | null,
  refersNumber: string | null,
  lineKind: LineKind,
  ht: number,
  ttc: number,
];
/**
 * payment, return, refund, guarantee received, guarantee given back, compensation paid: kind, id, date, invoice id
 * (null for the last three), piece (invoice number, `GAR…`, `DI…`), member no, name, amount, method.
 */
type BankRow = [
  kind: 1 | 2 | 3 | 4 | 5 | 6,
  id: number,
  date: string,
  invoiceId: number | null,
  number: string,
  memberNo: number,
  member: string,
  amount: number,
  what: string,
];
/** a credit balance used (kind 1: from an invoice) or a guarantee applied (kind 2: `fromNumber` is the guarantee's piece). */
type MiscRow = [
  kind: 1 | 2,
  id: number,
  date: string,
  fromId: number | null,
  fromNumber: string,
  toId: number,
  toNumber: string,
  memberNo: number,
  member: string,
  amount: number,
];
/** A guarantee's piece reference in the file: `GAR` and its number on 6 digits. */
const GUARANTEE_PIECE = sql.raw(`printf('GAR%06d', g.id)`);

const MEMBER_NAME = sql.raw(`case when m.kind = 'company' and m.company_name is not null then m.company_name else m.first_name || ' ' || m.last_name end`);

/**
 * The FEC of a period as of `on`, in chunks. `chart`: account numbers by key (settings, with
 * their defaults). Entries dated from `period.from` to the earlier of `period.to` and `on`.
 */
export function* entriesChunks(
  db: Db | Tx,
  period: EntriesPeriod,
  on: IsoDate,
  chart: Record<AccountKey, string>,
  opts: { tab?: boolean },
  totals: EntriesTotals,
): Generator<string> {
  const sep = opts.tab ? '\t' : '|';
  const from = period.from;
  const to = period.to < on ? period.to : on;
  yield FEC_COLUMNS.join(sep) + '\r\n';
  if (to < from) return;
  db.run(sql`savepoint fec_export`); // one snapshot for the three journals
  try {
    let chunk = '';
    let journal: Journal = 'VT';
    let num = 0; // the entry's number in its journal
    let head = ''; // JournalCode|JournalLib|EcritureNum|EcritureDate|
    let mid = ''; // |PieceRef|PieceDate|EcritureLib|
    let tail = ''; // |ValidDate|Montantdevise|Idevise CRLF
    // what never changes within a file, made once: an account's number and name, no auxiliary account, no lettering
    const account = Object.fromEntries(Object.entries(chart).map(([k, n]) => [k, n + sep + ACCOUNT_LABEL[k as AccountKey] + sep])) as Record<
      AccountKey,
      string
    >;
    const noAux = sep;
    const noLet = sep;
    const zero = fecAmount(0);
    const start = (j: Journal, d: string, ref: string, refDate: string, label: string): void => {
      if (j !== journal) {
        journal = j;
        num = 0;
      }
      num++;
      const date = ymd(d);
      head = j + sep + JOURNALS[j] + sep + String(base[j] + num) + sep + date + sep;
      mid = sep + cell(ref) + sep + ymd(refDate) + sep + cell(label) + sep;
      tail = sep + date + sep + sep + '\r\n';
      totals.entries++;
      totals.journals[j].entries++;
    };
    /** One line: `amount` > 0 debit, < 0 credit; `let_` the lettering `CODE|YYYYMMDD`. */
    const line = (key: AccountKey, amount: number, aux: string | null, let_: string | undefined): void => {
      const debit = amount > 0 ? amount : 0;
      const credit = amount < 0 ? -amount : 0;
      chunk +=
        head +
        account[key] +
        (aux ?? noAux) +
        mid +
        (debit === 0 ? zero : fecAmount(debit)) +
        sep +
        (credit === 0 ? zero : fecAmount(credit)) +
        sep +
        (let_ === undefined ? noLet : sep === '|' ? let_ : let_.replace('|', sep)) +
        tail;
      totals.lines++;
      totals.debit_cents += debit;
      totals.credit_cents += credit;
      totals.journals[journal].debit_cents += debit;
      totals.journals[journal].credit_cents += credit;
    };
    // each journal's numbering continues from the entries dated before the period
    const base: Record<Journal, number> = {
      VT: db.values<[number]>(
        sql`select count(*) from invoices i where i.issued_on < ${from} and exists (select 1 from invoice_lines l where l.invoice_id = i.id)`,
      )[0]![0],
      BQ: db.values<
        [number]
      >(sql`select (select count(*) from payments where paid_on < ${from}) + (select count(*) from payment_reversals where reversed_on < ${from})
          + (select count(*) from refunds where refunded_on < ${from})
          + (select count(*) from guarantee_moves where kind <> 'applied' and on_date < ${from}) + (select count(*) from damages_paid where paid_on < ${from})`)[0]![0],
      OD: db.values<[number]>(
        sql`select (select count(*) from credit_allocations where allocated_on < ${from}) + (select count(*) from guarantee_moves where kind = 'applied' and on_date < ${from})`,
      )[0]![0],
    };
    const span = (q: ReturnType<typeof sql>): { from: number; to: number } | null => {
      const [lo, hi] = db.values<[number | null, number | null]>(q)[0]!;
      return lo === null || hi === null ? null : { from: lo, to: hi };
    };

    // the lettering of every invoice the period's entries touch, once for the three journals
    const spans = [
      span(sql`select min(coalesce(min(id, refers_to), id)), max(coalesce(max(id, refers_to), id)) from invoices where issued_on between ${from} and ${to}`),
      span(sql`select min(i), max(i) from (
        select invoice_id i from payments where paid_on between ${from} and ${to}
        union all select p.invoice_id from payment_reversals v join payments p on p.id = v.payment_id where v.reversed_on between ${from} and ${to}
        union all select invoice_id from refunds where refunded_on between ${from} and ${to}
        union all select invoice_id from guarantee_moves where invoice_id is not null and on_date between ${from} and ${to})`),
      span(
        sql`select min(min(from_invoice_id, invoice_id)), max(max(from_invoice_id, invoice_id)) from credit_allocations where allocated_on between ${from} and ${to}`,
      ),
    ].filter((x) => x !== null);
    const lets = lettering(db, on, spans.length === 0 ? null : { from: Math.min(...spans.map((x) => x.from)), to: Math.max(...spans.map((x) => x.to)) });

    // VT: the documents of the period, their lines summed per kind
    let cur = -1;
    let sign = 1;
    let letOf: string | undefined;
    let vat = 0;
    let receivable = 0;
    let aux = '';
    const parts: [LineKind, number][] = [];
    const closeSale = (): void => {
      if (cur === -1) return;
      line('accounts.receivable', sign * receivable, aux, letOf);
      parts.sort((a, b) => LINE_KINDS.indexOf(a[0]) - LINE_KINDS.indexOf(b[0]));
      for (const [k, ht] of parts) if (ht !== 0) line(LINE_ACCOUNT[k], -sign * ht, null, undefined);
      if (vat !== 0) line('accounts.vat_collected', -sign * vat, null, undefined);
      parts.length = 0;
    };
    for (const [id, number, kind, issuedOn, memberNo, member, refersTo, refersNumber, lineKind, ht, ttc] of iterateSqlRaw<SalesRow>(
      db,
      sql`select i.id, i.number, i.kind, i.issued_on, m.member_no, ${MEMBER_NAME}, i.refers_to, r.number, l.kind, l.ht_cents, l.ttc_cents
          from invoices i join members m on m.id = i.member_id join invoice_lines l on l.invoice_id = i.id left join invoices r on r.id = i.refers_to
          where i.issued_on between ${from} and ${to}
          order by i.issued_on, i.id`, // through invoices_issued_idx: no sort, one row per line (summed per kind here)
    )) {
      if (id !== cur) {
        closeSale();
        if (chunk.length >= 1 << 16) {
          yield chunk;
          chunk = '';
        }
        cur = id;
        sign = kind === 'credit_note' ? -1 : 1;
        const label = kind === 'credit_note' ? `Avoir ${number}${refersNumber ? ` sur facture ${refersNumber}` : ''}` : `Facture ${number}`;
        start('VT', issuedOn, number, issuedOn, `${label} ${member}`);
        letOf = lets.get(kind === 'credit_note' ? (refersTo ?? -1) : id);
        aux = auxAccount(memberNo) + sep + cell(member);
        vat = 0;
        receivable = 0;
      }
      const part = parts.find((x) => x[0] === lineKind);
      if (part) part[1] += ht;
      else parts.push([lineKind, ht]);
      vat += ttc - ht;
      receivable += ttc;
    }
    closeSale();

    // BQ: payments, returns, refunds of the period in date order
    for (const [kind, , d, invoiceId, number, memberNo, member, amount, what] of iterateSqlRaw<BankRow>(
      db,
      sql`select * from (
          select 1 k, p.id, p.paid_on d, p.invoice_id, i.number, m.member_no, ${MEMBER_NAME}, p.amount_cents, p.method
            from payments p join invoices i on i.id = p.invoice_id join members m on m.id = i.member_id where p.paid_on between ${from} and ${to}
          union all
          select 2, v.id, v.reversed_on, p.invoice_id, i.number, m.member_no, ${MEMBER_NAME}, p.amount_cents, p.method
            from payment_reversals v join payments p on p.id = v.payment_id join invoices i on i.id = p.invoice_id join members m on m.id = i.member_id
            where v.reversed_on between ${from} and ${to}
          union all
          select 3, f.id, f.refunded_on, f.invoice_id, i.number, m.member_no, ${MEMBER_NAME}, f.amount_cents, f.method
            from refunds f join invoices i on i.id = f.invoice_id join members m on m.id = i.member_id where f.refunded_on between ${from} and ${to}
          union all
          select case v.kind when 'received' then 4 else 5 end, v.id, v.on_date, null, ${GUARANTEE_PIECE}, m.member_no, ${MEMBER_NAME}, v.amount_cents, v.method
            from guarantee_moves v join guarantees g on g.id = v.guarantee_id join members m on m.id = g.member_id
            where v.kind <> 'applied' and v.on_date between ${from} and ${to}
          union all
          select 6, x.id, x.paid_on, null, printf('DI%06d', x.id), m.member_no, ${MEMBER_NAME}, x.amount_cents, x.method
            from damages_paid x join members m on m.id = x.member_id where x.paid_on between ${from} and ${to})
        order by d, k, id`,
    )) {
      const how = METHOD_LABEL[what] ?? what;
      const label = [
        `Règlement ${how} facture ${number}`,
        `Rejet ${how} facture ${number}`,
        `Remboursement ${how} facture ${number}`,
        `Garantie financière ${number} reçue (${how})`,
        `Garantie financière ${number} restituée (${how})`,
        `Dommages et intérêts ${number} versés (${how})`,
      ][kind - 1];
      start('BQ', d, number, d, `${label} ${member}`);
      const into = kind === 1 || kind === 4 ? amount : -amount; // what the bank account receives
      line('accounts.bank', into, null, undefined);
      const aux = auxAccount(memberNo) + sep + cell(member);
      if (kind <= 3) line('accounts.receivable', -into, aux, lets.get(invoiceId!));
      else if (kind <= 5)
        line('accounts.guarantee', -into, aux, undefined); // held for the member: a liability, never revenue
      else line('accounts.damages', -into, null, undefined);
      if (chunk.length >= 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }

    // OD: credit balances used on later invoices, guarantees applied to invoices
    for (const [kind, , d, fromId, fromNumber, toId, toNumber, memberNo, member, amount] of iterateSqlRaw<MiscRow>(
      db,
      sql`select * from (
          select 1 k, a.id, a.allocated_on d, a.from_invoice_id, f.number, a.invoice_id, i.number, m.member_no, ${MEMBER_NAME}, a.amount_cents
            from credit_allocations a join invoices f on f.id = a.from_invoice_id join invoices i on i.id = a.invoice_id join members m on m.id = i.member_id
            where a.allocated_on between ${from} and ${to}
          union all
          select 2, v.id, v.on_date, null, ${GUARANTEE_PIECE}, v.invoice_id, i.number, m.member_no, ${MEMBER_NAME}, v.amount_cents
            from guarantee_moves v join guarantees g on g.id = v.guarantee_id join invoices i on i.id = v.invoice_id join members m on m.id = g.member_id
            where v.kind = 'applied' and v.on_date between ${from} and ${to})
        order by d, k, id`,
    )) {
      const a = auxAccount(memberNo) + sep + cell(member);
      if (kind === 1) {
        start('OD', d, toNumber, d, `Avoir de la facture ${fromNumber} imputé sur la facture ${toNumber} ${member}`);
        line('accounts.receivable', amount, a, lets.get(fromId!));
      } else {
        start('OD', d, toNumber, d, `Garantie financière ${fromNumber} imputée sur la facture ${toNumber} ${member}`);
        line('accounts.guarantee', amount, a, undefined);
      }
      line('accounts.receivable', -amount, a, lets.get(toId));
      if (chunk.length >= 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk !== '') yield chunk;
  } finally {
    db.run(sql`release fec_export`);
  }
}
