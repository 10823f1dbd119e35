/** `bill run`: the monthly billing run. Registered under `bill`. */
import path from 'node:path';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../../app.js';
import { t } from '../../../i18n/index.js';
import { fmtDate, fmtMonth } from '../../../i18n/format.js';
import { warnMissingRates } from './rates.js';
import { UsageError } from '../../../errors.js';
import { monthOf } from '../../../rules/dates.js';

export function registerBillRun(group: CommandUnknownOpts, wrap: Wrap): void {
  group
    .command('run')
    .description(t('help.bill.the_monthly_run_bills_every'))
    .requiredOption('--month <YYYY-MM>', t('help.bill.the_month_billed_in_advance'))
    .option('--dry-run', t('help.bill.show_what_would_be_billed'))
    .option('--anchors <file>', t('help.bill.anchors'))
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse bill run --month 2027-01 --date 2027-01-01 --dry-run\n  $ parnasse --json bill run --month 2027-01 --date 2027-01-01 --anchors /mnt/usb/parnasse.seals',
    )
    .action(
      wrap(async (app, _a, opts) => {
        const m = await import('../../../billing/run.js');
        const date = app.today();
        const month = String(opts.month).trim();
        m.checkRunMonth(month, date);
        // no surprises (issue 24): a month billed in advance needs --yes without a terminal; on a
        // terminal the dry run's summary is shown and the Desk asked (cron, --json: unchanged)
        const yes = app.globals.yes === true;
        const current = monthOf(date);
        const ahead = month > current;
        if (!opts.dryRun && !yes && ahead && !app.canPrompt)
          throw new UsageError(t('billing.run.ahead_needs_yes', { month: fmtMonth(month), current: fmtMonth(current) }));
        if (!opts.dryRun && !yes && app.canPrompt) {
          const preview = m.billingRun(app.conn, app.actor, { month, date, dryRun: true, details: false, sealTo: null });
          if (preview.invoices > 0 || preview.given_back.credit_notes > 0) {
            const o = app.out;
            const p = { month: fmtMonth(month), invoices: preview.invoices, total: o.money(preview.total_ttc_cents), date };
            const summary = [o.wrap(t('billing.run.dry', p))];
            if (preview.invoices > 0) summary.push(o.wrap(t('billing.run.lines', { ...preview.lines, credit: o.money(preview.credit_used_cents) })));
            if (preview.given_back.credit_notes > 0)
              summary.push(o.wrap(t('billing.run.given_back', { count: preview.given_back.credit_notes, total: o.money(preview.given_back.total_ttc_cents) })));
            if (preview.parked.length > 0) summary.push(o.wrap(t('billing.run.parked', { count: preview.parked.length })));
            o.print(summary.join('\n'));
            const question = t('billing.run.confirm', p);
            await app.confirmAct(
              ahead ? `${t('billing.run.confirm_ahead', { month: fmtMonth(month), current: fmtMonth(current) })} ${question}` : question,
              undefined,
            );
          }
        }
        const seal = await import('../../../books/seal.js');
        const { assertWritableFile } = await import('../../../files/atomic.js');
        const anchors = opts.dryRun ? null : path.resolve(seal.runAnchorsFile(app.dbPath, opts.anchors, app.io.env));
        if (anchors) assertWritableFile(anchors, '--anchors'); // before anything is billed
        // test hook (e2e kill -9): say when the write transaction holds its first invoice, then wait
        const holdMs = Number(app.io.env.PARNASSE_TEST_HOLD_RUN_MS ?? 0);
        let bar: { update(v: number): void; stop(): void; start(total: number, v: number): void; setTotal(n: number): void } | undefined;
        if (app.out.interactive) {
          const { default: progress } = await import('cli-progress');
          bar = new progress.SingleBar(
            {
              stream: app.io.stderr as NodeJS.WritableStream,
              format: `${t('billing.run.progress')} [{bar}] {value}/{total}`,
              hideCursor: true,
              clearOnComplete: true,
            },
            progress.Presets.shades_classic,
          );
        }
        let started = false;
        let r: ReturnType<typeof m.billingRun>;
        try {
          r = m.billingRun(app.conn, app.actor, {
            month,
            date,
            dryRun: !!opts.dryRun,
            details: !!opts.dryRun,
            sealTo: anchors,
            ...(holdMs > 0
              ? {
                  onFirstInvoice: () => {
                    app.io.stderr.write('bill run: first invoice written, transaction open\n');
                    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, holdMs);
                  },
                }
              : {}),
            ...(bar
              ? {
                  onProgress: (done: number, total: number) => {
                    if (!started) {
                      bar!.start(total, done);
                      started = true;
                    } else bar!.update(done);
                  },
                }
              : {}),
          });
        } finally {
          if (started) bar?.stop();
        }
        // the chain's head sealed outside the database once the run has committed (issue 12)
        // (a seal owed by a run killed before it sealed is written by the next command: seal_requests)
        let sealed: { file: string; entry: number; hash: string } | null = null;
        if (anchors && (r.invoices > 0 || r.given_back.credit_notes > 0)) {
          const s = seal.sealPending(app.conn.sqlite, path.resolve(app.dbPath));
          sealed = s.sealed.find((x) => x.file === anchors) ?? null;
          for (const f of s.failed) app.out.warn(t('billing.run.seal_failed', { file: f.file, detail: f.detail }));
        }
        // the legal rate of the current or coming semester, if missing: announced ahead (issue 21)
        const { missingRatesOn } = await import('../../../collection/index.js');
        const missing = missingRatesOn(app.conn.db, date);
        warnMissingRates(app, missing);
        const json = {
          month: r.month,
          invoices: r.invoices,
          total_ttc_cents: r.total_ttc_cents,
          lines: r.lines,
          // member numbers are strings in every document (CLI.md), the run's own too
          parked: r.parked.map((p) => ({ ...p, member_no: String(p.member_no) })),
          date: r.date,
          dry_run: r.dry_run,
          credit_used_cents: r.credit_used_cents,
          given_back: r.given_back,
          missing_rates: missing.map((x) => ({ semester: x.semester, needed_from: x.neededFrom })),
          ...(r.dry_run ? { members: r.members.map((m) => ({ ...m, member_no: String(m.member_no) })) } : { seal: sealed }),
        };
        app.out.result(json, () => {
          const o = app.out;
          const out: string[] = [];
          const p = { month: fmtMonth(r.month), invoices: r.invoices, total: o.money(r.total_ttc_cents), date: r.date };
          if (r.dry_run) out.push(o.wrap(t('billing.run.dry', p)));
          else if (r.invoices === 0 && r.parked.length === 0 && r.given_back.credit_notes === 0) out.push(o.wrap(t('billing.run.nothing', p)));
          else out.push(o.wrap(t('billing.run.done', p)));
          if (r.invoices > 0) out.push(o.wrap(t('billing.run.lines', { ...r.lines, credit: o.money(r.credit_used_cents) })));
          if (r.given_back.credit_notes > 0)
            out.push(o.wrap(t('billing.run.given_back', { count: r.given_back.credit_notes, total: o.money(r.given_back.total_ttc_cents) })));
          if (r.given_back.deferred_ttc_cents > 0)
            out.push(o.wrap(t('billing.run.given_back_deferred', { total: o.money(r.given_back.deferred_ttc_cents), date: fmtDate(r.date) })));
          // not wrapped: the seal file's path stays on the line that names it (grep, copy)
          if (sealed) out.push(t('billing.run.sealed', { entry: sealed.entry, file: sealed.file }));
          if (r.dry_run && r.members.length > 0)
            out.push(
              '',
              o.table(r.members, [
                { header: t('words.h.member'), value: (x) => x.member_no },
                { header: t('words.h.invoice'), value: (x) => x.invoice },
                { header: t('words.h.lines'), value: (x) => x.lines.length, align: 'right' },
                { header: t('words.h.ttc'), value: (x) => o.money(x.total_ttc_cents), align: 'right' },
                { header: t('words.h.credit'), value: (x) => (x.credit_used_cents ? o.money(x.credit_used_cents) : null), align: 'right' },
              ]),
            );
          if (r.parked.length > 0)
            out.push(
              '',
              o.wrap(t('billing.run.parked', { count: r.parked.length })),
              o.table(r.parked, [
                { header: t('words.h.member'), value: (x) => x.member_no },
                { header: t('words.h.reason'), value: (x) => x.reason, wrap: true },
              ]),
            );
          return out.join('\n');
        });
      }),
    );
}
