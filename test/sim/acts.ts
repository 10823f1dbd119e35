/**
 * The acts of Desk life, each one `parnasse` command (or a few) as the Desk would type it.
 * An act picks what it acts on from what the club says (`--json` readings as of the day),
 * never from the database directly, and accepts the refusals the contract may give (exit 3).
 * The cron acts (monthly run, SEPA export, dunning) are in `cron`; the Desk's in `DESK`
 * (interventions, Univers Pro, cooptation and data rights in `acts-more.ts`).
 */
import { CANDIDACY_COLUMNS } from '../../src/candidacy/columns.js';
import fs from 'node:fs';
import type { InvoiceListItem } from '../../src/invoicing/index.js';
import { camt, frIban, type CamtEntrySpec } from '../helpers/camt.js';
import { addDays, addMonths, firstOf, monthOf, type IsoDate, type World } from './world.js';
import { addMonths as monthLater } from '../../src/rules/dates.js';
import { MORE } from './acts-more.js';

// ---------------------------------------------------------------------------------------
// the club's data

/** Valid French IBANs (from the bundled fixtures). */
const IBANS = [
  'FR7610107091570962357430968',
  'FR7610107650792182093053650',
  'FR7610107721199568508987073',
  'FR7618206119296984095796117',
  'FR7618206330645134834418928',
  'FR7618206454834922760641974',
  'FR7618206588308284106189725',
  'FR7618206757539445962778886',
  'FR7620041076037262662594167',
  'FR7620041893921366111578863',
  'FR7630003199216843287446728',
  'FR7630003834208256233529985',
  'FR7630003911348310838335673',
  'FR7630004268984951348850574',
  'FR7630004286014195424121860',
  'FR7630004353829652551735412',
];

/** Places: covered ones, and Côte-d'Or (21), not covered until a zone revision brings it in. */
const PLACES = [
  { street: '18 avenue Foch', postal: '75116', city: 'Paris', dep: '75' },
  { street: '3 place des Vosges', postal: '75004', city: 'Paris', dep: '75' },
  { street: '7 rue de Longchamp', postal: '92200', city: 'Neuilly-sur-Seine', dep: '92' },
  { street: '5 cours Mirabeau', postal: '13100', city: 'Aix-en-Provence', dep: '13' },
  { street: '2 quai Saint-Antoine', postal: '69002', city: 'Lyon', dep: '69' },
  { street: '8 quai Kléber', postal: '67000', city: 'Strasbourg', dep: '67' },
  { street: '27 cours de l’Intendance', postal: '33000', city: 'Bordeaux', dep: '33' },
  { street: '15 rue de la Monnaie', postal: '35000', city: 'Rennes', dep: '35' },
];
const UNCOVERED = { street: '4 rue de la Liberté', postal: '21000', city: 'Dijon', dep: '21' };

const FIRST = ['Hélène', 'Antoine', 'Claire', 'François', 'Odile', 'Rémi', 'Armelle', 'Thierry', 'Sophie', 'Marc', 'Inès', 'Luc'];
const LAST = ['Marchand', 'de Villeneuve', 'Rousseau', 'Bérard', 'Lefèvre', 'Castellane', 'Morin', 'Dubois', 'Garnier', 'Roux', 'Faure', 'Petit'];
const OPTIONS = ['extra_mailbox', 'mailbox_pack_5', 'concierge_privilege', 'office_assistance', 'bitdefender', 'mail'] as const;
/** The options with a monthly price in annex 1 (the others are included: 0 €). */
const PRICED = ['extra_mailbox', 'mailbox_pack_5', 'concierge_privilege'] as const;

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = (rows: string[][]) => rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';

// ---------------------------------------------------------------------------------------
// readings the acts choose from (as of the day, through the commands)

/** A row of `bill list --json`. */
export type ListedInvoice = InvoiceListItem;

export async function listInvoices(w: World): Promise<ListedInvoice[]> {
  return w.cached('bill list', async () => (await w.json<ListedInvoice[]>(['bill', 'list'])).doc);
}

export async function listMembers(w: World): Promise<{ member_no: string; status: string }[]> {
  return (await w.json<{ member_no: string; status: string }[]>(['member', 'list'])).doc;
}

/** Members whose contract runs today (the model's termination not yet effective). */
function running(w: World): string[] {
  return [...w.members.values()].filter((m) => !m.termination || m.termination.effectiveOn > w.day).map((m) => m.no);
}

// ---------------------------------------------------------------------------------------
// setting the club up

export async function setUp(w: World): Promise<void> {
  const settings: [string, string][] = [
    ['seller.name', 'Cercle Parnasse'],
    ['seller.legal_form', 'SAS'],
    ['seller.capital', '150 000'],
    ['seller.street', '8 rue de la Paix'],
    ['seller.postal_code', '75002'],
    ['seller.city', 'Paris'],
    ['seller.rcs', 'Paris'],
    ['seller.siren', '732 829 320'],
    ['seller.vat_number', 'FR44732829320'],
    ['creditor.ics', 'FR19ZZZ654321'],
    ['creditor.iban', 'FR76 3000 6000 0112 3456 7890 189'],
    ['creditor.bic', 'AGRIFRPP'],
  ];
  for (const [k, v] of settings) await w.run(['settings', 'set', k, v]);
  // the legal rate of every semester the walk reaches (an operator enters them as published)
  const rates = ['2.76', '2.62', '3.15', '3.71', '4.22', '2.06', '4.92', '5.07'];
  const lastYear = Number(addMonths('2026-12', w.config.months + 1).slice(0, 4));
  let i = 0;
  for (let y = 2026; y <= lastYear; y++) {
    for (const s of [1, 2]) {
      const rate = rates[i++ % rates.length]!;
      await w.run(['bill', 'rates', 'set', `${y}-S${s}`, rate], [0, 3]);
    }
  }
  for (const r of (await w.json<{ semester: string; rate_bp: number }[]>(['bill', 'rates', 'list'])).doc) w.rates.set(r.semester, r.rate_bp);

  // the office spreadsheet: members brought over, numbers kept
  const header = [
    'member_no',
    'kind',
    'first_name',
    'last_name',
    'email',
    'phone',
    'street',
    'postal_code',
    'city',
    'department',
    'company_name',
    'company_siren',
    'contract_start',
    'status',
    'orange_subscriptions',
    'line_technology',
    'iban',
    'delegate_name',
    'options',
  ];
  const rows = [header];
  for (let k = 0; k < w.config.members; k++) {
    const no = String(501 + k);
    const p = w.rng.pick(PLACES)!;
    const company = w.rng.chance(0.25);
    const start = addDays('2024-01-15', w.rng.int(900));
    const opts = OPTIONS.filter((o) => o !== 'mail' && w.rng.chance(0.15)).map((o) =>
      o === 'extra_mailbox' && w.rng.chance(0.5) ? `${o}:${w.rng.between(2, 4)}` : o,
    );
    rows.push([
      no,
      company ? 'company' : 'person',
      w.rng.pick(FIRST)!,
      `${w.rng.pick(LAST)!} ${no}`,
      `membre${no}@example.fr`,
      '06 12 48 90 31',
      p.street,
      p.postal,
      p.city,
      p.dep,
      company ? `Société ${no} SA` : '',
      company ? '552100554' : '',
      start,
      'active',
      String(w.rng.between(1, 2)),
      'fibre',
      w.rng.pick(IBANS)!,
      '',
      opts.join('|'),
    ]);
    w.members.set(no, { no, termination: null, hasMandate: false });
  }
  fs.writeFileSync(w.file('members.csv'), csv(rows));
  await w.run(['member', 'import', w.file('members.csv')]);
  // most imported members sign a SEPA mandate; a few will pay by transfer
  for (const m of w.members.values()) {
    if (w.rng.chance(0.8)) {
      await w.run(['member', 'mandate', m.no, '--iban', w.rng.pick(IBANS)!, '--rum', `RUM-${m.no}`, '--signed', '2024-01-10']);
      m.hasMandate = true;
    }
  }
}

// ---------------------------------------------------------------------------------------
// cron: what runs by itself (or is forgotten, then caught up)

export async function cron(w: World): Promise<void> {
  const month = monthOf(w.day);
  // the monthly run: on the 1st, sometimes missed and caught up a few days later
  if (w.day.endsWith('-01') && w.rng.chance(0.06)) w.forgotten.add(month);
  if (!w.billedMonths.has(month) && !w.forgotten.has(month) && (w.day.endsWith('-01') ? w.rng.chance(0.85) : w.rng.chance(0.3))) await monthlyRun(w, month);
  // the SEPA file of the month, a day or two after the run (not on every month: the Desk is late too)
  const exportDay = Number(w.day.slice(8));
  if (w.billedMonths.has(month) && exportDay >= 2 && exportDay <= 6 && !w.exports.some((e) => e.month === month) && w.rng.chance(0.6))
    await sepaExport(w, month);
  await bankReturns(w);
  // dunning under cron, every day
  await dunning(w);
}

/**
 * The bank's returns, a few days after each collection: every debit of a member who never
 * pays, and now and then another (the returns file of the day, one line each).
 */
async function bankReturns(w: World): Promise<void> {
  const lines: string[] = [];
  for (const e of w.exports) {
    for (const d of e.debits) {
      if (!d.collection_date || addDays(d.collection_date, 3) !== w.day) continue;
      if (w.nonPayer(d.member_no) ? w.rng.chance(0.9) : w.rng.chance(0.06)) {
        lines.push(`${d.invoice},${w.rng.pick(['AM04', 'MS03', 'AC04'])!},${w.day}`);
        w.touched.add(d.member_no);
      }
    }
  }
  if (lines.length === 0) return;
  // the bank's file: its camt.054 notification (issue 25) and its CSV, in turn
  if ((w.counts.get('bank return (camt.054)') ?? 0) <= (w.counts.get('bank return') ?? 0)) {
    const k = w.next();
    const returned: CamtEntrySpec[] = lines.map((l, j) => {
      const [invoice, reason] = l.split(',') as [string, string];
      const d = w.exports.flatMap((e) => e.debits).find((x) => x.invoice === invoice)!;
      return {
        ref: `RET-${k}-${j + 1}`,
        credit: false,
        bookedOn: w.day,
        family: 'IDDT',
        subFamily: 'UPDD',
        txs: [{ amountCents: d.amount_cents, e2e: invoice, returnReason: reason }],
      };
    });
    const f = w.file(`returns-${k}.xml`);
    fs.writeFileSync(f, camt('054', w.rng.pick(['02', '08', '12'] as const)!, returned, { msgId: `RET-${k}`, createdAt: `${w.day}T06:00:00` }));
    await w.run(['bill', 'returns', f]);
    w.count('bank return (camt.054)');
    return;
  }
  const f = w.file(`returns-${w.next()}.csv`);
  fs.writeFileSync(f, `invoice,reason,date\n${lines.join('\n')}\n`);
  await w.run(['bill', 'returns', f]);
  w.count('bank return');
}

async function monthlyRun(w: World, month: string): Promise<void> {
  // a missed month: the previous one is caught up first
  const prev = addMonths(month, -1);
  if (!w.billedMonths.has(prev) && w.billedMonths.size > 0) {
    await w.run(['bill', 'run', '--month', prev]);
    w.count('forgotten month caught up');
    w.billedMonths.add(prev);
    w.runsOn.set(w.day, (w.runsOn.get(w.day) ?? new Set()).add(prev));
  }
  await w.run(['bill', 'run', '--month', month]);
  w.count(w.day.endsWith('-01') ? 'monthly run' : 'monthly run caught up');
  w.billedMonths.add(month);
  w.runsOn.set(w.day, (w.runsOn.get(w.day) ?? new Set()).add(month));
  w.lastRunOn = w.day;
  w.lastRunAct = w.acts;
  for (const m of w.members.keys()) w.touched.add(m);
}

async function sepaExport(w: World, month: string): Promise<void> {
  const { doc } = await w.json<{ debits?: any[]; left_out?: any[] }>([
    'bill',
    'export',
    '--month',
    month,
    '--format',
    'sepa',
    '--out',
    w.file(`sepa-${month}-${w.next()}.xml`),
  ]);
  const debits = (doc.debits ?? []).map((d: any) => ({
    invoice: d.invoice,
    member_no: String(d.member_no),
    amount_cents: d.amount_cents,
    collection_date: d.collection_date,
  }));
  w.exports.push({ on: w.day, act: w.acts, month, debits });
  w.count('SEPA export');
  for (const d of debits) w.touched.add(d.member_no);
}

async function dunning(w: World): Promise<void> {
  const before = w.writes;
  const { doc } = await w.json<{ members: { member_no: string; next_step: string; done: boolean }[] }>(['bill', 'dunning', '--apply']);
  const rows = doc.members;
  if (!rows.some((r) => r.done)) w.writes = before; // nothing was due: nothing written
  for (const r of rows) {
    if (!r.done) continue;
    w.dunningSteps.push({ on: w.day, memberNo: String(r.member_no), step: r.next_step });
    w.count(`dunning ${r.next_step}`);
    w.touched.add(String(r.member_no));
    if (r.next_step === 'termination') {
      const s = (await w.json<any>(['member', 'show', String(r.member_no)])).doc;
      const m = w.members.get(String(r.member_no));
      if (m && s.terminated_on)
        m.termination = {
          effectiveOn: s.terminated_on,
          lastBilledMonth: monthOf(s.terminated_on),
          debitsStopFrom: addMonths(monthOf(s.terminated_on), 1),
          recordedOn: w.day,
          recordedAct: w.acts,
          reason: 'unpaid',
        };
    }
  }
}

// ---------------------------------------------------------------------------------------
// the Desk

export interface Act {
  name: string;
  weight: number;
  run(w: World): Promise<void>;
}

/** A new batch of candidacies from the partners' spreadsheet (some not eligible, some from Côte-d'Or). */
const importCandidacies: Act = {
  name: 'import candidacies',
  weight: 3,
  async run(w) {
    const header: string[] = [...CANDIDACY_COLUMNS]; // the partners' spreadsheet has every column
    const rows = [header];
    const n = w.rng.between(1, 3);
    for (let k = 0; k < n; k++) {
      const ref = `C-SIM-${String(w.next()).padStart(4, '0')}`;
      const p = w.rng.chance(0.2) ? UNCOVERED : w.rng.pick(PLACES)!;
      const sponsor = w.rng.chance(0.3) ? (w.rng.pick([...w.members.keys()]) ?? '') : '';
      // some foreign nationals, whose resident card must run one year from the application (art. 3.2): a short one leaves the dossier incomplete
      const foreign = w.rng.chance(0.15);
      const card = foreign ? addDays(w.day, w.rng.chance(0.7) ? 400 : 300) : '';
      rows.push([
        ref,
        'person',
        w.rng.pick(FIRST)!,
        w.rng.pick(LAST)!,
        `${ref.toLowerCase()}@example.fr`,
        '0612489031',
        '1968-03-14',
        foreign ? 'yes' : 'no',
        p.street,
        p.postal,
        p.city,
        '',
        'Groupe SA',
        '734640972',
        w.rng.chance(0.9) ? '125000000' : '900000',
        'yes',
        '380000',
        'no',
        'no',
        'no',
        sponsor,
        sponsor ? 'no' : 'yes',
        'yes',
        'fibre',
        '1',
        'no',
        w.rng.pick(IBANS)!,
        w.day,
        w.rng.chance(0.85) ? 'D1|D2|D4|D5|D6' : 'D1|D2',
        '2031-09-03',
        card,
      ]);
      w.candidacies.set(ref, { ref, decided: null, memberNo: null });
      w.refsTouched.add(ref);
    }
    const f = w.file(`candidates-${w.next()}.csv`);
    fs.writeFileSync(f, csv(rows));
    await w.run(['candidate', 'import', f]);
  },
};

/** The committee: the agenda of the day, one decision (accept mostly; a refusal is the contract's). */
const committeeDecide: Act = {
  name: 'committee decide',
  weight: 3,
  async run(w) {
    const { doc } = await w.json<{ ref: string }[]>(['committee', 'agenda']);
    const ref = w.rng.pick(doc ?? [])?.ref;
    if (!ref) return;
    const accept = w.rng.chance(0.85);
    const r = await w.run(['committee', 'decide', ref, accept ? '--accept' : '--reject'], [0, 3]);
    const c = w.candidacies.get(ref);
    if (c && r.code === 0) c.decided = accept ? 'accepted' : 'rejected';
    w.refsTouched.add(ref);
  },
};

/** The confirmation call: an accepted candidacy becomes a member with its entry-fee invoice. */
const notify: Act = {
  name: 'committee notify',
  weight: 3,
  async run(w) {
    const c = w.rng.pick([...w.candidacies.values()].filter((x) => x.decided === 'accepted' && !x.memberNo));
    if (!c) return;
    const { code, doc } = await w.json<{ member_no: string }>(['committee', 'notify', c.ref, '--yes'], [0, 3]);
    w.refsTouched.add(c.ref);
    if (code !== 0) return;
    c.memberNo = String(doc.member_no);
    w.members.set(c.memberNo, { no: c.memberNo, termination: null, hasMandate: true });
    w.touched.add(c.memberNo);
  },
};

/** Members pay: on time, late, in part, by card or transfer (never all of them). */
const pay: Act = {
  name: 'pay',
  weight: 10,
  async run(w) {
    const open = (await listInvoices(w)).filter((i) => i.kind === 'invoice' && i.outstanding_cents - i.contested_cents > 0);
    // the on-time payers pay before pay-by; the late ones after; some members never pay
    const payable = open.filter((i) => !w.nonPayer(i.member_no) && ((i.pay_by ?? '') >= w.day || w.rng.chance(0.4)));
    const inv = w.rng.pick(payable);
    if (!inv) return;
    const due = inv.outstanding_cents - inv.contested_cents;
    const cents = w.rng.chance(0.8) ? due : Math.max(1, Math.floor(due * w.rng.next()));
    const method = w.rng.pick(['transfer', 'card', 'transfer', 'amex'] as const)!;
    const r = await w.run(['bill', 'pay', inv.number, '--amount', (cents / 100).toFixed(2), '--method', method], [0, 3, 4]);
    if (r.code === 0) w.count((inv.pay_by ?? '') < w.day ? 'payment late' : 'payment on time');
    w.touched.add(inv.member_no);
  },
};

/**
 * The bank's statement of the day (issue 25): transfers naming their invoice (its due, or a
 * part; the number as banks cut it), transfers from a member's account for the exact amount
 * of an open invoice and no reference, a gift from nobody's account, and the club's last
 * collection credited — imported as the Desk does. The same file is imported again by the
 * invariants (`statementsIdempotent`): nothing new.
 */
const statement: Act = {
  name: 'bank statement',
  weight: 3, // its share of the Desk's day kept with the acts of acts-more.ts (the walk asserts statements came in)
  async run(w) {
    // open today and not in a SEPA file (a debit is booked on its collection date, maybe still to come:
    // the import counts it, as `bill pay` does), each paid by one transfer at most
    const debited = new Set(w.exports.flatMap((e) => e.debits.map((d) => d.invoice)));
    const open = (await listInvoices(w)).filter(
      (i) => i.kind === 'invoice' && i.outstanding_cents - i.contested_cents > 0 && !w.nonPayer(i.member_no) && i.issued_on <= w.day && !debited.has(i.number),
    );
    const take = () => {
      const inv = w.rng.pick(open);
      if (inv) open.splice(open.indexOf(inv), 1);
      return inv;
    };
    const k = w.next();
    const entries: CamtEntrySpec[] = [];
    const sent: Map<string, 'reference' | 'iban' | 'unknown' | 'collection'> = new Map();
    const transfer = (ref: string, cents: number, payerIban: string, ustrd: string) =>
      entries.push({
        ref,
        credit: true,
        bookedOn: w.day,
        family: 'RCDT',
        subFamily: 'ESCT',
        txs: [{ amountCents: cents, payerName: 'Un membre', payerIban, ustrd: [ustrd] }],
      });
    for (let j = 0, n = w.rng.between(0, 2); j < n; j++) {
      const inv = take();
      if (!inv) break;
      const due = inv.outstanding_cents - inv.contested_cents;
      const cents = w.rng.chance(0.8) ? due : Math.max(1, Math.floor(due * w.rng.next()));
      const ref = `VIR-${k}-R${j}`;
      transfer(ref, cents, frIban(5000 + j), w.rng.chance(0.5) ? `Facture ${inv.number}` : `Reglement ${inv.number.replace('-', '')}`);
      sent.set(ref, 'reference');
      w.touched.add(inv.member_no);
    }
    for (let j = 0, n = w.rng.between(0, 2); j < n; j++) {
      const inv = take();
      if (!inv) break;
      const iban = (await w.json<{ iban: string | null }>(['member', 'show', inv.member_no])).doc.iban;
      if (!iban) continue;
      const ref = `VIR-${k}-I${j}`;
      transfer(ref, inv.outstanding_cents, iban.replace(/\s+/g, ''), 'Virement cotisation');
      sent.set(ref, 'iban');
      w.touched.add(inv.member_no);
    }
    if (w.rng.chance(0.5)) {
      transfer(`VIR-${k}-U`, 4_200, frIban(9000 + k), 'Don');
      sent.set(`VIR-${k}-U`, 'unknown');
    }
    const last = w.exports[w.exports.length - 1];
    if (last && last.debits.length > 0 && w.rng.chance(0.5)) {
      const ref = `DD-${k}`;
      entries.push({
        ref,
        credit: true,
        bookedOn: w.day,
        family: 'IDDT',
        subFamily: 'ESDD',
        txs: last.debits.slice(0, 3).map((d) => ({ amountCents: d.amount_cents, e2e: d.invoice })),
      });
      for (let j = 1; j <= Math.min(3, last.debits.length); j++) sent.set(last.debits.length === 1 ? ref : `${ref}/#${j}`, 'collection');
    }
    if (entries.length === 0) return;
    const file = w.file(`statement-${k}.xml`);
    fs.writeFileSync(file, camt('053', w.rng.pick(['02', '08', '12'] as const)!, entries, { msgId: `STMT-${k}`, createdAt: `${w.day}T06:00:00` }));
    const { doc } = await w.json<{ recorded: { ref: string; by: string; member_no: string }[]; unknown: unknown[] }>(['bill', 'payments', 'import', file]);
    for (const r of doc.recorded) {
      w.touched.add(r.member_no);
      w.count(`statement transfer by ${r.by}`);
    }
    if (doc.unknown.length > 0) w.count('statement transfer for the Desk');
    w.statements.push({ on: w.day, file, sent, recorded: doc.recorded.map((r) => ({ ref: r.ref, by: r.by })), reimported: false });
  },
};

/** A member contests part of an invoice (before or after its debit), sometimes all of it. */
const dispute: Act = {
  name: 'dispute',
  weight: 3,
  async run(w) {
    const open = (await listInvoices(w)).filter((i) => i.kind === 'invoice' && i.outstanding_cents - i.contested_cents > 0);
    const inv = w.rng.pick(open);
    if (!inv) return;
    const free = inv.outstanding_cents - inv.contested_cents;
    const cents = w.rng.chance(0.3) ? free : Math.max(1, Math.floor(free * w.rng.next()));
    // the refusal of an invoice with something outstanding is the invariant's to judge (outstandingDisputable)
    const debited = w.exports.some((e) => e.debits.some((d) => d.invoice === inv.number));
    const r = await w.run(['bill', 'dispute', inv.number, '--amount', (cents / 100).toFixed(2), '--reason', 'service contesté'], [0, 3]);
    if (r.code === 0) w.count(debited ? 'dispute after export' : 'dispute');
    w.touched.add(inv.member_no);
  },
};

/** Parnasse answers a dispute: upheld (due at once) or granted (a credit note). */
const resolve: Act = {
  name: 'resolve dispute',
  weight: 3,
  async run(w) {
    const disputed = (await listInvoices(w)).filter((i) => i.contested_cents > 0);
    const inv = w.rng.pick(disputed);
    if (!inv) return;
    const { doc } = await w.json<{ disputes: { id: number; status: string; opened_on: string }[] }>(['bill', 'show', inv.number]);
    const d = w.rng.pick(doc.disputes.filter((x) => x.status === 'open'));
    if (!d) return;
    const outcome = w.rng.chance(0.5) ? 'upheld' : 'granted';
    const r = await w.run(['bill', 'resolve', String(d.id), `--${outcome}`, '--yes'], [0, 3]);
    if (r.code === 0) w.count(`dispute ${outcome}`);
    w.touched.add(inv.member_no);
  },
};

/** A commercial gesture or a correction: a credit note on part of an invoice. */
const credit: Act = {
  name: 'credit note',
  weight: 1,
  async run(w) {
    const inv = w.rng.pick((await listInvoices(w)).filter((i) => i.kind === 'invoice' && i.total_ttc_cents > 100));
    if (!inv) return;
    const cents = Math.max(100, Math.floor(inv.total_ttc_cents * 0.2));
    await w.run(['bill', 'credit', inv.number, '--amount', (cents / 100).toFixed(2), '--reason', 'geste commercial', '--yes'], [0, 3, 4]);
    w.touched.add(inv.member_no);
  },
};

/** Options: added, removed, sometimes added and taken back the same day (removed, or cancelled as a Desk mistake: nothing billed). */
const options: Act = {
  name: 'option change',
  weight: 4,
  async run(w) {
    const no = w.rng.pick(running(w));
    if (!no) return;
    let option: (typeof OPTIONS)[number] = w.rng.pick(OPTIONS)!;
    const mode = w.rng.weighted([
      [3, 'add'],
      [2, 'remove'],
      [2, 'mistake'],
      [2, 'cancel'],
    ] as const);
    // a cancelled mistake is one that would cost something: an option with a monthly price
    if (mode === 'cancel') option = w.rng.pick(PRICED)!;
    if (mode !== 'remove') {
      const qty = option === 'extra_mailbox' ? ['--qty', String(w.rng.between(1, 4))] : [];
      const r = await w.run(['member', 'option', 'add', no, option, ...qty], [0, 2, 3, 4]); // 2: already there
      if (mode === 'mistake' && r.code === 0) await w.run(['member', 'option', 'remove', no, option], [0, 3, 4]);
      if (mode === 'cancel' && r.code === 0) {
        // added today, nothing billed yet: the cancel is never refused
        await w.run(['member', 'option', 'cancel', no, option]);
        w.cancels.push({ on: w.day, memberNo: no, what: option });
        w.count('cancel option');
      }
    } else await w.run(['member', 'option', 'remove', no, option], [0, 2, 3, 4]);
    w.touched.add(no);
  },
};

/** Extra sites: added, removed, or added by mistake and removed (billed for the month) or cancelled (nothing billed) the same day. */
const sites: Act = {
  name: 'site change',
  weight: 2,
  async run(w) {
    const no = w.rng.pick(running(w));
    if (!no) return;
    const s = (await w.json<{ extra_sites: { id: number }[] }>(['member', 'show', no])).doc;
    if (s.extra_sites.length > 0 && w.rng.chance(0.4)) {
      await w.run(['member', 'address', 'remove', no, String(w.rng.pick(s.extra_sites)!.id)], [0, 3]);
    } else {
      const p = w.rng.pick(PLACES)!;
      const { code, doc } = await w.json<{ id?: number; address_id?: number }>(
        ['member', 'address', 'add', no, '--street', `${w.next()} ${p.street}`, '--postal-code', p.postal, '--city', p.city],
        [0, 3, 4],
      );
      const id = doc?.address_id ?? doc?.id;
      if (code === 0 && id !== undefined && w.rng.chance(0.5)) {
        if (w.rng.chance(0.5)) await w.run(['member', 'address', 'remove', no, String(id)], [0, 3]);
        else {
          await w.run(['member', 'address', 'cancel', no, String(id)]);
          w.cancels.push({ on: w.day, memberNo: no, what: `site ${id}` });
          w.count('cancel site');
        }
      }
    }
    w.touched.add(no);
  },
};

/** Contact data corrected: the address printed on issued invoices must not follow. */
const edit: Act = {
  name: 'member edit',
  weight: 1,
  async run(w) {
    const no = w.rng.pick([...w.members.keys()]);
    if (!no) return;
    const p = w.rng.pick(PLACES)!;
    const r = await w.run(['member', 'edit', no, '--street', `${w.next()} ${p.street}`, '--postal-code', p.postal, '--city', p.city], [0, 3, 4]);
    if (r.code === 0) w.moves.set(no, [...(w.moves.get(no) ?? []), w.day]);
    w.touched.add(no);
    w.reprintDue = true;
  },
};

/** The club moves: its seller address changes (issued documents keep the old one). */
const seller: Act = {
  name: 'seller settings',
  weight: 0.3,
  async run(w) {
    await w.run(['settings', 'set', 'seller.street', `${w.rng.between(1, 40)} rue de la Paix`]);
    w.reprintDue = true;
  },
};

/** A price change announced a month ahead (art. 7.2). */
const price: Act = {
  name: 'price change',
  weight: 0.4,
  async run(w) {
    const item = w.rng.pick(['subscription', 'extra_mailbox', 'concierge_privilege', 'bitdefender'])!;
    const from = firstOf(addMonths(monthOf(w.day), 2));
    await w.run(['bill', 'prices', 'set', item, String(w.rng.between(5, 30) * 10), '--from', from, '--announced', w.day], [0, 2, 3, 4]); // 2: a change already on that date
  },
};

/** A change to the Offer other than prices (art. 9): announced a month ahead (recorded), sometimes too late (refused). */
const offerChange: Act = {
  name: 'offer change',
  weight: 0.3,
  async run(w) {
    const short = w.rng.chance(0.3);
    const earliest = monthLater(w.day, 1); // the contract's month, as the rules count it
    const from = short ? addDays(earliest, -w.rng.between(1, 10)) : addDays(earliest, w.rng.between(0, 20));
    const r = await w.run(['bill', 'offer', 'announce', `Modification ${w.next()} des caractéristiques de l’Offre`, '--from', from], [0, 3]);
    if (r.code === 0 && short) throw w.failure(`a change to the Offer announced on ${w.day} for ${from} was recorded (art. 9: one month's notice)`);
    if (r.code === 3 && !short) throw w.failure(`a change to the Offer announced on ${w.day} for ${from} was refused: ${r.stderr}`);
    w.count(r.code === 0 ? 'offer change' : 'offer change refused (notice)');
  },
};

/** The coverage zones are revised: Côte-d'Or joins Grand Est (or leaves it). */
const zone: Act = {
  name: 'zone change',
  weight: 0.4,
  async run(w) {
    const from = addDays(w.day, w.rng.between(0, 20));
    const r = await w.run(['zone', 'set', '21', w.rng.chance(0.7) ? 'grand_est' : 'none', '--from', from], [0, 3]);
    if (r.code === 0) {
      w.zoneDays.add(from);
      w.count('zone change');
    }
  },
};

/** The Airbox 4G (art. 5.5, 10.4): lent at the entry appointment, replaced when faulty (refused after a misuse), given back after the end. */
const airbox: Act = {
  name: 'airbox',
  weight: 3,
  async run(w) {
    const out = (no: string) => {
      const lent = w.airboxesLent.get(no) ?? [];
      const back = w.airboxesReturned.get(no) ?? [];
      return lent.filter((s) => !back.includes(s));
    };
    const push = (m: Map<string, string[]>, no: string, serial: string) => m.set(no, [...(m.get(no) ?? []), serial]);
    // an ended contract: the Airbox comes back
    const ended = w.rng.pick([...w.members.values()].filter((m) => m.termination && m.termination.effectiveOn <= w.day && out(m.no).length > 0));
    if (ended && w.rng.chance(0.5)) {
      await w.run(['member', 'airbox', ended.no, '--returned', w.day]);
      push(w.airboxesReturned, ended.no, out(ended.no)[0]!);
      w.touched.add(ended.no);
      w.count('airbox returned');
      return;
    }
    const no = w.rng.pick(running(w).filter((n) => !w.members.get(n)!.termination));
    if (!no) return;
    const serial = `AB-SIM-${String(w.next()).padStart(5, '0')}`;
    const current = out(no)[0];
    w.touched.add(no);
    if (!current) {
      const r = await w.run(['member', 'airbox', no, '--lent', w.day, '--serial', serial], [0, 3]); // 3: a suspended member
      if (r.code === 0) {
        push(w.airboxesLent, no, serial);
        w.count('airbox lent');
      }
      return;
    }
    const misuse = w.rng.chance(0.15);
    const r = await w.run(
      [
        'member',
        'airbox',
        no,
        '--replaced',
        w.day,
        '--serial',
        serial,
        '--out',
        current,
        '--reason',
        misuse ? 'used on the move' : 'no 4G signal',
        ...(misuse ? ['--misuse'] : []),
      ],
      [0, 3],
    );
    if (misuse && r.code === 0) throw w.failure(`a replacement after a misuse was accepted (art. 5.5): ${r.stdout}`);
    if (r.code === 0) {
      push(w.airboxesReturned, no, current);
      push(w.airboxesLent, no, serial);
      w.count('airbox replaced');
    } else w.count(misuse ? 'airbox misuse refused' : 'airbox replacement refused');
  },
};

const REASONS = ['member_request', 'orange_lost', 'breach', 'incompatible_offer', 'force_majeure'] as const;

/** A termination of any cause, entered on time or late (notice received days ago). */
const terminate: Act = {
  name: 'terminate',
  weight: 1,
  async run(w) {
    const no = w.rng.pick(running(w).filter((n) => !w.members.get(n)!.termination));
    if (!no) return;
    const reason = w.rng.pick(REASONS)!;
    const late = w.rng.chance(0.35);
    const notice = addDays(w.day, late ? -w.rng.between(5, 40) : -w.rng.between(0, 2));
    const extra = reason === 'force_majeure' ? ['--since', addDays(notice, -w.rng.between(0, 10))] : [];
    const { code, doc } = await w.json<{ effective_on: string; last_billed_month: string; direct_debits_stop_from?: string }>(
      ['terminate', no, '--reason', reason, '--notice-date', notice, '--by', 'member', ...extra, '--yes'],
      [0, 3, 4],
    );
    w.touched.add(no);
    if (code !== 0) return;
    w.count(`terminate ${reason}${late ? ' late' : ''}`);
    w.members.get(no)!.termination = {
      effectiveOn: doc.effective_on,
      lastBilledMonth: doc.last_billed_month,
      debitsStopFrom: doc.direct_debits_stop_from ?? null,
      recordedOn: w.day,
      recordedAct: w.acts,
      reason,
    };
  },
};

/** A pending termination withdrawn before it takes effect. */
const withdraw: Act = {
  name: 'withdraw termination',
  weight: 0.6,
  async run(w) {
    const m = w.rng.pick([...w.members.values()].filter((x) => x.termination && x.termination.effectiveOn > w.day && x.termination.reason !== 'unpaid'));
    if (!m) return;
    const r = await w.run(['terminate', 'withdraw', m.no, '--by', 'member', '--yes'], [0, 3]);
    if (r.code === 0) {
      m.termination = null;
      w.count('withdrawal');
    }
    w.touched.add(m.no);
  },
};

/**
 * A financial guarantee (art. 7.1): asked of a running member, received (often late), set off
 * against a late invoice, or given back (what is still due settled first) — often at the end.
 */
const guarantee: Act = {
  name: 'guarantee',
  weight: 3,
  async run(w) {
    type G = { id: number; member_no: string; amount_cents: number; received_cents: number; held_cents: number };
    const all = (await w.json<G[]>(['member', 'guarantee', 'list'])).doc;
    const mode = w.rng.weighted([
      [2, 'request'],
      [4, 'receive'],
      [3, 'apply'],
      [2, 'release'],
    ] as const);
    if (mode === 'request') {
      // asked mostly of members who pay late
      const late = new Set((await listInvoices(w)).filter((i) => i.late).map((i) => i.member_no));
      const pool = running(w).filter((n) => late.has(n));
      const no = w.rng.pick(pool.length > 0 && w.rng.chance(0.8) ? pool : running(w));
      if (!no) return;
      const amount = String(w.rng.between(1, 4) * 125);
      const r = await w.run(
        ['member', 'guarantee', 'request', no, '--amount', amount, '--due', addDays(w.day, 15), '--reason', 'avance sur consommation'],
        [0, 3],
      );
      if (r.code === 0) w.count('guarantee requested');
      w.touched.add(no);
      return;
    }
    if (mode === 'receive') {
      const g = w.rng.pick(all.filter((x) => x.received_cents < x.amount_cents));
      if (!g) return;
      const part = w.rng.chance(0.3) ? ['--amount', ((g.amount_cents - g.received_cents) / 200).toFixed(2)] : [];
      const r = await w.run(['member', 'guarantee', 'receive', String(g.id), ...part, '--method', 'transfer'], [0, 3]);
      if (r.code === 0) w.count('guarantee received');
      w.touched.add(g.member_no);
      return;
    }
    const held = all.filter((x) => x.held_cents > 0);
    if (mode === 'apply') {
      const late = (await listInvoices(w)).filter((i) => i.kind === 'invoice' && i.late && held.some((g) => g.member_no === i.member_no));
      const inv = w.rng.pick(late);
      if (!inv) return;
      const g = held.find((x) => x.member_no === inv.member_no)!;
      const r = await w.run(['member', 'guarantee', 'apply', String(g.id), '--invoice', inv.number], [0, 3]); // 3: the entry fee, or contested
      if (r.code === 0) w.count('guarantee applied');
      w.touched.add(g.member_no);
      return;
    }
    // given back: mostly to members whose contract has ended
    const ended = held.filter((g) => {
      const m = w.members.get(g.member_no);
      return !!m?.termination && m.termination.effectiveOn <= w.day;
    });
    const g = w.rng.pick(ended.length > 0 && w.rng.chance(0.8) ? ended : held);
    if (!g) return;
    const r = await w.run(['member', 'guarantee', 'release', String(g.id), '--method', 'transfer'], [0, 3]);
    if (r.code === 0) w.count('guarantee released');
    w.touched.add(g.member_no);
  },
};

/** Damages paid after an incident (art. 11.1): sometimes within the caps, sometimes asked beyond them (refused). */
const damages: Act = {
  name: 'damages',
  weight: 0.5,
  async run(w) {
    const no = w.rng.pick([...w.members.keys()]);
    if (!no) return;
    // an incident of the payment's calendar year or the year before (`member cap` counts the payment's year)
    const incident = addDays(w.day, -w.rng.between(0, 20));
    const { code, doc } = await w.json<{ incident_left_cents: number; annual_left_cents: number }>(['member', 'cap', no, '--incident', incident], [0, 3]);
    if (code !== 0) return;
    const room = Math.min(doc.incident_left_cents, doc.annual_left_cents);
    const cents = w.rng.chance(0.7) ? Math.floor(room * w.rng.next()) : room + 100;
    if (cents <= 0) return;
    const r = await w.run(['member', 'damages', 'add', no, '--amount', (cents / 100).toFixed(2), '--incident', incident, '--reason', 'préjudice'], [0, 3]);
    if (r.code === 0 && cents > room) throw w.failure(`damages of ${cents} paid to member ${no} beyond the caps (${room} left)`);
    if (r.code === 3 && cents <= room) throw w.failure(`damages of ${cents} refused to member ${no} within the caps (${room} left): ${r.stderr}`);
    if (r.code === 0) w.count('damages paid');
    else w.count('damages refused (cap)');
  },
};

export const DESK: readonly Act[] = [
  importCandidacies,
  committeeDecide,
  notify,
  pay,
  statement,
  dispute,
  resolve,
  credit,
  options,
  sites,
  edit,
  seller,
  price,
  zone,
  terminate,
  withdraw,
  guarantee,
  damages,
  offerChange,
  airbox,
  // interventions, Univers Pro, cooptation, data rights (acts-more.ts)
  ...MORE,
];

/** The Desk's day: a few acts, chosen by weight (weekends: nothing). */
export async function deskDay(w: World): Promise<void> {
  const dow = new Date(`${w.day}T00:00:00Z`).getUTCDay();
  if (dow === 0 || dow === 6) return;
  const n = w.rng.weighted([
    [2, 0],
    [3, 1],
    [3, 2],
    [2, 3],
    [1, 5],
  ] as const);
  for (let k = 0; k < n; k++) {
    const act = w.rng.weighted(DESK.map((a) => [a.weight, a] as const));
    w.note(act.name);
    await act.run(w);
  }
}

export type { IsoDate };
