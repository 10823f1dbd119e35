/**
 * Every byte reaches the pipe (issue 14): the built binary writing a multi-megabyte result
 * into a pipe, a slow reader, a closed pipe (`| head -1`) and a redirect to a file.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { ensureBuilt } from '../helpers/build.js';
import { englishEnv } from '../helpers/env.js';

const bin = path.resolve('bin/parnasse.js');
const env = englishEnv({ NO_COLOR: '1' });
let db = '';
const ROWS = 6000;

beforeAll(() => {
  ensureBuilt();
  const dir = tempDir();
  db = path.join(dir, 'pipe.db');
  const csv = path.join(dir, 'c.csv');
  execOk(['bench/generate.mjs', String(ROWS), csv]);
  const r = spawnSync(process.execPath, [bin, '--db', db, '--quiet', 'candidate', 'import', csv, '--date', '2026-11-27'], { encoding: 'utf8', env });
  expect(r.status, r.stderr).toBe(0);
});

function execOk(args: string[]) {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

/** Spawns the binary with stdout on a pipe; `pace` pauses the reader between chunks (a slow reader). */
function piped(args: string[], pace = 0): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--db', db, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      chunks.push(c);
      if (pace > 0) {
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), pace);
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks), stderr }));
  });
}

describe('output through a pipe', () => {
  it('a multi-megabyte JSON list arrives whole through a pipe, exit 0, stderr empty', async () => {
    const r = await piped(['--json', 'candidate', 'list']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.length).toBeGreaterThan(2 * 1024 * 1024);
    const doc = JSON.parse(r.stdout.toString('utf8')) as unknown[];
    expect(doc).toHaveLength(ROWS);
  });

  it('a slow reader still gets every byte', async () => {
    const r = await piped(['--json', 'candidate', 'list'], 2);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout.toString('utf8')) as unknown[]).length).toBe(ROWS);
  });

  it('human output arrives whole through a pipe too', async () => {
    const r = await piped(['candidate', 'list']);
    expect(r.code).toBe(0);
    const lines = r.stdout.toString('utf8').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(ROWS);
  });

  it('the exit code of a failure is preserved through a pipe', async () => {
    const r = await piped(['--json', 'bill', 'show', 'F2099-000001']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout.toString('utf8')).error.code).toBe('not_found');
  });

  it('a closed pipe (| head -1) ends the tool quietly with exit 0', () => {
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${bin}" --db "${db}" --json candidate list | head -1`], {
      encoding: 'utf8',
      env,
    });
    expect(r.stdout).toBe('[\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('a redirect to a file holds the same bytes as the pipe', async () => {
    const out = path.join(tempDir(), 'list.json');
    const fd = fs.openSync(out, 'w');
    const r = spawnSync(process.execPath, [bin, '--db', db, '--json', 'candidate', 'list'], { env, stdio: ['ignore', fd, 'pipe'] });
    fs.closeSync(fd);
    expect(r.status).toBe(0);
    const viaPipe = await piped(['--json', 'candidate', 'list']);
    expect(fs.readFileSync(out).equals(viaPipe.stdout)).toBe(true);
  });
});
