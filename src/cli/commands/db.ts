import type { Command } from 'commander';
import type { Wrap } from '../main.js';

export function registerDb(program: Command, wrap: Wrap): void {
  const db = program.command('db').description('the database: migrate, check, backup');
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
}
