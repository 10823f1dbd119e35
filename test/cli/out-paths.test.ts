/** Every unwritable file argument is one usage line, exit 2 (README: "an unwritable --out is one line"), the path named as typed. */
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';

describe('file arguments that cannot be written (review)', () => {
  it('db seal --out DIR and db backup DIR: exit 2, one line, no placeholder', async () => {
    const db = tempDbPath();
    openDatabase(db).close();
    const dir = tempDir();
    const seal = await cli(db, ['db', 'seal', '--out', dir], { env: { LANG: 'C' } });
    expect(seal.code).toBe(2);
    expect(seal.stderr.trim().split('\n')).toHaveLength(1);
    expect(seal.stderr).toContain(`--out ${dir}: is a directory`);
    const backup = await cli(db, ['db', 'backup', dir], { env: { LANG: 'C' } });
    expect(backup.code).toBe(2);
    expect(backup.stderr).toContain(`db backup ${dir}: is a directory`);
    expect(backup.stderr).not.toContain('FILE');
  });
});
