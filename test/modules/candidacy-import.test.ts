import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/db/connection.js';
import { importCandidacies } from '../../src/candidacy/import.js';
import { InvalidInputError } from '../../src/errors.js';
import { tempConnection, testActor } from '../helpers/db.js';
import { baseRow, csvText, rawFile, writeCsv, writeRaw, type Row } from '../csv/helpers.js';
import { CANDIDACY_COLUMNS } from '../../src/candidacy/columns.js';

const ON = '2026-11-26';
let conn: Connection;
beforeEach(() => {
  conn = tempConnection();
});
afterEach(() => conn.close());

const count = () => conn.sqlite.prepare('select count(*) from candidacies').pluck().get() as number;
const row = (ref: string) => conn.sqlite.prepare('select * from candidacies where ref = ?').get(ref) as Record<string, unknown>;
const imp = (file: string, o: Partial<Parameters<typeof importCandidacies>[3]> = {}) => importCandidacies(conn, testActor, file, { on: ON, ...o });

async function rejected(file: string, o: Partial<Parameters<typeof importCandidacies>[3]> = {}): Promise<InvalidInputError> {
  const before = count();
  const e = await imp(file, o).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(InvalidInputError);
  expect(count()).toBe(before); // all or nothing
  return e as InvalidInputError;
}

describe('candidate import (module)', () => {
  it('imports valid rows, with the verdict on the date as status, zone and audit', async () => {
    const file = writeCsv([
      baseRow(),
      baseRow({ ref: 'T-002', annual_income_eur: '100 000,00' }),
      baseRow({ ref: 'T-003', documents: 'D1|D2' }),
      baseRow({ ref: 'T-004', postal_code: '20200', department: '2B', city: 'Bastia' }),
    ]);
    const r = await imp(file);
    expect(r).toMatchObject({ inserted: 4, updated: 0, unchanged: 0, errors: [] });
    expect(row('T-001')).toMatchObject({
      status: 'ready',
      zone_id: 'paris',
      company_revenue_cents: 12_500_000_000,
      annual_income_cents: 38_000_000,
      iban: 'FR7630006000011234567890189',
      applied_on: '2026-11-24',
      documents: 'D1|D2|D4|D5|D6',
      source: 'import',
    });
    expect(row('T-002')!.status).toBe('ineligible');
    expect(row('T-003')!.status).toBe('incomplete');
    expect(row('T-004')).toMatchObject({ zone_id: 'sud', department: '2B' });
    const a = conn.sqlite.prepare("select * from audit_log where entity = 'candidacy_import'").get() as { change: string; operator: string };
    expect(a.operator).toBe('tester');
    expect(JSON.parse(a.change)).toMatchObject({ inserted: 4, rows: 4, delimiter: ';', inserted_ids: { from: 1, to: 4 } });
  });

  it("a foreign national's resident card column: valid one year from applied_on or the row is incomplete (art. 3.2)", async () => {
    // applied 24/11/2026: the card must run until 24/11/2027
    const file = writeCsv([
      baseRow({ foreign_national: 'oui', residence_card_expires_on: '24/11/2027' }),
      baseRow({ ref: 'T-002', foreign_national: 'oui', residence_card_expires_on: '23/11/2027' }),
      baseRow({ ref: 'T-003', foreign_national: 'oui' }),
      baseRow({ ref: 'T-004', residence_card_expires_on: '' }),
    ]);
    expect(await imp(file)).toMatchObject({ inserted: 4, errors: [] });
    expect(row('T-001')).toMatchObject({ status: 'ready', residence_card_expires_on: '2027-11-24' });
    expect(row('T-002')).toMatchObject({ status: 'incomplete', residence_card_expires_on: '2027-11-23' });
    expect(row('T-003')).toMatchObject({ status: 'incomplete', residence_card_expires_on: null });
    expect(row('T-004')!.status).toBe('ready');
    // a file without the column (it is optional) still imports
    const old = writeCsv([baseRow({ ref: 'T-005' })], { columns: CANDIDACY_COLUMNS.filter((c) => c !== 'residence_card_expires_on') });
    expect(await imp(old)).toMatchObject({ inserted: 1, errors: [] });
    const bad = await rejected(writeCsv([baseRow({ ref: 'T-006', residence_card_expires_on: '31/02/2027' })]));
    expect(bad.errors[0]).toMatchObject({ column: 'residence_card_expires_on' });
  });

  it('is idempotent by ref: identical → unchanged, changed → updated (and audited), decided → error', async () => {
    const file = writeCsv([baseRow(), baseRow({ ref: 'T-002' })]);
    await imp(file);
    expect(await imp(file)).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    const changed = writeCsv([baseRow({ annual_income_eur: '90000' }), baseRow({ ref: 'T-002' }), baseRow({ ref: 'T-003' })]);
    expect(await imp(changed)).toMatchObject({ inserted: 1, updated: 1, unchanged: 1 });
    expect(row('T-001')!.status).toBe('ineligible');
    const upd = conn.sqlite.prepare("select change from audit_log where action = 'import_update'").pluck().get() as string;
    expect(JSON.parse(upd)).toMatchObject({ annual_income_eur: [38_000_000, 9_000_000], status: ['ready', 'ineligible'] });
    conn.sqlite.prepare("update candidacies set status = 'accepted' where ref = 'T-002'").run();
    const e = await rejected(writeCsv([baseRow({ ref: 'T-002', city: 'Paris 16e' }), baseRow({ ref: 'T-009' })]));
    expect(e.errors).toEqual([{ line: 2, column: 'city', code: 'already_decided', message: expect.stringContaining('already accepted') }]);
    expect(e.details).toMatchObject({ inserted: 1, updated: 0, unchanged: 0 });
    // identical row of a decided candidacy stays unchanged
    expect(await imp(writeCsv([baseRow({ ref: 'T-002' })]))).toMatchObject({ unchanged: 1 });
  });

  it('--dry-run validates and writes nothing', async () => {
    const r = await imp(writeCsv([baseRow(), baseRow({ ref: 'T-002' })]), { dryRun: true });
    expect(r).toMatchObject({ inserted: 2, dry_run: true });
    expect(count()).toBe(0);
    expect(conn.sqlite.prepare('select count(*) from audit_log').pluck().get()).toBe(0);
  });

  it('reports every bad row with line, column and reason, and writes nothing', async () => {
    const rows: Row[] = [
      baseRow(),
      baseRow({ ref: 'T-002', company_revenue_eur: '12 millions' }),
      baseRow({ ref: 'T-003', applied_on: '31/02/2026' }),
      baseRow({ ref: 'T-004', is_executive: 'peut-être' }),
      baseRow({ ref: 'T-005', line_technology: 'cable' }),
      baseRow({ ref: 'T-006', company_siren: '732829321' }),
      baseRow({ ref: 'T-007', iban: 'FR76 3000 6000 0112 3456 7890 188' }),
      baseRow({ ref: 'T-008', postal_code: '75008', department: '92' }),
      baseRow({ ref: 'T-009', kind: 'association' }),
      baseRow({ ref: 'T-001' }),
      baseRow({ ref: 'T-011', documents: 'D1|D7' }),
    ];
    const e = await rejected(writeCsv(rows));
    expect(e.errors.map((x) => [x.line, x.column])).toEqual([
      [3, 'company_revenue_eur'],
      [4, 'applied_on'],
      [5, 'is_executive'],
      [6, 'line_technology'],
      [7, 'company_siren'],
      [8, 'iban'],
      [9, 'department'],
      [10, 'kind'],
      [11, 'ref'],
      [12, 'documents'],
    ]);
    expect(e.errors[4]!.message).toMatch(/wrong check digit/);
    expect(e.errors[6]!.message).toMatch(/postal code 75008 is in département 75, not 92/);
    expect(e.errors[8]!.message).toMatch(/given twice/);
    expect(e.details).toMatchObject({ inserted: 1 });
  });

  it('a valid non-FR IBAN is data: imported, failing D5 (incomplete)', async () => {
    await imp(writeCsv([baseRow({ iban: 'DE89 3704 0044 0532 0130 00' })]));
    expect(row('T-001')).toMatchObject({ iban: 'DE89370400440532013000', status: 'incomplete' });
  });

  it('detects "," and ";", UTF-8 with BOM and Windows-1252 accents, LF or CRLF', async () => {
    await imp(writeCsv([baseRow({ ref: 'A', company_revenue_eur: '125000000.50' })], { delimiter: ',', eol: '\n' }));
    await imp(writeCsv([baseRow({ ref: 'B' })], { bom: true }));
    const latin = writeCsv([baseRow({ ref: 'C', first_name: 'Françoise', city: 'Besançon', street: '3 rue de l’Église' })], { encoding: 'win1252' });
    const r = await imp(latin);
    expect(r.encoding).toBe('latin1');
    expect(row('A')!.company_revenue_cents).toBe(12_500_000_050);
    expect(row('B')!.first_name).toBe('Hélène');
    expect(row('C')).toMatchObject({ first_name: 'Françoise', city: 'Besançon', street: '3 rue de l’Église' });
    await expect(imp(latin, { encoding: 'utf8' })).rejects.toThrow(/not valid UTF-8/);
  });

  it('French numbers with normal, no-break and narrow no-break spaces', async () => {
    await imp(
      writeCsv([
        baseRow({ ref: 'N1', company_revenue_eur: '1 250 000 000,50' }),
        baseRow({ ref: 'N2', company_revenue_eur: '1\u00a0250\u00a0000\u00a0000,50' }),
        baseRow({ ref: 'N3', company_revenue_eur: '1\u202f250\u202f000\u202f000,50 €' }),
      ]),
    );
    for (const r of ['N1', 'N2', 'N3']) expect(row(r)!.company_revenue_cents).toBe(125_000_000_050);
  });

  it('quoted fields with embedded newlines and delimiters; line numbers are physical lines', async () => {
    const text = csvText([
      baseRow({ street: 'Résidence Les Pins;\r\nbâtiment B,\r\n2e étage' }),
      baseRow({ ref: 'T-002', street: '"Le Millefiori", 1 rue des Genêts' }),
      baseRow({ ref: 'T-003', email: 'not-an-email' }),
    ]);
    const file = writeRaw(rawFile('', 'q.csv'), text);
    const e = await rejected(file);
    expect(e.errors).toEqual([{ line: 6, column: 'email', code: 'not_email', message: expect.stringContaining('not an e-mail') }]); // record 1 spans lines 2–4
    const ok = writeRaw(
      rawFile('', 'q2.csv'),
      csvText([baseRow({ street: 'Résidence Les Pins;\nbâtiment B' }), baseRow({ ref: 'T-002', street: '"Le Millefiori", 1 rue' })]),
    );
    await imp(ok);
    expect(row('T-001')!.street).toBe('Résidence Les Pins;\nbâtiment B');
    expect(row('T-002')!.street).toBe('"Le Millefiori", 1 rue');
  });

  it('wrong or mixed delimiter is an error naming the line', async () => {
    const good = csvText([baseRow()]);
    const mixed = good + csvText([baseRow({ ref: 'T-002' })], { delimiter: ',' }).split('\r\n')[1] + '\r\n';
    const e = await rejected(writeRaw(rawFile('', 'm.csv'), mixed));
    expect(e.errors[0]).toMatchObject({
      line: 3,
      column: null,
      code: 'field_count',
      message: expect.stringMatching(new RegExp(`expected ${CANDIDACY_COLUMNS.length} fields.*mixed delimiter`)),
    });
    const w = await rejected(writeCsv([baseRow()]), { delimiter: ',' });
    expect(w.errors[0]).toMatchObject({ line: 1, message: expect.stringContaining('separated by ";"') });
  });

  it('missing and unknown columns are reported on line 1; optional columns may be left out', async () => {
    const cols = CANDIDACY_COLUMNS.filter((c) => c !== 'email' && c !== 'phone');
    const e = await rejected(writeCsv([baseRow()], { columns: [...cols, 'nickname'] }));
    expect(e.errors).toEqual([
      { line: 1, column: 'nickname', code: 'unknown_column', message: 'unknown column "nickname"' },
      { line: 1, column: 'email', code: 'missing_column', message: 'missing column "email"' },
    ]);
    const noOptional = CANDIDACY_COLUMNS.filter((c) => !['phone', 'birth_date', 'department', 'sponsor_member_no'].includes(c));
    expect(await imp(writeCsv([baseRow()], { columns: noOptional }))).toMatchObject({ inserted: 1 });
  });

  it('an empty file is an error; a header-only file is an empty batch (exit 0, zero counts)', async () => {
    const e = await rejected(rawFile(''));
    expect(e.message).toMatch(/empty/);
    expect(await imp(writeCsv([]))).toMatchObject({ inserted: 0, updated: 0, unchanged: 0, rows: 0 });
  });

  it('a 1 MB field is rejected (max 10 000 characters) without storing anything', async () => {
    const e = await rejected(writeCsv([baseRow(), baseRow({ ref: 'T-002', street: 'x'.repeat(1024 * 1024) })]));
    expect(e.errors).toEqual([{ line: 3, column: 'street', code: 'field_long', message: expect.stringContaining('longer than 10000 characters') }]);
  });

  it('a formula-looking cell is stored as plain text, never evaluated or stripped', async () => {
    await imp(writeCsv([baseRow({ company_name: '=SUM(A1:A9)', last_name: '+33 Martin', first_name: '@Claire' })]));
    expect(row('T-001')).toMatchObject({ company_name: '=SUM(A1:A9)', last_name: '+33 Martin', first_name: '@Claire' });
  });

  it('an unclosed quote is reported, not silently swallowed', async () => {
    const text =
      csvText([baseRow()]) +
      csvText([baseRow({ ref: 'T-002' })])
        .split('\r\n')[1]!
        .replace('Hélène', '"Hélène') +
      '\r\n';
    const e = await rejected(writeRaw(rawFile('', 'u.csv'), text));
    expect(e.errors[0]!.line).toBe(3);
  });

  it('one bad row among many writes nothing and names its line', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => baseRow({ ref: `R${i}` }));
    rows[2345]!.annual_income_eur = 'beaucoup';
    const e = await rejected(writeCsv(rows));
    expect(e.errors).toEqual([{ line: 2347, column: 'annual_income_eur', code: 'not_amount', message: expect.any(String) }]);
    expect(e.details).toMatchObject({ inserted: 2999 });
  });
});

describe('candidate import: in a worker thread only when the process may use two cores (issue 27)', () => {
  it('autoWorker: a large file on two cores or more; a small file, or a process held to one core, in-process', async () => {
    const { autoWorker, WORKER_MIN_BYTES } = await import('../../src/candidacy/import.js');
    expect(autoWorker(WORKER_MIN_BYTES, 2)).toBe(true);
    expect(autoWorker(30 * 1024 * 1024, 8)).toBe(true);
    expect(autoWorker(WORKER_MIN_BYTES - 1, 2)).toBe(false);
    expect(autoWorker(30 * 1024 * 1024, 1)).toBe(false);
  });

  it('availableCores is the CPU affinity of the process (taskset holds it to one core)', async () => {
    const { spawnSync } = await import('node:child_process');
    const probe = spawnSync('taskset', ['-c', '0', process.execPath, '-e', 'process.stdout.write(String(require("os").availableParallelism()))'], {
      encoding: 'utf8',
    });
    if (probe.error) return; // no taskset here: nothing to hold the process to one core with
    expect(probe.stdout).toBe('1');
    const { availableCores } = await import('../../src/candidacy/import.js');
    const { availableParallelism } = await import('node:os');
    expect(availableCores()).toBe(availableParallelism());
  });
});
