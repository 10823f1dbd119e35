/** Dommages et intérêts versés et plafonds de responsabilité (art. 11.1). */
import type { damages as en } from '../en/damages.js';

export const damages: Record<keyof typeof en, string> = {
  'damages.help.group': 'dommages et intérêts versés à un membre (art. 11.1), dans les plafonds par incident et par année civile',
  'damages.help.add': 'enregistre des dommages et intérêts versés au membre (un paiement, pas un avoir), refusés au-delà des plafonds',
  'damages.help.amount': 'la somme versée, en euros',
  'damages.help.incident': 'la date de l’évènement qui a causé le préjudice',
  'damages.help.reason': 'ce que les dommages et intérêts réparent',
  'damages.help.method': 'le moyen de paiement',
  'damages.help.list': 'les dommages et intérêts versés au plus tard le --date, du plus ancien au plus récent',
  'damages.paid':
    '{amount} de dommages et intérêts versés au membre {member} le {date} (incident du {incident}) ; reste sous les plafonds : {incident_left} pour cet incident, {annual_left} en {year}',
  'damages.cap.left': 'déjà versé : {incident_paid} pour cet incident (reste {incident_left}) ; {year_paid} en {year} (reste {annual_left})',
  'damages.empty': 'aucun dommage et intérêt versé',
  'damages.head.paid_on': 'versé le',
  'damages.head.incident': 'incident',
  'damages.head.amount': 'montant',
  'damages.head.reason': 'motif',
  'damages.reason_missing': 'dites ce que les dommages et intérêts réparent (--reason)',
  'damages.refused.amount': 'des dommages et intérêts versés sont un montant positif',
  'damages.refused.future_incident': 'l’incident du {incident} n’a pas eu lieu le {date}',
  'damages.refused.incident_cap': '{amount} dépasse le plafond de l’incident du {incident} : {cap} facturés dans les 6 mois qui le précèdent, reste {left}',
  'damages.refused.annual_cap':
    '{amount} dépasse le plafond de l’année civile {year} : {cap} facturés dans les 9 mois précédant le dernier incident, reste {left}',
};
