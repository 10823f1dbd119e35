/**
 * coopt status / coopt list readable at 80 columns in French (issue 24): the reward column
 * is not cut to "…", every word French; `--wide` accepted by every command that prints a table.
 */
import type { CommandUnknownOpts as Command } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { buildProgram, loadGroups } from '../../src/cli/main.js';
import { visibleWidth } from '../../src/cli/table.js';
import { cli, tempDbPath } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertCandidacy, insertMember } from '../helpers/factory.js';

// the whole tree (a run loads only the group it names: test/cli/lazy-commands.test.ts)
await loadGroups('all');

async function club() {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const m = String(insertMember(conn));
  const refs = [1, 2].map(() => insertCandidacy(conn, { invitedByParnasse: false, appliedOn: '2027-03-01' }));
  conn.close();
  for (const ref of refs) {
    expect((await cli(db, ['coopt', 'propose', m, ref, '--date', '2027-03-02'])).code).toBe(0);
  }
  expect((await cli(db, ['coopt', 'decide', '1', '--accept', '--date', '2027-03-04'])).code).toBe(0);
  expect((await cli(db, ['coopt', 'decide', '2', '--accept', '--date', '2027-03-04'])).code).toBe(0);
  for (const ref of refs) {
    expect((await cli(db, ['committee', 'decide', ref, '--accept', '--date', '2027-03-05'])).code).toBe(0);
    expect((await cli(db, ['committee', 'notify', ref, '--yes', '--date', '2027-03-15'])).code).toBe(0);
  }
  expect((await cli(db, ['coopt', 'catalogue', 'add', 'Coffret Champagne Grande Réserve'])).code).toBe(0);
  expect((await cli(db, ['coopt', 'reward', '1', '--item', 'Coffret Champagne Grande Réserve', '--date', '2027-04-01'])).code).toBe(0);
  return { db, m };
}

function paths(cmd: Command, prefix: string[] = []): { path: string[]; cmd: Command }[] {
  return cmd.commands.filter((c) => c.name() !== 'help').flatMap((c) => [{ path: [...prefix, c.name()], cmd: c }, ...paths(c, [...prefix, c.name()])]);
}

describe('coopt at 80 columns in French (issue 24)', () => {
  it('coopt status and coopt list: nothing cut, no line over 80, the reward and its state in French', async () => {
    const { db, m } = await club();
    const env = { PARNASSE_LANG: 'fr', COLUMNS: '80' };
    for (const argv of [
      ['coopt', 'status', m, '--date', '2027-04-02'],
      ['coopt', 'list', '--date', '2027-04-02'],
    ]) {
      const r = await cli(db, argv, { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout, argv.join(' ')).not.toContain('…');
      for (const line of r.stdout.split('\n')) expect(visibleWidth(line), line).toBeLessThanOrEqual(80);
      for (const word of ['Coffret', 'Champagne', 'Grande', 'Réserve', 'à choisir']) expect(r.stdout).toContain(word);
      expect(r.stdout).not.toMatch(/window_open|awaiting_contract|lapsed|chosen/);
      const wide = await cli(db, [...argv, '--wide'], { env });
      expect(wide.code, wide.stderr).toBe(0);
    }
  });

  it('--wide is accepted by every command whose output is a table (it declares --limit or a table)', () => {
    const silent = { stdout: { write: () => true }, stderr: { write: () => true }, stdinIsTTY: false, env: {} };
    const missing = paths(buildProgram(silent, []))
      .filter(({ cmd }) => cmd.options.some((o) => o.long === '--limit'))
      .filter(({ cmd }) => !cmd.options.some((o) => o.long === '--wide'))
      .map(({ path }) => path.join(' '));
    expect(missing).toEqual([]);
    // and a global option: every command takes it, as --json (coopt status, bill show, member show…)
    expect(buildProgram(silent, []).options.map((o) => o.long)).toContain('--wide');
  });
});
