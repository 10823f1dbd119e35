import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../app.js';
import { dateArg as date, eurosArg, wholeNumberArg as int } from '../args.js';
import { t } from '../../i18n/index.js';
import { fmtEnum } from '../../i18n/format.js';
import { PAYMENT_METHODS } from '../../rules/enums.js';
import type { GuaranteeJson } from '../../guarantee/index.js';
import type { Output } from '../output.js';

const load = () => import('../../guarantee/index.js');

/** One guarantee as a sentence: asked, received, applied, given back, held. */
function summary(o: Output, g: GuaranteeJson): string {
  return t('guarantee.summary', {
    id: g.id,
    member: g.member_no,
    amount: o.money(g.amount_cents),
    due: g.due_on,
    received: o.money(g.received_cents),
    applied: o.money(g.applied_cents),
    released: o.money(g.released_cents),
    held: o.money(g.held_cents),
  });
}

/** `member guarantee request|receive|apply|release|list` (art. 7.1), under the `member` group. */
export function registerGuarantee(member: CommandUnknownOpts, wrap: Wrap): void {
  const group = member
    .command('guarantee')
    .description(t('guarantee.help.group'))
    .addHelpText('after', '\nExample:\n  $ parnasse member guarantee request 12 --amount 300 --due 2027-03-15 --reason "Avance sur consommation"');

  group
    .command('request')
    .description(t('guarantee.help.request'))
    .argument('<no>', t('member.arg.no'))
    .requiredOption('--amount <euros>', t('guarantee.help.amount'))
    .requiredOption('--due <date>', t('guarantee.help.due'))
    .option('--reason <text>', t('guarantee.help.reason'))
    .addHelpText('after', '\nExample:\n  $ parnasse member guarantee request 12 --amount 300 --due 2027-03-15 --date 2027-03-01')
    .action(
      wrap(async (app, [no], opts) => {
        const m = await load();
        const r = m.requestGuarantee(app.conn, app.actor, {
          memberNo: String(no),
          amountCents: eurosArg(opts.amount, '--amount'),
          dueOn: date(opts.due, '--due'),
          reason: opts.reason ?? null,
          on: app.today(),
        });
        app.out.result(r, t('guarantee.requested', { id: r.id, member: r.member_no, amount: app.out.money(r.amount_cents), due: r.due_on }));
      }),
    );

  group
    .command('receive')
    .description(t('guarantee.help.receive'))
    .argument('<id>', t('guarantee.help.id'))
    .option('--amount <euros>', t('guarantee.help.receive_amount'))
    .addOption(new Option('--method <method>', t('guarantee.help.method')).choices([...PAYMENT_METHODS]).default('transfer'))
    .addHelpText('after', '\nExample:\n  $ parnasse member guarantee receive 1 --amount 300 --method transfer --date 2027-03-10')
    .action(
      wrap(async (app, [id], opts) => {
        const m = await load();
        const r = m.receiveGuarantee(app.conn, app.actor, {
          id: int(id, 'ID'),
          amountCents: opts.amount === undefined ? undefined : eurosArg(opts.amount, '--amount'),
          method: opts.method,
          on: app.today(),
        });
        const last = r.moves.filter((v) => v.kind === 'received').at(-1)!;
        app.out.result(r, `${t('guarantee.received', { id: r.id, amount: app.out.money(last.amount_cents), date: last.on })}\n${summary(app.out, r)}`);
      }),
    );

  group
    .command('apply')
    .description(t('guarantee.help.apply'))
    .argument('<id>', t('guarantee.help.id'))
    .requiredOption('--invoice <number>', t('guarantee.help.invoice'))
    .option('--amount <euros>', t('guarantee.help.apply_amount'))
    .addHelpText('after', '\nExample:\n  $ parnasse member guarantee apply 1 --invoice F2027-000123 --date 2027-05-20')
    .action(
      wrap(async (app, [id], opts) => {
        const m = await load();
        const r = m.applyGuarantee(app.conn, app.actor, {
          id: int(id, 'ID'),
          invoice: opts.invoice.trim(),
          amountCents: opts.amount === undefined ? undefined : eurosArg(opts.amount, '--amount'),
          on: app.today(),
        });
        const lines = [t('guarantee.applied', { id: r.id, amount: app.out.money(r.applied.amount_cents), invoice: r.applied.invoice }), summary(app.out, r)];
        if (r.suspension_lifted)
          lines.push(t('guarantee.suspension_lifted', { member: r.suspension_lifted.member_no, status: fmtEnum('member_status', r.suspension_lifted.status) }));
        else if (r.dunning_closed) lines.push(t('guarantee.dunning_closed', { member: r.member_no }));
        app.out.result(r, lines.join('\n'));
      }),
    );

  group
    .command('release')
    .description(t('guarantee.help.release'))
    .argument('<id>', t('guarantee.help.id'))
    .addOption(new Option('--method <method>', t('guarantee.help.release_method')).choices([...PAYMENT_METHODS]).default('transfer'))
    .addHelpText('after', '\nExample:\n  $ parnasse member guarantee release 1 --date 2027-09-01')
    .action(
      wrap(async (app, [id], opts) => {
        const m = await load();
        const r = m.releaseGuarantee(app.conn, app.actor, { id: int(id, 'ID'), method: opts.method, on: app.today() });
        const lines = r.settled.map((s) => t('guarantee.applied', { id: r.id, amount: app.out.money(s.amount_cents), invoice: s.invoice }));
        lines.push(
          t('guarantee.given_back', { amount: app.out.money(r.given_back_cents), method: fmtEnum('payment_method', opts.method) }),
          summary(app.out, r),
        );
        if (r.suspension_lifted)
          lines.push(t('guarantee.suspension_lifted', { member: r.suspension_lifted.member_no, status: fmtEnum('member_status', r.suspension_lifted.status) }));
        else if (r.dunning_closed) lines.push(t('guarantee.dunning_closed', { member: r.member_no }));
        app.out.result(r, lines.join('\n'));
      }),
    );

  group
    .command('list')
    .description(t('guarantee.help.list'))
    .argument('[no]', t('member.arg.no'))
    .option('--held', t('guarantee.help.held'))
    .addHelpText('after', '\nExample:\n  $ parnasse member guarantee list --held --date 2027-06-30')
    .action(
      wrap(async (app, [no], opts) => {
        const m = await load();
        const rows = m.listGuarantees(app.conn.db, { memberNo: no === undefined ? undefined : String(no), on: app.today(), held: !!opts.held });
        app.out.result(rows, () =>
          rows.length === 0
            ? t('guarantee.empty')
            : app.out.table(rows, [
                { header: t('guarantee.head.id'), value: (r) => r.id, align: 'right' },
                { header: t('guarantee.head.member'), value: (r) => r.member_no, align: 'right' },
                { header: t('guarantee.head.asked'), value: (r) => app.out.money(r.amount_cents), align: 'right' },
                { header: t('guarantee.head.due'), value: (r) => r.due_on },
                { header: t('guarantee.head.received'), value: (r) => app.out.money(r.received_cents), align: 'right' },
                { header: t('guarantee.head.applied'), value: (r) => app.out.money(r.applied_cents), align: 'right' },
                { header: t('guarantee.head.released'), value: (r) => app.out.money(r.released_cents), align: 'right' },
                { header: t('guarantee.head.held'), value: (r) => app.out.money(r.held_cents), align: 'right' },
                { header: t('guarantee.head.state'), value: (r) => (r.overdue ? t('guarantee.overdue') : '') },
              ]),
        );
      }),
    );
}
