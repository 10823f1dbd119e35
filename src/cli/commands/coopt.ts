import { Option, type Command } from 'commander';
import type { Wrap } from '../main.js';
import type { App } from '../app.js';
import { UsageError } from '../../errors.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { wholeNumberArg } from '../args.js';
import type { CooptationView } from '../../cooptation/index.js';

const idArg = (v: unknown) => wholeNumberArg(v, 'ID');

function cooptTable(app: App, rows: CooptationView[]): string {
  return app.out.table(rows, [
    { header: 'id', value: (r) => r.id, align: 'right' },
    { header: t('cooptation.col.referrer'), value: (r) => r.referrer },
    { header: t('cooptation.col.candidate'), value: (r) => `${r.candidate} ${r.candidate_name}` },
    { header: t('cooptation.col.proposed'), value: (r) => r.proposed_on },
    { header: t('cooptation.col.status'), value: (r) => `${t(`cooptation.status.${r.status}` as MessageKey)}${r.override ? '*' : ''}` },
    { header: t('cooptation.col.window'), value: (r) => r.reward_window_until },
    { header: t('cooptation.col.reward'), value: (r) => (r.reward ? `${r.reward} (${r.delivery_on})` : r.reward_state === 'none' ? null : r.reward_state) },
  ]);
}

function overrides(rows: CooptationView[]): string {
  const o = rows.filter((r) => r.override);
  return o.length ? `\n${o.map((r) => `* #${r.id}: ${t('cooptation.human.override', { reason: r.override_reason ?? '' })}`).join('\n')}` : '';
}

export function registerCoopt(program: Command, wrap: Wrap): void {
  const group = program
    .command('coopt')
    .description('cooptation (annex 3): members propose members, the club decides, the referrer chooses a reward')
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse coopt propose 12 C-2027-004 --date 2027-02-01\n  $ parnasse coopt decide 1 --accept --date 2027-02-10\n  $ parnasse coopt status 12 --date 2027-04-01',
    );

  group
    .command('propose')
    .description('a member in good standing proposes an eligible candidacy (at most 2 a calendar year; a person is co-opted once, ever)')
    .argument('<referrer_no>', 'the proposing member’s number')
    .argument('<candidate_ref>', 'the candidacy reference')
    .option('--override-limit', 'a third (or later) cooptation of the year, studied case by case: needs --reason')
    .option('--reason <text>', 'why the club studies this extra cooptation (recorded and shown)')
    .addHelpText('after', '\nExample:\n  $ parnasse coopt propose 12 C-2027-004 --date 2027-02-01\n  $ parnasse coopt propose 12 C-2027-009 --override-limit --reason "board decision of 03/11" --date 2027-11-05')
    .action(
      wrap(async (app, [referrer, ref], opts) => {
        const m = await import('../../cooptation/index.js');
        const r = m.propose(app.conn, app.actor, {
          referrerNo: String(referrer),
          candidateRef: String(ref),
          on: app.today(),
          overrideLimit: !!opts.overrideLimit,
          reason: (opts.reason as string | undefined) ?? null,
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
    .description('the club’s decision on a proposal, never motivated; before or after the committee’s decision on the candidacy')
    .argument('<id>', 'the cooptation id')
    .addOption(new Option('--accept', 'accept the cooptation').conflicts('reject'))
    .addOption(new Option('--reject', 'reject it (the candidacy may go on outside cooptation)').conflicts('accept'))
    .addHelpText('after', '\nExample:\n  $ parnasse coopt decide 1 --accept --date 2027-02-10')
    .action(
      wrap(async (app, [id], opts) => {
        if (!opts.accept && !opts.reject) throw new UsageError(t('cooptation.say_accept_or_reject'));
        const m = await import('../../cooptation/index.js');
        const r = m.decideCooptation(app.conn, app.actor, { id: idArg(id), accept: !!opts.accept, on: app.today() });
        app.out.result(r, () => t(r.status === 'accepted' ? 'cooptation.human.accepted' : 'cooptation.human.rejected', { id: r.id, referrer: r.referrer, candidate: r.candidate, date: r.decided_on }));
      }),
    );

  group
    .command('cancel')
    .description('cancel a cooptation for a false declaration, at any time: no reward (annex 3.3)')
    .argument('<id>', 'the cooptation id')
    .option('--false-declaration', 'the cause (required): a false declaration by the referrer or the referee')
    .option('--yes', 'do not ask for confirmation')
    .addHelpText('after', '\nExample:\n  $ parnasse coopt cancel 1 --false-declaration --date 2027-03-02 --yes')
    .action(
      wrap(async (app, [id], opts) => {
        if (!opts.falseDeclaration) throw new UsageError(t('cooptation.cancel_needs_cause'));
        const n = idArg(id);
        if (!(await app.confirm(t('cooptation.confirm_cancel', { id: n }), opts.yes as boolean | undefined))) {
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
    .description('the referrer’s reward from the catalogue: within 6 months of the referee’s contract start, delivered 6 weeks later at the earliest')
    .argument('<id>', 'the cooptation id')
    .requiredOption('--item <item>', 'an item of the catalogue (coopt catalogue list)')
    .addHelpText('after', '\nExample:\n  $ parnasse coopt reward 1 --item "Coffret Champagne" --date 2027-04-01')
    .action(
      wrap(async (app, [id], opts) => {
        const on = app.today();
        const m = await import('../../cooptation/index.js');
        const r = m.chooseReward(app.conn, app.actor, { id: idArg(id), item: String(opts.item), on });
        app.out.result(
          { id: r.id, item: r.item, chosen_on: r.chosen_on, delivery_on: r.delivery_on, reward_window_until: r.reward_window_until },
          () => t('cooptation.human.reward', { id: r.id, item: r.item, date: r.chosen_on, delivery: r.delivery_on }),
        );
      }),
    );

  const cat = group
    .command('catalogue')
    .description('the rewards catalogue (annex 3.4), maintained by the operators')
    .addHelpText('after', '\nExample:\n  $ parnasse coopt catalogue add "Coffret Champagne"\n  $ parnasse coopt catalogue list');
  cat
    .command('add')
    .description('add an item to the catalogue')
    .argument('<item>', 'the item, as the member will name it')
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
    .description('withdraw an item from the catalogue (rewards already chosen keep it)')
    .argument('<item>', 'the item')
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
    .description('the items members may choose today')
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
    .description('a member’s rights on the date (annex 3.4): cooptations counted in the year, each one’s state and deadlines')
    .argument('<referrer_no>', 'the member number')
    .addHelpText('after', '\nExample:\n  $ parnasse coopt status 12 --date 2027-04-01')
    .action(
      wrap(async (app, [no]) => {
        const m = await import('../../cooptation/index.js');
        const r = m.referrerStatus(app.conn.db, String(no), app.today());
        app.out.result(r, () =>
          [
            t('cooptation.human.status_head', { referrer: r.referrer, date: r.date, count: r.count, limit: r.limit, year: r.year }),
            r.cooptations.length ? cooptTable(app, r.cooptations) + overrides(r.cooptations) : t('cooptation.human.none'),
          ].join('\n'),
        );
      }),
    );

  group
    .command('list')
    .description('every cooptation, with the rewards to deliver this week and the reward windows closing within a month')
    .addOption(new Option('--status <s>', 'only this status').choices(['proposed', 'accepted', 'rejected', 'cancelled']))
    .addHelpText('after', '\nExample:\n  $ parnasse coopt list --status accepted --date 2027-05-10')
    .action(
      wrap(async (app, _args, opts) => {
        const m = await import('../../cooptation/index.js');
        const r = m.deskList(app.conn.db, { status: opts.status as string | undefined, on: app.today() });
        app.out.result(r, () => {
          const parts = [r.cooptations.length ? cooptTable(app, r.cooptations) + overrides(r.cooptations) : t('cooptation.human.none')];
          if (r.to_deliver_this_week.length) {
            parts.push('', t('cooptation.human.deliver_week'));
            for (const c of r.to_deliver_this_week) parts.push(`  #${c.id}  ${c.delivery_on}  ${c.reward}  → ${t('cooptation.col.referrer')} ${c.referrer}`);
          }
          if (r.windows_closing.length) {
            parts.push('', t('cooptation.human.windows_closing'));
            for (const c of r.windows_closing) parts.push(`  #${c.id}  ${c.reward_window_until}  ${t('cooptation.col.referrer')} ${c.referrer} (${c.candidate})`);
          }
          return parts.join('\n');
        });
      }),
    );
}
