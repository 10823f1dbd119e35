/**
 * Input files given on the command line (CSV imports, anchors): checked before anything
 * reads them, so that a folder, a pipe, a device or an unreadable file is one clear line
 * (exit 2 for a missing path, 4 otherwise) — never a hang on a FIFO nor "this is a bug".
 */
import fs from 'node:fs';
import { InvalidInputError, UsageError } from '../errors.js';

/** Throws the user-facing error for a path that cannot be read as a regular file; returns its size. */
export function checkInputFile(file: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw Object.assign(new UsageError(`no file ${file}`), { missing: true });
    if (code === 'EACCES') throw new InvalidInputError(`cannot read ${file}: permission denied`);
    throw new InvalidInputError(`cannot read ${file}: ${(e as Error).message}`);
  }
  if (st.isDirectory()) throw new InvalidInputError(`${file} is a folder, not a file`);
  if (st.isFIFO()) throw new InvalidInputError(`${file} is a pipe (FIFO), not a file: save the data to a file first`);
  if (st.isSocket()) throw new InvalidInputError(`${file} is a socket, not a file`);
  if (!st.isFile()) throw new InvalidInputError(`${file} is a device, not a file`);
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new InvalidInputError(`cannot read ${file}: permission denied`);
  }
  return st.size;
}

/** Reads a small text input file (UTF-8, a BOM dropped) after `checkInputFile`. */
export function readTextInput(file: string): string {
  checkInputFile(file);
  try {
    return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new InvalidInputError(`cannot read ${file}: ${(e as Error).message}`);
  }
}
