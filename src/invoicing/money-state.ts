/**
 * `db check`: what moves money is part of the books (issue 28). The creditor's account and
 * identity (settings), the SEPA mandates (RUM, IBAN, dates, end), the members' IBANs, the
 * prices and the legal interest rates are each replayed from the audit entries that recorded
 * them (and the migrations' seeds): the current value must be the last one recorded. So are
 * the rows money-rows.ts checks (pending charges, disputes, the recovery procedure,
 * cooptations), fed by the same one pass over the log. A value changed through SQL — a
 * swapped creditor IBAN, a mandate pointed at another account, a price lowered — is a finding
 * that says where. What this does not cover is listed in the README ("Books").
 */
import type Database from 'better-sqlite3';
import { t } from '../i18n/index.js';
import { maskSecret } from '../settings/index.js';
import { migratedSchema } from '../books/schema-check.js';
import { MoneyRows, ROW_ENTITIES, ROW_MEMBER_ACTIONS } from './money-rows.js';

type Row = Record<string, unknown>;
interface Entry {
  id: number;
  entity: string;
  entity_id: string | null;
  action: string;
  change: Row;
}

function parse(s: string): Row {
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Row) : {};
  } catch {
    return {};
  }
}

const show = (v: unknown) => (v === undefined ? 'nothing' : v === null ? 'null' : String(v));
const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

const MEMBER_ACTIONS = ['create', 'import', 'edit', 'sepa_mandate', ...ROW_MEMBER_ACTIONS];
const ENTITIES = ['settings', 'price', 'legal_rate', 'member', ...ROW_ENTITIES];

/**
 * One pass over the log, oldest first, streamed (erased entries skipped: a purged member's):
 * the settings', prices', rates' and mandates' entries are kept (a few), a member's IBAN is
 * replayed as it goes (one entry per member at least), and the rows' entries are fed to
 * MoneyRows. Only the entries wanted are parsed.
 */
function readEntries(sqlite: Database.Database, rows: MoneyRows): { entries: Entry[]; ibans: Map<string, unknown> } {
  const entries: Entry[] = [];
  const ibans = new Map<string, unknown>();
  const member = new Set<string>(MEMBER_ACTIONS);
  const it = sqlite
    .prepare(
      `select id, entity, entity_id, action, change from audit_log where erased_by is null and entity in (${ENTITIES.map(() => '?').join(', ')}) order by id`,
    )
    .raw()
    .iterate(...ENTITIES) as IterableIterator<[number, string, string | null, string, string]>;
  for (const [id, entity, entity_id, action, text] of it) {
    if (entity === 'member' && !member.has(action)) continue;
    const e: Entry = { id, entity, entity_id, action, change: parse(text) };
    if (entity === 'member') {
      // a member's IBAN: recorded at creation (since issue 28) or import (since this change), then by each `member edit`
      if (entity_id !== null && (action === 'create' || action === 'import') && 'iban' in e.change) ibans.set(entity_id, e.change.iban);
      else if (entity_id !== null && action === 'edit' && e.change.iban && typeof e.change.iban === 'object')
        ibans.set(entity_id, (e.change.iban as Row).after);
      if (action === 'sepa_mandate' || action === 'edit') entries.push(e);
      else if (action !== 'create' && action !== 'import') rows.take(e);
    } else if (entity === 'settings' || entity === 'price' || entity === 'legal_rate') entries.push(e);
    else rows.take(e);
  }
  return { entries, ibans };
}

export function moneyStateProblems(sqlite: Database.Database): string[] {
  const rows = new MoneyRows();
  const { entries, ibans } = readEntries(sqlite, rows);
  return [
    ...settingProblems(sqlite, entries),
    ...mandateProblems(sqlite, entries),
    ...memberIbanProblems(sqlite, ibans),
    ...priceProblems(sqlite, entries),
    ...rateProblems(sqlite, entries),
    ...rows.problems(sqlite),
  ];
}

/** Settings (the creditor's IBAN, BIC and ICS, the seller's identity, the mail server): the last `settings set` of each key. */
function settingProblems(sqlite: Database.Database, entries: Entry[]): string[] {
  const out: string[] = [];
  const want = new Map<string, unknown>();
  for (const e of entries) {
    if (e.entity !== 'settings' || e.action !== 'set') continue;
    if (e.entity_id !== null) want.set(e.entity_id, e.change.to);
    // several keys in one entry (settings set K V K V…, settings unset): {settings: {KEY: {from, to}}}
    const many = e.change.settings;
    if (many && typeof many === 'object') for (const [key, c] of Object.entries(many as Record<string, { to?: unknown }>)) want.set(key, c?.to ?? null);
  }
  for (const r of sqlite.prepare('select key, value from settings order by key').all() as { key: string; value: string }[]) {
    const w = want.get(r.key);
    want.delete(r.key);
    const now = maskSecret(r.key, r.value);
    if (w === undefined) out.push(t('check.state_unrecorded', { what: `setting ${r.key}`, now: String(now) }));
    else if (!same(w, now)) out.push(t('check.state_changed', { what: `setting ${r.key}`, now: String(now), was: show(w) }));
  }
  for (const [key, w] of want) if (w !== null) out.push(t('check.state_missing', { what: `setting ${key}`, was: show(w) }));
  return out;
}

interface Mandate {
  member_no: string;
  iban: unknown;
  signed_on: unknown;
  recorded_on: unknown;
  ended_on: unknown;
}

/** SEPA mandates: recorded by `sepa_mandate` entries (a replacement ends the previous one), their IBAN amended by `member edit`. */
function mandateProblems(sqlite: Database.Database, entries: Entry[]): string[] {
  const out: string[] = [];
  const want = new Map<string, Mandate>();
  for (const e of entries) {
    const c = e.change;
    if (e.action === 'sepa_mandate' && typeof c.rum === 'string') {
      const replaced = c.replaced as Row | null | undefined;
      if (replaced && typeof replaced.rum === 'string') {
        const r = want.get(replaced.rum);
        if (r) r.ended_on = replaced.ended_on;
      }
      want.set(c.rum, { member_no: String(e.entity_id), iban: c.iban, signed_on: c.signed_on, recorded_on: c.recorded_on, ended_on: null });
    } else if (e.action === 'edit' && c.mandate_iban && c.mandate && typeof (c.mandate as Row).rum === 'string') {
      const r = want.get((c.mandate as Row).rum as string);
      if (r) r.iban = (c.mandate_iban as Row).after;
    }
  }
  const rows = sqlite
    .prepare(
      `select s.rum, cast(m.member_no as text) as member_no, s.iban, s.signed_on, s.recorded_on, s.ended_on, m.purged_on
       from sepa_mandates s left join members m on m.id = s.member_id order by s.id`,
    )
    .all() as (Mandate & { rum: string; purged_on: string | null })[];
  for (const r of rows) {
    const w = want.get(r.rum);
    want.delete(r.rum);
    const what = t('refusals.what.mandate', { rum: String(r.rum), member_no: String(r.member_no) });
    if (!w) {
      // a purged member's entries were emptied (annex 5): its mandates can no longer be compared
      if (r.purged_on === null) out.push(t('check.state_unrecorded', { what, now: `IBAN ${String(r.iban)}` }));
      continue;
    }
    for (const k of ['member_no', 'iban', 'signed_on', 'recorded_on', 'ended_on'] as const)
      if (!same(w[k], r[k])) out.push(t('check.state_changed', { what: `${what} ${k}`, now: show(r[k]), was: show(w[k]) }));
  }
  for (const [rum, w] of want)
    out.push(t('check.state_missing', { what: t('refusals.what.mandate', { rum, member_no: String(w.member_no) }), was: `IBAN ${show(w.iban)}` }));
  return out;
}

/** A member's IBAN: the last one recorded (creation, import, edit); none once purged. */
function memberIbanProblems(sqlite: Database.Database, want: Map<string, unknown>): string[] {
  const out: string[] = [];
  if (want.size === 0) return out;
  const rows = sqlite.prepare('select cast(member_no as text) as no, iban, purged_on from members order by member_no').raw().iterate() as IterableIterator<
    [string, string | null, string | null]
  >;
  for (const [no, iban, purged] of rows) {
    const w = purged !== null ? null : want.get(no);
    if (w === undefined) continue; // created or imported before its IBAN was recorded (README "Books")
    if (!same(w, iban)) out.push(t('check.state_changed', { what: t('refusals.what.member_iban', { member_no: no }), now: show(iban), was: show(w) }));
  }
  return out;
}

/** Prices: the migrations' seeds, then `bill prices set|withdraw|revoke`, by item and first day. */
function priceProblems(sqlite: Database.Database, entries: Entry[]): string[] {
  const out: string[] = [];
  const want = new Map<string, { ttc: unknown; announced: unknown }>();
  const key = (item: unknown, from: unknown) => `${String(item)} from ${String(from)}`;
  for (const r of migratedSchema().db.prepare('select item, ttc_cents, effective_from, announced_on from prices').all() as Row[])
    want.set(key(r.item, r.effective_from), { ttc: r.ttc_cents, announced: r.announced_on });
  for (const e of entries) {
    if (e.entity !== 'price') continue;
    const c = e.change;
    if (e.action === 'change') want.set(key(c.item, c.effective_from), { ttc: c.ttc_cents, announced: c.announced_on });
    else if (e.action === 'withdraw') want.set(key(c.item, c.effective_from), { ttc: null, announced: c.announced_on });
    else if (e.action === 'revoke' && c.before && typeof c.before === 'object') want.delete(key((c.before as Row).item, (c.before as Row).effective_from));
  }
  for (const r of sqlite.prepare('select item, ttc_cents, effective_from, announced_on from prices order by item, effective_from').all() as Row[]) {
    const k = key(r.item, r.effective_from);
    const w = want.get(k);
    want.delete(k);
    if (!w) out.push(t('check.state_unrecorded', { what: t('refusals.what.price', { price: k }), now: show(r.ttc_cents) }));
    else {
      if (!same(w.ttc, r.ttc_cents))
        out.push(t('check.state_changed', { what: t('refusals.what.price', { price: k }), now: show(r.ttc_cents), was: show(w.ttc) }));
      if (!same(w.announced, r.announced_on))
        out.push(t('check.state_changed', { what: t('refusals.what.price_announced', { price: k }), now: show(r.announced_on), was: show(w.announced) }));
    }
  }
  for (const [k, w] of want) out.push(t('check.state_missing', { what: t('refusals.what.price', { price: k }), was: show(w.ttc) }));
  return out;
}

/** Legal interest rates (art. 7.3.7): the seeds, then `bill rates set`. */
function rateProblems(sqlite: Database.Database, entries: Entry[]): string[] {
  const out: string[] = [];
  const want = new Map<string, unknown>();
  for (const r of migratedSchema().db.prepare('select semester, rate_bp from legal_rates').all() as { semester: string; rate_bp: number }[])
    want.set(r.semester, r.rate_bp);
  for (const e of entries)
    if (e.entity === 'legal_rate' && e.action === 'set' && e.entity_id !== null) want.set(e.entity_id, (e.change.rate_bp as Row | undefined)?.to);
  for (const r of sqlite.prepare('select semester, rate_bp from legal_rates order by semester').all() as { semester: string; rate_bp: number }[]) {
    const w = want.get(r.semester);
    want.delete(r.semester);
    const what = t('refusals.what.rate', { semester: r.semester });
    if (w === undefined) out.push(t('check.state_unrecorded', { what, now: String(r.rate_bp) }));
    else if (!same(w, r.rate_bp)) out.push(t('check.state_changed', { what, now: String(r.rate_bp), was: show(w) }));
  }
  for (const [s, w] of want) out.push(t('check.state_missing', { what: t('refusals.what.rate', { semester: s }), was: show(w) }));
  return out;
}
