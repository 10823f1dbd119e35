/**
 * The command tree, loaded a group at a time (issue 27): `parnasse --help` and a typo need
 * only each group's name, description and line in the root help — its stub below; the
 * group a command line names is loaded whole (its module and what it adds to other groups)
 * before commander parses. `completion` loads every group. test/cli/lazy-commands.test.ts
 * checks that each stub says what its group says.
 */
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../app.js';
import { t } from '../../i18n/index.js';

type Register = (program: CommandUnknownOpts, wrap: Wrap) => void;
const member = (program: CommandUnknownOpts) => program.commands.find((c) => c.name() === 'member')!;
const candidate = (program: CommandUnknownOpts) => program.commands.find((c) => c.name() === 'candidate')!;

interface Group {
  name: string;
  /** The group as the root help lists it: name, description, its own options and arguments. */
  stub(program: CommandUnknownOpts): void;
  /** Its real declaration. */
  load(): Promise<Register>;
}

/** Every command group, in the order of the club's life (the root help's order). */
export const GROUPS: readonly Group[] = [
  {
    name: 'candidate',
    stub: (p) => p.command('candidate').description(t('candidate.group')),
    load: async () => {
      const [{ registerCandidate }, { registerCandidateEdit }] = await Promise.all([import('./candidate.js'), import('./corrections.js')]);
      return (p, wrap) => {
        registerCandidate(p, wrap);
        registerCandidateEdit(candidate(p), wrap);
      };
    },
  },
  {
    name: 'committee',
    stub: (p) => p.command('committee').description(t('committee.group')),
    load: async () => (await import('./committee.js')).registerCommittee,
  },
  {
    name: 'member',
    stub: (p) => p.command('member').description(t('member.group')),
    load: async () => {
      const [{ registerMember }, { registerDataRights }, { registerGuarantee }, { registerMandate }, { registerMemberEdit }] = await Promise.all([
        import('./member.js'),
        import('./datarights.js'),
        import('./guarantee.js'),
        import('./bill/mandate.js'),
        import('./corrections.js'),
      ]);
      return (p, wrap) => {
        registerMember(p, wrap);
        registerDataRights(member(p), wrap);
        registerGuarantee(member(p), wrap);
        registerMandate(member(p), wrap);
        registerMemberEdit(member(p), wrap);
      };
    },
  },
  {
    name: 'intervene',
    stub: (p) => p.command('intervene').description(t('intervene.group')),
    load: async () => (await import('./intervene.js')).registerIntervene,
  },
  {
    name: 'bill',
    stub: (p) => p.command('bill').description(t('bill.group')),
    load: async () => (await import('./bill/index.js')).registerBill,
  },
  {
    name: 'terminate',
    stub: (p) =>
      p
        .command('terminate')
        .description(t('termination.help.terminate'))
        .argument('<no>', t('help.terminate.member_number'))
        .option('--reason <reason>', t('termination.help.reason')),
    load: async () => (await import('./terminate.js')).registerTerminate,
  },
  {
    name: 'coopt',
    stub: (p) => p.command('coopt').description(t('help.coopt.cooptation_annex_3_members_propose')),
    load: async () => (await import('./coopt.js')).registerCoopt,
  },
  { name: 'pro', stub: (p) => p.command('pro').description(t('pro.group')), load: async () => (await import('./pro.js')).registerPro },
  {
    name: 'zone',
    stub: (p) => p.command('zone').description(t('help.zone.the_coverage_zones_definitions_zone')),
    load: async () => (await import('./zone.js')).registerZone,
  },
  {
    name: 'setup',
    stub: (p) => p.command('setup').description(t('setup.desc')).option('--from <file>', t('setup.opt_from')),
    load: async () => (await import('./setup.js')).registerSetup,
  },
  {
    name: 'settings',
    stub: (p) => p.command('settings').description(t('help.settings.the_club_s_identity_and')),
    load: async () => (await import('./settings.js')).registerSettings,
  },
  { name: 'db', stub: (p) => p.command('db').description(t('db.group')), load: async () => (await import('./db.js')).registerDb },
];

/** The groups loaded so far (a process runs one command line; tests may load them all). */
const loaded = new Map<string, Register>();

/** Loads the named groups (all of them with `'all'`); unknown names are left to commander. */
export async function loadGroups(names: readonly string[] | 'all'): Promise<void> {
  const wanted = GROUPS.filter((g) => (names === 'all' || names.includes(g.name)) && !loaded.has(g.name));
  const registers = await Promise.all(wanted.map((g) => g.load()));
  for (const [i, g] of wanted.entries()) loaded.set(g.name, registers[i]!);
}

/** The tree: each loaded group declared whole, the others as their stubs. */
export function registerCommands(program: CommandUnknownOpts, wrap: Wrap, only?: ReadonlySet<string>): void {
  for (const g of GROUPS) {
    const register = only === undefined || only.has(g.name) ? loaded.get(g.name) : undefined;
    if (register) register(program, wrap);
    else g.stub(program);
  }
}

/** The global options that take a value: the word after them is not a command. */
const VALUED = new Set(['--db', '--operator', '--date']);

/** The groups a command line needs: the one it names (`help NAME` too); every group for `completion`. */
export function groupsFor(argv: readonly string[]): string[] | 'all' {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const a = argv[i]!;
    if (a === '--') {
      words.push(...argv.slice(i + 1, i + 3));
      break;
    }
    if (VALUED.has(a)) i++;
    else if (!a.startsWith('-')) words.push(a);
  }
  if (words[0] === 'completion') return 'all';
  return words[0] === 'help' ? words.slice(1, 2) : words.slice(0, 1);
}
