/** `parnasse candidate …` (CLI.md `candidate`): thin — parse, call src/candidacy, render. */
import { Option, type Command } from 'commander';
import type { Wrap } from '../main.js';
import { csvImportCommand } from '../csv-import.js';
import type { App } from '../app.js';
import { listFlags, type Column } from '../output.js';
import { InvalidInputError, UsageError } from '../../errors.js';
import { CANDIDACY_COLUMNS, OPTIONAL_COLUMNS, type CandidacyColumn } from '../../candidacy/columns.js';
import type { CandidacyJson } from '../../candidacy/index.js';
import { CANDIDACY_STATUSES } from '../../rules/enums.js';
import { dateArg as parseIsoDateLike } from '../args.js';


const flagOf = (c: CandidacyColumn) => `--${c.replace(/_/g, '-')}`;
const optKey = (c: CandidacyColumn) => c.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());

const PROMPTS: Record<CandidacyColumn, string> = {
  ref: 'Reference of the candidacy',
  kind: 'Kind (person|company)',
  first_name: 'First name',
  last_name: 'Last name',
  email: 'E-mail',
  phone: 'Phone',
  birth_date: 'Birth date (DD/MM/YYYY)',
  foreign_national: 'Foreign national? (oui/non)',
  street: 'Street',
  postal_code: 'Postal code',
  city: 'City',
  department: 'Département',
  company_name: 'Company name',
  company_siren: 'Company SIREN',
  company_revenue_eur: 'Company annual revenue (€)',
  is_executive: 'Executive (cadre dirigeant) of the company? (oui/non)',
  annual_income_eur: 'Annual gross income (€)',
  preventel_listed: 'Listed in the Préventel file? (oui/non)',
  operator_unpaid: 'Unpaid or late payment with an operator? (oui/non)',
  banking_ban: 'Banking ban? (oui/non)',
  sponsor_member_no: 'Sponsor member number',
  invited_by_parnasse: 'Invited by Parnasse? (oui/non)',
  charter_accepted: 'Commits to the ethics charter? (oui/non)',
  line_technology: 'Line technology (fibre|vdsl|adsl)',
  orange_subscriptions: 'Number of Orange internet subscriptions at the address',
  incompatible_offer: 'Holds an incompatible offer? (oui/non)',
  iban: 'IBAN',
  applied_on: 'Candidacy date (DD/MM/YYYY)',
  documents: 'Documents received (D1|D2|…)',
  id_expires_on: 'Identity document expiry date (DD/MM/YYYY)',
};

function humanCandidacy(app: App, c: CandidacyJson): string {
  const m = (n: number) => app.out.money(n);
  return app.out.fields([
    ['ref', c.ref],
    ['status', c.status],
    ['kind', c.kind],
    ['name', `${c.first_name} ${c.last_name}`],
    ['email', c.email],
    ['phone', c.phone],
    ['birth date', c.birth_date],
    ['foreign national', c.foreign_national],
    ['address', `${c.street}, ${c.postal_code} ${c.city}`],
    ['département', c.department],
    ['zone', c.zone],
    ['company', `${c.company_name} (SIREN ${c.company_siren})`],
    ['company revenue', m(c.company_revenue_cents)],
    ['executive', c.is_executive],
    ['annual income', m(c.annual_income_cents)],
    ['préventel / unpaid / ban', `${c.preventel_listed ? 'yes' : 'no'} / ${c.operator_unpaid ? 'yes' : 'no'} / ${c.banking_ban ? 'yes' : 'no'}`],
    ['sponsor', c.sponsor_member_no],
    ['invited by Parnasse', c.invited_by_parnasse],
    ['charter accepted', c.charter_accepted],
    ['line', `${c.line_technology}, ${c.orange_subscriptions} Orange subscription(s)`],
    ['incompatible offer', c.incompatible_offer],
    ['iban', c.iban],
    ['documents', c.documents.join(' ')],
    ['id expires on', c.id_expires_on],
    ['applied on', c.applied_on],
    ['committee deadline', c.deadline],
    ['member no', c.member_no],
  ]);
}

/** `candidate list` columns, the least useful dropped first to fit the width. */
function listColumns(): Column<CandidacyJson>[] {
  return [
    { header: 'ref', value: (r) => r.ref },
    { header: 'name', value: (r) => `${r.first_name} ${r.last_name}`, min: 12 },
    { header: 'kind', value: (r) => r.kind, drop: 2 },
    { header: 'zone', value: (r) => r.zone, drop: 3 },
    { header: 'status', value: (r) => r.status },
    { header: 'applied', value: (r) => r.applied_on, drop: 1 },
    { header: 'deadline', value: (r) => r.deadline },
    { header: 'member', value: (r) => r.member_no, drop: 4 },
  ];
}

async function documentsOption(value: string, flag: string) {
  const { parseDocumentList } = await import('../../rules/eligibility.js');
  const d = parseDocumentList(value);
  if (d.unknown.length) throw new UsageError(`${flag}: unknown document(s) ${d.unknown.join(', ')} (expected D1–D6)`);
  if (d.documents.length === 0) throw new UsageError(`${flag} expects a list such as D1,D2`);
  return d.documents;
}

export function registerCandidate(program: Command, wrap: Wrap): void {
  const group = program
    .command('candidate')
    .description('candidacies (art. 3): add, import a CSV batch, list, show, check the criteria, record documents, withdraw')
    .addHelpText('after', '\nExample:\n  $ parnasse candidate import fixtures/candidates.csv');

  // ---------------------------------------------------------------- add
  const add = group
    .command('add')
    .description('add one candidacy; on a terminal, prompts for the missing values (optional ones skippable)')
    .addHelpText(
      'after',
      `
Values are written as in the CSV (booleans oui/non/yes/no/1/0, amounts 1 250 000,50 or 1250000.50,
dates DD/MM/YYYY or YYYY-MM-DD). Optional: ${OPTIONAL_COLUMNS.map(flagOf).join(' ')}.

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
  for (const c of CANDIDACY_COLUMNS) add.option(`${flagOf(c)} <value>`, PROMPTS[c]);
  add.option('--addresses-differ', 'the addresses on the documents differ (D3 proof of address then required)');
  add.action(
    wrap(async (app, _args, opts) => {
      const { validateCandidacy, addCandidacy } = await import('../../candidacy/index.js');
      const values = new Map<CandidacyColumn, string>();
      for (const c of CANDIDACY_COLUMNS) {
        const v = opts[optKey(c)];
        if (typeof v === 'string') values.set(c, v);
      }
      const missing = CANDIDACY_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.includes(c) && !values.has(c));
      if (missing.length && !app.canPrompt) {
        throw new UsageError(`missing ${missing.map(flagOf).join(', ')} (no prompt without a terminal or with --no-input)`);
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
        const answer = await app.ask(undefined, flagOf(c), optional ? `${PROMPTS[c]} (optional, Enter to skip)` : PROMPTS[c], validate);
        if (answer.trim() !== '') values.set(c, answer);
      }
      const r = validateCandidacy((k) => values.get(k) ?? '', 0);
      if (!r.ok) {
        throw new UsageError(r.errors.map((e) => `${flagOf(e.column as CandidacyColumn)}: ${e.message}`).join('; '));
      }
      const on = app.today();
      const c = addCandidacy(app.conn, app.actor, r.input, on, { addressesDiffer: !!opts.addressesDiffer });
      app.out.result(c, () => `added candidacy ${c.ref}: ${c.status} (zone ${c.zone ?? 'none'}, committee deadline ${c.deadline})`);
    }),
  );

  // ---------------------------------------------------------------- import
  csvImportCommand(group, 'import a CSV batch of candidacies, all or nothing (idempotent by ref)')
    .addHelpText(
      'after',
      `
Columns (order free, header names exactly): ${CANDIDACY_COLUMNS.join(', ')}.
May be empty or left out: ${OPTIONAL_COLUMNS.join(', ')}.
A bad row anywhere rejects the whole file (exit 4) with every bad row's line, column and reason.

Example:
  $ parnasse candidate import fixtures/candidates.csv
  $ parnasse --json candidate import --dry-run export-novembre.csv`,
    )
    .action(
      wrap(async (app, args, opts) => {
        const file = args[0] as string;
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
              { stream: app.io.stderr as NodeJS.WritableStream, format: 'importing [{bar}] {percentage}% | {eta_formatted} left', hideCursor: true, clearOnComplete: true },
              progress.Presets.shades_classic,
            );
            bar.start(total, 0);
          }
        }
        try {
          const r = await importCandidacies(app.conn, app.actor, file, {
            on: app.today(),
            dryRun: !!opts.dryRun,
            delimiter: opts.delimiter as ',' | ';' | 'auto',
            encoding: opts.encoding as 'auto' | 'utf8' | 'latin1',
            ...(bar ? { onProgress: (b: number) => bar!.update(Math.min(b, total)) } : {}),
          });
          bar?.stop();
          bar = undefined;
          app.out.result(
            { inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, errors: r.errors },
            () =>
              `${r.dry_run ? 'dry run, nothing written: would have ' : ''}inserted ${r.inserted}, updated ${r.updated}, unchanged ${r.unchanged} ` +
              `(${r.rows} rows, "${r.delimiter}"-separated, ${r.encoding === 'latin1' ? 'Windows-1252' : 'UTF-8'})`,
          );
        } catch (e) {
          bar?.stop();
          if (e instanceof InvalidInputError && !app.out.json) {
            const d = e.details ?? {};
            app.out.info(`nothing written; the valid rows would have given: inserted ${d.inserted ?? 0}, updated ${d.updated ?? 0}, unchanged ${d.unchanged ?? 0}`);
          }
          throw e;
        }
      }),
    );

  // ---------------------------------------------------------------- list / show
  listFlags(group.command('list'))
    .description('list candidacies (oldest first)')
    .addOption(new Option('--status <s>', 'only this status').choices([...CANDIDACY_STATUSES]))
    .addHelpText('after', '\nExample:\n  $ parnasse candidate list --status ready')
    .action(
      wrap(async (app, _args, opts) => {
        const { iterateCandidacies } = await import('../../candidacy/index.js');
        const rows = iterateCandidacies(app.conn, opts.status ? { status: opts.status as string } : {});
        await app.out.list(rows, listColumns(), { empty: 'no candidacy' });
      }),
    );

  group
    .command('show')
    .description('one candidacy, every column, with its status, zone, committee deadline and member number')
    .argument('<ref>')
    .addHelpText('after', '\nExample:\n  $ parnasse --json candidate show C-2026-001')
    .action(
      wrap(async (app, args) => {
        const { showCandidacy } = await import('../../candidacy/index.js');
        const c = showCandidacy(app.conn, args[0] as string);
        app.out.result(c, () => humanCandidacy(app, c));
      }),
    );

  // ---------------------------------------------------------------- check
  group
    .command('check')
    .description('every criterion (E1–E6 art. 3.1, A1–A3 art. 3.4, D1–D6 art. 3.2) with pass/fail on a date')
    .argument('<ref>')
    .addHelpText('after', '\nExample:\n  $ parnasse candidate check C-2026-001 --date 2026-12-01')
    .action(
      wrap(async (app, args) => {
        const { checkCandidacy } = await import('../../candidacy/index.js');
        const r = checkCandidacy(app.conn, args[0] as string, app.today());
        app.out.result(r, () => {
          const head = `${r.ref}: ${r.status}${r.status !== r.verdict ? ` (criteria on ${r.date}: ${r.verdict})` : ''} — zone ${r.zone ?? 'none'}`;
          const t = app.out.table(r.checks, [
            { header: 'id', value: (c) => c.id },
            { header: 'result', value: (c) => app.out.pass(c.pass) },
            { header: 'art.', value: (c) => c.article },
            { header: 'detail', value: (c) => c.message },
          ]);
          return `${head}\n${t}`;
        });
      }),
    );

  // ---------------------------------------------------------------- docs
  group
    .command('docs')
    .description('record documents received (art. 3.2) and re-evaluate the candidacy')
    .argument('<ref>')
    .requiredOption('--received <list>', 'documents received, e.g. D1,D2,D6')
    .option('--id-expires <date>', 'expiry date of the identity document (D2)')
    .option('--addresses-differ', 'the addresses on the documents differ (D3 then required)')
    .addHelpText('after', '\nExample:\n  $ parnasse candidate docs C-2026-004 --received D2,D5 --id-expires 2030-06-30 --date 2026-11-27')
    .action(
      wrap(async (app, args, opts) => {
        const received = await documentsOption(opts.received as string, '--received');
        const idExpires = opts.idExpires === undefined ? undefined : parseIsoDateLike(opts.idExpires as string, '--id-expires');
        const { receiveDocuments } = await import('../../candidacy/index.js');
        const c = receiveDocuments(app.conn, app.actor, args[0] as string, received, app.today(), {
          ...(idExpires ? { idExpiresOn: idExpires } : {}),
          ...(opts.addressesDiffer ? { addressesDiffer: true } : {}),
        });
        app.out.result(c, () => `${c.ref}: documents ${c.documents.join(' ') || 'none'} — ${c.status}`);
      }),
    );

  // ---------------------------------------------------------------- vet
  group
    .command('vet')
    .description('record data collected online about the candidate during vetting (erased once the committee validates, annex 5)')
    .argument('<ref>')
    .requiredOption('--note <text>', 'what was found')
    .addHelpText('after', '\nExample:\n  $ parnasse candidate vet C-2026-007 --note "LinkedIn: CEO since 2019, matches the Kbis"')
    .action(
      wrap(async (app, args, opts) => {
        const note = String(opts.note);
        if (note.trim() === '') throw new UsageError('--note must not be empty');
        const { addVettingNote } = await import('../../candidacy/index.js');
        const c = addVettingNote(app.conn, app.actor, args[0] as string, note, app.today());
        app.out.result(c, () => `${c.ref}: vetting note recorded (erased when the committee validates the candidacy)`);
      }),
    );

  // ---------------------------------------------------------------- withdraw
  group
    .command('withdraw')
    .description('withdraw a candidacy (any time before it becomes a member)')
    .argument('<ref>')
    .option('--yes', 'do not ask for confirmation')
    .addHelpText('after', '\nExample:\n  $ parnasse candidate withdraw C-2026-007 --yes')
    .action(
      wrap(async (app, args, opts) => {
        const ref = args[0] as string;
        const { showCandidacy, withdrawCandidacy } = await import('../../candidacy/index.js');
        const current = showCandidacy(app.conn, ref);
        if (current.status !== 'withdrawn' && current.status !== 'member') {
          const ok = await app.confirm(`Withdraw candidacy ${ref} (${current.first_name} ${current.last_name}, ${current.status})?`, opts.yes as boolean | undefined);
          if (!ok) throw new UsageError('withdrawal cancelled');
        }
        const c = withdrawCandidacy(app.conn, app.actor, ref, app.today());
        app.out.result(c, () => (c.changed ? `${c.ref}: withdrawn` : `${c.ref} was already withdrawn`));
      }),
    );
}
