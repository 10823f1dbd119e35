import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';

async function exported() {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const a = insertMember(conn, {});
  const b = insertMember(conn, {});
  conn.close();
  for (const no of [a, b])
    expect(
      (await cli(db, ['--date', '2026-11-20', 'member', 'mandate', String(no), '--iban', 'FR7630006000011234567890189', '--signed', '2026-11-15'])).code,
    ).toBe(0);
  const c2 = openDatabase(db);
  const ia = issue(c2, a, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
  const ib = issue(c2, b, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]);
  c2.close();
  const r = await cli(db, ['--date', '2026-12-02', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--out', path.join(dir, 'sepa.xml')]);
  expect(r.code, r.stderr).toBe(0);
  return { dir, db, ia, ib };
}

describe('bill returns: rejected debits make the invoices unpaid and late', () => {
  it('CSV: the debit is rejected, its payment reversed; the invoice is late after pay-by; again: unchanged; db check agrees', async () => {
    const c = await exported();
    expect((await cli(c.db, ['--json', '--date', '2026-12-12', 'bill', 'show', c.ia])).json()).toMatchObject({ status: 'paid', outstanding_cents: 0 });
    const file = path.join(c.dir, 'returns.csv');
    fs.writeFileSync(file, `invoice;reason;date\n${c.ia};AM04;13/12/2026\n`);
    const r = await cli(c.db, ['--json', '--date', '2026-12-14', 'bill', 'returns', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({
      rejected: 1,
      unchanged: 0,
      invoices: [{ invoice: c.ia, reason: 'AM04', rejected_on: '2026-12-13', status: 'rejected', amount_cents: 25_000 }],
    });
    const show = (await cli(c.db, ['--json', '--date', '2026-12-14', 'bill', 'show', c.ia])).json();
    expect(show).toMatchObject({ paid_cents: 0, outstanding_cents: 25_000, status: 'late' });
    expect((await cli(c.db, ['--json', '--date', '2026-12-14', 'bill', 'show', c.ib])).json()).toMatchObject({ status: 'paid' });
    const again = await cli(c.db, ['--json', '--date', '2026-12-15', 'bill', 'returns', file]);
    expect(again.json()).toMatchObject({ rejected: 0, unchanged: 1 });
    const check = await cli(c.db, ['--json', 'db', 'check']);
    expect(check.code, check.stdout).toBe(0);
  });

  it('pain.002: rejected transactions (RJCT) by original end-to-end id', async () => {
    const c = await exported();
    const file = path.join(c.dir, 'pain002.xml');
    fs.writeFileSync(
      file,
      `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt><GrpHdr><MsgId>BANK-1</MsgId><CreDtTm>2026-12-12T08:00:00</CreDtTm></GrpHdr>
       <OrgnlPmtInfAndSts><TxInfAndSts><OrgnlEndToEndId>${c.ib}</OrgnlEndToEndId><TxSts>RJCT</TxSts><StsRsnInf><Rsn><Cd>AC04</Cd></Rsn></StsRsnInf></TxInfAndSts>
       <TxInfAndSts><OrgnlEndToEndId>${c.ia}</OrgnlEndToEndId><TxSts>ACCP</TxSts></TxInfAndSts></OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>`,
    );
    const r = await cli(c.db, ['--json', '--date', '2026-12-14', 'bill', 'returns', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ rejected: 1, invoices: [{ invoice: c.ib, reason: 'AC04', rejected_on: '2026-12-12' }] });
  });

  it('all or nothing: an invoice never debited is reported with its line, nothing recorded (exit 4)', async () => {
    const c = await exported();
    const file = path.join(c.dir, 'returns.csv');
    fs.writeFileSync(file, `invoice,reason\n${c.ia},AM04\nF2026-000999,MD01\n`);
    const r = await cli(c.db, ['--date', '2026-12-14', 'bill', 'returns', file], { env: { LANG: 'C' } });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('line 3, column invoice: F2026-000999 was never exported in a SEPA file');
    expect((await cli(c.db, ['--json', '--date', '2026-12-14', 'bill', 'show', c.ia])).json()).toMatchObject({ status: 'paid' });
    expect((await cli(c.db, ['bill', 'returns', c.dir])).code).toBe(4);
    expect((await cli(c.db, ['bill', 'returns', path.join(c.dir, 'missing.csv')])).code).toBe(2);
  });
});
