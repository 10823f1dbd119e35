/**
 * `parnasse completion bash|zsh|fish` (CLI.md): shell completion generated from the real
 * commander tree — commands, flags and the values of flags with a closed list — so it
 * never offers a command that does not exist. Global flags are offered at every level
 * (commander accepts them before or after the subcommand).
 */
import type { CommandUnknownOpts as Command, Option } from '@commander-js/extra-typings';

interface Node {
  path: string;
  commands: string[];
  options: string[];
  choices: [string, readonly string[]][];
}

function visible(c: Command): Command[] {
  return c.commands.filter((s) => s.name() !== 'help' && !(s as unknown as { _hidden?: boolean })._hidden);
}

function flagsOf(o: Option): string[] {
  return [o.long, o.short].filter((f): f is string => typeof f === 'string');
}

function nodes(program: Command): Node[] {
  const globals = program.options.flatMap(flagsOf);
  const out: Node[] = [];
  const walk = (c: Command, path: string[]) => {
    const own = c === program ? [] : c.options.flatMap(flagsOf);
    out.push({
      path: path.join(' '),
      commands: visible(c).map((s) => s.name()),
      options: [...new Set([...own, ...globals, '--help'])],
      choices: [...c.options, ...program.options].filter((o) => o.argChoices?.length && o.long).map((o) => [o.long!, o.argChoices!]),
    });
    for (const s of visible(c)) walk(s, [...path, s.name()]);
  };
  walk(program, []);
  return out;
}

/** Flags that take a value (their next word is not a command). */
function valueFlags(program: Command): string[] {
  const all: Option[] = [];
  const walk = (c: Command) => {
    all.push(...c.options);
    visible(c).forEach(walk);
  };
  walk(program);
  return [...new Set(all.filter((o) => o.required || o.optional).flatMap(flagsOf))];
}

/** bash associative arrays take no empty key: the root is `_`, `member list` is `_ member list`. */
const key = (path: string) => (path ? `_ ${path}` : '_');

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function bashCompletion(program: Command): string {
  const ns = nodes(program);
  const lines = [
    '# parnasse bash completion: eval "$(parnasse completion bash)" (or save it under /etc/bash_completion.d/)',
    '_parnasse() {',
    '  local cur prev path="_" i w',
    '  cur="${COMP_WORDS[COMP_CWORD]}"',
    '  prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  declare -A cmds opts choices',
    ...ns.map((n) => `  cmds[${q(key(n.path))}]=${q(n.commands.join(' '))}; opts[${q(key(n.path))}]=${q(n.options.join(' '))}`),
    ...ns.flatMap((n) => n.choices.map(([f, v]) => `  choices[${q(`${key(n.path)}|${f}`)}]=${q(v.join(' '))}`)),
    `  local valued=${q(` ${valueFlags(program).join(' ')} `)}`,
    '  for ((i=1; i<COMP_CWORD; i++)); do',
    '    w="${COMP_WORDS[i]}"',
    '    case "$w" in -*) continue ;; esac',
    '    [[ "$valued" == *" ${COMP_WORDS[i-1]} "* ]] && continue',
    '    local next="$path $w"',
    '    [[ -n "${cmds[$next]+x}" ]] && path="$next"',
    '  done',
    '  if [[ -n "${choices[$path|$prev]+x}" ]]; then',
    '    COMPREPLY=($(compgen -W "${choices[$path|$prev]}" -- "$cur")); return',
    '  fi',
    '  if [[ "$valued" == *" $prev "* ]]; then COMPREPLY=($(compgen -f -- "$cur")); return; fi',
    '  if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "${opts[$path]}" -- "$cur")); return; fi',
    '  COMPREPLY=($(compgen -W "${cmds[$path]}" -- "$cur"))',
    '}',
    'complete -F _parnasse parnasse',
  ];
  return `${lines.join('\n')}\n`;
}

export function zshCompletion(program: Command): string {
  return `# parnasse zsh completion: eval "$(parnasse completion zsh)"\nautoload -U +X bashcompinit && bashcompinit\n${bashCompletion(program).split('\n').slice(1).join('\n')}`;
}

export function fishCompletion(program: Command): string {
  const ns = nodes(program);
  const valued = valueFlags(program);
  const lines = [
    '# parnasse fish completion: parnasse completion fish > ~/.config/fish/completions/parnasse.fish',
    'function __parnasse_is',
    '    set -l words (commandline -opc)',
    '    set -l path ""',
    `    set -l valued ${valued.join(' ')}`,
    `    set -l known ${ns.map((n) => q(n.path)).join(' ')}`,
    '    set -l prev ""',
    '    for w in $words[2..-1]',
    '        if string match -q -- "-*" $w; set prev $w; continue; end',
    '        if contains -- $prev $valued; set prev $w; continue; end',
    '        set -l next (string trim -- "$path $w")',
    '        if contains -- $next $known; set path $next; end',
    '        set prev $w',
    '    end',
    '    test "$path" = "$argv[1]"',
    'end',
    'complete -c parnasse -f',
  ];
  for (const n of ns) {
    const cond = `-n ${q(`__parnasse_is ${q(n.path)}`)}`;
    if (n.commands.length) lines.push(`complete -c parnasse ${cond} -a ${q(n.commands.join(' '))}`);
    for (const o of n.options.filter((f) => f.startsWith('--'))) {
      const choice = n.choices.find(([f]) => f === o);
      lines.push(`complete -c parnasse ${cond} -l ${o.slice(2)}${choice ? ` -x -a ${q(choice[1].join(' '))}` : valued.includes(o) ? ' -r' : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
