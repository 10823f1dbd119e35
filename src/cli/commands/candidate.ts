/** `parnasse candidate …` (CLI.md `candidate`): thin — parse, call src/candidacy, render. */
import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../app.js';
import { csvImportCommand } from '../csv-import.js';
import type { App } from '../app.js';
import { listFlags, type Column } from '../output.js';
import { InvalidInputError, UsageError } from '../../errors.js';
import { CANDIDACY_COLUMNS, OPTIONAL_COLUMNS, type CandidacyColumn } from '../../candidacy/columns.js';
import type { CandidacyJson } from '../../candidacy/index.js';
import { CANDIDACY_STATUSES } from '../../rules/enums.js';
import { dateArg as parseIsoDateLike } from '../args.js';
import { encodingLabel, type Encoding } from '../../csv/encoding.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { fmtBool, fmtDate, fmtEnum } from '../../i18n/format.js';

const flagOf = (c: CandidacyColumn) => `--${c.replace(/_/g, '-')}`;
const optKey = (c: CandidacyColumn) => c.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());

/** The question (and option help) for a column, in the run's language. */
const prompt = (c: CandidacyColumn): string => t(`candidate.prompt.${c}` as MessageKey);

function humanCandidacy(app: App, c: CandidacyJson & { cooptation?: { id: number; referrer: string; status: string } | null }): string {
  const m = (n: number) => app.out.money(n);
  return app.out.fields([
    [t('candidate.f.ref'), c.ref],
    [t('candidate.f.status'), fmtEnum('candidacy_status', c.status)],
    [t('candidate.f.kind'), fmtEnum('member_kind', c.kind)],
    [t('candidate.f.name'), `${c.first_name} ${c.last_name}`],
    [t('candidate.f.email'), c.email],
    [t('candidate.f.phone'), c.phone],
    [t('candidate.f.birth_date'), app.out.date(c.birth_date)],
    [t('candidate.f.foreign_national'), c.foreign_national],
    [t('candidate.f.address'), `${c.street}, ${c.postal_code} ${c.city}`],
    [t('candidate.f.department'), c.department],
    [t('candidate.f.zone'), c.zone],
    [t('candidate.f.company'), `${c.company_name} (SIREN ${c.company_siren})`],
    [t('candidate.f.company_revenue'), m(c.company_revenue_cents)],
    [t('candidate.f.executive'), c.is_executive],
    [t('candidate.f.annual_income'), m(c.annual_income_cents)],
    [t('candidate.f.preventel'), `${fmtBool(c.preventel_listed)} / ${fmtBool(c.operator_unpaid)} / ${fmtBool(c.banking_ban)}`],
    [t('candidate.f.sponsor'), c.sponsor_member_no],
    [t('candidate.f.invited'), c.invited_by_parnasse],
    [t('candidate.f.charter'), c.charter_accepted],
    [t('candidate.f.line'), t('candidate.f.line_value', { technology: fmtEnum('line_technology', c.line_technology), count: c.orange_subscriptions })],
    [t('candidate.f.incompatible'), c.incompatible_offer],
    [t('candidate.f.iban'), c.iban],
    [t('candidate.f.documents'), c.documents.join(' ')],
    [t('candidate.f.id_expires'), app.out.date(c.id_expires_on)],
    ...(c.foreign_national ? [[t('candidate.f.card_expires'), app.out.date(c.residence_card_expires_on)] as [string, string]] : []),
    [t('candidate.f.applied_on'), app.out.date(c.applied_on)],
    [t('candidate.f.deadline'), app.out.date(c.deadline)],
    [t('candidate.f.member_no'), c.member_no],
    ...(c.cooptation
      ? [
          [
            t('cooptation.show.coopted_by'),
            t('cooptation.show.coopted_value', {
              referrer: c.cooptation.referrer,
              id: c.cooptation.id,
              status: t(`cooptation.status.${c.cooptation.status}` as MessageKey),
            }),
          ] as [string, string],
        ]
      : []),
  ]);
}

/** `candidate list` columns, the least useful dropped first to fit the width. */
function listColumns(): Column<CandidacyJson>[] {
  return [
    { header: t('candidate.h.ref'), value: (r) => r.ref },
    { header: t('candidate.h.name'), value: (r) => `${r.first_name} ${r.last_name}`, min: 12 },
    { header: t('candidate.h.kind'), value: (r) => fmtEnum('member_kind', r.kind), drop: 2 },
    { header: t('candidate.h.zone'), value: (r) => r.zone, drop: 3 },
    { header: t('candidate.h.status'), value: (r) => fmtEnum('candidacy_status', r.status) },
    { header: t('candidate.h.applied'), value: (r) => fmtDate(r.applied_on), drop: 1 },
    { header: t('candidate.h.deadline'), value: (r) => fmtDate(r.deadline) },
    { header: t('candidate.h.member'), value: (r) => r.member_no, drop: 4 },
  ];
}

async function documentsOption(value: string, flag: string) {
  const { parseDocumentList } = await import('../../rules/eligibility.js');
  const d = parseDocumentList(value);
  if (d.unknown.length) throw new UsageError(t('candidate.docs.unknown', { flag, documents: d.unknown.join(', ') }));
  if (d.documents.length === 0) throw new UsageError(t('candidate.docs.expects_list', { flag }));
  return d.documents;
}

export function registerCandidate(program: CommandUnknownOpts, wrap: Wrap): void {
  const group = program
    .command('candidate')
    .description(t('candidate.group'))
    .addHelpText('after', '\nExample:\n  $ parnasse candidate import fixtures/candidates.csv');

  // ---------------------------------------------------------------- add
  const add = group
    .command('add')
    .description(t('candidate.add.desc'))
    .addHelpText(
      'after',
      `
${t('candidate.add.values', { flags: OPTIONAL_COLUMNS.map(flagOf).join(' ') })}

Example:
  $ parnasse candidate add --ref C-2026-101 --kind person --first-name Claire --last-name Dubois \\
      --email claire.dubois@example.fr --foreign-national non --street "12 avenue Foch" \\
      --postal-code 75116 --city Paris --company-name "Dubois Industrie SA" --company-siren 732829320 \\
      --company-revenue-eur "85 000 000" --is-executive oui --annual-income-eur "240 000" \\
      --preventel-listed non --operator-unpaid non --banking-ban non --invited-by-parnasse oui \\
      --charter-accepted oui --line-technology fibre --orange-subscriptions 1 --incompatible-offer non \\
      --applied-on 24/11/2026 --documents D1,D2,D4,D5,D6 --id-expires-on 2031-05-01 \\
      --iban "FR76 3000 6000 0112 3456 7890 189"`,
    );
  for (const c of CANDIDACY_COLUMNS) add.option(`${flagOf(c)} <value>`, prompt(c));
  add.option('--addresses-differ', t('candidate.add.opt_addresses_differ'));
  add.action(
    wrap(async (app, _args, opts) => {
      const { validateCandidacy, addCandidacy } = await import('../../candidacy/index.js');
      const values = new Map<CandidacyColumn, string>();
      const given: Record<string, unknown> = opts; // one flag per column, declared in a loop above
      for (const c of CANDIDACY_COLUMNS) {
        const v = given[optKey(c)];
        if (typeof v === 'string') values.set(c, v);
      }
      const missing = CANDIDACY_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.includes(c) && !values.has(c));
      if (missing.length && !app.canPrompt) {
        throw new UsageError(t('candidate.add.missing', { flags: missing.map(flagOf).join(', ') }));
      }
      // An interactive add (something required was missing) also offers the optional
      // columns — documents, IBAN, ID expiry… — so the Desk can complete the dossier at once.
      const unasked = missing.length ? CANDIDACY_COLUMNS.filter((c) => OPTIONAL_COLUMNS.includes(c) && !values.has(c)) : [];
      for (const c of [...missing, ...unasked]) {
        const optional = OPTIONAL_COLUMNS.includes(c);
        const validate = (v: string): true | string => {
          if (optional && v.trim() === '') return true;
          const r = validateCandidacy((k) => (k === c ? v : (values.get(k) ?? '')), 0);
          const mine = r.ok ? [] : r.errors.filter((e) => e.column === c);
          return mine.length ? mine[0]!.message : true;
        };
        const answer = await app.ask(undefined, flagOf(c), optional ? t('candidate.prompt.optional', { prompt: prompt(c) }) : prompt(c), validate);
        if (answer.trim() !== '') values.set(c, answer);
      }
      const r = validateCandidacy((k) => values.get(k) ?? '', 0);
      if (!r.ok) {
        throw new UsageError(r.errors.map((e) => `${flagOf(e.column as CandidacyColumn)}: ${e.message}`).join('; '));
      }
      const on = app.today();
      const { warnings, ...c } = addCandidacy(app.conn, app.actor, r.input, on, { addressesDiffer: !!given.addressesDiffer });
      for (const w of warnings) app.out.warn(w.message);
      app.out.result(warnings.length ? { ...c, warnings } : c, () =>
        t('candidate.add.done', {
          ref: c.ref,
          status: fmtEnum('candidacy_status', c.status),
          zone: c.zone ?? t('candidate.none'),
          deadline: app.out.date(c.deadline),
        }),
      );
    }),
  );

  // ---------------------------------------------------------------- import
  csvImportCommand(group, t('candidate.import.desc'))
    .addHelpText(
      'after',
      `
${t('candidate.import.columns', { columns: CANDIDACY_COLUMNS.join(', '), optional: OPTIONAL_COLUMNS.join(', ') })}

Example:
  $ parnasse candidate import fixtures/candidates.csv
  $ parnasse --json candidate import --dry-run export-novembre.csv`,
    )
    .action(
      wrap(async (app, args, opts) => {
        const file = args[0];
        const { importCandidacies } = await import('../../candidacy/index.js');
        let bar: { update(v: number): void; stop(): void; start(total: number, v: number): void } | undefined;
        let total = 0;
        if (app.out.interactive) {
          const fs = await import('node:fs');
          try {
            total = fs.statSync(file).size;
          } catch {
            total = 0;
          }
          if (total > 1024 * 1024) {
            const { default: progress } = await import('cli-progress');
            bar = new progress.SingleBar(
              {
                stream: app.io.stderr as NodeJS.WritableStream,
                format: t('candidate.import.progress', { bar: '{bar}', percentage: '{percentage}', eta_formatted: '{eta_formatted}' }),
                hideCursor: true,
                clearOnComplete: true,
              },
              progress.Presets.shades_classic,
            );
            bar.start(total, 0);
          }
        }
        try {
          const r = await importCandidacies(app.conn, app.actor, file, {
            on: app.today(),
            dryRun: !!opts.dryRun,
            delimiter: opts.delimiter,
            encoding: opts.encoding,
            ...(bar ? { onProgress: (b: number) => bar!.update(Math.min(b, total)) } : {}),
          });
          bar?.stop();
          bar = undefined;
          for (const w of r.warnings) app.out.warn(w.message);
          if (r.warnings_omitted) app.out.warn(t('candidate.dupe.omitted', { count: r.warnings_omitted }));
          app.out.result(
            {
              inserted: r.inserted,
              updated: r.updated,
              unchanged: r.unchanged,
              errors: r.errors,
              ...(r.warnings.length ? { warnings: r.warnings } : {}),
              ...(r.warnings_omitted ? { warnings_omitted: r.warnings_omitted } : {}),
            },
            () =>
              t(r.dry_run ? 'candidate.import.dry_run' : 'candidate.import.done', {
                inserted: r.inserted,
                updated: r.updated,
                unchanged: r.unchanged,
                rows: r.rows,
                delimiter: r.delimiter,
                encoding: encodingLabel(r.encoding as Encoding),
              }),
          );
        } catch (e) {
          bar?.stop();
          if (e instanceof InvalidInputError && !app.out.json) {
            const d = e.details ?? {};
            app.out.info(
              t('candidate.import.nothing_written', {
                inserted: Number(d.inserted ?? 0),
                updated: Number(d.updated ?? 0),
                unchanged: Number(d.unchanged ?? 0),
              }),
            );
          }
          throw e;
        }
      }),
    );

  // ---------------------------------------------------------------- list / show
  listFlags(group.command('list'))
    .description(t('candidate.list.desc'))
    .addOption(new Option('--status <s>', t('candidate.list.opt_status')).choices([...CANDIDACY_STATUSES]))
    .addHelpText('after', '\nExample:\n  $ parnasse candidate list --status ready')
    .action(
      wrap(async (app, _args, opts) => {
        const { iterateCandidacies } = await import('../../candidacy/index.js');
        const rows = iterateCandidacies(app.conn, { ...(opts.status ? { status: opts.status } : {}), on: app.today() });
        await app.out.list(rows, listColumns(), { empty: t('candidate.list.none') });
      }),
    );

  group
    .command('show')
    .description(t('candidate.show.desc'))
    .argument('<ref>', t('candidate.arg.ref'))
    .addHelpText('after', '\nExample:\n  $ parnasse --json candidate show C-2026-001')
    .action(
      wrap(async (app, args) => {
        const { showCandidacy } = await import('../../candidacy/index.js');
        const c = showCandidacy(app.conn, args[0], app.today());
        app.out.result(c, () => humanCandidacy(app, c));
      }),
    );

  // ---------------------------------------------------------------- check
  group
    .command('check')
    .description(t('candidate.check.desc'))
    .argument('<ref>', t('candidate.arg.ref'))
    .addHelpText('after', '\nExample:\n  $ parnasse candidate check C-2026-001 --date 2026-12-01')
    .action(
      wrap(async (app, args) => {
        const { checkCandidacy } = await import('../../candidacy/index.js');
        const r = checkCandidacy(app.conn, args[0], app.today());
        app.out.result(r, () => {
          const head = t('candidate.check.head', {
            ref: r.ref,
            status: fmtEnum('candidacy_status', r.status),
            verdict:
              r.status !== r.verdict ? t('candidate.check.verdict', { date: app.out.date(r.date), verdict: fmtEnum('candidacy_status', r.verdict) }) : '',
            zone: r.zone ?? t('candidate.none'),
          });
          const table = app.out.table(r.checks, [
            { header: t('candidate.h.id'), value: (c) => c.id },
            { header: t('candidate.h.result'), value: (c) => app.out.pass(c.pass) },
            { header: t('candidate.h.article'), value: (c) => c.article },
            { header: t('candidate.h.detail'), value: (c) => c.message, wrap: true },
          ]);
          return `${head}\n${table}`;
        });
      }),
    );

  // ---------------------------------------------------------------- docs
  group
    .command('docs')
    .description(t('candidate.docs.desc'))
    .argument('<ref>', t('candidate.arg.ref'))
    .requiredOption('--received <list>', t('candidate.docs.opt_received'))
    .option('--id-expires <date>', t('candidate.docs.opt_id_expires'))
    .option('--card-expires <date>', t('candidate.docs.opt_card_expires'))
    .option('--addresses-differ', t('candidate.docs.opt_addresses_differ'))
    .addHelpText('after', '\nExample:\n  $ parnasse candidate docs C-2026-004 --received D2,D5 --id-expires 2030-06-30 --date 2026-11-27')
    .action(
      wrap(async (app, args, opts) => {
        const received = await documentsOption(opts.received, '--received');
        const idExpires = opts.idExpires === undefined ? undefined : parseIsoDateLike(opts.idExpires, '--id-expires');
        const cardExpires = opts.cardExpires === undefined ? undefined : parseIsoDateLike(opts.cardExpires, '--card-expires');
        const { receiveDocuments } = await import('../../candidacy/index.js');
        const c = receiveDocuments(app.conn, app.actor, args[0], received, app.today(), {
          ...(idExpires ? { idExpiresOn: idExpires } : {}),
          ...(cardExpires ? { residenceCardExpiresOn: cardExpires } : {}),
          ...(opts.addressesDiffer ? { addressesDiffer: true } : {}),
        });
        app.out.result(c, () =>
          t('candidate.docs.done', { ref: c.ref, documents: c.documents.join(' ') || t('candidate.none'), status: fmtEnum('candidacy_status', c.status) }),
        );
      }),
    );

  // ---------------------------------------------------------------- vet
  group
    .command('vet')
    .description(t('candidate.vet.desc'))
    .argument('<ref>', t('candidate.arg.ref'))
    .requiredOption('--note <text>', t('candidate.vet.opt_note'))
    .addHelpText('after', '\nExample:\n  $ parnasse candidate vet C-2026-007 --note "LinkedIn: CEO since 2019, matches the Kbis"')
    .action(
      wrap(async (app, args, opts) => {
        const note = String(opts.note);
        if (note.trim() === '') throw new UsageError(t('candidate.vet.empty'));
        const { addVettingNote } = await import('../../candidacy/index.js');
        const c = addVettingNote(app.conn, app.actor, args[0], note, app.today());
        app.out.result(c, () => t('candidate.vet.done', { ref: c.ref }));
      }),
    );

  // ---------------------------------------------------------------- withdraw
  group
    .command('withdraw')
    .description(t('candidate.withdraw.desc'))
    .argument('<ref>', t('candidate.arg.ref'))
    .option('--yes', t('candidate.withdraw.opt_yes'))
    .addHelpText('after', '\nExample:\n  $ parnasse candidate withdraw C-2026-007 --yes')
    .action(
      wrap(async (app, args, opts) => {
        const ref = args[0];
        const { showCandidacy, withdrawCandidacy } = await import('../../candidacy/index.js');
        const current = showCandidacy(app.conn, ref, app.today());
        if (current.status !== 'withdrawn' && current.status !== 'member') {
          const ok = await app.confirm(
            t('candidate.withdraw.confirm', { ref, name: `${current.first_name} ${current.last_name}`, status: fmtEnum('candidacy_status', current.status) }),
            opts.yes,
          );
          if (!ok) throw new UsageError(t('candidate.withdraw.cancelled'));
        }
        const c = withdrawCandidacy(app.conn, app.actor, ref, app.today());
        app.out.result(c, () => (c.changed ? t('candidate.withdraw.done', { ref: c.ref }) : t('candidate.withdraw.already', { ref: c.ref })));
      }),
    );
}
