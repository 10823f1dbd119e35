import fs from 'node:fs';
import path from 'node:path';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../app.js';
import { DamagedError, InvalidInputError, UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';

export function registerDb(program: CommandUnknownOpts, wrap: Wrap): void {
  const db = program
    .command('db')
    .description(t('db.group'))
    .addHelpText('after', '\nExample:\n  $ parnasse db check\n  $ parnasse db backup /var/backups/parnasse.db');
  db.command('init')
    .description(t('help.db.create_a_new_database_0600'))
    .addHelpText('after', '\nExample:\n  $ parnasse --db club.db db init')
    .action(
      wrap((app) => {
        const existed = fs.existsSync(app.dbPath);
        const conn = app.conn;
        const n = (conn.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;
        const key = existed ? 'books.init.exists' : 'books.init.created';
        app.out.result({ database: conn.path, created: !existed, migrations: n }, t(key, { path: conn.path, migrations: n }));
      }),
    );
  db.command('migrate')
    .description(t('db.migrate.desc'))
    .addHelpText('after', '\nExample:\n  $ parnasse --db club.db db migrate')
    .action(
      wrap((app) => {
        const conn = app.conn;
        const n = conn.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
        app.out.result({ database: conn.path, migrations: n.n }, t('db.migrate.done', { path: conn.path, count: n.n }));
      }),
    );

  db.command('check')
    .description(t('db.check.desc'))
    .option('--anchors <file>', t('db.check.opt_anchors'))
    .addHelpText('after', '\nExamples:\n  $ parnasse --json db check\n  $ parnasse db check --anchors /mnt/usb/parnasse.seals')
    .action(
      wrap(async (app, _args, opts) => {
        const seal = await import('../../books/seal.js');
        // --anchors FILE, else the file the monthly run seals into ($PARNASSE_ANCHORS, else
        // <db>.seals) when it exists: the check a run made possible is made without asking
        const fallback = opts.anchors === undefined ? seal.runAnchorsFile(path.resolve(app.dbPath), undefined, app.io.env) : undefined;
        const anchorsFile = opts.anchors !== undefined ? String(opts.anchors) : fallback && fs.existsSync(fallback) ? fallback : undefined;
        const anchors = anchorsFile !== undefined ? seal.readAnchors(anchorsFile) : undefined;
        if (anchorsFile !== undefined && opts.anchors === undefined) app.out.info(t('db.check.anchors_default', { file: anchorsFile }));
        const m = await import('../../invoicing/integrity.js');
        let report: ReturnType<typeof m.checkDatabase>;
        try {
          report = m.checkDatabase(app.conn, anchors ? { anchors } : {});
        } catch (e) {
          // a file too damaged to open: still a finding of db check (exit 4), not a fault
          if (!(e instanceof DamagedError)) throw e;
          report = m.checkDamagedFile(app.dbPath, e);
        }
        const human = () =>
          app.out.table(report.checks, [
            { header: t('db.h.result'), value: (c) => app.out.pass(c.ok) },
            { header: t('db.h.check'), value: (c) => c.id },
            { header: t('db.h.detail'), value: (c) => c.message, wrap: true },
          ]) +
          (report.problems.length
            ? `\n\n${t('books.check.problems')}\n${app.out.table(report.problems, [
                { header: t('db.h.check'), value: (p) => p.check },
                { header: t('db.h.problem'), value: (p) => p.message, wrap: true },
              ])}`
            : '');
        if (report.ok) {
          app.out.result(report, human);
          return;
        }
        app.out.print(human());
        throw new InvalidInputError(t('books.check.failed', { count: report.problems.length }), [], {
          ok: false,
          checks: report.checks,
          problems: report.problems,
        });
      }),
    );

  db.command('seal')
    .description(t('help.db.print_the_audit_chain_s'))
    .option('--out <file>', t('help.db.append_the_seal_line_to'))
    .addHelpText('after', '\nExamples:\n  $ parnasse db seal\n  $ parnasse db seal --out /mnt/usb/parnasse.seals')
    .action(
      wrap(async (app, _args, opts) => {
        const seal = await import('../../books/seal.js');
        const s = seal.headSeal(app.conn.sqlite, path.resolve(app.dbPath));
        if (opts.out !== undefined) {
          const file = path.resolve(String(opts.out));
          seal.appendSeal(file, s);
          app.out.result({ ...s, file }, t('books.seal.appended', { entry: s.entry, hash: s.hash, file }));
        } else app.out.result(s, () => `${seal.formatSeal(s)}\n${t('books.seal.printed', { entry: s.entry, hash: s.hash })}`);
      }),
    );

  db.command('backup')
    .description(t('help.db.an_online_consistent_copy_of'))
    .argument('<file>', t('db.backup.arg_file'))
    .option('--yes', t('db.backup.opt_yes'))
    .addHelpText('after', '\nExample:\n  $ parnasse db backup /var/backups/parnasse-$(date +%F).db')
    .action(
      wrap(async (app, [file], opts) => {
        const target = path.resolve(String(file));
        const { writeAtomicWith, assertWritableFile } = await import('../../files/atomic.js');
        // the message reads as the command line: `db backup DIR: is a directory…`; a link is followed
        const real = path.resolve(assertWritableFile(target, 'db backup'));
        if (real === path.resolve(app.dbPath) || (fs.existsSync(real) && fs.existsSync(app.dbPath) && fs.realpathSync(real) === fs.realpathSync(app.dbPath)))
          throw new UsageError(t('books.backup.same'));
        if (fs.existsSync(target)) {
          const ok = await app.confirm(t('books.backup.exists_ask', { file: target }), !!opts.yes);
          if (!ok) throw new UsageError(t('books.backup.exists_no', { file: target }));
        }
        const conn = app.conn;
        let pages = 0;
        await writeAtomicWith(
          target,
          async (tmp) => {
            // into the empty 0600 file already there: never readable by others, even half-written
            const r = await conn.sqlite.backup(tmp);
            pages = r.totalPages;
            const { newSqlite } = await import('../../db/sqlite.js');
            const copy = newSqlite(tmp);
            try {
              copy.pragma('journal_mode = DELETE'); // a self-contained file: no -wal/-shm left beside it
              const res = (copy.pragma('integrity_check') as { integrity_check: string }[]).map((x) => x.integrity_check);
              if (res.length !== 1 || res[0] !== 'ok') throw new InvalidInputError(t('books.backup.bad', { file: target }));
            } finally {
              copy.close();
            }
          },
          'db backup',
        );
        const size = fs.statSync(target).size;
        app.out.result({ backup: target, pages, bytes: size }, t('books.backup.done', { file: target, pages, bytes: size }));
      }),
    );
}
