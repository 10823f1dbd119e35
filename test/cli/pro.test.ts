import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { cli, tempDbPath, tempDir } from '../helpers/cli.js';
import { setClubSettings } from '../helpers/documents.js';
import { pdfFlatText } from '../helpers/pdf-text.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';

/** A company member (contract from 04/01/2027) and a natural person. */
function proDb(): { db: string; co: string; person: string } {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const co = insertMember(conn, { kind: 'company', contractStart: '2027-01-04', companyName: 'Atelier Moreau SARL' });
  const person = insertMember(conn, { kind: 'person', contractStart: '2027-01-04' });
  conn.close();
  return { db, co: String(co), person: String(person) };
}

const LINES = ['--line', 'Bornes Wi-Fi (3);1 200,00', '--line', 'Routeur;450', '--line', 'Configuration;89,90'];

/** A study, its feasible outcome, a 3-line quote accepted on 05/01/2027. */
async function orderedQuote(db: string, co: string): Promise<string> {
  expect((await cli(db, ['pro', 'study', 'add', co, '--services', 'wifi_public,security', '--date', '2027-01-04'])).code).toBe(0);
  expect((await cli(db, ['pro', 'study', 'result', '1', 'feasible', '--date', '2027-01-04'])).code).toBe(0);
  const q = await cli(db, ['--json', 'pro', 'quote', 'add', co, '--study', '1', ...LINES, '--date', '2027-01-04']);
  expect(q.code).toBe(0);
  const number = q.json<{ number: string }>().number;
  expect((await cli(db, ['pro', 'quote', 'accept', number, '--date', '2027-01-05'])).code).toBe(0);
  return number;
}

/** The member's invoice issued on `date` (the run's), if any. */
async function invoiceOn(db: string, co: string, date: string): Promise<string | undefined> {
  const r = await cli(db, ['--json', 'bill', 'list', '--member', co, '--date', '2027-12-31']);
  expect(r.code).toBe(0);
  return r.json<{ number: string; issued_on: string }[]>().find((i) => i.issued_on === date)?.number;
}

async function invoiceLines(db: string, number: string) {
  const r = await cli(db, ['--json', 'bill', 'show', number, '--date', '2027-12-31']);
  expect(r.code).toBe(0);
  return r.json<{ lines: { kind: string; label: string; period: string | null; ttc_cents: number; ht_cents: number }[] }>().lines;
}

describe('pro: Univers Pro on the command line (art. 5.12)', () => {
  it('a natural person is refused (art. 5.12); a company member gets a study, then a numbered quote with HT and VAT derived', async () => {
    const { db, co, person } = proDb();
    const p = await cli(db, ['--json', 'pro', 'study', 'add', person, '--services', 'wifi_public', '--date', '2027-01-04']);
    expect(p.code).toBe(3);
    expect(p.json()).toMatchObject({ error: { code: 'refused', article: '5.12' } });

    const s = await cli(db, ['--json', 'pro', 'study', 'add', co, '--services', 'wifi_public,security', '--date', '2027-01-04']);
    expect(s.code).toBe(0);
    expect(s.json()).toMatchObject({ id: 1, member_no: co, services: ['wifi_public', 'security'], result: null });
    // bad services: usage error naming the list
    const bad = await cli(db, ['pro', 'study', 'add', co, '--services', 'wifi', '--date', '2027-01-04']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('wifi_public');
    // no quote before the study's outcome (art. 5.12.2)
    const early = await cli(db, ['pro', 'quote', 'add', co, '--study', '1', ...LINES, '--date', '2027-01-04']);
    expect(early.code).toBe(3);
    expect(early.stderr).toContain('art. 5.12.2');
    expect((await cli(db, ['pro', 'study', 'result', '1', 'feasible', '--date', '2027-01-04'])).code).toBe(0);

    const q = await cli(db, ['--json', 'pro', 'quote', 'add', co, '--study', '1', ...LINES, '--date', '2027-01-04', '--valid-until', '2027-02-04']);
    expect(q.code).toBe(0);
    const doc = q.json<Record<string, unknown>>();
    for (const k of ['id', 'number', 'status', 'total_ht_cents', 'total_vat_cents', 'total_ttc_cents', 'lines']) expect(doc).toHaveProperty(k);
    // 1 200,00 → HT 1 000,00; 450,00 → 375,00; 89,90 → 74,92 (8990/1.2 = 7491.67 → 7492)
    expect(doc).toMatchObject({
      id: 1,
      number: 'D2027-000001',
      status: 'pending',
      total_ttc_cents: 173990,
      total_ht_cents: 144992,
      total_vat_cents: 28998,
      lines: [
        { label: 'Bornes Wi-Fi (3)', ttc_cents: 120000, ht_cents: 100000, vat_cents: 20000 },
        { label: 'Routeur', ttc_cents: 45000, ht_cents: 37500, vat_cents: 7500 },
        { label: 'Configuration', ttc_cents: 8990, ht_cents: 7492, vat_cents: 1498 },
      ],
    });
    // the series goes on without a gap; a malformed line is a usage error and takes no number
    expect((await cli(db, ['pro', 'quote', 'add', co, '--study', '1', '--line', 'Routeur', '--date', '2027-01-05'])).code).toBe(2);
    const q2 = await cli(db, ['--json', 'pro', 'quote', 'add', co, '--study', '1', '--line', 'Switch;300', '--date', '2027-01-05']);
    expect(q2.json()).toMatchObject({ number: 'D2027-000002', total_ttc_cents: 30000, total_ht_cents: 25000, total_vat_cents: 5000 });
    // shown in both languages, amounts as the French write them
    const en = await cli(db, ['pro', 'quote', 'show', 'D2027-000001']);
    expect(en.stdout).toContain('Quote D2027-000001');
    expect(en.stdout).toContain('1 739,90 €');
    expect(en.stdout).toContain('1 449,92 €');
    expect(en.stdout).toContain('289,98 €');
    const fr = await cli(db, ['pro', 'quote', 'show', '1'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stdout).toContain('Devis D2027-000001 pour le membre');
    expect(fr.stdout).toContain('04/01/2027');
    expect(fr.stdout).toContain('TVA');
    // answered once; refused after its validity
    expect((await cli(db, ['--json', 'pro', 'quote', 'refuse', 'D2027-000002', '--date', '2027-01-06'])).json()).toMatchObject({ status: 'refused' });
    const late = await cli(db, ['pro', 'quote', 'accept', 'D2027-000001', '--date', '2027-02-05']);
    expect(late.code).toBe(3);
    expect(late.stderr).toContain('art. 5.12.2');
    // works on a quote that is not accepted: refused
    expect((await cli(db, ['pro', 'works', 'done', 'D2027-000002', '--date', '2027-01-10'])).code).toBe(3);
  });

  it('works done → pending charges billed by the run; bricks: 2 months after the works allowed, 4 months refused without --agreed-on; 60,00 € from 10/03/2027 billed 42,58 € for March, May in full after a request of 15/05, nothing from June', async () => {
    const { db, co } = proDb();
    const number = await orderedQuote(db, co);
    const w = await cli(db, ['--json', 'pro', 'works', 'done', number, '--date', '2027-01-10']);
    expect(w.code).toBe(0);
    expect(w.json()).toMatchObject({ status: 'done', done_on: '2027-01-10', invoice: null, pending_charges: 3 });
    expect((await cli(db, ['pro', 'works', 'done', number, '--date', '2027-01-11'])).code).toBe(3);

    // limits checked when declared (art. 5.12.3.1); equipment of another brick is a usage error
    const four = await cli(db, ['pro', 'brick', 'add', co, 'wifi_public', '--price', '60', '--works', number, '--access-points', '4', '--date', '2027-03-10']);
    expect(four.code).toBe(3);
    expect(four.stderr).toContain('art. 5.12.3.1');
    expect(
      (await cli(db, ['pro', 'brick', 'add', co, 'wifi_public', '--price', '60', '--works', number, '--switches', '1', '--date', '2027-03-10'])).code,
    ).toBe(2);
    // 2 months after the installation: allowed
    const b = await cli(db, [
      '--json',
      'pro',
      'brick',
      'add',
      co,
      'wifi_public',
      '--price',
      '60',
      '--works',
      number,
      '--access-points',
      '3',
      '--date',
      '2027-03-10',
    ]);
    expect(b.code).toBe(0);
    expect(b.json()).toMatchObject({
      brick: 'wifi_public',
      price_cents: 6000,
      start_on: '2027-03-10',
      basis: 'works',
      works: number,
      status: 'active',
      first_month: { month: '2027-03', cents: 4258, days: 22, days_in_month: 31 },
    });
    // 4 months after: refused without --agreed-on (art. 5.12.4), allowed with it
    const four4 = await cli(db, [
      'pro',
      'brick',
      'add',
      co,
      'lan_security',
      '--price',
      '31',
      '--works',
      number,
      '--switches',
      '2',
      '--routers',
      '3',
      '--date',
      '2027-05-10',
    ]);
    expect(four4.code).toBe(3);
    expect(four4.stderr).toContain('art. 5.12.3.1');
    const refused = await cli(db, [
      '--json',
      'pro',
      'brick',
      'add',
      co,
      'lan_security',
      '--price',
      '31',
      '--works',
      number,
      '--switches',
      '2',
      '--date',
      '2027-05-10',
    ]);
    expect(refused.code).toBe(3);
    expect(refused.json()).toMatchObject({ error: { code: 'refused', article: '5.12.4' } });
    expect(refused.json<{ error: { message: string } }>().error.message).toContain('2027-04-10');

    // the invoices are left unpaid: late-payment penalties need the legal rate
    expect((await cli(db, ['bill', 'rates', 'set', '2027-S1', '6.67'])).code).toBe(0);
    // the runs, month by month: March bills the subscription since January, the works and 22/31 of the brick
    const march = await cli(db, ['--json', 'bill', 'run', '--month', '2027-03', '--date', '2027-03-10']);
    expect(march.code).toBe(0);
    const ml = await invoiceLines(db, (await invoiceOn(db, co, '2027-03-10'))!);
    expect(ml.filter((l) => l.kind === 'charge').map((l) => [l.label, l.ttc_cents, l.ht_cents])).toEqual([
      [`Univers Pro — devis ${number} — Bornes Wi-Fi (3)`, 120000, 100000],
      [`Univers Pro — devis ${number} — Routeur`, 45000, 37500],
      [`Univers Pro — devis ${number} — Configuration`, 8990, 7492],
    ]);
    expect(ml.filter((l) => l.label === 'Maintenance Wi-Fi public')).toEqual([
      { kind: 'option', label: 'Maintenance Wi-Fi public', period: '2027-03', ttc_cents: 4258, ht_cents: 3548 },
    ]);

    const ok = await cli(db, [
      '--json',
      'pro',
      'brick',
      'add',
      co,
      'lan_security',
      '--price',
      '31',
      '--works',
      number,
      '--switches',
      '2',
      '--routers',
      '2',
      '--agreed-on',
      '2027-05-05',
      '--date',
      '2027-05-10',
    ]);
    expect(ok.code).toBe(0);
    expect(ok.json()).toMatchObject({ basis: 'agreed', agreed_on: '2027-05-05' });

    const brickLines = async (month: string, date: string) => {
      const r = await cli(db, ['--json', 'bill', 'run', '--month', month, '--date', date]);
      expect(r.code).toBe(0);
      const mine = await invoiceOn(db, co, date);
      if (!mine) return [];
      return (await invoiceLines(db, mine)).filter((l) => l.label.startsWith('Maintenance')).map((l) => [l.label, l.period, l.ttc_cents]);
    };
    expect(await brickLines('2027-04', '2027-04-01')).toEqual([['Maintenance Wi-Fi public', '2027-04', 6000]]);
    // the removal request of 15/05: a terminal would ask; without one, --yes
    expect((await cli(db, ['pro', 'brick', 'remove', co, 'wifi_public', '--requested-on', '2027-05-15'])).code).toBe(2);
    const rm = await cli(db, ['--json', 'pro', 'brick', 'remove', co, 'wifi_public', '--requested-on', '15/05/2027', '--yes']);
    expect(rm.code).toBe(0);
    expect(rm.json()).toMatchObject({ requested_end_on: '2027-05-15', end_on: '2027-05-31', status: 'ending' });
    expect((await cli(db, ['pro', 'brick', 'remove', co, 'wifi_public', '--requested-on', '2027-05-16', '--yes'])).code).toBe(3);
    // May: the Wi-Fi brick in full, LAN & security from 10/05 (31,00 × 22/31 = 22,00)
    expect(await brickLines('2027-05', '2027-05-16')).toEqual([
      ['Maintenance Wi-Fi public', '2027-05', 6000],
      ['Maintenance LAN & sécurité', '2027-05', 2200],
    ]);
    // June: nothing more for the Wi-Fi brick
    expect(await brickLines('2027-06', '2027-06-01')).toEqual([['Maintenance LAN & sécurité', '2027-06', 3100]]);
    expect(await brickLines('2027-06', '2027-06-02')).toEqual([]);

    // the Desk's list: bricks in force or ending by default, every ended one with --status ended
    const list = await cli(db, ['--json', 'pro', 'list', '--date', '2027-06-02']);
    expect(list.json()).toEqual([
      { type: 'brick', id: 2, ref: 'lan_security', member_no: co, status: 'active', date: '2027-05-10', amount_cents: 3100, detail: null },
    ]);
    const ended = await cli(db, ['--json', 'pro', 'list', '--status', 'ended', '--member', co, '--date', '2027-06-02']);
    expect(ended.json()).toMatchObject([{ type: 'brick', ref: 'wifi_public', status: 'ended', detail: '2027-05-31' }]);
    expect((await cli(db, ['--json', 'pro', 'list', '--status', 'done'])).json()).toMatchObject([
      { type: 'quote', ref: number, amount_cents: 173990, detail: '2027-01-10' },
    ]);
    expect((await cli(db, ['pro', 'list', '--status', 'bogus'])).code).toBe(2);

    // the contract's termination ends the bricks with it (art. 10.4)
    const term = await cli(db, ['--json', 'terminate', co, '--reason', 'member_request', '--notice-date', '2027-06-10', '--date', '2027-06-10', '--yes']);
    expect(term.code).toBe(0);
    const effective = term.json<{ effective_on: string; last_billed_month: string; bricks_ended: { brick: string; billed_until: string }[] }>();
    expect(effective.bricks_ended).toEqual([
      { brick: 'lan_security', billed_until: `${effective.last_billed_month}-${effective.last_billed_month === '2027-06' ? '30' : '31'}` },
    ]);
    const show = await cli(db, ['--json', 'terminate', 'show', co]);
    expect(show.json()).toMatchObject({ bricks_ended: [{ brick: 'lan_security' }] });
  });

  it('--invoice-now: the works invoiced at once, the quote names the invoice; lists stream; a brick on a study without works', async () => {
    const { db, co } = proDb();
    const number = await orderedQuote(db, co);
    const w = await cli(db, ['--json', 'pro', 'works', 'done', number, '--invoice-now', '--date', '2027-01-10']);
    expect(w.code).toBe(0);
    const inv = w.json<{ invoice: string; pending_charges: number }>();
    expect(inv.pending_charges).toBe(0);
    expect(inv.invoice).toBe('F2027-000001');
    const lines = await invoiceLines(db, inv.invoice);
    expect(lines.map((l) => l.ttc_cents)).toEqual([120000, 45000, 8990]);
    expect((await cli(db, ['--json', 'bill', 'show', inv.invoice])).json()).toMatchObject({
      total_ttc_cents: 173990,
      total_ht_cents: 144992,
      total_vat_cents: 28998,
    });
    // without works: a feasible study at the maintenance address
    const none = await cli(db, ['pro', 'brick', 'add', co, 'server_backup', '--price', '45', '--date', '2027-09-01']);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('art. 5.12.4');
    const st = await cli(db, ['--json', 'pro', 'brick', 'add', co, 'server_backup', '--price', '45', '--study', '1', '--date', '2027-09-01']);
    expect(st.json()).toMatchObject({ basis: 'study', study: 1, first_month: { cents: 4500 } });
    // human list in French and in English, fits 80 columns
    const fr = await cli(db, ['pro', 'list'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(fr.stdout).toContain('brique');
    expect(fr.stdout).toContain('en cours');
    for (const l of fr.stdout.split('\n')) expect(l.length).toBeLessThanOrEqual(80);
    const en = await cli(db, ['pro', 'list', '--status', 'done']);
    expect(en.stdout).toContain('works done');
    expect(en.stdout).toContain('1 739,90 €');
  });

  it('quote pdf: a French A4 devis with the club, the member, each line HT/VAT/TTC and the totals, written 0600; a missing folder or settings is one line', async () => {
    const { db, co } = proDb();
    const number = await orderedQuote(db, co);
    const out = tempDir();
    // without the club's identity: one line naming what is missing, nothing written
    const none = await cli(db, ['pro', 'quote', 'pdf', number, '--out', out]);
    expect(none.code).not.toBe(0);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.readdirSync(out)).toEqual([]);
    const conn = openDatabase(db);
    setClubSettings(conn);
    conn.close();
    // a missing folder is created 0700 (issue 24); a file on the way is one line, exit 2
    const made = path.join(tempDir(), 'devis', 'new');
    expect((await cli(db, ['pro', 'quote', 'pdf', number, '--out', made])).code).toBe(0);
    expect(fs.statSync(made).mode & 0o777).toBe(0o700);
    const aFile = path.join(tempDir(), 'a-file');
    fs.writeFileSync(aFile, '');
    expect((await cli(db, ['pro', 'quote', 'pdf', number, '--out', path.join(aFile, 'missing')])).code).toBe(2);
    const r = await cli(db, ['--json', 'pro', 'quote', 'pdf', number, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(out, `devis-${number}.pdf`);
    expect(r.json()).toEqual({ number, path: file });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = pdfFlatText(fs.readFileSync(file));
    for (const s of [
      'DEVIS',
      number,
      'Cercle Parnasse',
      'Atelier Moreau SARL',
      'Date : 04/01/2027',
      'Bornes Wi-Fi (3)',
      '1 000,00 €',
      '1 200,00 €',
      '74,92 €',
      '89,90 €',
      'Total HT',
      '1 449,92 €',
      '289,98 €',
      '1 739,90 €',
      'installation d’un réseau Wi-Fi public',
      'Bon pour accord',
    ])
      expect(text).toContain(s);
  });

  it('pro report add|due (art. 5.12.3.1): the half-yearly report of a Wi-Fi brick, with its PDF; --json, English and French', async () => {
    const { db, co } = proDb();
    const number = await orderedQuote(db, co);
    expect((await cli(db, ['pro', 'works', 'done', number, '--date', '2027-03-01'])).code).toBe(0);
    const b = await cli(db, ['--json', 'pro', 'brick', 'add', co, 'wifi_public', '--price', '60', '--works', number, '--date', '2027-03-10']);
    const id = String(b.json<{ id: number }>().id);
    expect((await cli(db, ['pro', 'report', 'due', '--date', '2027-08-09'])).stdout).toMatch(/No report expected\./);
    const due = await cli(db, ['--json', 'pro', 'report', 'due', '--date', '2027-09-11']);
    expect(due.json()).toEqual([
      {
        brick_id: Number(id),
        member_no: co,
        brick: 'wifi_public',
        period: 1,
        period_from: '2027-03-10',
        period_to: '2027-09-09',
        due_on: '2027-09-10',
        late: true,
      },
    ]);
    const fr = await cli(db, ['pro', 'report', 'due', '--date', '2027-09-11'], { env: { PARNASSE_LANG: 'fr' } });
    expect(fr.stdout).toMatch(/EN RETARD/);
    expect(fr.stdout).toMatch(/10\/09\/2027/);
    const early = await cli(db, ['--json', 'pro', 'report', 'add', id, '--date', '2027-07-01']);
    expect(early.code).toBe(3);
    expect(early.json().error.article).toBe('5.12.3.1');
    const dir = tempDir('parnasse-report-');
    const notPdf = path.join(dir, 'rapport.txt');
    fs.writeFileSync(notPdf, 'hello');
    expect((await cli(db, ['pro', 'report', 'add', id, '--file', notPdf, '--date', '2027-09-12'])).code).toBe(2);
    const pdf = path.join(dir, 'rapport-S1.pdf');
    fs.writeFileSync(pdf, '%PDF-1.7\n%…\n');
    const r = await cli(db, ['pro', 'report', 'add', id, '--file', pdf, '--date', '2027-09-12']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /Report of half-year 1 \(2027-03-10 – 2027-09-09\) of brick #\d+ wifi_public \(member \d+\) received 2027-09-12, late \(due 2027-09-10\)\./,
    );
    const shown = await cli(db, ['--json', 'pro', 'report', 'due', '--date', '2028-02-15']);
    expect(shown.json().map((x: { period: number; late: boolean }) => [x.period, x.late])).toEqual([[2, false]]);
    const frAdd = await cli(db, ['pro', 'report', 'add', id, '--date', '2028-03-01'], { env: { PARNASSE_LANG: 'fr' } });
    expect(frAdd.stdout).toMatch(/Rapport du semestre 2 \(10\/09\/2027 – 09\/03\/2028\) de la brique n° \d+ wifi_public \(membre \d+\) reçu le 01\/03\/2028\./);
  });

  it('art. 4 and 5.4.2 on quote for any member: pro study add --services connection|device_study, the quote, the works; a connection without a simultaneous Orange subscription refused (art. 4), in French too', async () => {
    const { db, person } = proDb();
    const s = await cli(db, ['--json', 'pro', 'study', 'add', person, '--services', 'device_study', '--date', '2027-01-10']);
    expect(s.code).toBe(0);
    expect(s.json()).toMatchObject({ member_no: person, services: ['device_study'] });
    expect((await cli(db, ['pro', 'study', 'result', String(s.json().id), 'feasible', '--date', '2027-01-12'])).code).toBe(0);
    const q = await cli(db, [
      '--json',
      'pro',
      'quote',
      'add',
      person,
      '--study',
      String(s.json().id),
      '--line',
      'Étude préalable caméra IP;120',
      '--date',
      '2027-01-12',
    ]);
    expect(q.code).toBe(0);
    expect(q.json()).toMatchObject({ total_ttc_cents: 12000, total_ht_cents: 10000 });
    expect((await cli(db, ['pro', 'quote', 'accept', q.json().number, '--date', '2027-01-13'])).code).toBe(0);
    expect((await cli(db, ['--json', 'pro', 'works', 'done', q.json().number, '--date', '2027-01-20'])).json()).toMatchObject({
      status: 'done',
      pending_charges: 1,
    });
    expect((await cli(db, ['--json', 'pro', 'study', 'add', person, '--services', 'connection', '--date', '2027-01-10'])).code).toBe(0);

    const conn = openDatabase(db);
    conn.sqlite.prepare("update subscriptions set started_on = '2019-05-02'").run();
    conn.close();
    const refused = await cli(db, ['--json', 'pro', 'study', 'add', person, '--services', 'connection', '--date', '2027-01-15']);
    expect(refused.code).toBe(3);
    expect(refused.json().error.article).toBe('4');
    const fr = await cli(db, ['pro', 'study', 'add', person, '--services', 'connection', '--date', '2027-01-15'], { env: { PARNASSE_LANG: 'fr' } });
    expect(fr.code).toBe(3);
    expect(fr.stderr.replace(/\s+/g, ' ')).toMatch(/souscrit simultanément à l'Offre et à son abonnement Orange/);
  });
});
