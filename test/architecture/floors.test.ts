/**
 * The import graph of src/ (issue 22): no circle, and no import from a lower floor to a higher one.
 * The floors are ARCHITECTURE.md's, bottom first: a unit may import itself and the units listed
 * before it, never one listed after. A unit is a folder of src/, except the few files named in
 * FILE_UNITS that are a floor of their own. Imports are read by TypeScript's own pre-processor
 * (static, dynamic `import()`, `export … from`, type-only imports alike).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const FLOORS = [
  'text', // control characters: nothing of ours
  'i18n', // catalogues, formats of dates, months and euros
  'errors', // errors.ts: typed errors and their exit codes
  'rules', // the contract, pure
  'db', // schema, connection, audit chain, iteration
  'files', // atomic output files, checked input files
  'csv', // the CSV reader
  'books', // seals of the audit chain
  'settings',
  'zones',
  'prices',
  'ledger', // collection/ledger.ts: money as of a date
  'contract', // a member's contract as of a date (reading only)
  'frozen', // invoicing/frozen.ts: what an issued document states, frozen at issue (issue 21)
  'invoicing-core', // invoicing/core.ts: issuing invoices and credit notes, series
  'candidacy',
  'pro', // Univers Pro: studies, quotes, bricks (and their end with the contract)
  'termination', // ends a contract: options, sites and bricks with it
  'membership', // member acts (the last Orange subscription removed terminates)
  'dunning', // the last step terminates
  'cooptation', // acts on a candidacy
  'collection', // mandates, SEPA, returns, disputes, refunds (issue credit notes)
  'invoicing', // payments (a payment closes a dunning procedure), db check
  'interventions',
  'committee',
  'corrections',
  'complaints',
  'liability',
  'guarantee', // financial guarantees (art. 7.1): applied to invoices, closing a dunning procedure
  'purge',
  'billing', // the monthly run
  'documents', // what leaves the club: PDFs, letters, exports, mail
  'cli',
] as const;

/** Files that are a floor of their own inside a folder of another floor. */
const FILE_UNITS: Record<string, (typeof FLOORS)[number]> = {
  'errors.ts': 'errors',
  'collection/ledger.ts': 'ledger',
  'invoicing/core.ts': 'invoicing-core',
  'invoicing/frozen.ts': 'frozen',
};

interface Import {
  from: string; // path relative to src/
  to: string;
  line: number;
}

function unitOf(rel: string): string {
  return FILE_UNITS[rel] ?? rel.split('/')[0]!;
}

/** Every relative import of every .ts file under `root`, resolved to a path relative to it. */
function readImports(root: string): { files: string[]; imports: Import[] } {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(path.relative(root, p).split(path.sep).join('/'));
    }
  };
  walk(root);
  const imports: Import[] = [];
  for (const f of files) {
    const text = fs.readFileSync(path.join(root, f), 'utf8');
    const info = ts.preProcessFile(text, true, true);
    for (const r of info.importedFiles) {
      if (!r.fileName.startsWith('.')) continue;
      const to = path.posix.normalize(path.posix.join(path.posix.dirname(f), r.fileName)).replace(/\.js$/, '.ts');
      imports.push({ from: f, to, line: text.slice(0, r.pos).split('\n').length });
    }
  }
  return { files, imports };
}

/** Imports that go up (or to a unit with no floor): what the build refuses, one line each. */
function upwardImports(files: readonly string[], imports: readonly Import[], floors: readonly string[] = FLOORS): string[] {
  const out: string[] = [];
  for (const f of files) {
    if (!floors.includes(unitOf(f)))
      out.push(`src/${f}: its unit '${unitOf(f)}' has no floor: add it to FLOORS (test/architecture/floors.test.ts) and ARCHITECTURE.md`);
  }
  for (const i of imports) {
    const a = floors.indexOf(unitOf(i.from));
    const b = floors.indexOf(unitOf(i.to));
    if (a >= 0 && b > a) out.push(`src/${i.from}:${i.line} imports src/${i.to}: '${unitOf(i.from)}' is below '${unitOf(i.to)}' (ARCHITECTURE.md, floors)`);
  }
  return out;
}

/** The circles of the file graph (strongly connected components of more than one file, or a file importing itself). */
function circles(files: readonly string[], imports: readonly Import[]): string[][] {
  const next = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const i of imports) if (next.has(i.to)) next.get(i.from)!.push(i.to);
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1 || next.get(v)!.includes(v)) found.push(c.reverse());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return found;
}

describe('the import graph of src/ (ARCHITECTURE.md, floors)', () => {
  const { files, imports } = readImports(fileURLToPath(new URL('../../src', import.meta.url)));

  it('reads the imports it checks', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(imports.length).toBeGreaterThan(500);
    // a dynamic import() is read too (the CLI loads capabilities lazily)
    expect(imports.some((i) => i.from.startsWith('cli/commands/') && i.to === 'membership/members.ts')).toBe(true);
  });

  it('has no import from a lower floor to a higher one', () => {
    expect(upwardImports(files, imports)).toEqual([]);
  });

  it('has no circle', () => {
    expect(circles(files, imports).map((c) => c.join(' → '))).toEqual([]);
  });

  it('would name a new upward import and a new circle', () => {
    const fake: Import[] = [
      { from: 'rules/a.ts', to: 'db/b.ts', line: 3 },
      { from: 'db/b.ts', to: 'rules/a.ts', line: 1 },
    ];
    expect(upwardImports(['rules/a.ts', 'db/b.ts', 'newthing/c.ts'], fake)).toEqual([
      "src/newthing/c.ts: its unit 'newthing' has no floor: add it to FLOORS (test/architecture/floors.test.ts) and ARCHITECTURE.md",
      "src/rules/a.ts:3 imports src/db/b.ts: 'rules' is below 'db' (ARCHITECTURE.md, floors)",
    ]);
    expect(circles(['rules/a.ts', 'db/b.ts'], fake)).toEqual([['rules/a.ts', 'db/b.ts']]);
  });
});
