import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../app.js';
import type { App } from '../app.js';
import { UsageError } from '../../errors.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { wholeNumberArg } from '../args.js';
import type { CooptationView } from '../../cooptation/index.js';

const idArg = (v: unknown) => wholeNumberArg(v, 'ID');

/**
 * The cooptations as a table that reads at 80 columns in French (issue 24): the candidate
 * and the reward wrap rather than being cut, the reward's state is a word of the catalogue,
 * and `coopt status` leaves out the referrer its heading already names.
 */
function cooptTable(app: App, rows: CooptationView[], withReferrer = true): string {
  return app.out.table(rows, [
    { header: t('words.h.id'), value: (r) => r.id, align: 'right' },
    ...(withReferrer ? [{ header: t('cooptation.col.referrer'), value: (r: CooptationView) => r.referrer }] : []),
    { header: t('cooptation.col.candidate'), value: (r) => `${r.candidate} ${r.candidate_name}`, wrap: true },
    { header: t('cooptation.col.proposed'), value: (r) => r.proposed_on },
    { header: t('cooptation.col.status'), value: (r) => `${t(`cooptation.status.${r.status}` as MessageKey)}${r.override ? '*' : ''}` },
    { header: t('cooptation.col.window'), value: (r) => r.reward_window_until },
    {
      header: t('cooptation.col.reward'),
      value: (r) =>
        r.reward
          ? t('cooptation.human.reward_cell', { reward: r.reward, date: r.delivery_on ?? '' })
          : r.reward_state === 'none'
            ? null
            : t(`cooptation.reward_state.${r.reward_state}` as MessageKey),
      wrap: true,
    },
  ]);
}

function overrides(rows: CooptationView[]): string {
  const o = rows.filter((r) => r.override);
  return o.length ? `\n${o.map((r) => `* #${r.id}: ${t('cooptation.human.override', { reason: r.override_reason ?? '' })}`).join('\n')}` : '';
}

export function registerCoopt(program: CommandUnknownOpts, wrap: Wrap): void {
  const group = program
    .command('coopt')
    .description(t('help.coopt.cooptation_annex_3_members_propose'))
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse coopt propose 12 C-2027-004 --date 2027-02-01\n  $ parnasse coopt decide 1 --accept --date 2027-02-10\n  $ parnasse coopt status 12 --date 2027-04-01',
    );

  group
    .command('propose')
    .description(t('help.coopt.a_member_in_good_standing'))
    .argument('<referrer_no>', t('help.coopt.the_proposing_member_s_number'))
    .argument('<candidate_ref>', t('help.coopt.the_candidacy_reference'))
    .option('--override-limit', t('help.coopt.a_third_or_later_cooptation'))
    .option('--reason <text>', t('help.coopt.why_the_club_studies_this'))
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse coopt propose 12 C-2027-004 --date 2027-02-01\n  $ parnasse coopt propose 12 C-2027-009 --override-limit --reason "board decision of 03/11" --date 2027-11-05',
    )
    .action(
      wrap(async (app, [referrer, ref], opts) => {
        const m = await import('../../cooptation/index.js');
        const r = m.propose(app.conn, app.actor, {
          referrerNo: String(referrer),
          candidateRef: String(ref),
          on: app.today(),
          overrideLimit: !!opts.overrideLimit,
          reason: opts.reason ?? null,
        });
        app.out.result(r, () =>
          [
            t('cooptation.human.proposed', { id: r.id, referrer: r.referrer, candidate: r.candidate, date: r.proposed_on }),
            t('cooptation.human.count', { count: r.count_in_year, year: r.year }),
            ...(r.override ? [t('cooptation.human.override', { reason: r.override_reason ?? '' })] : []),
            t('cooptation.human.next_decide', { id: r.id }),
          ].join('\n'),
        );
      }),
    );

  group
    .command('decide')
    .description(t('help.coopt.the_club_s_decision_on'))
    .argument('<id>', t('help.coopt.the_cooptation_id'))
    .addOption(new Option('--accept', t('help.coopt.accept_the_cooptation')).conflicts('reject'))
    .addOption(new Option('--reject', t('help.coopt.reject_it_the_candidacy_may')).conflicts('accept'))
    .addHelpText('after', '\nExample:\n  $ parnasse coopt decide 1 --accept --date 2027-02-10')
    .action(
      wrap(async (app, [id], opts) => {
        if (!opts.accept && !opts.reject) throw new UsageError(t('cooptation.say_accept_or_reject'));
        const m = await import('../../cooptation/index.js');
        const r = m.decideCooptation(app.conn, app.actor, { id: idArg(id), accept: !!opts.accept, on: app.today() });
        app.out.result(r, () =>
          t(r.status === 'accepted' ? 'cooptation.human.accepted' : 'cooptation.human.rejected', {
            id: r.id,
            referrer: r.referrer,
            candidate: r.candidate,
            date: r.decided_on,
          }),
        );
      }),
    );

  group
    .command('cancel')
    .description(t('help.coopt.cancel_a_cooptation_for_a'))
    .argument('<id>', t('help.coopt.the_cooptation_id'))
    .option('--false-declaration', t('help.coopt.the_cause_required_a_false'))
    .option('--yes', t('help.coopt.do_not_ask_for_confirmation'))
    .addHelpText('after', '\nExample:\n  $ parnasse coopt cancel 1 --false-declaration --date 2027-03-02 --yes')
    .action(
      wrap(async (app, [id], opts) => {
        if (!opts.falseDeclaration) throw new UsageError(t('cooptation.cancel_needs_cause'));
        const n = idArg(id);
        if (!(await app.confirm(t('cooptation.confirm_cancel', { id: n }), opts.yes))) {
          app.out.info(t('common.cancelled'));
          return;
        }
        const m = await import('../../cooptation/index.js');
        const r = m.cancelCooptation(app.conn, app.actor, { id: n, on: app.today() });
        app.out.result(r, () => t('cooptation.human.cancelled', { id: r.id, referrer: r.referrer, candidate: r.candidate, date: r.decided_on }));
      }),
    );

  group
    .command('reward')
    .description(t('help.coopt.the_referrer_s_reward_from'))
    .argument('<id>', t('help.coopt.the_cooptation_id'))
    .requiredOption('--item <item>', t('help.coopt.an_item_of_the_catalogue'))
    .addHelpText('after', '\nExample:\n  $ parnasse coopt reward 1 --item "Coffret Champagne" --date 2027-04-01')
    .action(
      wrap(async (app, [id], opts) => {
        const on = app.today();
        const m = await import('../../cooptation/index.js');
        const r = m.chooseReward(app.conn, app.actor, { id: idArg(id), item: String(opts.item), on });
        app.out.result({ id: r.id, item: r.item, chosen_on: r.chosen_on, delivery_on: r.delivery_on, reward_window_until: r.reward_window_until }, () =>
          t('cooptation.human.reward', { id: r.id, item: r.item, date: r.chosen_on, delivery: r.delivery_on }),
        );
      }),
    );

  const cat = group
    .command('catalogue')
    .description(t('help.coopt.the_rewards_catalogue_annex_3'))
    .addHelpText('after', '\nExample:\n  $ parnasse coopt catalogue add "Coffret Champagne"\n  $ parnasse coopt catalogue list');
  cat
    .command('add')
    .description(t('help.coopt.add_an_item_to_the'))
    .argument('<item>', t('help.coopt.the_item_as_the_member'))
    .addHelpText('after', '\nExample:\n  $ parnasse coopt catalogue add "Coffret Champagne"')
    .action(
      wrap(async (app, [item]) => {
        const m = await import('../../cooptation/index.js');
        const r = m.catalogueAdd(app.conn, app.actor, String(item), app.today());
        app.out.result(r, () => t('cooptation.human.item_added', { item: r.item }));
      }),
    );
  cat
    .command('remove')
    .description(t('help.coopt.withdraw_an_item_from_the'))
    .argument('<item>', t('help.coopt.the_item'))
    .addHelpText('after', '\nExample:\n  $ parnasse coopt catalogue remove "Coffret Champagne"')
    .action(
      wrap(async (app, [item]) => {
        const m = await import('../../cooptation/index.js');
        const r = m.catalogueRemove(app.conn, app.actor, String(item), app.today());
        app.out.result(r, () => t('cooptation.human.item_removed', { item: r.item }));
      }),
    );
  cat
    .command('list')
    .description(t('help.coopt.the_items_members_may_choose'))
    .addHelpText('after', '\nExample:\n  $ parnasse --json coopt catalogue list')
    .action(
      wrap(async (app) => {
        const m = await import('../../cooptation/index.js');
        const rows = m.catalogueList(app.conn.db);
        app.out.result(rows, () =>
          rows.length === 0
            ? t('cooptation.human.catalogue_empty')
            : app.out.table(rows, [
                { header: t('cooptation.col.item'), value: (r) => r.item },
                { header: t('cooptation.col.added'), value: (r) => r.added_on },
              ]),
        );
      }),
    );

  group
    .command('status')
    .description(t('help.coopt.a_member_s_rights_on'))
    .argument('<referrer_no>', t('help.coopt.the_member_number'))
    .addHelpText('after', '\nExample:\n  $ parnasse coopt status 12 --date 2027-04-01')
    .action(
      wrap(async (app, [no]) => {
        const m = await import('../../cooptation/index.js');
        const r = m.referrerStatus(app.conn.db, String(no), app.today());
        app.out.result(r, () =>
          [
            t('cooptation.human.status_head', { referrer: r.referrer, date: r.date, count: r.count, limit: r.limit, year: r.year }),
            r.cooptations.length ? cooptTable(app, r.cooptations, false) + overrides(r.cooptations) : t('cooptation.human.none'),
          ].join('\n'),
        );
      }),
    );

  group
    .command('list')
    .description(t('help.coopt.every_cooptation_with_the_rewards'))
    .addOption(new Option('--status <s>', t('help.coopt.only_this_status')).choices(['proposed', 'accepted', 'rejected', 'cancelled']))
    .addHelpText('after', '\nExample:\n  $ parnasse coopt list --status accepted --date 2027-05-10')
    .action(
      wrap(async (app, _args, opts) => {
        const m = await import('../../cooptation/index.js');
        const r = m.deskList(app.conn.db, { status: opts.status, on: app.today() });
        app.out.result(r, () => {
          const parts = [r.cooptations.length ? cooptTable(app, r.cooptations) + overrides(r.cooptations) : t('cooptation.human.none')];
          if (r.to_deliver_this_week.length) {
            parts.push('', t('cooptation.human.deliver_week'));
            for (const c of r.to_deliver_this_week) parts.push(`  #${c.id}  ${c.delivery_on}  ${c.reward}  → ${t('cooptation.col.referrer')} ${c.referrer}`);
          }
          if (r.windows_closing.length) {
            parts.push('', t('cooptation.human.windows_closing'));
            for (const c of r.windows_closing)
              parts.push(`  #${c.id}  ${c.reward_window_until}  ${t('cooptation.col.referrer')} ${c.referrer} (${c.candidate})`);
          }
          return parts.join('\n');
        });
      }),
    );
}
