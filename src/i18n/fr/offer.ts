/** Modifications de l’Offre autres que tarifaires (art. 9). */
import type { offer as en } from '../en/offer.js';

export const offer: Record<keyof typeof en, string> = {
  'offer.help.group': 'modifications de l’Offre autres que les prix (art. 9) : annoncées au moins un mois avant leur entrée en vigueur',
  'offer.help.announce': 'enregistre une modification de l’Offre annoncée aux membres, avec sa date d’entrée en vigueur',
  'offer.help.description': 'ce qui change',
  'offer.help.from': 'le premier jour où la modification s’applique',
  'offer.help.announced': 'le jour où les membres en ont été informés (par défaut : --date)',
  'offer.help.list': 'les modifications en vigueur le --date, de la plus ancienne à la plus récente',
  'offer.help.all': 'aussi celles annoncées et pas encore en vigueur',
  'offer.announced': 'modification {id} de l’Offre annoncée le {announced}, en vigueur à partir du {from} (art. 9)',
  'offer.empty': 'aucune modification de l’Offre',
  'offer.in_force': 'en vigueur',
  'offer.announced_only': 'annoncée',
  'offer.head.id': 'n°',
  'offer.head.from': 'à partir du',
  'offer.head.announced': 'annoncée le',
  'offer.head.state': 'état',
  'offer.head.change': 'modification',
  'offer.description_missing': 'dites ce qui change dans l’Offre',
  'offer.refused.notice': 'une modification de l’Offre annoncée le {announced} entre en vigueur au plus tôt le {earliest} (préavis d’un mois), pas le {date}',
  'offer.refused.announced_later': 'une modification ne peut être enregistrée comme annoncée le {announced}, après le {date}',
};
