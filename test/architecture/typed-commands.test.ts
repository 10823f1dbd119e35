/**
 * Commands typed, not cast (issue 22): an option's or an argument's type comes from its
 * declaration (`@commander-js/extra-typings`), never from an `as` in src/cli/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../src/cli', import.meta.url));

/** `opts.x as T`, `(opts.x as T)`, `args[0] as T`, `numbers as T`, `program.opts() as T`, `optsWithGlobals() as T`. */
const CAST = /\b(?:opts\.\w+|args\[\d+\]|opts\(\)|optsWithGlobals\(\)|processedArgs)\s*\)?\s+as\s+/;

function casts(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...casts(p));
    else if (p.endsWith('.ts'))
      fs.readFileSync(p, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (CAST.test(line)) out.push(`${path.relative(CLI, p)}:${i + 1}: ${line.trim()}`);
        });
  }
  return out;
}

describe('commands typed from their declarations', () => {
  it('no commander option or argument is cast in src/cli/', () => {
    expect(casts(CLI)).toEqual([]);
  });

  it('the check sees a cast', () => {
    expect(CAST.test('        status: opts.status as InvoiceStatus | undefined,')).toBe(true);
    expect(CAST.test('        reason: (opts.reason as string | undefined) ?? null,')).toBe(true);
    expect(CAST.test('        const file = args[0] as string;')).toBe(true);
    expect(CAST.test('    const g = program.opts() as { date?: string };')).toBe(true);
    expect(CAST.test('        status: opts.status,')).toBe(false);
  });
});
