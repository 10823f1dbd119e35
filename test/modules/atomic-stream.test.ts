import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { writeFileAtomicStream } from '../../src/files/atomic.js';

afterEach(() => vi.restoreAllMocks());

describe('writeFileAtomicStream', () => {
  it('writes the pieces as they come, 0600, in pieces of ~64 KiB', () => {
    const dir = tempDir();
    const file = path.join(dir, 'f.txt');
    const sizes: number[] = [];
    const real = fs.writeSync;
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, b: Uint8Array, ...rest: unknown[]) => {
      sizes.push(rest[1] as number);
      return (real as (...a: unknown[]) => number)(fd, b, ...rest);
    }) as typeof fs.writeSync);
    const pieces = Array.from({ length: 10_000 }, (_, k) => `line ${k} é\n`);
    writeFileAtomicStream(file, pieces);
    expect(fs.readFileSync(file, 'utf8')).toBe(pieces.join(''));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(sizes.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThan(70 * 1024);
  });

  it('a piece that cannot be produced, or written: its error, the temporary file removed, the target untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, 'f.txt');
    fs.writeFileSync(file, 'before');
    function* failing() {
      yield 'x'.repeat(100_000);
      throw new RangeError('no more');
    }
    expect(() => writeFileAtomicStream(file, failing())).toThrow(RangeError);
    expect(fs.readdirSync(dir)).toEqual(['f.txt']);
    expect(fs.readFileSync(file, 'utf8')).toBe('before');
    vi.spyOn(fs, 'fsyncSync').mockImplementation(() => {
      throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    });
    expect(() => writeFileAtomicStream(file, ['a', 'b'])).toThrow(/EIO/);
    expect(fs.readdirSync(dir)).toEqual(['f.txt']);
    expect(fs.readFileSync(file, 'utf8')).toBe('before');
  });
});
