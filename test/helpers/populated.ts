/** A small database written through the CLI: two members with their entry-fee invoices, a payment, a credit note. */
import { expect } from 'vitest';
import { cli, tempDbPath } from './cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertCandidacy } from './factory.js';

export async function populatedDb(): Promise<string> {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const refs = [insertCandidacy(conn), insertCandidacy(conn)];
  conn.close();
  for (const ref of refs) {
    expect((await cli(db, ['committee', 'decide', ref, '--accept', '--date', '2026-12-01'])).code).toBe(0);
    expect((await cli(db, ['committee', 'notify', ref, '--date', '2026-12-03', '--yes'])).code).toBe(0);
  }
  expect((await cli(db, ['bill', 'pay', 'F2026-000001', '--amount', '1500', '--method', 'card', '--date', '2026-12-04'])).code).toBe(0);
  expect((await cli(db, ['bill', 'credit', 'F2026-000002', '--amount', '100', '--reason', 'gesture', '--date', '2026-12-05', '--yes'])).code).toBe(0);
  return db;
}
