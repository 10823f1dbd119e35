/** Text that is not text: control characters refused on input (src/text/controls.ts). */
export const text = {
  'text.control.arg': '{flag}: a control character ({code}) is not text: refused (terminal escapes, NUL, invisible direction marks)',
  'text.control.cell': 'a control character ({code}) is not text: refused',
  'text.control.file': '{file}, line {line}: a control character ({code}) is not text: refused',
  'text.control.argument': 'argument {n}',
  'text.utf16_no_bom': '{file} is UTF-16 without a byte-order mark: save it as "CSV UTF-8" (or as UTF-16 with its BOM, as Excel\'s "Unicode text" does)',
  'text.utf16_no_bom_row': 'UTF-16 without a byte-order mark',
} as const;
