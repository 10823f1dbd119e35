/**
 * Names compared as people say them (issue 11: possible duplicate candidacies, one coach in
 * one place): accents removed, lower case, separators folded. Pure text, no rule of its own.
 */

const NON_ASCII = /[^\u0000-\u007f]/;

/** A name folded: accents removed, lower case, spaces, hyphens, apostrophes and dots as one space. */
export function foldName(s: string): string {
  // decomposing is the costly part (bulk imports fold every name): only when there is something to decompose
  const plain = NON_ASCII.test(s) ? s.normalize('NFD').replace(/\p{M}/gu, '') : s;
  return plain
    .toLowerCase()
    .replace(/[\s\-'’.]+/g, ' ')
    .trim();
}

/**
 * The key two texts naming the same thing share (issue 24: found the same way everywhere —
 * candidacies, coaches, addresses, device labels, the rewards catalogue): `foldName`, then
 * nothing but letters and digits. "12, Rue de l'Église." and "12 rue de l’eglise" are one.
 */
export function foldKey(s: string): string {
  return foldName(s).replace(/[^\p{L}\p{N}]/gu, '');
}
