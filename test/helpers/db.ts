/** A fresh migrated database in a temporary folder, for capability-module tests. */
import { openDatabase, type Connection } from '../../src/db/connection.js';
import type { Actor } from '../../src/db/audit.js';
import { tempDbPath } from './cli.js';

export function tempConnection(): Connection {
  return openDatabase(tempDbPath());
}

export const testActor: Actor = { operator: 'tester', command: 'test' };
