/** `bill pay`: a payment recorded against an invoice; `bill payments import`: the bank's statement. */
import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../../app.js';
import { eurosArg as euros } from '../../args.js';
import { t, type MessageKey } from '../../../i18n/index.js';
import { checkInputFile, readTextChunks } from '../../../files/input.js';
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

/** `bill payments import FILE`: the bank's statement of transfers in (issue 25). */
export function registerBillPayments(group: CommandUnknownOpts, wrap: Wrap): void {
  const payments = group
    .command('payments')
    .description(t('bill.payments.group'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill payments import releve-2026-12-15.xml --dry-run');
  payments
    .command('import')
    .description(t('bill.import.desc'))
    .argument('<file>', t('bill.import.arg_file'))
    .option('--dry-run', t('bill.import.opt_dry_run'))
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse bill payments import releve-2026-12-15.xml --dry-run\n  $ parnasse --json bill payments import releve-2026-12-15.xml',
    )
    .action(
      wrap(async (app, [file], opts) => {
        // checked before the database is opened (a folder, a FIFO or an unreadable file is one
        // line), then read as it goes: a statement of 50 000 entries is never held whole
        checkInputFile(String(file));
        const text = readTextChunks(String(file));
        const m = await import('../../../invoicing/statement.js');
        const r = m.importStatement(app.conn, app.actor, text, { file: String(file), dryRun: !!opts.dryRun });
        const why = (reason: string) => t(`bill.import.why.${reason}` as MessageKey);
        app.out.result(r, () => {
          const parts = [
            app.out.wrap(
              t('bill.import.done', {
                transactions: r.transactions,
                recorded: r.recorded_count,
                cents: app.out.money(r.recorded_cents),
                skipped: r.skipped_count,
                unknown: r.unknown_count,
              }),
            ),
          ];
          if (r.recorded.length > 0)
            parts.push(
              t('bill.import.recorded'),
              app.out.table(r.recorded, [
                { header: t('bill.import.h.booked'), value: (x) => x.booked_on },
                { header: t('words.h.invoice'), value: (x) => x.invoice },
                { header: t('words.h.member'), value: (x) => x.member_no, align: 'right' },
                { header: t('words.h.amount'), value: (x) => app.out.money(x.amount_cents), align: 'right' },
                { header: t('bill.import.h.by'), value: (x) => t(`bill.import.by.${x.by}`) },
                { header: t('words.h.status'), value: (x) => fmtEnum('invoice_status', x.status) },
                { header: t('bill.import.h.ref'), value: (x) => x.ref, min: 8 },
              ]),
            );
          // what a payment ended, said as bill pay says it (issue 24, art. 7.3.8)
          for (const x of r.recorded) {
            if (x.member_activated) parts.push(app.out.wrap(t('bill.pay.activated', { no: x.member_activated })));
            if (x.suspension_lifted)
              parts.push(
                app.out.wrap(
                  t('bill.pay.suspension_lifted', { no: x.suspension_lifted.member_no, status: fmtEnum('member_status', x.suspension_lifted.status) }),
                ),
              );
            else if (x.dunning_closed) parts.push(app.out.wrap(t('bill.pay.dunning_closed', { no: x.dunning_closed })));
          }
          if (r.unknown.length > 0)
            parts.push(
              t('bill.import.desk'),
              app.out.table(r.unknown, [
                { header: t('bill.import.h.booked'), value: (x) => x.booked_on ?? '' },
                {
                  header: t('words.h.amount'),
                  value: (x) => (x.amount_cents === null ? '' : app.out.money(x.credit ? x.amount_cents : -x.amount_cents)),
                  align: 'right',
                },
                { header: t('bill.import.h.payer'), value: (x) => [x.payer_name, x.payer_iban].filter((v) => v !== null).join(' '), min: 10 },
                { header: t('bill.import.h.why'), value: (x) => why(x.reason) + (x.invoices.length > 0 ? ` (${x.invoices.join(', ')})` : ''), wrap: true },
                { header: t('bill.import.h.ref'), value: (x) => x.ref ?? '', drop: 1 },
              ]),
            );
          if (r.skipped.length > 0) {
            const counts = new Map<string, number>();
            for (const s of r.skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
            parts.push(app.out.wrap(t('bill.import.skipped', { list: [...counts].map(([k, n]) => `${n} × ${why(k)}`).join('; ') })));
          }
          if (r.dry_run) parts.push(t('bill.import.dry_run'));
          return parts.join('\n');
        });
      }),
    );
}
