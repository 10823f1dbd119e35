import { Option, type Command } from 'commander';
import type { Wrap } from '../main.js';
import { csvImportCommand } from '../csv-import.js';
import { UsageError } from '../../errors.js';
import { listFlags } from '../output.js';
import { MEMBER_STATUSES } from '../../rules/enums.js';
import { MOBILE_PLANS } from '../../rules/membership.js';
import { dateArg as date, wholeNumberArg as int } from '../args.js';

const load = () => import('../../membership/members.js');

export function registerMember(program: Command, wrap: Wrap): void {
  const group = program
    .command('member')
    .description('members: record, delegate, addresses, subscriptions, options, lines, Airbox, devices')
    .addHelpText('after', '\nExample:\n  $ parnasse member list --status active --zone paris\n  $ parnasse --json member show 1');

  listFlags(group.command('list'))
    .description('members, by number')
    .addOption(new Option('--status <status>', 'only this status').choices([...MEMBER_STATUSES]))
    .option('--zone <zone>', 'only members whose main address is in this zone (e.g. paris)')
    .addHelpText('after', '\nExample:\n  $ parnasse member list --status pending')
    .action(
      wrap(async (app, _a, opts) => {
        const m = await load();
        const rows = m.iterateMembers(app.conn.db, { status: opts.status as string | undefined, zone: opts.zone as string | undefined });
        await app.out.list(
          rows,
          [
            { header: 'no', value: (r) => r.member_no, align: 'right', width: 6 },
            { header: 'name', value: (r) => r.name, min: 12 },
            { header: 'company', value: (r) => r.company_name, min: 10, drop: 2 },
            { header: 'kind', value: (r) => r.kind, drop: 3 },
            { header: 'status', value: (r) => r.status + (r.honorary ? ' (honorary)' : '') },
            { header: 'zone', value: (r) => r.zone, drop: 1 },
            { header: 'since', value: (r) => r.contract_start, drop: 4 },
          ],
          { empty: 'No member.' },
        );
      }),
    );

  group
    .command('show')
    .description('one member and its current services')
    .argument('<no>', 'member number')
    .addHelpText('after', '\nExample:\n  $ parnasse --json member show 1')
    .action(
      wrap(async (app, [no]) => {
        const m = await load();
        const s = m.showMember(app.conn.db, String(no));
        app.out.result(s, () => {
          const o = app.out;
          const addr = (a: NonNullable<typeof s.main_address>) =>
            `#${a.id} ${a.street}, ${a.postal_code} ${a.city} (zone ${a.zone ?? 'not covered'}), subscriptions: ${a.subscriptions.map((x) => `#${x.id}`).join(' ') || 'none'}`;
          return o.fields([
            ['member', `${s.member_no} ${s.first_name} ${s.last_name}${s.company_name ? `, ${s.company_name}` : ''} (${s.kind})`],
            ['status', s.status + (s.honorary ? ', honorary' : '')],
            ['contract start', s.contract_start],
            ['entry fee paid', s.entry_fee_paid_on],
            ['contract end', s.contract_end_recorded_on ? `recorded ${s.contract_end_recorded_on} (art. 10.1)` : null],
            ['email', s.email],
            ['phone', s.phone],
            ['welcome gift', s.welcome_gift],
            ['main address', s.main_address ? addr(s.main_address) : null],
            ...s.extra_sites.map((a, i): [string, string] => [`extra site ${i + 1}`, addr(a)]),
            ['delegate', s.delegate ? `${s.delegate.name} ${s.delegate.phone ?? ''} since ${s.delegate.started_on}` : null],
            ['options', s.options.map((x) => `${x.option}${x.qty > 1 ? `×${x.qty}` : ''} from ${x.start_on}${x.end_on ? ` to ${x.end_on}` : ''}`).join(', ')],
            ['mobile lines', s.mobile_lines.map((l) => `${l.number} (${l.plan})`).join(', ')],
            ['airbox', s.airbox ? `${s.airbox.serial}, lent ${s.airbox.lent_on}` : null],
            ['devices', s.protected_devices.length ? `${s.protected_devices.length}/20: ${s.protected_devices.map((d) => `#${d.id} ${d.label}`).join(', ')}` : null],
          ]);
        });
      }),
    );

  group
    .command('delegate')
    .description('sets the one delegate (a replacement needs the date of the written notice), or removes it')
    .argument('<no>', 'member number')
    .option('--name <name>', "the delegate's full name")
    .option('--phone <phone>', "the delegate's phone")
    .option('--notified-on <date>', 'date of the written notice to the Desk (required to replace a delegate)')
    .option('--remove', 'removes the current delegate')
    .addHelpText('after', '\nExample:\n  $ parnasse member delegate 1 --name "Claire Petit" --phone 0612345678 --notified-on 2027-01-04 --date 2027-01-06')
    .action(
      wrap(async (app, [no], opts) => {
        const m = await load();
        const on = app.today();
        if (opts.remove) {
          if (opts.name) throw new UsageError('--remove and --name are exclusive');
          const r = m.removeDelegate(app.conn, app.actor, String(no), on);
          app.out.result(r, `Delegate ${r.removed} removed from member ${r.member_no}.`);
          return;
        }
        const name = await app.ask(opts.name as string | undefined, '--name', "Delegate's full name");
        const notifiedOn = opts.notifiedOn === undefined ? null : date(opts.notifiedOn, '--notified-on');
        const r = m.setDelegate(app.conn, app.actor, { memberNo: String(no), name, phone: (opts.phone as string | undefined) ?? null, notifiedOn, on });
        app.out.result(r, r.replaced ? `Delegate of member ${r.member_no}: ${r.delegate} (replaces ${r.replaced}, notice of ${r.notified_on}).` : `Delegate of member ${r.member_no}: ${r.delegate}.`);
      }),
    );

  const address = group.command('address').description('extra sites (option "Site supplémentaire", ≤ 5, art. 5.11)').addHelpText('after', '\nExample:\n  $ parnasse member address add 1 --street "3 quai Rambaud" --postal-code 69002 --city Lyon');
  address
    .command('add')
    .description('adds an extra site with its Orange subscriptions (billed monthly)')
    .argument('<no>', 'member number')
    .requiredOption('--street <street>', 'street')
    .requiredOption('--postal-code <code>', 'postal code')
    .requiredOption('--city <city>', 'city')
    .option('--department <dep>', 'département (must agree with the postal code)')
    .addOption(new Option('--technology <tech>', 'line technology').choices(['fibre', 'vdsl', 'adsl']))
    .option('--subscriptions <n>', 'Orange internet subscriptions at the address (1 or 2)', '1')
    .addHelpText('after', '\nExample:\n  $ parnasse member address add 1 --street "3 quai Rambaud" --postal-code 69002 --city Lyon --date 2027-01-10')
    .action(
      wrap(async (app, [no], opts) => {
        const m = await load();
        const r = m.addExtraSite(app.conn, app.actor, {
          memberNo: String(no),
          street: String(opts.street),
          postalCode: String(opts.postalCode),
          city: String(opts.city),
          department: (opts.department as string | undefined) ?? null,
          lineTechnology: (opts.technology as string | undefined) ?? null,
          subscriptions: int(opts.subscriptions, '--subscriptions'),
          on: app.today(),
        });
        if (!r.zone) app.out.warn(`the address (département ${r.department}) is outside the coverage zone: no on-site intervention there`);
        app.out.result(r, `Extra site #${r.address_id} added to member ${r.member_no} (${r.extra_sites}/5), ${app.out.money(r.monthly_ttc_cents)} TTC a month.`);
      }),
    );
  address
    .command('remove')
    .description('removes an extra site (billed through the month of the request)')
    .argument('<no>', 'member number')
    .argument('<address-id>', 'address id (see member show)')
    .addHelpText('after', '\nExample:\n  $ parnasse member address remove 1 7 --date 2027-03-02')
    .action(
      wrap(async (app, [no, id]) => {
        const m = await load();
        const r = m.removeExtraSite(app.conn, app.actor, { memberNo: String(no), addressId: int(id, 'ADDRESS-ID'), on: app.today() });
        app.out.result(r, `Extra site #${r.address_id} removed on ${r.removed_on}; billed until ${r.billed_until}.`);
      }),
    );

  const sub = group.command('subscription').description('Orange internet subscriptions, 1–2 per address (art. 3.4)').addHelpText('after', '\nExample:\n  $ parnasse member subscription add 1');
  sub
    .command('add')
    .description('adds an Orange subscription (main address unless --address)')
    .argument('<no>', 'member number')
    .option('--address <id>', 'address id (default: the main address)')
    .option('--label <label>', 'a label (e.g. the Orange contract number)')
    .addHelpText('after', '\nExample:\n  $ parnasse member subscription add 1 --label "Livebox bureau"')
    .action(
      wrap(async (app, [no], opts) => {
        const m = await load();
        const r = m.addSubscription(app.conn, app.actor, {
          memberNo: String(no),
          addressId: opts.address === undefined ? undefined : int(opts.address, '--address'),
          label: (opts.label as string | undefined) ?? null,
          on: app.today(),
        });
        app.out.result(r, `Subscription #${r.subscription_id} added at address #${r.address_id} (${r.subscriptions_at_address}/2).`);
      }),
    );
  sub
    .command('remove')
    .description('ends an Orange subscription; the last one of the main address ends the contract (art. 10.1)')
    .argument('<no>', 'member number')
    .argument('<subscription-id>', 'subscription id (see member show)')
    .addHelpText('after', '\nExample:\n  $ parnasse member subscription remove 1 2 --date 2027-02-01')
    .action(
      wrap(async (app, [no, id]) => {
        const m = await load();
        const r = m.removeSubscription(app.conn, app.actor, { memberNo: String(no), subscriptionId: int(id, 'SUBSCRIPTION-ID'), on: app.today() });
        if (r.contract_ends) app.out.warn(`member ${r.member_no} has no Orange subscription left: the contract ends on ${r.ended_on} (art. 10.1); run the termination to complete it`);
        app.out.result(r, `Subscription #${r.subscription_id} ended on ${r.ended_on}.${r.contract_ends ? ` Contract end recorded on ${r.contract_end_recorded_on} (art. 10.1).` : ''}`);
      }),
    );

  const option = group.command('option').description('options (annex 1): extra_mailbox, mailbox_pack_5, mailbox_pack_10, concierge_privilege, office_assistance, bitdefender, mail').addHelpText('after', '\nExample:\n  $ parnasse member option add 1 concierge_privilege');
  option
    .command('add')
    .description('starts an option on the date')
    .argument('<no>', 'member number')
    .argument('<option>', 'option code')
    .option('--qty <n>', 'quantity (mailboxes)', '1')
    .addHelpText('after', '\nExample:\n  $ parnasse member option add 1 concierge_privilege --date 2027-01-01')
    .action(
      wrap(async (app, [no, code], opts) => {
        const m = await load();
        const r = m.addOption(app.conn, app.actor, { memberNo: String(no), option: m.parseOption(String(code)), qty: int(opts.qty, '--qty'), on: app.today() });
        app.out.result(r, `Option ${r.option}${r.qty > 1 ? ` ×${r.qty}` : ''} from ${r.start_on} for member ${r.member_no} (${app.out.money(r.monthly_ttc_cents)} TTC a month).`);
      }),
    );
  option
    .command('remove')
    .description('ends an option at the member’s request (billed through the month of the request)')
    .argument('<no>', 'member number')
    .argument('<option>', 'option code')
    .addHelpText('after', '\nExample:\n  $ parnasse member option remove 1 concierge_privilege --date 2027-03-12')
    .action(
      wrap(async (app, [no, code]) => {
        const m = await load();
        const r = m.removeOption(app.conn, app.actor, { memberNo: String(no), option: m.parseOption(String(code)), on: app.today() });
        app.out.result(r, `Option ${r.option} of member ${r.member_no} ends on ${r.end_on} (requested ${r.requested_on}).`);
      }),
    );

  const line = group.command('line').description('mobile lines declared for Orange VIP (≤ 5; Sosh, Mobicarte, locked plans excluded, art. 5.6)').addHelpText('after', '\nExample:\n  $ parnasse member line add 1 --number 0612345678');
  line
    .command('add')
    .argument('<no>', 'member number')
    .requiredOption('--number <phone>', 'the mobile number')
    .addOption(new Option('--plan <plan>', 'plan type').choices([...MOBILE_PLANS]).default('orange'))
    .description('declares a mobile line')
    .addHelpText('after', '\nExample:\n  $ parnasse member line add 1 --number 0612345678 --plan orange')
    .action(
      wrap(async (app, [no], opts) => {
        const m = await load();
        const r = m.addMobileLine(app.conn, app.actor, { memberNo: String(no), number: String(opts.number), plan: String(opts.plan), on: app.today() });
        app.out.result(r, `Line ${r.number} declared for member ${r.member_no} (${r.lines}/5).`);
      }),
    );
  line
    .command('remove')
    .argument('<no>', 'member number')
    .argument('<number>', 'the mobile number')
    .description('removes a declared mobile line')
    .addHelpText('after', '\nExample:\n  $ parnasse member line remove 1 0612345678')
    .action(
      wrap(async (app, [no, number]) => {
        const m = await load();
        const r = m.removeMobileLine(app.conn, app.actor, { memberNo: String(no), number: String(number), on: app.today() });
        app.out.result(r, `Line ${r.number} removed from member ${r.member_no}.`);
      }),
    );

  const device = group.command('device').description('devices protected by Bitdefender (≤ 20, art. 5.3)').addHelpText('after', '\nExample:\n  $ parnasse member device add 1 --label "iPhone Jeanne"');
  device
    .command('add')
    .argument('<no>', 'member number')
    .requiredOption('--label <label>', 'the device, e.g. "MacBook Pro bureau"')
    .description('designates a device (needs the bitdefender option)')
    .addHelpText('after', '\nExample:\n  $ parnasse member device add 1 --label "iPhone Jeanne"')
    .action(
      wrap(async (app, [no], opts) => {
        const m = await load();
        const r = m.addDevice(app.conn, app.actor, { memberNo: String(no), label: String(opts.label), on: app.today() });
        app.out.result(r, `Device #${r.device_id} ${r.label} protected for member ${r.member_no} (${r.devices}/20).`);
      }),
    );
  device
    .command('remove')
    .argument('<no>', 'member number')
    .argument('<device-id>', 'device id (see member show)')
    .description('removes a designated device')
    .addHelpText('after', '\nExample:\n  $ parnasse member device remove 1 4')
    .action(
      wrap(async (app, [no, id]) => {
        const m = await load();
        const r = m.removeDevice(app.conn, app.actor, { memberNo: String(no), deviceId: int(id, 'DEVICE-ID'), on: app.today() });
        app.out.result(r, `Device #${r.device_id} removed.`);
      }),
    );

  group
    .command('airbox')
    .description('the Airbox 4G: lent at the entry appointment, returned on termination (art. 5.5)')
    .argument('<no>', 'member number')
    .option('--lent <date>', 'date lent')
    .option('--serial <serial>', 'serial number (with --lent)')
    .option('--returned <date>', 'date returned')
    .addHelpText('after', '\nExample:\n  $ parnasse member airbox 1 --lent 2026-12-15 --serial AB-2231\n  $ parnasse member airbox 1 --returned 2027-06-30')
    .action(
      wrap(async (app, [no], opts) => {
        const m = await load();
        if ((opts.lent === undefined) === (opts.returned === undefined)) throw new UsageError('say either --lent D --serial S or --returned D');
        const r =
          opts.lent !== undefined
            ? m.lendAirbox(app.conn, app.actor, {
                memberNo: String(no),
                serial: opts.serial === undefined ? (() => { throw new UsageError('missing --serial S'); })() : String(opts.serial),
                lentOn: date(opts.lent, '--lent'),
              })
            : m.returnAirbox(app.conn, app.actor, { memberNo: String(no), returnedOn: date(opts.returned, '--returned') });
        app.out.result(r, r.returned_on ? `Airbox ${r.serial} returned on ${r.returned_on}.` : `Airbox ${r.serial} lent on ${r.lent_on}.`);
      }),
    );

  group
    .command('honorary')
    .description('makes a terminated member honorary (never under a recovery procedure): may rejoin without entry fee')
    .argument('<no>', 'member number')
    .addHelpText('after', '\nExample:\n  $ parnasse member honorary 12')
    .action(
      wrap(async (app, [no]) => {
        const m = await load();
        const r = m.makeHonorary(app.conn, app.actor, String(no), app.today());
        app.out.result(r, `Member ${r.member_no} is now honorary.`);
      }),
    );

  group
    .command('export')
    .description('everything held about a member, as JSON (portability, annex 5)')
    .argument('<no>', 'member number')
    .addHelpText('after', '\nExample:\n  $ parnasse member export 1 > member-1.json')
    .action(
      wrap(async (app, [no]) => {
        const m = await load();
        const r = m.exportMember(app.conn.db, String(no));
        // portability: the export is JSON whatever the output mode
        app.out.result(r, () => JSON.stringify(r, null, 2));
      }),
    );

  csvImportCommand(group, 'brings members over from a previous system (CSV, all or nothing; numbers kept)')
    .addHelpText(
      'after',
      `
Columns (order free): member_no, kind, first_name, last_name, email, phone, street, postal_code, city,
department, company_name, company_siren, contract_start, status (active|suspended), orange_subscriptions,
line_technology, iban, delegate_name, options (name[:qty] separated by |).
May be empty or left out: phone, department, company_name, company_siren (both required for a company), iban,
delegate_name, options. A bad row anywhere rejects the whole file (exit 4).

Example:
  $ parnasse member import fixtures/members.csv --dry-run`,
    )
    .action(
      wrap(async (app, [file], opts) => {
        const m = await import('../../membership/import.js');
        const r = await m.importMembers(app.conn, app.actor, String(file), {
          dryRun: !!opts.dryRun,
          on: app.today(),
          delimiter: opts.delimiter as 'auto' | ',' | ';',
          encoding: opts.encoding as 'auto' | 'utf8' | 'latin1',
        });
        app.out.result(r, `${opts.dryRun ? 'Dry run: would import' : 'Imported'} ${r.inserted} member(s), ${r.unchanged} unchanged; next member number ${r.next_member_no}.`);
      }),
    );
}
