/** `bill credits` and `bill refund`: the members' credit balances and giving them back. */
import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../../app.js';
import { eurosArg as euros } from '../../args.js';
import { t } from '../../../i18n/index.js';
import { listFlags } from '../../output.js';
import { PAYMENT_METHODS } from '../../../rules/enums.js';

export function registerBillCredits(group: CommandUnknownOpts, wrap: Wrap): void {
  listFlags(group.command('credits'))
    .description(t('bill.credits.desc'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill credits --date 2027-01-31\n  $ parnasse bill refund F2026-000001 --amount 40 --date 2027-02-01')
    .action(
      wrap(async (app) => {
        const { iterateCreditBalances } = await import('../../../collection/ledger.js');
        const rows = (function* () {
          for (const c of iterateCreditBalances(app.conn.db, app.today()))
            yield {
              member_no: String(c.memberNo),
              name: c.name,
              credit_cents: c.creditCents,
              invoices: c.invoices.map((i) => ({ invoice: i.number, credit_cents: i.creditCents })),
            };
        })();
        await app.out.list(
          rows,
          [
            { header: t('bill.f.member'), value: (r) => r.member_no, align: 'right', width: 6 },
            { header: t('bill.credits.h.name'), value: (r) => r.name, min: 12 },
            { header: t('bill.credits.h.credit'), value: (r) => app.out.money(r.credit_cents), align: 'right', width: 12 },
            {
              header: t('bill.credits.h.held_by'),
              value: (r) => r.invoices.map((i) => `${i.invoice} (${app.out.money(i.credit_cents)})`).join(', '),
              wrap: true,
            },
          ],
          { empty: t('bill.credits.none'), json: (r) => r },
        );
      }),
    );
}

export function registerBillRefund(group: CommandUnknownOpts, wrap: Wrap): void {
  group
    .command('refund')
    .description(t('help.bill.gives_money_back_from_a'))
    .argument('<invoice>', t('help.bill.the_invoice_holding_the_credit'))
    .requiredOption('--amount <eur>', t('help.bill.amount_refunded_in_euros'))
    .addOption(new Option('--method <method>', t('help.bill.how_the_money_goes_back')).choices([...PAYMENT_METHODS]).default('transfer'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill refund F2026-000001 --amount 90 --date 2026-12-20')
    .action(
      wrap(async (app, [number], opts) => {
        const m = await import('../../../collection/index.js');
        const r = m.refund(app.conn, app.actor, {
          number: String(number),
          amountCents: euros(String(opts.amount), '--amount'),
          on: app.today(),
          method: opts.method,
        });
        app.out.result(r, t('billing.refund.done', { amount: app.out.money(r.amount_cents), invoice: r.invoice, left: app.out.money(r.credit_left_cents) }));
      }),
    );
}
