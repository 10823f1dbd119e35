import type { imports as en } from '../en/imports.js';

export const imports: Record<keyof typeof en, string> = {
  'imports.company_required': 'vide : exigé pour un membre société',
  'imports.subscriptions': '{message} (art. 3.4 : un ou deux abonnements Orange)',
  'imports.not_option': "« {item} » n'est pas une option (une de {options})",
  'imports.option_qty': '« {item} » : la quantité doit être un nombre entier positif',
  'imports.option_twice': "l'option {option} est donnée deux fois",
  'imports.not_month': "« {value} » n'est pas un mois (AAAA-MM)",
  'imports.member_twice': "le membre {member_no} figure deux fois dans le fichier (d'abord ligne {first})",
  'imports.outside_zone': 'le département {department} est hors de la zone de couverture (art. 3.1)',
  'imports.number_taken': "le numéro de membre {member_no} appartient déjà à {name} : un numéro n'est jamais réattribué",
  'imports.ref_twice': 'la référence « {ref} » figure deux fois dans le fichier',
  'imports.ref_twice_at': "la référence « {ref} » figure deux fois dans le fichier (d'abord ligne {first})",
  'imports.decided': 'la candidature {ref} est déjà {status} : elle ne peut plus être modifiée (modifié : {changed})',
};
