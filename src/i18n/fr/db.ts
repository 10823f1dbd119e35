import type { db as en } from '../en/db.js';

export const db: Record<keyof typeof en, string> = {
  'db.group': 'la base de données : migrer, vérifier, sauvegarder',
  'db.migrate.desc': 'crée la base si besoin et applique les migrations en attente (fait aussi à chaque démarrage)',
  'db.migrate.done': '{path} : {count} migrations appliquées',
  'db.check.desc':
    "intégrité, clés étrangères, chaîne d'empreintes de l'audit, séries de factures et d'avoirs sans trou, numéros de membre uniques, totaux, factures et paiements inchangés depuis leur enregistrement (code 4 en cas de problème)",
  'db.check.anchors_default': 'sceaux lus dans {file} (la facturation mensuelle les y écrit ; --anchors FICHIER pour un autre fichier)',
  'db.check.opt_anchors':
    "prouve aussi que le journal d'audit prolonge chaque tête scellée dans FILE (`db seal --out FILE`) ; par défaut : $PARNASSE_ANCHORS, sinon DB.seals à côté de la base, s'il existe (là où `bill run` scelle)",
  'db.check.problems': 'Problèmes :',
  'db.check.found': 'db check a trouvé {count} problème(s)',
  'db.check.n_problems': '{count} problème(s)',
  'db.check.damaged': 'le fichier est endommagé : {detail}',
  'db.check.unreadable':
    'les vérifications suivantes se sont arrêtées : une page du fichier est illisible ({detail}) ; restaurez la dernière sauvegarde (faite par `parnasse db backup`)',
  'db.check.more': '… et {count} de plus',
  'db.check.ok.integrity': 'PRAGMA integrity_check : ok',
  'db.check.ok.foreign_keys': 'aucune référence orpheline',
  'db.check.ok.append_only': "déclencheurs d'ajout seul en place (journal d'audit, factures, lignes, paiements)",
  'db.check.ok.gapless_series': '{invoices} facture(s) et avoir(s) en {series} série(s) sans trou',
  'db.check.ok.member_numbers': "numéros de membre uniques, le compteur au-delà d'eux",
  'db.check.ok.totals': 'sommes des lignes égales aux totaux, HT + TVA = TTC, HT calculé par ligne',
  'db.check.ok.settlements': 'aucune facture payée ou créditée au-delà de son total ; soldes créditeurs utilisés ou remboursés une fois au plus',
  'db.check.ok.unchanged_since_issue': "chaque facture, ligne et paiement correspond à l'audit de son émission",
  'db.check.ok.schema': 'tables, index et vues exactement tels que les migrations les définissent',
  'db.check.ok.billing_cursors': 'chaque curseur de facturation égale le dernier mois des lignes qu’il résume',
  'db.check.ok.money_state': 'réglages du créancier, mandats SEPA, IBAN des membres, prix et taux légaux tels que leurs entrées d’audit les ont enregistrés',
  'db.check.ok.frozen_documents':
    "{documents} document(s) émis mentionnent ce qu'ils mentionnaient à l'émission ({legacy} émis avant que les documents soient figés), {versions} version(s) du vendeur telles qu'enregistrées",
  'db.check.ok.e_invoices':
    "{documents} document(s) concordent avec leur facture électronique (numéro, HT, TVA par catégorie et taux, TTC) ; {mixed} émis en mêlant frais de retard et lignes taxées n'en ont pas (BR-O-11)",
  'db.backup.desc': "une copie cohérente de la base à chaud (sûre pendant que d'autres écrivent) ; refuse d'écraser sans --yes",
  'db.backup.arg_file': 'le fichier de sauvegarde à écrire',
  'db.backup.opt_yes': "écraser FILE s'il existe",
  'db.backup.itself': 'le fichier de sauvegarde est la base elle-même',
  'db.backup.no_folder': "le dossier {folder} n'existe pas",
  'db.backup.overwrite': '{file} existe : l’écraser ?',
  'db.backup.not_overwritten': '{file} existe : non écrasé (ajoutez --yes)',
  'db.backup.done': 'Sauvegarde écrite dans {file} ({pages} pages, {bytes} octets).',
  'db.h.result': 'résultat',
  'db.h.check': 'contrôle',
  'db.h.detail': 'détail',
  'db.h.problem': 'problème',
};
