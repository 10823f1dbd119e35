import type { list as en } from '../en/list.js';

/** Listes et tableaux (src/cli/output.ts) : ce qu'une liste dit en plus de ses lignes. */
export const list: Record<keyof typeof en, string> = {
  'list.empty': 'Aucune ligne.',
  'list.window': 'lignes {from} à {to} sur {total}',
  'list.more': 'lignes {from} à {to} sur {total} ; les suivantes : --offset {next}',
  'list.more_all': 'lignes {from} à {to} sur {total} ; les suivantes : --offset {next}, toutes : --limit 0 (ou via less)',
  'list.opt.limit': 'au plus N lignes (0 : toutes ; par défaut toutes, une page sur un terminal)',
  'list.opt.offset': 'sauter les N premières lignes',
  'list.opt.wide': 'toutes les colonnes, rien de coupé, quelle que soit la largeur du terminal',
  'list.opt.no_pager': 'sur un terminal, les longues listes sont écrites en entier, sans passer par $PAGER (less -FRX)',
};
