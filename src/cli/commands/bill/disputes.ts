/** `bill dispute` and `bill resolve` (art. 7.3.6). */
import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../../app.js';
import { eurosArg as euros, wholeNumberArg } from '../../args.js';
import { UsageError } from '../../../errors.js';
import { t } from '../../../i18n/index.js';

export function registerBillDisputes(group: CommandUnknownOpts, wrap: Wrap): void {
  group
    .command('dispute')
    .description(t('help.bill.contests_part_of_an_invoice'))
    .argument('<invoice>', t('help.bill.invoice_number'))
    .requiredOption('--amount <eur>', t('help.bill.contested_amount_in_euros'))
    .requiredOption('--reason <text>', t('help.bill.what_the_member_contests'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill dispute F2026-000003 --amount 90 --reason "extra site never installed" --date 2026-12-12')
    .action(
      wrap(async (app, [number], opts) => {
        const m = await import('../../../collection/index.js');
        const r = m.openDispute(app.conn, app.actor, {
          number: String(number),
          amountCents: euros(String(opts.amount), '--amount'),
          on: app.today(),
          reason: String(opts.reason),
        });
        app.out.result(
          { id: r.id, invoice: r.invoice, amount_cents: r.amount_cents, status: r.status, opened_on: r.opened_on },
          t('billing.dispute.opened', { id: r.id, invoice: r.invoice, amount: app.out.money(r.amount_cents) }),
        );
      }),
    );

  group
    .command('resolve')
    .description(t('help.bill.resolves_a_dispute_upheld_due'))
    .argument('<dispute>', t('help.bill.dispute_id_bill_show_lists'))
    // the outcomes are named after what happens to the contested amount (issue 24); the
    // contract's words (upheld / granted) stay as hidden aliases
    .option('--amount-due', t('help.bill.parnasse_confirms_the_amount_due'))
    .option('--cancel-amount', t('help.bill.the_member_is_right_a'))
    .addOption(new Option('--upheld').hideHelp())
    .addOption(new Option('--granted').hideHelp())
    .option('--yes', t('help.bill.do_not_ask_for_confirmation_2'))
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse bill resolve 1 --amount-due --date 2026-12-20\n  $ parnasse bill resolve 2 --cancel-amount --date 2026-12-20 --yes',
    )
    .action(
      wrap(async (app, [id], opts) => {
        const due = !!opts.amountDue || !!opts.upheld;
        const cancel = !!opts.cancelAmount || !!opts.granted;
        if (due === cancel) throw new UsageError(t('billing.resolve.one_outcome'));
        const n = wholeNumberArg(String(id), 'DISPUTE');
        const outcome = due ? 'upheld' : 'granted';
        if (outcome === 'granted') await app.confirmAct(t('billing.resolve.confirm', { id: n }), opts.yes);
        const m = await import('../../../collection/index.js');
        const r = m.resolveDispute(app.conn, app.actor, { id: n, outcome, on: app.today() });
        const p = { id: r.id, invoice: r.invoice, amount: app.out.money(r.amount_cents), credit_note: r.credit_note ?? '' };
        app.out.result(r, outcome === 'upheld' ? t('billing.dispute.upheld', p) : t('billing.dispute.granted', p));
      }),
    );
}
