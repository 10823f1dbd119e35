import type { text as en } from '../en/text.js';

export const text: Record<keyof typeof en, string> = {
  'text.control.arg':
    '{flag} : un caractère de contrôle ({code}) n’est pas du texte : refusé (séquences d’échappement du terminal, NUL, marques de direction invisibles)',
  'text.control.cell': 'un caractère de contrôle ({code}) n’est pas du texte : refusé',
  'text.control.file': '{file}, ligne {line} : un caractère de contrôle ({code}) n’est pas du texte : refusé',
  'text.control.argument': 'argument {n}',
  'text.utf16_no_bom':
    '{file} est en UTF-16 sans marque d’ordre des octets (BOM) : enregistrez-le en « CSV UTF-8 » (ou en UTF-16 avec sa BOM, comme le « Texte Unicode » d’Excel)',
  'text.utf16_no_bom_row': 'UTF-16 sans marque d’ordre des octets (BOM)',
};
