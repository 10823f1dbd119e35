/**
 * The environment of a spawned binary whose English output a test asserts: the machine's
 * locale must not decide the language (LANG=C; LC_ALL, LC_MESSAGES and PARNASSE_LANG removed).
 */
export function englishEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C', ...extra };
  for (const k of ['LC_ALL', 'LC_MESSAGES', 'PARNASSE_LANG']) if (!(k in extra)) delete env[k];
  return env;
}
