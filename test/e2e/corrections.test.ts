/** End-to-end: `member edit` and `candidate edit` on the built binary (issue 11). */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDbPath } from '../helpers/cli.js';
import { ensureBuilt } from '../helpers/build.js';
import { englishEnv } from '../helpers/env.js';

const bin = path.resolve('bin/parnasse.js');
const run = (db: string, args: string[]) => spawnSync(process.execPath, [bin, '--db', db, ...args], { encoding: 'utf8', env: englishEnv({}), input: '' });

beforeAll(() => ensureBuilt());

describe('parnasse member edit / candidate edit (built binary)', () => {
  it('imported members and candidacies corrected, found whatever the case; the same again writes nothing; an unknown member exit 2', () => {
    const db = tempDbPath();
    expect(run(db, ['--date', '2026-11-26', 'member', 'import', 'fixtures/members.csv']).status).toBe(0);
    expect(run(db, ['--date', '2026-11-26', 'candidate', 'import', 'fixtures/candidates.csv']).status).toBe(0);
    const e = run(db, [
      '--json',
      '--date',
      '2026-11-28',
      'member',
      'edit',
      '501',
      '--email',
      'jacqueline.aubert@aubert-finance.fr',
      '--street',
      '44 avenue Montaigne',
    ]);
    expect(e.status, e.stderr).toBe(0);
    expect(JSON.parse(e.stdout)).toEqual({
      member_no: '501',
      address_id: expect.any(Number),
      changed: {
        email: { before: 'j.aubert@aubert-finance.fr', after: 'jacqueline.aubert@aubert-finance.fr' },
        street: { before: '42 avenue Montaigne', after: '44 avenue Montaigne' },
      },
    });
    const again = run(db, ['--date', '2026-11-28', 'member', 'edit', '501', '--street', '44 avenue Montaigne']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Member 501: nothing to change');
    const c = run(db, ['--date', '2026-11-28', 'candidate', 'edit', 'c-2026-001', '--phone', '06 00 00 00 01']);
    expect(c.status, c.stderr).toBe(0);
    expect(c.stdout).toContain('Candidacy C-2026-001 corrected:');
    const show = JSON.parse(run(db, ['--json', 'member', 'show', '501']).stdout);
    expect(show).toMatchObject({ email: 'jacqueline.aubert@aubert-finance.fr', main_address: { street: '44 avenue Montaigne' } });
    expect(run(db, ['member', 'edit', '999', '--email', 'a@b.fr']).status).toBe(2);
  });
});
