/**
 * The living club (issue 21): the world of the simulation — a seeded random source, the
 * model of what the Desk has done (members, candidacies, documents, exports, dunning), and
 * the one way an act reaches the club: a `parnasse` command run in process (`cli`), so that
 * parsing, the command layer and the capability are all exercised, as the Desk would.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, tempDir, tempDbPath, type RunResult } from '../helpers/cli.js';

export type IsoDate = string;

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T | undefined {
    return xs.length === 0 ? undefined : xs[this.int(xs.length)];
  }
  /** Weighted choice: `[weight, value]` pairs. */
  weighted<T>(xs: readonly (readonly [number, T])[]): T {
    const total = xs.reduce((s, [w]) => s + w, 0);
    let r = this.next() * total;
    for (const [w, v] of xs) {
      if ((r -= w) < 0) return v;
    }
    return xs[xs.length - 1]![1];
  }
}

// ---------------------------------------------------------------------------------------
// dates (UTC arithmetic on ISO days: no time zone can shift a day)
export function addDays(d: IsoDate, n: number): IsoDate {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}
export const monthOf = (d: IsoDate) => d.slice(0, 7);
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}
export const firstOf = (month: string) => `${month}-01`;
export const lastOf = (month: string) => addDays(firstOf(addMonths(month, 1)), -1);

// ---------------------------------------------------------------------------------------
// the model: what the Desk knows it did

export interface SimMember {
  no: string;
  /** From the terminate JSON: the first day without a contract, the last month billed, the first month without debit. */
  termination: {
    effectiveOn: IsoDate;
    lastBilledMonth: string;
    debitsStopFrom: string | null;
    recordedOn: IsoDate;
    recordedAct: number;
    reason: string;
  } | null;
  hasMandate: boolean;
}

export interface SimCandidacy {
  ref: string;
  decided: 'accepted' | 'rejected' | null;
  memberNo: string | null;
}

export interface ExportRecord {
  on: IsoDate;
  /** The act (`World.acts`) that wrote the file: an end recorded later the same day came after it. */
  act: number;
  month: string;
  debits: { invoice: string; member_no: string; amount_cents: number; collection_date?: string }[];
}

export interface DunningStepRecord {
  on: IsoDate;
  memberNo: string;
  step: string;
}

/** A bank statement the Desk imported (issue 25): what each transfer was sent as, and what the import recorded. */
export interface StatementRecord {
  on: IsoDate;
  file: string;
  /** The bank reference of each transfer, by how the bank's customer paid: naming invoices, from a member's IBAN, from nobody's; and the club's collections. */
  sent: Map<string, 'reference' | 'iban' | 'unknown' | 'collection'>;
  /** The first import's recorded rows (bank reference, how it matched). */
  recorded: { ref: string; by: string }[];
  reimported: boolean;
}

export class SimFailure extends Error {}

export interface Config {
  seed: number;
  months: number;
  members: number;
  /** New documents printed as references per day (the rest are not compared). */
  pdfsPerDay: number;
  /** Members (and candidacies) acted on whose views are compared on an ordinary day; everyone on the 1st and at the end. */
  sample: number;
}

export class World {
  /** The walk's randomness (acts only: what the invariants sample never changes the walk). */
  readonly rng: Rng;
  /** The invariants' sampling. */
  readonly probe: Rng;
  readonly db: string;
  readonly dir: string;
  day: IsoDate = '2026-11-20';
  readonly trace: string[] = [];
  readonly members = new Map<string, SimMember>();
  readonly candidacies = new Map<string, SimCandidacy>();
  /** The first rendering of each issued document (PDF bytes), the reprint's reference. */
  readonly printed = new Map<string, Buffer>();
  /** The first print of each formal-notice letter (file name → bytes). */
  readonly letters = new Map<string, Buffer>();
  /** Documents left without a reference print (short mode). */
  readonly unprinted = new Set<string>();
  readonly exports: ExportRecord[] = [];
  readonly statements: StatementRecord[] = [];
  readonly dunningSteps: DunningStepRecord[] = [];
  /** Desk mistakes cancelled the day they were entered (`member option|address cancel`): nothing may ever be billed for them. */
  readonly cancels: { on: IsoDate; memberNo: string; what: string }[] = [];
  /** The Airboxes lent to each member (entry appointment and replacements, art. 5.5) and those given back (replaced or returned, art. 10.4), by serial. */
  readonly airboxesLent = new Map<string, string[]>();
  readonly airboxesReturned = new Map<string, string[]>();
  /** Members acted on today: their views are compared today (everyone on the 1st and at the end). */
  readonly touched = new Set<string>();
  readonly refsTouched = new Set<string>();
  /** Members (candidacies) whose state changed today by the calendar alone: always compared, never sampled out. */
  readonly calendar = new Set<string>();
  readonly calendarRefs = new Set<string>();
  /** The months a billing run has issued, and the day of the last run. */
  readonly billedMonths = new Set<string>();
  /** The months each day's runs issued (a document belongs to the export of its run's month). */
  readonly runsOn = new Map<IsoDate, Set<string>>();
  /** Months whose run is forgotten altogether (the next month's run catches them up). */
  readonly forgotten = new Set<string>();
  lastRunOn: IsoDate | null = null;
  /** The act (`acts`) of the last run: a run on the day an end is recorded may come before or after it. */
  lastRunAct = -1;
  /** Commands run so far: orders the acts of one day. */
  acts = 0;
  /** The legal rate entered for each semester (hundredths of a percent). */
  readonly rates = new Map<string, number>();
  /** Known defects met (invariant → how many times), printed at the end of the seed. */
  readonly knownMet = new Map<string, number>();
  private seq = 0;
  /** Commands that may have written (a cache of readings is good while it stays the same). */
  writes = 0;
  /** `writes` when the database was last checked. */
  checkedWrites = -1;
  /** A day's reading kept while nothing is written (key → [writes, value]). */
  readonly cache = new Map<string, [number, unknown]>();
  /** Contact data or settings changed today: reprints are compared today. */
  reprintDue = false;
  /** What the walk did (PARNASSE_SIM_PROFILE=1 prints it): the club did live. */
  readonly counts = new Map<string, number>();
  /** The days each member moved (`member edit` with an address): the zone, hence the quota of interventions, may change mid-year. */
  readonly moves = new Map<string, IsoDate[]>();
  /** Days a zone revision takes effect (every candidacy is compared then). */
  readonly zoneDays = new Set<IsoDate>();
  /** Time spent per command (PARNASSE_SIM_PROFILE=1 prints it). */
  readonly profile = new Map<string, { n: number; ms: number }>();

  constructor(readonly config: Config) {
    this.rng = new Rng(config.seed);
    this.probe = new Rng(config.seed ^ 0x5bd1e995);
    this.db = tempDbPath();
    this.dir = tempDir('parnasse-sim-');
  }

  next(): number {
    return ++this.seq;
  }

  file(name: string): string {
    return path.join(this.dir, name);
  }

  /**
   * Runs `parnasse --date DAY …argv` in process. `ok` lists the exit codes the act accepts
   * (0 by default); an internal error (1) or a usage error (2: the simulation's own mistake)
   * fails the seed unless listed.
   */
  async run(argv: string[], ok: number[] = [0], o: { undated?: boolean } = {}): Promise<RunResult> {
    const full = o.undated ? argv : ['--date', this.day, ...argv];
    const t0 = performance.now();
    const r = await cli(this.db, full);
    this.acts++;
    const key = argv
      .filter((a) => !a.startsWith('-'))
      .slice(0, 2)
      .join(' ');
    const p = this.profile.get(key) ?? { n: 0, ms: 0 };
    p.n++;
    p.ms += performance.now() - t0;
    this.profile.set(key, p);
    if (
      !READS.some((x) => key === x || key.startsWith(`${x} `)) &&
      !argv.includes('--dry-run') &&
      !(key === 'bill export' && (argv.includes('csv') || argv.includes('entries')))
    )
      this.writes++;
    this.trace.push(`${this.day}  parnasse ${full.map(quoteArg).join(' ')}  → ${r.code}`);
    if (!ok.includes(r.code)) {
      throw this.failure(
        `exit ${r.code} (expected ${ok.join('|')}) from: parnasse ${full.map(quoteArg).join(' ')}\n${r.stdout.slice(0, 2000)}\n${r.stderr.slice(0, 2000)}`,
      );
    }
    return r;
  }

  /** The same, with --json; returns the parsed document (or null when the command failed in an accepted way). */
  async json<T = any>(argv: string[], ok: number[] = [0], o: { undated?: boolean } = {}): Promise<{ code: number; doc: T }> {
    const r = await this.run(['--json', ...argv], ok, o);
    let doc: T;
    try {
      doc = r.stdout.trim() === '' ? (null as T) : (JSON.parse(r.stdout) as T);
    } catch {
      throw this.failure(`not JSON from: parnasse --json ${argv.join(' ')}\n${r.stdout.slice(0, 500)}`);
    }
    return { code: r.code, doc };
  }

  /** At most `config.sample` of them, chosen at random (all when the sample is larger). */
  sample(xs: Iterable<string>, always: Iterable<string> = []): string[] {
    const out = [...xs];
    while (out.length > this.config.sample) out.splice(this.probe.int(out.length), 1);
    return [...new Set([...out, ...always])];
  }

  /** A reading as of today, read again only once something was written. */
  async cached<T>(key: string, read: () => Promise<T>): Promise<T> {
    const k = `${this.day} ${key}`;
    const hit = this.cache.get(k);
    if (hit && hit[0] === this.writes) return hit[1] as T;
    const v = await read();
    this.cache.set(k, [this.writes, v]);
    return v;
  }

  failure(message: string): SimFailure {
    const tail = this.trace.slice(-60).join('\n');
    const whole = path.join(os.tmpdir(), `parnasse-sim-seed-${this.config.seed}.trace`);
    fs.writeFileSync(whole, `${message}\n\n${this.trace.join('\n')}\n`);
    return new SimFailure(
      `living club: seed ${this.config.seed} (months ${this.config.months}, members ${this.config.members}) failed on ${this.day}\n` +
        `${message}\n--- last acts (all of them: ${whole}) ---\n${tail}\n--- reproduce ---\n` +
        `PARNASSE_SIM_SEED=${this.config.seed} PARNASSE_SIM_MONTHS=${this.config.months} PARNASSE_SIM_MEMBERS=${this.config.members} PARNASSE_SIM_PDFS=${this.config.pdfsPerDay} PARNASSE_SIM_SAMPLE=${this.config.sample} npx vitest run test/sim\n` +
        `(then add { seed: ${this.config.seed}, months: ${this.config.months}, members: ${this.config.members}, pdfsPerDay: ${this.config.pdfsPerDay}, sample: ${this.config.sample} } to REGRESSIONS in test/sim/simulation.test.ts)`,
    );
  }

  count(what: string): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
  }

  /** A member who never pays: no transfer, and the bank returns the debits. */
  nonPayer(no: string): boolean {
    return Number(no) % 5 === 3;
  }

  note(line: string): void {
    this.trace.push(`${this.day}  # ${line}`);
  }

  dispose(): void {
    // PARNASSE_SIM_KEEP=FILE keeps the club's database (to profile a command on a lived-in club)
    const keep = process.env.PARNASSE_SIM_KEEP;
    if (keep) fs.copyFileSync(this.db, keep);
    for (const p of [this.dir, path.dirname(this.db)]) fs.rmSync(p, { recursive: true, force: true });
  }
}

/** Commands that only read (the first two words of the command, flags aside). */
const READS = [
  'bill list',
  'bill show',
  'bill credits',
  'bill pdf',
  'bill rates list',
  'bill dunning letters',
  'db check',
  'member show',
  'member list',
  'candidate check',
  'candidate list',
  'candidate show',
  'committee agenda',
  'terminate airboxes',
];

function quoteArg(a: string): string {
  return /^[\w.,:/@+=-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}
