/**
 * Byte → text decoding for CSV files from office spreadsheets: UTF-8 (with or without
 * BOM) or Windows-1252 ("latin1" on the command line), detected from the file's start;
 * UTF-16 (Excel's "Unicode text") when it starts with its byte-order mark. UTF-16 without
 * one is named in a clear refusal rather than read as garbage.
 */
import { t } from '../i18n/index.js';
import fs from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';
import { encodingLabel, type Encoding } from './encoding.js';

export { encodingLabel, type Encoding } from './encoding.js';
export type EncodingChoice = 'auto' | 'utf8' | 'latin1';

const DECODER_LABEL = { utf8: 'utf-8', utf16le: 'utf-16le', utf16be: 'utf-16be' } as const;

/** How many bytes are sniffed to detect the encoding and the delimiter. */
export const SNIFF_BYTES = 64 * 1024;

export interface Sniffed {
  encoding: Encoding;
  bom: boolean;
  /** The decoded start of the file (up to SNIFF_BYTES), BOM removed. */
  sample: string;
  /** The file has no byte at all. */
  empty: boolean;
}

const hasUtf8Bom = (b: Buffer) => b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
const utf16Bom = (b: Buffer): 'utf16le' | 'utf16be' | null =>
  b.length >= 2 && b[0] === 0xff && b[1] === 0xfe ? 'utf16le' : b.length >= 2 && b[0] === 0xfe && b[1] === 0xff ? 'utf16be' : null;

/** UTF-16 text without a BOM: in ASCII-heavy text every other byte is NUL. */
function looksUtf16WithoutBom(b: Buffer): boolean {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 8) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  return Math.max(even, odd) > n / 2 / 3;
}

/** Thrown for a file that is UTF-16 without the byte-order mark that would say which. */
export class Utf16WithoutBomError extends Error {}

/** True when `bytes` is valid UTF-8 (a sequence cut at the end of the sample is accepted). */
export function looksUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Decodes a complete buffer with the given encoding (Windows-1252 for latin1). */
export function decodeBuffer(bytes: Uint8Array, encoding: Encoding): string {
  if (encoding !== 'latin1') return new TextDecoder(DECODER_LABEL[encoding], { fatal: true }).decode(bytes);
  return iconv.decode(Buffer.from(bytes), 'win1252');
}

/** Reads the start of a file and decides its encoding: BOM → UTF-8; valid UTF-8 → UTF-8; else Windows-1252. */
export function sniffFile(file: string, choice: EncodingChoice = 'auto'): Sniffed {
  const fd = fs.openSync(file, 'r');
  let n: number;
  const buf = Buffer.alloc(SNIFF_BYTES);
  try {
    n = fs.readSync(fd, buf, 0, SNIFF_BYTES, 0);
  } finally {
    fs.closeSync(fd);
  }
  const bytes = buf.subarray(0, n);
  // a UTF-16 byte-order mark decides, whatever --encoding says: it cannot be anything else
  const wide = utf16Bom(bytes);
  if (wide) {
    const sample = new TextDecoder(DECODER_LABEL[wide], { fatal: false }).decode(bytes.subarray(2), { stream: true });
    return { encoding: wide, bom: true, sample, empty: n <= 2 };
  }
  if (looksUtf16WithoutBom(bytes)) throw new Utf16WithoutBomError(t('text.utf16_no_bom_row'));
  const bom = hasUtf8Bom(bytes);
  const encoding: Encoding = choice !== 'auto' ? choice : bom || looksUtf8(bytes) ? 'utf8' : 'latin1';
  let sample: string;
  if (encoding === 'utf8') {
    sample = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(bom ? 3 : 0), { stream: true });
  } else {
    sample = iconv.decode(bytes, 'win1252');
  }
  return { encoding, bom, sample, empty: n === 0 };
}

/** Thrown by the UTF-8 decoder on bytes that are not UTF-8 (after the sniffed start). */
export class DecodeError extends Error {
  constructor(
    message: string,
    readonly byteOffset: number,
    /** The row error's code (CLI.md "Row error codes"). */
    readonly code: 'not_utf8' | 'not_encoding' | 'cut_character',
  ) {
    super(message);
  }
}

/**
 * A Transform from bytes to strings. UTF-8 is strict (an invalid byte later in the file
 * raises DecodeError rather than silently becoming U+FFFD); a UTF-8 BOM is dropped.
 */
export function decoderStream(encoding: Encoding): Transform {
  if (encoding === 'latin1') return iconv.decodeStream('win1252') as unknown as Transform;
  const dec = new TextDecoder(DECODER_LABEL[encoding], { fatal: true, ignoreBOM: false });
  const name = encodingLabel(encoding);
  let offset = 0;
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
      try {
        const s = dec.decode(chunk, { stream: true });
        offset += chunk.length;
        cb(null, s);
      } catch {
        cb(
          encoding === 'utf8'
            ? new DecodeError(t('refusals.csv.not_utf8', { offset }), offset, 'not_utf8')
            : new DecodeError(t('refusals.csv.not_encoding', { name, offset }), offset, 'not_encoding'),
        );
      }
    },
    flush(cb: TransformCallback) {
      try {
        const s = dec.decode();
        cb(null, s === '' ? undefined : s);
      } catch {
        cb(new DecodeError(t('refusals.csv.cut_character', { name }), offset, 'cut_character'));
      }
    },
  });
}
