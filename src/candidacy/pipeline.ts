/**
 * The reading half of `candidate import`: decode, parse (src/csv) and validate
 * (`validateCandidacy`) a candidacy file, and hand over the valid rows in compact
 * batches. The same code runs in a worker thread (import-worker.ts, large files: the
 * main thread meanwhile evaluates and inserts) or in-process (small files, tests).
 *
 * A batch carries its rows column by column in CANDIDACY_COLUMNS order, already in the
 * form bound to the insert statement (booleans 0/1, amounts in cents): all the text
 * values concatenated in one string with their lengths (-1 = null), the numbers in a
 * Float64Array. One string and two transferable buffers cost next to nothing to post
 * between threads, where an array of 30-field arrays costs a structured clone per value.
 */
import path from 'node:path';
import type { RowError } from '../errors.js';
import { InvalidInputError } from '../errors.js';
import { checkColumns, headerMismatch } from '../csv/columns.js';
import type { Lang } from '../i18n/index.js';
import { readCsv, type CsvHeader, type CsvRecord, type CsvSummary, type FlowControl } from '../csv/reader.js';
import type { DelimiterChoice } from '../csv/delimiter.js';
import type { EncodingChoice } from '../csv/decode.js';
import type { CandidacyFacts } from '../rules/eligibility.js';
import { CANDIDACY_COLUMNS, FIELD_OF, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, validateCandidacy, type CandidacyColumn, type CandidacyInput } from './record.js';

/** What the worker thread receives: the reading options and the run's language. */
export interface WorkerInput {
  opts: ProducerOptions;
  lang: Lang;
}

export interface ProducerOptions {
  file: string;
  delimiter: DelimiterChoice;
  encoding: EncodingChoice;
}

/** Valid rows of a stretch of the file, and the row errors found there (sorted by line). */
export interface PackedBatch {
  /** Number of valid rows. */
  n: number;
  /** The text values of the rows, concatenated. */
  text: string;
  /** Length of each text value in `text`, row by row (-1: null). */
  lens: Int32Array;
  /** The numeric and boolean values row by row, then the row's physical line. */
  nums: Float64Array;
  errors: RowError[];
  /** Bytes of the file read so far (progress). */
  bytesRead: number;
}

const STR = 0;
const NUM = 1;
const BOOL = 2;
const NUMERIC: readonly CandidacyColumn[] = ['company_revenue_eur', 'annual_income_eur', 'orange_subscriptions'];
const BOOLEAN: readonly CandidacyColumn[] = [
  'foreign_national',
  'is_executive',
  'preventel_listed',
  'operator_unpaid',
  'banking_ban',
  'invited_by_parnasse',
  'charter_accepted',
  'incompatible_offer',
];
const NCOL = CANDIDACY_COLUMNS.length;
const KIND: readonly number[] = CANDIDACY_COLUMNS.map((c) => (NUMERIC.includes(c) ? NUM : BOOLEAN.includes(c) ? BOOL : STR));
const FIELDS: readonly (keyof CandidacyInput)[] = CANDIDACY_COLUMNS.map((c) => FIELD_OF[c]);
/** Text values per row. */
export const TEXT_PER_ROW = KIND.filter((k) => k === STR).length;
/** Numbers per row: the numeric and boolean columns, then the line. */
export const NUMS_PER_ROW = NCOL - TEXT_PER_ROW + 1;

/** Packs validated candidacies (with their lines) into a batch. */
export class BatchPacker {
  private text = '';
  private readonly lens: Int32Array;
  private readonly nums: Float64Array;
  private li = 0;
  private ni = 0;
  private n = 0;
  constructor(capacity: number) {
    this.lens = new Int32Array(capacity * TEXT_PER_ROW);
    this.nums = new Float64Array(capacity * NUMS_PER_ROW);
  }

  private s(v: string | null): void {
    if (v === null) this.lens[this.li++] = -1;
    else {
      this.text += v;
      this.lens[this.li++] = v.length;
    }
  }

  private x(v: number | boolean): void {
    this.nums[this.ni++] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  }

  /** Written out field by field (a generic loop over FIELD_OF costs twice as much); in CANDIDACY_COLUMNS order (test/candidacy/pipeline.test.ts). */
  add(i: CandidacyInput, line: number): void {
    this.s(i.ref);
    this.s(i.kind);
    this.s(i.firstName);
    this.s(i.lastName);
    this.s(i.email);
    this.s(i.phone);
    this.s(i.birthDate);
    this.x(i.foreignNational);
    this.s(i.street);
    this.s(i.postalCode);
    this.s(i.city);
    this.s(i.department);
    this.s(i.companyName);
    this.s(i.companySiren);
    this.x(i.companyRevenueCents);
    this.x(i.isExecutive);
    this.x(i.annualIncomeCents);
    this.x(i.preventelListed);
    this.x(i.operatorUnpaid);
    this.x(i.bankingBan);
    this.s(i.sponsorMemberNo);
    this.x(i.invitedByParnasse);
    this.x(i.charterAccepted);
    this.s(i.lineTechnology);
    this.x(i.orangeSubscriptions);
    this.x(i.incompatibleOffer);
    this.s(i.iban);
    this.s(i.appliedOn);
    this.s(i.documents);
    this.s(i.idExpiresOn);
    this.s(i.residenceCardExpiresOn);
    this.x(line);
    this.n++;
  }

  finish(errors: RowError[], bytesRead: number): PackedBatch {
    return { n: this.n, text: this.text, lens: this.lens, nums: this.nums, errors, bytesRead };
  }
}

/**
 * Reads a packed batch row by row into `values`: the CSV columns in CANDIDACY_COLUMNS
 * order as the insert statement binds them (booleans 0/1); returns the row's line.
 * `values` is reused from row to row (the caller binds it at once).
 */
export class BatchReader {
  private li = 0;
  private ni = 0;
  private pos = 0;
  row = 0;
  constructor(readonly batch: PackedBatch) {}

  next(values: (string | number | null)[]): number {
    const { text, lens, nums } = this.batch;
    for (let c = 0; c < NCOL; c++) {
      if (KIND[c] === STR) {
        const len = lens[this.li++]!;
        if (len < 0) values[c] = null;
        else {
          const start = this.pos;
          this.pos = start + len;
          values[c] = text.substring(start, this.pos);
        }
      } else values[c] = nums[this.ni++]!;
    }
    this.row++;
    return nums[this.ni++]!;
  }
}

/** The positions of the columns in a values row (CANDIDACY_COLUMNS order). */
export const COL = Object.fromEntries(CANDIDACY_COLUMNS.map((c, i) => [c, i])) as Record<CandidacyColumn, number>;

/** The candidacy of a values row (the inverse of what BatchPacker stores). */
export function inputOfValues(values: readonly (string | number | null)[]): CandidacyInput {
  const o: Record<string, unknown> = {};
  for (let c = 0; c < NCOL; c++) o[FIELDS[c]!] = KIND[c] === BOOL ? values[c] === 1 : values[c];
  return o as unknown as CandidacyInput;
}

/** The facts the criteria judge, straight from a values row (the import's hot path). */
export function factsOfValues(v: readonly (string | number | null)[], addressesDiffer = false): CandidacyFacts {
  const docs = v[COL.documents] as string;
  return {
    kind: v[COL.kind] as CandidacyFacts['kind'],
    companyRevenueCents: v[COL.company_revenue_eur] as number,
    isExecutive: v[COL.is_executive] === 1,
    annualIncomeCents: v[COL.annual_income_eur] as number,
    preventelListed: v[COL.preventel_listed] === 1,
    operatorUnpaid: v[COL.operator_unpaid] === 1,
    bankingBan: v[COL.banking_ban] === 1,
    sponsorMemberNo: v[COL.sponsor_member_no] as string | null,
    invitedByParnasse: v[COL.invited_by_parnasse] === 1,
    charterAccepted: v[COL.charter_accepted] === 1,
    lineTechnology: v[COL.line_technology] as string,
    orangeSubscriptions: v[COL.orange_subscriptions] as number,
    incompatibleOffer: v[COL.incompatible_offer] === 1,
    iban: v[COL.iban] as string | null,
    documents: docs === '' ? [] : docs.split('|'),
    idExpiresOn: v[COL.id_expires_on] as string | null,
    foreignNational: v[COL.foreign_national] === 1,
    residenceCardExpiresOn: v[COL.residence_card_expires_on] as string | null,
    appliedOn: v[COL.applied_on] as string,
    addressesDiffer,
  };
}

/**
 * Reads, parses and validates `opts.file`, calling `emit` with a batch per parsed chunk
 * (and one last batch for trailing errors). Header errors and unreadable files reject
 * with InvalidInputError, as readCsv does. `flow` receives readCsv's backpressure handle.
 */
export function produceBatches(opts: ProducerOptions, emit: (b: PackedBatch) => void, flow?: (c: FlowControl) => void): Promise<CsvSummary> {
  const source = path.basename(opts.file);
  const pos: number[] = CANDIDACY_COLUMNS.map(() => -1);
  let errors: RowError[] = [];
  let bytesRead = 0;
  let fields: string[] = [];
  const get = (c: CandidacyColumn): string => {
    const i = pos[COL[c]]!;
    return i < 0 ? '' : fields[i]!;
  };
  const flush = (packer: BatchPacker) => {
    const batch = packer.finish(errors.length > 1 ? errors.sort((a, b) => a.line - b.line) : errors, bytesRead);
    errors = [];
    emit(batch);
  };
  return readCsv(
    opts.file,
    { delimiter: opts.delimiter, encoding: opts.encoding, chunkBytes: IMPORT_CHUNK_BYTES },
    {
      header(h: CsvHeader) {
        const map = checkColumns(h.columns, { required: REQUIRED_COLUMNS, optional: OPTIONAL_COLUMNS });
        if (map.errors.length) {
          throw new InvalidInputError(headerMismatch(source, 'candidacy', map.errors), map.errors, {
            inserted: 0,
            updated: 0,
            unchanged: 0,
          });
        }
        for (const [i, c] of CANDIDACY_COLUMNS.entries()) pos[i] = map.index.get(c) ?? -1;
      },
      records(batch: CsvRecord[]) {
        const packer = new BatchPacker(batch.length);
        for (const rec of batch) {
          fields = rec.fields;
          const v = validateCandidacy(get, rec.line);
          if (v.ok) packer.add(v.input, rec.line);
          else for (const e of v.errors) errors.push(e);
        }
        flush(packer);
      },
      error(e: RowError) {
        errors.push(e);
      },
      progress(b: number) {
        bytesRead = b;
      },
      flow,
    },
  ).then((summary) => {
    if (errors.length) flush(new BatchPacker(0));
    return summary;
  });
}

/** An error as posted from the worker (an InvalidInputError keeps its row errors and details). */
export type WireError =
  | { invalid: true; message: string; errors: RowError[]; details: Record<string, unknown> | undefined }
  | { invalid: false; message: string; stack: string | undefined };

export function toWire(e: unknown): WireError {
  if (e instanceof InvalidInputError) return { invalid: true, message: e.message, errors: e.errors, details: e.details };
  const err = e instanceof Error ? e : new Error(String(e));
  return { invalid: false, message: err.message, stack: err.stack };
}

export function fromWire(w: WireError): Error {
  if (w.invalid) return new InvalidInputError(w.message, w.errors, w.details);
  const e = new Error(w.message);
  if (w.stack) e.stack = w.stack;
  return e;
}

/** Messages from the import worker to the main thread. */
export type WorkerMessage = { t: 'batch'; batch: PackedBatch } | { t: 'done'; summary: CsvSummary } | { t: 'fail'; error: WireError };

/** Batches posted and not yet acknowledged before the worker stops reading. */
export const MAX_IN_FLIGHT = 4;

/**
 * Bytes read and parsed at a time (one batch): small enough that a parsed chunk dies
 * young in a small young generation (see WORKER_YOUNG_GENERATION_MB): 64 KB measured
 * as fast as 256 KB on 100 000 rows, with a lower peak RSS on 1 000 000.
 */
export const IMPORT_CHUNK_BYTES = 64 * 1024;

/**
 * The worker's young generation (MB). V8's default lets it grow to ~48 MB, which with
 * the main thread's heap took 1 000 000-row imports over 200 MB of RSS; 12 MB costs no
 * measurable time with 64 KB batches (peak ~140 MB).
 */
export const WORKER_YOUNG_GENERATION_MB = 12;
