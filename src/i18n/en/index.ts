/** The English catalogue: one namespace file per capability, combined here. */
import { common } from './common.js';

export const en = {
  ...common,
};

export type Catalogue = typeof en;
