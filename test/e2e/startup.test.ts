/**
 * The built binary's start (issue 27): bin/parnasse.js compiles the one-file bundle
 * dist/cli.cjs with the V8 code cache the build made for it. The cache must be accepted by
 * this Node (else every command compiles the whole bundle again: 40 ms of CPU), and a
 * refused cache must change nothing but the time.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDbPath } from '../helpers/cli.js';
import { ensureBuilt } from '../helpers/build.js';
import { englishEnv } from '../helpers/env.js';

const bin = path.resolve('bin/parnasse.js');

beforeAll(() => ensureBuilt());

describe('the start of the built binary', () => {
  it('compiles the bundle with the code cache the build made, which V8 accepts', () => {
    const probe = `const { compile } = require(${JSON.stringify(bin)}); const { cli, script } = compile(); process.stdout.write(JSON.stringify({ rejected: script.cachedDataRejected, run: typeof cli.run, main: typeof cli.main }));`;
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', env: englishEnv() });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ rejected: false, run: 'function', main: 'function' });
  });

  it('answers the same when V8 refuses the cache (other V8 flags)', () => {
    const db = tempDbPath();
    for (const args of [
      ['--help'],
      ['member', '--help'],
      ['--version'],
      ['membr'],
      ['--db', db, 'member', 'show', '1'],
      ['--json', '--db', db, 'member', 'list'],
    ]) {
      const cached = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: englishEnv() });
      const refused = spawnSync(process.execPath, ['--no-opt', bin, ...args], { encoding: 'utf8', env: englishEnv() });
      expect({ status: refused.status, stdout: refused.stdout, stderr: refused.stderr }, args.join(' ')).toEqual({
        status: cached.status,
        stdout: cached.stdout,
        stderr: cached.stderr,
      });
      expect(cached.stdout + cached.stderr, args.join(' ')).not.toBe('');
    }
  });
});
