/** Builds candidacy CSV files for tests. */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { tempDir } from '../helpers/cli.js';
import { CANDIDACY_COLUMNS } from '../../src/candidacy/columns.js';

export type Row = Record<string, string>;

/** A valid, ready candidacy in Paris (checked SIREN and FR IBAN). */
export function baseRow(over: Row = {}): Row {
  return {
    ref: 'T-001',
    kind: 'person',
    first_name: 'Hélène',
    last_name: 'Marchand',
    email: 'helene@example.fr',
    phone: '06 12 48 90 31',
    birth_date: '14/03/1968',
    foreign_national: 'non',
    street: '18 avenue Foch',
    postal_code: '75116',
    city: 'Paris',
    department: '75',
    company_name: 'Marchand Groupe SA',
    company_siren: '732829320',
    company_revenue_eur: '125 000 000,00',
    is_executive: 'oui',
    annual_income_eur: '380 000,00',
    preventel_listed: 'non',
    operator_unpaid: 'non',
    banking_ban: 'non',
    sponsor_member_no: '',
    invited_by_parnasse: 'oui',
    charter_accepted: 'oui',
    line_technology: 'fibre',
    orange_subscriptions: '1',
    incompatible_offer: 'non',
    iban: 'FR76 3000 6000 0112 3456 7890 189',
    applied_on: '24/11/2026',
    documents: 'D1|D2|D4|D5|D6',
    id_expires_on: '31/12/2030',
    ...over,
  };
}

const quote = (v: string, d: string) => (/["\r\n]/.test(v) || v.includes(d) ? `"${v.replace(/"/g, '""')}"` : v);

export interface WriteOptions {
  delimiter?: string;
  eol?: string;
  bom?: boolean;
  encoding?: 'utf8' | 'win1252';
  columns?: readonly string[];
}

export function csvText(rows: Row[], o: WriteOptions = {}): string {
  const d = o.delimiter ?? ';';
  const eol = o.eol ?? '\r\n';
  const cols = o.columns ?? CANDIDACY_COLUMNS;
  return [cols.join(d), ...rows.map((r) => cols.map((c) => quote(r[c] ?? '', d)).join(d))].join(eol) + eol;
}

export function writeCsv(rows: Row[], o: WriteOptions = {}, name = 'in.csv'): string {
  const file = path.join(tempDir('parnasse-csv-'), name);
  writeRaw(file, csvText(rows, o), o);
  return file;
}

export function writeRaw(file: string, text: string, o: WriteOptions = {}): string {
  const body = o.encoding === 'win1252' ? iconv.encode(text, 'win1252') : Buffer.from(text, 'utf8');
  fs.writeFileSync(file, o.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body);
  return file;
}

export function rawFile(text: string | Buffer, name = 'raw.csv'): string {
  const file = path.join(tempDir('parnasse-csv-'), name);
  fs.writeFileSync(file, text);
  return file;
}
