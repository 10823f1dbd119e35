/**
 * `member import` (CLI.md): members brought over from a previous system, with the
 * conventions of the shared CSV layer (src/csv: encoding and delimiter detection,
 * French amounts/dates/booleans, line numbers) and the all-or-nothing rule: every row is
 * validated, then ONE transaction inserts everything with statements prepared once; any
 * bad row (or --dry-run) rolls it back. Members keep their numbers; the member_no counter
 * is raised above the highest so new numbers continue after it. Re-importing an
 * identical member is `unchanged`; a number already held by someone else is an error.
 */
import { placeCode, unprintableReason } from '../candidacy/record.js';
import path from 'node:path';
import { t } from '../i18n/index.js';
import type { Connection } from '../db/connection.js';
import { audit, auditAppender, raiseSequence, writeTx, type Actor } from '../db/audit.js';
import { InvalidInputError, articleRef, type RowCode, type RowError } from '../errors.js';
import { checkColumns, headerMismatch } from '../csv/columns.js';
import { isMonth } from '../rules/billing.js';
import { readCsv, type CsvHeader, type CsvRecord } from '../csv/reader.js';
import { clip, parseDateField, parseEnumField, parseIntegerField } from '../csv/fields.js';
import type { DelimiterChoice } from '../csv/delimiter.js';
import type { EncodingChoice } from '../csv/decode.js';
import { LINE_TECHNOLOGIES, MEMBER_KINDS, OPTION_CODES, type OptionCode } from '../rules/enums.js';
import { isOneEmailAddress, isValidSiren, normalizeSiren } from '../rules/identifiers.js';
import { frenchIbanField } from '../candidacy/record.js';
import { departmentFromPostalCode, resolveDepartment, zoneOf } from '../rules/zones.js';
import { checkMailboxes, MAILBOXES_PER_UNIT, MAX_SUBSCRIPTIONS_PER_ADDRESS } from '../rules/membership.js';
import { loadZoneTable } from '../zones/table.js';
import type { IsoDate } from '../rules/dates.js';

export const MEMBER_COLUMNS = [
  'member_no',
  'kind',
  'first_name',
  'last_name',
  'email',
  'phone',
  'street',
  'postal_code',
  'city',
  'department',
  'company_name',
  'company_siren',
  'contract_start',
  'status',
  'orange_subscriptions',
  'line_technology',
  'iban',
  'delegate_name',
  'options',
  'billed_through',
] as const;
export const MEMBER_OPTIONAL_COLUMNS = ['phone', 'department', 'company_name', 'company_siren', 'iban', 'delegate_name', 'options', 'billed_through'] as const;
const REQUIRED = MEMBER_COLUMNS.filter((c) => !(MEMBER_OPTIONAL_COLUMNS as readonly string[]).includes(c));
type Col = (typeof MEMBER_COLUMNS)[number];

const IMPORT_STATUSES = ['active', 'suspended'] as const;
const IMPORTABLE_OPTIONS = OPTION_CODES.filter((o) => o !== 'extra_site');

export interface MemberImportResult {
  inserted: number;
  updated: number;
  unchanged: number;
  errors: RowError[];
  rows: number;
  next_member_no: number;
  dry_run: boolean;
}

interface Row {
  line: number;
  memberNo: number;
  kind: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  street: string;
  postalCode: string;
  city: string;
  department: string;
  companyName: string | null;
  companySiren: string | null;
  contractStart: string;
  status: string;
  subscriptions: number;
  lineTechnology: string;
  iban: string | null;
  delegateName: string | null;
  options: { option: OptionCode; qty: number }[];
  /** The last month the previous system billed (YYYY-MM): the run starts with the next one. */
  billedThrough: string | null;
}

function validate(get: (c: Col) => string, line: number): { row: Row | null; errors: RowError[] } {
  const errors: RowError[] = [];
  const err = (column: Col, code: RowCode, message: string) => errors.push({ line, column, code, message });
  const text = (c: Col, required: boolean, max = 200): string | null => {
    const v = get(c).trim();
    if (v === '') {
      if (required) err(c, 'empty_required', t('record.empty_required'));
      return null;
    }
    if (v.length > max) err(c, 'too_long', t('record.ref_long', { max }));
    const p = unprintableReason(v);
    if (p) err(c, p.code, p.message);
    return v;
  };
  const no = parseIntegerField(get('member_no'), 1, 999_999_999);
  if (!no.ok) err('member_no', no.code, no.message);
  const kind = parseEnumField(get('kind'), MEMBER_KINDS);
  if (!kind.ok) err('kind', kind.code, kind.message);
  const firstName = text('first_name', true);
  const lastName = text('last_name', true);
  const email = text('email', true);
  if (email && !isOneEmailAddress(email)) err('email', 'not_email', t('record.not_email', { email: clip(email) }));
  const phone = text('phone', false, 30);
  const street = text('street', true);
  const postalCode = text('postal_code', true, 10);
  const city = text('city', true);
  const dep = text('department', false, 3);
  let department = '';
  if (postalCode) {
    const r = resolveDepartment(postalCode, dep);
    if (!r.ok) err(departmentFromPostalCode(postalCode) ? 'department' : 'postal_code', placeCode(postalCode), r.reason);
    else department = r.department;
  }
  const companyName = text('company_name', false);
  const sirenRaw = text('company_siren', false, 20);
  const siren = sirenRaw ? normalizeSiren(sirenRaw) : null;
  if (siren && !isValidSiren(siren)) {
    if (/^\d{9}$/.test(siren)) err('company_siren', 'siren_key', t('record.siren_key', { company_siren: siren }));
    else err('company_siren', 'not_siren', t('record.not_siren', { siren: clip(sirenRaw!) }));
  }
  if (kind.ok && kind.value === 'company') {
    if (!companyName) err('company_name', 'company_required', t('imports.company_required'));
    if (!siren) err('company_siren', 'company_required', t('imports.company_required'));
  }
  const start = parseDateField(get('contract_start'));
  if (!start.ok) err('contract_start', start.code, start.message);
  const status = parseEnumField(get('status'), IMPORT_STATUSES);
  if (!status.ok) err('status', status.code, status.message);
  const subs = parseIntegerField(get('orange_subscriptions'), 1, MAX_SUBSCRIPTIONS_PER_ADDRESS);
  if (!subs.ok) err('orange_subscriptions', subs.code, t('imports.subscriptions', { message: subs.message }));
  const tech = parseEnumField(get('line_technology'), LINE_TECHNOLOGIES);
  if (!tech.ok) err('line_technology', tech.code, tech.message);
  const ibanRaw = text('iban', false, 50);
  let iban: string | null = null;
  if (ibanRaw) {
    const f = frenchIbanField(ibanRaw);
    if (f.ok) iban = f.value;
    else err('iban', f.code, f.message);
  }
  const delegateName = text('delegate_name', false);
  const options: { option: OptionCode; qty: number }[] = [];
  for (const item of get('options')
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const [name, q] = item.split(':').map((s) => s.trim());
    if (!(IMPORTABLE_OPTIONS as readonly string[]).includes(name!)) {
      err('options', 'not_option', t('imports.not_option', { item: clip(item), options: IMPORTABLE_OPTIONS.join(', ') }));
      continue;
    }
    const qty = q === undefined ? 1 : Number(q);
    if (!Number.isInteger(qty) || qty < 1 || qty > 1000) {
      err('options', 'option_qty', t('imports.option_qty', { item: clip(item) }));
      continue;
    }
    if (options.some((o) => o.option === name)) {
      err('options', 'option_twice', t('imports.option_twice', { option: name }));
      continue;
    }
    options.push({ option: name as OptionCode, qty });
  }
  // mailboxes: the bound counts every mailbox option of the row together (art. 5.7, decision)
  let mailboxes = 0;
  for (const o of options) {
    const d = checkMailboxes(mailboxes, o.option, o.qty);
    if (!d.ok) {
      err('options', 'too_many_mailboxes', t('common.refused', { article: articleRef(d.article), reason: d.reason }));
      break;
    }
    mailboxes += (MAILBOXES_PER_UNIT[o.option] ?? 0) * o.qty;
  }
  const billedRaw = get('billed_through').trim();
  let billedThrough: string | null = null;
  if (billedRaw) {
    if (!isMonth(billedRaw)) err('billed_through', 'not_month', t('imports.not_month', { value: clip(billedRaw) }));
    else billedThrough = billedRaw;
  }
  if (errors.length) return { row: null, errors };
  return {
    row: {
      line,
      memberNo: no.ok ? no.value : 0,
      kind: kind.ok ? kind.value : 'person',
      firstName: firstName!,
      lastName: lastName!,
      email: email!,
      phone,
      street: street!,
      postalCode: postalCode!,
      city: city!,
      department,
      companyName,
      companySiren: siren,
      contractStart: start.ok ? start.value : '',
      status: status.ok ? status.value : 'active',
      subscriptions: subs.ok ? subs.value : 1,
      lineTechnology: tech.ok ? tech.value : 'fibre',
      iban,
      delegateName,
      options,
      billedThrough,
    },
    errors,
  };
}

class DryRun extends Error {}

export async function importMembers(
  conn: Connection,
  actor: Actor,
  file: string,
  opts: {
    dryRun?: boolean;
    delimiter?: DelimiterChoice;
    encoding?: EncodingChoice /** The import date (`--date`): zones are those in force then, and it is billed through its month. */;
    on: IsoDate;
  },
): Promise<MemberImportResult> {
  const source = path.basename(file);
  const errors: RowError[] = [];
  const rows: Row[] = [];
  let records = 0;
  const pos = new Map<string, number>();
  let fields: string[] = [];
  const get = (c: Col) => {
    const i = pos.get(c);
    return i === undefined ? '' : (fields[i] ?? '');
  };
  const firstLineOf = new Map<number, number>();
  const headerErrors: RowError[] = [];

  await readCsv(
    file,
    { delimiter: opts.delimiter ?? 'auto', encoding: opts.encoding ?? 'auto' },
    {
      header(h: CsvHeader) {
        // Not thrown from here: reported once the reader is done (a throw inside the
        // reader's chunk callback can be lost when the parser's abort completes first).
        const map = checkColumns(h.columns, { required: REQUIRED, optional: MEMBER_OPTIONAL_COLUMNS });
        headerErrors.push(...map.errors);
        for (const [k, v] of map.index) pos.set(k, v);
      },
      records(batch: CsvRecord[]) {
        if (headerErrors.length) return;
        for (const rec of batch) {
          records++;
          fields = rec.fields;
          const v = validate(get, rec.line);
          errors.push(...v.errors);
          if (!v.row) continue;
          const first = firstLineOf.get(v.row.memberNo);
          if (first !== undefined) {
            errors.push({
              line: rec.line,
              column: 'member_no',
              code: 'member_twice',
              message: t('imports.member_twice', { member_no: v.row.memberNo, first }),
            });
            continue;
          }
          firstLineOf.set(v.row.memberNo, rec.line);
          rows.push(v.row);
        }
      },
      error(e: RowError) {
        records++;
        errors.push(e);
      },
    },
  );

  if (headerErrors.length) throw new InvalidInputError(headerMismatch(source, 'member', headerErrors), headerErrors, { inserted: 0, updated: 0, unchanged: 0 });
  let inserted = 0;
  let unchanged = 0;
  let nextNo = 0;
  const run = () =>
    writeTx(conn, (tx) => {
      const db = conn.sqlite;
      const table = loadZoneTable(tx).assignments;
      const existing = db.prepare('select first_name, last_name, email, contract_start, kind from members where member_no = ?');
      const insMember = db.prepare(
        `insert into members (member_no, kind, first_name, last_name, email, phone, company_name, company_siren, iban, status, contract_start, welcome_gift, imported_from, billed_through)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) returning id`,
      );
      const insAddress = db.prepare(
        `insert into addresses (member_id, is_main, street, postal_code, city, department, zone_id, line_technology, added_on)
         values (?, 1, ?, ?, ?, ?, ?, ?, ?) returning id`,
      );
      const insSub = db.prepare('insert into subscriptions (address_id, label, started_on) values (?, ?, ?)');
      const insDelegate = db.prepare('insert into delegates (member_id, name, started_on) values (?, ?, ?)');
      const insOption = db.prepare('insert into member_options (member_id, option, qty, start_on) values (?, ?, ?, ?)');
      // the monthly run's floor for every item of the member (billing_cursors, src/billing/run.ts):
      // the previous system billed through `billed_through`, else through the month of the import
      // (the import's date, `--date`: not the wall clock of created_at)
      const insFloor = db.prepare(
        `insert into billing_cursors (key, member_id, billed_through) select 'member:' || id, id, coalesce(billed_through, ?) from members where id = ?`,
      );
      const importMonth = opts.on.slice(0, 7);
      const imported: number[] = [];
      // one entry about each member, with its IBAN (issue 28: what the debits follow, compared by
      // db check): an entry about the member, which the annex 5 purge erases with the others
      const entries = auditAppender(db, actor, { exclusive: true });
      for (const r of rows) {
        const zone = zoneOf(r.department, opts.on, table);
        if (!zone) {
          errors.push({ line: r.line, column: 'postal_code', code: 'outside_zone', message: t('imports.outside_zone', { department: r.department }) });
          continue;
        }
        const ex = existing.get(r.memberNo) as { first_name: string; last_name: string; email: string; contract_start: string; kind: string } | undefined;
        if (ex) {
          const same =
            ex.first_name === r.firstName &&
            ex.last_name === r.lastName &&
            ex.email.toLowerCase() === r.email.toLowerCase() &&
            ex.contract_start === r.contractStart &&
            ex.kind === r.kind;
          if (same) unchanged++;
          else
            errors.push({
              line: r.line,
              column: 'member_no',
              code: 'number_taken',
              message: t('imports.number_taken', { member_no: r.memberNo, name: `${ex.first_name} ${ex.last_name}` }),
            });
          continue;
        }
        const m = insMember.get(
          r.memberNo,
          r.kind,
          r.firstName,
          r.lastName,
          r.email,
          r.phone,
          r.companyName,
          r.companySiren,
          r.iban,
          r.status,
          r.contractStart,
          source,
          r.billedThrough,
        ) as { id: number };
        const a = insAddress.get(m.id, r.street, r.postalCode, r.city, r.department, zone, r.lineTechnology, r.contractStart) as { id: number };
        for (let i = 0; i < r.subscriptions; i++) insSub.run(a.id, `Orange ${i + 1}`, r.contractStart);
        if (r.delegateName) insDelegate.run(m.id, r.delegateName, r.contractStart);
        for (const o of r.options) insOption.run(m.id, o.option, o.qty, r.contractStart);
        insFloor.run(importMonth, m.id);
        entries.append({ entity: 'member', entityId: r.memberNo, action: 'import', change: { member_no: r.memberNo, imported_from: source, iban: r.iban } });
        imported.push(r.memberNo);
        inserted++;
      }
      if (errors.length) {
        errors.sort((x, y) => x.line - y.line);
        throw new InvalidInputError(t('modules.invalid_rows', { source, length: errors.length }), errors, { inserted, updated: 0, unchanged });
      }
      const max = (db.prepare('select coalesce(max(member_no), 0) as m from members').get() as { m: number }).m;
      raiseSequence(tx, 'member_no', max);
      nextNo = (db.prepare("select last_value from sequences where name = 'member_no'").get() as { last_value: number } | undefined)?.last_value ?? max;
      nextNo += 1;
      audit(tx, actor, {
        entity: 'member_import',
        entityId: source,
        action: 'import',
        change: { file: path.resolve(file), rows: records, inserted, unchanged, member_nos: imported, next_member_no: nextNo },
      });
      if (opts.dryRun) throw new DryRun();
    });

  if (errors.length) {
    errors.sort((x, y) => x.line - y.line);
    // the database checks still run, to report every problem at once
    try {
      run();
    } catch (e) {
      if (!(e instanceof InvalidInputError) && !(e instanceof DryRun)) throw e;
    }
    throw new InvalidInputError(t('modules.invalid_rows', { source, length: errors.length }), errors, { inserted, updated: 0, unchanged });
  }
  try {
    run();
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
  }
  return { inserted, updated: 0, unchanged, errors: [], rows: records, next_member_no: nextNo, dry_run: !!opts.dryRun };
}
