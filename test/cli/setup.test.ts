/** `parnasse setup` (issue 24): a club of one's own from the first minute, asked or from a file. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath, tempDir } from '../helpers/cli.js';
import type { Prompter } from '../../src/cli/io.js';
import { frenchVatNumber, icsWithCheckDigits } from '../../src/rules/sepa.js';

const SIREN = '732829320';
const ICS = icsWithCheckDigits('FR', 'ZZZ', '123456');
const GOOD: Record<string, string> = {
  'seller.name': 'Cercle Parnasse',
  'seller.legal_form': 'SAS',
  'seller.capital': '100000',
  'seller.street': '12 rue de la Paix',
  'seller.postal_code': '75002',
  'seller.city': 'Paris',
  'seller.siren': SIREN,
  'seller.rcs': 'RCS Paris',
  'seller.vat_number': frenchVatNumber(SIREN),
  'seller.vat_on_debits': 'no',
  'seller.electronic_address': '',
  'creditor.ics': ICS,
  'creditor.iban': 'FR76 3000 6000 0112 3456 7890 189',
  'creditor.bic': 'AGRIFRPP',
  'mail.from': 'Cercle Parnasse <club@example.fr>',
  'smtp.url': 'smtps://club:secret@mail.example.fr:465',
};

/** A prompter that behaves like inquirer: an answer its `validate` refuses is re-asked (and counted). */
function validatingPrompter(answers: Record<string, string[]>, confirm: boolean) {
  const refused: string[] = [];
  const asked: string[] = [];
  const p: Prompter = {
    async input(q) {
      asked.push(q.message);
      const key = /\(([a-z_]+\.[a-z_]+)/.exec(q.message)![1]!;
      const queue = answers[key] ?? [''];
      for (;;) {
        const last = queue.length <= 1;
        const a = last ? queue[0]! : queue.shift()!;
        const ok = q.validate ? q.validate(a) : true;
        if (ok === true) return a;
        refused.push(`${key}: ${ok}`);
        if (last) throw new Error(`no valid answer for ${key}: ${ok}`);
      }
    },
    async select() {
      throw new Error('no select expected');
    },
    async confirm(q) {
      asked.push(q.message);
      return confirm;
    },
  };
  return { p, refused, asked };
}

describe('parnasse setup', () => {
  for (const LANG of ['C', 'fr_FR.UTF-8']) {
    it(`on a terminal: asks every setting, re-asks a wrong one, shows a summary, asks once, writes all in one transaction (${LANG})`, async () => {
      const db = tempDbPath();
      const answers = Object.fromEntries(Object.entries(GOOD).map(([k, v]) => [k, [v]]));
      answers['seller.postal_code'] = ['7500', '75002']; // wrong, then right
      answers['seller.vat_number'] = [frenchVatNumber('356000000'), frenchVatNumber(SIREN)]; // another SIREN's, then this one's
      const { p, refused, asked } = validatingPrompter(answers, true);
      const r = await cli(db, ['setup'], { tty: true, prompter: p, env: { LANG } });
      expect(r.code, r.stderr).toBe(0);
      expect(refused.map((x) => x.split(':')[0])).toEqual(['seller.postal_code', 'seller.vat_number']);
      expect(asked).toHaveLength(17); // 16 settings and one confirmation
      expect(r.stdout).toContain('seller.name = Cercle Parnasse');
      expect(r.stdout).toContain('smtps://club:****@mail.example.fr:465'); // the summary never shows the password
      expect(r.stdout).not.toContain('secret');
      expect(r.stdout).toContain('member import');
      expect(r.stdout).toContain('bill run --month');
      expect(r.stdout).toContain(LANG === 'C' ? 'saved in' : 'enregistré(s) dans');
      const check = await cli(db, ['settings', 'check']);
      expect(check.code, check.stdout + check.stderr).toBe(0);
      expect((await cli(db, ['db', 'check'])).code).toBe(0);
    });
  }

  it('declined at the summary: exit 2, nothing written', async () => {
    const db = tempDbPath();
    const { p } = validatingPrompter(Object.fromEntries(Object.entries(GOOD).map(([k, v]) => [k, [v]])), false);
    const r = await cli(db, ['setup'], { tty: true, prompter: p });
    expect(r.code, r.stderr).toBe(2);
    const list = JSON.parse((await cli(db, ['--json', 'settings', 'list'])).stdout);
    expect(list.every((x: { value: string | null }) => x.value === null)).toBe(true);
  });

  it('without a terminal and without --from: exit 2 naming --from', async () => {
    const r = await cli(tempDbPath(), ['setup']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--from');
  });

  it('--from a JSON file or KEY=VALUE lines: everything at once, then the next commands (JSON)', async () => {
    const dir = tempDir();
    const json = path.join(dir, 'club.json');
    fs.writeFileSync(json, JSON.stringify(Object.fromEntries(Object.entries(GOOD).filter(([, v]) => v !== ''))));
    const db1 = tempDbPath();
    const r1 = await cli(db1, ['--json', 'setup', '--from', json]);
    expect(r1.code, r1.stdout + r1.stderr).toBe(0);
    const doc = JSON.parse(r1.stdout);
    expect(doc.missing).toEqual([]);
    expect(doc.settings).toHaveLength(15);
    expect(doc.next.some((c: string) => c.includes('bill run'))).toBe(true);
    expect(JSON.stringify(doc)).not.toContain('secret');

    const env = path.join(dir, 'club.env');
    fs.writeFileSync(env, `# the club\nseller.name = "Cercle Parnasse"\nseller.city=Paris\n\ncreditor.bic=AGRIFRPP\n`);
    const db2 = tempDbPath();
    const r2 = await cli(db2, ['--json', 'setup', '--from', env]);
    expect(r2.code, r2.stderr).toBe(0);
    const doc2 = JSON.parse(r2.stdout);
    expect(doc2.settings.map((s: { key: string }) => s.key)).toEqual(['seller.name', 'seller.city', 'creditor.bic']);
    expect(doc2.missing).toContain('creditor.iban');
  });

  it('--from a file with bad values: exit 4 naming every bad key at once, nothing written', async () => {
    const dir = tempDir();
    const f = path.join(dir, 'bad.env');
    fs.writeFileSync(f, 'seller.name=Cercle\nseller.postal_code=7500\ncreditor.iban=FR00\nseler.city=Paris\n');
    const db = tempDbPath();
    const r = await cli(db, ['setup', '--from', f]);
    expect(r.code).toBe(2); // an unknown key is a usage error, found before the values
    expect(r.stderr).toContain('seler.city');
    fs.writeFileSync(f, 'seller.name=Cercle\nseller.postal_code=7500\ncreditor.iban=FR00\n');
    const r2 = await cli(db, ['setup', '--from', f]);
    expect(r2.code).toBe(4);
    expect(r2.stderr).toContain('seller.postal_code');
    expect(r2.stderr).toContain('creditor.iban');
    const list = JSON.parse((await cli(db, ['--json', 'settings', 'list'])).stdout);
    expect(list.find((x: { key: string }) => x.key === 'seller.name').value).toBeNull();
  });
});
