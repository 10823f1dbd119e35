/** `bill send`: the month's documents by e-mail. */
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../../app.js';
import { t } from '../../../i18n/index.js';
import { selection } from './selection.js';
import { fmtMonth } from '../../../i18n/format.js';

export function registerBillSend(bill: CommandUnknownOpts, wrap: Wrap): void {
  bill
    .command('send')
    .description(t('help.bill_documents.e_mails_each_invoice_or'))
    .argument('[invoices...]', t('help.bill_documents.invoice_or_credit_note_numbers'))
    .option('--month <YYYY-MM>', t('help.bill_documents.every_document_of_the_month_2'))
    .option('--resend', t('help.bill_documents.send_again_what_was_already'))
    .addHelpText('after', '\nExamples:\n  $ parnasse bill send --month 2026-12\n  $ parnasse bill send F2026-000042 --resend')
    .action(
      wrap(async (app, [numbers], opts) => {
        const sel = selection(numbers, opts.month);
        // no surprises (issue 24): on a terminal, sending again what was already sent is asked
        // first (--yes skips it); without a terminal (cron), unchanged
        if (opts.resend && app.canPrompt && !app.globals.yes)
          await app.confirmAct(
            t('documents.mail.resend_confirm', { what: sel.month !== undefined ? fmtMonth(sel.month) : (sel.numbers ?? []).join(', ') }),
            undefined,
          );
        const { sendInvoices } = await import('../../../documents/mail.js');
        const r = await sendInvoices(app.conn, app.actor, { ...sel, resend: !!opts.resend, on: app.today(), env: app.io.env });
        app.out.result(r, () => {
          const counts = { sent: r.sent.length, skipped: r.skipped.length, postal: r.postal.length };
          const parts = [app.out.wrap(r.folder !== undefined ? t('documents.mail.done_file', { ...counts, dir: r.folder }) : t('documents.mail.done', counts))];
          if (r.rejected.length > 0)
            parts.push(
              app.out.wrap(t('documents.mail.rejected')),
              app.out.table(r.rejected, [
                { header: t('words.h.invoice'), value: (x) => x.invoice },
                { header: t('words.h.member'), value: (x) => x.member_no },
                { header: t('words.h.email'), value: (x) => x.to },
                { header: t('words.h.reason'), value: (x) => x.reason, min: 12 },
              ]),
            );
          if (r.postal.length > 0)
            parts.push(
              app.out.wrap(t('documents.mail.postal')),
              app.out.table(r.postal, [
                { header: t('words.h.invoice'), value: (x) => x.invoice },
                { header: t('words.h.member'), value: (x) => x.member_no },
                { header: t('words.h.name'), value: (x) => x.name, min: 12 },
                { header: t('words.h.address'), value: (x) => x.address, wrap: true },
              ]),
            );
          return parts.join('\n');
        });
      }),
    );
}
