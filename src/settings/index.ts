/**
 * The club's identity and connections (issue 9): the seller's legal mentions, the SEPA
 * creditor, the mail sender and server. Stored in `settings`, validated on entry, audited
 * (old and new value; the SMTP password never printed nor logged).
 */
import { eq } from 'drizzle-orm';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import { settings } from '../db/schema.js';
import { InvalidInputError, UsageError } from '../errors.js';
import { parseSmtpUrl } from './smtp-url.js';
import { isOneEmailAddress, isValidSiren, normalizeIban, normalizeSiren } from '../rules/identifiers.js';
import { formatEuros, parseEuros } from '../rules/money.js';
import { normalizeBic, normalizeFrenchVat, normalizeIcs, frenchVatNumber } from '../rules/sepa.js';
import { t, type MessageKey } from '../i18n/index.js';
import { isSellerSetting, sellerVersionNow } from './versions.js';

/**
 * The chart of accounts of the journal entries (`bill export --format entries`, issue 25):
 * optional, each with the usual French default (PCG; why each account: docs/RULES.md §FEC).
 */
export const ACCOUNT_DEFAULTS = {
  'accounts.receivable': '411000',
  'accounts.bank': '512000',
  'accounts.vat_collected': '445710',
  'accounts.entry_fee': '706100',
  'accounts.subscription': '706200',
  'accounts.option': '706300',
  'accounts.charge': '706400',
  'accounts.credit': '709000',
  'accounts.penalty': '763100',
  'accounts.indemnity': '758000',
  'accounts.guarantee': '165000',
  'accounts.damages': '658800',
} as const;
export type AccountKey = keyof typeof ACCOUNT_DEFAULTS;
const ACCOUNT_KEYS = Object.keys(ACCOUNT_DEFAULTS) as AccountKey[];
/** The class (first digit) each account must belong to: capital and liabilities 1, third parties 4, financial 5, expenses 6, income 7. */
const ACCOUNT_CLASS: Record<AccountKey, string> = {
  'accounts.receivable': '4',
  'accounts.bank': '5',
  'accounts.vat_collected': '4',
  'accounts.entry_fee': '7',
  'accounts.subscription': '7',
  'accounts.option': '7',
  'accounts.charge': '7',
  'accounts.credit': '7',
  'accounts.penalty': '7',
  'accounts.indemnity': '7',
  'accounts.guarantee': '1',
  'accounts.damages': '6',
};

export const SETTING_KEYS = [
  'seller.name',
  'seller.legal_form',
  'seller.capital',
  'seller.street',
  'seller.postal_code',
  'seller.city',
  'seller.siren',
  'seller.rcs',
  'seller.vat_number',
  'seller.vat_on_debits',
  'seller.electronic_address',
  'creditor.ics',
  'creditor.iban',
  'creditor.bic',
  'mail.from',
  'smtp.url',
  ...ACCOUNT_KEYS,
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

type Validator = (v: string) => string | null; // normalized value, or null if invalid

const text =
  (max: number): Validator =>
  (v) => {
    const s = v.trim().replace(/\s+/g, ' ');
    return s.length >= 1 && s.length <= max ? s : null;
  };

/** yes/no, oui/non, true/false, 1/0 → `yes` or `no`. */
const yesNo: Validator = (v) => {
  const s = v.trim().toLowerCase();
  return ['yes', 'oui', 'true', '1', 'y', 'o'].includes(s) ? 'yes' : ['no', 'non', 'false', '0', 'n'].includes(s) ? 'no' : null;
};

/**
 * The club's electronic invoicing address in the French directory (BT-34, scheme 0225): the
 * SIREN, optionally followed by a suffix the platform gave (`732829320_FACTURES`). Letters,
 * digits, + - _ . only, at most 125 characters (BR-FR-23, BR-FR-25); that it starts with the
 * seller's SIREN is checked with the SIREN in setSetting.
 */
const electronicAddress: Validator = (v) => {
  const s = v.trim();
  return /^\d{9}([+\-_.][A-Za-z0-9+\-_.]*)?$/.test(s) && s.length <= 125 ? s : null;
};

/**
 * `mail.from`: one address, bare or `Name <address>` (the name quoted when it holds a comma
 * or a semicolon). Never a line break (issue 28: `…\nBcc: x` would add a header to every
 * invoice e-mail) nor a list of addresses.
 */
function mailFrom(v: string): string | null {
  const s = v.trim();
  if (/[\r\n]/.test(s)) return null;
  if (isOneEmailAddress(s)) return s;
  const m = /^("[^"\\]*"|[^"<>,;@]*)\s*<([^<>]+)>$/.exec(s);
  return m && isOneEmailAddress(m[2]!) ? s : null;
}

/** An account number of the chart: 3 to 20 digits, in its class (`411000`, `706100`). */
const account =
  (cls: string): Validator =>
  (v) => {
    const s = v.trim();
    return /^\d{3,20}$/.test(s) && s.startsWith(cls) ? s : null;
  };

const VALIDATORS: Record<SettingKey, { check: Validator; expect: MessageKey }> = {
  ...(Object.fromEntries(ACCOUNT_KEYS.map((k) => [k, { check: account(ACCOUNT_CLASS[k]), expect: `settings.expect.account_${ACCOUNT_CLASS[k]}` }])) as Record<
    AccountKey,
    { check: Validator; expect: MessageKey }
  >),
  'seller.name': { check: text(140), expect: 'settings.expect.text' },
  'seller.legal_form': { check: text(60), expect: 'settings.expect.text' },
  'seller.capital': {
    check: (v) => {
      const c = parseEuros(v);
      return c !== null && c > 0 ? String(c) : null;
    },
    expect: 'settings.expect.capital',
  },
  'seller.street': { check: text(140), expect: 'settings.expect.text' },
  'seller.postal_code': { check: (v) => (/^\d{5}$/.test(v.trim()) ? v.trim() : null), expect: 'settings.expect.postal_code' },
  'seller.city': { check: text(70), expect: 'settings.expect.text' },
  'seller.siren': { check: (v) => (isValidSiren(v) ? normalizeSiren(v) : null), expect: 'settings.expect.siren' },
  'seller.rcs': { check: text(70), expect: 'settings.expect.text' },
  'seller.vat_number': { check: normalizeFrenchVat, expect: 'settings.expect.vat' },
  'seller.vat_on_debits': { check: yesNo, expect: 'settings.expect.yes_no' },
  'seller.electronic_address': { check: electronicAddress, expect: 'settings.expect.electronic_address' },
  'creditor.ics': { check: normalizeIcs, expect: 'settings.expect.ics' },
  'creditor.iban': { check: normalizeIban, expect: 'settings.expect.iban' },
  'creditor.bic': { check: normalizeBic, expect: 'settings.expect.bic' },
  'mail.from': {
    check: mailFrom,
    expect: 'settings.expect.email',
  },
  'smtp.url': {
    // a URL nodemailer can use, and never a password over an unencrypted connection (issue 28)
    check: (v) => ('problem' in parseSmtpUrl(v) ? null : new URL(v.trim()).toString()),
    expect: 'settings.expect.smtp',
  },
};

export function isSettingKey(k: string): k is SettingKey {
  return (SETTING_KEYS as readonly string[]).includes(k);
}

/** An SMTP URL with its password replaced by `****`: what is printed and audited. */
export function maskSecret(key: string, value: string | null): string | null {
  if (value === null || key !== 'smtp.url') return value;
  try {
    const u = new URL(value);
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return '****';
  }
}

/** What a person reads: the capital in euros, the SMTP password masked. */
export function displayValue(key: string, value: string): string {
  if (key === 'seller.capital') return formatEuros(Number(value));
  return maskSecret(key, value) ?? '';
}

export interface SettingChange {
  key: SettingKey;
  /** The normalised value now, null once unset. */
  value: string | null;
  previous: string | null;
}

/** One key set (issue 9): `changeSettings` with one pair. */
export function setSetting(conn: Connection, actor: Actor, key: string, value: string, on?: string): SettingChange {
  return changeSettings(conn, actor, { set: [[key, value]], on })[0]!;
}

/** The keys given, each known and given once, else one usage error naming every unknown key. */
function knownKeys(keys: readonly string[]): SettingKey[] {
  const unknown = keys.filter((k) => !isSettingKey(k));
  if (unknown.length > 0) throw new UsageError(t('settings.unknown_key', { key: unknown.join('", "'), keys: SETTING_KEYS.join(', ') }));
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) throw new UsageError(t('settings.key_twice', { key: k }));
    seen.add(k);
  }
  return keys as SettingKey[];
}

/** Every value normalised, or one error listing every invalid one (exit 4). */
function normalised(pairs: readonly (readonly [SettingKey, string])[]): Map<SettingKey, string> {
  const out = new Map<SettingKey, string>();
  const bad: string[] = [];
  for (const [key, value] of pairs) {
    const v = VALIDATORS[key];
    const n = v.check(value);
    if (n === null) bad.push(t('settings.invalid', { key, value: maskSecret(key, value) ?? '', expected: t(v.expect) }));
    else out.set(key, n);
  }
  if (bad.length > 0) throw new InvalidInputError(bad.join('\n'));
  return out;
}

/** The checks across keys, on the settings as they would be after the change. */
function crossChecks(final: (k: SettingKey) => string | null, changed: ReadonlySet<SettingKey>): void {
  const siren = final('seller.siren');
  const vat = final('seller.vat_number');
  const address = final('seller.electronic_address');
  if ((changed.has('seller.siren') || changed.has('seller.vat_number')) && siren && vat && frenchVatNumber(siren) !== vat)
    throw new InvalidInputError(t('settings.vat_siren_mismatch', { vat, siren }));
  if ((changed.has('seller.siren') || changed.has('seller.electronic_address')) && siren && address && !address.startsWith(siren))
    throw new InvalidInputError(t('settings.address_siren_mismatch', { address, siren }));
}

/**
 * Several keys set and others unset in one transaction and one audit entry, checked together
 * (issue 24): the seller's SIREN and VAT number are corrected at once, each checked against
 * the other's new value. All or nothing: one bad value writes nothing, and every bad value is
 * named. `on` (the act's date) is what `settings list` shows. The audit entry keeps its old
 * shape for one key (`{from, to}` under the key's id); for several, `{settings: {KEY: {from,
 * to}}}`; an unset key's `to` is null. Secrets are masked in both.
 */
export function changeSettings(
  conn: Connection,
  actor: Actor,
  o: { set?: readonly (readonly [string, string])[]; unset?: readonly string[]; on?: string | undefined },
): SettingChange[] {
  const setPairs = o.set ?? [];
  const unset = o.unset ?? [];
  const keys = knownKeys([...setPairs.map(([k]) => k), ...unset]);
  const values = normalised(setPairs.map(([, v], i) => [keys[i]!, v] as const));
  const unsetKeys = keys.slice(setPairs.length);
  const changed = new Set<SettingKey>(keys);
  crossChecks((k) => (values.has(k) ? values.get(k)! : unsetKeys.includes(k) ? null : getSetting(conn.db, k)), changed);
  return writeTx(conn, (tx) => {
    const out: SettingChange[] = keys.map((key) => ({ key, value: values.get(key) ?? null, previous: getSetting(tx, key) }));
    const effective = out.filter((c) => c.value !== c.previous);
    if (effective.length === 0) return out; // nothing to write: no entry either
    const stamp = o.on ?? new Date().toISOString();
    for (const c of effective) {
      if (c.value === null) tx.delete(settings).where(eq(settings.key, c.key)).run();
      else
        tx.insert(settings)
          .values({ key: c.key, value: c.value, updatedAt: stamp })
          .onConflictDoUpdate({ target: settings.key, set: { value: c.value, updatedAt: stamp } })
          .run();
    }
    // what documents state of the club from now on: a new version when it changed (src/invoicing/frozen.ts)
    const version = effective.some((c) => isSellerSetting(c.key)) ? sellerVersionNow(tx, null).created : null;
    const masked = (c: SettingChange) => ({ from: maskSecret(c.key, c.previous), to: maskSecret(c.key, c.value) });
    const one = effective.length === 1 ? effective[0]! : null;
    audit(tx, actor, {
      entity: 'settings',
      entityId: one ? one.key : null,
      action: 'set',
      change: {
        ...(one ? masked(one) : { settings: Object.fromEntries(effective.map((c) => [c.key, masked(c)])) }),
        ...(version ? { seller_version: version } : {}),
      },
    });
    return out;
  });
}

export function getSetting(db: Db | Tx, key: SettingKey): string | null {
  return db.select({ v: settings.value }).from(settings).where(eq(settings.key, key)).get()?.v ?? null;
}

export interface SettingRow {
  key: SettingKey;
  value: string | null;
  updated_at: string | null;
  /** What applies while the key is not set (the chart of accounts), else null. */
  default: string | null;
}

/** The value in force while the key is not set (the chart of accounts), else null: `setup` does not ask these. */
export function defaultOf(key: SettingKey): string | null {
  return (ACCOUNT_DEFAULTS as Record<string, string>)[key] ?? null;
}

/** The chart of accounts in force: each account as set, else its default. */
export function accountChart(db: Db | Tx): Record<AccountKey, string> {
  const stored = new Map(listRaw(db).map((r) => [r.key, r.value]));
  return Object.fromEntries(ACCOUNT_KEYS.map((k) => [k, stored.get(k) ?? ACCOUNT_DEFAULTS[k]])) as Record<AccountKey, string>;
}

/** Every known key, set or not, secrets masked. */
export function listSettings(db: Db | Tx): SettingRow[] {
  const rows = new Map(
    db
      .select()
      .from(settings)
      .all()
      .map((r) => [r.key, r]),
  );
  return SETTING_KEYS.map((key) => {
    const r = rows.get(key);
    return { key, value: r ? maskSecret(key, r.value) : null, updated_at: r?.updatedAt ?? null, default: defaultOf(key) };
  });
}

/**
 * The settings a document needs, or one error naming every missing one with the command that
 * sets it (exit 4: the club's data is incomplete; nothing is written) — not one per try (issue 24).
 */
export function requireSettings<K extends SettingKey>(db: Db | Tx, keys: readonly K[], env: Record<string, string | undefined> = {}): Record<K, string> {
  const out = {} as Record<K, string>;
  const missing: K[] = [];
  for (const k of keys) {
    const v = k === 'smtp.url' && env.PARNASSE_SMTP_URL ? env.PARNASSE_SMTP_URL : getSetting(db, k);
    if (v === null || v === '') missing.push(k);
    else out[k] = v;
  }
  if (missing.length === 1) throw new InvalidInputError(t('settings.missing', { key: missing[0]! }));
  if (missing.length > 1)
    throw new InvalidInputError(
      t('settings.missing_many', {
        keys: missing.join(', '),
        command: `parnasse settings set ${missing.map((k) => `${k} ${t('settings.value_word')}`).join(' ')}`,
      }),
    );
  return out;
}

/** Who needs a key: the commands that refuse to work without it. Optional keys need none. */
const NEEDED_BY: Partial<Record<SettingKey, readonly string[]>> = {
  'creditor.ics': ['bill export --format sepa', 'bill pdf'],
  'creditor.iban': ['bill export --format sepa', 'bill pdf', 'bill dunning --letters'],
  'creditor.bic': ['bill export --format sepa', 'bill pdf', 'bill dunning --letters'],
  'mail.from': ['bill send'],
  'smtp.url': ['bill send'],
};
const SELLER_NEEDS = ['bill run', 'bill pdf', 'bill xml', 'bill dunning --apply'] as const;

export interface SettingStatus {
  key: SettingKey;
  status: 'set' | 'missing' | 'invalid';
  required: boolean;
  needed_by: string[];
  /** What fixes it, when it needs fixing. */
  command: string | null;
}

/**
 * `settings check` (issue 24): every key, whether it is set, missing or invalid (a stored
 * value that the rules of entry refuse today), which commands need it, and the command that
 * sets it. `ok` when no required key is missing or invalid.
 */
export function checkSettings(db: Db | Tx, env: Record<string, string | undefined> = {}): { ok: boolean; keys: SettingStatus[] } {
  const stored = new Map(listRaw(db).map((r) => [r.key, r.value]));
  const keys = SETTING_KEYS.map((key): SettingStatus => {
    const value = key === 'smtp.url' && env.PARNASSE_SMTP_URL ? env.PARNASSE_SMTP_URL : (stored.get(key) ?? null);
    const neededBy = [...((SELLER_KEYS as readonly string[]).includes(key) ? SELLER_NEEDS : (NEEDED_BY[key] ?? []))];
    const status = value === null || value === '' ? 'missing' : VALIDATORS[key].check(value) === null ? 'invalid' : 'set';
    return {
      key,
      status,
      required: neededBy.length > 0,
      needed_by: neededBy,
      command: status === 'set' ? null : `parnasse settings set ${key} ${t('settings.value_word')}`,
    };
  });
  return { ok: keys.every((k) => !k.required || k.status === 'set'), keys };
}

function listRaw(db: Db | Tx): { key: string; value: string }[] {
  return db.select({ key: settings.key, value: settings.value }).from(settings).all();
}

/** The seller's identity as printed on every document. */
export const SELLER_KEYS = [
  'seller.name',
  'seller.legal_form',
  'seller.capital',
  'seller.street',
  'seller.postal_code',
  'seller.city',
  'seller.siren',
  'seller.vat_number',
] as const;

export interface Seller {
  name: string;
  legalForm: string;
  capitalCents: number;
  street: string;
  postalCode: string;
  city: string;
  siren: string;
  rcs: string | null;
  vatNumber: string;
  /** The option for paying VAT on debits (CGI art. 269, 2-c): the invoices say so. */
  vatOnDebits: boolean;
  /** BT-34: the club's electronic invoicing address (default: its SIREN). */
  electronicAddress: string;
}

export function loadSeller(db: Db | Tx): Seller {
  const s = requireSettings(db, SELLER_KEYS);
  return {
    name: s['seller.name'],
    legalForm: s['seller.legal_form'],
    capitalCents: Number(s['seller.capital']),
    street: s['seller.street'],
    postalCode: s['seller.postal_code'],
    city: s['seller.city'],
    siren: s['seller.siren'],
    rcs: getSetting(db, 'seller.rcs'),
    vatNumber: s['seller.vat_number'],
    vatOnDebits: getSetting(db, 'seller.vat_on_debits') === 'yes',
    electronicAddress: getSetting(db, 'seller.electronic_address') ?? s['seller.siren'],
  };
}

/** Whether a key is needed by some command (`settings check`'s `required`). */
export function isRequiredSetting(key: SettingKey): boolean {
  return (SELLER_KEYS as readonly string[]).includes(key) || (NEEDED_BY[key]?.length ?? 0) > 0;
}

/** One value checked as `settings set` checks it: true, or the message that says why not (prompts re-ask with it). */
export function validateSetting(key: SettingKey, value: string, others: (k: SettingKey) => string | null = () => null): true | string {
  const v = VALIDATORS[key];
  const n = v.check(value);
  if (n === null) return t('settings.invalid', { key, value: maskSecret(key, value) ?? '', expected: t(v.expect) });
  try {
    crossChecks((k) => (k === key ? n : others(k)), new Set([key]));
  } catch (e) {
    return (e as Error).message;
  }
  return true;
}

/**
 * A settings file for `parnasse setup --from FILE` (issue 24): a JSON object `{"KEY": "VALUE"}`,
 * or `KEY=VALUE` lines (blank lines and `#` comments skipped; the value taken as written after
 * the first `=`, surrounding quotes dropped). Every line that is neither is named at once.
 */
export function parseSettingsFile(text: string): [string, string][] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch (e) {
      throw new InvalidInputError(t('setup.file.bad_json', { detail: (e as Error).message }));
    }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new InvalidInputError(t('setup.file.bad_json', { detail: t('refusals.not_an_object') }));
    const bad = Object.entries(doc).filter(([, v]) => typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean');
    if (bad.length) throw new InvalidInputError(t('setup.file.bad_values', { keys: bad.map(([k]) => k).join(', ') }));
    return Object.entries(doc as Record<string, string | number | boolean>).map(([k, v]) => [k, String(v)]);
  }
  const pairs: [string, string][] = [];
  const bad: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq <= 0) {
      bad.push(i + 1);
      return;
    }
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) value = value.slice(1, -1);
    pairs.push([line.slice(0, eq).trim(), value]);
  });
  if (bad.length) throw new InvalidInputError(t('setup.file.bad_lines', { lines: bad.join(', ') }));
  return pairs;
}
