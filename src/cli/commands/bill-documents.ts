/** `bill pdf|export|send|returns`: what leaves the club (issue 9). Registered under `bill`. */
import path from 'node:path';
import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../app.js';
import { UsageError } from '../../errors.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { fmtDate, fmtMonth } from '../../i18n/format.js';
import { dateArg } from '../args.js';
import { readTextInput } from '../../files/input.js';

export function monthArg(value: unknown, flag = '--month'): string {
  const s = String(value ?? '').trim();
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new UsageError(t('documents.month_expected', { flag, value: s }));
  return s;
}

/** Invoice numbers or `--month`, exactly one of them. */
export function selection(numbers: readonly string[] | undefined, month: string | undefined): { numbers?: string[]; month?: string } {
  const list = numbers ?? [];
  if (list.length > 0 === (month !== undefined)) throw new UsageError(t('documents.pick_invoices_or_month'));
  return month !== undefined ? { month: monthArg(month) } : { numbers: list.map(String) };
}

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
        const m = await import('../../documents/index.js');
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
        const m = await import('../../documents/index.js');
        const dir = String(opts.out);
        const r = m.writeXmls(app.conn, { ...sel, outDir: dir }, { collect: app.out.json });
        if (r.skipped.length > 0) app.out.warn(t('documents.xml.skipped', { count: r.skipped.length, numbers: r.skipped.join(', ') }));
        app.out.result(
          { files: r.numbers.map((number) => ({ number, path: path.join(dir, `${number}.xml`) })), unchanged: r.unchanged, skipped: r.skipped },
          r.count === 0 && r.skipped.length === 0
            ? t('documents.pdf.none', { what: sel.month ?? '-' })
            : t('documents.xml.done', { count: r.count, dir, written: r.count - r.unchanged, unchanged: r.unchanged }),
        );
      }),
    );
}

/** `member mandate NO [--iban --rum --signed]`: shows, or records, the member's SEPA mandate. */
export function registerMandate(member: CommandUnknownOpts, wrap: Wrap): void {
  member
    .command('mandate')
    .description(t('help.bill_documents.the_sepa_mandate_art_7'))
    .argument('<no>', t('help.bill_documents.member_number'))
    .option('--iban <iban>', t('help.bill_documents.the_account_to_debit'))
    .option('--rum <ref>', t('help.bill_documents.the_unique_mandate_reference_default'))
    .option('--signed <date>', t('help.bill_documents.the_date_the_mandate_was'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ parnasse member mandate 12\n  $ parnasse member mandate 12 --iban "FR76 3000 6000 0112 3456 7890 189" --rum RUM-2019-0042 --signed 2019-03-04',
    )
    .action(
      wrap(async (app, [no], opts) => {
        const m = await import('../../collection/mandates.js');
        const memberNo = String(no);
        if (opts.iban === undefined && opts.signed === undefined && opts.rum === undefined) {
          const cur = m.currentMandate(app.conn.db, memberNo, app.today());
          app.out.result(cur, () =>
            cur === null
              ? t('documents.mandate.none', { member_no: memberNo })
              : app.out.fields([
                  ['RUM', cur.rum],
                  ['IBAN', cur.iban],
                  [t('words.f.signed'), fmtDate(cur.signed_on)],
                  [t('words.f.recorded'), fmtDate(cur.recorded_on)],
                  [t('words.f.last_collection'), fmtDate(cur.last_collection)],
                  [t('words.f.lapsed'), cur.lapsed ? t('documents.mandate.lapsed') : false],
                ]),
          );
          return;
        }
        if (opts.iban === undefined || opts.signed === undefined) throw new UsageError(t('documents.mandate.missing_flags'));
        const r = m.replaceMandate(app.conn, app.actor, {
          memberNo,
          iban: String(opts.iban),
          rum: opts.rum === undefined ? undefined : String(opts.rum),
          signedOn: dateArg(opts.signed, '--signed'),
          on: app.today(),
        });
        app.out.result(
          r,
          t('documents.mandate.recorded', { rum: r.rum, member_no: r.member_no, iban: r.iban, signed_on: r.signed_on }) +
            (r.replaced ? `\n${t('documents.mandate.replaces', { rum: r.replaced })}` : ''),
        );
      }),
    );
}

export function registerBillExport(bill: CommandUnknownOpts, wrap: Wrap): void {
  bill
    .command('export')
    .description(t('help.bill_documents.the_month_as_an_accounting'))
    .requiredOption('--month <YYYY-MM>', t('help.bill_documents.the_month_its_billing_runs'))
    .addOption(new Option('--format <format>', t('help.bill_documents.csv_accounting_or_sepa_pain')).choices(['csv', 'sepa']).makeOptionMandatory())
    .option('--out <file>', t('help.bill_documents.file_to_write_csv_default'))
    .option('--french', t('help.bill_documents.csv_french_conventions_separator_decimal'))
    .option('--pain <version>', t('help.bill_documents.sepa_08_pain_008_001'))
    .option('--collection-date <date>', t('help.bill_documents.sepa_the_debit_date_default'))
    .option('--new', t('help.bill_documents.sepa_a_new_message_with'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ parnasse bill export --month 2026-12 --format csv --french --out compta-2026-12.csv\n  $ parnasse bill export --month 2026-12 --format sepa --out sepa-2026-12.xml --date 2026-12-01',
    )
    .action(
      wrap(async (app, _a, opts) => {
        const month = monthArg(opts.month);
        if (opts.format === 'csv') {
          const { writeAccountingCsv, accountingCsvChunks } = await import('../../documents/accounting.js');
          const { AtomicWriter, assertWritableFile } = await import('../../files/atomic.js');
          const { formatEuros } = await import('../../rules/money.js');
          if (opts.out === undefined) {
            if (app.out.json) throw new UsageError(t('documents.export.json_needs_out'));
            const totals = { lines: 0, documents: 0, ht_cents: 0, vat_cents: 0, ttc_cents: 0 };
            await app.out.stream(accountingCsvChunks(app.conn.db, month, !!opts.french, app.today(), totals));
            return;
          }
          const file = String(opts.out);
          assertWritableFile(file);
          const w = new AtomicWriter(file);
          let totals: ReturnType<typeof writeAccountingCsv>;
          try {
            totals = writeAccountingCsv(app.conn.db, month, !!opts.french, app.today(), (c) => w.write(c));
            w.commit();
          } catch (e) {
            w.abort();
            throw e;
          }
          app.out.result(
            { month, file, ...totals },
            t('documents.export.csv_written', {
              file,
              lines: totals.lines,
              documents: totals.documents,
              ht: formatEuros(totals.ht_cents),
              vat: formatEuros(totals.vat_cents),
              ttc: formatEuros(totals.ttc_cents),
            }),
          );
          return;
        }
        // no --pain: 08 for a new message, the version it was sent in for a message written again
        const pain = opts.pain === undefined ? undefined : String(opts.pain).padStart(2, '0');
        if (pain !== undefined && pain !== '08' && pain !== '02') throw new UsageError(t('documents.export.pain_choice', { value: String(opts.pain) }));
        const { exportSepa } = await import('../../collection/sepa.js');
        const { formatEuros } = await import('../../rules/money.js');
        const r = exportSepa(app.conn, app.actor, {
          month,
          on: app.today(),
          out: opts.out === undefined ? `sepa-${month}.xml` : String(opts.out),
          pain: pain,
          collectionDate: opts.collectionDate === undefined ? undefined : dateArg(opts.collectionDate, '--collection-date'),
          newExport: !!opts.new,
        });
        if (app.out.json) {
          // the debits and what was left out, element by element (100 000 of each at most: never one string)
          const { jsonResultPieces } = await import('../json-pieces.js');
          await app.out.stream(jsonResultPieces({ ...r }));
          return;
        }
        app.out.result(r, () => {
          const head =
            r.file === null
              ? t('documents.sepa.nothing', { month: fmtMonth(month) })
              : t(r.reused ? 'documents.sepa.rewritten' : 'documents.sepa.written', {
                  file: r.file,
                  count: r.transactions,
                  total: formatEuros(r.total_cents),
                  msg_id: r.msg_id,
                  pain: r.pain,
                });
          if (r.left_out.length === 0) return app.out.wrap(head);
          const rows = app.out.table(r.left_out, [
            { header: t('words.h.invoice'), value: (x) => x.invoice },
            { header: t('words.h.member'), value: (x) => x.member_no },
            { header: t('words.h.reason'), value: (x) => t(`documents.sepa.reason.${x.reason}` as MessageKey), wrap: true },
          ]);
          // the command that fixes a missing mandate once, under the table (a cell would cut or wrap it)
          const hint = r.left_out.some((x) => x.reason === 'no_mandate') ? `\n${t('documents.sepa.no_mandate_hint')}` : '';
          return `${app.out.wrap(head)}\n${app.out.wrap(t('documents.sepa.left_out', { count: r.left_out.length }))}\n${rows}${hint}`;
        });
      }),
    );
}

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
        const { recordReturns } = await import('../../collection/returns.js');
        const r = recordReturns(app.conn, app.actor, text, app.today());
        app.out.result(r, () => {
          const head = t('documents.returns.done', { rejected: r.rejected, unchanged: r.unchanged });
          if (r.invoices.length === 0) return app.out.wrap(head);
          return `${app.out.wrap(head)}\n${app.out.table(r.invoices, [
            { header: t('words.h.invoice'), value: (x) => x.invoice },
            { header: t('words.h.member'), value: (x) => x.member_no },
            { header: t('words.h.amount'), value: (x) => app.out.money(x.amount_cents), align: 'right' },
            { header: t('words.h.reason'), value: (x) => x.reason, wrap: true },
            { header: t('words.h.status'), value: (x) => x.status },
          ])}`;
        });
      }),
    );
}

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
        const { sendInvoices } = await import('../../documents/mail.js');
        const r = await sendInvoices(app.conn, app.actor, { ...sel, resend: !!opts.resend, on: app.today(), env: app.io.env });
        app.out.result(r, () => {
          const parts = [app.out.wrap(t('documents.mail.done', { sent: r.sent.length, skipped: r.skipped.length, postal: r.postal.length }))];
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
