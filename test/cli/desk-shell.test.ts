/** Issue 11 "Shell manners": completion generated from the real commander tree. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir, tempDbPath } from '../helpers/cli.js';

describe('parnasse completion bash|zsh|fish', () => {
  it('bash: commands, flags and enum values from the real tree', async () => {
    const r = await cli(tempDbPath(), ['completion', 'bash']);
    expect(r.code).toBe(0);
    const file = path.join(tempDir(), 'c.bash');
    fs.writeFileSync(file, r.stdout);
    const complete = (line: string) => {
      const w = line.split(' ');
      const script = `source ${file}; COMP_WORDS=(${w.map((x) => `'${x}'`).join(' ')}); COMP_CWORD=${w.length - 1}; _parnasse; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return spawnSync('bash', ['-c', script], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    };
    expect(complete('parnasse ')).toEqual(expect.arrayContaining(['candidate', 'member', 'bill', 'completion']));
    expect(complete('parnasse mem')).toEqual(['member']);
    expect(complete('parnasse member l')).toEqual(expect.arrayContaining(['list', 'line']));
    expect(complete('parnasse member list --st')).toEqual(['--status']);
    expect(complete('parnasse member list --status ')).toEqual(['pending', 'active', 'suspended', 'terminated']);
    expect(complete('parnasse --db x.db bill pay F1 --method ')).toEqual(['sepa', 'card', 'amex', 'transfer']);
    expect(complete('parnasse member list --j')).toEqual(['--json']);
  });

  it('zsh and fish scripts are produced; an unknown shell is a usage error listing bash, zsh, fish', async () => {
    const z = await cli(tempDbPath(), ['completion', 'zsh']);
    expect(z.code).toBe(0);
    expect(z.stdout).toContain('bashcompinit');
    const f = await cli(tempDbPath(), ['completion', 'fish']);
    expect(f.code).toBe(0);
    expect(f.stdout).toContain("complete -c parnasse -n '__parnasse_is '\\''member list'\\''' -l status -x -a 'pending active suspended terminated'");
    const bad = await cli(tempDbPath(), ['completion', 'tcsh'], { env: { LANG: 'C' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bash, zsh, fish');
  });
});
