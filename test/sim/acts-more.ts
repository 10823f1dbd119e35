/**
 * More acts of Desk life (issue 21, the living club): on-site interventions (art. 5.2.2,
 * 5.4, 5.5: booked, cancelled, billed by the run beyond the quota), Univers Pro (art. 5.12:
 * studies, quotes, works, maintenance bricks), cooptation (annex 3: proposals, decisions,
 * rewards) and the members' data rights (annex 5: requests, answers, the purge of members
 * ended more than 3 years ago). Each act is `parnasse` commands as the Desk types them and
 * records in `more(w)` what the invariants of `invariants.ts` need.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Act } from './acts.js';
import { addDays, type IsoDate, type World } from './world.js';

export interface SimIntervention {
  id: number;
  memberNo: string;
  start: string;
  included: boolean;
  chargeCents: number;
  bookedAct: number;
  /** The pending charge the booking made (beyond the quota, out of hours, extra devices). */
  pendingChargeId: number | null;
  /** What `intervene cancel` said: a charge not yet invoiced removed, or an invoiced one credited. */
  cancelled: { on: IsoDate; act: number; pendingRemoved: boolean; creditNote: string | null; creditedCents: number } | null;
}

export interface SimQuote {
  number: string;
  memberNo: string;
  ttcCents: number;
  status: 'pending' | 'accepted' | 'refused' | 'done';
  /** The first print (devis-NUMBER.pdf): a reprint is byte-identical. */
  printed: Buffer | null;
  doneAct: number | null;
  invoicedNow: boolean;
}

export interface SimCooptation {
  id: number;
  referrer: string;
  candidate: string;
  status: 'proposed' | 'accepted' | 'rejected' | 'cancelled';
  /** Rewards the club accepted (annex 3.4: one at most). */
  rewards: number;
}

/** What the new acts did, for the invariants. */
export interface MoreState {
  kinds: Map<string, string>;
  interventions: SimIntervention[];
  studies: { id: number; memberNo: string; result: string | null; quoted: boolean }[];
  quotes: Map<string, SimQuote>;
  bricks: { memberNo: string; brick: string; removed: boolean }[];
  cooptations: Map<number, SimCooptation>;
  catalogue: boolean;
  rights: { id: number; memberNo: string; kind: string; answered: boolean }[];
  /** Members purged (annex 5), with the personal data they had: none of it may be read again. */
  purged: Map<string, string[]>;
  /** The personal data of the members who may be purged (the old members imported ended). */
  personal: Map<string, string[]>;
}

const states = new WeakMap<World, MoreState>();

export function more(w: World): MoreState {
  let s = states.get(w);
  if (!s) {
    s = {
      kinds: new Map(),
      interventions: [],
      studies: [],
      quotes: new Map(),
      bricks: [],
      cooptations: new Map(),
      catalogue: false,
      rights: [],
      purged: new Map(),
      personal: new Map(),
    };
    states.set(w, s);
  }
  return s;
}

/** The member's contract has ended by today (as the walk recorded it). */
function ended(w: World, no: string): boolean {
  const t = w.members.get(no)?.termination;
  return !!t && t.effectiveOn <= w.day;
}

function running(w: World): string[] {
  return [...w.members.values()].filter((m) => !m.termination || m.termination.effectiveOn > w.day).map((m) => m.no);
}

/** The members' kinds (person, company), as `member list` says (read again when a member is unknown). */
async function kindOf(w: World, no: string): Promise<string> {
  const s = more(w);
  if (!s.kinds.has(no)) for (const m of (await w.json<{ member_no: string; kind: string }[]>(['member', 'list'])).doc) s.kinds.set(String(m.member_no), m.kind);
  return s.kinds.get(no) ?? 'person';
}

/** A business day (Mon–Fri) `n` days from today, or the next one. */
function businessDay(w: World, n: number): IsoDate {
  let d = addDays(w.day, n);
  while ([0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())) d = addDays(d, 1);
  return d;
}

// ---------------------------------------------------------------------------------------
// set-up: members of the old office system, ended long ago (the purge's material)

/**
 * Two members of the previous system whose contract ended in December 2023: their data
 * becomes purgeable (more than 3 years after the end, annex 5) early in the walk. They are
 * imported billed through their last month, and their end recorded on its day.
 */
export async function setUpMore(w: World): Promise<void> {
  const header =
    'member_no,kind,first_name,last_name,email,phone,street,postal_code,city,department,company_name,company_siren,contract_start,status,orange_subscriptions,line_technology,iban,delegate_name,options,billed_through';
  const rows = [
    ['401', 'person', 'Jeanne', 'Ancienne 401', 'ancienne401@example.fr', '06 11 22 33 41', '9 rue Jean Goujon', '75008', 'Paris', '75', '', '', '2019-06-03'],
    [
      '402',
      'company',
      'Paul',
      'Ancien 402',
      'ancien402@example.fr',
      '06 11 22 33 42',
      '11 rue Saint-Ferréol',
      '13001',
      'Marseille',
      '13',
      'Ancienne Maison 402 SARL',
      '552100554',
      '2020-02-10',
    ],
  ];
  const ibans = ['FR7630004008014010000040170', 'FR7630004008014020000040218']; // theirs alone: the purge's check looks for them everywhere
  const lines = rows.map((r, k) => [...r, 'active', '1', 'fibre', ibans[k]!, '', '', '2023-12'].join(','));
  fs.writeFileSync(w.file('old-members.csv'), `${header}\n${lines.join('\n')}\n`);
  await w.run(['member', 'import', w.file('old-members.csv')]);
  // the company had works installed in October 2023, invoiced at once and paid: a quote and an
  // invoice the purge must deal with (the quote erased, the invoice kept and reprinted identical)
  const on = (d: string, argv: string[]) => w.json<any>(['--date', d, ...argv], [0], { undated: true });
  const study = (await on('2023-10-02', ['pro', 'study', 'add', '402', '--services', 'server'])).doc;
  await on('2023-10-02', ['pro', 'study', 'result', String(study.id), 'feasible']);
  const q = (await on('2023-10-02', ['pro', 'quote', 'add', '402', '--study', String(study.id), '--line', 'Serveur et sauvegarde;1 800,00'])).doc;
  await on('2023-10-03', ['pro', 'quote', 'accept', q.number]);
  await on('2023-10-10', ['pro', 'works', 'done', q.number, '--invoice-now']);
  more(w).quotes.set(q.number, {
    number: q.number,
    memberNo: '402',
    ttcCents: q.total_ttc_cents,
    status: 'done',
    printed: null,
    doneAct: w.acts,
    invoicedNow: true,
  });
  const inv = (await on('2023-10-10', ['bill', 'list', '--member', '402'])).doc[0];
  await on('2023-10-15', ['bill', 'pay', inv.number, '--amount', (inv.total_ttc_cents / 100).toFixed(2), '--method', 'transfer']);
  const out = w.file('old-pdf');
  fs.mkdirSync(out);
  await w.run(['bill', 'pdf', inv.number, '--out', out]);
  w.printed.set(inv.number, fs.readFileSync(path.join(out, `${inv.number}.pdf`)));
  for (const [k, r] of rows.entries()) {
    const no = r[0]!;
    const notice = k === 0 ? '2023-11-27' : '2023-12-12';
    const { doc } = await w.json<{ effective_on: string; last_billed_month: string; direct_debits_stop_from?: string }>(
      ['--date', notice, 'terminate', no, '--reason', 'member_request', '--notice-date', notice, '--by', 'member', '--yes'],
      [0],
      { undated: true },
    );
    w.members.set(no, {
      no,
      hasMandate: false,
      termination: {
        effectiveOn: doc.effective_on,
        lastBilledMonth: doc.last_billed_month,
        debitsStopFrom: doc.direct_debits_stop_from ?? null,
        recordedOn: notice,
        recordedAct: w.acts,
        reason: 'member_request',
      },
    });
    more(w).personal.set(no, [r[4]!, r[5]!, r[6]!, ibans[k]!]);
  }
}

// ---------------------------------------------------------------------------------------
// on-site interventions (art. 5.2.2, 5.4, 5.5)

/** A visit booked (a technician mostly, coach visits often: their allowance is small), now and then out of hours; or one cancelled. */
const intervene: Act = {
  name: 'intervention',
  weight: 3,
  async run(w) {
    const s = more(w);
    const open = s.interventions.filter((i) => !i.cancelled);
    if (open.length > 0 && w.rng.chance(0.25)) {
      const i = w.rng.pick(open)!;
      const r = await w.json<{ pending_charge_removed: boolean; credit_note: string | null; credited_cents: number }>(
        ['intervene', 'cancel', String(i.id), '--reason', 'annulé par le membre', '--yes'],
        [0, 3],
      );
      if (r.code === 0) {
        i.cancelled = {
          on: w.day,
          act: w.acts,
          pendingRemoved: r.doc.pending_charge_removed,
          creditNote: r.doc.credit_note,
          creditedCents: r.doc.credited_cents,
        };
        w.count('intervention cancelled');
        // cancelled twice: nothing changes, and it is said (README; issue 21 item 12)
        if (w.rng.chance(0.2)) {
          const again = await w.json<{ changed: boolean; credit_note: string | null }>(['intervene', 'cancel', String(i.id), '--reason', 'encore', '--yes']);
          if (again.doc.changed || again.doc.credit_note)
            throw w.failure(`intervention ${i.id} cancelled twice changed something: ${JSON.stringify(again.doc)}`);
        }
      }
      w.touched.add(i.memberNo);
      return;
    }
    // a few members call often: their quota runs out within the walk
    const pool = running(w);
    const heavy = pool.filter((n) => Number(n) % 4 === 1);
    const no = w.rng.pick(heavy.length > 0 && w.rng.chance(0.6) ? heavy : pool);
    if (!no) return;
    const kind = w.rng.weighted([
      [5, 'technician'],
      [3, 'coach'],
    ] as const);
    const outOfHours = w.rng.chance(0.1);
    const day = businessDay(w, w.rng.between(-3, 10));
    const hour = outOfHours ? 20 : w.rng.between(9, 14);
    const { code, doc } = await w.json<{ id: number; included: boolean; charge_cents: number; pending_charge_id: number | null }>(
      [
        'intervene',
        'add',
        no,
        '--kind',
        kind,
        '--start',
        `${day}T${String(hour).padStart(2, '0')}:00`,
        '--minutes',
        String(w.rng.pick([30, 60, 90])!),
        ...(kind === 'technician' ? ['--equipment', 'livebox'] : []),
        ...(outOfHours ? ['--out-of-hours'] : []),
      ],
      [0, 3, 4],
    );
    w.touched.add(no);
    if (code !== 0) {
      w.count('intervention refused');
      return;
    }
    s.interventions.push({
      id: doc.id,
      memberNo: no,
      start: day,
      included: doc.included,
      chargeCents: doc.charge_cents,
      pendingChargeId: doc.pending_charge_id,
      bookedAct: w.acts,
      cancelled: null,
    });
    w.count(doc.included ? 'intervention included' : 'intervention billed');
  },
};

// ---------------------------------------------------------------------------------------
// Univers Pro (art. 5.12)

const BRICKS = ['wifi_public', 'workstation', 'servers', 'video_conference', 'server_backup'] as const;

/** print a quote (devis-NUMBER.pdf) and return its bytes */
export async function printQuote(w: World, number: string): Promise<Buffer> {
  const out = path.join(w.dir, `devis-${w.next()}`);
  fs.mkdirSync(out);
  await w.run(['pro', 'quote', 'pdf', number, '--out', out]);
  const b = fs.readFileSync(path.join(out, `devis-${number}.pdf`));
  fs.rmSync(out, { recursive: true, force: true });
  return b;
}

/** One step of the Univers Pro flow for a company member: a study, its result, a quote, the answer, the works, a brick taken or ended. */
const pro: Act = {
  name: 'univers pro',
  weight: 5,
  async run(w) {
    // a dossier's day often takes two steps (the study's result and its quote, the answer and the works…)
    await proStep(w);
    if (w.rng.chance(0.6)) await proStep(w);
  },
};

async function proStep(w: World): Promise<void> {
  const s = more(w);
  // the steps with something to act on (a study is always possible)
  const quotes = [...s.quotes.values()];
  const step = w.rng.weighted(
    (
      [
        [2, 'study', true],
        [4, 'result', s.studies.some((x) => x.result === null)],
        [4, 'quote', s.studies.some((x) => x.result === 'feasible' && !x.quoted)],
        [4, 'answer', quotes.some((x) => x.status === 'pending')],
        [3, 'works', quotes.some((x) => x.status === 'accepted')],
        [2, 'brick', quotes.some((x) => x.status === 'accepted' || x.status === 'done')],
        [1, 'remove', s.bricks.some((x) => !x.removed)],
      ] as const
    )
      .filter(([, , possible]) => possible)
      .map(([weight, name]) => [weight, name] as const),
  );
  if (step === 'study') {
    // company members mostly; now and then a natural person (refused, art. 5.12)
    const pool = running(w);
    const companies: string[] = [];
    for (const n of pool) if ((await kindOf(w, n)) === 'company') companies.push(n);
    const no = w.rng.pick(companies.length > 0 && w.rng.chance(0.85) ? companies : pool);
    if (!no) return;
    const company = (await kindOf(w, no)) === 'company';
    const { code, doc } = await w.json<{ id: number }>(
      ['pro', 'study', 'add', no, '--services', w.rng.pick(['wifi_public,security', 'server', 'network,fleet'])!],
      [0, 3],
    );
    if (code === 0 && !company) throw w.failure(`a Univers Pro study was recorded for member ${no}, a natural person (art. 5.12)`);
    if (code === 0) {
      s.studies.push({ id: doc.id, memberNo: no, result: null, quoted: false });
      w.count('pro study');
    } else w.count(company ? 'pro study refused' : 'pro study refused (person)');
    w.touched.add(no);
    return;
  }
  if (step === 'result') {
    const st = w.rng.pick(s.studies.filter((x) => x.result === null));
    if (!st) return;
    const result = w.rng.weighted([
      [8, 'feasible'],
      [1, 'not_feasible'],
      [1, 'needs_specialist'],
    ] as const);
    const r = await w.run(['pro', 'study', 'result', String(st.id), result], [0, 3]);
    if (r.code === 0) st.result = result;
    return;
  }
  if (step === 'quote') {
    const st = w.rng.pick(s.studies.filter((x) => x.result === 'feasible' && !x.quoted));
    if (!st) return;
    const lines = Array.from({ length: w.rng.between(1, 3) }, (_, k) => [
      '--line',
      `Prestation ${k + 1};${w.rng.between(50, 2500)},${w.rng.pick(['00', '90', '45'])!}`,
    ]).flat();
    const { code, doc } = await w.json<{ number: string; total_ttc_cents: number }>(
      ['pro', 'quote', 'add', st.memberNo, '--study', String(st.id), ...lines, '--valid-until', addDays(w.day, 30)],
      [0, 3],
    );
    w.touched.add(st.memberNo);
    if (code !== 0) return;
    st.quoted = true;
    s.quotes.set(doc.number, {
      number: doc.number,
      memberNo: st.memberNo,
      ttcCents: doc.total_ttc_cents,
      status: 'pending',
      printed: null,
      doneAct: null,
      invoicedNow: false,
    });
    s.quotes.get(doc.number)!.printed = await printQuote(w, doc.number);
    w.count('pro quote');
    return;
  }
  if (step === 'answer') {
    const q = w.rng.pick([...s.quotes.values()].filter((x) => x.status === 'pending'));
    if (!q) return;
    const accept = w.rng.chance(0.75);
    const r = await w.run(['pro', 'quote', accept ? 'accept' : 'refuse', q.number], [0, 3]);
    if (r.code === 0 && accept && ended(w, q.memberNo))
      throw w.failure(`quote ${q.number} accepted on ${w.day} after member ${q.memberNo}'s contract ended (art. 10.4)`);
    if (r.code === 0) {
      q.status = accept ? 'accepted' : 'refused';
      w.count(accept ? 'pro quote accepted' : 'pro quote refused');
    }
    w.touched.add(q.memberNo);
    return;
  }
  if (step === 'works') {
    const q = w.rng.pick([...s.quotes.values()].filter((x) => x.status === 'accepted'));
    if (!q) return;
    const now = w.rng.chance(0.3);
    const r = await w.run(['pro', 'works', 'done', q.number, ...(now ? ['--invoice-now'] : [])], [0, 3]);
    if (r.code === 0 && ended(w, q.memberNo)) throw w.failure(`works of ${q.number} done on ${w.day} after member ${q.memberNo}'s contract ended (art. 10.4)`);
    if (r.code === 0) {
      q.status = 'done';
      q.doneAct = w.acts;
      q.invoicedNow = now;
      w.count('pro works done');
    }
    w.touched.add(q.memberNo);
    return;
  }
  if (step === 'brick') {
    const q = w.rng.pick([...s.quotes.values()].filter((x) => x.status === 'accepted' || x.status === 'done'));
    if (!q) return;
    const brick = w.rng.pick(BRICKS)!;
    const extra = brick === 'wifi_public' ? ['--access-points', String(w.rng.between(1, 3))] : [];
    const r = await w.run(['pro', 'brick', 'add', q.memberNo, brick, '--price', String(w.rng.between(3, 12) * 5), '--works', q.number, ...extra], [0, 2, 3, 4]); // 2: that brick already in force
    if (r.code === 0) {
      s.bricks.push({ memberNo: q.memberNo, brick, removed: false });
      w.count('pro brick');
    }
    w.touched.add(q.memberNo);
    return;
  }
  const b = w.rng.pick(s.bricks.filter((x) => !x.removed));
  if (!b) return;
  const r = await w.run(['pro', 'brick', 'remove', b.memberNo, b.brick, '--requested-on', w.day, '--yes'], [0, 3]);
  if (r.code === 0) {
    b.removed = true;
    w.count('pro brick removed');
  }
  w.touched.add(b.memberNo);
}

// ---------------------------------------------------------------------------------------
// cooptation (annex 3)

const REWARDS = ['Coffret Champagne', 'Dîner au Cercle'];

/** A member proposes a candidacy; the club decides; the referrer chooses a reward (asked twice sometimes: one reward only); now and then a false declaration cancels it. */
const coopt: Act = {
  name: 'cooptation',
  weight: 3,
  async run(w) {
    const s = more(w);
    if (!s.catalogue) {
      for (const item of REWARDS) await w.run(['coopt', 'catalogue', 'add', item]);
      s.catalogue = true;
    }
    const cs = [...s.cooptations.values()];
    const step = w.rng.weighted(
      (
        [
          [3, 'propose', true],
          [4, 'decide', cs.some((x) => x.status === 'proposed')],
          [4, 'reward', cs.some((x) => x.status === 'accepted' && w.candidacies.get(x.candidate)?.memberNo)],
          [0.5, 'cancel', cs.some((x) => x.status === 'accepted' || x.status === 'proposed')],
        ] as const
      )
        .filter(([, , possible]) => possible)
        .map(([weight, name]) => [weight, name] as const),
    );
    if (step === 'propose') {
      // a candidacy the committee may still take, mostly one that is ready (an ineligible one is refused, annex 3)
      const open = (await w.json<{ ref: string; status: string }[]>(['candidate', 'list'])).doc.filter((x) =>
        ['received', 'incomplete', 'ineligible', 'ready'].includes(x.status),
      );
      const ready = open.filter((x) => x.status === 'ready');
      const c = w.rng.pick(ready.length > 0 && w.rng.chance(0.85) ? ready : open);
      const no = w.rng.pick(running(w));
      if (!no || !c) return;
      const { code, doc } = await w.json<{ id: number; error?: { message: string } }>(['coopt', 'propose', no, c.ref], [0, 3]);
      if (code === 0) {
        s.cooptations.set(doc.id, { id: doc.id, referrer: no, candidate: c.ref, status: 'proposed', rewards: 0 });
        w.count('cooptation proposed');
      } else w.count(`cooptation refused: ${doc.error?.message.replace(/\d+|C-SIM-\S+/g, 'N').slice(0, 60)}`);
      w.refsTouched.add(c.ref);
      return;
    }
    if (step === 'decide') {
      const c = w.rng.pick([...s.cooptations.values()].filter((x) => x.status === 'proposed'));
      if (!c) return;
      const accept = w.rng.chance(0.8);
      const r = await w.run(['coopt', 'decide', String(c.id), accept ? '--accept' : '--reject'], [0, 3]);
      if (r.code === 0) c.status = accept ? 'accepted' : 'rejected';
      w.refsTouched.add(c.candidate);
      return;
    }
    if (step === 'cancel') {
      const c = w.rng.pick([...s.cooptations.values()].filter((x) => x.status === 'accepted' || x.status === 'proposed'));
      if (!c) return;
      const r = await w.run(['coopt', 'cancel', String(c.id), '--yes'], [0, 2, 3]);
      if (r.code === 0) {
        c.status = 'cancelled';
        w.count('cooptation cancelled');
      }
      return;
    }
    // the reward: the referee became a member; asked again now and then (the club gives one)
    const c = w.rng.pick([...s.cooptations.values()].filter((x) => x.status === 'accepted' && w.candidacies.get(x.candidate)?.memberNo));
    if (!c) return;
    const r = await w.run(['coopt', 'reward', String(c.id), '--item', w.rng.pick(REWARDS)!], [0, 3]);
    if (r.code === 0) {
      c.rewards++;
      w.count('cooptation reward');
    } else w.count('cooptation reward refused');
  },
};

// ---------------------------------------------------------------------------------------
// data rights (annex 5)

const RIGHTS = ['access', 'rectification', 'erasure', 'portability', 'opposition'] as const;
const ANSWER: Record<(typeof RIGHTS)[number], string> = {
  access: 'export',
  portability: 'export',
  rectification: 'done',
  erasure: 'purge',
  opposition: 'done',
};

/** A member's request (erasure mostly from the old members), answered within the month; the purge run when a member is due. */
const rights: Act = {
  name: 'data rights',
  weight: 2,
  async run(w) {
    const s = more(w);
    const step = w.rng.weighted([
      [2, 'request'],
      [2, 'answer'],
      [3, 'purge'],
    ] as const);
    if (step === 'request') {
      const old = [...s.personal.keys()].filter((n) => !s.purged.has(n));
      const erasure = old.length > 0 && w.rng.chance(0.4);
      const no = erasure ? w.rng.pick(old)! : w.rng.pick([...w.members.keys()].filter((n) => !s.purged.has(n)));
      if (!no) return;
      const kind = erasure ? 'erasure' : w.rng.pick(RIGHTS)!;
      const { code, doc } = await w.json<{ id: number }>(
        ['member', 'rights', 'add', no, '--kind', kind, '--received', addDays(w.day, -w.rng.between(0, 5))],
        [0, 3],
      );
      if (code === 0) {
        s.rights.push({ id: doc.id, memberNo: no, kind, answered: false });
        w.count(`rights request ${kind}`);
      }
      return;
    }
    if (step === 'answer') {
      const q = w.rng.pick(s.rights.filter((x) => !x.answered));
      if (!q) return;
      const action = ANSWER[q.kind as (typeof RIGHTS)[number]];
      if (action === 'export' && !s.purged.has(q.memberNo)) await w.run(['member', 'export', q.memberNo]);
      const r = await w.run(['member', 'rights', 'answer', String(q.id), '--action', action, '--note', 'réponse du Desk'], [0, 3]);
      if (r.code === 0) q.answered = true;
      else if (action === 'purge' && w.rng.chance(0.5)) {
        // not yet purgeable: refused with its reason (the Desk answers so)
        const x = await w.run(
          ['member', 'rights', 'answer', String(q.id), '--action', 'refused', '--note', 'données conservées 3 ans après la fin du contrat'],
          [0, 3],
        );
        if (x.code === 0) q.answered = true;
      }
      w.count(r.code === 0 ? `rights answered ${action}` : `rights answer refused ${action}`);
      return;
    }
    const plan = (await w.json<{ members: { member_no: string }[] }>(['member', 'purge', '--dry-run'])).doc.members;
    if (plan.length === 0) return;
    const done = (await w.json<{ members: { member_no: string }[] }>(['member', 'purge', '--yes'])).doc.members;
    for (const m of done) {
      s.purged.set(String(m.member_no), s.personal.get(String(m.member_no)) ?? []);
      w.touched.add(String(m.member_no));
      w.count('member purged');
    }
    w.reprintDue = true;
  },
};

export const MORE: readonly Act[] = [intervene, pro, coopt, rights];
