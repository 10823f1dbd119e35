import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../app.js';
import { t, type MessageKey } from '../../i18n/index.js';
import type { App } from '../app.js';
import { InvalidInputError, UsageError } from '../../errors.js';

export function registerSettings(program: CommandUnknownOpts, wrap: Wrap): void {
  const group = program
    .command('settings')
    .description(t('help.settings.the_club_s_identity_and'))
    .addHelpText('after', '\nExample:\n  $ parnasse settings set seller.siren "732 829 320"\n  $ parnasse settings list');

  group
    .command('set')
    .description(t('help.settings.sets_one_setting_validated_siren'))
    .argument('<key>', t('help.settings.seller_name_seller_legal_form'))
    .argument('<value>', t('help.settings.the_value'))
    .argument('[more...]', t('help.settings.more_pairs'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ parnasse settings set creditor.ics FR72ZZZ123456\n  $ parnasse settings set smtp.url smtp://club:secret@mail.example.fr:587\n  $ parnasse settings set seller.siren "356 000 000" seller.vat_number FR39356000000',
    )
    .action(
      wrap(async (app, [key, value, more]) => {
        if (more.length % 2 !== 0) throw new UsageError(t('settings.pair_without_value', { key: more.at(-1)! }));
        const pairs: [string, string][] = [[key, value]];
        for (let i = 0; i < more.length; i += 2) pairs.push([more[i]!, more[i + 1]!]);
        const m = await import('../../settings/index.js');
        const r = m.changeSettings(app.conn, app.actor, { set: pairs, on: app.today() });
        showChanges(app, m, r);
      }),
    );

  group
    .command('unset')
    .description(t('help.settings.unset'))
    .argument('<keys...>', t('help.settings.unset_keys'))
    .addHelpText('after', '\nExample:\n  $ parnasse settings unset seller.rcs')
    .action(
      wrap(async (app, [keys]) => {
        const m = await import('../../settings/index.js');
        const r = m.changeSettings(app.conn, app.actor, { unset: keys, on: app.today() });
        showChanges(app, m, r);
      }),
    );

  group
    .command('check')
    .description(t('help.settings.check'))
    .addHelpText('after', '\nExample:\n  $ parnasse settings check && parnasse bill run --month 2027-01')
    .action(
      wrap(async (app) => {
        const m = await import('../../settings/index.js');
        const r = m.checkSettings(app.conn.db, app.io.env);
        const human = () => {
          const lines = r.keys.map((k) => {
            const mark = k.status === 'set' ? '✓' : k.required ? '✗' : '·';
            const status = t(`settings.status.${k.status}` as MessageKey);
            const needs = k.needed_by.length ? t('settings.needed_by', { commands: k.needed_by.join(', ') }) : t('settings.optional');
            return k.status === 'set' ? `${mark} ${k.key} — ${status}` : t('settings.check.line', { mark, key: k.key, status, needs });
          });
          const todo = r.keys.filter((k) => k.status !== 'set' && k.required);
          if (todo.length) lines.push('', t('settings.check.todo'), ...todo.map((k) => `  parnasse settings set ${k.key} ${t('settings.value_word')}`));
          return lines.join('\n');
        };
        if (r.ok) {
          app.out.result(r, () => `${human()}\n\n${t('settings.check.ok')}`);
          return;
        }
        app.out.print(human());
        const todo = r.keys.filter((k) => k.status !== 'set' && k.required).map((k) => k.key);
        throw new InvalidInputError(t('settings.check.failed', { count: todo.length, keys: todo.join(', ') }), [], { ok: false, keys: r.keys });
      }),
    );

  group
    .command('list')
    .description(t('help.settings.every_setting_set_or_not'))
    .addHelpText('after', '\nExample:\n  $ parnasse --json settings list')
    .action(
      wrap(async (app) => {
        const m = await import('../../settings/index.js');
        const rows = m.listSettings(app.conn.db);
        app.out.result(rows, () =>
          app.out.table(rows, [
            { header: t('settings.col.key'), value: (r) => r.key },
            {
              header: t('settings.col.value'),
              value: (r) =>
                r.value !== null
                  ? m.displayValue(r.key, r.value)
                  : r.default !== null
                    ? t('settings.default_value', { value: r.default })
                    : t('settings.not_set'),
              wrap: true,
            },
            { header: t('settings.col.updated'), value: (r) => r.updated_at?.slice(0, 10) },
          ]),
        );
      }),
    );
}

/** One line per key changed (or found already so), secrets masked; JSON: the list of changes. */
function showChanges(app: App, m: typeof import('../../settings/index.js'), r: import('../../settings/index.js').SettingChange[]): void {
  app.out.result(
    r.map((c) => ({ key: c.key, value: m.maskSecret(c.key, c.value), previous: m.maskSecret(c.key, c.previous) })),
    r
      .map((c) =>
        c.value === null
          ? c.previous === null
            ? t('settings.unset_none', { key: c.key })
            : t('settings.unset_done', { key: c.key, previous: m.displayValue(c.key, c.previous) })
          : c.previous === null || c.previous === c.value
            ? t('settings.set_done', { key: c.key, value: m.displayValue(c.key, c.value) })
            : t('settings.set_changed', { key: c.key, value: m.displayValue(c.key, c.value), previous: m.displayValue(c.key, c.previous) }),
      )
      .join('\n'),
  );
}
