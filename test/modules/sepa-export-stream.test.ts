import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempConnection, testActor } from '../helpers/db.js';
import { tempDir } from '../helpers/cli.js';
import { insertMember } from '../helpers/factory.js';
import { issue, setClubSettings, CLUB_ICS, CLUB_IBAN } from '../helpers/documents.js';
import { buildPain008Library } from '../helpers/pain008-library.js';
import { validatePain008 } from '../helpers/xsd.js';
import { exportSepa } from '../../src/collection/sepa.js';
import { iterateMonthCollectables } from '../../src/collection/month.js';
import type { DebitRow } from '../../src/collection/pain008.js';
import { memberIdOf } from '../../src/invoicing/core.js';
import { BusyError } from '../../src/errors.js';
import type { Connection } from '../../src/db/connection.js';

const IBAN = 'FR7630004000031234567890143';
const OTHER_BANK = 'FR7610107001011234567890129';
const sub = (period: string, ttcCents: number) => [{ kind: 'subscription' as const, label: 'Abonnement', period, ttcCents }];

afterEach(() => vi.restoreAllMocks());

/**
 * 40 members with a mandate (names to transliterate, companies), 10 of them collected in
 * November (RCUR in December), one with two December invoices and an amended account
 * (another bank), one without a mandate; December invoices issued on two days (two
 * collection dates).
 */
function club(): { conn: Connection; twice: number } {
  const conn = tempConnection();
  setClubSettings(conn);
  const nos = Array.from({ length: 41 }, (_, k) =>
    k % 7 === 3
      ? insertMember(conn, { kind: 'company', companyName: `Société Générale & Fils n°${k} — Ærø` })
      : insertMember(conn, { firstName: k % 2 ? 'Hélène' : 'Zoé', lastName: `L'Hôte-Dupré ${k}` }),
  );
  const withMandate = nos.slice(0, 40);
  const mandate = conn.sqlite.prepare("insert into sepa_mandates (member_id, rum, iban, signed_on, recorded_on) values (?, ?, ?, '2024-01-15', '2024-01-15')");
  for (const no of withMandate) mandate.run(memberIdOf(conn.db, no), `RUM-${no}`, IBAN);
  for (const no of withMandate.slice(0, 10)) issue(conn, no, '2026-11-01', sub('2026-11', 25_000));
  exportSepa(conn, testActor, { month: '2026-11', on: '2026-11-02', out: path.join(tempDir(), 'nov.xml'), pain: '08' });
  // (a series is chronological: the 1st's invoices, then the 3rd's)
  for (const day of ['2026-12-01', '2026-12-03'])
    for (const [k, no] of nos.entries()) if ((k % 3 === 0) === (day === '2026-12-03')) issue(conn, no, day, sub('2026-12', 25_000 + k));
  const twice = withMandate[5]!;
  issue(conn, twice, '2026-12-03', [{ kind: 'option', label: 'Bitdefender', period: '2026-12', ttcCents: 1_001 }]);
  conn.sqlite.prepare('update sepa_mandates set iban = ?, amended_from_iban = ? where rum = ?').run(OTHER_BANK, IBAN, `RUM-${twice}`);
  return { conn, twice };
}

/** The books' debits of an export as the former builder read them (by id). */
const recorded = (conn: Connection, exportId: number) =>
  conn.sqlite
    .prepare(
      `select i.number as invoice, m.member_no, m.first_name, m.last_name, m.kind, m.company_name,
        d.amount_cents, d.sequence_type, p.paid_on as collection_date, sm.rum, coalesce(d.debtor_iban, sm.iban) as iban, sm.signed_on, d.original_iban
      from sepa_debits d join payments p on p.id = d.payment_id join invoices i on i.id = d.invoice_id
      join members m on m.id = i.member_id join sepa_mandates sm on sm.id = d.mandate_id where d.export_id = ? order by d.id`,
    )
    .all(exportId) as DebitRow[];

const counts = (conn: Connection) =>
  Object.fromEntries(['payments', 'sepa_debits', 'sepa_exports', 'audit_log'].map((t) => [t, conn.sqlite.prepare(`select count(*) from ${t}`).pluck().get()]));

describe('bill export --format sepa, streamed (issue 14)', () => {
  it('the file is what the sepa package wrote of the recorded debits (blocks FRST/RCUR × dates), the result lists them as recorded; a mandate debited twice in one file: both debits amended, the bank told once', () => {
    const { conn, twice } = club();
    const firstFile = path.join(tempDir(), 'dec-02.xml');
    for (const pain of ['02', '08'] as const) {
      const out = pain === '02' ? firstFile : path.join(tempDir(), `dec-${pain}.xml`);
      const r = exportSepa(conn, testActor, { month: '2026-12', on: '2026-12-02', out, pain, newExport: pain === '08', now: new Date(2026, 11, 2, 10, 0, 0) });
      if (pain === '08') {
        // --new: nothing left to debit, no file, nothing written
        expect(r).toMatchObject({ msg_id: null, file: null, transactions: 0 });
        expect([...r.debits]).toEqual([]);
        expect(fs.existsSync(out)).toBe(false);
        continue;
      }
      const exp = conn.sqlite.prepare('select * from sepa_exports where msg_id = ?').get(r.msg_id) as {
        id: number;
        created_at_iso: string;
        transactions: number;
        total_cents: number;
        collection_date: string;
      };
      const debits = recorded(conn, exp.id);
      const xml = fs.readFileSync(out, 'utf8');
      expect(xml).toBe(
        buildPain008Library(
          pain,
          { msgId: r.msg_id!, createdAtIso: exp.created_at_iso, month: '2026-12' },
          { name: 'Cercle Parnasse', ics: CLUB_ICS, iban: CLUB_IBAN, bic: 'AGRIFRPP' },
          debits,
        ),
      );
      validatePain008(xml, pain);
      expect(fs.statSync(out).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(path.dirname(out))).toEqual([path.basename(out)]);
      expect([...r.debits]).toEqual(
        debits.map((d) => ({
          invoice: d.invoice,
          member_no: String(d.member_no),
          amount_cents: d.amount_cents,
          sequence_type: d.sequence_type,
          collection_date: d.collection_date,
          rum: d.rum,
        })),
      );
      expect([...r.debits]).toHaveLength(r.transactions); // read again, the same
      expect(r.total_cents).toBe(debits.reduce((s, d) => s + d.amount_cents, 0));
      expect(exp).toMatchObject({ transactions: r.transactions, total_cents: r.total_cents, collection_date: r.collection_dates[0] });
      {
        // the first export: 40 debits, 4 blocks; the member without a mandate left out
        expect(r.transactions).toBe(41);
        expect(r.collection_dates).toEqual(['2026-12-11', '2026-12-13']);
        expect(new Set(debits.map((d) => `${d.sequence_type} ${d.collection_date}`)).size).toBe(4);
        expect(r.left_out.map((l) => l.reason)).toEqual(['no_mandate']);
        const mine = debits.filter((d) => d.rum === `RUM-${twice}`);
        expect(mine.map((d) => [d.sequence_type, d.original_iban])).toEqual([
          ['RCUR', IBAN],
          ['RCUR', IBAN],
        ]);
        expect(conn.sqlite.prepare('select amended_from_iban from sepa_mandates where rum = ?').pluck().get(`RUM-${twice}`)).toBeNull();
        // the 10 collected in November and the second debit of one mandate: RCUR; the 30 others FRST
        expect(debits.filter((d) => d.sequence_type === 'RCUR')).toHaveLength(11);
      }
    }
    // the month again: the same message, byte for byte; what no file carries is left out
    const first = path.join(path.dirname(firstFile), 'again.xml');
    const again = exportSepa(conn, testActor, { month: '2026-12', on: '2026-12-05', out: first }); // no version asked: as it was sent
    expect(again).toMatchObject({ reused: true, pain: '02', transactions: 41 });
    expect(fs.readFileSync(first, 'utf8')).toBe(fs.readFileSync(firstFile, 'utf8'));
    expect(again.left_out.map((l) => l.reason)).toEqual(['no_mandate']); // the member without a mandate, said as the first export said it
    conn.close();
  });

  it('a second debit of one mandate never collected before, in the same file, is RCUR', () => {
    const conn = tempConnection();
    setClubSettings(conn);
    const no = insertMember(conn, {});
    conn.sqlite
      .prepare("insert into sepa_mandates (member_id, rum, iban, signed_on, recorded_on) values (?, 'RUM-1', ?, '2024-01-15', '2024-01-15')")
      .run(memberIdOf(conn.db, no), IBAN);
    issue(conn, no, '2026-12-01', sub('2026-12', 25_000));
    issue(conn, no, '2026-12-01', sub('2026-12', 1_000));
    const r = exportSepa(conn, testActor, { month: '2026-12', on: '2026-12-02', out: path.join(tempDir(), 'x.xml'), pain: '08' });
    expect([...r.debits].map((d) => d.sequence_type)).toEqual(['FRST', 'RCUR']);
    conn.close();
  });

  it('the month read a page at a time is the month read at once', () => {
    const { conn } = club();
    const all = [...iterateMonthCollectables(conn.db, '2026-12', '2026-12-02')];
    expect(all.length).toBe(42);
    expect([...iterateMonthCollectables(conn.db, '2026-12', '2026-12-02', 4)]).toEqual(all);
    expect([...iterateMonthCollectables(conn.db, '2026-12', '2026-12-02', 1)]).toEqual(all);
    expect([...iterateMonthCollectables(conn.db, '2027-01', '2026-12-02')]).toEqual([]);
    conn.close();
  });

  it('the file cannot be written halfway (disk full): exit 5, nothing recorded, no file, no temporary file left', () => {
    const { conn, twice } = club();
    const dir = tempDir();
    const out = path.join(dir, 'dec.xml');
    const real = fs.writeSync;
    let calls = 0;
    vi.spyOn(fs, 'writeSync').mockImplementation(((...a: Parameters<typeof fs.writeSync>) => {
      if (++calls === 2) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return (real as (...x: unknown[]) => number)(...a);
    }) as typeof fs.writeSync);
    // pieces of ~64 KiB: a file of more than one
    for (let k = 0; k < 150; k++) issue(conn, twice, '2026-12-03', sub('2026-12', 100 + k));
    const mid = counts(conn);
    expect(() => exportSepa(conn, testActor, { month: '2026-12', on: '2026-12-02', out, pain: '08' })).toThrow(BusyError);
    expect(calls).toBe(2);
    expect(counts(conn)).toEqual(mid);
    expect(conn.sqlite.prepare("select count(*) from sepa_exports where month = '2026-12'").pluck().get()).toBe(0);
    expect(conn.sqlite.prepare('select amended_from_iban from sepa_mandates where rum = ?').pluck().get(`RUM-${twice}`)).toBe(IBAN);
    expect(fs.readdirSync(dir)).toEqual([]);
    vi.restoreAllMocks();
    // the same export once the disk has room
    const r = exportSepa(conn, testActor, { month: '2026-12', on: '2026-12-02', out, pain: '08' });
    expect(r.transactions).toBe(191);
    expect(fs.readdirSync(dir)).toEqual(['dec.xml']);
    conn.close();
  });
});
