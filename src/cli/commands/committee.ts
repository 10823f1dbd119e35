import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../app.js';
import { UsageError, articleRef } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { checksJsonPieces } from '../checks-json.js';
import { fmtDate, fmtEnum } from '../../i18n/format.js';
import { listFlags } from '../output.js';

export function registerCommittee(program: CommandUnknownOpts, wrap: Wrap): void {
  const group = program
    .command('committee')
    .description(t('committee.group'))
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse committee agenda --date 2026-12-01\n  $ parnasse committee decide C-0042 --accept --date 2026-12-03\n  $ parnasse committee notify C-0042 --date 2026-12-10',
    );

  listFlags(group.command('agenda'))
    .description(t('committee.agenda.desc'))
    .addHelpText('after', '\nExample:\n  $ parnasse committee agenda --date 2026-12-01')
    .action(
      wrap(async (app) => {
        const m = await import('../../committee/index.js');
        const on = app.today();
        const c = app.out.color;
        await app.out.list(
          m.iterateAgenda(app.conn.db, on),
          [
            { header: t('committee.h.ref'), value: (i) => i.ref },
            { header: t('committee.h.name'), value: (i) => i.name, min: 12 },
            { header: t('committee.h.company'), value: (i) => i.company_name, min: 10, drop: 3 },
            { header: t('committee.h.zone'), value: (i) => i.zone, drop: 2 },
            { header: t('committee.h.applied'), value: (i) => fmtDate(i.applied_on), drop: 4 },
            { header: t('committee.h.deadline'), value: (i) => (i.overdue ? c.red(`${fmtDate(i.deadline)} ${t('committee.overdue')}`) : fmtDate(i.deadline)) },
            { header: t('committee.h.sponsor'), value: (i) => (i.invited_by_parnasse ? t('committee.invited') : i.sponsor_member_no), drop: 1 },
            { header: t('cooptation.show.coopted_by'), value: (i) => i.coopted_by, drop: 1.5 },
          ],
          { empty: t('committee.agenda.none', { date: fmtDate(on) }), jsonPieces: checksJsonPieces() },
        );
      }),
    );

  group
    .command('decide')
    .description(t('committee.decide.desc'))
    .argument('<ref>', t('committee.arg.ref'))
    .addOption(new Option('--accept', t('committee.decide.opt_accept')).conflicts('reject'))
    .addOption(new Option('--reject', t('committee.decide.opt_reject')).conflicts('accept'))
    .option('--reason <text>', t('committee.decide.opt_reason'))
    .addHelpText('after', '\nExample:\n  $ parnasse committee decide C-0042 --accept --date 2026-12-03\n  $ parnasse committee decide C-0043 --reject')
    .action(
      wrap(async (app, [ref], opts) => {
        if (!opts.accept && !opts.reject) throw new UsageError(t('committee.decide.accept_or_reject'));
        const m = await import('../../committee/index.js');
        const r = m.decide(app.conn, app.actor, { ref: String(ref), accept: !!opts.accept, reason: opts.reason, on: app.today() });
        if (r.overdue) app.out.warn(t('committee.decide.overdue', { date: fmtDate(r.deadline) }));
        app.out.result(
          r,
          t(r.decision === 'accepted' ? 'committee.decide.accepted' : 'committee.decide.rejected', {
            ref: r.ref,
            date: fmtDate(r.decided_on),
            reason: r.reason ? ` (${r.reason})` : '',
          }) + (r.decision === 'accepted' ? `\n${t('committee.decide.next', { ref: r.ref })}` : ''),
        );
      }),
    );

  group
    .command('session')
    .description(t('committee.session.desc'))
    .addHelpText('after', '\nExample:\n  $ parnasse committee session --date 2026-12-03')
    .action(
      wrap(async (app) => {
        if (!app.canPrompt) throw new UsageError(t('committee.session.not_interactive'));
        const m = await import('../../committee/index.js');
        const on = app.today();
        const items = m.agenda(app.conn.db, on);
        const p = await app.prompter();
        const done: { ref: string; decision: string; reason: string | null }[] = [];
        if (items.length === 0) app.out.info(t('committee.agenda.none', { date: fmtDate(on) }));
        for (const [i, it] of items.entries()) {
          const summary = it.checks.map((c) => `  ${c.pass ? '✓' : '✗'} ${c.id} (${articleRef(c.article)}) ${c.message}`).join('\n');
          // fitted to the terminal: each check's text wrapped under its mark
          app.out.print(
            `\n${app.out.wrap(t('committee.session.item', { i: i + 1, n: items.length, ref: it.ref, name: it.name, company: it.company_name, kind: fmtEnum('member_kind', it.kind), zone: it.zone ?? '-' }), '  ')}\n` +
              `${app.out.wrap(t('committee.session.dates', { applied: fmtDate(it.applied_on), deadline: fmtDate(it.deadline), late: it.overdue ? t('committee.session.overdue') : t('committee.session.days_left', { days: it.days_left }) }), '  ')}\n${app.out.wrap(summary, '  ')}\n`,
          );
          const choice = await p.select<'accept' | 'reject' | 'skip' | 'quit'>({
            message: t('committee.session.decision', { ref: it.ref }),
            choices: [
              { name: t('committee.session.accept'), value: 'accept' },
              { name: t('committee.session.reject'), value: 'reject' },
              { name: t('committee.session.skip'), value: 'skip' },
              { name: t('committee.session.quit'), value: 'quit' },
            ],
          });
          if (choice === 'quit') break;
          if (choice === 'skip') {
            done.push({ ref: it.ref, decision: 'skipped', reason: null });
            continue;
          }
          const reason = (await p.input({ message: t('committee.session.reason'), default: '' })).trim();
          const r = m.decide(app.conn, app.actor, { ref: it.ref, accept: choice === 'accept', reason: reason || null, on });
          done.push({ ref: r.ref, decision: r.decision, reason: r.reason });
        }
        app.out.result(done, () =>
          done.length === 0
            ? t('committee.session.none')
            : done
                .map(
                  (d) =>
                    `${d.ref}: ${d.decision === 'skipped' ? t('committee.session.skipped') : fmtEnum('candidacy_status', d.decision)}${d.reason ? ` (${d.reason})` : ''}`,
                )
                .join('\n'),
        );
      }),
    );

  group
    .command('notify')
    .description(t('committee.notify.desc'))
    .argument('<ref>', t('committee.notify.arg_ref'))
    .option('--yes', t('committee.notify.opt_yes'))
    .addHelpText('after', '\nExample:\n  $ parnasse committee notify C-0042 --date 2026-12-10 --yes')
    .action(
      wrap(async (app, [ref], opts) => {
        const on = app.today();
        const m = await import('../../committee/index.js');
        const { showCandidacy } = await import('../../candidacy/index.js');
        const c = showCandidacy(app.conn, String(ref), on);
        // only an act that would happen is confirmed; a refusal is said as it is (exit 3)
        if (c.status === 'accepted') {
          await app.confirmAct(t('committee.notify_confirm', { ref: c.ref, name: `${c.first_name} ${c.last_name}`, date: fmtDate(on) }), opts.yes);
        }
        const r = m.notify(app.conn, app.actor, { ref: String(ref), on });
        app.out.result(
          r,
          `${t('committee.notify.created', { no: r.member_no, date: fmtDate(r.contract_start) })}\n` +
            (r.entry_fee_invoice
              ? `${t('committee.notify.entry_fee', { invoice: r.entry_fee_invoice })}\n  parnasse bill show ${r.entry_fee_invoice}\n  parnasse bill pay ${r.entry_fee_invoice} ${t('committee.notify.pay_hint')}`
              : t('committee.notify.no_entry_fee')),
        );
      }),
    );
}
