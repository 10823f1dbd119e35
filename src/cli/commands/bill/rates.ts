/** `bill rates`: the legal interest rate per semester (art. 7.3.7). */
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../../app.js';
import type { App } from '../../app.js';
import { UsageError } from '../../../errors.js';
import { t } from '../../../i18n/index.js';
import { fmtRate } from '../../../i18n/format.js';

export function registerBillRates(group: CommandUnknownOpts, wrap: Wrap): void {
  const rates = group
    .command('rates')
    .description(t('help.bill.the_legal_interest_rate_per'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill rates\n  $ parnasse bill rates set 2026-S2 2.75')
    .action(wrap(async (app) => showRates(app)));
  rates
    .command('list')
    .description(t('help.bill.the_legal_interest_rate_table'))
    .addHelpText('after', '\nExample:\n  $ parnasse --json bill rates list')
    .action(wrap(async (app) => showRates(app)));
  rates
    .command('set')
    .description(t('help.bill.records_the_rate_of_a'))
    .argument('<semester>', t('help.bill.half_year_e_g_2026'))
    .argument('<rate>', t('help.bill.rate_in_percent_e_g'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill rates set 2026-S2 2.75')
    .action(
      wrap(async (app, [semester, rate]) => {
        const p = await import('../../../rules/penalties.js');
        const sem = String(semester).trim().toUpperCase();
        if (!p.isSemester(sem)) throw new UsageError(t('billing.rates.bad_semester', { value: String(semester) }));
        const bp = p.parseRate(String(rate));
        if (bp === null) throw new UsageError(t('billing.rates.bad_rate', { value: String(rate) }));
        const m = await import('../../../collection/index.js');
        const r = m.setRate(app.conn, app.actor, sem, bp);
        app.out.result(r, t('billing.rates.set', { semester: r.semester, rate: fmtRate(bp) }));
      }),
    );
}

async function showRates(app: App): Promise<void> {
  const m = await import('../../../collection/index.js');
  const rows = m.listRates(app.conn.db, app.today());
  warnMissingRates(
    app,
    rows.filter((r) => r.missing).map((r) => ({ semester: r.semester, neededFrom: r.needed_from! })),
  );
  app.out.result(
    rows,
    () =>
      `${app.out.wrap(t('billing.rates.header'))}\n` +
      app.out.table(rows, [
        { header: t('words.h.semester'), value: (r) => r.semester },
        { header: t('words.h.rate'), value: (r) => (r.rate_bp == null ? t('billing.rates.missing_cell') : fmtRate(r.rate_bp)), align: 'right' },
        { header: t('words.h.used'), value: (r) => (r.used ? t('common.yes') : '') },
      ]),
  );
}

/** A legal rate needed soon (or already) and not recorded: said on stderr, also with --json (issue 21). */
export function warnMissingRates(app: App, missing: { semester: string; neededFrom: string }[]): void {
  for (const x of missing) app.out.warn(t('billing.rates.missing', { semester: x.semester, date: x.neededFrom }));
}
