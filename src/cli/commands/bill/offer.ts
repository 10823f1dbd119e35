/** `bill offer announce|list`: changes to the Offer other than prices (art. 9), one month's notice. */
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../../app.js';
import { dateArg as date } from '../../args.js';
import { t } from '../../../i18n/index.js';

export function registerBillOffer(group: CommandUnknownOpts, wrap: Wrap): void {
  const offer = group.command('offer').description(t('offer.help.group')).addHelpText('after', '\nExample:\n  $ parnasse bill offer list --date 2027-04-01');

  offer
    .command('announce')
    .description(t('offer.help.announce'))
    .argument('<description>', t('offer.help.description'))
    .requiredOption('--from <date>', t('offer.help.from'))
    .option('--announced <date>', t('offer.help.announced'))
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse bill offer announce "Conciergerie : réponse sous 2 h au lieu de 4 h" --from 2027-03-01 --announced 2027-01-15',
    )
    .action(
      wrap(async (app, [description], opts) => {
        const m = await import('../../../prices/index.js');
        const on = app.today();
        const r = m.announceOfferChange(app.conn, app.actor, {
          description: String(description),
          announcedOn: opts.announced === undefined ? on : date(opts.announced, '--announced'),
          effectiveFrom: date(opts.from, '--from'),
          on,
        });
        app.out.result(r, t('offer.announced', { id: r.id, from: r.effective_from, announced: r.announced_on }));
      }),
    );

  offer
    .command('list')
    .description(t('offer.help.list'))
    .option('--all', t('offer.help.all'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill offer list --date 2027-04-01\n  $ parnasse --json bill offer list --all')
    .action(
      wrap(async (app, _a, opts) => {
        const m = await import('../../../prices/index.js');
        const rows = m.listOfferChanges(app.conn.db, { on: app.today(), all: !!opts.all });
        app.out.result(rows, () =>
          rows.length === 0
            ? t('offer.empty')
            : app.out.table(rows, [
                { header: t('offer.head.id'), value: (r) => r.id, align: 'right' },
                { header: t('offer.head.from'), value: (r) => r.effective_from },
                { header: t('offer.head.announced'), value: (r) => r.announced_on },
                { header: t('offer.head.state'), value: (r) => (r.in_force ? t('offer.in_force') : t('offer.announced_only')) },
                { header: t('offer.head.change'), value: (r) => r.description, wrap: true },
              ]),
        );
      }),
    );
}
