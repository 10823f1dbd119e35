/** Lists and tables (src/cli/output.ts): what a list says besides its rows. */
export const list = {
  'list.empty': 'No rows.',
  'list.window': 'rows {from}–{to} of {total}',
  'list.more': 'rows {from}–{to} of {total}; the next ones: --offset {next}',
  'list.more_all': 'rows {from}–{to} of {total}; the next ones: --offset {next}, all of them: --limit 0 (or pipe into less)',
  'list.opt.limit': 'at most N rows (0: all; default all, one page on a terminal)',
  'list.opt.offset': 'skip the first N rows',
  'list.opt.wide': 'every column, nothing cut, whatever the width of the terminal',
  'list.opt.no_pager': 'long lists on a terminal are printed whole, not through $PAGER (less -FRX)',
} as const;
