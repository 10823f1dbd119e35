import type { dupes as en } from '../en/dupes.js';

export const dupes: Record<keyof typeof en, string> = {
  'dupes.site': 'le membre {member_no} a déjà ce site : adresse n° {address_id}, {street}, {postal_code} {city} (ajoutée le {added_on})',
  'dupes.device': 'le membre {member_no} a déjà un appareil nommé « {label} » : appareil n° {device_id}, ajouté le {added_on}',
  'dupes.visit': 'le membre {member_no} a déjà une intervention à cette heure : intervention n° {id}, {kind}, de {start} à {end}',
  'dupes.coach': 'le coach {coach} est déjà réservé à cette heure : intervention n° {id}, membre {member_no}, {postal_code}, de {start} à {end}',
};
