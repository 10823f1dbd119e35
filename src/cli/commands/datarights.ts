import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../app.js';
import { dateArg as date, enumArg, eurosArg, wholeNumberArg as int } from '../args.js';
import { DATA_RIGHT_ANSWERS, DATA_RIGHTS, PAYMENT_METHODS } from '../../rules/enums.js';
import { fmtEnum } from '../../i18n/format.js';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** `member cap`, `member complaint add|list|close`, `member purge` (art. 11.1, 13, annex 5), under the `member` group. */
export function registerDataRights(member: CommandUnknownOpts, wrap: Wrap): void {
  member
    .command('cap')
    .description(t('dataRights.help.cap'))
    .argument('<no>', t('help.datarights.member_number'))
    .option('--incident <date>', t('dataRights.help.incident'), collect)
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse member cap 12 --incident 2027-07-15\n  $ parnasse --json member cap 12 --incident 2027-07-15 --incident 2027-11-30',
    )
    .action(
      wrap(async (app, [no], opts) => {
        const list = opts.incident ?? [];
        if (list.length === 0) throw new UsageError(t('common.missing_flag_no_prompt', { flag: '--incident' }));
        const dates = list.map((d) => date(d, '--incident'));
        const { liabilityCap } = await import('../../liability/index.js');
        const r = liabilityCap(app.conn.db, String(no), dates[0]!, dates.slice(1), app.today());
        app.out.result(r, () =>
          app.out.wrap(
            [
              t('dataRights.cap.incident', {
                date: r.incident_on,
                amount: app.out.money(r.incident_cap_cents),
                from: r.incident_window.from,
                to: r.incident_window.to,
              }),
              t('dataRights.cap.annual', {
                year: r.year,
                amount: app.out.money(r.annual_cap_cents),
                from: r.annual_window.from,
                to: r.annual_window.to,
                last: r.last_incident_on,
              }),
              t('damages.cap.left', {
                incident_paid: app.out.money(r.incident_paid_cents),
                incident_left: app.out.money(r.incident_left_cents),
                year: r.year,
                year_paid: app.out.money(r.year_paid_cents),
                annual_left: app.out.money(r.annual_left_cents),
              }),
            ].join('\n'),
          ),
        );
      }),
    );

  const damages = member
    .command('damages')
    .description(t('damages.help.group'))
    .addHelpText('after', '\nExample:\n  $ parnasse member damages add 12 --amount 200 --incident 2027-07-15 --reason "Panne non réparée"');
  damages
    .command('add')
    .description(t('damages.help.add'))
    .argument('<no>', t('help.datarights.member_number'))
    .requiredOption('--amount <euros>', t('damages.help.amount'))
    .requiredOption('--incident <date>', t('damages.help.incident'))
    .option('--reason <text>', t('damages.help.reason'))
    .addOption(new Option('--method <method>', t('damages.help.method')).choices([...PAYMENT_METHODS]).default('transfer'))
    .addHelpText('after', '\nExample:\n  $ parnasse member damages add 12 --amount 200 --incident 2027-07-15 --reason "Panne non réparée" --date 2027-08-01')
    .action(
      wrap(async (app, [no], opts) => {
        const { recordDamages } = await import('../../liability/index.js');
        const reason = await app.ask(opts.reason, '--reason', t('damages.help.reason'));
        const r = recordDamages(app.conn, app.actor, {
          memberNo: String(no),
          amountCents: eurosArg(opts.amount, '--amount'),
          incidentOn: date(opts.incident, '--incident'),
          reason,
          method: opts.method,
          on: app.today(),
        });
        app.out.result(
          r,
          t('damages.paid', {
            amount: app.out.money(r.amount_cents),
            member: r.member_no,
            date: r.paid_on,
            incident: r.incident_on,
            incident_left: app.out.money(r.incident_left_cents),
            annual_left: app.out.money(r.annual_left_cents),
            year: r.paid_on.slice(0, 4),
          }),
        );
      }),
    );
  damages
    .command('list')
    .description(t('damages.help.list'))
    .argument('[no]', t('help.datarights.member_number'))
    .addHelpText('after', '\nExample:\n  $ parnasse member damages list 12')
    .action(
      wrap(async (app, [no]) => {
        const { listDamages } = await import('../../liability/index.js');
        const rows = listDamages(app.conn.db, { memberNo: no === undefined ? undefined : String(no), on: app.today() });
        app.out.result(rows, () =>
          rows.length === 0
            ? t('damages.empty')
            : app.out.table(rows, [
                { header: t('dataRights.head.id'), value: (r) => r.id, align: 'right' },
                { header: t('dataRights.head.member'), value: (r) => r.member_no, align: 'right' },
                { header: t('damages.head.paid_on'), value: (r) => r.paid_on },
                { header: t('damages.head.incident'), value: (r) => r.incident_on },
                { header: t('damages.head.amount'), value: (r) => app.out.money(r.amount_cents), align: 'right' },
                { header: t('damages.head.reason'), value: (r) => r.reason, wrap: true },
              ]),
        );
      }),
    );

  const complaint = member
    .command('complaint')
    .description(t('dataRights.help.complaint'))
    .addHelpText('after', '\nExample:\n  $ parnasse member complaint list --overdue');
  complaint
    .command('add')
    .description(t('dataRights.help.complaint_add'))
    .argument('<no>', t('help.datarights.member_number'))
    .option('--subject <text>', t('dataRights.help.subject'))
    .option('--received <date>', t('dataRights.help.received'))
    .addHelpText('after', '\nExample:\n  $ parnasse member complaint add 12 --subject "Visite du 3 mars non effectuée" --received 2027-03-05')
    .action(
      wrap(async (app, [no], opts) => {
        const m = await import('../../complaints/index.js');
        const subject = await app.ask(opts.subject, '--subject', t('dataRights.help.subject'));
        const on = app.today();
        const r = m.addComplaint(app.conn, app.actor, {
          memberNo: String(no),
          subject,
          receivedOn: opts.received === undefined ? on : date(opts.received, '--received'),
          on,
        });
        app.out.result(r, t('dataRights.complaint.added', { id: r.id, member: r.member_no, date: r.received_on, due: r.due_on }));
      }),
    );
  complaint
    .command('list')
    .description(t('dataRights.help.complaint_list'))
    .argument('[no]', t('help.datarights.member_number'))
    .option('--overdue', t('dataRights.help.overdue'))
    .option('--open', t('dataRights.help.open'))
    .addHelpText('after', '\nExample:\n  $ parnasse member complaint list --overdue --date 2027-04-10')
    .action(
      wrap(async (app, [no], opts) => {
        const m = await import('../../complaints/index.js');
        const rows = m.listComplaints(app.conn.db, {
          memberNo: no === undefined ? undefined : String(no),
          overdue: !!opts.overdue,
          open: !!opts.open,
          on: app.today(),
        });
        app.out.result(rows, () =>
          rows.length === 0
            ? t('dataRights.complaint.empty')
            : app.out.table(rows, [
                { header: t('dataRights.head.id'), value: (r) => r.id, align: 'right' },
                { header: t('dataRights.head.member'), value: (r) => r.member_no, align: 'right' },
                { header: t('dataRights.head.received'), value: (r) => r.received_on },
                { header: t('dataRights.head.due'), value: (r) => r.due_on },
                {
                  header: t('dataRights.head.state'),
                  value: (r) =>
                    r.closed_on
                      ? t('dataRights.complaint.answered', { date: r.closed_on })
                      : r.overdue
                        ? t('dataRights.complaint.overdue')
                        : t('dataRights.complaint.open'),
                },
                { header: t('dataRights.head.subject'), value: (r) => (r.subject.length > 60 ? `${r.subject.slice(0, 59)}…` : r.subject), wrap: true },
              ]),
        );
      }),
    );
  complaint
    .command('close')
    .description(t('dataRights.help.complaint_close'))
    .argument('<id>', t('help.datarights.complaint_id'))
    .option('--answer <text>', t('dataRights.help.answer'))
    .addHelpText('after', '\nExample:\n  $ parnasse member complaint close 3 --answer "Visite reprogrammée le 12 mars" --date 2027-03-08')
    .action(
      wrap(async (app, [id], opts) => {
        const m = await import('../../complaints/index.js');
        const r = m.closeComplaint(app.conn, app.actor, { id: int(id, 'ID'), on: app.today(), answer: opts.answer ?? null });
        app.out.result(r, t('dataRights.complaint.closed_done', { id: r.id, date: r.closed_on }));
      }),
    );

  const rights = member.command('rights').description(t('dataRights.help.rights')).addHelpText('after', '\nExample:\n  $ parnasse member rights list --late');
  rights
    .command('add')
    .description(t('dataRights.help.rights_add'))
    .argument('<no>', t('help.datarights.member_number'))
    .requiredOption('--kind <right>', t('dataRights.help.rights_kind'))
    .option('--received <date>', t('dataRights.help.rights_received'))
    .option('--details <text>', t('dataRights.help.rights_details'))
    .addHelpText('after', '\nExample:\n  $ parnasse member rights add 12 --kind access --received 2027-03-15 --details "copie de mes données"')
    .action(
      wrap(async (app, [no], opts) => {
        const m = await import('../../complaints/rights.js');
        const on = app.today();
        const r = m.addRightsRequest(app.conn, app.actor, {
          memberNo: String(no),
          kind: enumArg(opts.kind, '--kind', 'right', DATA_RIGHTS),
          receivedOn: opts.received === undefined ? on : date(opts.received, '--received'),
          details: opts.details === undefined || String(opts.details).trim() === '' ? null : String(opts.details).trim(),
          on,
        });
        app.out.result(r, () =>
          t('dataRights.rights.added', {
            id: r.id,
            kind: fmtEnum('data_right', r.kind),
            member: r.member_no,
            date: app.out.date(r.received_on),
            due: app.out.date(r.due_on),
          }),
        );
      }),
    );
  rights
    .command('list')
    .description(t('dataRights.help.rights_list'))
    .argument('[no]', t('help.datarights.member_number'))
    .option('--late', t('dataRights.help.rights_late'))
    .option('--all', t('dataRights.help.rights_all'))
    .addHelpText('after', '\nExample:\n  $ parnasse member rights list --late --date 2027-04-20')
    .action(
      wrap(async (app, [no], opts) => {
        const m = await import('../../complaints/rights.js');
        const rows = m.listRightsRequests(app.conn.db, {
          memberNo: no === undefined ? undefined : String(no),
          late: !!opts.late,
          all: !!opts.all,
          on: app.today(),
        });
        app.out.result(rows, () =>
          rows.length === 0
            ? t('dataRights.rights.empty')
            : app.out.table(rows, [
                { header: t('dataRights.head.id'), value: (r) => r.id, align: 'right' },
                { header: t('dataRights.head.member'), value: (r) => r.member_no, align: 'right' },
                { header: t('dataRights.head.kind'), value: (r) => fmtEnum('data_right', r.kind) },
                { header: t('dataRights.head.received'), value: (r) => app.out.date(r.received_on) },
                { header: t('dataRights.head.due'), value: (r) => app.out.date(r.due_on) },
                {
                  header: t('dataRights.head.state'),
                  value: (r) =>
                    r.answered_on
                      ? t('dataRights.complaint.answered', { date: app.out.date(r.answered_on) })
                      : r.late
                        ? t('dataRights.complaint.overdue')
                        : t('dataRights.complaint.open'),
                },
                { header: t('dataRights.head.answer'), value: (r) => (r.action ? fmtEnum('data_right_answer', r.action) : ''), wrap: true },
              ]),
        );
      }),
    );
  rights
    .command('answer')
    .description(t('dataRights.help.rights_answer'))
    .argument('<id>', t('dataRights.help.request_id'))
    .requiredOption('--action <answer>', t('dataRights.help.rights_action'))
    .option('--note <text>', t('dataRights.help.rights_note'))
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse member rights answer 3 --action export --note "export JSON envoyé par courriel" --date 2027-03-20\n  $ parnasse member rights answer 4 --action edit --date 2027-03-22',
    )
    .action(
      wrap(async (app, [id], opts) => {
        const m = await import('../../complaints/rights.js');
        const note = opts.note === undefined || String(opts.note).trim() === '' ? null : String(opts.note).trim();
        const r = m.answerRightsRequest(app.conn, app.actor, {
          id: int(id, 'ID'),
          action: enumArg(opts.action, '--action', 'answer', DATA_RIGHT_ANSWERS),
          note,
          on: app.today(),
        });
        app.out.result(r, () =>
          [
            t(r.late ? 'dataRights.rights.answered_late' : 'dataRights.rights.answered', {
              id: r.id,
              kind: fmtEnum('data_right', r.kind),
              date: app.out.date(r.answered_on),
              due: app.out.date(r.due_on),
              action: fmtEnum('data_right_answer', r.action),
            }),
            ...(r.linked_audit_id !== null ? [t('dataRights.rights.linked', { id: r.linked_audit_id })] : []),
            ...(r.command && r.action !== 'edit' ? [t('dataRights.rights.run', { command: r.command })] : []),
          ].join('\n'),
        );
      }),
    );

  member
    .command('purge')
    .description(t('dataRights.help.purge'))
    .option('--dry-run', t('dataRights.help.dry_run'))
    .option('--yes', t('dataRights.help.yes'))
    .addHelpText('after', '\nExample:\n  $ parnasse member purge --dry-run --date 2030-04-01\n  $ parnasse member purge --date 2030-04-01 --yes')
    .action(
      wrap(async (app, _a, opts) => {
        const m = await import('../../purge/index.js');
        const on = app.today();
        const plan = m.purgePlan(app.conn.db, on);
        const lines = (items: typeof plan) =>
          items
            .map((p) =>
              t('dataRights.purge.plan', {
                member: p.member_no,
                name: p.name,
                ended: p.ended_on,
                rows: p.records_total,
                audit: p.audit_entries,
                invoices: p.invoices_kept,
              }),
            )
            .join('\n');
        if (plan.length === 0 || opts.dryRun) {
          app.out.result({ date: on, dry_run: !!opts.dryRun, members: plan }, () =>
            plan.length === 0 ? t('dataRights.purge.none', { date: on }) : `${lines(plan)}\n${t('dataRights.purge.dry')}`,
          );
          return;
        }
        if (!opts.yes && !app.globals.yes && app.canPrompt) app.out.print(lines(plan));
        const ok = await app.confirm(t('dataRights.purge.confirm', { count: plan.length }), opts.yes);
        if (!ok) throw new UsageError(t('common.cancelled'));
        const done = m.purgeMembers(app.conn, app.actor, on);
        app.out.result({ date: on, dry_run: false, members: done }, () => `${lines(done)}\n${t('dataRights.purge.done', { count: done.length, date: on })}`);
      }),
    );
}
