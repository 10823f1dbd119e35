/**
 * A Desk mistake is cancelled; an option a member brought from the previous system is not a
 * mistake of the day: its months were billed before the import (the member's floor,
 * `billed_through` or the month of the import). `member option cancel` and `member address
 * cancel` refuse it (exit 3, art. 7.3.4) — it is a removal, billed through the month of the
 * request — instead of rewriting two years of history as "never existed".
 */
import { expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';

it('an imported option (from 2024, billed before the import) is not cancelled as a mistake: refused, en and fr; an option added by the Desk still is', async () => {
  const db = tempDbPath();
  expect((await cli(db, ['--date', '2027-01-05', 'member', 'import', 'fixtures/members.csv'])).code).toBe(0);
  for (const LANG of ['C', 'fr_FR.UTF-8']) {
    const r = await cli(db, ['--json', '--date', '2027-01-10', 'member', 'option', 'cancel', '501', 'concierge_privilege'], { env: { LANG } });
    expect(r.code, r.stdout).toBe(3);
    expect(r.json().error.article).toBe('7.3.4');
    expect(r.json().error.message).toMatch(LANG === 'C' ? /billed before the import/ : /facturée avant l’import/);
  }
  const show = (await cli(db, ['--json', '--date', '2027-01-10', 'member', 'show', '501'])).json();
  expect(show.options.map((o: { option: string }) => o.option)).toContain('concierge_privilege');
  // what the Desk adds today is still a mistake it may cancel
  expect((await cli(db, ['--date', '2027-01-10', 'member', 'option', 'add', '502', 'concierge_privilege'])).code).toBe(0);
  expect((await cli(db, ['--date', '2027-01-10', 'member', 'option', 'cancel', '502', 'concierge_privilege'])).code).toBe(0);
});
