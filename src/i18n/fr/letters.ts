import type { letters as en } from '../en/letters.js';

export const letters: Record<keyof typeof en, string> = {
  'letters.place_date': '{city}, le {date}',
  'letters.registered': 'Lettre recommandée avec accusé de réception',
  'letters.subject.first_notice': 'Objet : mise en demeure de payer',
  'letters.subject.second_notice': 'Objet : seconde mise en demeure de payer, avant résiliation',
  'letters.member': 'Membre n° {no}',
  'letters.salutation': 'Madame, Monsieur,',
  'letters.intro': 'Sauf erreur de notre part, les factures suivantes, arrivées à échéance, restent impayées à la date du {date} :',
  'letters.intro_second':
    'Notre mise en demeure du {first} étant restée sans effet, les factures suivantes, arrivées à échéance, restent impayées à la date du {date} :',
  'letters.suspended': "Le Service est suspendu depuis le {date} ; l'abonnement reste dû.",
  'letters.col.invoice': 'Facture',
  'letters.col.issued': 'Émise le',
  'letters.col.pay_by': 'Échéance',
  'letters.col.ttc': 'Montant TTC',
  'letters.col.claimed': 'Reste dû',
  'letters.total': 'Total réclamé',
  'letters.demand':
    'Nous vous mettons en demeure de nous régler la somme de {amount} dans un délai de huit (8) jours à compter de la date de la présente lettre, soit au plus tard le {deadline} (art. 7.3.8 du contrat).',
  'letters.next.first_notice':
    "À défaut de paiement dans ce délai, Parnasse pourra suspendre tout ou partie du Service ; l'abonnement reste dû pendant la suspension. Si la présente lettre reste elle aussi sans effet, une nouvelle mise en demeure vous sera adressée, à l'issue de laquelle Parnasse pourra résilier de plein droit le contrat huit (8) jours plus tard (art. 7.3.8).",
  'letters.next.second_notice':
    'À défaut de paiement dans ce délai, Parnasse pourra résilier de plein droit votre contrat, sans autre formalité (art. 7.3.8). Les sommes dues resteront exigibles après la résiliation.',
  'letters.penalties':
    "Ces sommes portent pénalités de retard au taux de trois fois le taux d'intérêt légal et indemnité forfaitaire pour frais de recouvrement de 40 € par facture (art. 7.3.7 ; C. com. art. L441-10 et D441-5).",
  'letters.payment': 'Règlement par virement : IBAN {iban} – BIC {bic}, en rappelant votre numéro de membre {no}.',
  'letters.ignore': 'Si vous avez réglé ces sommes entre-temps, nous vous prions de ne pas tenir compte de la présente lettre.',
  'letters.closing': "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
  'letters.signature': 'Pour {name}, la Direction',
  'letters.title.first_notice': 'Mise en demeure – membre {no}',
  'letters.title.second_notice': 'Seconde mise en demeure – membre {no}',
};
