/** `bill export`: the month's accounting CSV or SEPA file. */
import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { App, Wrap } from '../../app.js';
import { UsageError } from '../../../errors.js';
import { t, type MessageKey } from '../../../i18n/index.js';
import { fmtMonth } from '../../../i18n/format.js';
import { dateArg } from '../../args.js';
import { monthArg } from './selection.js';

export function registerBillExport(bill: CommandUnknownOpts, wrap: Wrap): void {
  bill
    .command('export')
    .description(t('help.bill_documents.the_month_as_an_accounting'))
    .option('--month <YYYY-MM>', t('help.bill_documents.the_month_its_billing_runs'))
    .addOption(new Option('--format <format>', t('help.bill_documents.csv_accounting_or_sepa_pain')).choices(['csv', 'sepa', 'entries']).makeOptionMandatory())
    .option('--from <date>', t('help.bill_documents.entries_from'))
    .option('--to <date>', t('help.bill_documents.entries_to'))
    .option('--tab', t('help.bill_documents.entries_tab'))
    .option('--out <file>', t('help.bill_documents.file_to_write_csv_default'))
    .option('--french', t('help.bill_documents.csv_french_conventions_separator_decimal'))
    .option('--pain <version>', t('help.bill_documents.sepa_08_pain_008_001'))
    .option('--collection-date <date>', t('help.bill_documents.sepa_the_debit_date_default'))
    .option('--new', t('help.bill_documents.sepa_a_new_message_with'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ parnasse bill export --month 2026-12 --format csv --french --out compta-2026-12.csv\n  $ parnasse bill export --month 2026-12 --format entries --out FEC-2026-12.txt --date 2027-01-05\n  $ parnasse bill export --month 2026-12 --format sepa --out sepa-2026-12.xml --date 2026-12-01',
    )
    .action(
      wrap(async (app, _a, opts) => {
        if (opts.format === 'entries') {
          await exportEntries(app, opts);
          return;
        }
        if (opts.month === undefined) throw new UsageError(t('documents.export.month_needed', { format: String(opts.format) }));
        const month = monthArg(opts.month);
        if (opts.format === 'csv') {
          const { writeAccountingCsv, accountingCsvChunks } = await import('../../../documents/accounting.js');
          const { AtomicWriter, assertWritableFile } = await import('../../../files/atomic.js');
          const { formatEuros } = await import('../../../rules/money.js');
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
        const { exportSepa } = await import('../../../collection/sepa.js');
        const { formatEuros } = await import('../../../rules/money.js');
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
          const { jsonResultPieces } = await import('../../json-pieces.js');
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

/** `--format entries`: the journal entries of a period as of `--date` (issue 25), FEC layout. */
async function exportEntries(app: App, opts: { month?: string; from?: string; to?: string; out?: string; tab?: boolean }): Promise<void> {
  const { lastDayOfMonth } = await import('../../../rules/dates.js');
  let from: string;
  let to: string;
  if (opts.month !== undefined) {
    if (opts.from !== undefined || opts.to !== undefined) throw new UsageError(t('documents.export.period_twice'));
    const month = monthArg(opts.month);
    from = `${month}-01`;
    to = lastDayOfMonth(month);
  } else {
    if (opts.from === undefined || opts.to === undefined) throw new UsageError(t('documents.export.period_needed'));
    from = dateArg(opts.from, '--from');
    to = dateArg(opts.to, '--to');
    if (from > to) throw new UsageError(t('documents.export.period_reversed', { from, to }));
  }
  const { entriesChunks, emptyEntriesTotals } = await import('../../../documents/entries.js');
  const { accountChart } = await import('../../../settings/index.js');
  const { AtomicWriter, assertWritableFile } = await import('../../../files/atomic.js');
  const { formatEuros } = await import('../../../rules/money.js');
  const totals = emptyEntriesTotals();
  const chunks = entriesChunks(app.conn.db, { from, to }, app.today(), accountChart(app.conn.db), { tab: !!opts.tab }, totals);
  if (opts.out === undefined) {
    if (app.out.json) throw new UsageError(t('documents.export.json_needs_out'));
    await app.out.stream(chunks);
    return;
  }
  const file = String(opts.out);
  assertWritableFile(file);
  const w = new AtomicWriter(file);
  try {
    for (const c of chunks) w.write(c);
    w.commit();
  } catch (e) {
    w.abort();
    throw e;
  }
  app.out.result(
    { from, to, as_of: app.today(), file, ...totals },
    t('documents.export.entries_written', {
      file,
      entries: totals.entries,
      lines: totals.lines,
      from,
      to,
      debit: formatEuros(totals.debit_cents),
      credit: formatEuros(totals.credit_cents),
      vt: totals.journals.VT.entries,
      bq: totals.journals.BQ.entries,
      od: totals.journals.OD.entries,
    }),
  );
}
