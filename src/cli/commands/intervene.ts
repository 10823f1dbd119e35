import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Wrap } from '../main.js';
import { listFlags } from '../output.js';

const wholeNumber = (v: string): number => {
  if (!/^\d+$/.test(v.trim())) throw new InvalidArgumentError('expects a whole number');
  return Number(v);
};

const KINDS = ['technician', 'coach', 'airbox'];

export function registerIntervene(program: Command, wrap: Wrap): void {
  const group = program
    .command('intervene')
    .description('on-site interventions: book a visit, list them, the yearly quota (art. 5.2.2, 5.4, 5.5)')
    .addHelpText('after', '\nExample:\n  $ parnasse intervene add 1 --kind technician --start 2026-12-02T10:00 --minutes 60\n  $ parnasse intervene quota 1 --date 2026-12-05');

  group
    .command('add')
    .description('book a technician, coach or Airbox repair visit: checks window, holidays, scope and exclusions, counts the quota, prices what lies beyond')
    .argument('<member_no>', 'the member number')
    .addOption(new Option('--kind <kind>', 'technician, coach or airbox (Airbox 4G repair)').choices(KINDS).makeOptionMandatory())
    .requiredOption('--start <datetime>', 'start, local Paris time YYYY-MM-DDTHH:MM')
    .requiredOption('--minutes <n>', 'booked duration in minutes', wholeNumber)
    .option('--address <id>', 'one of the member’s addresses (default: the main address)', wholeNumber)
    .option('--location <postal_code>', 'coach visit elsewhere in the coverage zone (art. 5.4.2)')
    .option('--equipment <list>', 'equipment worked on, e.g. livebox,wifi_ap:parnasse (":parnasse" = installed by Parnasse)')
    .option('--devices <n>', 'coach visit: devices helped with (beyond 3 the extra time is billed)', wholeNumber)
    .option('--extra-minutes <n>', 'coach visit: minutes spent on the devices beyond the 3rd', wholeNumber)
    .option('--requested-at <datetime>', 'when the member asked (tier B: gives the 72-business-hour deadline)')
    .option('--out-of-hours', 'book outside the window: never included, billed at the non-business rate')
    .option('--dangerous', 'the repair may be dangerous (refused, art. 5.2.2)')
    .option('--external-cause', 'the problem has an external cause (refused, art. 5.2.2)')
    .option('--member-repaired', 'the member modified or repaired the equipment himself (refused, art. 5.2.2)')
    .option('--airbox-misuse', 'the Airbox 4G was used contrary to the contract (refused, art. 5.5)')
    .addHelpText(
      'after',
      `
Example:
  $ parnasse intervene add 1 --kind technician --start 2026-03-02T10:00 --minutes 90 --equipment livebox
  $ parnasse intervene add 1 --kind technician --start 2026-03-07T10:00 --minutes 130 --out-of-hours
  $ parnasse intervene add 1 --kind coach --start 2026-03-03T14:00 --minutes 120 --devices 5 --extra-minutes 40`,
    )
    .action(
      wrap(async (app, args, opts) => {
        const m = await import('../../interventions/index.js');
        const r = m.addIntervention(app.conn, app.actor, {
          memberNo: String(args[0]),
          kind: String(opts.kind),
          start: String(opts.start),
          minutes: opts.minutes as number,
          addressId: (opts.address as number | undefined) ?? null,
          location: (opts.location as string | undefined) ?? null,
          equipment: (opts.equipment as string | undefined) ?? null,
          devices: (opts.devices as number | undefined) ?? null,
          extraMinutes: (opts.extraMinutes as number | undefined) ?? null,
          requestedAt: (opts.requestedAt as string | undefined) ?? null,
          outOfHours: !!opts.outOfHours,
          dangerous: !!opts.dangerous,
          externalCause: !!opts.externalCause,
          memberRepaired: !!opts.memberRepaired,
          airboxMisuse: !!opts.airboxMisuse,
        });
        if (r.late) app.out.warn(`intervention #${r.id} starts after the 72-business-hour deadline (${(r.sla_deadline ?? "").replace('T', ' ')})`);
        if (r.member_status === 'pending') app.out.warn(`member ${r.member_no}’s entry fee is unpaid (the contract is in effect since the notification, art. 6)`);
        app.out.result(r, () => {
          const o = app.out;
          const head = `Intervention #${r.id} booked: ${r.kind} for member ${r.member_no}, ${r.start.replace('T', ' ')}–${r.end.slice(11)} (${r.minutes} min) at ${r.postal_code}, zone ${r.zone} (tier ${r.tier})${r.out_of_hours ? ', out of hours' : ''}.`;
          const quota = `Contract year ${r.contract_year.from} → ${r.contract_year.to}: ${r.used} of ${r.quota} included interventions used (coach ${r.coach_used} of ${r.coach_quota}).`;
          const lines = [head, r.included ? `Included. ${quota}` : `Billable: ${r.not_included_reason}. ${quota}`];
          if (r.charge_cents > 0) {
            lines.push(`Charge ${o.money(r.charge_cents)} TTC, pending for the next monthly run:`);
            const w = Math.max(...r.charge_lines.map((l) => l.label.length));
            for (const l of r.charge_lines) lines.push(`  ${l.label.padEnd(w)}  ${o.money(l.ttc_cents).padStart(12)}`);
            lines.push(`  ${'total TTC'.padEnd(w)}  ${o.money(r.charge_cents).padStart(12)}`);
          }
          if (r.sla_deadline) lines.push(`72-business-hour deadline: ${r.sla_deadline.replace('T', ' ')}${r.late ? ' — LATE' : ' (met)'}`);
          return lines.join('\n');
        });
      }),
    );

  listFlags(group.command('list'))
    .description('a member’s interventions, oldest first')
    .argument('<member_no>', 'the member number')
    .option('--year', 'only the contract year containing --date (default today)')
    .addHelpText('after', '\nExample:\n  $ parnasse intervene list 1 --year --date 2026-06-01')
    .action(
      wrap(async (app, args, opts) => {
        const m = await import('../../interventions/index.js');
        const { year, rows } = m.iterateInterventions(app.conn.db, String(args[0]), { on: app.today(), year: !!opts.year });
        await app.out.list(
          rows,
          [
            { header: 'id', value: (r) => r.id, align: 'right', width: 4 },
            { header: 'start', value: (r) => r.start.replace('T', ' ') },
            { header: 'min', value: (r) => r.minutes, align: 'right', drop: 3 },
            { header: 'kind', value: (r) => r.kind },
            { header: 'place', value: (r) => r.postal_code, drop: 5 },
            { header: 'zone', value: (r) => r.zone, drop: 4 },
            { header: 'included', value: (r) => (r.included ? 'yes' : r.out_of_hours ? 'no (out of hours)' : 'no'), min: 3 },
            { header: 'charge', value: (r) => (r.charge_cents ? app.out.money(r.charge_cents) : '-'), align: 'right', drop: 1 },
            { header: 'deadline', value: (r) => (r.sla_deadline ? `${r.sla_deadline.replace('T', ' ')}${r.late ? ' LATE' : ''}` : null), drop: 2 },
          ],
          { head: year ? `Contract year ${year.from} → ${year.to}` : undefined, empty: 'No interventions.' },
        );
      }),
    );

  group
    .command('quota')
    .description('included interventions used and left in the contract year containing --date, by kind')
    .argument('<member_no>', 'the member number')
    .addHelpText('after', '\nExample:\n  $ parnasse intervene quota 1 --date 2026-06-01')
    .action(
      wrap(async (app, args) => {
        const m = await import('../../interventions/index.js');
        const r = m.quotaReport(app.conn.db, String(args[0]), app.today());
        app.out.result(r, () => {
          const o = app.out;
          const kinds = (['technician', 'coach', 'airbox'] as const).map((k) => ({ kind: k, ...r.by_kind[k] }));
          return [
            `Member ${r.member_no}, zone ${r.zone} (tier ${r.tier}), contract year ${r.contract_year.index}: ${r.contract_year.from} → ${r.contract_year.to}`,
            `Included interventions: ${r.used} of ${r.quota} used, ${r.remaining} left (coach visits: ${r.coach_used} of ${r.coach_quota}).`,
            '',
            o.table(kinds, [
              { header: 'kind', value: (k) => k.kind },
              { header: 'visits', value: (k) => k.visits, align: 'right' },
              { header: 'included', value: (k) => k.included, align: 'right' },
              { header: 'billed', value: (k) => k.billed, align: 'right' },
              { header: 'charges', value: (k) => o.money(k.charge_cents), align: 'right' },
            ]),
          ].join('\n');
        });
      }),
    );
}
