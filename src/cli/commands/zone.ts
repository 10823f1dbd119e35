import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { t } from '../../i18n/index.js';
import { fmtDate } from '../../i18n/format.js';
import type { Wrap } from '../app.js';
import { dateArg } from '../args.js';
import { listFlags } from '../output.js';

export function registerZone(program: CommandUnknownOpts, wrap: Wrap): void {
  const group = program
    .command('zone')
    .description(t('help.zone.the_coverage_zones_definitions_zone'))
    .addHelpText('after', '\nExample:\n  $ parnasse zone list --date 2027-01-01\n  $ parnasse zone set 21 grand_est --from 2027-01-01');

  listFlags(group.command('list'))
    .description(t('help.zone.zones_in_force_on_the'))
    .addHelpText('after', '\nExample:\n  $ parnasse --json zone list --date 2026-12-01')
    .action(
      wrap(async (app) => {
        const { listZones } = await import('../../zones/index.js');
        const rows = listZones(app.conn, app.today());
        await app.out.list(rows, [
          { header: t('words.h.zone'), value: (r) => r.zone },
          { header: t('words.h.name'), value: (r) => r.name, min: 10, drop: 1 },
          { header: t('words.h.tier'), value: (r) => r.tier },
          { header: t('words.h.departments'), value: (r) => r.departments.join(' '), wrap: true },
        ]);
      }),
    );

  group
    .command('set')
    .description(t('help.zone.assign_a_d_partement_to'))
    .argument('<department>', t('help.zone.e_g_21_2a_98'))
    .argument('<zone>', t('help.zone.zone_id_or_none'))
    .requiredOption('--from <date>', t('help.zone.the_date_the_revision_applies'))
    .addHelpText('after', '\nExample:\n  $ parnasse zone set 21 grand_est --from 2027-01-01\n  $ parnasse zone set 85 none --from 2027-06-01')
    .action(
      wrap(async (app, [department, zone], opts) => {
        const { reviseZone } = await import('../../zones/index.js');
        const r = reviseZone(app.conn, app.actor, {
          department: String(department),
          zone: zone === 'none' ? null : String(zone),
          from: dateArg(opts.from, '--from'),
        });
        app.out.result(
          r,
          t('words.zone.set', {
            department: r.department,
            previous: r.previous_zone ?? t('words.zone.not_covered'),
            zone: r.zone ?? t('words.zone.not_covered'),
            from: fmtDate(r.effective_from),
          }),
        );
      }),
    );
}
