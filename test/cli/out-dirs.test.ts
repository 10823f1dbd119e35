/**
 * Issue 24: the folders of `--out DIR` and `--letters DIR` are created like `mkdir -p`, mode
 * 0700, so that the examples of the help and the README work as written; the issue-28
 * protections stay (a file or a device on the way is exit 2, links are followed).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';

function club(opts: { settings?: boolean } = {}) {
  const db = path.join(tempDir(), 'club.db');
  const conn = openDatabase(db);
  if (opts.settings !== false) setClubSettings(conn);
  const no = insertMember(conn, {
    kind: 'company',
    firstName: 'Hélène',
    lastName: 'Dupré',
    companyName: 'Dupré & Fils SARL',
    companySiren: '552100554',
    contractStart: '2026-06-01',
  });
  conn.sqlite.prepare("update members set entry_fee_paid_on = '2026-06-02' where member_no = ?").run(no);
  const inv = issue(conn, no, '2027-01-01', [{ kind: 'subscription', label: 'Abonnement Parnasse', period: '2027-01', ttcCents: 25_000 }]);
  conn.close();
  return { db, inv, no: String(no) };
}

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('--out and --letters folders are created (issue 24)', () => {
  it('bill pdf --month M --out factures/2027-01: both folders made 0700, the PDF inside (en, fr)', async () => {
    const c = club();
    const root = tempDir();
    const out = path.join(root, 'factures', '2027-01');
    const r = await cli(c.db, ['bill', 'pdf', '--month', '2027-01', '--out', out], { env: { LANG: 'C' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`1 PDF(s) written to ${out}`);
    expect(fs.readdirSync(out)).toEqual([`${c.inv}.pdf`]);
    expect(mode(path.join(root, 'factures'))).toBe(0o700);
    expect(mode(out)).toBe(0o700);
    const fr = path.join(root, 'fr', 'a', 'b');
    const f = await cli(c.db, ['bill', 'pdf', c.inv, '--out', fr], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(f.code, f.stderr).toBe(0);
    expect(f.stdout).toContain(`1 PDF écrit(s) dans ${fr}`);
    expect(mode(fr)).toBe(0o700);
  });

  it('bill xml --out a new folder; an existing folder keeps its mode', async () => {
    const c = club();
    const out = path.join(tempDir(), 'xml', 'm');
    const r = await cli(c.db, ['bill', 'xml', c.inv, '--out', out], { env: { LANG: 'C' } });
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readdirSync(out)).toEqual([`${c.inv}.xml`]);
    expect(mode(out)).toBe(0o700);
    const open = tempDir();
    fs.chmodSync(open, 0o755);
    expect((await cli(c.db, ['bill', 'xml', c.inv, '--out', open])).code).toBe(0);
    expect(mode(open)).toBe(0o755);
  });

  it('bill dunning --apply --letters and bill dunning letters --out: the folders are created', async () => {
    const c = club();
    const letters = path.join(tempDir(), 'courrier', '2027-01-16');
    const r = await cli(c.db, ['--json', '--date', '2027-01-16', 'bill', 'dunning', '--apply', '--letters', letters], { env: { LANG: 'C' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().letters).toHaveLength(1);
    expect(fs.readdirSync(letters)).toEqual([`mise-en-demeure-2027-01-16-${c.no}-1.pdf`]);
    expect(mode(letters)).toBe(0o700);
    const again = path.join(tempDir(), 'x', 'y');
    const fr = await cli(c.db, ['--date', '2027-01-16', 'bill', 'dunning', 'letters', '--out', again], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.code, fr.stderr).toBe(0);
    expect(fr.stdout).toContain(`1 lettre(s) écrite(s) dans ${again}`);
    expect(fs.readdirSync(again)).toHaveLength(1);
  });

  it('a refused run creates no folder (a missing setting)', async () => {
    const c = club({ settings: false });
    const root = tempDir();
    const r = await cli(c.db, ['--date', '2027-01-16', 'bill', 'dunning', '--apply', '--letters', path.join(root, 'courrier')], { env: { LANG: 'C' } });
    expect(r.code).toBe(4);
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it('issue 28 kept: a file or a device on the way is exit 2 naming the flag (en, fr); a link to a folder is followed', async () => {
    const c = club();
    const root = tempDir();
    const file = path.join(root, 'a-file');
    fs.writeFileSync(file, '');
    const through = await cli(c.db, ['bill', 'pdf', c.inv, '--out', path.join(file, 'sub')], { env: { LANG: 'C' } });
    expect(through.code).toBe(2);
    expect(through.stderr.trim()).toBe(`error: --out ${path.join(file, 'sub')}: not a directory`);
    const frThrough = await cli(c.db, ['bill', 'xml', c.inv, '--out', path.join(file, 'sub')], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(frThrough.code).toBe(2);
    expect(frThrough.stderr).toContain("ce n'est pas un répertoire");
    const dev = await cli(c.db, ['bill', 'pdf', c.inv, '--out', '/dev/null'], { env: { LANG: 'C' } });
    expect(dev.code).toBe(2);
    expect(dev.stderr).toContain('--out /dev/null: not a directory');
    const devSub = await cli(c.db, ['bill', 'pdf', c.inv, '--out', '/dev/null/x'], { env: { LANG: 'C' } });
    expect(devSub.code).toBe(2);
    const real = path.join(root, 'real');
    fs.mkdirSync(real);
    fs.symlinkSync(real, path.join(root, 'link'));
    const link = await cli(c.db, ['bill', 'pdf', c.inv, '--out', path.join(root, 'link')], { env: { LANG: 'C' } });
    expect(link.code, link.stderr).toBe(0);
    expect(fs.readdirSync(real)).toEqual([`${c.inv}.pdf`]);
    expect(fs.readdirSync(root).sort()).toEqual(['a-file', 'link', 'real']);
  });
});
