/**
 * Raw storage of candidacies for the bulk path (prepared once per import on the
 * better-sqlite3 handle) and the comparison that makes imports idempotent.
 */
import type Database from 'better-sqlite3';
import { CANDIDACY_COLUMNS, FIELD_OF, type CandidacyColumn, type CandidacyInput } from './record.js';

/** Statuses the committee (or the candidate) has settled: a changed row is refused for these. */
export const DECIDED_STATUSES: readonly string[] = ['accepted', 'rejected', 'member', 'withdrawn'];

/** DB column of each CSV column (amounts are stored in cents). */
export const DB_COLUMN_OF: Record<CandidacyColumn, string> = Object.fromEntries(
  CANDIDACY_COLUMNS.map((c) => [c, c === 'company_revenue_eur' ? 'company_revenue_cents' : c === 'annual_income_eur' ? 'annual_income_cents' : c]),
) as Record<CandidacyColumn, string>;

const PAIRS = CANDIDACY_COLUMNS.map((c) => ({ column: c, field: FIELD_OF[c], db: DB_COLUMN_OF[c] }));

/** A stored candidacy as better-sqlite3 returns it (snake_case, booleans 0/1). */
export type RawCandidacy = Record<string, string | number | null> & { id: number; ref: string; status: string };

/** Values bound to the prepared statements (booleans as 0/1). */
export function bindValues(input: CandidacyInput): Record<string, string | number | null> {
  const o: Record<string, string | number | null> = {};
  for (const p of PAIRS) {
    const v = input[p.field];
    o[p.db] = typeof v === 'boolean' ? (v ? 1 : 0) : (v as string | number | null);
  }
  return o;
}

/** The CSV columns whose value differs between a typed candidacy and its stored row. */
export function changedColumns(input: CandidacyInput, row: RawCandidacy): CandidacyColumn[] {
  const out: CandidacyColumn[] = [];
  for (const p of PAIRS) {
    const v = input[p.field];
    const norm = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    if (norm !== row[p.db]) out.push(p.column);
  }
  return out;
}

/** Positional values of the CSV columns, in DB_COLUMNS order (booleans as 0/1). */
export function bindArray(input: CandidacyInput): (string | number | null)[] {
  const a: (string | number | null)[] = new Array(PAIRS.length);
  for (let i = 0; i < PAIRS.length; i++) {
    const v = input[PAIRS[i]!.field];
    a[i] = typeof v === 'boolean' ? (v ? 1 : 0) : (v as string | number | null);
  }
  return a;
}

export interface CandidacyStatements {
  /** The stored candidacy of a reference as given (the binary unique index, which the insert's conflict just read). */
  byRef: Database.Statement<[string], RawCandidacy | undefined>;
  /** The stored candidacy of a reference whatever its case (the nocase unique index): when `byRef` finds none. */
  byRefNocase: Database.Statement<[string], RawCandidacy | undefined>;
  insert: Database.Statement;
  /** Positional: the CSV columns (bindArray), status, zone_id, source; does nothing when the ref exists, whatever its case. */
  insertNew: Database.Statement;
  update: Database.Statement;
}

export function prepareCandidacyStatements(sqlite: Database.Database): CandidacyStatements {
  const cols = PAIRS.map((p) => p.db);
  return {
    byRef: sqlite.prepare('select * from candidacies where ref = ?') as CandidacyStatements['byRef'],
    byRefNocase: sqlite.prepare('select * from candidacies where ref = ? collate nocase') as CandidacyStatements['byRefNocase'],
    insert: sqlite.prepare(
      `insert into candidacies (${cols.join(', ')}, status, zone_id, source)
       values (${cols.map((c) => `@${c}`).join(', ')}, @status, @zone_id, @source)`,
    ),
    insertNew: sqlite.prepare(
      `insert into candidacies (${cols.join(', ')}, status, zone_id, source)
       values (${cols.map(() => '?').join(', ')}, ?, ?, ?) on conflict do nothing`,
    ),
    update: sqlite.prepare(
      `update candidacies set ${cols.map((c) => `${c} = @${c}`).join(', ')}, status = @status, zone_id = @zone_id,
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') where id = @id`,
    ),
  };
}
