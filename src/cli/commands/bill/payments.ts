/** `bill pay`: a payment recorded against an invoice. */
import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../../app.js';
import { eurosArg as euros } from '../../args.js';
import { t } from '../../../i18n/index.js';
import { fmtEnum } from '../../../i18n/format.js';
import { PAYMENT_METHODS } from '../../../rules/enums.js';

export function registerBillPay(group: CommandUnknownOpts, wrap: Wrap): void {
  group
    .command('pay')
    .description(t('bill.pay.desc'))
    .argument('<invoice>', t('bill.arg.invoice'))
    .requiredOption('--amount <eur>', t('bill.pay.opt_amount'))
    .addOption(new Option('--method <method>', t('bill.pay.opt_method')).choices([...PAYMENT_METHODS]).makeOptionMandatory())
    .addHelpText('after', '\nExample:\n  $ parnasse bill pay F2026-000001 --amount 1500 --method card --date 2026-12-12')
    .action(
      wrap(async (app, [number], opts) => {
        const paidOn = app.today();
        const m = await import('../../../invoicing/index.js');
        const r = m.payInvoice(app.conn, app.actor, {
          number: String(number),
          amountCents: euros(String(opts.amount), '--amount'),
          paidOn,
          method: opts.method,
        });
        app.out.result(
          r,
          t('bill.pay.done', {
            amount: app.out.money(r.amount_cents),
            invoice: r.invoice,
            status: fmtEnum('invoice_status', r.status),
            outstanding: app.out.money(r.outstanding_cents),
          }) +
            (r.member_activated ? `\n${t('bill.pay.activated', { no: r.member_activated })}` : '') +
            // what the payment ended (issue 24, art. 7.3.8): a suspension lifted, else a procedure closed
            (r.suspension_lifted
              ? `\n${app.out.wrap(t('bill.pay.suspension_lifted', { no: r.suspension_lifted.member_no, status: fmtEnum('member_status', r.suspension_lifted.status) }))}`
              : r.dunning_closed
                ? `\n${app.out.wrap(t('bill.pay.dunning_closed', { no: r.dunning_closed }))}`
                : ''),
        );
      }),
    );
}
