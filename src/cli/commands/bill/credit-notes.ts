/** `bill credit`: a credit note correcting an invoice. */
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../../app.js';
import { eurosArg as euros } from '../../args.js';
import { t } from '../../../i18n/index.js';

export function registerBillCreditNotes(group: CommandUnknownOpts, wrap: Wrap): void {
  group
    .command('credit')
    .description(t('help.bill.issues_a_credit_note_correcting'))
    .argument('<invoice>', t('help.bill.invoice_number'))
    .option('--amount <eur>', t('help.bill.amount_to_credit_in_euros'))
    .requiredOption('--reason <text>', t('help.bill.why_the_invoice_is_corrected'))
    .option('--yes', t('help.bill.do_not_ask_for_confirmation'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill credit F2026-000003 --amount 90 --reason "extra site billed twice" --date 2026-12-15 --yes')
    .action(
      wrap(async (app, [number], opts) => {
        const m = await import('../../../invoicing/index.js');
        const amountCents = opts.amount === undefined ? undefined : euros(String(opts.amount), '--amount');
        const issuedOn = app.today();
        const s = m.showInvoice(app.conn.db, String(number), issuedOn)._summary;
        const amount = amountCents ?? s.totalTtcCents - s.creditedCents;
        if (amount > 0)
          await app.confirmAct(t('bill.credit_confirm', { invoice: s.number, amount: app.out.money(amount), reason: String(opts.reason) }), opts.yes);
        const r = m.creditInvoice(app.conn, app.actor, { number: String(number), amountCents, issuedOn, reason: String(opts.reason) });
        app.out.result(r, t('words.credit.done', { number: r.number, invoice: r.refers_to, amount: app.out.money(r.total_ttc_cents) }));
      }),
    );
}
