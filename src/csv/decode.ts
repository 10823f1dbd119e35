/**
 * Byte → text decoding for CSV files from office spreadsheets: UTF-8 (with or without
 * BOM) or Windows-1252 ("latin1" on the command line), detected from the file's start.
 */
import fs from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';

export type EncodingChoice = 'auto' | 'utf8' | 'latin1';
export type Encoding = 'utf8' | 'latin1';

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
  if (encoding === 'utf8') return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
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
  const dec = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let offset = 0;
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
      try {
        const s = dec.decode(chunk, { stream: true });
        offset += chunk.length;
        cb(null, s);
      } catch {
        cb(new DecodeError(`the file is not valid UTF-8 (near byte ${offset}): pass --encoding latin1 if it is a Windows-1252 export`, offset));
      }
    },
    flush(cb: TransformCallback) {
      try {
        const s = dec.decode();
        cb(null, s === '' ? undefined : s);
      } catch {
        cb(new DecodeError('the file ends in the middle of a UTF-8 character', offset));
      }
    },
  });
}
