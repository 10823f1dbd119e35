/** `bill send`: the month's documents by e-mail. */
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../../app.js';
import { t } from '../../../i18n/index.js';
import { selection } from './selection.js';
import { fmtMonth } from '../../../i18n/format.js';

/** The number of documents from which `bill send` shows a progress bar on a terminal (as `bill pdf`). */
const PROGRESS_FROM = 20;

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
        // a progress bar on a terminal (stderr) for a batch worth waiting for (issue 24), as bill pdf
        let bar: { start(total: number, v: number): void; update(v: number): void; stop(): void } | undefined;
        const total = app.out.interactive ? (await import('../../../documents/index.js')).countDocs(app.conn, sel) : 0;
        if (total >= PROGRESS_FROM) {
          const { default: progress } = await import('cli-progress');
          bar = new progress.SingleBar(
            {
              stream: app.io.stderr as NodeJS.WritableStream,
              format: t('documents.mail.progress', { bar: '{bar}', value: '{value}', total: '{total}', eta_formatted: '{eta_formatted}' }),
              hideCursor: true,
              clearOnComplete: true,
            },
            progress.Presets.shades_classic,
          );
          bar.start(total, 0);
        }
        let r: Awaited<ReturnType<typeof sendInvoices>>;
        try {
          r = await sendInvoices(app.conn, app.actor, {
            ...sel,
            resend: !!opts.resend,
            on: app.today(),
            env: app.io.env,
            onProgress: (n) => bar?.update(Math.min(n, total)),
          });
        } finally {
          bar?.stop();
        }
        // addresses refused for good, summed up on stderr too (also with --json); the exit stays 0:
        // the others were sent, and these are listed to fix or post
        if (r.rejected.length > 0) app.out.warn(t('documents.mail.rejected_summary', { count: r.rejected.length }));
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
