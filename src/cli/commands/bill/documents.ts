/** `bill pdf` and `bill xml`: the invoices and credit notes as Factur-X PDFs, or their bare CII XML (issue 23). */
import path from 'node:path';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../../app.js';
import { t } from '../../../i18n/index.js';
import { selection } from './selection.js';

/** The number of documents from which `bill pdf` shows a progress bar on a terminal. */
const PROGRESS_FROM = 20;

export function registerBillDocuments(bill: CommandUnknownOpts, wrap: Wrap): void {
  bill
    .command('pdf')
    .description(t('help.bill_documents.french_invoice_and_credit_note'))
    .argument('[invoices...]', t('help.bill_documents.invoice_or_credit_note_numbers'))
    .option('--month <YYYY-MM>', t('help.bill_documents.every_document_of_the_month'))
    .option('--out <dir>', t('help.bill_documents.directory_to_write_into'), '.')
    .addHelpText('after', '\nExamples:\n  $ parnasse bill pdf F2026-000001 --out /tmp\n  $ parnasse bill pdf --month 2026-12 --out factures/2026-12')
    .action(
      wrap(async (app, [numbers], opts) => {
        const sel = selection(numbers, opts.month);
        const m = await import('../../../documents/index.js');
        const dir = String(opts.out);
        // a progress bar on a terminal (stderr) for a batch worth waiting for
        let bar: { start(total: number, v: number): void; update(v: number): void; stop(): void } | undefined;
        const total = app.out.interactive ? m.countDocs(app.conn, sel) : 0;
        if (total >= PROGRESS_FROM) {
          const { default: progress } = await import('cli-progress');
          bar = new progress.SingleBar(
            {
              stream: app.io.stderr as NodeJS.WritableStream,
              format: t('documents.pdf.progress', { bar: '{bar}', value: '{value}', total: '{total}', eta_formatted: '{eta_formatted}' }),
              hideCursor: true,
              clearOnComplete: true,
            },
            progress.Presets.shades_classic,
          );
          bar.start(total, 0);
        }
        let r: Awaited<ReturnType<typeof m.writePdfs>>;
        try {
          r = await m.writePdfs(app.conn, { ...sel, outDir: dir }, (n) => bar?.update(Math.min(n, total)), { collect: app.out.json }); // the list is kept only for --json
        } finally {
          bar?.stop();
        }
        app.out.result(
          { files: r.numbers.map((number) => ({ number, path: path.join(dir, `${number}.pdf`) })), unchanged: r.unchanged },
          r.count === 0
            ? t('documents.pdf.none', { what: sel.month ?? '-' })
            : r.unchanged > 0
              ? t('documents.pdf.done_unchanged', { count: r.count, dir, written: r.count - r.unchanged, unchanged: r.unchanged })
              : t('documents.pdf.done', { count: r.count, dir }),
        );
      }),
    );
}

/** `bill xml INVOICE… | --month M [--out DIR]`: the bare CII XML (Factur-X EN16931) of each document. */
export function registerBillXml(bill: CommandUnknownOpts, wrap: Wrap): void {
  bill
    .command('xml')
    .description(t('help.bill_documents.xml'))
    .argument('[invoices...]', t('help.bill_documents.invoice_or_credit_note_numbers'))
    .option('--month <YYYY-MM>', t('help.bill_documents.every_document_of_the_month'))
    .option('--out <dir>', t('help.bill_documents.directory_to_write_into'), '.')
    .addHelpText('after', '\nExamples:\n  $ parnasse bill xml F2026-000001 --out /tmp\n  $ parnasse bill xml --month 2026-12 --out factures/2026-12')
    .action(
      wrap(async (app, [numbers], opts) => {
        const sel = selection(numbers, opts.month);
        const m = await import('../../../documents/index.js');
        const dir = String(opts.out);
        const r = m.writeXmls(app.conn, { ...sel, outDir: dir }, { collect: app.out.json });
        const mixed = r.skippedRules.filter((s) => s.rules.length === 1 && s.rules[0] === 'BR-O-11').map((s) => s.number);
        const broken = r.skippedRules.filter((s) => !(s.rules.length === 1 && s.rules[0] === 'BR-O-11'));
        if (mixed.length > 0) app.out.warn(t('documents.xml.skipped', { count: mixed.length, numbers: mixed.join(', ') }));
        if (broken.length > 0)
          app.out.warn(
            t('documents.xml.skipped_broken', { count: broken.length, numbers: broken.map((s) => `${s.number} (${s.rules.join(', ')})`).join(', ') }),
          );
        app.out.result(
          {
            files: r.numbers.map((number) => ({ number, path: path.join(dir, `${number}.xml`) })),
            unchanged: r.unchanged,
            skipped: r.skipped,
            skipped_rules: r.skippedRules,
          },
          r.count === 0 && r.skipped.length === 0
            ? t('documents.pdf.none', { what: sel.month ?? '-' })
            : t('documents.xml.done', { count: r.count, dir, written: r.count - r.unchanged, unchanged: r.unchanged }),
        );
      }),
    );
}
