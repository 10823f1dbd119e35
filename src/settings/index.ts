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

const VALIDATORS: Record<SettingKey, { check: Validator; expect: MessageKey }> = {
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

export function setSetting(conn: Connection, actor: Actor, key: string, value: string): { key: SettingKey; value: string; previous: string | null } {
  if (!isSettingKey(key)) throw new UsageError(t('settings.unknown_key', { key, keys: SETTING_KEYS.join(', ') }));
  const v = VALIDATORS[key];
  const normalized = v.check(value);
  if (normalized === null) throw new InvalidInputError(t('settings.invalid', { key, value: maskSecret(key, value) ?? '', expected: t(v.expect) }));
  if (key === 'seller.vat_number' || key === 'seller.siren') {
    const siren = key === 'seller.siren' ? normalized : getSetting(conn.db, 'seller.siren');
    const vat = key === 'seller.vat_number' ? normalized : getSetting(conn.db, 'seller.vat_number');
    if (siren && vat && frenchVatNumber(siren) !== vat) throw new InvalidInputError(t('settings.vat_siren_mismatch', { vat, siren }));
  }
  if (key === 'seller.electronic_address' || key === 'seller.siren') {
    const siren = key === 'seller.siren' ? normalized : getSetting(conn.db, 'seller.siren');
    const address = key === 'seller.electronic_address' ? normalized : getSetting(conn.db, 'seller.electronic_address');
    if (siren && address && !address.startsWith(siren)) throw new InvalidInputError(t('settings.address_siren_mismatch', { address, siren }));
  }
  return writeTx(conn, (tx) => {
    const previous = getSetting(tx, key);
    tx.insert(settings)
      .values({ key, value: normalized })
      .onConflictDoUpdate({ target: settings.key, set: { value: normalized, updatedAt: new Date().toISOString() } })
      .run();
    // what documents state of the club from now on: a new version when it changed (src/invoicing/frozen.ts)
    const version = isSellerSetting(key) ? sellerVersionNow(tx, null).created : null;
    audit(tx, actor, {
      entity: 'settings',
      entityId: key,
      action: 'set',
      change: { from: maskSecret(key, previous), to: maskSecret(key, normalized), ...(version ? { seller_version: version } : {}) },
    });
    return { key, value: normalized, previous };
  });
}

export function getSetting(db: Db | Tx, key: SettingKey): string | null {
  return db.select({ v: settings.value }).from(settings).where(eq(settings.key, key)).get()?.v ?? null;
}

export interface SettingRow {
  key: SettingKey;
  value: string | null;
  updated_at: string | null;
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
    return { key, value: r ? maskSecret(key, r.value) : null, updated_at: r?.updatedAt ?? null };
  });
}

/**
 * The settings a document needs, or one clear line naming the first missing one and the
 * command that sets it (exit 4: the club's data is incomplete; nothing is written).
 */
export function requireSettings<K extends SettingKey>(db: Db | Tx, keys: readonly K[], env: Record<string, string | undefined> = {}): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const k of keys) {
    const v = k === 'smtp.url' && env.PARNASSE_SMTP_URL ? env.PARNASSE_SMTP_URL : getSetting(db, k);
    if (v === null || v === '') throw new InvalidInputError(t('settings.missing', { key: k }));
    out[k] = v;
  }
  return out;
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
