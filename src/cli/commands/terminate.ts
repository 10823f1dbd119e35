import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../app.js';
import type { App } from '../app.js';
import { dateArg as date, wholeNumberArg as int } from '../args.js';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { fmtEnum, fmtMonth } from '../../i18n/format.js';
import type { TerminationJson } from '../../termination/index.js';

const load = () => import('../../termination/index.js');

/** The consequences of a termination, as the Desk reads them (art. 10.4). */
export function terminationFields(app: App, r: TerminationJson & { status?: string; guarantee_held_cents?: number }): string {
  const none = t('termination.value.none');
  return app.out.fields([
    [t('termination.label.member'), r.member_no],
    [t('termination.label.reason'), t('termination.value.reason', { reason: fmtEnum('termination_reason', r.reason), article: r.article })],
    [t('termination.label.by'), fmtEnum('requester', r.by)],
    [t('termination.label.notice'), r.notice_date],
    [t('termination.label.effective'), t('termination.value.effective', { date: r.effective_on })],
    [t('termination.label.billing'), t('termination.value.billing', { month: fmtMonth(r.last_billed_month), next: fmtMonth(r.direct_debits_stop_from) })],
    [t('termination.label.options'), r.options_ended.length ? r.options_ended.map((o) => `${o.option}${o.qty > 1 ? `×${o.qty}` : ''}`).join(', ') : none],
    ...(r.bricks_ended?.length ? [[t('pro.label.bricks_ended'), r.bricks_ended.map((b) => b.brick).join(', ')] as [string, string]] : []),
    [t('termination.label.subscriptions'), r.subscriptions_ended],
    [t('termination.label.airbox'), r.airbox_return_due ? t('termination.value.airbox_due', { serial: r.airbox_serial }) : t('termination.value.airbox_none')],
    [t('termination.label.mail'), t('termination.value.mail', { date: r.mail_access_until })],
    [t('termination.label.refund'), r.refund ? t('termination.value.refund_none') : t('termination.value.no_refund')],
    [t('termination.label.honorary'), r.honorary_eligible ? t('common.yes') : t('common.no')],
    ...(r.guarantee_held_cents
      ? [[t('guarantee.termination.label'), t('guarantee.termination.value', { amount: app.out.money(r.guarantee_held_cents) })] as [string, string]]
      : []),
    ...(r.status
      ? ([
          [
            t('termination.label.status'),
            r.pending ? t('termination.value.pending', { date: r.effective_on }) : t('termination.value.terminated', { date: r.effective_on }),
          ],
        ] as [string, string][])
      : []),
  ]);
}

export function registerTerminate(program: CommandUnknownOpts, wrap: Wrap): void {
  const group = program
    .command('terminate')
    .description(t('termination.help.terminate'))
    .argument('<no>', t('help.terminate.member_number'))
    .option('--reason <reason>', t('termination.help.reason'))
    .option('--by <party>', t('termination.help.by'))
    .option('--notice-date <date>', t('termination.help.notice'))
    .option('--since <date>', t('termination.help.since'))
    .option('--yes', t('termination.help.yes'))
    .addHelpText(
      'after',
      `
${t('help.terminate.effective')}

Example:
  $ parnasse terminate 12 --reason member_request --notice-date 2027-03-20 --date 2027-03-22
  $ parnasse --json terminate 12 --reason breach --notice-date 2027-05-03 --date 2027-05-10 --yes`,
    )
    .action(
      wrap(async (app, [no], opts) => {
        if (opts.reason === undefined) throw new UsageError(t('common.missing_flag_no_prompt', { flag: '--reason' }));
        const m = await load();
        const input = {
          memberNo: String(no),
          reason: m.parseReason(String(opts.reason)),
          on: app.today(),
          by: opts.by === undefined ? undefined : m.parseRequester(String(opts.by)),
          noticeDate: opts.noticeDate === undefined ? null : date(opts.noticeDate, '--notice-date'),
          since: opts.since === undefined ? null : date(opts.since, '--since'),
        };
        // refusals come before the question; then what will happen, then the question
        const preview = m.previewTermination(app.conn.db, input);
        if (!opts.yes && !app.globals.yes && app.canPrompt) app.out.print(terminationFields(app, preview));
        const ok = await app.confirm(t('termination.confirm', { member: preview.member_no }), opts.yes);
        if (!ok) throw new UsageError(t('common.cancelled'));
        const r = m.terminate(app.conn, app.actor, input);
        app.out.result(r, () =>
          [
            ...(opts.yes || app.globals.yes || !app.canPrompt ? [terminationFields(app, r)] : []),
            r.pending
              ? t('termination.done.pending', { member: r.member_no, date: r.effective_on })
              : t('termination.done.effective', { member: r.member_no, date: r.effective_on }),
          ].join('\n'),
        );
      }),
    );

  group
    .command('show')
    .description(t('termination.help.show'))
    .argument('<no>', t('help.terminate.member_number'))
    .addHelpText('after', '\nExample:\n  $ parnasse --json terminate show 12 --date 2027-03-25')
    .action(
      wrap(async (app, [no]) => {
        const m = await load();
        const r = m.showTermination(app.conn.db, String(no), app.today());
        app.out.result(r, () => (r ? terminationFields(app, r) : t('termination.none', { member: String(no) })));
      }),
    );

  group
    .command('withdraw')
    .description(t('termination.help.withdraw'))
    .argument('<no>', t('help.terminate.member_number'))
    .option('--by <party>', t('termination.help.by'), 'member')
    .option('--yes', t('termination.help.yes'))
    .addHelpText('after', '\nExample:\n  $ parnasse terminate withdraw 12 --by member --date 2027-03-25 --yes')
    .action(
      wrap(async (app, [no], opts) => {
        const m = await load();
        const by = m.parseRequester(String(opts.by));
        const ok = await app.confirm(t('termination.help.withdraw'), opts.yes);
        if (!ok) throw new UsageError(t('common.cancelled'));
        const r = m.withdrawTermination(app.conn, app.actor, { memberNo: String(no), by, on: app.today() });
        app.out.result(r, t('termination.withdrawn', { member: r.member_no, date: r.effective_on, on: r.withdrawn_on }));
      }),
    );

  group
    .command('option')
    .description(t('termination.help.option'))
    .argument('<no>', t('help.terminate.member_number'))
    .argument('<option>', t('help.terminate.mail_office_assistance_bitdefender_extra'))
    .option('--address <id>', t('termination.help.address'))
    .addHelpText('after', '\nExample:\n  $ parnasse terminate option 12 bitdefender --date 2027-03-12')
    .action(
      wrap(async (app, [no, code], opts) => {
        const m = await import('../../membership/members.js');
        const code_ = String(code);
        const { OPTION_CODES } = await import('../../rules/enums.js');
        const option = OPTION_CODES.find((c) => c === code_);
        if (option === undefined) throw new UsageError(t('modules.unknown_option_2', { code: code_, options: OPTION_CODES.join(', ') }));
        const r = m.terminateOption(app.conn, app.actor, {
          memberNo: String(no),
          option,
          on: app.today(),
          addressId: opts.address === undefined ? undefined : int(opts.address, '--address'),
        });
        app.out.result(r, t('termination.option.done', { option: r.option, member: r.member_no, date: r.requested_on, until: r.billed_until }));
      }),
    );

  group
    .command('airboxes')
    .description(t('termination.help.airboxes'))
    .addHelpText('after', '\nExample:\n  $ parnasse terminate airboxes --date 2027-04-30')
    .action(
      wrap(async (app) => {
        const m = await load();
        const rows = m.airboxesDue(app.conn.db, app.today());
        app.out.result(rows, () =>
          rows.length === 0
            ? t('termination.airboxes.none')
            : app.out.table(rows, [
                { header: t('termination.head.member'), value: (r) => r.member_no, align: 'right' },
                { header: t('termination.head.name'), value: (r) => r.name },
                { header: t('termination.head.serial'), value: (r) => r.serial },
                { header: t('termination.head.effective'), value: (r) => r.effective_on },
                { header: t('termination.head.state'), value: (r) => (r.overdue ? t('termination.airboxes.overdue') : t('termination.airboxes.due')) },
              ]),
        );
      }),
    );
}
