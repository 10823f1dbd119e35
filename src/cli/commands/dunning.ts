import type { Command } from 'commander';
import type { Wrap } from '../main.js';
import { t, type MessageKey } from '../../i18n/index.js';

const load = () => import('../../dunning/index.js');
const stepName = (s: string) => t(`dunning.step.${s}` as MessageKey);

/** `bill dunning` (art. 7.3.8), registered under the `bill` group. */
export function registerDunning(bill: Command, wrap: Wrap): void {
  const cmd = bill
    .command('dunning')
    .description(t('dunning.help'))
    .option('--apply', t('dunning.help.apply'))
    .addHelpText(
      'after',
      `
Steps: first formal notice → suspension 8 days after it if still unpaid → second formal
notice → termination 8 days after it (art. 7.3.8). Only the uncontested part past its
pay-by counts. A member who pays everything late is reinstated.

Example:
  $ parnasse bill dunning --date 2027-02-20
  $ parnasse --json bill dunning --apply --date 2027-02-20     # daily under cron`,
    )
    .action(
      wrap(async (app, _a, opts) => {
        const m = await load();
        const on = app.today();
        const rows = opts.apply ? m.applyDunning(app.conn, app.actor, on) : m.dunningList(app.conn.db, on);
        const doc = { date: on, applied: !!opts.apply, members: rows };
        app.out.result(doc, () => {
          if (rows.length === 0) return t('dunning.none');
          const o = app.out;
          const table = o.table(rows, [
            { header: t('dunning.head.member'), value: (r) => r.member_no, align: 'right' },
            { header: t('dunning.head.name'), value: (r) => r.name },
            { header: t('dunning.head.late'), value: (r) => o.money(r.late_cents), align: 'right' },
            { header: t('dunning.head.last'), value: (r) => (r.last_step ? `${stepName(r.last_step.step)} ${r.last_step.date}` : null) },
            { header: t('dunning.head.next'), value: (r) => stepName(r.next_step) },
            { header: t('dunning.head.on'), value: (r) => r.possible_on },
            ...(opts.apply ? [{ header: t('dunning.head.done'), value: (r: (typeof rows)[number]) => (r.done ? t('common.yes') : t('common.no')) }] : []),
          ]);
          const done = rows.filter((r) => r.done).length;
          return opts.apply ? `${table}\n${done ? t('dunning.applied', { count: done, date: on }) : t('dunning.nothing_due', { date: on })}` : table;
        });
      }),
    );

  cmd
    .command('letters')
    .description(t('dunning.help.letters'))
    .option('--member <no>', t('dunning.help.member'))
    .addHelpText('after', '\nExample:\n  $ parnasse --json bill dunning letters --member 504')
    .action(
      wrap(async (app, _a, opts) => {
        const m = await load();
        const rows = m.dunningLetters(app.conn.db, { memberNo: opts.member as string | undefined });
        app.out.result(rows, () =>
          rows.length === 0
            ? t('dunning.letters.none')
            : app.out.table(rows, [
                { header: t('dunning.head.member'), value: (r) => r.member.member_no, align: 'right' },
                { header: t('dunning.head.date'), value: (r) => r.date },
                { header: t('dunning.head.step'), value: (r) => stepName(r.step) },
                { header: t('dunning.head.claimed'), value: (r) => app.out.money(r.claimed_cents), align: 'right' },
                { header: t('dunning.head.deadline'), value: (r) => r.deadline_on },
                { header: t('dunning.head.invoices'), value: (r) => r.invoices.map((i) => i.invoice).join(' ') },
              ]),
        );
      }),
    );
}
