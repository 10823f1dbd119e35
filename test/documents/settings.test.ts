import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateCreditorID } from 'sepa';
import { cli, tempDbPath } from '../helpers/cli.js';
import { frenchVatNumber, icsWithCheckDigits, normalizeFrenchVat, normalizeIcs, toEpcText, EPC_TEXT } from '../../src/rules/sepa.js';

describe('identifiers of the club', () => {
  it('ICS check digits agree with the sepa package on random national identifiers', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Z]{6}$/), fc.stringMatching(/^[0-9A-Z]{3}$/), (nat, biz) => {
        const ics = icsWithCheckDigits('FR', biz, nat);
        expect(normalizeIcs(ics)).toBe(ics);
        expect(validateCreditorID(ics)).toBe(true);
        const bad = ics.slice(0, 2) + String((Number(ics.slice(2, 4)) + 1) % 100).padStart(2, '0') + ics.slice(4);
        expect(normalizeIcs(bad)).toBeNull();
      }),
    );
  });

  it('the French VAT key of a SIREN (La Poste FR 39 356 000 000)', () => {
    expect(frenchVatNumber('356000000')).toBe('FR39356000000');
    expect(normalizeFrenchVat('FR 39 356000000')).toBe('FR39356000000');
    expect(normalizeFrenchVat('FR40356000000')).toBeNull();
  });

  it('EPC transliteration: accents, & → +, always inside the set and cut to length', () => {
    expect(toEpcText('Société Générale & Fils — Noël', 70)).toBe('Societe Generale + Fils - Noel');
    expect(toEpcText('Ærø ß', 70)).toBe('AEro ss');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 1, max: 140 }), (s, max) => {
        const out = toEpcText(s, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(EPC_TEXT.test(out)).toBe(true);
      }),
    );
  });
});

describe('settings set|list', () => {
  const ics = icsWithCheckDigits('FR', 'ZZZ', '123456');

  it('validates each key on entry: SIREN Luhn, IBAN, ICS, VAT matching the SIREN (exit 4, one line)', async () => {
    const db = tempDbPath();
    expect((await cli(db, ['settings', 'set', 'seller.siren', '732 829 321'])).code).toBe(4);
    const ok = await cli(db, ['settings', 'set', 'seller.siren', '732 829 320']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('seller.siren = 732829320');
    const badIcs = await cli(db, ['settings', 'set', 'creditor.ics', ics.replace(/^FR\d\d/, 'FR00')]);
    expect(badIcs.code).toBe(4);
    expect(badIcs.stderr.trim().split('\n')).toHaveLength(1);
    expect(badIcs.stderr).toContain('creditor.ics');
    expect((await cli(db, ['settings', 'set', 'creditor.ics', ics])).code).toBe(0);
    expect((await cli(db, ['settings', 'set', 'creditor.iban', 'FR7630006000011234567890188'])).code).toBe(4);
    expect((await cli(db, ['settings', 'set', 'creditor.iban', 'FR14 2004 1010 0505 0001 3M02 606'])).code).toBe(0);
    const vat = await cli(db, ['settings', 'set', 'seller.vat_number', 'FR39356000000']);
    expect(vat.code).toBe(4);
    expect(vat.stderr).toContain('732829320');
    expect((await cli(db, ['settings', 'set', 'seller.vat_number', frenchVatNumber('732829320')])).code).toBe(0);
    expect((await cli(db, ['settings', 'set', 'seller.colour', 'blue'])).code).toBe(2);
  });

  it('never prints the SMTP password, neither in list, nor in set, nor in the audit log', async () => {
    const db = tempDbPath();
    const set = await cli(db, ['settings', 'set', 'smtp.url', 'smtp://club:s3cr3t@127.0.0.1:2525']);
    expect(set.code).toBe(0);
    expect(set.stdout).not.toContain('s3cr3t');
    const list = await cli(db, ['--json', 'settings', 'list']);
    expect(list.stdout).not.toContain('s3cr3t');
    const row = list.json<{ key: string; value: string | null }[]>().find((r) => r.key === 'smtp.url');
    expect(row?.value).toBe('smtp://club:****@127.0.0.1:2525');
    expect(list.json<{ key: string }[]>().map((r) => r.key)).toContain('creditor.ics');
    const human = await cli(db, ['settings', 'list'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(human.stdout).toContain('(non renseigné)');
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(db, { readonly: true });
    const changes = raw.prepare("select change from audit_log where entity = 'settings'").all() as { change: string }[];
    raw.close();
    expect(changes).toHaveLength(1);
    expect(changes[0]!.change).not.toContain('s3cr3t');
  });
});
