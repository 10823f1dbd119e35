import type { documents as en } from '../en/documents.js';

export const documents: Record<keyof typeof en, string> = {
  "documents.sepa.collection_after_pay_by": "la date de prélèvement {collection} est après la date limite de paiement {pay_by} : le membre serait en retard du fait du club",
  "documents.sepa.collection_not_after_export": "la date de prélèvement {collection} doit suivre la date de l'export {on}",
  "documents.out.no_dir": "{flag} {path} : ce répertoire n'existe pas",
  "documents.out.not_dir": "{flag} {path} : ce n'est pas un répertoire",
  "documents.out.not_writable": "{flag} {path} : écriture impossible",
  "documents.out.is_dir": "{flag} {path} : c'est un répertoire, un nom de fichier est attendu",
} as const;
