import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertCandidacy, insertMember, TEST_IBAN } from '../helpers/factory.js';

const HEADER =
  'member_no,kind,first_name,last_name,email,phone,street,postal_code,city,department,company_name,company_siren,contract_start,status,orange_subscriptions,line_technology,iban,delegate_name,options';

function csv(lines: string[], name = 'members.csv', encoding: 'utf8' | 'latin1' = 'utf8'): string {
  const f = path.join(tempDir(), name);
  const text = `${lines.join('\r\n')}\r\n`;
  fs.writeFileSync(f, encoding === 'utf8' ? text : iconv.encode(text, 'win1252'));
  return f;
}

const GOOD = [
  HEADER,
  `120,person,Hélène,Dubois,helene@example.fr,0601020304,8 rue du Bac,75007,Paris,,,,2024-03-01,active,2,fibre,${TEST_IBAN},Marc Dubois,extra_mailbox:2|bitdefender`,
  `87,company,Louis,Bernard,louis@bernard.fr,,"3, quai Rambaud",69002,Lyon,69,Bernard SAS,552 100 554,01/09/2023,suspended,1,vdsl,,,`,
];

function memberDb(): { db: string; no: number } {
  const db = tempDbPath();
  const conn = openDatabase(db);
  const no = insertMember(conn);
  conn.close();
  return { db, no };
}

describe('member list / show', () => {
  it('lists with filters; show JSON has the CLI.md keys with member_no as a string', async () => {
    const { db, no } = memberDb();
    const l = await cli(db, ['--json', 'member', 'list', '--zone', 'paris']);
    expect(l.code).toBe(0);
    expect(l.json()).toEqual([expect.objectContaining({ member_no: String(no), status: 'active', zone: 'paris' })]);
    expect((await cli(db, ['--json', 'member', 'list', '--status', 'pending'])).json()).toEqual([]);
    const s = (await cli(db, ['--json', 'member', 'show', String(no)])).json();
    for (const k of ['member_no', 'status', 'kind', 'zone', 'contract_start', 'honorary']) expect(s).toHaveProperty(k);
    expect(s.member_no).toBe(String(no));
    const nf = await cli(db, ['--json', 'member', 'show', '999']);
    expect(nf.code).toBe(2);
    expect(nf.json().error.code).toBe('not_found');
    const h = await cli(db, ['member', 'show', String(no)]);
    expect(h.stdout).toContain('rue de Rivoli');
    // one row per label: the termination's is not a second "status" (review)
    for (const [LANG, label, status] of [
      ['C', 'termination', 'status'],
      ['fr_FR.UTF-8', 'résiliation', 'statut'],
    ] as const) {
      const out = (await cli(db, ['member', 'show', String(no)], { env: { LANG } })).stdout.split('\n');
      expect(
        out.filter((l) => l.startsWith(`${status} `)),
        LANG,
      ).toHaveLength(1);
      expect(
        out.some((l) => l.startsWith(`${label} `)),
        LANG,
      ).toBe(true);
    }
  });
});

describe('member services on the command line', () => {
  it('delegate, subscriptions (art. 10.1 recorded and said), lines, options, airbox, devices, honorary', async () => {
    const { db, no } = memberDb();
    const n = String(no);
    expect((await cli(db, ['member', 'delegate', n, '--name', 'Claire Petit', '--phone', '0612345678', '--date', '2026-02-01'])).code).toBe(0);
    const rep = await cli(db, ['--json', 'member', 'delegate', n, '--name', 'Marc Roux']);
    expect(rep.code).toBe(3);
    expect(rep.json().error.message).toMatch(/^refused \(art\. 1\): .*--notified-on/);
    expect((await cli(db, ['member', 'delegate', n, '--name', 'Marc Roux', '--notified-on', '2026-02-20', '--date', '2026-02-21'])).code).toBe(0);
    expect((await cli(db, ['member', 'delegate', n])).code).toBe(2); // no --name, no terminal
    expect((await cli(db, ['member', 'delegate', n, '--remove'])).code).toBe(0);

    const sub = await cli(db, ['--json', 'member', 'subscription', 'add', n, '--date', '2026-02-01']);
    expect(sub.json()).toMatchObject({ subscriptions_at_address: 2 });
    const third = await cli(db, ['--json', 'member', 'subscription', 'add', n]);
    expect(third.code).toBe(3);
    expect(third.json().error.article).toBe('3.4');

    const site = await cli(db, [
      '--json',
      'member',
      'address',
      'add',
      n,
      '--street',
      '1 Canebière',
      '--postal-code',
      '13001',
      '--city',
      'Marseille',
      '--subscriptions',
      '2',
      '--date',
      '2026-02-02',
    ]);
    expect(site.json()).toMatchObject({ zone: 'sud', extra_sites: 1, monthly_ttc_cents: 9000 });
    const outside = await cli(db, ['member', 'address', 'add', n, '--street', 'x', '--postal-code', '29200', '--city', 'Brest']);
    expect(outside.code).toBe(0);
    expect(outside.stderr).toContain('outside the coverage zone');

    expect((await cli(db, ['--json', 'member', 'line', 'add', n, '--number', '0611111111', '--plan', 'sosh'])).json().error.article).toBe('5.6');
    expect((await cli(db, ['member', 'line', 'add', n, '--number', '0611111111'])).code).toBe(0);
    expect((await cli(db, ['member', 'line', 'remove', n, '06 11 11 11 11'])).code).toBe(0);

    expect((await cli(db, ['--json', 'member', 'device', 'add', n, '--label', 'pc'])).json().error.article).toBe('5.3');
    expect((await cli(db, ['member', 'option', 'add', n, 'bitdefender', '--date', '2026-02-01'])).code).toBe(0);
    expect((await cli(db, ['member', 'device', 'add', n, '--label', 'pc'])).code).toBe(0);
    expect((await cli(db, ['member', 'option', 'add', n, 'extra_site'])).code).toBe(2);
    expect((await cli(db, ['member', 'option', 'add', n, 'golf'])).code).toBe(2);
    const rm = await cli(db, ['--json', 'member', 'option', 'remove', n, 'bitdefender', '--date', '2026-03-15']);
    expect(rm.json()).toMatchObject({ end_on: '2026-03-31' });

    expect((await cli(db, ['member', 'airbox', n, '--lent', '2026-01-10', '--serial', 'AB-1'])).code).toBe(0);
    expect((await cli(db, ['--json', 'member', 'airbox', n, '--lent', '2026-01-11', '--serial', 'AB-2'])).json().error.article).toBe('5.5');
    expect((await cli(db, ['member', 'airbox', n])).code).toBe(2);
    expect((await cli(db, ['member', 'airbox', n, '--returned', '2026-06-30'])).code).toBe(0);

    const s = (await cli(db, ['--json', 'member', 'show', n])).json();
    const asked: string[] = [];
    const subs = s.main_address.subscriptions.map((x: any) => String(x.id));
    expect((await cli(db, ['member', 'subscription', 'remove', n, subs[0], '--date', '2026-04-01'])).code).toBe(0);
    // extra sites still hold Orange subscriptions: the main address's last one is refused (art. 10.1 needs none left)
    const held = await cli(db, ['--json', 'member', 'subscription', 'remove', n, subs[1], '--date', '2026-05-01']);
    expect(held.code).toBe(3);
    expect(held.json().error.article).toBe('3.4');
    for (const a of s.extra_sites) expect((await cli(db, ['member', 'address', 'remove', n, String(a.id), '--date', '2026-04-30'])).code).toBe(0);
    // the last one ends the contract: asked on a terminal, refused without one and without --yes (issue 11)
    const unasked = await cli(db, ['--json', 'member', 'subscription', 'remove', n, subs[1], '--date', '2026-05-01']);
    expect(unasked.code).toBe(2);
    expect((await cli(db, ['--json', 'member', 'show', n])).json().status).not.toBe('terminated');
    const declined = await cli(db, ['member', 'subscription', 'remove', n, subs[1], '--date', '2026-05-01'], {
      tty: true,
      prompter: {
        confirm: async (q: { message: string }) => {
          asked.push(q.message);
          return false;
        },
      } as any,
    });
    expect(declined.code).toBe(2);
    expect(asked.join()).toContain('art. 10.1');
    const last = await cli(db, ['--json', 'member', 'subscription', 'remove', n, subs[1], '--date', '2026-05-01', '--yes']);
    expect(last.code).toBe(0);
    expect(last.json()).toMatchObject({ contract_ends: true, contract_end_recorded_on: '2026-05-01' });
    expect(last.stderr).toContain('art. 10.1');

    // the contract ended through the one termination path: terminated, never under recovery, still eligible
    expect((await cli(db, ['--json', 'terminate', 'show', n, '--date', '2026-05-01'])).json()).toMatchObject({
      reason: 'orange_lost',
      effective_on: '2026-05-01',
      pending: false,
    });
    expect((await cli(db, ['--json', 'member', 'honorary', n, '--date', '2026-05-02'])).json()).toMatchObject({ honorary: true });

    const ex = await cli(db, ['member', 'export', n]);
    const doc = JSON.parse(ex.stdout);
    expect(doc.exported_for).toBe(n);
    expect(doc.delegates).toHaveLength(2);
    expect(doc.airboxes[0]).toMatchObject({ serial: 'AB-1', returned_on: '2026-06-30' });
    // snake_case everywhere (issue 11), and everything held: interventions, invoices, dunning, cooptations, termination
    expect(doc.member).toMatchObject({ member_no: n, contract_start: '2026-01-05', terminated_on: '2026-05-01' });
    const keys = (o: unknown): string[] =>
      o && typeof o === 'object' ? Object.entries(o).flatMap(([k, v]) => [...(Array.isArray(o) ? [] : [k]), ...keys(v)]) : [];
    expect(keys(doc).filter((k) => /[A-Z]/.test(k))).toEqual([]);
    for (const k of ['interventions', 'invoices', 'payments', 'disputes', 'dunning', 'terminations', 'cooptations', 'complaints', 'candidacy'])
      expect(doc).toHaveProperty(k);
    expect(doc.terminations).toEqual([expect.objectContaining({ reason: 'orange_lost', effective_on: '2026-05-01' })]);
  });

  it('member numbers continue after notify and never reuse', async () => {
    const { db, no } = memberDb();
    const conn = openDatabase(db);
    const ref = insertCandidacy(conn);
    conn.close();
    await cli(db, ['committee', 'decide', ref, '--accept', '--date', '2026-12-01']);
    const r = await cli(db, ['--json', 'committee', 'notify', ref, '--date', '2026-12-02', '--yes']);
    expect(r.json().member_no).toBe(String(no + 1));
  });
});

describe('member import', () => {
  it('imports members with their numbers; new numbers continue after the highest; idempotent', async () => {
    const db = tempDbPath();
    const f = csv(GOOD);
    const dry = await cli(db, ['--json', 'member', 'import', f, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.json()).toMatchObject({ inserted: 2, unchanged: 0, dry_run: true });
    expect((await cli(db, ['--json', 'member', 'list'])).json()).toEqual([]);

    const r = await cli(db, ['--json', 'member', 'import', f]);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, errors: [], next_member_no: 121 });
    const m = (await cli(db, ['--json', 'member', 'show', '87'])).json();
    expect(m).toMatchObject({
      kind: 'company',
      status: 'suspended',
      zone: 'sud',
      contract_start: '2023-09-01',
      company_siren: '552100554',
      welcome_gift: false,
    });
    const h = (await cli(db, ['--json', 'member', 'show', '120'])).json();
    expect(h.delegate.name).toBe('Marc Dubois');
    expect(h.main_address.subscriptions).toHaveLength(2);
    expect(h.options.map((o: any) => `${o.option}:${o.qty}`)).toEqual(['extra_mailbox:2', 'bitdefender:1']);

    const again = await cli(db, ['--json', 'member', 'import', f]);
    expect(again.json()).toMatchObject({ inserted: 0, unchanged: 2 });

    const conn = openDatabase(db);
    const ref = insertCandidacy(conn);
    conn.close();
    await cli(db, ['committee', 'decide', ref, '--accept', '--date', '2026-12-01']);
    expect((await cli(db, ['--json', 'committee', 'notify', ref, '--date', '2026-12-02', '--yes'])).json().member_no).toBe('121');
    expect((await cli(db, ['--json', 'db', 'check'])).json().ok).toBe(true);
  });

  it('all or nothing: every bad row reported with line and column, exit 4, nothing written', async () => {
    const db = tempDbPath();
    const f = csv([
      HEADER,
      GOOD[1]!,
      `5,person,A,B,not-an-email,,1 rue,75001,Paris,13,,,2024-01-01,terminated,3,cable,FR00,,golf`,
      `120,person,Other,Person,o@example.fr,,1 rue,75001,Paris,,,,2024-01-01,active,1,fibre,,,`,
      `6,person,Brest,Ois,b@example.fr,,1 rue,29200,Brest,,,,2024-01-01,active,1,fibre,,,`,
    ]);
    const r = await cli(db, ['--json', 'member', 'import', f]);
    expect(r.code).toBe(4);
    const j = r.json();
    const got = j.errors.map((e: any) => `${e.line}:${e.column}`);
    expect(got).toEqual([
      '3:email',
      '3:department',
      '3:status',
      '3:orange_subscriptions',
      '3:line_technology',
      '3:iban',
      '3:options',
      '4:member_no',
      '5:postal_code',
    ]);
    expect(j.errors.find((e: any) => e.line === 5).message).toContain('art. 3.1');
    expect((await cli(db, ['--json', 'member', 'list'])).json()).toEqual([]);
  });

  it("the row errors speak the run's language (French staff get French; the columns stay), a bad postal code is the postal_code column in both", async () => {
    const rows = [
      HEADER,
      GOOD[1]!,
      `5,person,A,B,not-an-email,,1 rue,75001,Paris,,,,2024-01-01,active,1,fibre,FR00,,golf|extra_mailbox:0`,
      `6,company,C,D,c@example.fr,,1 rue,7500X,Paris,,,123456789,2024-01-01,active,1,fibre,,,`,
      `7,person,Brest,Ois,b@example.fr,,1 rue,29200,Brest,,,,2024-01-01,active,1,fibre,,,`,
      `7,person,Brest,Ois,b@example.fr,,1 rue,29200,Brest,,,,2024-01-01,active,1,fibre,,,`,
      `8,person,E,F,e@example.fr,,1 rue,75001,Paris,,,,31/02/2024,dormant,x,fibre,,,`,
    ];
    const runs: Record<string, { errors: { line: number; column: string; message: string }[] }> = {};
    for (const LANG of ['C', 'fr_FR.UTF-8']) {
      const r = await cli(tempDbPath(), ['--json', 'member', 'import', csv(rows)], { env: { LANG } });
      expect(r.code).toBe(4);
      runs[LANG] = r.json();
    }
    const en = runs.C!.errors;
    const fr = runs['fr_FR.UTF-8']!.errors;
    expect(fr.map((e) => `${e.line}:${e.column}`)).toEqual(en.map((e) => `${e.line}:${e.column}`));
    expect(en.map((e) => `${e.line}:${e.column}`)).toEqual(
      expect.arrayContaining(['3:email', '3:iban', '3:options', '4:postal_code', '4:company_name', '4:company_siren', '6:member_no']),
    );
    const frText = fr.map((e) => e.message).join('\n');
    expect(frText).toContain("n'est pas une adresse e-mail");
    expect(frText).toContain("n'est pas un IBAN français");
    expect(frText).toContain("« golf » n'est pas une option");
    expect(frText).toContain('exigé pour un membre société');
    expect(frText).toContain("figure deux fois dans le fichier (d'abord ligne 5)");
    expect(frText).toContain("« 31/02/2024 » n'est pas une date");
    expect(frText).toContain("« dormant » n'est pas l'une des valeurs");
    expect(frText).toContain("« x » n'est pas un nombre entier");
    for (const english of ['is not', 'given twice', 'required for', 'must be']) expect(frText).not.toContain(english);
    expect(en.map((e) => e.message).join('\n')).toContain('member 7 is given twice in the file (first on line 5)');
  });

  it('refuses a number already held by another member; reads Windows-1252 with ;', async () => {
    const db = tempDbPath();
    const conn = openDatabase(db);
    insertMember(conn); // member 1
    conn.close();
    const f = csv(
      [HEADER.replaceAll(',', ';'), `1;person;Zoé;Lefèvre;zoe@example.fr;;2 rue;75002;Paris;;;;2024-01-01;active;1;adsl;;;`],
      'latin.csv',
      'latin1',
    );
    const r = await cli(db, ['--json', 'member', 'import', f]);
    expect(r.code).toBe(4);
    expect(r.json().errors[0]).toMatchObject({ line: 2, column: 'member_no', code: 'number_taken' });
    const ok = csv(
      [HEADER.replaceAll(',', ';'), `2;person;Zoé;Lefèvre;zoe@example.fr;;2 rue;75002;Paris;;;;2024-01-01;active;1;adsl;;;`],
      'latin.csv',
      'latin1',
    );
    expect((await cli(db, ['member', 'import', ok])).code).toBe(0);
    expect((await cli(db, ['--json', 'member', 'show', '2'])).json().first_name).toBe('Zoé');
  });

  it('a wrong header is reported on line 1', async () => {
    const r = await cli(tempDbPath(), ['--json', 'member', 'import', csv(['member_no,kind,nickname', '1,person,x'])]);
    expect(r.code).toBe(4);
    expect(r.json().errors[0]).toMatchObject({ line: 1, column: 'nickname', code: 'unknown_column' });
  });
  it('billed_through (YYYY-MM, optional): the run starts with the month after it; a bad month is refused (exit 4)', async () => {
    const db = tempDbPath();
    const bad = await cli(db, [
      '--json',
      'member',
      'import',
      csv([`${HEADER},billed_through`, `10,person,Anne,Roy,anne@example.fr,,1 rue,75001,Paris,,,,2024-01-01,active,1,fibre,,,,2026-13`]),
    ]);
    expect(bad.code).toBe(4);
    expect(bad.json().errors).toEqual([expect.objectContaining({ line: 2, column: 'billed_through', code: 'not_month' })]);
    const f = csv([`${HEADER},billed_through`, `10,person,Anne,Roy,anne@example.fr,,1 rue,75001,Paris,,,,2024-01-01,active,1,fibre,,,,2026-10`]);
    expect((await cli(db, ['member', 'import', f])).code).toBe(0);
    const r = await cli(db, ['--json', 'bill', 'run', '--month', '2026-12', '--date', '2026-12-01', '--dry-run']);
    expect(r.code).toBe(0);
    const bill = r.json().members.find((m: any) => String(m.member_no) === '10');
    // billed by the previous system through October: November and December, in full
    expect(bill.lines.map((l: any) => [l.kind, l.period, l.ttc_cents])).toEqual([
      ['subscription', '2026-11', 25000],
      ['subscription', '2026-12', 25000],
    ]);
    const real = await cli(db, ['--json', 'bill', 'run', '--month', '2026-12', '--date', '2026-12-01']);
    expect(real.json()).toMatchObject({ invoices: 1, total_ttc_cents: 50000 });
    expect((await cli(db, ['--json', 'bill', 'run', '--month', '2026-12', '--date', '2026-12-02'])).json().invoices).toBe(0);
  });
});
