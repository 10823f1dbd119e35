import type { Command } from 'commander';
import type { Wrap } from '../main.js';
import { dateArg } from '../args.js';
import { listFlags } from '../output.js';

export function registerZone(program: Command, wrap: Wrap): void {
  const group = program
    .command('zone')
    .description('the coverage zones (definitions "Zone de couverture"): list, revise from a date')
    .addHelpText('after', '\nExample:\n  $ parnasse zone list --date 2027-01-01\n  $ parnasse zone set 21 grand_est --from 2027-01-01');

  listFlags(group.command('list'))
    .description('zones in force on the date (default today) with their tier and départements')
    .addHelpText('after', '\nExample:\n  $ parnasse --json zone list --date 2026-12-01')
    .action(
      wrap(async (app) => {
        const { listZones } = await import('../../zones/index.js');
        const rows = listZones(app.conn, app.today());
        await app.out.list(rows, [
          { header: 'zone', value: (r) => r.zone },
          { header: 'name', value: (r) => r.name, min: 10, drop: 1 },
          { header: 'tier', value: (r) => r.tier },
          { header: 'départements', value: (r) => r.departments.join(' '), wrap: true },
        ]);
      }),
    );

  group
    .command('set')
    .description('assign a département to a zone (or "none") from a date on; what was recorded before keeps its zone')
    .argument('<department>', 'e.g. 21, 2A, 98')
    .argument('<zone>', 'zone id, or none')
    .requiredOption('--from <date>', 'the date the revision applies from (YYYY-MM-DD or DD/MM/YYYY)')
    .addHelpText('after', '\nExample:\n  $ parnasse zone set 21 grand_est --from 2027-01-01\n  $ parnasse zone set 85 none --from 2027-06-01')
    .action(
      wrap(async (app, [department, zone], opts) => {
        const { reviseZone } = await import('../../zones/index.js');
        const r = reviseZone(app.conn, app.actor, {
          department: String(department),
          zone: zone === 'none' ? null : String(zone),
          from: dateArg(opts.from, '--from'),
        });
        app.out.result(r, `département ${r.department}: ${r.previous_zone ?? 'not covered'} → ${r.zone ?? 'not covered'} from ${r.effective_from}`);
      }),
    );
}
