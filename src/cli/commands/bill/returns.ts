/** `bill returns`: the bank's rejected debits (CSV or pain.002). */
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../../app.js';
import { t } from '../../../i18n/index.js';
import { readTextInput } from '../../../files/input.js';

export function registerBillReturns(bill: CommandUnknownOpts, wrap: Wrap): void {
  bill
    .command('returns')
    .description(t('help.bill_documents.the_bank_s_rejected_debits'))
    .argument('<file>', t('help.bill_documents.the_returns_file'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill returns retours-2026-12.csv --date 2026-12-14')
    .action(
      wrap(async (app, [file]) => {
        // read before the database is opened: a folder, a FIFO or an unreadable file is one line
        const text = readTextInput(String(file));
        const { recordReturns } = await import('../../../collection/returns.js');
        const r = recordReturns(app.conn, app.actor, text, app.today());
        app.out.result(r, () => {
          const head = t('documents.returns.done', { rejected: r.rejected, unchanged: r.unchanged });
          if (r.invoices.length === 0) return app.out.wrap(head);
          return `${app.out.wrap(head)}\n${app.out.table(r.invoices, [
            { header: t('words.h.invoice'), value: (x) => x.invoice },
            { header: t('words.h.member'), value: (x) => x.member_no },
            { header: t('words.h.amount'), value: (x) => app.out.money(x.amount_cents), align: 'right' },
            { header: t('words.h.reason'), value: (x) => x.reason, wrap: true },
            { header: t('words.h.status'), value: (x) => t(x.status === 'rejected' ? 'refusals.returns.rejected' : 'refusals.returns.unchanged') },
          ])}`;
        });
      }),
    );
}
