import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../app.js';
import { csvImportCommand } from '../csv-import.js';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { listFlags } from '../output.js';
import { MEMBER_STATUSES } from '../../rules/enums.js';
import { MOBILE_PLANS } from '../../rules/membership.js';
import { dateArg as date, enumArg, wholeNumberArg as int } from '../args.js';
import { fmtEnum } from '../../i18n/format.js';

const load = () => import('../../membership/members.js');

export function registerMember(program: CommandUnknownOpts, wrap: Wrap): void {
  const group = program
    .command('member')
    .description(t('member.group'))
    .addHelpText('after', '\nExample:\n  $ parnasse member list --status active --zone paris\n  $ parnasse --json member show 1');

  listFlags(group.command('list'))
    .description(t('member.list.desc'))
    .addOption(new Option('--status <status>', t('member.list.opt_status')).choices([...MEMBER_STATUSES]))
    .option('--zone <zone>', t('member.list.opt_zone'))
    .addHelpText('after', '\nExample:\n  $ parnasse member list --status pending')
    .action(
      wrap(async (app, _a, opts) => {
        const m = await load();
        let zone: string | undefined;
        if (opts.zone !== undefined) {
          const { zoneIds } = await import('../../zones/index.js');
          zone = enumArg(opts.zone, '--zone', 'zone', zoneIds(app.conn));
        }
        const rows = m.iterateMembers(app.conn.db, { status: opts.status, zone, on: app.today() });
        await app.out.list(
          rows,
          [
            { header: t('member.h.no'), value: (r) => r.member_no, align: 'right', width: 6 },
            { header: t('member.h.name'), value: (r) => r.name, min: 12 },
            { header: t('member.h.company'), value: (r) => r.company_name, min: 10, drop: 2 },
            { header: t('member.h.kind'), value: (r) => fmtEnum('member_kind', r.kind), drop: 3 },
            { header: t('member.h.status'), value: (r) => fmtEnum('member_status', r.status) + (r.honorary ? t('member.honorary_suffix') : '') },
            { header: t('member.h.zone'), value: (r) => r.zone, drop: 1 },
            { header: t('member.h.since'), value: (r) => app.out.date(r.contract_start), drop: 4 },
          ],
          { empty: t('member.list.none') },
        );
      }),
    );

  group
    .command('show')
    .description(t('member.show.desc'))
    .argument('<no>', t('member.arg.no'))
    .addHelpText('after', '\nExample:\n  $ parnasse --json member show 1')
    .action(
      wrap(async (app, [no]) => {
        const m = await load();
        const { damagesThisYear } = await import('../../liability/index.js');
        const s = { ...m.showMember(app.conn.db, String(no), app.today()), damages: damagesThisYear(app.conn.db, String(no), app.today()) };
        app.out.result(s, () => {
          const o = app.out;
          const addr = (a: NonNullable<typeof s.main_address>) =>
            t('member.show.address', {
              id: a.id,
              street: a.street,
              postal_code: a.postal_code,
              city: a.city,
              zone: a.zone ?? t('member.show.not_covered'),
              subscriptions: a.subscriptions.map((x) => `#${x.id}`).join(' ') || t('member.show.none'),
            });
          return o.fields([
            [
              t('member.f.member'),
              `${s.member_no} ${s.first_name} ${s.last_name}${s.company_name ? `, ${s.company_name}` : ''} (${fmtEnum('member_kind', s.kind)})`,
            ],
            [t('member.f.status'), fmtEnum('member_status', s.status) + (s.honorary ? t('member.f.honorary') : '')],
            [t('member.f.contract_start'), o.date(s.contract_start)],
            [t('member.f.entry_fee_paid'), o.date(s.entry_fee_paid_on)],
            [
              t('member.f.termination'),
              s.termination
                ? s.termination.pending
                  ? t('termination.value.pending', { date: o.date(s.termination.effective_on) })
                  : t('termination.value.terminated', { date: o.date(s.termination.effective_on) })
                : null,
            ],
            [t('member.f.email'), s.email],
            [t('member.f.phone'), s.phone],
            [t('member.f.welcome_gift'), s.welcome_gift],
            [t('member.f.main_address'), s.main_address ? addr(s.main_address) : null],
            ...s.extra_sites.map((a, i): [string, string] => [t('member.f.extra_site', { n: i + 1 }), addr(a)]),
            [
              t('member.f.delegate'),
              s.delegate ? t('member.f.delegate_value', { name: s.delegate.name, phone: s.delegate.phone ?? '', date: o.date(s.delegate.started_on) }) : null,
            ],
            [
              t('member.f.options'),
              s.options
                .map((x) =>
                  t('member.f.option_value', {
                    option: x.option,
                    qty: x.qty > 1 ? `×${x.qty}` : '',
                    start: o.date(x.start_on),
                    end: x.end_on ? t('member.f.option_to', { date: o.date(x.end_on) }) : '',
                  }),
                )
                .join(', '),
            ],
            [t('member.f.mobile_lines'), s.mobile_lines.map((l) => `${l.number} (${l.plan})`).join(', ')],
            [t('member.f.airbox'), s.airbox ? t('member.f.airbox_value', { serial: s.airbox.serial, date: o.date(s.airbox.lent_on) }) : null],
            ...(s.airbox_replacements.length
              ? [
                  [
                    t('member.f.airbox_replaced'),
                    s.airbox_replacements
                      .map((r) => t('member.f.airbox_replaced_value', { out: r.serial_out, in: r.serial_in, date: o.date(r.replaced_on), reason: r.reason }))
                      .join('; '),
                  ] as [string, string],
                ]
              : []),
            [
              t('member.f.devices'),
              s.protected_devices.length ? `${s.protected_devices.length}/20: ${s.protected_devices.map((d) => `#${d.id} ${d.label}`).join(', ')}` : null,
            ],
            [
              t('member.f.damages'),
              s.damages
                ? t('member.f.damages_value', {
                    year: s.damages.year,
                    paid: o.money(s.damages.paid_cents),
                    left: o.money(s.damages.annual_left_cents),
                    last: o.date(s.damages.last_incident_on),
                  })
                : null,
            ],
            [
              t('member.f.guarantee'),
              s.guarantees.length
                ? s.guarantees
                    .map((g) =>
                      t('member.f.guarantee_value', {
                        id: g.id,
                        amount: o.money(g.amount_cents),
                        due: o.date(g.due_on),
                        received: o.money(g.received_cents),
                        held: o.money(g.held_cents),
                        overdue: g.overdue ? t('member.f.guarantee_overdue') : '',
                      }),
                    )
                    .join(', ')
                : null,
            ],
          ]);
        });
      }),
    );

  group
    .command('delegate')
    .description(t('member.delegate.desc'))
    .argument('<no>', t('member.arg.no'))
    .option('--name <name>', t('member.delegate.opt_name'))
    .option('--phone <phone>', t('member.delegate.opt_phone'))
    .option('--notified-on <date>', t('member.delegate.opt_notified_on'))
    .option('--remove', t('member.delegate.opt_remove'))
    .addHelpText('after', '\nExample:\n  $ parnasse member delegate 1 --name "Claire Petit" --phone 0612345678 --notified-on 2027-01-04 --date 2027-01-06')
    .action(
      wrap(async (app, [no], opts) => {
        const m = await load();
        const on = app.today();
        if (opts.remove) {
          if (opts.name) throw new UsageError(t('member.delegate.exclusive'));
          const r = m.removeDelegate(app.conn, app.actor, String(no), on);
          app.out.result(r, t('member.delegate.removed', { name: r.removed, no: r.member_no }));
          return;
        }
        const name = await app.ask(opts.name, '--name', t('member.delegate.prompt_name'));
        const notifiedOn = opts.notifiedOn === undefined ? null : date(opts.notifiedOn, '--notified-on');
        const r = m.setDelegate(app.conn, app.actor, { memberNo: String(no), name, phone: opts.phone ?? null, notifiedOn, on });
        if (r.unchanged || r.corrected) {
          app.out.result(r, t(r.unchanged ? 'member.delegate_already' : 'member.delegate_phone_updated', { name: r.delegate, member_no: r.member_no }));
          return;
        }
        app.out.result(
          r,
          r.replaced
            ? t('member.delegate.replaced', { no: r.member_no, name: r.delegate, previous: r.replaced, date: app.out.date(r.notified_on) })
            : t('member.delegate.set', { no: r.member_no, name: r.delegate }),
        );
      }),
    );

  const address = group
    .command('address')
    .description(t('member.address.group'))
    .addHelpText('after', '\nExample:\n  $ parnasse member address add 1 --street "3 quai Rambaud" --postal-code 69002 --city Lyon');
  address
    .command('add')
    .description(t('member.address.add.desc'))
    .argument('<no>', t('member.arg.no'))
    .requiredOption('--street <street>', t('member.address.opt_street'))
    .requiredOption('--postal-code <code>', t('member.address.opt_postal_code'))
    .requiredOption('--city <city>', t('member.address.opt_city'))
    .option('--department <dep>', t('member.address.opt_department'))
    .addOption(new Option('--technology <tech>', t('member.address.opt_technology')).choices(['fibre', 'vdsl', 'adsl']))
    .option('--subscriptions <n>', t('member.address.opt_subscriptions'), '1')
    .addHelpText('after', '\nExample:\n  $ parnasse member address add 1 --street "3 quai Rambaud" --postal-code 69002 --city Lyon --date 2027-01-10')
    .action(
      wrap(async (app, [no], opts) => {
        const m = await load();
        const r = m.addExtraSite(app.conn, app.actor, {
          memberNo: String(no),
          street: String(opts.street),
          postalCode: String(opts.postalCode),
          city: String(opts.city),
          department: opts.department ?? null,
          lineTechnology: opts.technology ?? null,
          subscriptions: int(opts.subscriptions, '--subscriptions'),
          on: app.today(),
        });
        if (!r.zone) app.out.warn(t('member.address.outside_zone', { department: r.department }));
        app.out.result(r, t('member.address.added', { id: r.address_id, no: r.member_no, count: r.extra_sites, amount: app.out.money(r.monthly_ttc_cents) }));
      }),
    );
  address
    .command('remove')
    .description(t('member.address.remove.desc'))
    .argument('<no>', t('member.arg.no'))
    .argument('<address-id>', t('member.arg.address_id'))
    .addHelpText('after', '\nExample:\n  $ parnasse member address remove 1 7 --date 2027-03-02')
    .action(
      wrap(async (app, [no, id]) => {
        const m = await load();
        const r = m.removeExtraSite(app.conn, app.actor, { memberNo: String(no), addressId: int(id, 'ADDRESS-ID'), on: app.today() });
        app.out.result(r, t('member.address.removed', { id: r.address_id, date: app.out.date(r.removed_on), until: app.out.date(r.billed_until) }));
      }),
    );
  address
    .command('cancel')
    .description(t('member.address.cancel.desc'))
    .argument('<no>', t('member.arg.no'))
    .argument('<address-id>', t('member.arg.address_id'))
    .addHelpText('after', '\nExample:\n  $ parnasse member address cancel 1 7 --date 2027-02-10')
    .action(
      wrap(async (app, [no, id]) => {
        const m = await load();
        const r = m.cancelExtraSite(app.conn, app.actor, { memberNo: String(no), addressId: int(id, 'ADDRESS-ID'), on: app.today() });
        app.out.result(r, t('member.address.cancelled', { id: r.address_id, no: r.member_no, added: app.out.date(r.added_on) }));
      }),
    );

  const sub = group.command('subscription').description(t('member.sub.group')).addHelpText('after', '\nExample:\n  $ parnasse member subscription add 1');
  sub
    .command('add')
    .description(t('member.sub.add.desc'))
    .argument('<no>', t('member.arg.no'))
    .option('--address <id>', t('member.sub.opt_address'))
    .option('--label <label>', t('member.sub.opt_label'))
    .addHelpText('after', '\nExample:\n  $ parnasse member subscription add 1 --label "Livebox bureau"')
    .action(
      wrap(async (app, [no], opts) => {
        const m = await load();
        const r = m.addSubscription(app.conn, app.actor, {
          memberNo: String(no),
          addressId: opts.address === undefined ? undefined : int(opts.address, '--address'),
          label: opts.label ?? null,
          on: app.today(),
        });
        app.out.result(r, t('member.sub.added', { id: r.subscription_id, address: r.address_id, count: r.subscriptions_at_address }));
      }),
    );
  sub
    .command('remove')
    .description(t('member.sub.remove.desc'))
    .argument('<no>', t('member.arg.no'))
    .argument('<subscription-id>', t('member.arg.subscription_id'))
    .option('--yes', t('member.sub.remove.opt_yes'))
    .addHelpText('after', '\nExample:\n  $ parnasse member subscription remove 1 2 --date 2027-02-01')
    .action(
      wrap(async (app, [no, id], opts) => {
        const m = await load();
        const which = { memberNo: String(no), subscriptionId: int(id, 'SUBSCRIPTION-ID') };
        // the last Orange subscription ends the contract (art. 10.1): shown and asked first
        if (m.subscriptionRemovalEndsContract(app.conn.db, which)) {
          await app.confirmAct(t('member.sub.remove.confirm_last', { member: which.memberNo, date: app.out.date(app.today()) }), opts.yes);
        }
        const r = m.removeSubscription(app.conn, app.actor, { memberNo: String(no), subscriptionId: int(id, 'SUBSCRIPTION-ID'), on: app.today() });
        if (r.contract_ends) app.out.warn(t('termination.orange_lost', { member: r.member_no, date: app.out.date(r.ended_on) }));
        app.out.result(
          r,
          t('member.sub.ended', { id: r.subscription_id, date: app.out.date(r.ended_on) }) +
            (r.contract_ends ? t('member.sub.contract_end_recorded', { date: app.out.date(r.contract_end_recorded_on) }) : ''),
        );
      }),
    );

  const option = group
    .command('option')
    .description(t('member.option.group'))
    .addHelpText('after', '\nExample:\n  $ parnasse member option add 1 concierge_privilege');
  option
    .command('add')
    .description(t('member.option.add.desc'))
    .argument('<no>', t('member.arg.no'))
    .argument('<option>', t('member.arg.option'))
    .option('--qty <n>', t('member.option.opt_qty'), '1')
    .addHelpText('after', '\nExample:\n  $ parnasse member option add 1 concierge_privilege --date 2027-01-01')
    .action(
      wrap(async (app, [no, code], opts) => {
        const m = await load();
        const r = m.addOption(app.conn, app.actor, { memberNo: String(no), option: m.parseOption(String(code)), qty: int(opts.qty, '--qty'), on: app.today() });
        app.out.result(
          r,
          t('member.option.added', {
            option: r.option,
            qty: r.qty > 1 ? ` ×${r.qty}` : '',
            date: app.out.date(r.start_on),
            no: r.member_no,
            amount: app.out.money(r.monthly_ttc_cents),
          }),
        );
      }),
    );
  option
    .command('remove')
    .description(t('member.option.remove.desc'))
    .argument('<no>', t('member.arg.no'))
    .argument('<option>', t('member.arg.option'))
    .addHelpText('after', '\nExample:\n  $ parnasse member option remove 1 concierge_privilege --date 2027-03-12')
    .action(
      wrap(async (app, [no, code]) => {
        const m = await load();
        const r = m.removeOption(app.conn, app.actor, { memberNo: String(no), option: m.parseOption(String(code)), on: app.today() });
        app.out.result(
          r,
          t('member.option.removed', { option: r.option, no: r.member_no, date: app.out.date(r.end_on), requested: app.out.date(r.requested_on) }),
        );
      }),
    );
  option
    .command('cancel')
    .description(t('member.option.cancel.desc'))
    .argument('<no>', t('member.arg.no'))
    .argument('<option>', t('member.arg.option'))
    .addHelpText('after', '\nExample:\n  $ parnasse member option cancel 1 concierge_privilege --date 2027-02-10')
    .action(
      wrap(async (app, [no, code]) => {
        const m = await load();
        const r = m.cancelOption(app.conn, app.actor, { memberNo: String(no), option: m.parseOption(String(code)), on: app.today() });
        app.out.result(
          r,
          r.restored_qty !== null
            ? t('member.option.cancelled_qty', { option: r.option, no: r.member_no, qty: r.restored_qty })
            : t('member.option.cancelled', { option: r.option, no: r.member_no, start: app.out.date(r.start_on) }),
        );
      }),
    );
  option
    .command('set')
    .description(t('member.option.set.desc'))
    .argument('<no>', t('member.arg.no'))
    .argument('<option>', t('member.arg.option'))
    .requiredOption('--qty <n>', t('member.option.opt_qty'))
    .addHelpText('after', '\nExample:\n  $ parnasse member option set 1 extra_mailbox --qty 5 --date 2027-02-10')
    .action(
      wrap(async (app, [no, code], opts) => {
        const m = await load();
        const r = m.setOptionQty(app.conn, app.actor, {
          memberNo: String(no),
          option: m.parseOption(String(code)),
          qty: int(opts.qty, '--qty'),
          on: app.today(),
        });
        app.out.result(
          r,
          r.changed
            ? t('member.option.qty_set', {
                option: r.option,
                no: r.member_no,
                before: r.qty_before,
                qty: r.qty,
                date: app.out.date(r.from),
                amount: app.out.money(r.monthly_ttc_cents),
              })
            : t('member.option.qty_same', { option: r.option, no: r.member_no, qty: r.qty }),
        );
      }),
    );

  const line = group.command('line').description(t('member.line.group')).addHelpText('after', '\nExample:\n  $ parnasse member line add 1 --number 0612345678');
  line
    .command('add')
    .argument('<no>', t('member.arg.no'))
    .requiredOption('--number <phone>', t('member.line.opt_number'))
    .addOption(new Option('--plan <plan>', t('member.line.opt_plan')).choices([...MOBILE_PLANS]).default('orange'))
    .description(t('member.line.add.desc'))
    .addHelpText('after', '\nExample:\n  $ parnasse member line add 1 --number 0612345678 --plan orange')
    .action(
      wrap(async (app, [no], opts) => {
        const m = await load();
        const r = m.addMobileLine(app.conn, app.actor, { memberNo: String(no), number: String(opts.number), plan: String(opts.plan), on: app.today() });
        app.out.result(r, t('member.line.added', { number: r.number, no: r.member_no, count: r.lines }));
      }),
    );
  line
    .command('remove')
    .argument('<no>', t('member.arg.no'))
    .argument('<number>', t('member.arg.number'))
    .description(t('member.line.remove.desc'))
    .addHelpText('after', '\nExample:\n  $ parnasse member line remove 1 0612345678')
    .action(
      wrap(async (app, [no, number]) => {
        const m = await load();
        const r = m.removeMobileLine(app.conn, app.actor, { memberNo: String(no), number: String(number), on: app.today() });
        app.out.result(r, t('member.line.removed', { number: r.number, no: r.member_no }));
      }),
    );

  const device = group
    .command('device')
    .description(t('member.device.group'))
    .addHelpText('after', '\nExample:\n  $ parnasse member device add 1 --label "iPhone Jeanne"');
  device
    .command('add')
    .argument('<no>', t('member.arg.no'))
    .requiredOption('--label <label>', t('member.device.opt_label'))
    .description(t('member.device.add.desc'))
    .addHelpText('after', '\nExample:\n  $ parnasse member device add 1 --label "iPhone Jeanne"')
    .action(
      wrap(async (app, [no], opts) => {
        const m = await load();
        const r = m.addDevice(app.conn, app.actor, { memberNo: String(no), label: String(opts.label), on: app.today() });
        app.out.result(r, t('member.device.added', { id: r.device_id, label: r.label, no: r.member_no, count: r.devices }));
      }),
    );
  device
    .command('remove')
    .argument('<no>', t('member.arg.no'))
    .argument('<device-id>', t('member.arg.device_id'))
    .description(t('member.device.remove.desc'))
    .addHelpText('after', '\nExample:\n  $ parnasse member device remove 1 4')
    .action(
      wrap(async (app, [no, id]) => {
        const m = await load();
        const r = m.removeDevice(app.conn, app.actor, { memberNo: String(no), deviceId: int(id, 'DEVICE-ID'), on: app.today() });
        app.out.result(r, t('member.device.removed', { id: r.device_id }));
      }),
    );

  group
    .command('airbox')
    .description(t('member.airbox.desc'))
    .argument('<no>', t('member.arg.no'))
    .option('--lent <date>', t('member.airbox.opt_lent'))
    .option('--serial <serial>', t('member.airbox.opt_serial'))
    .option('--returned <date>', t('member.airbox.opt_returned'))
    .option('--replaced <date>', t('member.airbox.opt_replaced'))
    .option('--out <serial>', t('member.airbox.opt_out'))
    .option('--reason <text>', t('member.airbox.opt_reason'))
    .option('--misuse', t('member.airbox.opt_misuse'))
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse member airbox 1 --lent 2026-12-15 --serial AB-2231\n  $ parnasse member airbox 1 --replaced 2027-02-10 --serial AB-3001 --reason "no 4G signal after reset"\n  $ parnasse member airbox 1 --returned 2027-06-30',
    )
    .action(
      wrap(async (app, [no], opts) => {
        const m = await load();
        if ([opts.lent, opts.returned, opts.replaced].filter((x) => x !== undefined).length !== 1) throw new UsageError(t('member.airbox.either'));
        if (opts.replaced !== undefined) {
          if (opts.serial === undefined) throw new UsageError(t('member.airbox.missing_serial'));
          const reason = opts.reason === undefined ? '' : String(opts.reason).trim();
          if (reason === '') throw new UsageError(t('member.airbox.missing_reason'));
          const x = m.replaceAirbox(app.conn, app.actor, {
            memberNo: String(no),
            serialIn: String(opts.serial),
            serialOut: opts.out === undefined ? null : String(opts.out),
            on: date(opts.replaced, '--replaced'),
            reason,
            misuse: !!opts.misuse,
          });
          app.out.result(x, () => t('member.airbox.replaced', { out: x.serial_out, in: x.serial_in, date: app.out.date(x.replaced_on), article: x.article }));
          return;
        }
        const r =
          opts.lent !== undefined
            ? m.lendAirbox(app.conn, app.actor, {
                memberNo: String(no),
                serial:
                  opts.serial === undefined
                    ? (() => {
                        throw new UsageError(t('member.airbox.missing_serial'));
                      })()
                    : String(opts.serial),
                lentOn: date(opts.lent, '--lent'),
              })
            : m.returnAirbox(app.conn, app.actor, { memberNo: String(no), returnedOn: date(opts.returned, '--returned') });
        app.out.result(
          r,
          r.returned_on
            ? t('member.airbox.returned', { serial: r.serial, date: app.out.date(r.returned_on) })
            : t('member.airbox.lent', { serial: r.serial, date: app.out.date(r.lent_on) }),
        );
      }),
    );

  group
    .command('honorary')
    .description(t('member.honorary.desc'))
    .argument('<no>', t('member.arg.no'))
    .addHelpText('after', '\nExample:\n  $ parnasse member honorary 12')
    .action(
      wrap(async (app, [no]) => {
        const m = await load();
        const r = m.makeHonorary(app.conn, app.actor, String(no), app.today());
        app.out.result(r, t('member.honorary.done', { no: r.member_no }));
      }),
    );

  group
    .command('export')
    .description(t('member.export.desc'))
    .argument('<no>', t('member.arg.no'))
    .addHelpText('after', '\nExample:\n  $ parnasse member export 1 > member-1.json')
    .action(
      wrap(async (app, [no]) => {
        const m = await load();
        const r = m.exportMember(app.conn.db, String(no));
        // portability: the export is JSON whatever the output mode
        app.out.result(r, () => JSON.stringify(r, null, 2));
      }),
    );

  csvImportCommand(group, t('member.import.desc'))
    .addHelpText(
      'after',
      `
${t('member.import.columns')}

Example:
  $ parnasse member import fixtures/members.csv --dry-run`,
    )
    .action(
      wrap(async (app, [file], opts) => {
        const m = await import('../../membership/import.js');
        const r = await m.importMembers(app.conn, app.actor, String(file), {
          dryRun: !!opts.dryRun,
          on: app.today(),
          delimiter: opts.delimiter,
          encoding: opts.encoding,
        });
        app.out.result(
          r,
          t(opts.dryRun ? 'member.import.dry_run' : 'member.import.done', { inserted: r.inserted, unchanged: r.unchanged, next: r.next_member_no }),
        );
      }),
    );
}
