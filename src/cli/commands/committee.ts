import { Option, type Command } from 'commander';
import type { Wrap } from '../main.js';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { listFlags } from '../output.js';

export function registerCommittee(program: Command, wrap: Wrap): void {
  const group = program
    .command('committee')
    .description('the selection committee (art. 3.3): agenda, decisions, confirmation calls')
    .addHelpText('after', '\nExample:\n  $ parnasse committee agenda --date 2026-12-01\n  $ parnasse committee decide C-0042 --accept --date 2026-12-03\n  $ parnasse committee notify C-0042 --date 2026-12-10');

  listFlags(group.command('agenda'))
    .description('ready candidacies on the date, oldest deadline first (deadline = applied_on + 7 days), overdue flagged')
    .addHelpText('after', '\nExample:\n  $ parnasse committee agenda --date 2026-12-01')
    .action(
      wrap(async (app) => {
        const m = await import('../../committee/index.js');
        const on = app.today();
        const c = app.out.color;
        await app.out.list(
          m.iterateAgenda(app.conn.db, on),
          [
            { header: 'ref', value: (i) => i.ref },
            { header: 'name', value: (i) => i.name, min: 12 },
            { header: 'company', value: (i) => i.company_name, min: 10, drop: 3 },
            { header: 'zone', value: (i) => i.zone, drop: 2 },
            { header: 'applied', value: (i) => i.applied_on, drop: 4 },
            { header: 'deadline', value: (i) => (i.overdue ? c.red(`${i.deadline} OVERDUE`) : i.deadline) },
            { header: 'sponsor', value: (i) => (i.invited_by_parnasse ? 'invited' : i.sponsor_member_no), drop: 1 },
          ],
          { empty: `No ready candidacy on ${on}.` },
        );
      }),
    );

  group
    .command('decide')
    .description('accept or reject a candidacy on the date (a reason is optional; accepting needs a ready candidacy)')
    .argument('<ref>', 'candidacy reference')
    .addOption(new Option('--accept', 'accept the candidacy').conflicts('reject'))
    .addOption(new Option('--reject', 'reject the candidacy (no reason needed)').conflicts('accept'))
    .option('--reason <text>', 'a reason to record (optional)')
    .addHelpText('after', '\nExample:\n  $ parnasse committee decide C-0042 --accept --date 2026-12-03\n  $ parnasse committee decide C-0043 --reject')
    .action(
      wrap(async (app, [ref], opts) => {
        if (!opts.accept && !opts.reject) throw new UsageError('say --accept or --reject');
        const m = await import('../../committee/index.js');
        const r = m.decide(app.conn, app.actor, { ref: String(ref), accept: !!opts.accept, reason: opts.reason as string | undefined, on: app.today() });
        if (r.overdue) app.out.warn(`decided after the committee's deadline (${r.deadline}, art. 3.3)`);
        app.out.result(r, `Candidacy ${r.ref} ${r.decision} on ${r.decided_on}${r.reason ? ` (${r.reason})` : ''}.${r.decision === 'accepted' ? `\nNext: parnasse committee notify ${r.ref} --date YYYY-MM-DD (the confirmation call)` : ''}`);
      }),
    );

  group
    .command('session')
    .description('interactive: walks the agenda, one decision each (accept, reject or skip)')
    .addHelpText('after', '\nExample:\n  $ parnasse committee session --date 2026-12-03')
    .action(
      wrap(async (app) => {
        if (!app.canPrompt) throw new UsageError('committee session is interactive: run it on a terminal, or use `committee decide REF --accept|--reject`');
        const m = await import('../../committee/index.js');
        const on = app.today();
        const items = m.agenda(app.conn.db, on);
        const p = await app.prompter();
        const done: { ref: string; decision: string; reason: string | null }[] = [];
        if (items.length === 0) app.out.info(`No ready candidacy on ${on}.`);
        for (const [i, it] of items.entries()) {
          const summary = it.checks.map((c) => `  ${c.pass ? '✓' : '✗'} ${c.id} (art. ${c.article}) ${c.message}`).join('\n');
          app.out.print(
            `\n[${i + 1}/${items.length}] ${it.ref} — ${it.name}, ${it.company_name} (${it.kind}, zone ${it.zone ?? '-'})\n` +
              `applied ${it.applied_on}, deadline ${it.deadline}${it.overdue ? ' OVERDUE' : ` (${it.days_left} day(s) left)`}\n${summary}\n`,
          );
          const choice = await p.select<'accept' | 'reject' | 'skip' | 'quit'>({
            message: `Decision on ${it.ref}`,
            choices: [
              { name: 'accept', value: 'accept' },
              { name: 'reject', value: 'reject' },
              { name: 'skip', value: 'skip' },
              { name: 'quit', value: 'quit' },
            ],
          });
          if (choice === 'quit') break;
          if (choice === 'skip') {
            done.push({ ref: it.ref, decision: 'skipped', reason: null });
            continue;
          }
          const reason = (await p.input({ message: 'Reason (optional, Enter to skip)', default: '' })).trim();
          const r = m.decide(app.conn, app.actor, { ref: it.ref, accept: choice === 'accept', reason: reason || null, on });
          done.push({ ref: r.ref, decision: r.decision, reason: r.reason });
        }
        app.out.result(done, () =>
          done.length === 0 ? 'No decision taken.' : done.map((d) => `${d.ref}: ${d.decision}${d.reason ? ` (${d.reason})` : ''}`).join('\n'),
        );
      }),
    );

  group
    .command('notify')
    .description('the confirmation call: creates the member (contract start = --date), issues the entry-fee invoice')
    .argument('<ref>', 'candidacy reference (accepted)')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .addHelpText('after', '\nExample:\n  $ parnasse committee notify C-0042 --date 2026-12-10 --yes')
    .action(
      wrap(async (app, [ref], opts) => {
        const on = app.today();
        const m = await import('../../committee/index.js');
        const { showCandidacy } = await import('../../candidacy/index.js');
        const c = showCandidacy(app.conn, String(ref));
        // only an act that would happen is confirmed; a refusal is said as it is (exit 3)
        if (c.status === 'accepted') {
          await app.confirmAct(t('committee.notify_confirm', { ref: c.ref, name: `${c.first_name} ${c.last_name}`, date: on }), opts.yes);
        }
        const r = m.notify(app.conn, app.actor, { ref: String(ref), on });
        app.out.result(
          r,
          `Member ${r.member_no} created, contract start ${r.contract_start}.\n` +
            (r.entry_fee_invoice
              ? `Entry fee invoice ${r.entry_fee_invoice}, paid in one go by card, AMEX or transfer (art. 7.3.3):\n  parnasse bill show ${r.entry_fee_invoice}\n  parnasse bill pay ${r.entry_fee_invoice} --amount EUR --method card|amex|transfer --date YYYY-MM-DD`
              : 'No entry fee: returning honorary member.'),
        );
      }),
    );
}
