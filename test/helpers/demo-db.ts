/**
 * The walk-through's database, built in process (seconds, where spawning fixtures/demo.sh
 * takes a minute): every `step`, `refused` and `duplicate` line of the script is run with
 * `cli()` in its order, `$OUT`/`$SEALS` pointing into a temporary folder. A line this
 * reader cannot split (a shell construct it does not know) is reported, never skipped
 * silently.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cli, tempDir } from './cli.js';

/** Splits a shell line into words: '…' and "…" quotes, $VAR / ${VAR} from `vars`. */
export function shellWords(line: string, vars: Record<string, string>): string[] | null {
  const words: string[] = [];
  let cur: string | null = null;
  let i = 0;
  const variable = (): string | null => {
    const m = /^\$(?:\{(\w+)\}|(\w+))/.exec(line.slice(i));
    if (!m) return null;
    const name = m[1] ?? m[2]!;
    if (!(name in vars)) return null;
    i += m[0].length;
    return vars[name]!;
  };
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      if (cur !== null) words.push(cur);
      cur = null;
      i++;
    } else if (c === '#' && cur === null) {
      break;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return null;
      cur = (cur ?? '') + line.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      let s = '';
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '$') {
          const v = variable();
          if (v === null) return null;
          s += v;
        } else if (line[i] === '\\' || line[i] === '`') return null;
        else s += line[i++];
      }
      if (i >= line.length) return null;
      i++;
      cur = (cur ?? '') + s;
    } else if (c === '$') {
      const v = variable();
      if (v === null) return null;
      cur = (cur ?? '') + v;
    } else if ('\\`|&;<>()'.includes(c)) {
      return null;
    } else {
      cur = (cur ?? '') + c;
      i++;
    }
  }
  if (cur !== null) words.push(cur);
  return words;
}

export interface DemoDb {
  db: string;
  out: string;
  /** commands run, with the exit code each was expected to have and had */
  ran: { argv: string[]; expected: number; code: number; stdout: string; stderr: string }[];
  /** lines of the script starting with a step this reader could not split */
  unread: string[];
}

/** Runs fixtures/demo.sh's commands in process against a fresh database (English). */
export async function buildDemoDb(): Promise<DemoDb> {
  const dir = tempDir('parnasse-demo-db-');
  const db = path.join(dir, 'demo.db');
  const out = path.join(dir, 'out');
  fs.mkdirSync(path.join(out, 'courrier'), { recursive: true });
  const vars = { OUT: out, SEALS: path.join(dir, 'demo.seals'), PARNASSE_DB: db };
  const ran: DemoDb['ran'] = [];
  const unread: string[] = [];
  const script = fs.readFileSync('fixtures/demo.sh', 'utf8').split('\n');
  const EXPECTED: Record<string, number> = { step: 0, refused: 3, duplicate: 4 };
  for (const raw of script) {
    const line = raw.trim();
    const fn = /^(step|refused|duplicate)\s/.exec(line)?.[1];
    if (!fn) continue;
    const words = shellWords(line.slice(fn.length).trim(), vars);
    if (!words) {
      unread.push(line);
      continue;
    }
    const r = await cli(db, words, { env: { LANG: 'C', PARNASSE_OPERATOR: 'demo' } });
    ran.push({ argv: words, expected: EXPECTED[fn]!, code: r.code, stdout: r.stdout, stderr: r.stderr });
  }
  return { db, out, ran, unread };
}
