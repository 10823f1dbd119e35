/**
 * The CLI entry: builds the commander program, runs one command, maps every outcome to
 * an exit code (CLI.md "Exit codes"). `run` never exits the process: `main` does, once.
 */
import { Argument, Command, CommanderError, Help, Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { dateArg, enumArg, unquotedAmount } from './args.js';
import type { Wrap } from './app.js';
import type { Io } from './io.js';
import { type AppError, asAppError, InvalidInputError, UsageError } from '../errors.js';
import type { Output } from './output.js';
import { groupsFor, loadGroups, registerCommands } from './commands/index.js';

export { loadGroups } from './commands/index.js';
import { detectLang, lang, setLang, t } from '../i18n/index.js';
import { fmtDatesIn, setTerminalTypography } from '../i18n/format.js';
import { fitHelp, helpWidth } from './help-width.js';
import { spawnPager } from './pager.js';
import { translateCommander, translateHelp } from './commander-fr.js';
import { codePoint, controlIn, escapeControls } from '../text/controls.js';

export const VERSION = '0.1.0';

/**
 * The program for one command line: the groups loaded so far declared whole, the others as
 * stubs (commands/index.ts); `run` loads the group `argv` names first, tests may load all.
 */
export function buildProgram(io: Io, argv: readonly string[]): Command {
  const program = new Command('parnasse');
  program
    .description(t('cli.description'))
    .version(VERSION, '-v, --version', t('cli.opt.version'))
    .helpOption('-h, --help', t('cli.opt.help'))
    .helpCommand('help [command]', t('cli.help_command'))
    .option('--db <path>', t('cli.opt.db'))
    .option('--json', t('cli.opt.json'))
    .option('--no-input', t('cli.opt.no_input'))
    .option('--operator <name>', t('cli.opt.operator'))
    .option('--quiet', t('cli.opt.quiet'))
    .option('--yes', t('cli.opt.yes'))
    // every table fits the width unless --wide (issue 24): accepted by every command, as --json
    .option('--wide', t('list.opt.wide'))
    .option('--no-pager', t('list.opt.no_pager'))
    .addOption(new Option('--date <date>', t('cli.opt.date')))
    .showHelpAfterError(t('cli.help_after_error'))
    .configureHelp({
      // the global options are listed once, under `parnasse --help` (as gh does); a
      // subcommand's help points there instead of repeating them
      showGlobalOptions: false,
      sortSubcommands: false,
      formatHelp: (cmd, helper) => {
        const text = Help.prototype.formatHelp.call(helper, cmd, helper);
        return cmd.parent ? `${text}\n${t('args.global_options_pointer')}\n` : text;
      },
    })
    .addHelpText(
      'after',
      `
${t('cli.examples')}
  $ parnasse candidate import fixtures/candidates.csv
  $ parnasse --json committee agenda --date 2026-12-01
  $ PARNASSE_DB=/var/lib/parnasse/club.db parnasse member list --status active

${t('cli.exit_codes')}`,
    );

  // commander calls the action with the command as `this`: its processed arguments and its
  // options are the handler's, typed from the command's declarations
  const wrap: Wrap = (handler) =>
    async function (this) {
      // the App (and with it the database layer) loads when a command runs, never for help
      const { App } = await import('./app.js');
      const app = App.fromCommand(io, this, argv);
      try {
        await handler(app, this.processedArgs, this.opts());
      } finally {
        app.close();
      }
    };
  registerCommands(program, wrap);
  program
    .command('completion')
    .description(t('help.main.shell_completion_for_bash_zsh'))
    .addArgument(new Argument('<shell>', t('help.main.shell_names')).choices(['bash', 'zsh', 'fish']))
    .addHelpText('after', '\nExample:\n  $ parnasse completion bash >> ~/.bashrc\n  $ parnasse completion fish > ~/.config/fish/completions/parnasse.fish')
    .action(async (shell: string) => {
      const c = await import('./completion.js');
      const gen = shell === 'bash' ? c.bashCompletion : shell === 'zsh' ? c.zshCompletion : c.fishCompletion;
      io.stdout.write(gen(program));
    });
  caseInsensitiveChoices(program);
  // Global flags are checked before any command runs (`--date garbage member list` is a
  // usage error, not a list on today's date).
  program.hook('preAction', () => {
    const { date }: { date?: unknown } = program.opts();
    if (typeof date === 'string') dateArg(date, '--date');
  });

  const jsonMode = argv.includes('--json');
  // help fitted to the terminal, 80 columns on a pipe (issue 24)
  const width = helpWidth(io.stdout, io.env);
  const applyIo = (c: CommandUnknownOpts) => {
    c.exitOverride();
    c.configureOutput({
      writeOut: (s) => io.stdout.write(fitHelp(translateHelp(s), width)),
      writeErr: (s) => (jsonMode ? undefined : io.stderr.write(fitHelp(translateHelp(s), width))),
      getOutHelpWidth: () => width,
      getErrHelpWidth: () => width,
      outputError: (s, write) => write(excessArgumentsHint(s, argv) ?? translateCommander(s)),
    });
    for (const sub of c.commands) applyIo(sub);
  };
  applyIo(program);
  return program;
}

/** Runs one command line; returns the exit code. Used by bin/parnasse.js and by tests. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  setLang(detectLang(io.env));
  const json = argv.includes('--json');
  setTerminalTypography(lang() === 'fr' && !!io.stdout.isTTY && !json);
  await loadGroups(groupsFor(argv));
  const program = buildProgram(io, argv);
  try {
    refuseControlCharacters(argv);
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    // help and version end here: before the output layer (and chalk) is loaded for nothing
    if (
      e instanceof CommanderError &&
      (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' || e.exitCode === 0)
    )
      return 0;
    const { Output } = await import('./output.js');
    const out = new Output(io, { json, quiet: argv.includes('--quiet') });
    if (e instanceof CommanderError) {
      // commander already printed its message (human mode)
      if (json) {
        const message = (excessArgumentsHint(e.message, argv) ?? translateCommander(e.message)).trim();
        const prefix = `${t('common.error')} `;
        renderError(out, io, new UsageError(message.startsWith(prefix) ? message.slice(prefix.length) : message.replace(/^error: /, '')));
      }
      return 2;
    }
    if ((e as Error | null)?.name === 'ExitPromptError') {
      // Ctrl-C at a prompt: the person stopped; nothing was written by the unfinished step.
      io.stderr.write(`${t('common.cancelled')}\n`);
      return 130;
    }
    const appError = asAppError(e);
    if (appError) {
      renderError(out, io, appError);
      return appError.exitCode;
    }
    const err = e as Error;
    if (json) {
      io.stdout.write(`${JSON.stringify({ error: { code: 'internal', message: err.message, article: null } })}\n`);
    }
    out.error(t('common.internal', { message: err.message }));
    if (io.env.PARNASSE_DEBUG) io.stderr.write(`${err.stack ?? ''}\n`);
    io.stderr.write(`${t('common.bug_hint')}\n`);
    return 1;
  }
}

/**
 * No control character in any argument (issue 12): a terminal escape typed into a name
 * would be stored and later replayed on every terminal that lists it. Exit 4, naming the
 * flag and the character, before anything runs.
 */
function refuseControlCharacters(argv: readonly string[]): void {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const ch = controlIn(a);
    if (ch === null) continue;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const prev = argv[i - 1];
    const flag = eq > 0 ? a.slice(0, eq) : prev?.startsWith('-') && !a.startsWith('-') ? prev : t('text.control.argument', { n: i + 1 });
    throw new InvalidInputError(t('text.control.arg', { flag: escapeControls(flag), code: codePoint(ch) }));
  }
}

/**
 * Every option with a closed list of values (a status, a kind, a method…) takes them
 * without regard to case, and an unknown one is a usage error (exit 2) listing the valid
 * values, in the operator's language. The list stays on the option for help and completion.
 */
function caseInsensitiveChoices(cmd: CommandUnknownOpts): void {
  for (const o of cmd.options) {
    const values = o.argChoices;
    if (!values?.length) continue;
    const flag = o.long ?? o.flags;
    o.argParser((v: string) => enumArg(v, flag, flag.replace(/^--/, '').replace(/-/g, ' '), values));
  }
  for (const c of cmd.commands) caseInsensitiveChoices(c);
}

/** "too many arguments" caused by an unquoted French amount (`--amount 1 500,00`) says so. */
function excessArgumentsHint(message: string, argv: readonly string[]): string | null {
  if (!/too many arguments/.test(message)) return null;
  const example = unquotedAmount(argv);
  return example === null ? null : `${t('common.error')} ${t('args.amount_unquoted', { example })}\n`;
}

function renderError(out: Output, io: Io, e: AppError): void {
  if (out.json) {
    const doc: Record<string, unknown> = {
      error: { code: e.code, message: e.message, article: e.article ?? null },
    };
    if (e instanceof InvalidInputError) Object.assign(doc, e.details ?? {}, { errors: e.errors });
    else if (e.details) Object.assign(doc, e.details);
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return;
  }
  out.error(e.message);
  if (e instanceof InvalidInputError) {
    const shown = e.errors.slice(0, 50);
    for (const r of shown) {
      const message = escapeControls(fmtDatesIn(r.message));
      io.stderr.write(
        `${r.column ? t('cli.row_column', { line: r.line, column: escapeControls(r.column), message }) : t('cli.row', { line: r.line, message })}\n`,
      );
    }
    if (e.errors.length > shown.length) io.stderr.write(`${t('cli.rows_more', { count: e.errors.length - shown.length })}\n`);
  }
}

/**
 * The process entry point: the one process.exit, once stdout and stderr have handed every
 * queued byte to the OS. On a pipe Node writes asynchronously: exiting at once would cut
 * the output at the pipe's buffer (64 KiB). A reader that closes early (`| head -1`) is
 * not an error: further output is dropped and the exit code stays the command's.
 */
export async function main(): Promise<void> {
  let stdoutClosed = false;
  /** Writers waiting for `drain`: also released when the reader goes (no drain will come). */
  const waiting = new Set<() => void>();
  const release = () => {
    for (const fn of [...waiting]) fn();
    waiting.clear();
  };
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') {
      stdoutClosed = true;
      release();
    } else throw e;
  });
  process.stdout.on('close', () => {
    stdoutClosed = true;
    release();
  });
  process.stderr.on('error', () => {
    /* a closed stderr must not turn a result into a crash */
  });
  const stdout = {
    write: (s: string) => (stdoutClosed ? true : process.stdout.write(s)),
    writeBytes: (b: Uint8Array) => (stdoutClosed ? true : process.stdout.write(b)),
    get isTTY() {
      return process.stdout.isTTY;
    },
    get columns() {
      return process.stdout.isTTY ? process.stdout.columns : undefined;
    },
    get rows() {
      return process.stdout.isTTY ? process.stdout.rows : undefined;
    },
    get closed() {
      return stdoutClosed;
    },
    once: (_event: 'drain', fn: () => void) => {
      if (stdoutClosed) return fn();
      const once = () => {
        waiting.delete(once);
        process.stdout.removeListener('drain', once);
        fn();
      };
      waiting.add(once);
      process.stdout.once('drain', once);
    },
  };
  const io: Io = {
    stdout,
    stderr: process.stderr,
    // read when a prompt is wanted: process.stdin makes its stream (a socket on a pipe) on first access
    get stdinIsTTY() {
      return !!process.stdin.isTTY;
    },
    env: process.env,
    pager: (command) => spawnPager(command, process.stdout.columns, process.stdout.rows),
  };
  const code = await run(process.argv.slice(2), io);
  await Promise.all([flush(process.stdout, () => stdoutClosed), flush(process.stderr, () => false)]);
  process.exit(code);
}

/** Resolves once everything written so far has left the process (or the reader is gone). */
function flush(stream: NodeJS.WriteStream, closed: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (closed() || stream.destroyed || stream.writableLength === 0) return resolve();
    stream.write('', () => resolve());
  });
}
