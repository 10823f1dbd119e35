/**
 * Input files given on the command line (CSV imports, bank returns, anchors): checked
 * before anything reads them — and before the database is opened — so that a folder, a
 * pipe, a device or an unreadable file is one clear line (exit 2 for a missing path, 4
 * otherwise): never a hang on a FIFO nor "this is a bug".
 */
import fs from 'node:fs';
import { InvalidInputError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { codePoint, controlInCell, mayHoldControl } from '../text/controls.js';

/** Throws the user-facing error for a path that cannot be read as a regular file; returns its size. */
export function checkInputFile(file: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw Object.assign(new UsageError(t('books.input.missing', { file })), { missing: true });
    if (code === 'EACCES') throw new InvalidInputError(t('books.input.denied', { file }));
    throw new InvalidInputError(t('books.input.failed', { file, detail: (e as Error).message }));
  }
  if (st.isDirectory()) throw new InvalidInputError(t('books.input.folder', { file }));
  if (st.isFIFO()) throw new InvalidInputError(t('books.input.fifo', { file }));
  if (st.isSocket()) throw new InvalidInputError(t('books.input.socket', { file }));
  if (!st.isFile()) throw new InvalidInputError(t('books.input.device', { file }));
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new InvalidInputError(t('books.input.denied', { file }));
  }
  return st.size;
}

/** Reads a small text input file (UTF-8, a BOM dropped) after `checkInputFile`. */
export function readTextInput(file: string): string {
  checkInputFile(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new InvalidInputError(t('books.input.denied', { file }));
    throw new InvalidInputError(t('books.input.failed', { file, detail: code ?? (e as Error).message }));
  }
  // no control character (issue 12): the text ends up stored and shown
  if (mayHoldControl(text)) {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const ch = controlInCell(lines[i]!);
      if (ch !== null) throw new InvalidInputError(t('text.control.file', { file, line: i + 1, code: codePoint(ch) }));
    }
  }
  return text;
}
