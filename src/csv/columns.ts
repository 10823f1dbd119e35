/** Header checks: every required column present, no unknown column, no duplicate. */
import { t } from '../i18n/index.js';
import type { RowError } from '../errors.js';

export interface ColumnSpec {
  required: readonly string[];
  optional?: readonly string[];
}

export interface ColumnMap {
  /** Position of each known column in the records. */
  index: Map<string, number>;
  errors: RowError[];
}

/** Header names are compared trimmed and case-insensitively; the canonical name is reported. */
export function checkColumns(header: readonly string[], spec: ColumnSpec): ColumnMap {
  const known = [...spec.required, ...(spec.optional ?? [])];
  const byLower = new Map(known.map((c) => [c.toLowerCase(), c]));
  const index = new Map<string, number>();
  const errors: RowError[] = [];
  header.forEach((h, i) => {
    const name = h.trim();
    const canon = byLower.get(name.toLowerCase());
    if (!canon) {
      errors.push(
        name === ''
          ? { line: 1, column: name, code: 'column_no_name', message: t('refusals.csv.no_name', { n: i + 1 }) }
          : { line: 1, column: name, code: 'unknown_column', message: t('refusals.csv.unknown_column', { name }) },
      );
    } else if (index.has(canon)) {
      errors.push({ line: 1, column: canon, code: 'column_twice', message: t('refusals.csv.twice', { name: canon }) });
    } else index.set(canon, i);
  });
  for (const c of spec.required)
    if (!index.has(c)) errors.push({ line: 1, column: c, code: 'missing_column', message: t('refusals.csv.missing_column', { name: c }) });
  return { index, errors };
}

/** The headline of a header mismatch: the first problems, then a count (each is listed by line anyway). */
export function headerMismatch(source: string, what: string, errors: readonly RowError[]): string {
  const shown = errors
    .slice(0, 3)
    .map((e) => e.message)
    .join('; ');
  const listed = errors.length > 3 ? t('refusals.csv.header_more', { shown, more: errors.length - 3 }) : shown;
  return t('refusals.csv.header_mismatch', { source, what: t(what === 'member' ? 'refusals.csv.what_member' : 'refusals.csv.what_candidacy'), shown: listed });
}
