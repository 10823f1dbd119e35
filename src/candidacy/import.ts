/**
 * `candidate import`: a CSV batch, all or nothing (CLI.md `candidate`).
 *
 * One pass, two stages. Reading (decode, parse, validate: pipeline.ts) runs in a worker
 * thread for large files and in-process for small ones (same code); this thread takes
 * the valid rows batch by batch, judges them (the zone table and sponsors need the
 * database) and writes them with statements prepared once inside ONE `BEGIN IMMEDIATE`
 * transaction driven by hand across the batches. Rows keep being written after a bad
 * row (so the counts of what would have been written, and duplicate refs, stay exact),
 * and the transaction is rolled back at the end when any row is bad or on --dry-run:
 * nothing of a rejected file is ever committed. Refs seen in the file are tracked in a
 * temporary table (constant memory) to report a ref given twice with the line of its
 * first occurrence.
 */
import fs from 'node:fs';
import os from 'node:os';
import { lang, t } from '../i18n/index.js';
import { fmtEnum } from '../i18n/format.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { Connection } from '../db/connection.js';
import { auditAppender, type Actor } from '../db/audit.js';
import { beginImmediate } from '../db/connection.js';
import { InvalidInputError, type RowError } from '../errors.js';
import type { CsvSummary } from '../csv/reader.js';
import type { DelimiterChoice } from '../csv/delimiter.js';
import type { EncodingChoice } from '../csv/decode.js';
import { CANDIDACY_COLUMNS } from './record.js';
import { changedColumns, DECIDED_STATUSES, DB_COLUMN_OF, bindValues, prepareCandidacyStatements } from './store.js';
import { BatchEvaluator } from './evaluate.js';
import { DuplicateIndex, duplicateWarning, type DuplicateWarning } from './duplicates.js';
import {
  BatchReader,
  COL,
  factsOfValues,
  fromWire,
  inputOfValues,
  produceBatches,
  WORKER_YOUNG_GENERATION_MB,
  type PackedBatch,
  type WorkerInput,
  type ProducerOptions,
  type WorkerMessage,
} from './pipeline.js';

/** Row errors kept in detail; beyond, they are counted (`errors_omitted`). */
export const MAX_REPORTED_ERRORS = 10_000;
/** Possible-duplicate warnings kept in detail; beyond, they are counted (`warnings_omitted`). */
export const MAX_REPORTED_WARNINGS = 1_000;

/**
 * Files smaller than this are read in-process: measured on 2 cores, the worker (its
 * start-up, and code warming up in two threads) pays off from about 9 000 rows (2.5 MB).
 */
export const WORKER_MIN_BYTES = 3 * 1024 * 1024;

export interface ImportOptions {
  on: string;
  dryRun?: boolean;
  delimiter?: DelimiterChoice;
  encoding?: EncodingChoice;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /**
   * Read the file in a worker thread: 'auto' (default) for files of WORKER_MIN_BYTES or
   * more when the process may use two cores or more (`autoWorker`) and the worker script is
   * there (the built program); the environment variable
   * PARNASSE_IMPORT_WORKER=1/0 forces it on/off (tests of the built binary).
   */
  worker?: 'auto' | boolean;
}

export interface ImportResult {
  inserted: number;
  updated: number;
  unchanged: number;
  errors: RowError[];
  errors_omitted?: number;
  /** New candidacies that may duplicate a stored one (src/candidacy/duplicates.ts): warnings, nothing refused. */
  warnings: DuplicateWarning[];
  warnings_omitted?: number;
  rows: number;
  delimiter: string;
  encoding: string;
  dry_run: boolean;
}

/** The worker script next to this module (dist/import-worker.js), or null (running from sources). */
function workerScript(): URL | null {
  const url = new URL('./import-worker.js', import.meta.url);
  return url.protocol === 'file:' && fs.existsSync(fileURLToPath(url)) ? url : null;
}

/**
 * The cores this process may run on (its CPU affinity: `taskset`, a container's CPU set).
 * One core: the file is read in-process — a worker would only take turns with the writing
 * thread and add its start-up and messages. Two or more, even busy ones: the worker (issue
 * 27, measured with a CPU hog on the other core and at load 7–10 on 2 cores: the scheduler
 * shares the cores per thread, so the pipeline's two threads still finish first; see the
 * README's Development section). The load average is not asked: it lags by a minute and
 * counts the import's own threads.
 */
export const availableCores = (): number => os.availableParallelism();

/** The automatic choice: a worker for a file of WORKER_MIN_BYTES or more when the process may use two cores or more. */
export const autoWorker = (bytes: number, cores: number): boolean => bytes >= WORKER_MIN_BYTES && cores >= 2;

function wantWorker(file: string, choice: ImportOptions['worker']): URL | null {
  const env = process.env.PARNASSE_IMPORT_WORKER;
  let want: boolean;
  if (choice === true || choice === false) want = choice;
  else if (env === '1' || env === '0') want = env === '1';
  else {
    try {
      want = autoWorker(fs.statSync(file).size, availableCores());
    } catch {
      want = false; // readCsv reports the unreadable file
    }
  }
  return want ? workerScript() : null;
}

/**
 * Runs the reading stage and hands each batch to `consume`, in file order: in a worker
 * (acknowledging each batch, which lets the worker read on) or in-process.
 */
async function readBatches(opts: ProducerOptions, script: URL | null, consume: (b: PackedBatch) => void): Promise<CsvSummary> {
  if (!script) return produceBatches(opts, consume);
  const { Worker } = await import('node:worker_threads');
  const worker: Worker = new Worker(script, {
    workerData: { opts, lang: lang() } satisfies WorkerInput,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  return new Promise<CsvSummary>((resolve, reject) => {
    let settled = false;
    const settle = (e: Error | null, summary?: CsvSummary) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (e) reject(e);
      else resolve(summary!);
    };
    worker.on('message', (m: WorkerMessage) => {
      if (settled) return;
      try {
        if (m.t === 'batch') {
          consume(m.batch);
          worker.postMessage('ack');
        } else if (m.t === 'done') settle(null, m.summary);
        else settle(fromWire(m.error));
      } catch (e) {
        settle(e as Error);
      }
    });
    worker.on('error', (e) => settle(e));
    worker.on('exit', (code) => settle(new Error(`the import worker stopped unexpectedly (exit ${code})`)));
  });
}

export async function importCandidacies(conn: Connection, actor: Actor, file: string, opts: ImportOptions): Promise<ImportResult> {
  const sqlite = conn.sqlite;
  // read under the write lock (below): another import may commit while this one waits
  let evaluator: BatchEvaluator;
  let maxIdBefore = 0;
  const st = prepareCandidacyStatements(sqlite);
  const journal = auditAppender(sqlite, actor);
  sqlite.exec('create temp table if not exists import_refs (ref text primary key, line integer not null) without rowid');
  sqlite.exec('delete from temp.import_refs');
  const seen = sqlite.prepare('insert into temp.import_refs (ref, line) values (?, ?) on conflict do nothing');
  const seenLine = sqlite.prepare('select line from temp.import_refs where ref = ?').pluck();
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
  const warnings: DuplicateWarning[] = [];
  let warningsOmitted = 0;
  /** The candidacies stored before the import, indexed at its first new row (never for a file of known rows). */
  let stored: DuplicateIndex | null = null;
  const checkDuplicates = (line: number) => {
    if (maxIdBefore === 0) return;
    stored ??= DuplicateIndex.ofStored(sqlite, maxIdBefore);
    const ref = vals[COL.ref] as string;
    const found = stored.matches(ref, {
      firstName: vals[COL.first_name] as string,
      lastName: vals[COL.last_name] as string,
      postalCode: vals[COL.postal_code] as string,
      email: vals[COL.email] as string,
      iban: vals[COL.iban] as string | null,
    });
    if (found === null) return;
    for (const [existing, matches] of found) {
      // the message is worded only for the warnings kept
      if (warnings.length < MAX_REPORTED_WARNINGS) warnings.push(duplicateWarning(ref, existing, matches, line));
      else warningsOmitted++;
    }
  };

  /** The row being written: the CSV columns (CANDIDACY_COLUMNS order), then status, zone, source. */
  const NCOL = CANDIDACY_COLUMNS.length;
  const vals: (string | number | null)[] = new Array(NCOL + 3).fill(null);
  vals[NCOL + 2] = 'import';

  const writeRow = (line: number) => {
    const zoneId = evaluator.zoneOfDepartment(vals[COL.department] as string);
    const verdict = evaluator.verdict(factsOfValues(vals), zoneId);
    vals[NCOL] = verdict;
    vals[NCOL + 1] = zoneId;
    // Fast path: a new ref is inserted by one statement; a conflict means the ref exists.
    if (st.insertNew.run(vals).changes === 1) {
      inserted++;
      checkDuplicates(line);
      return;
    }
    const given = vals[COL.ref] as string;
    // exact first: a re-import's refs are as stored, and that index is the one the conflict read
    const existing = (st.byRef.get(given) ?? st.byRefNocase.get(given))!;
    // the stored reference, whatever the case in the file (issue 11: one rule for references)
    const ref = existing.ref;
    vals[COL.ref] = ref;
    if (existing.id > maxIdBefore || seen.run(ref, line).changes === 0) {
      const first = existing.id > maxIdBefore ? null : (seenLine.get(ref) as number);
      report({
        line,
        column: 'ref',
        code: 'ref_twice',
        message: first ? t('imports.ref_twice_at', { ref: given, first }) : t('imports.ref_twice', { ref: given }),
      });
      return;
    }
    const input = inputOfValues(vals);
    const changed = changedColumns(input, existing);
    if (changed.length === 0) {
      unchanged++;
      return;
    }
    if (DECIDED_STATUSES.includes(existing.status)) {
      report({
        line,
        column: changed[0]!,
        code: 'already_decided',
        message: t('imports.decided', { ref, status: fmtEnum('candidacy_status', existing.status), changed: changed.join(', ') }),
      });
      return;
    }
    const status = existing.addresses_differ === 1 ? evaluator.verdict(factsOfValues(vals, true), zoneId) : verdict;
    const values = bindValues(input);
    st.update.run({ ...values, status, zone_id: zoneId, id: existing.id });
    updated++;
    const change: Record<string, unknown> = { file: source, line };
    for (const c of changed) change[c] = [existing[DB_COLUMN_OF[c]], values[DB_COLUMN_OF[c]]];
    if (existing.status !== status) change.status = [existing.status, status];
    journal.append({ entity: 'candidacy', entityId: ref, action: 'import_update', change });
  };

  /** One batch, in line order: its rows, and its row errors merged in by line. */
  const consume = (b: PackedBatch) => {
    const rd = new BatchReader(b);
    const errs = b.errors;
    let ei = 0;
    for (let r = 0; r < b.n; r++) {
      const line = rd.next(vals);
      while (ei < errs.length && errs[ei]!.line < line) report(errs[ei++]!);
      writeRow(line);
    }
    while (ei < errs.length) report(errs[ei++]!);
    if (opts.onProgress && b.bytesRead > 0) opts.onProgress(b.bytesRead, 0);
  };

  const script = wantWorker(file, opts.worker ?? 'auto');
  beginImmediate(conn);
  let committed = false;
  try {
    evaluator = new BatchEvaluator(conn.db, opts.on);
    maxIdBefore = sqlite.prepare('select coalesce(max(id), 0) from candidacies').pluck().get() as number;
  } catch (e) {
    sqlite.exec('ROLLBACK');
    throw e;
  }
  let header: CsvSummary['header'] | undefined;
  let rows = 0;
  try {
    const summary = await readBatches({ file, delimiter: opts.delimiter ?? 'auto', encoding: opts.encoding ?? 'auto' }, script, consume);
    opts.onProgress?.(summary.bytes, 0);
    rows = summary.records;
    header = summary.header;
    const counts = { inserted, updated, unchanged };
    // A header-only file (rows === 0, no error) is a valid, empty batch: a cron export on a quiet day.
    if (errors.length > 0) {
      errors.sort((a, b) => a.line - b.line);
      const total = errors.length + omitted;
      throw new InvalidInputError(t(total > 1 ? 'modules.invalid_rows_many' : 'modules.invalid_rows_one', { source, total }), errors, {
        ...counts,
        ...(omitted ? { errors_omitted: omitted } : {}),
      });
    }
    if (!opts.dryRun) {
      journal.append({
        entity: 'candidacy_import',
        entityId: source,
        action: 'import',
        change: {
          file: path.resolve(file),
          rows,
          ...counts,
          delimiter: header.delimiter,
          encoding: header.encoding,
          date: opts.on,
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
    warnings,
    ...(warningsOmitted ? { warnings_omitted: warningsOmitted } : {}),
    rows,
    delimiter: header.delimiter,
    encoding: header.encoding,
    dry_run: !!opts.dryRun,
  };
}
