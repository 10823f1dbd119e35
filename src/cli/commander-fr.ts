/**
 * Commander's own texts in the run's language (issue 11). Its help titles, option
 * annotations and parse errors are English literals inside commander; in French they are
 * rewritten here, pattern by pattern, from the catalogue. In English nothing is touched:
 * the text stays commander's, word for word.
 */
import { lang, t } from '../i18n/index.js';

const TITLES: [RegExp, () => string][] = [
  [/^Usage:/gm, () => t('cli.title.usage')],
  [/^Global Options:$/gm, () => t('cli.title.global_options')],
  [/^Options:$/gm, () => t('cli.title.options')],
  [/^Commands:$/gm, () => t('cli.title.commands')],
  [/^Arguments:$/gm, () => t('cli.title.arguments')],
  [/^Examples:$/gm, () => t('cli.examples')],
  [/^Example:$/gm, () => t('cli.example')],
  [/\[command\]/g, () => t('cli.usage.command')],
  [/\[options\]/g, () => t('cli.usage.options')],
];

/** Help text (and anything commander writes through writeOut/writeErr) in French when the run speaks French. */
export function translateHelp(text: string): string {
  if (lang() !== 'fr') return text;
  let s = text;
  for (const [re, to] of TITLES) s = s.replace(re, to());
  return s
    .replace(/\(choices: /g, `(${t('cli.help.choices')} `)
    .replace(/, default: /g, `, ${t('cli.help.default')} `)
    .replace(/\(default: /g, `(${t('cli.help.default')} `)
    .replace(/\(env: /g, `(${t('cli.help.env')} `);
}

const ERRORS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^unknown command '(.+)'$/, (m) => t('cli.err.unknown_command', { name: m[1] })],
  [/^unknown option '(.+)'$/, (m) => t('cli.err.unknown_option', { flag: m[1] })],
  [/^\(Did you mean one of (.+)\?\)$/, (m) => t('cli.err.did_you_mean_one_of', { names: m[1] })],
  [/^\(Did you mean (.+)\?\)$/, (m) => t('cli.err.did_you_mean', { names: m[1] })],
  [/^missing required argument '(.+)'$/, (m) => t('cli.err.missing_argument', { name: m[1] })],
  [/^option '(.+)' argument missing$/, (m) => t('cli.err.option_argument_missing', { flag: m[1] })],
  [/^required option '(.+)' not specified$/, (m) => t('cli.err.required_option', { flag: m[1] })],
  [/^option '(.+)' argument '(.*)' is invalid\. Allowed choices are (.+)\.$/, (m) => t('cli.err.invalid_choice', { flag: m[1], value: m[2], choices: m[3] })],
  [
    /^too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\.$/,
    (m) => t('cli.err.too_many_arguments', { context: m[1] ? t('cli.err.too_many_arguments_for', { name: m[1] }) : '', expected: m[2], got: m[3] }),
  ],
  [/^(.+) cannot be used with (.+)$/, (m) => t('cli.err.conflict', { a: m[1], b: m[2] })],
];

/** A commander error message (`error: unknown command 'x'\n(Did you mean y?)\n`) in French when the run speaks French. */
export function translateCommander(message: string, prefixed = true): string {
  if (lang() !== 'fr') return message;
  const end = message.endsWith('\n') ? '\n' : '';
  return (
    message
      .replace(/\n$/, '')
      .split('\n')
      .map((line) => {
        let rest = line;
        let prefix = '';
        if (prefixed && rest.startsWith('error: ')) {
          prefix = `${t('common.error')} `;
          rest = rest.slice('error: '.length);
        }
        for (const [re, to] of ERRORS) {
          const m = re.exec(rest);
          if (m) return prefix + to(m);
        }
        return prefix + rest;
      })
      .join('\n') + end
  );
}
