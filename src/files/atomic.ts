/**
 * Files that leave the club are written whole or not at all: a temporary name in the same
 * directory (mode 0600), then a rename over the target. A reader never sees half a file,
 * a failure leaves nothing behind, and a temporary file left by a killed run is removed by
 * the next one that writes there (`sweepStaleTemps`).
 *
 * What an output path may be (issue 28): a regular file or nothing yet. A symbolic link is
 * followed (a chain of them too) and the file it points to is written — the link stays, and
 * the temporary file is made beside the target. A device, a FIFO or a socket (or a link to
 * one) is refused (exit 2): `--out /dev/null` must never replace /dev/null.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { BusyError, InvalidInputError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';

/** The temporary name of `target`, in the target's own folder as written (never normalised: `a/../x` keeps `a/..`). */
function tempNameFor(target: string): string {
  const dir = path.dirname(target);
  return `${dir}${path.sep}.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** A temporary file of this module: `.<name>.<pid>.<8 hex>.tmp`, and SQLite's companions of a backup. */
const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp(?:-journal|-wal|-shm)?$/;

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files a killed run left in `dir` (issue 28 item 7): those of a
 * process that no longer exists, for the file `name` only, or for every name ending in
 * `ext`. A live process's are left alone (it may be writing them). Returns what was removed.
 */
export function sweepStaleTemps(dir: string, which: { name?: string; ext?: string }): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const n of names) {
    const m = TEMP_NAME.exec(n);
    if (!m) continue;
    if (which.name !== undefined && m[1] !== which.name) continue;
    if (which.ext !== undefined && !m[1]!.endsWith(which.ext)) continue;
    if (alive(Number(m[2]))) continue;
    try {
      fs.rmSync(path.join(dir, n), { force: true });
      removed.push(n);
    } catch {
      // not ours to fix here: the write itself will say what is wrong with the folder
    }
  }
  return removed;
}

/**
 * Where writing `file` really writes: a symbolic link followed to the file it points to
 * (which may not exist yet), a relative link read from the link's own folder. A loop of
 * links is a usage error.
 */
export function followLinks(file: string, flag = '--out'): string {
  let p = file;
  for (let i = 0; i < 40; i++) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      return p;
    }
    if (!st.isSymbolicLink()) return p;
    const to = fs.readlinkSync(p);
    p = path.isAbsolute(to) ? to : path.join(path.dirname(p), to);
  }
  throw new UsageError(t('documents.out.loop', { flag, path: file }));
}

/** A clear usage error (exit 2) when `dir` is not a directory we can write into. */
export function assertWritableDir(dir: string, flag = '--out', sweepExt?: string): void {
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
  if (sweepExt !== undefined) sweepStaleTemps(dir, { ext: sweepExt });
}

/**
 * An output folder (`--out DIR`, `--letters DIR`): created like `mkdir -p` when missing, the
 * folders it makes mode 0700 (invoices and letters are personal data) — then checked as
 * `assertWritableDir` checks it. A file, a device or a link to one on the way is exit 2 naming
 * the flag; an existing folder keeps its mode.
 */
export function ensureOutDir(dir: string, flag = '--out', sweepExt?: string): void {
  let exists = true;
  try {
    fs.statSync(dir);
  } catch {
    exists = false;
  }
  if (!exists) {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR' || code === 'EEXIST') throw new UsageError(t('documents.out.not_dir', { flag, path: dir }));
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new UsageError(t('documents.out.not_writable', { flag, path: dir }));
      throw fileError(e, dir);
    }
  }
  assertWritableDir(dir, flag, sweepExt);
}

/**
 * Checks that a file can be written at `file` and returns where it will be written (links
 * followed): exit 2 for a folder, a device, a FIFO or a socket there (or a link to one), a
 * missing or read-only folder, a loop of links. The temporary files a killed run left for
 * that name are removed.
 */
export function assertWritableFile(file: string, flag = '--out'): string {
  const target = outTarget(file, flag);
  sweepStaleTemps(path.dirname(target), { name: path.basename(target) });
  return target;
}

/**
 * What every atomic write checks again just before it writes (a file of a folder such as a
 * month's PDFs is checked only here): a folder or a special file in the way is exit 4 naming
 * the file — the command line named a folder that was fine.
 */
function writeTarget(file: string, flag: string): string {
  try {
    return outTarget(file, flag);
  } catch (e) {
    if (e instanceof UsageError) throw new InvalidInputError(t('books.file.not_regular', { path: file }));
    throw e;
  }
}

/** `assertWritableFile` without the sweep. */
function outTarget(file: string, flag: string): string {
  const target = followLinks(file, flag);
  let st: fs.Stats | null = null;
  try {
    st = fs.statSync(target);
  } catch {
    st = null;
  }
  if (st) {
    if (st.isDirectory()) throw new UsageError(t('documents.out.is_dir', { flag, path: file }));
    if (!st.isFile()) throw new UsageError(t('documents.out.special', { flag, path: file }));
  }
  assertWritableDir(path.dirname(target), flag);
  return target;
}

/**
 * A file written whole or not at all: `fill` writes into a temporary 0600 file beside the
 * target (links followed), then fsync (unless `fsync: false`), the mode, the rename. On any
 * failure the temporary file is removed and the target untouched; a file-system error is
 * said as `fileError` says it, any other (a piece that could not be produced) as it is.
 */
function atomically(file: string, opts: { mode?: number; fsync?: boolean; flag?: string }, fill: (fd: number) => void): void {
  const target = writeTarget(file, opts.flag ?? '--out');
  const tmp = tempNameFor(target);
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fill(fd);
      if (opts.fsync !== false) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (opts.mode !== undefined && opts.mode !== 0o600) fs.chmodSync(tmp, opts.mode);
    fs.renameSync(tmp, target);
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
  opts: { mode?: number; fsync?: boolean; flag?: string } = {},
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
export async function writeAtomicWith(file: string, fill: (tmp: string) => Promise<void> | void, flag = '--out'): Promise<void> {
  const target = writeTarget(file, flag);
  const tmp = tempNameFor(target);
  try {
    fs.closeSync(fs.openSync(tmp, 'wx', 0o600));
    await fill(tmp);
    const fd = fs.openSync(tmp, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
  } catch (e) {
    for (const f of [tmp, `${tmp}-journal`, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
    throw fileError(e, file);
  }
}

/**
 * The disk `file` is on, named by its mount point: the highest folder above it on the same
 * device (`/` when nothing can be read).
 */
export function diskOf(file: string): string {
  let dir = path.resolve(path.dirname(file));
  let dev: number;
  try {
    dev = fs.statSync(dir).dev;
  } catch {
    return dir;
  }
  for (;;) {
    const up = path.dirname(dir);
    if (up === dir) return dir;
    try {
      if (fs.statSync(up).dev !== dev) return dir;
    } catch {
      return dir;
    }
    dir = up;
  }
}

/** Exit 5: the disk of a file being written is full; says which disk and what was written before it. */
export class DiskFullError extends BusyError {
  constructor(
    readonly file: string,
    written?: { files: readonly string[]; total?: number },
  ) {
    const base = t('books.file.full', { path: file, disk: diskOf(file) });
    const already =
      written && written.files.length > 0 ? t('books.file.already', { files: listWritten(written.files, written.total) }) : t('books.file.none_before');
    super(`${base}; ${already}`, 'unavailable');
  }
}

/** At most this many of the files already written are named in a message (then "and N more"). */
const LISTED = 10;

/** "a.pdf, b.pdf and 3 more" — the files a failure left written (in the language of the run). */
export function listWritten(files: readonly string[], total = files.length): string {
  const shown = files.slice(0, LISTED).join(', ');
  return total > LISTED ? t('books.file.and_more', { files: shown, more: total - LISTED }) : shown;
}

/**
 * A file-system failure as users should see it (never "a bug"): exit 5 for a full disk —
 * naming the disk of `file` and, when given, the files already written before it — exit 4
 * for a file that cannot be written, 2 for a folder missing on the way.
 */
export function fileError(e: unknown, file: string, written?: { files: readonly string[]; total?: number }): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return e;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') return new DiskFullError(file, written);
  if (!/^E[A-Z]+$/.test(code)) return e;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new InvalidInputError(t('books.file.denied', { path: file }));
  if (code === 'ENOTDIR' || code === 'ELOOP') return new UsageError(t('documents.out.no_dir', { flag: '--out', path: path.dirname(file) }));
  return new InvalidInputError(t('books.file.failed', { path: file, detail: (e as Error).message }));
}

/** Streams `source` into `file` atomically: nothing appears at `file` unless the stream ends well. */
export async function streamToFileAtomic(file: string, source: Readable): Promise<void> {
  const target = writeTarget(file, '--out');
  const tmp = tempNameFor(target);
  try {
    await pipeline(source, fs.createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw fileError(e, file);
  }
}

/** A file written in pieces under a temporary name: `commit()` renames it into place, `abort()` removes it. */
export class AtomicWriter {
  private readonly target: string;
  private readonly tmp: string;
  private fd: number | null;
  constructor(
    private readonly file: string,
    flag = '--out',
  ) {
    this.target = writeTarget(file, flag);
    this.tmp = tempNameFor(this.target);
    try {
      this.fd = fs.openSync(this.tmp, 'wx', 0o600);
    } catch (e) {
      throw fileError(e, file);
    }
  }
  write(chunk: string | Uint8Array): void {
    if (this.fd === null) throw new Error('AtomicWriter: already closed');
    try {
      fs.writeSync(this.fd, chunk as string);
    } catch (e) {
      throw fileError(e, this.file);
    }
  }
  commit(): void {
    if (this.fd === null) return;
    try {
      fs.fsyncSync(this.fd);
      fs.closeSync(this.fd);
      this.fd = null;
      fs.renameSync(this.tmp, this.target);
    } catch (e) {
      this.abort();
      throw fileError(e, this.file);
    }
  }
  abort(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    fs.rmSync(this.tmp, { force: true });
  }
}
