/** A rule's answer: pass or fail, with the article of the contract it comes from. */
export interface Check {
  id: string;
  pass: boolean;
  article: string;
  message: string;
}

export type Decision<T = undefined> =
  | ({ ok: true; article: string } & (T extends undefined ? { value?: undefined } : { value: T }))
  | { ok: false; article: string; reason: string };

export const pass = (id: string, article: string, message: string): Check => ({ id, pass: true, article, message });
export const fail = (id: string, article: string, message: string): Check => ({ id, pass: false, article, message });
export const check = (id: string, article: string, ok: boolean, message: string): Check => ({ id, pass: ok, article, message });

export function refused(article: string, reason: string): { ok: false; article: string; reason: string } {
  return { ok: false, article, reason };
}
