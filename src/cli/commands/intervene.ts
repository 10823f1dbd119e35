import { InvalidArgumentError, Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../app.js';
import { t } from '../../i18n/index.js';
import { fmtDate, fmtDateTime, fmtEnum } from '../../i18n/format.js';
import { listFlags } from '../output.js';

const wholeNumber = (v: string): number => {
  if (!/^\d+$/.test(v.trim())) throw new InvalidArgumentError(t('intervene.whole_number'));
  return Number(v);
};

const KINDS = ['technician', 'coach', 'airbox'];

export function registerIntervene(program: CommandUnknownOpts, wrap: Wrap): void {
  const group = program
    .command('intervene')
    .description(t('intervene.group'))
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse intervene add 1 --kind technician --start 2026-12-02T10:00 --minutes 60\n  $ parnasse intervene quota 1 --date 2026-12-05',
    );

  group
    .command('add')
    .description(t('intervene.add.desc'))
    .argument('<member_no>', t('intervene.arg.member_no'))
    .addOption(new Option('--kind <kind>', t('intervene.opt.kind')).choices(KINDS).makeOptionMandatory())
    .requiredOption('--start <datetime>', t('intervene.opt.start'))
    .requiredOption('--minutes <n>', t('intervene.opt.minutes'), wholeNumber)
    .option('--address <id>', t('intervene.opt.address'), wholeNumber)
    .option('--location <postal_code>', t('intervene.opt.location'))
    .option('--equipment <list>', t('intervene.opt.equipment'))
    .option('--devices <n>', t('intervene.opt.devices'), wholeNumber)
    .option('--extra-minutes <n>', t('intervene.opt.extra_minutes'), wholeNumber)
    .option('--requested-at <datetime>', t('intervene.opt.requested_at'))
    .option('--out-of-hours', t('intervene.opt.out_of_hours'))
    .option('--dangerous', t('intervene.opt.dangerous'))
    .option('--external-cause', t('intervene.opt.external_cause'))
    .option('--member-repaired', t('intervene.opt.member_repaired'))
    .option('--airbox-misuse', t('intervene.opt.airbox_misuse'))
    .option('--coach <name>', t('intervene.opt.coach'))
    .addHelpText(
      'after',
      `
Example:
  $ parnasse intervene add 1 --kind technician --start 2026-03-02T10:00 --minutes 90 --equipment livebox
  $ parnasse intervene add 1 --kind technician --start 2026-03-07T10:00 --minutes 130 --out-of-hours
  $ parnasse intervene add 1 --kind coach --start 2026-03-03T14:00 --minutes 120 --devices 5 --extra-minutes 40
  $ parnasse intervene add 1 --kind coach --start 2026-03-04T09:00 --minutes 60 --coach "Élodie Le Goff"`,
    )
    .action(
      wrap(async (app, args, opts) => {
        const m = await import('../../interventions/index.js');
        const r = m.addIntervention(app.conn, app.actor, {
          memberNo: String(args[0]),
          kind: String(opts.kind),
          start: String(opts.start),
          minutes: opts.minutes,
          addressId: opts.address ?? null,
          location: opts.location ?? null,
          equipment: opts.equipment ?? null,
          devices: opts.devices ?? null,
          extraMinutes: opts.extraMinutes ?? null,
          requestedAt: opts.requestedAt ?? null,
          outOfHours: !!opts.outOfHours,
          dangerous: !!opts.dangerous,
          externalCause: !!opts.externalCause,
          memberRepaired: !!opts.memberRepaired,
          airboxMisuse: !!opts.airboxMisuse,
          coach: opts.coach === undefined ? null : String(opts.coach),
        });
        for (const w of r.warnings ?? []) app.out.warn(w.message);
        if (r.late) app.out.warn(t('intervene.add.late', { id: r.id, deadline: fmtDateTime(r.sla_deadline ?? '') }));
        if (r.member_status === 'pending') app.out.warn(t('intervene.add.pending', { no: r.member_no }));
        app.out.result(r, () => {
          const o = app.out;
          const head = t('intervene.add.booked', {
            id: r.id,
            kind: fmtEnum('intervention_kind', r.kind),
            no: r.member_no,
            start: fmtDateTime(r.start),
            end: r.end.slice(11),
            minutes: r.minutes,
            postal_code: r.postal_code,
            zone: r.zone,
            tier: r.tier,
            ooh: r.out_of_hours ? t('intervene.add.ooh') : '',
          });
          const quota = t('intervene.add.quota', {
            from: fmtDate(r.contract_year.from),
            to: fmtDate(r.contract_year.to),
            used: r.used,
            quota: r.quota,
            coach_used: r.coach_used,
            coach_quota: r.coach_quota,
          });
          const lines = [
            head,
            ...(r.coach ? [t('intervene.add.coach', { coach: r.coach })] : []),
            r.included ? t('intervene.add.included', { quota }) : t('intervene.add.billable', { reason: r.not_included_reason, quota }),
          ];
          if (r.charge_cents > 0) {
            lines.push(t('intervene.add.charge', { amount: o.money(r.charge_cents) }));
            const total = t('intervene.add.total');
            const label = (l: (typeof r.charge_lines)[number]) => l.shown ?? l.label;
            const w = Math.max(total.length, ...r.charge_lines.map((l) => label(l).length));
            for (const l of r.charge_lines) lines.push(`  ${label(l).padEnd(w)}  ${o.money(l.ttc_cents).padStart(12)}`);
            lines.push(`  ${total.padEnd(w)}  ${o.money(r.charge_cents).padStart(12)}`);
          }
          if (r.sla_deadline)
            lines.push(
              t('intervene.add.sla', { deadline: fmtDateTime(r.sla_deadline), state: r.late ? t('intervene.add.sla_late') : t('intervene.add.sla_met') }),
            );
          return lines.join('\n');
        });
      }),
    );

  listFlags(group.command('list'))
    .description(t('intervene.list.desc'))
    .argument('<member_no>', t('intervene.arg.member_no'))
    .option('--year', t('intervene.list.opt_year'))
    .addHelpText('after', '\nExample:\n  $ parnasse intervene list 1 --year --date 2026-06-01')
    .action(
      wrap(async (app, args, opts) => {
        const m = await import('../../interventions/index.js');
        const on = app.today();
        const { year, rows, contract_start } = m.iterateInterventions(app.conn.db, String(args[0]), { on, year: !!opts.year });
        await app.out.list(
          rows,
          [
            { header: t('intervene.h.id'), value: (r) => r.id, align: 'right', width: 4 },
            { header: t('intervene.h.start'), value: (r) => fmtDateTime(r.start) },
            { header: t('intervene.h.min'), value: (r) => r.minutes, align: 'right', drop: 4 },
            { header: t('intervene.h.kind'), value: (r) => fmtEnum('intervention_kind', r.kind) },
            { header: t('intervene.h.coach'), value: (r) => r.coach, min: 14, drop: 2 },
            { header: t('intervene.h.place'), value: (r) => r.postal_code, drop: 6 },
            { header: t('intervene.h.zone'), value: (r) => r.zone, drop: 5 },
            {
              header: t('intervene.h.included'),
              value: (r) => (r.included ? t('common.yes') : r.out_of_hours ? t('intervene.list.no_out_of_hours') : t('common.no')),
              wrap: true,
            },
            { header: t('intervene.h.charge'), value: (r) => (r.charge_cents ? app.out.money(r.charge_cents) : '-'), align: 'right', drop: 1 },
            {
              header: t('intervene.h.deadline'),
              value: (r) => (r.sla_deadline ? `${fmtDateTime(r.sla_deadline)}${r.late ? t('intervene.list.late') : ''}` : null),
              drop: 3,
            },
          ],
          {
            head: year ? t('intervene.list.year', { from: fmtDate(year.from), to: fmtDate(year.to) }) : undefined,
            empty: contract_start ? t('intervene.none_before_start', { start: fmtDate(contract_start), date: fmtDate(on) }) : t('intervene.list.none'),
          },
        );
      }),
    );

  group
    .command('cancel')
    .description(t('intervene.cancel.desc'))
    .argument('<id>', t('intervene.cancel.arg_id'))
    .option('--reason <text>', t('intervene.cancel.opt_reason'))
    .option('--yes', t('intervene.cancel.opt_yes'))
    .addHelpText('after', '\nExample:\n  $ parnasse intervene cancel 3 --reason "booked twice" --date 2026-12-04 --yes')
    .action(
      wrap(async (app, [id], opts) => {
        const m = await import('../../interventions/index.js');
        const no = wholeNumber(String(id));
        const w = m.interventionToCancel(app.conn.db, no);
        if (!w.cancelled_on) {
          const what =
            w.charge_cents === 0
              ? t('intervene.cancel.what_included')
              : w.invoiced
                ? t('intervene.cancel.what_credit', { invoice: w.invoiced, amount: app.out.money(w.charge_cents) })
                : t('intervene.cancel.what_pending', { amount: app.out.money(w.charge_cents) });
          await app.confirmAct(
            t('intervene.cancel.confirm', { id: no, kind: fmtEnum('intervention_kind', w.kind), no: w.member_no, start: fmtDateTime(w.start), what }),
            opts.yes,
          );
        }
        const r = m.cancelIntervention(app.conn, app.actor, { id: no, on: app.today(), reason: opts.reason === undefined ? undefined : String(opts.reason) });
        app.out.result(r, () => {
          if (!r.changed) return t('intervene.cancel.already', { id: r.id, date: r.cancelled_on });
          const lines = [t('intervene.cancel.done', { id: r.id, no: r.member_no, start: fmtDateTime(r.start) })];
          if (r.allowance_given_back) lines.push(t('intervene.cancel.allowance'));
          if (r.pending_charge_removed) lines.push(t('intervene.cancel.pending_removed'));
          if (r.credit_note) lines.push(t('intervene.cancel.credited', { number: r.credit_note, amount: app.out.money(r.credited_cents) }));
          return lines.join('\n');
        });
      }),
    );

  group
    .command('quota')
    .description(t('intervene.quota.desc'))
    .argument('<member_no>', t('intervene.arg.member_no'))
    .addHelpText('after', '\nExample:\n  $ parnasse intervene quota 1 --date 2026-06-01')
    .action(
      wrap(async (app, args) => {
        const m = await import('../../interventions/index.js');
        const r = m.quotaReport(app.conn.db, String(args[0]), app.today());
        app.out.result(r, () => {
          const o = app.out;
          const kinds = (['technician', 'coach', 'airbox'] as const).map((k) => ({ kind: k, ...r.by_kind[k] }));
          return [
            t('intervene.quota.head', {
              no: r.member_no,
              zone: r.zone,
              tier: r.tier,
              index: r.contract_year.index,
              from: fmtDate(r.contract_year.from),
              to: fmtDate(r.contract_year.to),
            }),
            t('intervene.quota.line', { used: r.used, quota: r.quota, remaining: r.remaining, coach_used: r.coach_used, coach_quota: r.coach_quota }),
            '',
            o.table(kinds, [
              { header: t('intervene.h.kind'), value: (k) => fmtEnum('intervention_kind', k.kind) },
              { header: t('intervene.h.visits'), value: (k) => k.visits, align: 'right' },
              { header: t('intervene.h.included'), value: (k) => k.included, align: 'right' },
              { header: t('intervene.h.billed'), value: (k) => k.billed, align: 'right' },
              { header: t('intervene.h.charges'), value: (k) => o.money(k.charge_cents), align: 'right' },
            ]),
          ].join('\n');
        });
      }),
    );
}
