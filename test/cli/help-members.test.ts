import { describe, expect, it } from 'vitest';
import { cli, tempDbPath } from '../helpers/cli.js';

const COMMANDS = [
  ['committee'], ['committee', 'agenda'], ['committee', 'decide'], ['committee', 'session'], ['committee', 'notify'],
  ['member'], ['member', 'list'], ['member', 'show'], ['member', 'delegate'], ['member', 'address', 'add'], ['member', 'address', 'remove'],
  ['member', 'subscription', 'add'], ['member', 'subscription', 'remove'], ['member', 'option', 'add'], ['member', 'option', 'remove'],
  ['member', 'line', 'add'], ['member', 'line', 'remove'], ['member', 'device', 'add'], ['member', 'airbox'], ['member', 'honorary'],
  ['member', 'export'], ['member', 'import'],
  ['bill'], ['bill', 'show'], ['bill', 'list'], ['bill', 'pay'], ['bill', 'credit'], ['bill', 'prices'], ['bill', 'prices', 'set'], ['bill', 'prices', 'withdraw'],
  ['db'], ['db', 'check'], ['db', 'backup'],
];

describe('--help of the committee, member, bill and db commands', () => {
  it.each(COMMANDS.map((c) => [c.join(' '), c]))('%s --help shows an example, exit 0', async (_n, c) => {
    const r = await cli(tempDbPath(), [...(c as string[]), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Example:\n\s+\$ parnasse /);
  });
});
