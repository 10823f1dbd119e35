/** The English catalogue: one namespace file per capability, combined here. */
import { common } from './common.js';
import { settings } from './settings.js';
import { documents } from './documents.js';

export const en = {
  ...common,
  ...settings,
  ...documents,
};

export type Catalogue = typeof en;
