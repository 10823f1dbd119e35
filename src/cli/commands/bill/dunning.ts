/** `bill dunning` (art. 7.3.8): the recovery procedure, step by step. */
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../../app.js';
import { t, type MessageKey } from '../../../i18n/index.js';
import { UsageError, articleRef } from '../../../errors.js';

const load = () => import('../../../dunning/index.js');
const stepName = (s: string) => t(`dunning.step.${s}` as MessageKey);

/** `bill dunning` (art. 7.3.8), registered under the `bill` group. */
export function registerDunning(bill: CommandUnknownOpts, wrap: Wrap): void {
  const cmd = bill
    .command('dunning')
    .description(t('dunning.help'))
    .option('--apply', t('dunning.help.apply'))
    .option('--letters <dir>', t('dunning.help.letters_dir'))
    .option('--wide', t('list.opt.wide'))
    .addHelpText(
      'after',
      `
${t('help.dunning.steps')}

Example:
  $ parnasse bill dunning --date 2027-02-20
  $ parnasse bill dunning --date 2027-02-20 --wide      # ${t('help.dunning.comment_wide')}
  $ parnasse --json bill dunning --apply --date 2027-02-20 --letters courrier/     # ${t('help.dunning.comment_cron')}`,
    )
    .action(
      wrap(async (app, _a, opts) => {
        const m = await load();
        const on = app.today();
        if (opts.letters !== undefined && !opts.apply) throw new UsageError(t('dunning.letters.needs_apply'));
        // the folder and the club's identity are checked before any step is recorded
        const docs = opts.letters !== undefined ? await import('../../../documents/letters.js') : null;
        const head = docs?.prepareLetters(app.conn.db, String(opts.letters), '--letters');
        const rows = opts.apply ? m.applyDunning(app.conn, app.actor, on) : m.dunningList(app.conn.db, on);
        const letters = docs && head ? await docs.writeLetters(app.conn.db, { on, outDir: String(opts.letters) }, head) : null;
        const doc = { date: on, applied: !!opts.apply, members: rows, ...(letters ? { letters: letters.map(letterJson) } : {}) };
        app.out.result(doc, () => {
          const lettersLine = letters ? `\n${t('dunning.letters.written', { count: letters.length, dir: String(opts.letters) })}` : '';
          if (rows.length === 0) return t('dunning.none') + lettersLine;
          const o = app.out;
          // 80 columns (issue 11): the name is cut, the steps wrap inside their columns; the
          // member, the amount, the next step, its date and whether it was done stay whole
          const table = o.table(rows, [
            { header: t('dunning.head.member'), value: (r) => r.member_no, align: 'right' },
            { header: t('dunning.head.name'), value: (r) => r.name, min: 10 },
            { header: t('dunning.head.late'), value: (r) => o.money(r.late_cents), align: 'right' },
            { header: t('dunning.head.last'), value: (r) => (r.last_step ? `${stepName(r.last_step.step)} ${o.date(r.last_step.date)}` : null), wrap: true },
            { header: t('dunning.head.next'), value: (r) => stepName(r.next_step), wrap: true },
            { header: t('dunning.head.on'), value: (r) => o.date(r.possible_on) },
            ...(opts.apply
              ? [
                  {
                    header: t('dunning.head.done'),
                    value: (r: (typeof rows)[number]) => (r.done ? t('common.yes') : r.skipped ? t('dunning.skipped') : t('common.no')),
                  },
                ]
              : []),
          ]);
          const done = rows.filter((r) => r.done).length;
          // a step the contract refuses for one member: said with its article, the rest of the run stands
          const skipped = rows
            .filter((r) => r.skipped)
            .map((r) =>
              o.wrap(
                t(opts.apply ? 'dunning.skipped_line' : 'dunning.would_skip_line', {
                  member_no: r.member_no,
                  step: stepName(r.next_step),
                  refusal: t('common.refused', { article: articleRef(r.skipped!.article), reason: r.skipped!.reason }),
                }),
              ),
            )
            .map((l) => `\n${l}`)
            .join('');
          return (
            (opts.apply ? `${table}\n${done ? t('dunning.applied', { count: done, date: on }) : t('dunning.nothing_due', { date: on })}` : table) +
            skipped +
            lettersLine
          );
        });
      }),
    );

  cmd
    .command('letters')
    .description(t('dunning.help.letters'))
    .option('--member <no>', t('dunning.help.member'))
    .option('--out <dir>', t('dunning.help.out'))
    .option('--wide', t('list.opt.wide'))
    .addHelpText(
      'after',
      `
${t('help.dunning.letters_after')}
Examples:
  $ parnasse --json bill dunning letters --member 504
  $ parnasse --date 2027-01-12 bill dunning letters --out courrier/     # ${t('help.dunning.comment_again')}`,
    )
    .action(
      wrap(async (app, _a, opts) => {
        const m = await load();
        const sel = { memberNo: opts.member, on: app.globals.date !== undefined ? app.today() : undefined };
        const written =
          opts.out !== undefined ? await (await import('../../../documents/letters.js')).writeLetters(app.conn.db, { ...sel, outDir: String(opts.out) }) : null;
        const rows = written ?? m.dunningLetters(app.conn.db, sel);
        app.out.result(rows, () => {
          if (rows.length === 0) return t('dunning.letters.none');
          const table = app.out.table(rows, [
            { header: t('dunning.head.member'), value: (r) => r.member.member_no, align: 'right' },
            { header: t('dunning.head.date'), value: (r) => r.date },
            { header: t('dunning.head.step'), value: (r) => stepName(r.step) },
            { header: t('dunning.head.claimed'), value: (r) => app.out.money(r.claimed_cents), align: 'right' },
            { header: t('dunning.head.deadline'), value: (r) => r.deadline_on },
            { header: t('dunning.head.invoices'), value: (r) => r.invoices.map((i) => i.invoice).join(' ') },
          ]);
          return written ? `${table}\n${t('dunning.letters.written', { count: written.length, dir: String(opts.out) })}` : table;
        });
      }),
    );
}

/** A letter written by `bill dunning --apply --letters`: who, which notice, how much, where. */
function letterJson(l: { member: { member_no: string }; step: string; date: string; claimed_cents: number; deadline_on: string; path: string }) {
  return { member_no: l.member.member_no, step: l.step, date: l.date, claimed_cents: l.claimed_cents, deadline_on: l.deadline_on, path: l.path };
}
