import path from 'node:path';
import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../app.js';
import type { App } from '../app.js';
import { dateArg as date, eurosArg as euros, wholeNumberArg } from '../args.js';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { flatJson } from '../flat-json.js';
import { fmtDate, fmtEnum, fmtMonth } from '../../i18n/format.js';
import { listFlags } from '../output.js';
import { INVOICE_STATUSES, PAYMENT_METHODS } from '../../rules/enums.js';

export function registerBill(program: CommandUnknownOpts, wrap: Wrap): void {
  const group = program
    .command('bill')
    .description(t('bill.group'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill list --status late\n  $ parnasse bill pay F2026-000001 --amount 1500 --method card --date 2026-12-12');

  group
    .command('show')
    .description(t('bill.show.desc'))
    .argument('<invoice>', t('bill.arg.invoice_example'))
    .addHelpText('after', '\nExample:\n  $ parnasse --json bill show F2026-000001')
    .action(
      wrap(async (app, [number]) => {
        const m = await import('../../invoicing/index.js');
        const inv = m.showInvoice(app.conn.db, String(number), app.today());
        app.out.result(inv, () => {
          const o = app.out;
          const s = inv._summary;
          const note = s.kind === 'credit_note';
          // a debit the bank rejected is shown as such: it never paid (issue 21)
          const rejected = inv.payments.some((p) => p.rejected_on !== null);
          const head = o.fields(
            [
              [t('bill.f.number'), inv.number + (s.kind === 'credit_note' ? t('bill.f.credit_note_on', { invoice: s.refersTo }) : '')],
              [t('bill.f.member'), inv.member_no],
              [t('bill.f.issued_on'), o.date(inv.issued_on)],
              [t('bill.f.pay_by'), inv.pay_by === null ? null : o.date(inv.pay_by)],
              [t('bill.f.total_ht'), o.money(inv.total_ht_cents)],
              [t('bill.f.vat'), o.money(inv.total_vat_cents)],
              [t('bill.f.total_ttc'), o.money(inv.total_ttc_cents)],
              // a credit note is not paid (issue 21): no pay-by, paid, outstanding or status
              // … and after a bank return, the rejected debit below says it rather than "paid 0,00"
              [t('bill.f.paid'), note || (inv.paid_cents === 0 && rejected) ? null : o.money(inv.paid_cents)],
              [t('bill.f.credited'), s.creditedCents ? o.money(s.creditedCents) : null],
              [t('billing.show.credit_used'), s.allocatedCents ? o.money(s.allocatedCents) : null],
              [t('bill.f.outstanding'), note ? null : o.money(inv.outstanding_cents)],
              [t('billing.show.contested'), s.contestedCents ? o.money(s.contestedCents) : null],
              [t('billing.show.late', { date: o.date(app.today()) }), s.lateCents ? o.money(s.lateCents) : null],
              [t('billing.show.credit_held'), s.creditCents ? o.money(s.creditCents) : null],
              [t('billing.show.refunded'), s.refundedCents + s.allocatedOutCents ? o.money(s.refundedCents + s.allocatedOutCents) : null],
              [t('bill.f.status'), inv.status === null ? null : fmtEnum('invoice_status', inv.status)],
            ].filter(([, v]) => v !== null) as [string, string][],
          );
          const lines = o.table(inv.lines, [
            { header: t('bill.h.kind'), value: (l) => fmtEnum('line_kind', l.kind) },
            { header: t('bill.h.label'), value: (l) => l.label, wrap: true },
            { header: t('bill.h.period'), value: (l) => fmtMonth(l.period) },
            { header: t('bill.h.ht'), value: (l) => o.money(l.ht_cents), align: 'right' },
            { header: t('bill.h.ttc'), value: (l) => o.money(l.ttc_cents), align: 'right' },
          ]);
          const pays = inv.payments.length
            ? `\n\n${t('bill.payments')}\n${o.table(inv.payments, [
                { header: t('bill.h.date'), value: (p) => o.date(p.paid_on) },
                { header: t('bill.h.method'), value: (p) => fmtEnum('payment_method', p.method) },
                { header: t('bill.h.amount'), value: (p) => o.money(p.amount_cents), align: 'right' },
                ...(rejected
                  ? [
                      {
                        header: t('bill.h.outcome'),
                        value: (p: (typeof inv.payments)[number]) =>
                          p.rejected_on === null ? '' : t('bill.payment_rejected', { date: p.rejected_on, reason: p.reject_reason ?? '' }),
                      },
                    ]
                  : []),
              ])}`
            : '';
          const disp = inv.disputes.length
            ? `\n\n${t('bill.disputes')}\n${o.table(inv.disputes, [
                { header: t('bill.h.id'), value: (d) => d.id },
                { header: t('bill.h.opened'), value: (d) => o.date(d.opened_on) },
                { header: t('bill.h.amount'), value: (d) => o.money(d.amount_cents), align: 'right' },
                { header: t('bill.h.status'), value: (d) => d.status },
                { header: t('bill.h.reason'), value: (d) => d.reason },
              ])}`
            : '';
          return `${head}\n\n${lines}${pays}${disp}`;
        });
      }),
    );

  listFlags(group.command('list'))
    .description(t('help.bill.invoices_and_credit_notes_oldest'))
    .option('--member <no>', t('help.bill.only_this_member'))
    .addOption(new Option('--status <status>', t('help.bill.only_this_status')).choices([...INVOICE_STATUSES]))
    .addHelpText('after', '\nExample:\n  $ parnasse bill list --member 1 --status open')
    .action(
      wrap(async (app, _a, opts) => {
        const m = await import('../../invoicing/index.js');
        const rows = m.iterateInvoiceList(app.conn.db, {
          memberNo: opts.member,
          status: opts.status,
          on: app.today(),
        });
        await app.out.list(
          rows,
          [
            { header: t('bill.f.number'), value: (r) => r.number },
            { header: t('bill.f.member'), value: (r) => r.member_no, align: 'right', width: 6 },
            { header: t('bill.h.issued'), value: (r) => fmtDate(r.issued_on), drop: 2 },
            { header: t('bill.h.pay_by'), value: (r) => fmtDate(r.pay_by), drop: 1 },
            { header: t('bill.h.ttc'), value: (r) => app.out.money(r.total_ttc_cents), align: 'right', width: 12 },
            { header: t('bill.f.outstanding'), value: (r) => app.out.money(r.outstanding_cents), align: 'right', width: 12 },
            { header: t('bill.f.status'), value: (r) => fmtEnum('invoice_status', r.status) },
          ],
          { empty: t('bill.list.none'), jsonText: flatJson() },
        );
      }),
    );

  listFlags(group.command('credits'))
    .description(t('bill.credits.desc'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill credits --date 2027-01-31\n  $ parnasse bill refund F2026-000001 --amount 40 --date 2027-02-01')
    .action(
      wrap(async (app) => {
        const { iterateCreditBalances } = await import('../../collection/ledger.js');
        const rows = (function* () {
          for (const c of iterateCreditBalances(app.conn.db, app.today()))
            yield {
              member_no: String(c.memberNo),
              name: c.name,
              credit_cents: c.creditCents,
              invoices: c.invoices.map((i) => ({ invoice: i.number, credit_cents: i.creditCents })),
            };
        })();
        await app.out.list(
          rows,
          [
            { header: t('bill.f.member'), value: (r) => r.member_no, align: 'right', width: 6 },
            { header: t('bill.credits.h.name'), value: (r) => r.name, min: 12 },
            { header: t('bill.credits.h.credit'), value: (r) => app.out.money(r.credit_cents), align: 'right', width: 12 },
            {
              header: t('bill.credits.h.held_by'),
              value: (r) => r.invoices.map((i) => `${i.invoice} (${app.out.money(i.credit_cents)})`).join(', '),
              wrap: true,
            },
          ],
          { empty: t('bill.credits.none'), json: (r) => r },
        );
      }),
    );

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
        const m = await import('../../invoicing/index.js');
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
          }) + (r.member_activated ? `\n${t('bill.pay.activated', { no: r.member_activated })}` : ''),
        );
      }),
    );

  group
    .command('credit')
    .description(t('help.bill.issues_a_credit_note_correcting'))
    .argument('<invoice>', t('help.bill.invoice_number'))
    .option('--amount <eur>', t('help.bill.amount_to_credit_in_euros'))
    .requiredOption('--reason <text>', t('help.bill.why_the_invoice_is_corrected'))
    .option('--yes', t('help.bill.do_not_ask_for_confirmation'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill credit F2026-000003 --amount 90 --reason "extra site billed twice" --date 2026-12-15 --yes')
    .action(
      wrap(async (app, [number], opts) => {
        const m = await import('../../invoicing/index.js');
        const amountCents = opts.amount === undefined ? undefined : euros(String(opts.amount), '--amount');
        const issuedOn = app.today();
        const s = m.showInvoice(app.conn.db, String(number), issuedOn)._summary;
        const amount = amountCents ?? s.totalTtcCents - s.creditedCents;
        if (amount > 0)
          await app.confirmAct(t('bill.credit_confirm', { invoice: s.number, amount: app.out.money(amount), reason: String(opts.reason) }), opts.yes);
        const r = m.creditInvoice(app.conn, app.actor, { number: String(number), amountCents, issuedOn, reason: String(opts.reason) });
        app.out.result(r, t('words.credit.done', { number: r.number, invoice: r.refers_to, amount: app.out.money(r.total_ttc_cents) }));
      }),
    );

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
        const m = await import('../../billing/run.js');
        const date = app.today();
        const month = String(opts.month).trim();
        m.checkRunMonth(month, date);
        const seal = await import('../../books/seal.js');
        const { assertWritableFile } = await import('../../files/atomic.js');
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
        const { missingRatesOn } = await import('../../collection/index.js');
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

  group
    .command('dispute')
    .description(t('help.bill.contests_part_of_an_invoice'))
    .argument('<invoice>', t('help.bill.invoice_number'))
    .requiredOption('--amount <eur>', t('help.bill.contested_amount_in_euros'))
    .requiredOption('--reason <text>', t('help.bill.what_the_member_contests'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill dispute F2026-000003 --amount 90 --reason "extra site never installed" --date 2026-12-12')
    .action(
      wrap(async (app, [number], opts) => {
        const m = await import('../../collection/index.js');
        const r = m.openDispute(app.conn, app.actor, {
          number: String(number),
          amountCents: euros(String(opts.amount), '--amount'),
          on: app.today(),
          reason: String(opts.reason),
        });
        app.out.result(
          { id: r.id, invoice: r.invoice, amount_cents: r.amount_cents, status: r.status, opened_on: r.opened_on },
          t('billing.dispute.opened', { id: r.id, invoice: r.invoice, amount: app.out.money(r.amount_cents) }),
        );
      }),
    );

  group
    .command('resolve')
    .description(t('help.bill.resolves_a_dispute_upheld_due'))
    .argument('<dispute>', t('help.bill.dispute_id_bill_show_lists'))
    .option('--upheld', t('help.bill.parnasse_confirms_the_amount_due'))
    .option('--granted', t('help.bill.the_member_is_right_a'))
    .option('--yes', t('help.bill.do_not_ask_for_confirmation_2'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill resolve 1 --upheld --date 2026-12-20\n  $ parnasse bill resolve 2 --granted --date 2026-12-20 --yes')
    .action(
      wrap(async (app, [id], opts) => {
        if (!!opts.upheld === !!opts.granted) throw new UsageError(t('billing.resolve.one_outcome'));
        const n = wholeNumberArg(String(id), 'DISPUTE');
        const outcome = opts.upheld ? 'upheld' : 'granted';
        if (outcome === 'granted') await app.confirmAct(t('billing.resolve.confirm', { id: n }), opts.yes);
        const m = await import('../../collection/index.js');
        const r = m.resolveDispute(app.conn, app.actor, { id: n, outcome, on: app.today() });
        const p = { id: r.id, invoice: r.invoice, amount: app.out.money(r.amount_cents), credit_note: r.credit_note ?? '' };
        app.out.result(r, outcome === 'upheld' ? t('billing.dispute.upheld', p) : t('billing.dispute.granted', p));
      }),
    );

  group
    .command('refund')
    .description(t('help.bill.gives_money_back_from_a'))
    .argument('<invoice>', t('help.bill.the_invoice_holding_the_credit'))
    .requiredOption('--amount <eur>', t('help.bill.amount_refunded_in_euros'))
    .addOption(new Option('--method <method>', t('help.bill.how_the_money_goes_back')).choices([...PAYMENT_METHODS]).default('transfer'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill refund F2026-000001 --amount 90 --date 2026-12-20')
    .action(
      wrap(async (app, [number], opts) => {
        const m = await import('../../collection/index.js');
        const r = m.refund(app.conn, app.actor, {
          number: String(number),
          amountCents: euros(String(opts.amount), '--amount'),
          on: app.today(),
          method: opts.method,
        });
        app.out.result(r, t('billing.refund.done', { amount: app.out.money(r.amount_cents), invoice: r.invoice, left: app.out.money(r.credit_left_cents) }));
      }),
    );

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
        const p = await import('../../rules/penalties.js');
        const sem = String(semester).trim().toUpperCase();
        if (!p.isSemester(sem)) throw new UsageError(t('billing.rates.bad_semester', { value: String(semester) }));
        const bp = p.parseRate(String(rate));
        if (bp === null) throw new UsageError(t('billing.rates.bad_rate', { value: String(rate) }));
        const m = await import('../../collection/index.js');
        const r = m.setRate(app.conn, app.actor, sem, bp);
        app.out.result(r, t('billing.rates.set', { semester: r.semester, rate: r.rate }));
      }),
    );

  const prices = group
    .command('prices')
    .description(t('help.bill.the_price_catalogue_annex_1'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill prices --date 2027-01-01')
    .action(wrap(async (app) => showPrices(app)));

  prices
    .command('set')
    .description(t('help.bill.a_new_ttc_price_from'))
    .argument('<item>', t('help.bill.price_item_e_g_subscription'))
    .argument('<eur>', t('help.bill.new_ttc_price_in_euros'))
    .requiredOption('--from <date>', t('help.bill.first_day_the_price_applies'))
    .requiredOption('--announced <date>', t('help.bill.day_the_change_was_announced'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill prices set subscription 260 --from 2027-03-01 --announced 2027-01-15')
    .action(
      wrap(async (app, [item, eur], opts) => {
        const m = await import('../../prices/index.js');
        const change = {
          item: m.parsePriceItem(String(item)),
          ttcCents: euros(String(eur), 'EUR', { allowZero: true }),
          from: date(opts.from, '--from'),
          announced: date(opts.announced, '--announced'),
        };
        const r = m.setPrice(app.conn, app.actor, change);
        app.out.result(
          { id: r.id, item: change.item, ttc_cents: change.ttcCents, effective_from: change.from, announced_on: change.announced },
          t('words.prices.set', { item: change.item, price: app.out.money(change.ttcCents), from: fmtDate(change.from), announced: fmtDate(change.announced) }),
        );
      }),
    );

  prices
    .command('revoke')
    .description(t('modules.revoke.desc'))
    .argument('<item>', t('help.bill.price_item_e_g_subscription'))
    .requiredOption('--from <date>', t('modules.revoke.opt_from'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill prices revoke subscription --from 2027-03-01 --date 2027-01-20')
    .action(
      wrap(async (app, [item], opts) => {
        const m = await import('../../prices/index.js');
        const r = m.revokePrice(app.conn, app.actor, { item: m.parsePriceItem(String(item)), from: date(opts.from, '--from'), on: app.today() });
        app.out.result(
          r,
          t('modules.revoke.done', { item: r.item, from: fmtDate(r.effective_from), price: app.out.money(r.ttc_cents), announced: fmtDate(r.announced_on) }),
        );
      }),
    );

  prices
    .command('withdraw')
    .description(t('help.bill.withdraws_a_service_or_option'))
    .argument('<item>', t('help.bill.price_item_e_g_concierge'))
    .requiredOption('--from <date>', t('help.bill.first_day_the_item_is'))
    .requiredOption('--announced <date>', t('help.bill.day_the_withdrawal_was_announced'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill prices withdraw concierge_privilege --from 2027-06-01 --announced 2027-02-01')
    .action(
      wrap(async (app, [item], opts) => {
        const m = await import('../../prices/index.js');
        const w = { item: m.parsePriceItem(String(item)), from: date(opts.from, '--from'), announced: date(opts.announced, '--announced') };
        const r = m.withdrawItem(app.conn, app.actor, w);
        app.out.result(
          { id: r.id, item: w.item, ttc_cents: null, effective_from: w.from, announced_on: w.announced, options_ended: r.options_ended },
          t('words.prices.withdraw', { item: w.item, from: fmtDate(w.from), announced: fmtDate(w.announced), options: r.options_ended }),
        );
      }),
    );
}

async function showPrices(app: App): Promise<void> {
  const m = await import('../../prices/index.js');
  const on = app.today();
  const rows = m.catalogue(app.conn.db, on);
  app.out.result(
    rows,
    () =>
      `${t('words.prices.head', { date: fmtDate(on) })}\n` +
      app.out.table(rows, [
        { header: t('words.h.item'), value: (r) => r.item },
        {
          header: t('words.h.ttc'),
          value: (r) => (r.withdrawn ? t('words.prices.withdrawn') : r.ttc_cents === null ? null : app.out.money(r.ttc_cents)),
          align: 'right',
        },
        { header: t('words.h.ht'), value: (r) => (r.ht_cents === null ? null : app.out.money(r.ht_cents)), align: 'right' },
        { header: t('words.h.since'), value: (r) => fmtDate(r.effective_from) },
        {
          header: t('words.h.next'),
          value: (r) =>
            r.next
              ? t('words.prices.next', {
                  price: r.next.ttc_cents === null ? t('words.prices.withdrawn') : app.out.money(r.next.ttc_cents),
                  date: fmtDate(r.next.effective_from),
                })
              : null,
          wrap: true,
        },
      ]),
  );
}

async function showRates(app: App): Promise<void> {
  const m = await import('../../collection/index.js');
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
        { header: t('words.h.rate'), value: (r) => r.rate ?? t('billing.rates.missing_cell'), align: 'right' },
        { header: t('words.h.used'), value: (r) => (r.used ? t('common.yes') : '') },
      ]),
  );
}

/** A legal rate needed soon (or already) and not recorded: said on stderr, also with --json (issue 21). */
function warnMissingRates(app: App, missing: { semester: string; neededFrom: string }[]): void {
  for (const x of missing) app.out.warn(t('billing.rates.missing', { semester: x.semester, date: x.neededFrom }));
}
