/**
 * Issue 24, "Start your own club": settings set of several keys in one transaction, checked
 * together; settings unset; settings check naming every missing or invalid key at once; every
 * command that needs settings names all it lacks; settings list dated by the act.
 */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { cli, tempDbPath } from '../helpers/cli.js';
import { frenchVatNumber, icsWithCheckDigits } from '../../src/rules/sepa.js';

const SIREN = '732829320';
const OTHER = '356000000';
const ICS = icsWithCheckDigits('FR', 'ZZZ', '123456');

describe('settings set KEY VALUE [KEY VALUE…], unset, check', () => {
  it('the SIREN and the VAT number can be corrected together (each alone is refused against the other)', async () => {
    const db = tempDbPath();
    expect((await cli(db, ['settings', 'set', 'seller.siren', SIREN, 'seller.vat_number', frenchVatNumber(SIREN)])).code).toBe(0);
    // alone, each correction is refused: the other one no longer matches
    const alone = await cli(db, ['settings', 'set', 'seller.siren', OTHER]);
    expect(alone.code).toBe(4);
    const both = await cli(db, ['--json', 'settings', 'set', 'seller.siren', OTHER, 'seller.vat_number', frenchVatNumber(OTHER)]);
    expect(both.code, both.stderr).toBe(0);
    const out = JSON.parse(both.stdout);
    expect(out.map((r: { key: string }) => r.key)).toEqual(['seller.siren', 'seller.vat_number']);
    expect(out[0]).toMatchObject({ value: OTHER, previous: SIREN });
    const list = JSON.parse((await cli(db, ['--json', 'settings', 'list'])).stdout);
    expect(list.find((r: { key: string }) => r.key === 'seller.vat_number').value).toBe(frenchVatNumber(OTHER));
    // one transaction, one audit entry for the two keys; db check agrees with what it recorded
    const sqlite = new Database(db, { readonly: true });
    const entries = sqlite.prepare("select entity_id, change from audit_log where entity = 'settings' order by id").all() as {
      entity_id: string | null;
      change: string;
    }[];
    sqlite.close();
    expect(entries).toHaveLength(2);
    expect(JSON.parse(entries[1]!.change).settings).toMatchObject({ 'seller.siren': { from: SIREN, to: OTHER } });
    const check = await cli(db, ['db', 'check']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });

  it('all or nothing: one bad value among several writes nothing and names every bad key at once (exit 4)', async () => {
    const db = tempDbPath();
    const r = await cli(db, ['settings', 'set', 'seller.name', 'Cercle', 'seller.postal_code', '7500', 'creditor.iban', 'FR00 nope']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('seller.postal_code');
    expect(r.stderr).toContain('creditor.iban');
    const list = JSON.parse((await cli(db, ['--json', 'settings', 'list'])).stdout);
    expect(list.find((x: { key: string }) => x.key === 'seller.name').value).toBeNull();
  });

  it('unknown keys, a key twice, a key without its value: usage errors (exit 2), every unknown key named', async () => {
    const db = tempDbPath();
    const unknown = await cli(db, ['settings', 'set', 'seler.name', 'x', 'smtp.uri', 'y']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('seler.name');
    expect(unknown.stderr).toContain('smtp.uri');
    expect((await cli(db, ['settings', 'set', 'seller.name', 'x', 'seller.name', 'y'])).code).toBe(2);
    expect((await cli(db, ['settings', 'set', 'seller.name', 'x', 'seller.city'])).code).toBe(2);
  });

  it('settings unset removes a key (audited, db check clean); the checks across keys hold on what remains', async () => {
    const db = tempDbPath();
    await cli(db, ['settings', 'set', 'seller.siren', SIREN, 'seller.rcs', 'RCS Paris']);
    const r = await cli(db, ['--json', 'settings', 'unset', 'seller.rcs']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ key: 'seller.rcs', value: null, previous: 'RCS Paris' }]);
    const list = JSON.parse((await cli(db, ['--json', 'settings', 'list'])).stdout);
    expect(list.find((x: { key: string }) => x.key === 'seller.rcs').value).toBeNull();
    expect((await cli(db, ['db', 'check'])).code).toBe(0);
    // unsetting what is not set says so and changes nothing
    const again = await cli(db, ['settings', 'unset', 'seller.rcs']);
    expect(again.code).toBe(0);
  });

  for (const LANG of ['C', 'fr_FR.UTF-8']) {
    it(`settings check names every missing key with the command that sets it, and what needs it (${LANG})`, async () => {
      const db = tempDbPath();
      await cli(db, ['settings', 'set', 'seller.name', 'Cercle Parnasse', 'creditor.ics', ICS], { env: { LANG } });
      const r = await cli(db, ['settings', 'check'], { env: { LANG } });
      expect(r.code).toBe(4);
      for (const k of ['seller.legal_form', 'seller.siren', 'creditor.iban', 'mail.from', 'smtp.url']) expect(r.stdout + r.stderr).toContain(k);
      expect(r.stdout + r.stderr).toContain('parnasse settings set');
      const j = await cli(db, ['--json', 'settings', 'check'], { env: { LANG } });
      const doc = JSON.parse(j.stdout);
      expect(doc.ok).toBe(false);
      expect(doc.keys.find((k: { key: string }) => k.key === 'seller.name')).toMatchObject({ status: 'set' });
      expect(doc.keys.find((k: { key: string }) => k.key === 'creditor.iban')).toMatchObject({ status: 'missing' });
      expect(doc.keys.find((k: { key: string }) => k.key === 'seller.rcs')).toMatchObject({ status: 'missing', required: false });
    });
  }

  it('a command that needs settings names every one it lacks at once (not one per try)', async () => {
    const db = tempDbPath();
    const r = await cli(db, ['bill', 'export', '--format', 'sepa', '--month', '2027-01', '--out', `${db}.xml`]);
    expect(r.code).toBe(4);
    for (const k of ['seller.name', 'creditor.ics', 'creditor.iban', 'creditor.bic']) expect(r.stderr).toContain(k);
  });

  it('settings list shows the date of the act (--date), not the wall clock', async () => {
    const db = tempDbPath();
    await cli(db, ['settings', 'set', 'seller.city', 'Paris', '--date', '2027-03-15']);
    const list = JSON.parse((await cli(db, ['--json', 'settings', 'list'])).stdout);
    expect(list.find((x: { key: string }) => x.key === 'seller.city').updated_at).toBe('2027-03-15');
  });
});
