/**
 * The living club (issue 21): a seeded walk of Desk life — imports, committee, payments,
 * SEPA, returns (CSV and camt.054), bank statements (camt.053), disputes, dunning, corrections, terminations, price and zone changes,
 * missed runs; on-site interventions, Univers Pro (studies, quotes, works, bricks), cooptation
 * and data rights with the purge (`acts-more.ts`) — through the `parnasse` commands in process, with the invariants of
 * `invariants.ts` checked after every simulated day.
 *
 * `npm test` runs a few seeds over a short club; the long mode:
 *   PARNASSE_SIM_SEEDS=200 PARNASSE_SIM_MONTHS=36 npx vitest run test/sim
 * One seed: PARNASSE_SIM_SEED=N (with PARNASSE_SIM_MONTHS / PARNASSE_SIM_MEMBERS as printed).
 * A failing seed prints itself; it then joins REGRESSIONS.
 */
import { describe, expect, test } from 'vitest';
import { cron, deskDay, setUp } from './acts.js';
import { setUpMore } from './acts-more.js';
import { checkDay, KNOWN } from './invariants.js';
import { addDays, addMonths, lastOf, World, type Config } from './world.js';

/**
 * Seeds that once found a defect: replayed on every run. Only short replays belong here (the
 * default `npm test` sim stays under 60 s); a seed that needs a long club is pinned by a
 * focused test instead and named below, to replay by hand (PARNASSE_SIM_SEED=N …):
 * - 1003 × 12 months × 20 members (~9 min): dunning's termination met a pending termination
 *   and stopped the run — test/modules/dunning.test.ts, test/cli/dunning-skipped.test.ts;
 * - 1004 × 12 × 20 (~10 min): an invariant error (a credit note on a period's first day) —
 *   test/rules/penalties.test.ts;
 * - 1000 × 3 × 10: an option cancelled the day it was added was billed —
 *   test/modules/option-cancel-caught-up.test.ts.
 * - 2018 × 36 × 10: a second same-day option mistake, cancelled, revived the first cancelled
 *   row (billed) — test/modules/option-cancel-caught-up.test.ts;
 * - 2017 × 36 × 10: two disputes upheld out of order charged the later one's penalty periods
 *   twice — test/modules/penalty-two-disputes.test.ts (before that, the walk's own quota
 *   invariant after a member moved);
 * - 2015 × 36 × 10: the walk's own invariant (a visit's charge is due on its day, RULES.md §4).
 * (The walk changed since with the cancel acts: these seeds no longer walk the same path.)
 */
const REGRESSIONS: Config[] = [];

const env = (name: string, fallback: number) => {
  const v = process.env[name];
  return v === undefined || v === '' ? fallback : Number(v);
};
const MONTHS = env('PARNASSE_SIM_MONTHS', 2);
const MEMBERS = env('PARNASSE_SIM_MEMBERS', 10);
const SEEDS = env('PARNASSE_SIM_SEEDS', 2);
const PDFS = env('PARNASSE_SIM_PDFS', 3);
const SAMPLE = env('PARNASSE_SIM_SAMPLE', 3);
const ONE = process.env.PARNASSE_SIM_SEED;
const FIRST_MONTH = '2026-12';

async function simulate(config: Config): Promise<World> {
  const w = new World(config);
  try {
    await setUp(w);
    await setUpMore(w);
    const end = lastOf(addMonths(FIRST_MONTH, config.months - 1));
    for (w.day = addDays(`${FIRST_MONTH}-01`, -3); w.day <= end; w.day = addDays(w.day, 1)) {
      w.touched.clear();
      w.refsTouched.clear();
      w.cache.clear(); // readings are kept for their day only
      await cron(w);
      await deskDay(w);
      // what changes by the calendar alone is compared on its day: an end taking effect, a zone revision
      w.calendar.clear();
      for (const m of w.members.values()) if (m.termination?.effectiveOn === w.day) w.calendar.add(m.no);
      for (const s of w.dunningSteps) if (s.on === w.day) w.calendar.add(s.memberNo);
      w.calendarRefs.clear();
      if (w.zoneDays.has(w.day)) for (const c of w.candidacies.keys()) w.calendarRefs.add(c);
      await checkDay(w, w.day.endsWith('-01') ? 'month' : 'day');
    }
    await checkDay(w, 'final');
    if (process.env.PARNASSE_SIM_PROFILE) {
      console.log(
        [...w.counts]
          .sort()
          .map(([k, n]) => `${k.padEnd(34)} ${n}`)
          .join('\n'),
      );
      console.log(
        [...w.profile]
          .sort((a, b) => b[1].ms - a[1].ms)
          .map(([k, p]) => `${k.padEnd(28)} ${String(p.n).padStart(6)} ${p.ms.toFixed(0).padStart(7)} ms`)
          .join('\n'),
      );
    }
    if (w.knownMet.size > 0) {
      console.warn(`living club seed ${config.seed}: known defects pending met — ${[...w.knownMet].map(([k, n]) => `${k} ×${n} (${KNOWN[k]})`).join(', ')}`);
    }
    return w;
  } finally {
    w.dispose();
  }
}

const configs: Config[] =
  ONE !== undefined
    ? [{ seed: Number(ONE), months: MONTHS, members: MEMBERS, pdfsPerDay: PDFS, sample: SAMPLE }]
    : [...REGRESSIONS, ...Array.from({ length: SEEDS }, (_, k) => ({ seed: 1000 + k, months: MONTHS, members: MEMBERS, pdfsPerDay: PDFS, sample: SAMPLE }))];

describe('the living club', () => {
  for (const c of configs) {
    test(
      `seed ${c.seed}: ${c.members} members × ${c.months} months`,
      async () => {
        const w = await simulate(c);
        // the walk did live: runs, payments and documents happened
        expect(w.billedMonths.size).toBeGreaterThan(0);
        expect(w.printed.size).toBeGreaterThan(0);
        // and the bank's statements came in (issue 25), each imported twice
        expect(w.statements.length).toBeGreaterThan(0);
        expect(w.statements.every((s) => s.reimported)).toBe(true);
      },
      600_000 * Math.max(1, c.months / 3),
    );
  }
});
