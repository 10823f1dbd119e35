import type { text as en } from '../en/text.js';

export const text: Record<keyof typeof en, string> = {
  'text.control.arg': '{flag} : un caractère de contrôle ({code}) n’est pas du texte : refusé (séquences d’échappement du terminal, NUL, marques de direction invisibles)',
  'text.control.cell': 'un caractère de contrôle ({code}) n’est pas du texte : refusé',
  'text.control.file': '{file}, ligne {line} : un caractère de contrôle ({code}) n’est pas du texte : refusé',
  'text.control.argument': 'argument {n}',
};
