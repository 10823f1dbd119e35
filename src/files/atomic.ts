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
import { UsageError } from '../errors.js';
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

/** Writes `data` to `file` atomically (temporary file, fsync, rename), mode 0600. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = tempNameFor(file);
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
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
