import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../app.js';
import type { App } from '../app.js';
import { t, type MessageKey } from '../../i18n/index.js';
import { dateArg, enumArg, eurosArg, wholeNumberArg } from '../args.js';
import { listFlags } from '../output.js';
import { UsageError } from '../../errors.js';
import { BRICKS, STUDY_RESULTS } from '../../rules/enums.js';
import type { BrickJson, QuoteJson } from '../../pro/index.js';

const load = () => import('../../pro/index.js');
const idArg = (v: unknown, what = 'ID') => wholeNumberArg(v, what);
const collect = (v: string, prev: string[] = []) => [...prev, v];
const status = (s: string) => t(`pro.status.${s}` as MessageKey);

function quoteText(app: App, q: QuoteJson): string {
  const o = app.out;
  const head = t('pro.human.quote', {
    number: q.number,
    no: q.member_no,
    date: o.date(q.issued_on),
    status: status(q.status),
    until: q.valid_until ? t('pro.human.valid_until', { date: o.date(q.valid_until) }) : '',
  });
  const table = o.table(
    [...q.lines, { label: t('pro.human.total'), ttc_cents: q.total_ttc_cents, ht_cents: q.total_ht_cents, vat_cents: q.total_vat_cents }],
    [
      { header: t('pro.col.label'), value: (l) => l.label, min: 12 },
      { header: t('pro.col.ht'), value: (l) => o.money(l.ht_cents), align: 'right' },
      { header: t('pro.col.vat'), value: (l) => o.money(l.vat_cents), align: 'right' },
      { header: t('pro.col.ttc'), value: (l) => o.money(l.ttc_cents), align: 'right' },
    ],
  );
  return `${o.wrap(head)}\n${table}`;
}

function brickText(app: App, b: BrickJson): string {
  const o = app.out;
  return t('pro.human.brick', {
    brick: b.brick,
    no: b.member_no,
    date: o.date(b.start_on),
    price: o.money(b.price_cents),
    first: o.money(b.first_month.cents),
    days: b.first_month.days,
    dim: b.first_month.days_in_month,
  });
}

export function registerPro(program: CommandUnknownOpts, wrap: Wrap): void {
  const group = program
    .command('pro')
    .description(t('pro.group'))
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse pro study add 12 --services wifi_public,security --date 2027-01-10\n  $ parnasse pro quote add 12 --study 1 --line "Bornes Wi-Fi;1200" --date 2027-01-20\n  $ parnasse pro list --member 12',
    );

  // ---------------------------------------------------------------- studies
  const study = group
    .command('study')
    .description(t('pro.study.desc'))
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse pro study add 12 --services wifi_public --date 2027-01-10\n  $ parnasse pro study result 1 feasible --date 2027-01-15',
    );
  study
    .command('add')
    .description(t('pro.study.add.desc'))
    .argument('<member_no>', t('pro.arg.member_no'))
    .requiredOption('--services <list>', t('pro.opt.services'))
    .option('--site <address_id>', t('pro.opt.site'))
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse pro study add 12 --services wifi_public,security --date 2027-01-10\n  $ parnasse pro study add 12 --site 31 --services server --date 2027-01-10',
    )
    .action(
      wrap(async (app, [no], opts) => {
        const m = await load();
        const r = m.addStudy(app.conn, app.actor, {
          memberNo: String(no),
          siteId: opts.site !== undefined ? idArg(opts.site, '--site') : null,
          on: app.today(),
          services: String(opts.services),
        });
        app.out.result(r, () =>
          [
            t('pro.human.study', { id: r.id, no: r.member_no, site: r.site, date: app.out.date(r.requested_on), services: r.services.join(', ') }),
            t('pro.human.next_result', { id: r.id }),
          ].join('\n'),
        );
      }),
    );
  study
    .command('result')
    .description(t('pro.study.result.desc'))
    .argument('<id>', t('pro.arg.study'))
    .argument('<result>', STUDY_RESULTS.join('|'))
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse pro study result 1 feasible --date 2027-01-15\n  $ parnasse pro study result 2 needs_specialist --date 2027-01-15',
    )
    .action(
      wrap(async (app, [id, result]) => {
        const m = await load();
        const r = m.recordStudyResult(app.conn, app.actor, { id: idArg(id), result: enumArg(result, 'RESULT', 'result', STUDY_RESULTS), on: app.today() });
        app.out.result(r, () => t('pro.human.study_result', { id: r.id, result: status(r.result ?? 'requested'), date: app.out.date(r.result_on) }));
      }),
    );

  // ---------------------------------------------------------------- quotes
  const quote = group
    .command('quote')
    .description(t('pro.quote.desc'))
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse pro quote add 12 --study 1 --line "Bornes Wi-Fi;1200" --date 2027-01-20\n  $ parnasse pro quote accept D2027-000001 --date 2027-01-25',
    );
  quote
    .command('add')
    .description(t('pro.quote.add.desc'))
    .argument('<member_no>', t('pro.arg.member_no'))
    .requiredOption('--study <id>', t('pro.opt.study'))
    .requiredOption('--line <label;eur>', t('pro.opt.line'), collect)
    .option('--valid-until <date>', t('pro.opt.valid_until'))
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse pro quote add 12 --study 1 --line "Bornes Wi-Fi (3);1200,00" --line "Routeur;450" --line "Configuration;89,90" --date 2027-01-20 --valid-until 2027-02-20',
    )
    .action(
      wrap(async (app, [no], opts) => {
        const m = await load();
        const r = m.addQuote(app.conn, app.actor, {
          memberNo: String(no),
          studyId: idArg(opts.study, '--study'),
          lines: opts.line,
          on: app.today(),
          validUntil: opts.validUntil !== undefined ? dateArg(opts.validUntil, '--valid-until') : null,
        });
        app.out.result(r, () => [quoteText(app, r), t('pro.human.next_accept', { number: r.number })].join('\n'));
      }),
    );
  for (const verb of ['accept', 'refuse'] as const) {
    quote
      .command(verb)
      .description(t(`pro.quote.${verb}.desc`))
      .argument('<quote>', t('pro.arg.quote'))
      .addHelpText('after', `\nExample:\n  $ parnasse pro quote ${verb} D2027-000001 --date 2027-01-25`)
      .action(
        wrap(async (app, [ref]) => {
          const m = await load();
          const r = m.answerQuote(app.conn, app.actor, { ref: String(ref), accept: verb === 'accept', on: app.today() });
          app.out.result(r, () =>
            [
              t('pro.human.quote_status', { number: r.number, status: status(r.status), date: app.out.date(r.answered_on) }),
              ...(verb === 'accept' ? [t('pro.human.next_works', { number: r.number })] : []),
            ].join('\n'),
          );
        }),
      );
  }
  quote
    .command('show')
    .description(t('pro.quote.show.desc'))
    .argument('<quote>', t('pro.arg.quote'))
    .addHelpText('after', '\nExample:\n  $ parnasse --json pro quote show D2027-000001')
    .action(
      wrap(async (app, [ref]) => {
        const m = await load();
        const r = m.showQuote(app.conn.db, String(ref));
        app.out.result(r, () => quoteText(app, r));
      }),
    );

  quote
    .command('pdf')
    .description(t('pro.quote.pdf.desc'))
    .argument('<quote>', t('pro.arg.quote'))
    .option('--out <dir>', t('pro.opt.out'), '.')
    .addHelpText('after', '\nExample:\n  $ parnasse pro quote pdf D2027-000001 --out devis/')
    .action(
      wrap(async (app, [ref], opts) => {
        const m = await load();
        const { quoteSeller, writeQuotePdf } = await import('../../documents/quote.js');
        const doc = m.quoteDocument(app.conn.db, String(ref));
        const file = await writeQuotePdf(doc, quoteSeller(app.conn.db, doc), String(opts.out));
        app.out.result({ number: doc.number, path: file }, () => t('pro.human.pdf', { number: doc.number, path: file }));
      }),
    );

  // ---------------------------------------------------------------- works
  const works = group
    .command('works')
    .description(t('pro.works.desc'))
    .addHelpText('after', '\nExample:\n  $ parnasse pro works done D2027-000001 --date 2027-02-10');
  works
    .command('done')
    .description(t('pro.works.done.desc'))
    .argument('<quote>', t('pro.arg.quote'))
    .option('--invoice-now', t('pro.opt.invoice_now'))
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse pro works done D2027-000001 --date 2027-02-10\n  $ parnasse pro works done 3 --invoice-now --date 2027-02-10',
    )
    .action(
      wrap(async (app, [ref], opts) => {
        const m = await load();
        const r = m.worksDone(app.conn, app.actor, { ref: String(ref), on: app.today(), invoiceNow: !!opts.invoiceNow });
        app.out.result(r, () =>
          r.invoice
            ? t('pro.human.works_invoiced', { number: r.number, date: app.out.date(r.done_on), invoice: r.invoice, total: app.out.money(r.total_ttc_cents) })
            : t('pro.human.works_pending', { number: r.number, date: app.out.date(r.done_on), n: r.pending_charges, total: app.out.money(r.total_ttc_cents) }),
        );
      }),
    );

  // ---------------------------------------------------------------- bricks
  const brick = group
    .command('brick')
    .description(t('pro.brick.desc'))
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse pro brick add 12 wifi_public --price 60 --works D2027-000001 --access-points 3 --date 2027-03-10\n  $ parnasse pro brick remove 12 wifi_public --requested-on 2027-05-15 --yes',
    );
  brick
    .command('add')
    .description(t('pro.brick.add.desc'))
    .argument('<member_no>', t('pro.arg.member_no'))
    .argument('<brick>', BRICKS.join('|'))
    .requiredOption('--price <eur>', t('pro.opt.price'))
    .option('--works <quote>', t('pro.opt.works'))
    .option('--agreed-on <date>', t('pro.opt.agreed_on'))
    .option('--study <id>', t('pro.opt.brick_study'))
    .option('--access-points <n>', t('pro.opt.access_points'))
    .option('--switches <n>', t('pro.opt.switches'))
    .option('--routers <n>', t('pro.opt.routers'))
    .addHelpText(
      'after',
      '\nExample:\n  $ parnasse pro brick add 12 wifi_public --price 60 --works D2027-000001 --access-points 3 --date 2027-03-10\n  $ parnasse pro brick add 12 server_backup --price 45 --agreed-on 2027-06-02 --date 2027-06-10',
    )
    .action(
      wrap(async (app, [no, name], opts) => {
        const m = await load();
        const n = (v: unknown, flag: string) => (v === undefined ? null : wholeNumberArg(v, flag));
        const r = m.addBrick(app.conn, app.actor, {
          memberNo: String(no),
          brick: enumArg(name, 'BRICK', 'brick', BRICKS),
          priceCents: eurosArg(opts.price, '--price'),
          on: app.today(),
          worksRef: opts.works ?? null,
          agreedOn: opts.agreedOn !== undefined ? dateArg(opts.agreedOn, '--agreed-on') : null,
          studyId: n(opts.study, '--study'),
          accessPoints: n(opts.accessPoints, '--access-points'),
          switches: n(opts.switches, '--switches'),
          routers: n(opts.routers, '--routers'),
        });
        app.out.result(r, () => brickText(app, r));
      }),
    );
  brick
    .command('remove')
    .description(t('pro.brick.remove.desc'))
    .argument('<member_no>', t('pro.arg.member_no'))
    .argument('<brick>', BRICKS.join('|'))
    .requiredOption('--requested-on <date>', t('pro.opt.requested_on'))
    .option('--yes', t('pro.opt.yes'))
    .addHelpText('after', '\nExample:\n  $ parnasse pro brick remove 12 wifi_public --requested-on 2027-05-15 --yes')
    .action(
      wrap(async (app, [no, name], opts) => {
        const requestedOn = dateArg(opts.requestedOn, '--requested-on');
        const b = enumArg(name, 'BRICK', 'brick', BRICKS);
        if (!(await app.confirm(t('pro.confirm_remove', { brick: b, no: String(no), date: app.out.date(requestedOn) }), opts.yes))) {
          app.out.info(t('common.cancelled'));
          return;
        }
        const m = await load();
        const r = m.removeBrick(app.conn, app.actor, { memberNo: String(no), brick: b, requestedOn });
        app.out.result(r, () =>
          t('pro.human.brick_removed', { brick: r.brick, no: r.member_no, date: app.out.date(r.requested_end_on), end: app.out.date(r.end_on) }),
        );
      }),
    );

  // ---------------------------------------------------------------- half-yearly reports (art. 5.12.3.1)
  const report = group
    .command('report')
    .description(t('pro.report.desc'))
    .addHelpText('after', '\nExample:\n  $ parnasse pro report add 3 --file rapport-S1.pdf --date 2027-09-12\n  $ parnasse pro report due --date 2027-09-20');
  report
    .command('add')
    .description(t('pro.report.add.desc'))
    .argument('<brick>', t('pro.report.arg.brick'))
    .option('--file <pdf>', t('pro.report.opt.file'))
    .addHelpText('after', '\nExample:\n  $ parnasse pro report add 3 --file rapport-S1.pdf --date 2027-09-12')
    .action(
      wrap(async (app, [id], opts) => {
        let file: { name: string; sha256: string } | null = null;
        if (opts.file !== undefined) {
          const fs = await import('node:fs');
          const path = await import('node:path');
          const { createHash } = await import('node:crypto');
          const name = String(opts.file);
          let bytes: Buffer;
          try {
            bytes = fs.readFileSync(name);
          } catch {
            throw new UsageError(t('pro.report.unreadable', { file: name }));
          }
          if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new UsageError(t('pro.report.not_pdf', { file: name }));
          file = { name: path.basename(name), sha256: createHash('sha256').update(bytes).digest('hex') };
        }
        const m = await import('../../pro/reports.js');
        const r = m.addBrickReport(app.conn, app.actor, { brickId: idArg(id, 'BRICK'), on: app.today(), file });
        app.out.result(r, () =>
          t(r.late ? 'pro.report.added_late' : 'pro.report.added', {
            period: r.period,
            brick: r.brick,
            id: r.brick_id,
            no: r.member_no,
            from: app.out.date(r.period_from),
            to: app.out.date(r.period_to),
            date: app.out.date(r.reported_on),
            due: app.out.date(r.due_on),
          }),
        );
      }),
    );
  report
    .command('due')
    .description(t('pro.report.due.desc'))
    .option('--late', t('pro.report.opt.late'))
    .addHelpText('after', '\nExample:\n  $ parnasse pro report due --date 2027-09-20\n  $ parnasse --json pro report due --late')
    .action(
      wrap(async (app, _a, opts) => {
        const m = await import('../../pro/reports.js');
        const rows = m.bricksReportsDue(app.conn.db, app.today(), { late: !!opts.late });
        const o = app.out;
        app.out.result(rows, () =>
          rows.length === 0
            ? t('pro.report.none_due')
            : o.table(rows, [
                { header: t('pro.col.brick_id'), value: (r) => r.brick_id, align: 'right' },
                { header: t('pro.col.member'), value: (r) => r.member_no, align: 'right' },
                { header: t('pro.col.brick'), value: (r) => r.brick },
                {
                  header: t('pro.col.period'),
                  value: (r) => t('pro.report.period', { period: r.period, from: o.date(r.period_from), to: o.date(r.period_to) }),
                },
                { header: t('pro.col.due'), value: (r) => o.date(r.due_on) },
                { header: t('pro.col.status'), value: (r) => (r.late ? t('pro.report.late') : t('pro.report.due')) },
              ]),
        );
      }),
    );

  // ---------------------------------------------------------------- the Desk's list
  listFlags(group.command('list'))
    .description(t('pro.list.desc'))
    .option('--member <no>', t('pro.opt.member'))
    .option('--status <status>', t('pro.opt.status'))
    .addHelpText('after', '\nExample:\n  $ parnasse pro list\n  $ parnasse pro list --member 12 --status active\n  $ parnasse --json pro list --status pending')
    .action(
      wrap(async (app, _a, opts) => {
        const m = await load();
        const st = opts.status !== undefined ? enumArg(opts.status, '--status', 'status', m.PRO_LIST_STATUSES) : undefined;
        const o = app.out;
        await o.list(
          m.iterateProList(app.conn.db, { memberNo: opts.member, status: st, on: app.today() }),
          [
            { header: t('pro.col.type'), value: (r) => t(`pro.type.${r.type}` as MessageKey) },
            { header: t('pro.col.ref'), value: (r) => r.ref },
            { header: t('pro.col.member'), value: (r) => r.member_no, align: 'right', width: 6 },
            { header: t('pro.col.status'), value: (r) => status(r.status), min: 8 },
            { header: t('pro.col.date'), value: (r) => o.date(r.date) },
            { header: t('pro.col.amount'), value: (r) => (r.amount_cents === null ? null : o.money(r.amount_cents)), align: 'right', drop: 2 },
            { header: t('pro.col.detail'), value: (r) => (r.detail && /^\d{4}-\d{2}-\d{2}$/.test(r.detail) ? o.date(r.detail) : r.detail), min: 8, drop: 1 },
          ],
          { empty: t('pro.human.nothing') },
        );
      }),
    );
}
