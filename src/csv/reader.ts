/**
 * Streaming CSV reader: decode (UTF-8 ± BOM or Windows-1252) → papaparse on a read stream
 * → batches of records with the physical line where each record starts (header = line 1,
 * quoted newlines counted). Constant memory: records are handed over chunk by chunk.
 */
import fs from 'node:fs';
import { checkInputFile } from '../files/input.js';
import { codePoint, controlInCell, mayHoldControl } from '../text/controls.js';
import { t } from '../i18n/index.js';
import Papa from 'papaparse';
import type { RowError } from '../errors.js';
import { InvalidInputError } from '../errors.js';
import { DecodeError, decoderStream, sniffFile, Utf16WithoutBomError, type Encoding, type EncodingChoice } from './decode.js';
import { countDelimiters, detectDelimiter, firstLine, type Delimiter, type DelimiterChoice } from './delimiter.js';

/** The longest cell accepted (characters). A longer one is a row error, never stored. */
export const MAX_FIELD_CHARS = 10_000;
/** A record still open after this many characters is reported (an unclosed quote) and reading stops. */
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;
/** Bytes read at a time (default). */
export const READ_CHUNK_BYTES = 262144;

export interface CsvReadOptions {
  delimiter?: DelimiterChoice;
  encoding?: EncodingChoice;
  maxFieldChars?: number;
  /** Bytes read (and parsed) at a time: READ_CHUNK_BYTES unless given. */
  chunkBytes?: number;
}

export interface CsvHeader {
  columns: string[];
  delimiter: Delimiter;
  encoding: Encoding;
  bom: boolean;
}

export interface CsvRecord {
  /** Physical line where the record starts (header = 1). */
  line: number;
  fields: string[];
}

export interface CsvSink {
  /** Called once with the header; may throw (e.g. InvalidInputError for column errors). */
  header(h: CsvHeader): void;
  /** A batch of well-formed records (right field count, fields within size). */
  records(batch: CsvRecord[]): void;
  /** A record the reader itself rejects (field count, quotes, size). */
  error(e: RowError): void;
  /** Optional progress: bytes read so far. */
  progress?(bytesRead: number): void;
  /**
   * Optional backpressure: called once, before any record, with a handle that stops
   * reading the file (records already decoded may still arrive) and starts it again.
   */
  flow?(control: FlowControl): void;
}

export interface FlowControl {
  pause(): void;
  resume(): void;
}

export interface CsvSummary {
  header: CsvHeader;
  /** Data records seen (good and bad), blank lines excluded. */
  records: number;
  /** Physical lines in the file. */
  lines: number;
  bytes: number;
}

function countNewlines(s: string): number {
  let n = 0;
  let i = s.indexOf('\n');
  while (i >= 0) {
    n++;
    i = s.indexOf('\n', i + 1);
  }
  if (n === 0 && s.indexOf('\r') >= 0) {
    // old Mac line ends inside a quoted field
    for (let j = 0; j < s.length; j++) if (s.charCodeAt(j) === 13) n++;
  }
  return n;
}

/**
 * Reads `file` and feeds `sink`. Throws InvalidInputError for a file that cannot be read
 * as CSV at all (empty, undecodable, no delimiter, unclosed quote running away).
 */
export function readCsv(file: string, opts: CsvReadOptions, sink: CsvSink): Promise<CsvSummary> {
  const maxField = opts.maxFieldChars ?? MAX_FIELD_CHARS;
  let size: number;
  try {
    size = checkInputFile(file);
  } catch (e) {
    return Promise.reject(e as Error);
  }
  let sniffed: ReturnType<typeof sniffFile>;
  try {
    sniffed = sniffFile(file, opts.encoding ?? 'auto');
  } catch (e) {
    if (!(e instanceof Utf16WithoutBomError)) throw e;
    return Promise.reject(
      new InvalidInputError(t('text.utf16_no_bom', { file }), [{ line: 1, column: null, code: 'utf16_no_bom', message: t('text.utf16_no_bom_row') }]),
    );
  }
  if (sniffed.empty || sniffed.sample.trim() === '') {
    return Promise.reject(
      new InvalidInputError(t('refusals.csv.empty', { file }), [{ line: 1, column: null, code: 'empty_file', message: t('refusals.csv.empty_row') }]),
    );
  }
  const head = firstLine(sniffed.sample);
  let delimiter: Delimiter;
  if (!opts.delimiter || opts.delimiter === 'auto') {
    const d = detectDelimiter(head);
    if (!d) {
      return Promise.reject(
        new InvalidInputError(t('refusals.csv.no_delimiter'), [{ line: 1, column: null, code: 'no_delimiter', message: t('refusals.csv.no_delimiter_row') }]),
      );
    }
    delimiter = d;
  } else {
    delimiter = opts.delimiter;
    const counts = countDelimiters(head);
    const other: Delimiter = delimiter === ',' ? ';' : ',';
    if (counts[delimiter] === 0 && counts[other] > 0) {
      return Promise.reject(
        new InvalidInputError(t('refusals.csv.wrong_delimiter', { other, delimiter }), [
          { line: 1, column: null, code: 'wrong_delimiter', message: t('refusals.csv.wrong_delimiter_row', { other, delimiter }) },
        ]),
      );
    }
  }

  return new Promise<CsvSummary>((resolve, reject) => {
    const chunkBytes = opts.chunkBytes ?? READ_CHUNK_BYTES;
    const input = fs.createReadStream(file, { highWaterMark: chunkBytes });
    const text = decoderStream(sniffed.encoding);
    let bytesRead = 0;
    let charsEmitted = 0;
    input.on('data', (b) => {
      bytesRead += (b as Buffer).length;
    });
    // control characters (issue 12) are looked for per cell only once a chunk holds one
    let controlSeen = false;
    text.on('data', (s: string) => {
      charsEmitted += s.length;
      if (!controlSeen && mayHoldControl(s)) controlSeen = true;
    });
    let failed: Error | null = null;
    const fail = (e: Error) => {
      if (failed) return;
      failed = e;
      input.destroy();
      text.destroy();
      reject(e);
    };
    input.on('error', (e) => fail(new InvalidInputError(t('refusals.csv.cannot_read', { file, detail: e.message }))));
    text.on('error', (e) => {
      if (e instanceof DecodeError) fail(new InvalidInputError(e.message, [{ line: 0, column: null, code: e.code, message: e.message }]));
      else fail(e);
    });
    input.pipe(text);
    sink.flow?.({
      pause: () => {
        if (!failed) text.pause();
      },
      resume: () => {
        if (!failed) text.resume();
      },
    });

    let header: CsvHeader | null = null;
    let nfields = 0;
    let line = 1; // physical line of the next record
    let records = 0;
    let lastProgress = 0;

    Papa.parse(
      text as unknown as NodeJS.ReadableStream,
      {
        delimiter,
        newline: undefined,
        quoteChar: '"',
        escapeChar: '"',
        header: false,
        skipEmptyLines: false,
        dynamicTyping: false,
        chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser) {
          if (failed) {
            parser.abort();
            return;
          }
          try {
            const rows = results.data;
            const rowErrors = new Map<number, string>();
            for (const e of results.errors) {
              if (typeof e.row === 'number' && !rowErrors.has(e.row)) rowErrors.set(e.row, e.message);
            }
            const batch: CsvRecord[] = [];
            for (let r = 0; r < rows.length; r++) {
              const fields = rows[r]!;
              const start = line;
              let extra = 0;
              for (let f = 0; f < fields.length; f++) {
                const v = fields[f]!;
                if (v.length > 0 && (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0)) extra += countNewlines(v);
              }
              line = start + 1 + extra;
              if (header === null) {
                header = { columns: fields.map((c) => c.trim()), delimiter, encoding: sniffed.encoding, bom: sniffed.bom };
                nfields = fields.length;
                sink.header(header);
                continue;
              }
              if (fields.length === 1 && fields[0] === '') continue; // blank line
              records++;
              const perr = rowErrors.get(r);
              if (perr) {
                sink.error({ line: start, column: null, code: 'malformed', message: t('refusals.csv.malformed', { detail: perr }) });
                continue;
              }
              if (fields.length !== nfields) {
                const other: Delimiter = delimiter === ',' ? ';' : ',';
                const hint = fields.length < nfields && fields.some((v) => v.includes(other)) ? t('refusals.csv.mixed_delimiter', { other, delimiter }) : '';
                sink.error({
                  line: start,
                  column: null,
                  code: 'field_count',
                  message: t('refusals.csv.field_count', { expected: nfields, delimiter, found: fields.length, hint }),
                });
                continue;
              }
              let tooLong = -1;
              for (let f = 0; f < fields.length; f++) if (fields[f]!.length > maxField) tooLong = f;
              if (tooLong >= 0) {
                sink.error({
                  line: start,
                  column: header.columns[tooLong] ?? null,
                  code: 'field_long',
                  message: t('refusals.csv.field_long', { max: maxField, length: fields[tooLong]!.length }),
                });
                continue;
              }
              if (controlSeen) {
                let bad = -1;
                let ch: string | null = null;
                for (let f = 0; f < fields.length && bad < 0; f++) if ((ch = controlInCell(fields[f]!)) !== null) bad = f;
                if (bad >= 0) {
                  sink.error({
                    line: start,
                    column: header.columns[bad] ?? null,
                    code: 'control_character',
                    message: t('text.control.cell', { code: codePoint(ch!) }),
                  });
                  continue;
                }
              }
              batch.push({ line: start, fields });
            }
            if (batch.length) sink.records(batch);
            if (sink.progress && bytesRead - lastProgress >= chunkBytes) {
              lastProgress = bytesRead;
              sink.progress(bytesRead);
            }
            const pending = charsEmitted - results.meta.cursor;
            if (pending > MAX_RECORD_CHARS) {
              throw new InvalidInputError(t('refusals.csv.record_long', { line, max: MAX_RECORD_CHARS }), [
                { line, column: null, code: 'record_long', message: t('refusals.csv.record_long_row', { max: MAX_RECORD_CHARS }) },
              ]);
            }
          } catch (e) {
            fail(e as Error); // first: abort() calls complete() synchronously
            parser.abort();
          }
        },
        complete() {
          if (failed) return;
          if (header === null) {
            fail(
              new InvalidInputError(t('refusals.csv.empty', { file }), [{ line: 1, column: null, code: 'empty_file', message: t('refusals.csv.empty_row') }]),
            );
            return;
          }
          sink.progress?.(size);
          resolve({ header, records, lines: line - 1, bytes: size });
        },
        error(e: Error) {
          fail(e);
        },
      } as Papa.ParseConfig<string[]> as never,
    );
  });
}
