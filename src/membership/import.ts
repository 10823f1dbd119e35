/** `member import` (CLI.md): placeholder until the shared CSV layer is wired. */
import type { Connection } from '../db/connection.js';
import type { Actor } from '../db/audit.js';
import type { Output } from '../cli/output.js';
import { UsageError } from '../errors.js';

export interface MemberImportResult {
  inserted: number;
  updated: number;
  unchanged: number;
  errors: { line: number; column: string | null; message: string }[];
  next_member_no: number;
}

export async function importMembers(_c: Connection, _a: Actor, _file: string, _o: { dryRun: boolean; out: Output }): Promise<MemberImportResult> {
  throw new UsageError('member import is not available yet');
}
