/** `bill prices`: the price catalogue (annex 1) and its changes. */
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../../app.js';
import type { App } from '../../app.js';
import { dateArg as date, eurosArg as euros } from '../../args.js';
import { t } from '../../../i18n/index.js';
import { fmtDate } from '../../../i18n/format.js';

export function registerBillPrices(group: CommandUnknownOpts, wrap: Wrap): void {
  const prices = group
    .command('prices')
    .description(t('help.bill.the_price_catalogue_annex_1'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill prices --date 2027-01-01')
    .action(wrap(async (app) => showPrices(app)));

  prices
    .command('set')
    .description(t('help.bill.a_new_ttc_price_from'))
    .argument('<item>', t('help.bill.price_item_e_g_subscription'))
    .argument('<eur>', t('help.bill.new_ttc_price_in_euros'))
    .requiredOption('--from <date>', t('help.bill.first_day_the_price_applies'))
    .requiredOption('--announced <date>', t('help.bill.day_the_change_was_announced'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill prices set subscription 260 --from 2027-03-01 --announced 2027-01-15')
    .action(
      wrap(async (app, [item, eur], opts) => {
        const m = await import('../../../prices/index.js');
        const change = {
          item: m.parsePriceItem(String(item)),
          ttcCents: euros(String(eur), 'EUR', { allowZero: true }),
          from: date(opts.from, '--from'),
          announced: date(opts.announced, '--announced'),
        };
        const r = m.setPrice(app.conn, app.actor, change);
        app.out.result(
          { id: r.id, item: change.item, ttc_cents: change.ttcCents, effective_from: change.from, announced_on: change.announced },
          t('words.prices.set', { item: change.item, price: app.out.money(change.ttcCents), from: fmtDate(change.from), announced: fmtDate(change.announced) }),
        );
      }),
    );

  prices
    .command('revoke')
    .description(t('modules.revoke.desc'))
    .argument('<item>', t('help.bill.price_item_e_g_subscription'))
    .requiredOption('--from <date>', t('modules.revoke.opt_from'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill prices revoke subscription --from 2027-03-01 --date 2027-01-20')
    .action(
      wrap(async (app, [item], opts) => {
        const m = await import('../../../prices/index.js');
        const r = m.revokePrice(app.conn, app.actor, { item: m.parsePriceItem(String(item)), from: date(opts.from, '--from'), on: app.today() });
        app.out.result(
          r,
          t('modules.revoke.done', { item: r.item, from: fmtDate(r.effective_from), price: app.out.money(r.ttc_cents), announced: fmtDate(r.announced_on) }),
        );
      }),
    );

  prices
    .command('withdraw')
    .description(t('help.bill.withdraws_a_service_or_option'))
    .argument('<item>', t('help.bill.price_item_e_g_concierge'))
    .requiredOption('--from <date>', t('help.bill.first_day_the_item_is'))
    .requiredOption('--announced <date>', t('help.bill.day_the_withdrawal_was_announced'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill prices withdraw concierge_privilege --from 2027-06-01 --announced 2027-02-01')
    .action(
      wrap(async (app, [item], opts) => {
        const m = await import('../../../prices/index.js');
        const w = { item: m.parsePriceItem(String(item)), from: date(opts.from, '--from'), announced: date(opts.announced, '--announced') };
        const r = m.withdrawItem(app.conn, app.actor, w);
        app.out.result(
          { id: r.id, item: w.item, ttc_cents: null, effective_from: w.from, announced_on: w.announced, options_ended: r.options_ended },
          t('words.prices.withdraw', { item: w.item, from: fmtDate(w.from), announced: fmtDate(w.announced), options: r.options_ended }),
        );
      }),
    );
}

async function showPrices(app: App): Promise<void> {
  const m = await import('../../../prices/index.js');
  const on = app.today();
  const rows = m.catalogue(app.conn.db, on);
  app.out.result(
    rows,
    () =>
      `${t('words.prices.head', { date: fmtDate(on) })}\n` +
      app.out.table(rows, [
        { header: t('words.h.item'), value: (r) => r.item },
        {
          header: t('words.h.ttc'),
          value: (r) => (r.withdrawn ? t('words.prices.withdrawn') : r.ttc_cents === null ? null : app.out.money(r.ttc_cents)),
          align: 'right',
        },
        { header: t('words.h.ht'), value: (r) => (r.ht_cents === null ? null : app.out.money(r.ht_cents)), align: 'right' },
        { header: t('words.h.since'), value: (r) => fmtDate(r.effective_from) },
        {
          header: t('words.h.next'),
          value: (r) =>
            r.next
              ? t('words.prices.next', {
                  price: r.next.ttc_cents === null ? t('words.prices.withdrawn') : app.out.money(r.next.ttc_cents),
                  date: fmtDate(r.next.effective_from),
                })
              : null,
          wrap: true,
        },
      ]),
  );
}
