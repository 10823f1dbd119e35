/** `bill pdf|export|send|returns`: what leaves the club (issue 9). Registered under `bill`. */
import { Option, type Command } from 'commander';
import type { Wrap } from '../main.js';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';

export function monthArg(value: unknown, flag = '--month'): string {
  const s = String(value ?? '').trim();
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new UsageError(t('documents.month_expected', { flag, value: s }));
  return s;
}

/** Invoice numbers or `--month`, exactly one of them. */
export function selection(numbers: unknown[], month: unknown): { numbers?: string[]; month?: string } {
  const list = (numbers as string[] | undefined) ?? [];
  if ((list.length > 0) === (month !== undefined)) throw new UsageError(t('documents.pick_invoices_or_month'));
  return month !== undefined ? { month: monthArg(month) } : { numbers: list.map(String) };
}

export function registerBillDocuments(bill: Command, wrap: Wrap): void {
  bill
    .command('pdf')
    .description('French invoice and credit-note PDFs, one per document, <number>.pdf (every legal mention)')
    .argument('[invoices...]', 'invoice or credit-note numbers')
    .option('--month <YYYY-MM>', 'every document of the month (its billing runs, and what was issued in it)')
    .option('--out <dir>', 'directory to write into', '.')
    .addHelpText('after', '\nExamples:\n  $ parnasse bill pdf F2026-000001 --out /tmp\n  $ parnasse bill pdf --month 2026-12 --out factures/2026-12')
    .action(
      wrap(async (app, [numbers], opts) => {
        const sel = selection(numbers as unknown[], opts.month);
        const m = await import('../../documents/index.js');
        const dir = String(opts.out);
        const r = await m.writePdfs(app.conn, { ...sel, outDir: dir }, (n) => {
          if (app.out.interactive && n % 500 === 0) app.out.stderr.write(`\r${t('documents.progress', { done: n })}`);
        });
        if (app.out.interactive && r.files.length >= 500) app.out.stderr.write('\n');
        app.out.result(
          { files: r.files.map((f) => ({ number: f.number, path: f.path })) },
          r.files.length === 0 ? t('documents.pdf.none', { what: sel.month ?? '-' }) : t('documents.pdf.done', { count: r.files.length, dir }),
        );
      }),
    );
}

export { Option };
