/**
 * Issue 25, bank files in: `bill payments import FILE` reads a camt.053 statement (or a
 * camt.054 credit notification), versions .02, .08 (prefixed) and .12 (valid against the ISO
 * schema). Transfers are matched by the invoice number of their remittance information, else
 * by the payer's IBAN and the exact amount, and recorded as transfers on their booking date;
 * the same statement again records nothing new; the club's own direct debits and their
 * returns are recognised, not doubled; the rest goes to the Desk with why (RULES.md §6).
 * The books are checked after (`db check`, `bill show`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { openDatabase } from '../../src/db/connection.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings } from '../helpers/documents.js';
import { camt, frIban, validateCamt, type CamtEntrySpec, type CamtVersion } from '../helpers/camt.js';

const sub = (cents: number) => [{ kind: 'subscription' as const, label: 'Abonnement', period: '2026-12', ttcCents: cents }];

function club() {
  const dir = tempDir();
  const db = path.join(dir, 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const [m1, m2, m3] = [1, 2, 3].map((k) => insertMember(conn, { iban: frIban(k) })) as [number, number, number];
  const inv = {
    a: issue(conn, m1, '2026-12-01', sub(10_000)),
    b: issue(conn, m2, '2026-12-01', sub(8_000)),
    c: issue(conn, m3, '2026-12-01', sub(5_000)),
    d: issue(conn, m3, '2026-12-01', sub(3_000)),
    e: issue(conn, m1, '2026-12-01', sub(2_000)),
    f: issue(conn, m2, '2026-12-01', sub(6_000)),
  };
  conn.close();
  return { dir, db, inv, members: [m1, m2, m3] as const };
}

const credit = (ref: string, cents: number, o: { ustrd?: string[]; strdRef?: string; iban?: string; status?: string }): CamtEntrySpec => ({
  ref,
  credit: true,
  bookedOn: '2026-12-10',
  family: 'RCDT',
  subFamily: 'ESCT',
  ...(o.status ? { status: o.status } : {}),
  txs: [
    {
      amountCents: cents,
      payerName: 'Un Payeur',
      ...(o.iban ? { payerIban: o.iban } : {}),
      ...(o.ustrd ? { ustrd: o.ustrd } : {}),
      ...(o.strdRef ? { strdRef: o.strdRef } : {}),
    },
  ],
});

function entries(inv: ReturnType<typeof club>['inv']): CamtEntrySpec[] {
  return [
    credit('R-A', 10_000, { ustrd: [`Cotisation facture ${inv.a}`], iban: frIban(77) }), // by its number (another payer's account)
    credit('R-B', 8_000, { iban: frIban(2) }), // no number: the member's IBAN and the exact amount
    credit('R-CD', 8_000, { ustrd: [`${inv.c.replace('-', '')} et ${inv.d}`] }), // two invoices, cut as banks cut them
    credit('R-E', 2_500, { strdRef: inv.e }), // more than it owes: the Desk
    credit('R-F', 2_000, { ustrd: [`Acompte ${inv.f}`] }), // a part: recorded
    credit('R-X', 4_200, { iban: frIban(99), ustrd: ['Don'] }), // nobody's: the Desk
    credit('R-P', 1_000, { ustrd: [inv.b], status: 'PDNG' }), // not booked
    { ref: 'FEES-1', credit: false, bookedOn: '2026-12-10', family: 'CCRD', subFamily: 'CHRG', txs: [{ amountCents: 350 }] }, // money out
    { ref: 'DD-1', credit: true, bookedOn: '2026-12-08', family: 'IDDT', subFamily: 'ESDD', txs: [] }, // our collection, batch-booked
  ];
}

async function importFile(c: { dir: string; db: string }, xml: string, extra: string[] = [], lang = 'C') {
  const file = path.join(c.dir, `s${Math.random().toString(16).slice(2)}.xml`);
  fs.writeFileSync(file, xml);
  return cli(
    c.db,
    [...(extra.includes('--human') ? [] : ['--json']), '--date', '2026-12-15', 'bill', 'payments', 'import', file, ...extra.filter((x) => x !== '--human')],
    {
      env: { LANG: lang },
    },
  );
}

async function show(c: { db: string }, n: string) {
  return (await cli(c.db, ['--json', '--date', '2026-12-15', 'bill', 'show', n])).json();
}

describe('bill payments import: camt.053 statements (issue 25)', () => {
  for (const [kind, version, prefix] of [
    ['053', '02', undefined],
    ['053', '08', 'ns3'],
    ['053', '12', undefined],
    ['054', '12', 'n'],
  ] as ['053' | '054', CamtVersion, string | undefined][]) {
    it(`camt.${kind}.001.${version}${prefix ? ` (prefix ${prefix}:)` : ''}: matched transfers recorded on their booking date, the rest listed with why; again: nothing new`, async () => {
      const c = club();
      const xml = camt(kind, version, entries(c.inv), { prefix });
      if (version === '12') validateCamt(xml, kind);
      const r = await importFile(c, xml);
      expect(r.code, r.stderr + r.stdout).toBe(0);
      const j = r.json();
      expect(j.transactions).toBe(9);
      expect(j.recorded.map((x: { invoice: string; amount_cents: number; by: string }) => [x.invoice, x.amount_cents, x.by])).toEqual([
        [c.inv.a, 10_000, 'reference'],
        [c.inv.b, 8_000, 'iban'],
        [c.inv.c, 5_000, 'reference'],
        [c.inv.d, 3_000, 'reference'],
        [c.inv.f, 2_000, 'reference'],
      ]);
      expect(j.recorded_cents).toBe(28_000);
      expect(j.unknown.map((x: { ref: string; reason: string }) => [x.ref, x.reason])).toEqual([
        ['R-E', 'overpays'],
        ['R-X', 'unknown_payer'],
      ]);
      expect(j.skipped.map((x: { ref: string; reason: string }) => [x.ref, x.reason])).toEqual([
        ['R-P', 'not_booked'],
        ['FEES-1', 'debit'],
        ['DD-1', 'collection'],
      ]);
      const a = await show(c, c.inv.a);
      expect(a).toMatchObject({ status: 'paid', outstanding_cents: 0, payments: [{ amount_cents: 10_000, paid_on: '2026-12-10', method: 'transfer' }] });
      expect((await show(c, c.inv.f)).outstanding_cents).toBe(4_000);
      expect((await show(c, c.inv.e)).outstanding_cents).toBe(2_000);
      expect((await cli(c.db, ['db', 'check'])).code).toBe(0);

      const again = await importFile(c, xml);
      expect(again.code).toBe(0);
      expect(again.json().recorded).toEqual([]);
      expect(
        again
          .json()
          .skipped.filter((x: { reason: string }) => x.reason === 'already_recorded')
          .map((x: { ref: string }) => x.ref),
      ).toEqual(['R-A', 'R-B', 'R-CD', 'R-F']);
      expect((await show(c, c.inv.a)).payments).toHaveLength(1);
      expect((await cli(c.db, ['db', 'check'])).code).toBe(0);
    });
  }

  it('--dry-run shows what would be recorded and records nothing; the audit log gains one import entry besides the payments', async () => {
    const c = club();
    const xml = camt('053', '12', entries(c.inv));
    const dry = await importFile(c, xml, ['--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json()).toMatchObject({ dry_run: true, recorded_count: 5 });
    expect((await show(c, c.inv.a)).payments).toEqual([]);
    const conn = openDatabase(c.db);
    const before = conn.sqlite.prepare('select count(*) from audit_log').pluck().get() as number;
    conn.close();
    expect((await importFile(c, xml)).json().recorded_count).toBe(5);
    const c2 = openDatabase(c.db);
    const logged = c2.sqlite.prepare('select entity, action from audit_log where id > ? order by id').all(before) as { entity: string; action: string }[];
    c2.close();
    expect(logged.filter((e) => e.entity === 'payment' && e.action === 'record')).toHaveLength(5);
    expect(logged.filter((e) => e.entity === 'bank_statement')).toEqual([{ entity: 'bank_statement', action: 'import' }]);
  });

  it('the club’s direct debits on the statement: the collection is not a second payment; a return already recorded is recognised, one not yet recorded goes to the Desk', async () => {
    const c = club();
    const m1 = c.members[0]!;
    expect((await cli(c.db, ['--date', '2026-11-20', 'member', 'mandate', String(m1), '--iban', frIban(1), '--signed', '2026-11-15'])).code).toBe(0);
    const conn = openDatabase(c.db);
    const g = issue(conn, m1, '2026-12-03', sub(4_000));
    conn.close();
    const ex = await cli(c.db, ['--date', '2026-12-04', 'bill', 'export', '--month', '2026-12', '--format', 'sepa', '--out', path.join(c.dir, 'sepa.xml')]);
    expect(ex.code, ex.stderr).toBe(0);
    const debited = (await show(c, g)).paid_cents;
    expect(debited).toBe(4_000);
    const xml = camt('053', '08', [
      { ref: 'DD-2', credit: true, bookedOn: '2026-12-12', family: 'IDDT', subFamily: 'ESDD', txs: [{ amountCents: 4_000, e2e: g, ustrd: [g] }] },
      { ref: 'RT-1', credit: false, bookedOn: '2026-12-14', family: 'IDDT', subFamily: 'UPDD', txs: [{ amountCents: 4_000, e2e: g, returnReason: 'AM04' }] },
    ]);
    const r = await importFile(c, xml);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().recorded).toEqual([]);
    expect(r.json().skipped).toMatchObject([{ ref: 'DD-2', reason: 'collection', invoice: g }]);
    expect(r.json().unknown).toMatchObject([{ ref: 'RT-1', reason: 'return_not_recorded', invoices: [g] }]);
    expect((await show(c, g)).paid_cents).toBe(4_000);
    // the return recorded from its camt.054: the statement's line is then recognised
    const ret = camt('054', '12', [
      { ref: 'RT-1', credit: false, bookedOn: '2026-12-14', family: 'IDDT', subFamily: 'UPDD', txs: [{ amountCents: 4_000, e2e: g, returnReason: 'AM04' }] },
    ]);
    const rf = path.join(c.dir, 'ret.xml');
    fs.writeFileSync(rf, ret);
    expect((await cli(c.db, ['--date', '2026-12-15', 'bill', 'returns', rf])).code).toBe(0);
    const again = await importFile(c, xml);
    expect(again.json().skipped.map((x: { reason: string }) => x.reason)).toEqual(['collection', 'return_recorded']);
    expect(again.json().unknown).toEqual([]);
    expect((await show(c, g)).status).toBe('late');
    expect((await cli(c.db, ['db', 'check'])).code).toBe(0);
  });

  it('human output in both languages; a file that is no camt: exit 4, nothing recorded', async () => {
    const c = club();
    const xml = camt('053', '12', entries(c.inv));
    const fr = await importFile(c, xml, ['--human', '--dry-run'], 'fr_FR.UTF-8');
    expect(fr.code, fr.stderr).toBe(0);
    expect(fr.stdout).toContain('pour l’accueil');
    expect(fr.stdout.replace(/\s+/g, ' ')).toContain('paie plus que');
    expect(fr.stdout).toContain("Essai : rien n'a été enregistré.");
    const en = await importFile(c, xml, ['--human']);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toContain('5 payment(s) recorded');
    expect(en.stdout).toContain('For the Desk');
    const bad = await importFile(c, '<?xml version="1.0"?><Document><CstmrPmtStsRpt/></Document>');
    expect(bad.code).toBe(4);
    expect(bad.json().error.message).toContain('not a camt.053 statement');
    const cut = await importFile(c, xml.slice(0, Math.floor(xml.length * 0.8)));
    expect(cut.code).toBe(4);
    expect((await show(c, c.inv.a)).payments).toHaveLength(1);
  });
});
