/** The encodings the CSV layer reads (no dependency: command files import it at start-up). */
export type Encoding = 'utf8' | 'latin1' | 'utf16le' | 'utf16be';

/** How an encoding is named to people. */
export function encodingLabel(e: Encoding): string {
  return e === 'latin1' ? 'Windows-1252' : e === 'utf8' ? 'UTF-8' : e === 'utf16le' ? 'UTF-16 LE' : 'UTF-16 BE';
}
