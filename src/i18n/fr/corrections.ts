import type { corrections as en } from '../en/corrections.js';

export const corrections: Record<keyof typeof en, string> = {
  'corrections.nothing_given': 'indiquez au moins un champ à corriger : {flags}',
  'corrections.candidacy_member': 'la candidature {ref} est devenue le membre {member_no} : corrigez plutôt le membre (parnasse member edit {member_no} …)',
  'corrections.accepted_breaks':
    "la candidature {ref} est {status} : cette correction ferait échouer {check} ({detail}) ; le comité a décidé sur les données telles qu'elles étaient — retirez la candidature et déposez-en une nouvelle",
  'corrections.member_purged': 'les données du membre {member_no} ont été effacées le {purged_on} : un membre purgé ne peut pas être corrigé',
  'corrections.uncovered': "l'adresse corrigée ({postal_code}) est hors des zones de couverture alors que le contrat du membre {member_no} est en cours",
  'corrections.iban_mandate_clear':
    'le membre {member_no} a un mandat SEPA en cours ({rum}) : son IBAN peut être changé, pas supprimé ; enregistrez un autre mandat avec parnasse member mandate {member_no} …',
  'corrections.no_main_address': "le membre {member_no} n'a pas d'adresse principale",
  'corrections.no_address': "le membre {member_no} n'a pas d'adresse {address_id} (voir parnasse member show {member_no})",
  'corrections.unchanged_candidacy': 'Candidature {ref} : rien à changer (les valeurs données sont celles enregistrées).',
  'corrections.unchanged_member': 'Membre {member_no} : rien à changer (les valeurs données sont celles enregistrées).',
  'corrections.done_candidacy': 'Candidature {ref} corrigée :',
  'corrections.done_member': 'Membre {member_no} corrigé :',
  'corrections.mandate_amended':
    'Le mandat SEPA {rum} garde sa référence et prélève désormais le nouvel IBAN ; le prochain prélèvement signale le changement à la banque (amendement).',
  'corrections.mandate_moved': 'Le mandat SEPA {rum} garde sa référence et prélève désormais le nouvel IBAN (jamais prélevé : rien à signaler à la banque).',
  'corrections.h.field': 'champ',
  'corrections.h.before': 'avant',
  'corrections.h.after': 'après',
  'corrections.f.zone': 'Zone',
  'corrections.f.status': 'Statut',
  'corrections.f.mandate_iban': 'IBAN du mandat SEPA',
  'corrections.none': '(aucun)',
  'corrections.candidate.desc': 'Corriger une candidature : nom, prénom, e-mail, téléphone, adresse, IBAN (avant/après au journal)',
  'corrections.member.desc': 'Corriger un membre : nom, prénom, e-mail, téléphone, IBAN (le mandat SEPA suit), une adresse (avant/après au journal)',
  'corrections.arg.member_no': 'numéro de membre',
  'corrections.opt.address': "l'adresse à corriger : n° d'un site supplémentaire (member show) ; par défaut l'adresse principale",
  'corrections.opt.clear': 'une valeur vide ("") efface un champ facultatif (téléphone, IBAN, raison sociale d\'une personne)',
  'candidate.dupe.possible': 'la candidature {ref} est peut-être un doublon de {existing} ({matches})',
  'candidate.dupe.possible_line': 'ligne {line} : la candidature {ref} est peut-être un doublon de {existing} ({matches})',
  'candidate.dupe.name_postal_code': 'mêmes nom et code postal',
  'candidate.dupe.email': 'même e-mail',
  'candidate.dupe.iban': 'même IBAN',
  'candidate.dupe.omitted': '… et {count} autres doublons possibles',
};
