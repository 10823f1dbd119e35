/** What `bill pdf`, `bill xml`, `bill export` and `bill send` share: a month, or invoice numbers. */
import { UsageError } from '../../../errors.js';
import { t } from '../../../i18n/index.js';

export function monthArg(value: unknown, flag = '--month'): string {
  const s = String(value ?? '').trim();
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new UsageError(t('documents.month_expected', { flag, value: s }));
  return s;
}

/** Invoice numbers or `--month`, exactly one of them. */
export function selection(numbers: readonly string[] | undefined, month: string | undefined): { numbers?: string[]; month?: string } {
  const list = numbers ?? [];
  if (list.length > 0 === (month !== undefined)) throw new UsageError(t('documents.pick_invoices_or_month'));
  return month !== undefined ? { month: monthArg(month) } : { numbers: list.map(String) };
}
