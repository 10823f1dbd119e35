/**
 * Issue 28 items 5 and 8: what an output path may be. A device, a FIFO, a socket or a link to
 * one is refused (exit 2) and left as it was; a link to a file (the seals kept on another
 * disk) is followed, the link stays; file errors are 2/4/5, never "a bug"; a full disk names
 * its disk and the files already written; temporary files a killed run left are removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { ensureBuilt } from '../helpers/build.js';
import { englishEnv } from '../helpers/env.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';

function club(): { db: string; dir: string } {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const no = insertMember(conn, {});
  issue(conn, no, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
  issue(conn, no, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 1_000 }]);
  issue(conn, no, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 2_000 }]);
  conn.close();
  return { db, dir };
}

function fifo(dir: string, name = 'pipe'): string {
  const f = path.join(dir, name);
  execFileSync('mkfifo', [f]);
  return f;
}

/** Every command that writes a file named on its command line, aimed at `target`. */
const WRITERS: [string, (t: string) => string[]][] = [
  ['bill export csv', (t) => ['bill', 'export', '--month', '2026-12', '--format', 'csv', '--out', t]],
  ['bill export sepa', (t) => ['bill', 'export', '--month', '2026-12', '--format', 'sepa', '--out', t]],
  ['db seal --out', (t) => ['db', 'seal', '--out', t]],
  ['db backup', (t) => ['db', 'backup', t, '--yes']],
];

afterEach(() => vi.restoreAllMocks());

describe('--out onto something that is not a regular file (issue 28 item 5)', () => {
  it.each(WRITERS)('%s onto a FIFO, or a link to one: exit 2, one line, the FIFO and the link left as they were', async (_name, argv) => {
    const c = club();
    const dir = tempDir();
    const p = fifo(dir);
    const link = path.join(dir, 'null-link');
    fs.symlinkSync(p, link);
    for (const target of [p, link]) {
      const r = await cli(c.db, ['--date', '2026-12-02', ...argv(target)], { env: { LANG: 'C' } });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`${target}: is a device, a pipe or a socket`);
    }
    expect(fs.lstatSync(p).isFIFO()).toBe(true);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(link)).toBe(p);
    expect(fs.readdirSync(dir).sort()).toEqual(['null-link', 'pipe']);
  });

  it('in French too', async () => {
    const c = club();
    const p = fifo(tempDir());
    const r = await cli(c.db, ['bill', 'export', '--month', '2026-12', '--format', 'csv', '--out', p], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pas un fichier ordinaire : refus de le remplacer');
  });

  it('a link to a device (a link to /dev/null is never followed into a write): exit 2', async () => {
    const c = club();
    const dir = tempDir();
    const link = path.join(dir, 'null');
    fs.symlinkSync('/dev/null', link);
    const r = await cli(c.db, ['bill', 'export', '--month', '2026-12', '--format', 'csv', '--out', link], { env: { LANG: 'C' } });
    expect(r.code).toBe(2);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a link to a regular file is followed: the file it points to is written, the link stays a link', async () => {
    const c = club();
    const dir = tempDir();
    const elsewhere = tempDir();
    const real = path.join(elsewhere, 'compta.csv');
    fs.writeFileSync(real, 'old\n');
    const link = path.join(dir, 'latest.csv');
    fs.symlinkSync(path.relative(dir, real), link); // a relative link, read from its own folder
    const r = await cli(c.db, ['bill', 'export', '--month', '2026-12', '--format', 'csv', '--out', link]);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toContain('Abonnement');
    expect(fs.readdirSync(dir)).toEqual(['latest.csv']);
    expect(fs.readdirSync(elsewhere)).toEqual(['compta.csv']);
  });

  it('a seals file that is a link (to another disk) is followed: the seal goes there, the link stays', async () => {
    const c = club();
    const usb = tempDir();
    const real = path.join(usb, 'parnasse.seals');
    fs.writeFileSync(real, '');
    const seals = `${c.db}.seals`;
    fs.symlinkSync(real, seals);
    const first = await cli(c.db, ['db', 'seal', '--out', seals]);
    expect(first.code, first.stderr).toBe(0);
    // the monthly run seals into the default <db>.seals: through the link as well
    const r = await cli(c.db, ['--json', '--date', '2027-01-01', 'member', 'list']);
    expect(r.code).toBe(0);
    expect(fs.lstatSync(seals).isSymbolicLink()).toBe(true);
    const lines = fs.readFileSync(real, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/entry=\d+ hash=[0-9a-f]{64}/);
    const check = await cli(c.db, ['db', 'check', '--anchors', seals]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });

  it('a loop of links: exit 2', async () => {
    const c = club();
    const dir = tempDir();
    fs.symlinkSync(path.join(dir, 'b'), path.join(dir, 'a'));
    fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'b'));
    const r = await cli(c.db, ['db', 'seal', '--out', path.join(dir, 'a')], { env: { LANG: 'C' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a loop of symbolic links');
  });
});

describe('file errors are 2, 4 or 5, never "a bug" (issue 28 item 8)', () => {
  it.each([
    ['/proc/version', [4]],
    ['/proc/x.csv', [2, 4]],
    ['/sys/kernel/x.csv', [2, 4]],
  ] as const)('bill export / db seal --out %s: exit %j, one line', async (out, codes) => {
    const c = club();
    for (const argv of [
      ['bill', 'export', '--month', '2026-12', '--format', 'csv', '--out', out],
      ['db', 'seal', '--out', out],
    ]) {
      const r = await cli(c.db, argv, { env: { LANG: 'C' } });
      expect(codes, r.stderr).toContain(r.code);
      expect(r.stderr).not.toContain('bug');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('--out nonexist/../x.csv (relative, as typed): exit 2 (the folder nonexist does not exist: the kernel does not skip it), nothing written', () => {
    ensureBuilt();
    const c = club();
    const cwd = tempDir();
    const r = spawnSync(
      process.execPath,
      [path.resolve('bin/parnasse.js'), '--db', c.db, 'bill', 'export', '--month', '2026-12', '--format', 'csv', '--out', 'nonexist/../x.csv'],
      {
        cwd,
        encoding: 'utf8',
        env: englishEnv(),
      },
    );
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('nonexist/..: no such directory');
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});

describe('a full disk (issue 28 item 8): names the disk of --out and the files already written', () => {
  it('bill pdf: the third PDF meets a full disk — exit 5, the disk named, the two written listed', async () => {
    const c = club();
    const out = tempDir();
    const real = fs.writevSync;
    let calls = 0;
    vi.spyOn(fs, 'writevSync').mockImplementation(((...a: Parameters<typeof fs.writevSync>) => {
      if (++calls === 3) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return (real as (...x: unknown[]) => number)(...a);
    }) as typeof fs.writevSync);
    const r = await cli(c.db, ['bill', 'pdf', '--month', '2026-12', '--out', out], { env: { LANG: 'C', PARNASSE_PDF_WORKER: '0' } });
    expect(r.code, r.stderr).toBe(5);
    const written = fs.readdirSync(out).sort();
    expect(written).toHaveLength(2); // and no temporary file
    expect(r.stderr).toMatch(/the disk mounted at \/\S* is full/);
    for (const f of written) expect(r.stderr).toContain(f);
    vi.restoreAllMocks();
    const fr = await (async () => {
      let n = 0;
      vi.spyOn(fs, 'writevSync').mockImplementation(((...a: Parameters<typeof fs.writevSync>) => {
        if (++n === 1) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
        return (real as (...x: unknown[]) => number)(...a);
      }) as typeof fs.writevSync);
      return cli(c.db, ['bill', 'pdf', '--month', '2026-12', '--out', tempDir()], { env: { LANG: 'fr_FR.UTF-8', PARNASSE_PDF_WORKER: '0' } });
    })();
    expect(fr.code).toBe(5);
    expect(fr.stderr).toContain('le disque monté sur');
    expect(fr.stderr).toContain('rien d’autre n’a été écrit');
  });
});

describe('temporary files a killed run left (issue 28 item 7)', () => {
  // a pid no process can have (above the kernel's pid_max limit of 2^22)
  const DEAD = 4_194_400;
  it('are removed by the next write to the same file or folder; a live process’s are left', async () => {
    const c = club();
    const dir = tempDir();
    const stale = `.dec.csv.${DEAD}.0badc0de.tmp`;
    const live = `.dec.csv.${process.pid}.0badc0df.tmp`;
    const other = `.other.csv.${DEAD}.0badc0de.tmp`;
    for (const f of [stale, live, other]) fs.writeFileSync(path.join(dir, f), 'FR76… half a file');
    const r = await cli(c.db, ['bill', 'export', '--month', '2026-12', '--format', 'csv', '--out', path.join(dir, 'dec.csv')]);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual([live, other, 'dec.csv'].sort());
    const pdfs = tempDir();
    const half = `.F2026-000001.pdf.${DEAD}.12345678.tmp`;
    fs.writeFileSync(path.join(pdfs, half), '%PDF-1.7 half');
    const p = await cli(c.db, ['bill', 'pdf', '--month', '2026-12', '--out', pdfs], { env: { PARNASSE_PDF_WORKER: '0' } });
    expect(p.code, p.stderr).toBe(0);
    expect(fs.readdirSync(pdfs).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
