/** `candidate edit REF` and `member edit NO` (issue 11): thin — parse, call src/corrections, render. */
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../app.js';
import type { App } from '../app.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { fmtEnum } from '../../i18n/format.js';
import { wholeNumberArg as int } from '../args.js';
import type { Changes, EditField, EditValues } from '../../corrections/index.js';

const FIELDS: readonly EditField[] = ['first_name', 'last_name', 'company_name', 'email', 'phone', 'street', 'postal_code', 'city', 'department', 'iban'];
const flagOf = (f: string) => `--${f.replace(/_/g, '-')}`;
const optKey = (f: string) => f.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());

function editFlags(cmd: CommandUnknownOpts): CommandUnknownOpts {
  for (const f of FIELDS) cmd.option(`${flagOf(f)} <value>`, t(`candidate.prompt.${f}` as MessageKey));
  return cmd;
}

function valuesOf(opts: Record<string, unknown>): EditValues {
  const v: EditValues = {};
  for (const f of FIELDS) {
    const x = opts[optKey(f)];
    if (typeof x === 'string') v[f] = x;
  }
  return v;
}

function label(field: string): string {
  if (field === 'zone' || field === 'status' || field === 'mandate_iban') return t(`corrections.f.${field}` as MessageKey);
  return t(`candidate.prompt.${field}` as MessageKey);
}

/** The before → after table of a correction. */
function changesTable(app: App, changed: Changes): string {
  const shown = (field: string, v: string | null) => (v === null || v === '' ? t('corrections.none') : field === 'status' ? fmtEnum('candidacy_status', v) : v);
  const rows = Object.entries(changed).map(([field, c]) => ({ field, before: shown(field, c.before), after: shown(field, c.after) }));
  return app.out.table(rows, [
    { header: t('corrections.h.field'), value: (r) => label(r.field) },
    { header: t('corrections.h.before'), value: (r) => r.before, min: 8 },
    { header: '', value: () => '→' },
    { header: t('corrections.h.after'), value: (r) => r.after, min: 8 },
  ]);
}

/** `candidate edit`, added to the `candidate` group. */
export function registerCandidateEdit(candidate: CommandUnknownOpts, wrap: Wrap): void {
  editFlags(candidate.command('edit').description(t('corrections.candidate.desc')).argument('<ref>', t('candidate.arg.ref')))
    .addHelpText(
      'after',
      `\n${t('corrections.opt.clear')}\n\nExample:\n  $ parnasse candidate edit C-2026-001 --email h.marchand@example.fr --phone "06 12 48 90 32"`,
    )
    .action(
      wrap(async (app, args, opts) => {
        const { editCandidacy } = await import('../../corrections/index.js');
        const r = editCandidacy(app.conn, app.actor, String(args[0]), valuesOf(opts), app.today());
        for (const w of r.warnings ?? []) app.out.warn(w.message);
        app.out.result(r, () =>
          Object.keys(r.changed).length === 0
            ? t('corrections.unchanged_candidacy', { ref: r.ref })
            : `${t('corrections.done_candidacy', { ref: r.ref })}\n${changesTable(app, r.changed)}`,
        );
      }),
    );
}

/** `member edit`, added to the `member` group. */
export function registerMemberEdit(member: CommandUnknownOpts, wrap: Wrap): void {
  editFlags(member.command('edit').description(t('corrections.member.desc')).argument('<no>', t('corrections.arg.member_no')))
    .option('--address <id>', t('corrections.opt.address'))
    .addHelpText(
      'after',
      `\n${t('corrections.opt.clear')}\n\nExample:\n  $ parnasse member edit 501 --email b.mercier@example.fr --iban "FR76 3000 4000 0312 3456 7890 143"`,
    )
    .action(
      wrap(async (app, args, opts) => {
        const { editMember } = await import('../../corrections/index.js');
        const addressId = opts.address === undefined ? undefined : int(opts.address, '--address');
        const r = editMember(app.conn, app.actor, String(args[0]), valuesOf(opts), app.today(), addressId === undefined ? {} : { addressId });
        app.out.result(r, () => {
          if (Object.keys(r.changed).length === 0) return t('corrections.unchanged_member', { member_no: r.member_no });
          const lines = [t('corrections.done_member', { member_no: r.member_no }), changesTable(app, r.changed)];
          if (r.mandate) lines.push(t(r.mandate.amendment_pending ? 'corrections.mandate_amended' : 'corrections.mandate_moved', { rum: r.mandate.rum }));
          return lines.join('\n');
        });
      }),
    );
}
