/**
 * Input files given on the command line (CSV imports, bank returns, anchors): checked
 * before anything reads them — and before the database is opened — so that a folder, a
 * pipe, a device or an unreadable file is one clear line (exit 2 for a missing path, 4
 * otherwise): never a hang on a FIFO nor "this is a bug".
 */
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
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

/**
 * A text input file read as it goes (issue 25: a bank statement of 50 000 entries is never
 * held whole): `readTextInput`'s checks (call `checkInputFile` first), its pieces of about
 * `size` bytes decoded as UTF-8 (a character cut between two reads joins the next piece), a
 * BOM dropped, a control character refused with its line when met.
 */
export function* readTextChunks(file: string, size = 1 << 20): Generator<string> {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new InvalidInputError(t('books.input.denied', { file }));
    throw new InvalidInputError(t('books.input.failed', { file, detail: code ?? (e as Error).message }));
  }
  const decoder = new StringDecoder('utf8');
  const buf = Buffer.allocUnsafe(size);
  let line = 1;
  let first = true;
  try {
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, buf, 0, size, null);
      } catch (e) {
        throw new InvalidInputError(t('books.input.failed', { file, detail: (e as NodeJS.ErrnoException).code ?? (e as Error).message }));
      }
      let text = n === 0 ? decoder.end() : decoder.write(buf.subarray(0, n));
      if (first && text.length > 0) {
        text = text.replace(/^\uFEFF/, '');
        first = false;
      }
      if (mayHoldControl(text)) {
        const lines = text.split('\n');
        for (let i = 0; i < lines.length; i++) {
          const ch = controlInCell(lines[i]!);
          if (ch !== null) throw new InvalidInputError(t('text.control.file', { file, line: line + i, code: codePoint(ch) }));
        }
      }
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) line++;
      if (text.length > 0) yield text;
      if (n === 0) return;
    }
  } finally {
    fs.closeSync(fd);
  }
}
