/**
 * `candidate import`: a CSV batch, all or nothing (CLI.md `candidate`).
 *
 * One pass: the file is streamed (src/csv), every row validated, and valid rows written
 * with statements prepared once inside ONE `BEGIN IMMEDIATE` transaction driven by hand
 * across the parser's asynchronous chunks. Rows keep being written after a bad row (so
 * the counts of what would have been written, and duplicate refs, stay exact), and the
 * transaction is rolled back at the end when any row is bad or on --dry-run: nothing of a
 * rejected file is ever committed. Refs seen in the file are tracked in a temporary table
 * (constant memory) to report a ref given twice with the line of its first occurrence.
 */
import path from 'node:path';
import type { Connection } from '../db/connection.js';
import { audit, type Actor } from '../db/audit.js';
import { InvalidInputError, type RowError } from '../errors.js';
import { checkColumns } from '../csv/columns.js';
import { readCsv, type CsvHeader, type CsvRecord } from '../csv/reader.js';
import type { DelimiterChoice } from '../csv/delimiter.js';
import type { EncodingChoice } from '../csv/decode.js';
import { CANDIDACY_COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, validateCandidacy, type CandidacyColumn } from './record.js';
import { bindArray, bindValues, changedColumns, DECIDED_STATUSES, DB_COLUMN_OF, prepareCandidacyStatements } from './store.js';
import { BatchEvaluator } from './evaluate.js';

/** Row errors kept in detail; beyond, they are counted (`errors_omitted`). */
export const MAX_REPORTED_ERRORS = 10_000;

export interface ImportOptions {
  on: string;
  dryRun?: boolean;
  delimiter?: DelimiterChoice;
  encoding?: EncodingChoice;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export interface ImportResult {
  inserted: number;
  updated: number;
  unchanged: number;
  errors: RowError[];
  errors_omitted?: number;
  rows: number;
  delimiter: string;
  encoding: string;
  dry_run: boolean;
}

export async function importCandidacies(conn: Connection, actor: Actor, file: string, opts: ImportOptions): Promise<ImportResult> {
  const sqlite = conn.sqlite;
  const evaluator = new BatchEvaluator(conn.db, opts.on);
  const st = prepareCandidacyStatements(sqlite);
  sqlite.exec('create temp table if not exists import_refs (ref text primary key, line integer not null) without rowid');
  sqlite.exec('delete from temp.import_refs');
  const seen = sqlite.prepare('insert into temp.import_refs (ref, line) values (?, ?) on conflict do nothing');
  const seenLine = sqlite.prepare('select line from temp.import_refs where ref = ?').pluck();
  const maxIdBefore = (sqlite.prepare('select coalesce(max(id), 0) from candidacies').pluck().get() as number);
  const source = path.basename(file);

  const errors: RowError[] = [];
  let omitted = 0;
  const report = (e: RowError) => {
    if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
    else omitted++;
  };
  let inserted = 0;
  let updated = 0;
  let unchanged = 0;
  let rows = 0;

  /** Position of each column in the records (-1: column left out). */
  const pos: Record<string, number> = Object.fromEntries(CANDIDACY_COLUMNS.map((c) => [c, -1]));

  const onHeader = (h: CsvHeader) => {
    const map = checkColumns(h.columns, { required: REQUIRED_COLUMNS, optional: OPTIONAL_COLUMNS });
    if (map.errors.length) {
      const names = map.errors.map((e) => e.message).join('; ');
      throw new InvalidInputError(`the header of ${source} does not match the candidacy columns: ${names}`, map.errors, {
        inserted: 0, updated: 0, unchanged: 0,
      });
    }
    for (const c of CANDIDACY_COLUMNS) pos[c] = map.index.get(c) ?? -1;
  };

  let fields: string[] = [];
  const get = (c: CandidacyColumn): string => {
    const i = pos[c]!;
    return i < 0 ? '' : fields[i]!;
  };
  const onRecords = (batch: CsvRecord[]) => {
    for (const rec of batch) {
      rows++;
      fields = rec.fields;
      const v = validateCandidacy(get, rec.line);
      const ref = v.ok ? v.input.ref : '';
      if (!v.ok) {
        for (const e of v.errors) report(e);
        continue;
      }
      const input = v.input;
      // Fast path: a new ref is inserted by one statement; a conflict means the ref exists.
      const ev = evaluator.evaluate(input);
      if (st.insertNew.run(...bindArray(input), ev.verdict, ev.zoneId, 'import').changes === 1) {
        inserted++;
        continue;
      }
      const existing = st.byRef.get(ref)!;
      if (existing.id > maxIdBefore || seen.run(ref, rec.line).changes === 0) {
        const first = existing.id > maxIdBefore ? null : (seenLine.get(ref) as number);
        report({ line: rec.line, column: 'ref', message: `ref "${ref}" is given twice in the file${first ? ` (first on line ${first})` : ''}` });
        continue;
      }
      const changed = changedColumns(input, existing);
      if (changed.length === 0) {
        unchanged++;
        continue;
      }
      if (DECIDED_STATUSES.includes(existing.status)) {
        report({
          line: rec.line,
          column: changed[0]!,
          message: `candidacy ${ref} is already ${existing.status}: it cannot be changed (changed: ${changed.join(', ')})`,
        });
        continue;
      }
      const evu = existing.addresses_differ === 1 ? evaluator.evaluate(input, true) : ev;
      const values = bindValues(input);
      st.update.run({ ...values, status: evu.verdict, zone_id: evu.zoneId, id: existing.id });
      updated++;
      {
        const change: Record<string, unknown> = { file: source, line: rec.line };
        for (const c of changed) change[c] = [existing[DB_COLUMN_OF[c]], values[DB_COLUMN_OF[c]]];
        if (existing.status !== evu.verdict) change.status = [existing.status, evu.verdict];
        audit(conn.db, actor, { entity: 'candidacy', entityId: ref, action: 'import_update', change });
      }
    }
  };

  sqlite.exec('BEGIN IMMEDIATE');
  let committed = false;
  let header: CsvHeader | undefined;
  try {
    const summary = await readCsv(
      file,
      { delimiter: opts.delimiter ?? 'auto', encoding: opts.encoding ?? 'auto' },
      {
        header: onHeader,
        records: onRecords,
        error: (e) => {
          rows++;
          report(e);
        },
        progress: opts.onProgress ? (b) => opts.onProgress!(b, 0) : undefined,
      },
    );
    header = summary.header;
    const counts = { inserted, updated, unchanged };
    if (errors.length === 0 && rows === 0) {
      // Decision: a header-only file is a valid, empty batch (a cron export on a quiet day).
    }
    if (errors.length > 0) {
      errors.sort((a, b) => a.line - b.line);
      const total = errors.length + omitted;
      throw new InvalidInputError(
        `${source}: ${total} invalid row${total > 1 ? 's' : ''}; nothing was imported`,
        errors,
        { ...counts, ...(omitted ? { errors_omitted: omitted } : {}) },
      );
    }
    if (!opts.dryRun) {
      audit(conn.db, actor, {
        entity: 'candidacy_import',
        entityId: source,
        action: 'import',
        change: {
          file: path.resolve(file), rows, ...counts, delimiter: header.delimiter, encoding: header.encoding, date: opts.on,
          // ids are contiguous: the write lock is held from BEGIN IMMEDIATE to COMMIT
          ...(inserted ? { inserted_ids: { from: maxIdBefore + 1, to: maxIdBefore + inserted } } : {}),
        },
      });
      sqlite.exec('COMMIT');
      committed = true;
    }
  } catch (e) {
    if (e instanceof InvalidInputError && !e.details) e.details = { inserted, updated, unchanged };
    throw e;
  } finally {
    if (!committed && sqlite.inTransaction) sqlite.exec('ROLLBACK');
    sqlite.exec('drop table if exists temp.import_refs');
  }
  return {
    inserted,
    updated,
    unchanged,
    errors: [],
    rows,
    delimiter: header.delimiter,
    encoding: header.encoding,
    dry_run: !!opts.dryRun,
  };
}
