/**
 * The real prompts (@inquirer/prompts) in the run's language (issue 24). Inquirer writes its
 * own words: `(y/N)` after a question, `Yes`/`No` once answered (and only reads y/yes/n/no),
 * `↑↓ navigate • ⏎ select` under a list. In French a question reads `(o/N)` and takes
 * o/oui/n/non (y/yes/no too), the answer shows `Oui`/`Non`, and a list's keys say
 * `naviguer`/`choisir`. In English nothing changes: inquirer's own prompts.
 */
import { lang, t } from '../i18n/index.js';
import type { Prompter } from './io.js';

type Inquirer = typeof import('@inquirer/prompts');

/** A typed yes/no answer (`''` = the default); null when it is neither. */
export function yesNo(typed: string, dflt: boolean): boolean | null {
  const s = typed.trim().toLowerCase();
  if (s === '') return dflt;
  if (/^(o|oui|y|yes)$/.test(s)) return true;
  if (/^(n|non|no)$/.test(s)) return false;
  return null;
}

/** Inquirer's key hints (`[['↑↓', 'navigate'], ['⏎', 'select']]`) in the run's language. */
export function keysHelpTip(keys: [string, string][]): string {
  const word = (action: string): string =>
    action === 'navigate' ? t('cli.prompt.navigate') : action === 'select' ? t('cli.prompt.select') : action === 'submit' ? t('cli.prompt.submit') : action;
  return keys.map(([key, action]) => `${key} ${word(action)}`).join(' • ');
}

/** The prompter over inquirer: as it is in English, with French words in French. */
export function inquirerPrompter(inquirer: Inquirer): Prompter {
  if (lang() !== 'fr')
    return {
      input: (q) => inquirer.input(q),
      select: (q) => inquirer.select(q),
      confirm: (q) => inquirer.confirm(q),
    };
  return {
    input: (q) => inquirer.input(q),
    select: (q) => inquirer.select({ ...q, theme: { style: { keysHelpTip } } }),
    confirm: async (q) => {
      const dflt = q.default ?? true;
      const typed = await inquirer.input({
        message: `${q.message} ${dflt ? t('cli.prompt.yes_no_default_yes') : t('cli.prompt.yes_no_default_no')}`,
        validate: (v) => (yesNo(v, dflt) === null ? t('cli.prompt.yes_no_answer') : true),
        transformer: (v, { isFinal }) => (isFinal ? (yesNo(v, dflt) ? t('common.yes') : t('common.no')) : v),
      });
      return yesNo(typed, dflt)!;
    },
  };
}
