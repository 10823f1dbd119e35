/**
 * Issue 24: every per-row import error carries a stable `code` in JSON next to its localised
 * message — the same code in English and French for the same bad row — and every code a row
 * error can carry (ROW_CODES, the type RowError's codes come from) is documented in CLI.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDbPath, tempDir } from '../helpers/cli.js';
import { baseRow, writeCsv } from '../csv/helpers.js';
import { ROW_CODES, type RowError } from '../../src/errors.js';

const FR = { env: { PARNASSE_LANG: 'fr' } };

interface JsonRow {
  line: number;
  column: string | null;
  code: string;
  message: string;
}

/** Runs the same command in English then in French (exit 4 both): the rows, codes and columns agree, the messages differ. */
async function inBothLanguages(db: string, argv: string[]): Promise<JsonRow[]> {
  const en = await cli(db, ['--json', ...argv]);
  const fr = await cli(db, ['--json', ...argv], FR);
  expect(en.code, en.stdout).toBe(4);
  expect(fr.code, fr.stdout).toBe(4);
  const e = en.json<{ errors: JsonRow[] }>().errors;
  const f = fr.json<{ errors: JsonRow[] }>().errors;
  expect(e.length).toBeGreaterThan(0);
  expect(f.map((r) => [r.line, r.column, r.code])).toEqual(e.map((r) => [r.line, r.column, r.code]));
  e.forEach((r, i) => {
    expect(Object.keys(r)).toEqual(['line', 'column', 'code', 'message']);
    expect(ROW_CODES).toContain(r.code);
    expect(f[i]!.message).not.toBe(r.message);
  });
  return e;
}

const codes = (rows: JsonRow[]) => rows.map((r) => [r.line, r.column, r.code]);

describe('row error codes in JSON (issue 24)', () => {
  it('candidate import: the same codes in English and French, messages in each language', async () => {
    const db = tempDbPath();
    const file = writeCsv([
      baseRow(),
      baseRow({ ref: 'T-002', applied_on: '32/11/2026' }),
      baseRow({ ref: 'T-003', iban: 'FR00 1234' }),
      baseRow({ ref: 'T-004', department: '69' }),
      baseRow({ ref: 'T-005', foreign_national: 'peut-être', first_name: '' }),
      baseRow({ ref: 'T-001' }),
    ]);
    const rows = await inBothLanguages(db, ['--date', '2026-11-26', 'candidate', 'import', file]);
    expect(codes(rows)).toEqual([
      [3, 'applied_on', 'not_date'],
      [4, 'iban', 'not_iban'],
      [5, 'department', 'postal_department'],
      [6, 'first_name', 'empty_required'],
      [6, 'foreign_national', 'not_bool'],
      [7, 'ref', 'ref_twice'],
    ]);
    const header = writeCsv([baseRow({ nickname: 'x' })], { columns: [...Object.keys(baseRow()).filter((c) => c !== 'email'), 'nickname'] });
    expect(codes(await inBothLanguages(db, ['candidate', 'import', header]))).toEqual([
      [1, 'nickname', 'unknown_column'],
      [1, 'email', 'missing_column'],
    ]);
  });

  it('candidate import: the reader’s own errors (a record with too few fields) carry codes too', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'short.csv');
    const good = writeCsv([baseRow()]);
    fs.writeFileSync(file, `${fs.readFileSync(good, 'utf8')}T-009;person;Anne\r\n`);
    expect(codes(await inBothLanguages(tempDbPath(), ['candidate', 'import', file]))).toEqual([[3, null, 'field_count']]);
  });

  it('member import: codes of values, options and duplicates', async () => {
    const header =
      'member_no,kind,first_name,last_name,email,phone,street,postal_code,city,department,company_name,company_siren,contract_start,status,orange_subscriptions,line_technology,iban,delegate_name,options,billed_through';
    const f = path.join(tempDir(), 'members.csv');
    fs.writeFileSync(
      f,
      [
        header,
        '10,person,Anne,Roy,anne@example.fr,,1 rue,75001,Paris,,,,2024-01-01,active,1,fibre,,,,',
        '11,person,Marc,Roy,marc@example.fr,,1 rue,75001,Paris,,,,2024-01-01,active,1,fibre,,,,2026-13',
        '12,person,Paul,Roy,paul@example.fr,,1 rue,75001,Paris,,,,2024-01-01,active,0,fibre,,,nope,',
        '10,person,Anne,Roy,anne@example.fr,,1 rue,75001,Paris,,,,2024-01-01,active,1,fibre,,,,',
        'abc,person,Jean,Roy,jean@example.fr,,1 rue,75001,Paris,,,,2024-01-01,active,1,fibre,,,,',
      ].join('\n'),
    );
    expect(codes(await inBothLanguages(tempDbPath(), ['member', 'import', f]))).toEqual([
      [3, 'billed_through', 'not_month'],
      [4, 'orange_subscriptions', 'out_of_range'],
      [4, 'options', 'not_option'],
      [5, 'member_no', 'member_twice'],
      [6, 'member_no', 'not_integer'],
    ]);
  });

  it('bill returns: an empty invoice number, a bad date, an invoice never debited', async () => {
    const f = path.join(tempDir(), 'returns.csv');
    fs.writeFileSync(f, 'invoice;reason;date\n;AM04;13/12/2026\nF-2026-000001;AM04;31/02/2026\nF-2026-000002;AM04;13/12/2026\n');
    expect(codes(await inBothLanguages(tempDbPath(), ['--date', '2026-12-14', 'bill', 'returns', f]))).toEqual([
      [2, 'invoice', 'empty_invoice'],
      [3, 'date', 'not_date'],
      [4, 'invoice', 'not_debited'],
    ]);
  });

  it('bill payments import: a statement that is not well-formed XML', async () => {
    const f = path.join(tempDir(), 'releve.xml');
    fs.writeFileSync(f, '<?xml version="1.0"?>\n<Document>\n<BkToCstmrStmt>\n<Stmt>AT&T</Stmt>\n</BkToCstmrStmt>\n</Document>\n');
    const rows = await inBothLanguages(tempDbPath(), ['bill', 'payments', 'import', f]);
    expect(rows.map((r) => r.code)).toEqual(['bad_xml']);
  });

  it('db check --anchors: a line that is not a seal', async () => {
    const f = path.join(tempDir(), 'anchors.seals');
    fs.writeFileSync(f, '# seals\nnot a seal\n');
    expect(codes(await inBothLanguages(tempDbPath(), ['db', 'check', '--anchors', f]))).toEqual([[2, null, 'not_seal']]);
  });

  it('human output still shows only the message', async () => {
    const file = writeCsv([baseRow({ applied_on: '32/11/2026' })]);
    const r = await cli(tempDbPath(), ['candidate', 'import', file]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('applied_on');
    expect(r.stderr).not.toContain('not_date');
  });

  it('a RowError cannot be made without one of the codes (checked by tsc, which reads the tests)', () => {
    // @ts-expect-error the code is required
    const missing: RowError = { line: 1, column: null, message: 'x' };
    // @ts-expect-error only a code of ROW_CODES
    const unknown: RowError = { line: 1, column: null, code: 'whatever', message: 'x' };
    expect([missing, unknown].map((e) => e.line)).toEqual([1, 1]);
  });
});

describe('the codes are documented and used', () => {
  const cliMd = fs.readFileSync(path.resolve('docs/CLI.md'), 'utf8');
  const section = cliMd.split(/^## Row error codes$/m)[1]?.split(/^## /m)[0] ?? '';

  it('CLI.md "Row error codes" has a row, with a meaning, for every code a row error can carry, and no other', () => {
    const documented = [...section.matchAll(/^\| `([a-z0-9_]+)` \| (.+?) \|$/gm)].map((m) => ({ code: m[1]!, meaning: m[2]!.trim() }));
    expect(documented.map((d) => d.code).sort()).toEqual([...ROW_CODES].sort());
    for (const d of documented) expect(d.meaning.length, d.code).toBeGreaterThan(10);
    expect(new Set(documented.map((d) => d.code)).size).toBe(documented.length);
  });

  it('every code of ROW_CODES is given by some row error in src/ (no code documented for nothing)', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && p !== path.join('src', 'errors.ts') && !p.startsWith(path.join('src', 'i18n'))) files.push(p);
      }
    };
    walk('src');
    const text = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const unused = ROW_CODES.filter((c) => !text.includes(`'${c}'`));
    expect(unused).toEqual([]);
  });
});
