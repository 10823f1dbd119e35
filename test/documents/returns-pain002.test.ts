/**
 * Issue 28 item 6: a pain.002 read wrongly. A transaction without its own status takes its
 * payment information's, else its group's (ACCP: nothing rejected — three paid debits were
 * reversed); namespace prefixes are read; a file in which no transaction status can be read
 * (any other XML, a whole-group rejection that lists no transaction) exits 4, nothing written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { readXml } from '../../src/files/xml.js';

async function exported() {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const nos = [insertMember(conn, {}), insertMember(conn, {}), insertMember(conn, {})];
  conn.close();
  for (const no of nos)
    expect(
      (await cli(db, ['--date', '2026-11-20', 'member', 'mandate', String(no), '--iban', 'FR7630006000011234567890189', '--signed', '2026-11-15'])).code,
    ).toBe(0);
  const c2 = openDatabase(db);
  const inv = nos.map((no) => issue(c2, no, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement', period: '2026-12', ttcCents: 25_000 }]));
  c2.close();
  const r = await cli(db, ['--date', '2026-12-02', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--out', path.join(dir, 'sepa.xml')]);
  expect(r.code, r.stderr).toBe(0);
  return { dir, db, inv };
}

const tx = (e2e: string, sts?: string, p = '') =>
  `<${p}TxInfAndSts><${p}OrgnlEndToEndId>${e2e}</${p}OrgnlEndToEndId>${sts ? `<${p}TxSts>${sts}</${p}TxSts>` : ''}</${p}TxInfAndSts>`;

function pain002(o: { grp?: string; pmt?: string; txs: string; p?: string; ns?: string; reason?: string }): string {
  const p = o.p ?? '';
  const xmlns = p
    ? `xmlns:${p.slice(0, -1)}="${o.ns ?? 'urn:iso:std:iso:20022:tech:xsd:pain.002.001.03'}"`
    : 'xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"';
  return `<?xml version="1.0" encoding="UTF-8"?>
<${p}Document ${xmlns}><${p}CstmrPmtStsRpt>
  <${p}GrpHdr><${p}MsgId>BANK-1</${p}MsgId><${p}CreDtTm>2026-12-12T08:00:00</${p}CreDtTm></${p}GrpHdr>
  <${p}OrgnlGrpInfAndSts><${p}OrgnlMsgId>PARNASSE-2026-12-1</${p}OrgnlMsgId><${p}OrgnlMsgNmId>pain.008.001.08</${p}OrgnlMsgNmId>${o.grp ? `<${p}GrpSts>${o.grp}</${p}GrpSts>` : ''}${o.reason ? `<${p}StsRsnInf><${p}Rsn><${p}Cd>${o.reason}</${p}Cd></${p}Rsn></${p}StsRsnInf>` : ''}</${p}OrgnlGrpInfAndSts>
  <${p}OrgnlPmtInfAndSts><${p}OrgnlPmtInfId>PMT-1</${p}OrgnlPmtInfId>${o.pmt ? `<${p}PmtInfSts>${o.pmt}</${p}PmtInfSts>` : ''}
    ${o.txs}
  </${p}OrgnlPmtInfAndSts>
</${p}CstmrPmtStsRpt></${p}Document>`;
}

async function returns(c: { dir: string; db: string }, xml: string, lang = 'C') {
  const file = path.join(c.dir, `r${Math.random().toString(16).slice(2)}.xml`);
  fs.writeFileSync(file, xml);
  return cli(c.db, ['--json', '--date', '2026-12-14', 'bill', 'returns', file], { env: { LANG: lang } });
}

async function statuses(c: { db: string; inv: string[] }): Promise<string[]> {
  const out: string[] = [];
  for (const n of c.inv) out.push((await cli(c.db, ['--json', '--date', '2026-12-14', 'bill', 'show', n])).json().status);
  return out;
}

describe('bill returns: pain.002 statuses (issue 28 item 6)', () => {
  it('group ACCP, transactions without their own status: nothing rejected, the three debits stay paid', async () => {
    const c = await exported();
    const r = await returns(c, pain002({ grp: 'ACCP', txs: c.inv.map((n) => tx(n)).join('') }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ rejected: 0, unchanged: 0 });
    expect(await statuses(c)).toEqual(['paid', 'paid', 'paid']);
  });

  it('a transaction takes its payment information’s status before its group’s; its own status wins over both; the group’s reason when it has none', async () => {
    const c = await exported();
    const r = await returns(c, pain002({ grp: 'PART', pmt: 'RJCT', reason: 'MS03', txs: tx(c.inv[0]!) + tx(c.inv[1]!, 'ACCP') + tx(c.inv[2]!, 'RJCT') }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().rejected).toBe(2);
    expect(r.json().invoices.map((i: { invoice: string }) => i.invoice)).toEqual([c.inv[0], c.inv[2]]);
    expect(r.json().invoices[0].reason).toBe('MS03');
    expect(await statuses(c)).toEqual(['late', 'paid', 'late']);
  });

  it('namespace prefixes are read (ns2:TxSts…)', async () => {
    const c = await exported();
    const r = await returns(c, pain002({ p: 'ns2:', grp: 'PART', txs: tx(c.inv[1]!, 'RJCT', 'ns2:') + tx(c.inv[0]!, 'ACCP', 'ns2:') }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ rejected: 1, invoices: [{ invoice: c.inv[1], status: 'rejected' }] });
  });

  it('any other XML (our own pain.008, a stray document): exit 4, nothing written', async () => {
    const c = await exported();
    for (const xml of [fs.readFileSync(path.join(c.dir, 'sepa.xml'), 'utf8'), '<?xml version="1.0"?><root><TxSts>RJCT</TxSts></root>']) {
      const r = await returns(c, xml);
      expect(r.code, r.stdout).toBe(4);
      expect(r.json().error.message).toContain('not a pain.002 payment status report');
    }
    expect(await statuses(c)).toEqual(['paid', 'paid', 'paid']);
  });

  it('no transaction status can be read (none anywhere, or a whole-group rejection listing no transaction): exit 4 in both languages', async () => {
    const c = await exported();
    const none = await returns(c, pain002({ txs: tx(c.inv[0]!) }));
    expect(none.code).toBe(4);
    expect(none.json().error.message).toContain('no transaction status');
    expect(none.json().errors.map((e: { code: string }) => e.code)).toEqual(['no_status']);
    const whole = await returns(c, pain002({ grp: 'RJCT', txs: '' }));
    expect(whole.code).toBe(4);
    expect(whole.json().error.message).toContain('RJCT');
    const fr = await returns(c, pain002({ grp: 'RJCT', txs: '' }), 'fr_FR.UTF-8');
    expect(fr.code).toBe(4);
    expect(fr.json().error.message).toContain('aucun statut de transaction');
    const broken = await returns(c, '<?xml version="1.0"?><Document><CstmrPmtStsRpt><GrpHdr>');
    expect(broken.code).toBe(4);
    expect(broken.json().errors.map((e: { code: string }) => e.code)).toEqual(['bad_xml']);
    expect(await statuses(c)).toEqual(['paid', 'paid', 'paid']);
  });

  it('a whole group accepted without a transaction list: nothing rejected, exit 0', async () => {
    const c = await exported();
    const r = await returns(c, pain002({ grp: 'ACCP', txs: '' }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().rejected).toBe(0);
  });
});

describe('readXml: the small XML reader of bank files', () => {
  it('local names without prefixes, entities decoded, CDATA, comments and attributes; malformed: an error with its line', () => {
    const doc = readXml(
      '<?xml version="1.0"?>\n<!-- c --><a:Doc xmlns:a="x"><a:N k="v &amp; w">A &amp; B &#233;&#x20AC;</a:N><a:E/><b><![CDATA[<raw>]]></b></a:Doc>',
    );
    expect(doc.name).toBe('Doc');
    expect(doc.children.map((c) => c.name)).toEqual(['N', 'E', 'b']);
    expect(doc.children[0]!.text).toBe('A & B é€');
    expect(doc.children[0]!.attrs).toEqual({ k: 'v & w' });
    expect(doc.children[2]!.text).toBe('<raw>');
    expect(() => readXml('<a>\n<b></a>')).toThrow(/line 2/);
    expect(() => readXml('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')).toThrow();
  });
});
