/**
 * One cell of a CSV meant for a spreadsheet (the accounting export). Quoted when it holds the
 * separator, a quote or a line break; and a text beginning with `=`, `+`, `-`, `@`, a tab or a
 * carriage return — a name from a partner's file, a label — is neutralised by a leading `'`
 * (OWASP "CSV injection"): a spreadsheet shows it as text instead of running it as a formula.
 * Only for text: amounts are written by the export itself and keep their minus sign.
 */
export function spreadsheetCell(v: string, sep: string): string {
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /["\r\n\t]/.test(s) || s.includes(sep) ? `"${s.replace(/"/g, '""')}"` : s;
}
