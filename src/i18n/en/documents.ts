/** `documents`: what leaves the club — PDFs, SEPA files, exports, e-mails (issue 9). */
export const documents = {
  "documents.sepa.collection_after_pay_by": "collection date {collection} is after the pay-by date {pay_by}: the member would be late by the club's own doing",
  "documents.sepa.collection_not_after_export": "collection date {collection} must be after the export date {on}",
  "documents.out.no_dir": "{flag} {path}: no such directory",
  "documents.out.not_dir": "{flag} {path}: not a directory",
  "documents.out.not_writable": "{flag} {path}: not writable",
  "documents.out.is_dir": "{flag} {path}: is a directory, a file name is expected",
} as const;
