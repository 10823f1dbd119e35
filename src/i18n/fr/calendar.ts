import type { calendar as en } from '../en/calendar.js';

export const calendar: Record<keyof typeof en, string> = {
  'calendar.day.0': 'dimanche',
  'calendar.day.1': 'lundi',
  'calendar.day.2': 'mardi',
  'calendar.day.3': 'mercredi',
  'calendar.day.4': 'jeudi',
  'calendar.day.5': 'vendredi',
  'calendar.day.6': 'samedi',
  'calendar.holiday': "le {date} est férié à l'adresse ({holiday}) : aucune intervention",
  'calendar.window': 'le créneau {kind} en zone de niveau {tier} est {window}',
  'calendar.wrong_day': 'le {date} est un {day} : {window}',
  'calendar.too_early': 'la visite commence à {start}, avant {from} : {window}',
  'calendar.too_late': 'la visite finirait à {end} ({start} + {minutes} min), après {to} : {window}',
  'calendar.next_day': 'le lendemain',
  'calendar.kind.technician': 'technicien',
  'calendar.kind.coach': 'coach',
  'calendar.kind.airbox': 'airbox',
  'interventions.out_of_hours': 'réservée hors heures ouvrées : jamais incluse, facturée au tarif hors heures ouvrées',
  'committee.not_ready': "la candidature {ref} est {verdict} au {date}, le comité n'examine que les candidatures prêtes : {failed}",
};
