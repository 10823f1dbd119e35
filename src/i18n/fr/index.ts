/** The French catalogue: the same keys as the English one (the compiler and test/i18n check it). */
import type { Catalogue } from '../en/index.js';
import { billing } from './billing.js';
import { common } from './common.js';
import { settings } from './settings.js';
import { documents } from './documents.js';
import { letters } from './letters.js';
import { args } from './args.js';
import { committee } from './committee.js';
import { bill } from './bill.js';
import { list } from './list.js';
import { cli } from './cli.js';
import { enumLabels } from './enum.js';
import { member } from './member.js';
import { candidate } from './candidate.js';
import { books } from './books.js';
import { intervene } from './intervene.js';
import { db } from './db.js';
import { elig } from './elig.js';
import { calendar } from './calendar.js';
import { termination } from './termination.js';
import { dunning } from './dunning.js';
import { dataRights } from './dataRights.js';
import { guarantee } from './guarantee.js';
import { damages } from './damages.js';
import { offer } from './offer.js';
import { cooptation } from './cooptation.js';
import { pro } from './pro.js';
import { text } from './text.js';
import { bounds } from './bounds.js';
import { help } from './help.js';
import { words } from './words.js';
import { record } from './record.js';
import { imports } from './imports.js';
import { fields } from './fields.js';
import { corrections } from './corrections.js';
import { modules } from './modules.js';
import { dupes } from './dupes.js';
import { check } from './check.js';
import { interventions } from './interventions.js';
import { refusals } from './refusals.js';

export const fr: Record<keyof Catalogue, string> = {
  ...common,
  ...settings,
  ...documents,
  ...letters,
  ...args,
  ...committee,
  ...bill,
  ...billing,
  ...list,
  ...cli,
  ...enumLabels,
  ...member,
  ...candidate,
  ...books,
  ...intervene,
  ...db,
  ...elig,
  ...calendar,
  ...termination,
  ...dunning,
  ...dataRights,
  ...guarantee,
  ...damages,
  ...offer,
  ...cooptation,
  ...pro,
  ...text,
  ...bounds,
  ...help,
  ...words,
  ...record,
  ...imports,
  ...fields,
  ...corrections,
  ...modules,
  ...dupes,
  ...check,
  ...interventions,
  ...refusals,
};
