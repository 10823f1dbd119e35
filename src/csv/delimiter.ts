/** Delimiter detection from a CSV header: `,` or `;` (the French spreadsheet export). */

export type Delimiter = ',' | ';';
export type DelimiterChoice = 'auto' | Delimiter;
export const DELIMITERS: readonly Delimiter[] = [',', ';'];

/** The first physical line of a text (quoted newlines in a header are not supported). */
export function firstLine(text: string): string {
  const i = text.search(/\r\n|\n|\r/);
  return i < 0 ? text : text.slice(0, i);
}

/** Counts `,` and `;` outside double quotes in one line. */
export function countDelimiters(line: string): Record<Delimiter, number> {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0 };
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ',' || c === ';')) counts[c]++;
  }
  return counts;
}

/**
 * The delimiter of a header line: the one of `,` and `;` that separates it. Null when
 * neither occurs (a one-column header). When both occur, the more frequent one wins
 * (a `;` file may have a `,` inside a column name only if quoted, which is skipped).
 */
export function detectDelimiter(headerLine: string): Delimiter | null {
  const c = countDelimiters(headerLine);
  if (c[','] === 0 && c[';'] === 0) return null;
  return c[';'] >= c[','] ? ';' : ',';
}
