/**
 * Files that leave the club are written whole or not at all: a temporary name in the same
 * directory (mode 0600), then a rename over the target. A reader never sees half a file,
 * a failure leaves nothing behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { BusyError, InvalidInputError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';

function tempNameFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** A clear usage error (exit 2) when `dir` is not a directory we can write into. */
export function assertWritableDir(dir: string, flag = '--out'): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    throw new UsageError(t('documents.out.no_dir', { flag, path: dir }));
  }
  if (!st.isDirectory()) throw new UsageError(t('documents.out.not_dir', { flag, path: dir }));
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new UsageError(t('documents.out.not_writable', { flag, path: dir }));
  }
}

/** A clear usage error when a file cannot be written at `file` (its directory missing or read-only, or it is a directory). */
export function assertWritableFile(file: string, flag = '--out'): void {
  try {
    if (fs.statSync(file).isDirectory()) throw new UsageError(t('documents.out.is_dir', { flag, path: file }));
  } catch (e) {
    if (e instanceof UsageError) throw e;
  }
  assertWritableDir(path.dirname(path.resolve(file)), flag);
}

/**
 * A file written whole or not at all: `fill` writes into a temporary 0600 file in the same
 * directory (its descriptor), then fsync (unless `fsync: false`), the mode, the rename. On
 * any failure the temporary file is removed and `file` untouched; a file-system error is
 * said as `fileError` says it, any other (a piece that could not be produced) as it is.
 */
function atomically(file: string, opts: { mode?: number; fsync?: boolean }, fill: (fd: number) => void): void {
  const tmp = tempNameFor(file);
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fill(fd);
      if (opts.fsync !== false) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (opts.mode !== undefined && opts.mode !== 0o600) fs.chmodSync(tmp, opts.mode);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw fileError(e, file);
  }
}

/**
 * Writes `data` to `file` atomically (temporary file, fsync, rename), mode 0600 (or
 * `opts.mode`). `fsync: false` for batches of many small files that can be written again (PDFs).
 */
export function writeFileAtomic(
  file: string,
  data: string | Uint8Array | readonly Uint8Array[],
  opts: { mode?: number; fsync?: boolean } = {},
): void {
  atomically(file, opts, (fd) => {
    if (Array.isArray(data)) fs.writevSync(fd, data as Uint8Array[]);
    else fs.writeFileSync(fd, data as string | Uint8Array);
  });
}

/** A streamed file is written about this much at a time. */
const STREAM_CHUNK = 64 * 1024;

/**
 * Writes the pieces of `chunks` to `file` as they are produced (issue 14: a file of 100 000
 * debits is never one string), atomically as `writeFileAtomic`, ~64 KiB at a time.
 */
export function writeFileAtomicStream(file: string, chunks: Iterable<string>, opts: { mode?: number } = {}): void {
  atomically(file, opts, (fd) => {
    const put = (text: string): void => {
      const b = Buffer.from(text, 'utf8');
      for (let off = 0; off < b.length; ) off += fs.writeSync(fd, b, off, b.length - off);
    };
    let pending = '';
    for (const c of chunks) {
      pending += c;
      if (pending.length >= STREAM_CHUNK) {
        put(pending);
        pending = '';
      }
    }
    if (pending !== '') put(pending);
  });
}

/**
 * Fills a temporary 0600 file through `fill` (which receives its path: e.g. a SQLite
 * backup into it), flushes it, and renames it over `file` once `fill` has succeeded. On any
 * failure the temporary file is removed and `file` is untouched.
 */
export async function writeAtomicWith(file: string, fill: (tmp: string) => Promise<void> | void): Promise<void> {
  const tmp = tempNameFor(file);
  try {
    fs.closeSync(fs.openSync(tmp, 'wx', 0o600));
    await fill(tmp);
    const fd = fs.openSync(tmp, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    for (const f of [tmp, `${tmp}-journal`, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
    throw fileError(e, file);
  }
}

/** A file-system failure as users should see it: exit 5 for a full disk, 4 otherwise (never "a bug"). */
export function fileError(e: unknown, file: string): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return e;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') return new BusyError(t('books.file.full', { path: file }), 'unavailable');
  if (!/^E[A-Z]+$/.test(code)) return e;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new InvalidInputError(t('books.file.denied', { path: file }));
  return new InvalidInputError(t('books.file.failed', { path: file, detail: (e as Error).message }));
}

/** Streams `source` into `file` atomically: nothing appears at `file` unless the stream ends well. */
export async function streamToFileAtomic(file: string, source: Readable): Promise<void> {
  const tmp = tempNameFor(file);
  try {
    await pipeline(source, fs.createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** A file written in pieces under a temporary name: `commit()` renames it into place, `abort()` removes it. */
export class AtomicWriter {
  private readonly tmp: string;
  private fd: number | null;
  constructor(private readonly file: string) {
    this.tmp = tempNameFor(file);
    this.fd = fs.openSync(this.tmp, 'wx', 0o600);
  }
  write(chunk: string | Uint8Array): void {
    if (this.fd === null) throw new Error('AtomicWriter: already closed');
    fs.writeSync(this.fd, chunk as string);
  }
  commit(): void {
    if (this.fd === null) return;
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    this.fd = null;
    fs.renameSync(this.tmp, this.file);
  }
  abort(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    fs.rmSync(this.tmp, { force: true });
  }
}
