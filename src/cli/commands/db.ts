import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Wrap } from '../main.js';
import { InvalidInputError, UsageError } from '../../errors.js';

export function registerDb(program: Command, wrap: Wrap): void {
  const db = program
    .command('db')
    .description('the database: migrate, check, backup')
    .addHelpText('after', '\nExample:\n  $ parnasse db check\n  $ parnasse db backup /var/backups/parnasse.db');
  db.command('migrate')
    .description('create the database if needed and apply pending migrations (also done on every start)')
    .addHelpText('after', '\nExample:\n  $ parnasse --db club.db db migrate')
    .action(
      wrap((app) => {
        const conn = app.conn;
        const n = conn.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
        app.out.result({ database: conn.path, migrations: n.n }, `${conn.path}: ${n.n} migrations applied`);
      }),
    );

  db.command('check')
    .description('integrity, foreign keys, gapless invoice/credit-note series, unique member numbers, totals, invoices unchanged since issue (exit 4 on a problem)')
    .addHelpText('after', '\nExample:\n  $ parnasse --json db check')
    .action(
      wrap(async (app) => {
        const m = await import('../../invoicing/integrity.js');
        const report = m.checkDatabase(app.conn);
        const human = () =>
          app.out.table(report.checks, [
            { header: 'result', value: (c) => app.out.pass(c.ok) },
            { header: 'check', value: (c) => c.id },
            { header: 'detail', value: (c) => c.message, wrap: true },
          ]) +
          (report.problems.length
            ? `\n\nProblems:\n${app.out.table(report.problems, [
                { header: 'check', value: (p) => p.check },
                { header: 'problem', value: (p) => p.message, wrap: true },
              ])}`
            : '');
        if (report.ok) {
          app.out.result(report, human);
          return;
        }
        app.out.print(human());
        throw new InvalidInputError(`db check found ${report.problems.length} problem(s)`, [], { ok: false, checks: report.checks, problems: report.problems });
      }),
    );

  db.command('backup')
    .description('an online, consistent copy of the database (safe while others write); refuses to overwrite without --yes')
    .argument('<file>', 'the backup file to write')
    .option('--yes', 'overwrite FILE if it exists')
    .addHelpText('after', '\nExample:\n  $ parnasse db backup /var/backups/parnasse-$(date +%F).db')
    .action(
      wrap(async (app, [file], opts) => {
        const target = path.resolve(String(file));
        if (target === path.resolve(app.dbPath)) throw new UsageError('the backup file is the database itself');
        if (!fs.existsSync(path.dirname(target))) throw new UsageError(`folder ${path.dirname(target)} does not exist`);
        if (fs.existsSync(target)) {
          const ok = await app.confirm(`${target} exists: overwrite it?`, !!opts.yes);
          if (!ok) throw new UsageError(`${target} exists: not overwritten (pass --yes)`);
          fs.rmSync(target);
        }
        const conn = app.conn;
        const r = await conn.sqlite.backup(target);
        fs.chmodSync(target, 0o600);
        const size = fs.statSync(target).size;
        app.out.result({ backup: target, pages: r.totalPages, bytes: size }, `Backup written to ${target} (${r.totalPages} pages, ${size} bytes).`);
      }),
    );
}
