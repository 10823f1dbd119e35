import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../app.js';
import { t } from '../../i18n/index.js';

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
    .addHelpText(
      'after',
      '\nExamples:\n  $ parnasse settings set creditor.ics FR72ZZZ123456\n  $ parnasse settings set smtp.url smtp://club:secret@mail.example.fr:587',
    )
    .action(
      wrap(async (app, [key, value]) => {
        const m = await import('../../settings/index.js');
        const r = m.setSetting(app.conn, app.actor, String(key), String(value));
        const shown = m.displayValue(r.key, r.value);
        app.out.result(
          { key: r.key, value: m.maskSecret(r.key, r.value), previous: m.maskSecret(r.key, r.previous) },
          r.previous === null || r.previous === r.value
            ? t('settings.set_done', { key: r.key, value: shown })
            : t('settings.set_changed', { key: r.key, value: shown, previous: m.displayValue(r.key, r.previous) }),
        );
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
            { header: t('settings.col.value'), value: (r) => (r.value === null ? t('settings.not_set') : m.displayValue(r.key, r.value)), wrap: true },
            { header: t('settings.col.updated'), value: (r) => r.updated_at?.slice(0, 10) },
          ]),
        );
      }),
    );
}
