/**
 * Issue 12: every command that reads an input file turns a folder, a missing file, an
 * unreadable file or a FIFO into one clear line (exit 2 or 4), never "this is a bug", never
 * a hang, and writes nothing (not even a new database).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/build.js';
import { englishEnv } from '../helpers/env.js';

const bin = path.resolve('bin/parnasse.js');

function run(args: string[], db: string) {
  return spawnSync(process.execPath, [bin, '--db', db, ...args], { encoding: 'utf8', env: englishEnv(), input: '', timeout: 20_000 });
}

const COMMANDS: string[][] = [
  ['candidate', 'import'],
  ['member', 'import'],
  ['bill', 'returns'],
  ['db', 'check', '--anchors'],
];

beforeAll(() => ensureBuilt());

describe('input files that are not readable regular files', { timeout: 60_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parnasse-input-'));

  function expectOneLine(r: ReturnType<typeof run>, db: string, codes: number[], pattern: RegExp) {
    expect(r.error).toBeUndefined(); // no hang (the spawn would time out)
    expect(codes).toContain(r.status);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(r.stderr).not.toMatch(/bug|internal|at .*\.js:\d+/);
    expect(fs.existsSync(db)).toBe(false); // nothing written, not even a new database
  }

  for (const cmd of COMMANDS) {
    const name = cmd.join(' ');
    it(`${name} FOLDER: exit 4, "is a folder"`, () => {
      const db = path.join(dir, `folder-${cmd[0]}-${cmd[1]}.db`);
      expectOneLine(run([...cmd, dir], db), db, [4], /is a folder, not a file/);
    });

    it(`${name} MISSING: exit 2, "no file"`, () => {
      const db = path.join(dir, `missing-${cmd[0]}-${cmd[1]}.db`);
      expectOneLine(run([...cmd, path.join(dir, 'nope.csv')], db), db, [2], /no file .*nope\.csv/);
    });

    it(`${name} FIFO with no writer: exit 4 at once, no hang`, () => {
      const fifo = path.join(dir, `fifo-${cmd[0]}-${cmd[1]}`);
      spawnSync('mkfifo', [fifo]);
      const db = path.join(dir, `fifo-${cmd[0]}-${cmd[1]}.db`);
      expectOneLine(run([...cmd, fifo], db), db, [4], /is a pipe \(FIFO\), not a file/);
    });

    it.skipIf(process.getuid?.() === 0)(`${name} unreadable (chmod 000): exit 4, "permission denied"`, () => {
      const file = path.join(dir, `unreadable-${cmd[0]}-${cmd[1]}.csv`);
      fs.writeFileSync(file, 'a,b\n1,2\n');
      fs.chmodSync(file, 0o000);
      const db = path.join(dir, `unreadable-${cmd[0]}-${cmd[1]}.db`);
      expectOneLine(run([...cmd, file], db), db, [4], /permission denied/);
    });
  }

  it('French: the same line in French', () => {
    const db = path.join(dir, 'fr.db');
    const r = spawnSync(process.execPath, [bin, '--db', db, 'candidate', 'import', dir], {
      encoding: 'utf8',
      env: englishEnv({ LANG: 'fr_FR.UTF-8' }),
      input: '',
    });
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/est un dossier/);
  });
});
