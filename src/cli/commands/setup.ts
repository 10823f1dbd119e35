/**
 * `parnasse setup` (issue 24): the club's own settings from the first minute. On a terminal it
 * asks every setting in turn (each checked as `settings set` checks it, re-asked when wrong),
 * shows a summary, asks once, and writes them in one transaction; `--from FILE` does the same
 * without a terminal, all or nothing. Both end with the next commands.
 */
import path from 'node:path';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { App, Wrap } from '../app.js';
import { UsageError } from '../../errors.js';
import { t, type MessageKey } from '../../i18n/index.js';

export function registerSetup(program: CommandUnknownOpts, wrap: Wrap): void {
  program
    .command('setup')
    .description(t('setup.desc'))
    .option('--from <file>', t('setup.opt_from'))
    .option('--yes', t('setup.opt_yes'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ parnasse --db club.db setup\n  $ parnasse --db club.db setup --from club-settings.json\n  $ parnasse --db club.db setup --from club.env   # KEY=VALUE lines',
    )
    .action(
      wrap(async (app, _a, opts) => {
        const m = await import('../../settings/index.js');
        let pairs: [string, string][];
        if (opts.from !== undefined) {
          const { readTextInput } = await import('../../files/input.js');
          pairs = m.parseSettingsFile(readTextInput(opts.from));
          if (pairs.length === 0) throw new UsageError(t('setup.file.empty', { file: opts.from }));
        } else {
          if (!app.canPrompt) throw new UsageError(t('setup.no_terminal'));
          pairs = await ask(app, m);
          if (pairs.length === 0) throw new UsageError(t('setup.nothing'));
          app.out.print(`\n${t('setup.summary')}\n${pairs.map(([k, v]) => `  ${k} = ${m.displayValue(k, v)}`).join('\n')}\n`);
          await app.confirmAct(t('setup.confirm', { count: pairs.length, db: app.dbPath }), opts.yes);
        }
        const changes = m.changeSettings(app.conn, app.actor, { set: pairs, on: app.today() });
        const check = m.checkSettings(app.conn.db, app.io.env);
        const missing = check.keys.filter((k) => k.required && k.status !== 'set').map((k) => k.key);
        const db = path.resolve(app.dbPath);
        app.out.result(
          {
            database: db,
            settings: changes.map((c) => ({ key: c.key, value: m.maskSecret(c.key, c.value), previous: m.maskSecret(c.key, c.previous) })),
            missing,
            next: nextCommands(db),
          },
          () =>
            [
              t('setup.done', { count: changes.length, db }),
              ...(missing.length ? [t('setup.still_missing', { keys: missing.join(', ') })] : []),
              '',
              t('setup.next'),
              ...nextCommands(db).map((c) => `  ${c}`),
            ].join('\n'),
        );
      }),
    );
}

/** What a new club does next: bring its people in, try a month, then let cron run it. */
function nextCommands(db: string): string[] {
  const q = /^[\w./-]+$/.test(db) ? db : `'${db.replace(/'/g, "'\\''")}'`;
  return [
    `parnasse --db ${q} member import members.csv`,
    `parnasse --db ${q} candidate import candidates.csv`,
    `parnasse --db ${q} bill run --month $(date +%Y-%m) --dry-run`,
    `crontab: 0 6 1 * * parnasse --db ${q} --json --quiet bill run --month $(date +\\%Y-\\%m) >> /var/log/parnasse/run.json`,
    `parnasse --db ${q} db backup /var/backups/parnasse.db`,
  ];
}

/** Every setting in turn, its current value as the default; an optional one may stay empty. */
async function ask(app: App, m: typeof import('../../settings/index.js')): Promise<[string, string][]> {
  const p = await app.prompter();
  const answers = new Map<string, string>();
  const current = (k: (typeof m.SETTING_KEYS)[number]) => answers.get(k) ?? m.getSetting(app.conn.db, k);
  app.out.print(t('setup.intro', { db: path.resolve(app.dbPath) }));
  for (const key of m.SETTING_KEYS) {
    if (m.defaultOf(key) !== null) continue; // the chart of accounts: French defaults, changed by `settings set`
    const was = m.getSetting(app.conn.db, key);
    const shown = was === null ? null : m.displayValue(key, was);
    const required = m.isRequiredSetting(key);
    const message = `${t(`setup.ask.${key}` as MessageKey)} (${key}${required ? '' : `, ${t('setup.optional')}`})`;
    const value = (
      await p.input({
        message,
        ...(shown !== null ? { default: shown } : {}),
        validate: (v) => (v.trim() === '' ? (required ? t('setup.required') : true) : v.trim() === shown ? true : m.validateSetting(key, v, current)),
      })
    ).trim();
    // empty (optional) or the default kept (also a secret shown masked): unchanged
    if (value === '' || value === shown) continue;
    answers.set(key, value);
  }
  return [...answers];
}
