/**
 * The price catalogue (annex 1): versions with effective dates, seeded by migration 0001.
 * Reads the price in force on a date; records a change (art. 7.2) or a withdrawal (art. 9);
 * and the Offer's other changes (art. 9), announced one month ahead like prices.
 */
import { and, asc, eq, isNull, lt, lte, or, gte, sql } from 'drizzle-orm';
import { t } from '../i18n/index.js';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import { memberOptions, offerChanges, prices } from '../db/schema.js';
import { NotFoundError, RefusedError, UsageError, enforce } from '../errors.js';
import { addDays, type IsoDate } from '../rules/dates.js';
import { OPTION_CODES, PRICE_ITEMS, type PriceItem } from '../rules/enums.js';
import { htFromTtc } from '../rules/money.js';
import {
  ART_OFFER_CHANGE,
  ART_PRICES,
  ART_WITHDRAWAL,
  checkOfferChange,
  offerChangesInForce,
  checkPriceChange,
  checkWithdrawal,
  revocationDecision,
  versionInForce,
  type PriceVersion,
} from '../rules/prices.js';

export function isPriceItem(s: string): s is PriceItem {
  return (PRICE_ITEMS as readonly string[]).includes(s);
}

export function parsePriceItem(s: string): PriceItem {
  if (!isPriceItem(s)) throw new UsageError(t('modules.unknown_price_item', { s, items: PRICE_ITEMS.join(', ') }));
  return s;
}

export function loadVersions(db: Db | Tx): PriceVersion[] {
  return db.select({ item: prices.item, ttcCents: prices.ttcCents, effectiveFrom: prices.effectiveFrom, announcedOn: prices.announcedOn }).from(prices).all();
}

/** The TTC price in force on a date; refused when the item is withdrawn (art. 9) or has no price yet. */
export function priceOn(db: Db | Tx, item: PriceItem, on: IsoDate, versions = loadVersions(db)): number {
  const v = versionInForce(versions, item, on);
  if (!v) throw new RefusedError(ART_PRICES, t('modules.no_price', { item, on }));
  if (v.ttcCents === null) throw new RefusedError(ART_WITHDRAWAL, t('refusals.withdrawn', { item, date: v.effectiveFrom }));
  return v.ttcCents;
}

export interface CatalogueRow {
  item: PriceItem;
  ttc_cents: number | null;
  ht_cents: number | null;
  effective_from: IsoDate | null;
  announced_on: IsoDate | null;
  withdrawn: boolean;
  /** The next announced version after the date, if any. */
  next: { ttc_cents: number | null; effective_from: IsoDate; announced_on: IsoDate } | null;
}

/** Every item of the catalogue as in force on a date, with its next announced change. */
export function catalogue(db: Db | Tx, on: IsoDate): CatalogueRow[] {
  const versions = loadVersions(db);
  return PRICE_ITEMS.map((item) => {
    const v = versionInForce(versions, item, on);
    const next = versions.filter((x) => x.item === item && x.effectiveFrom > on).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))[0];
    return {
      item,
      ttc_cents: v?.ttcCents ?? null,
      ht_cents: v?.ttcCents == null ? null : htFromTtc(v.ttcCents),
      effective_from: v?.effectiveFrom ?? null,
      announced_on: v?.announcedOn ?? null,
      withdrawn: v !== undefined && v.ttcCents === null,
      next: next ? { ttc_cents: next.ttcCents, effective_from: next.effectiveFrom, announced_on: next.announcedOn } : null,
    };
  });
}

export interface PriceChange {
  item: PriceItem;
  ttcCents: number;
  from: IsoDate;
  announced: IsoDate;
}

function insertVersion(tx: Tx, item: PriceItem, ttcCents: number | null, from: IsoDate, announced: IsoDate): number {
  const exists = tx
    .select({ id: prices.id })
    .from(prices)
    .where(and(eq(prices.item, item), eq(prices.effectiveFrom, from)))
    .get();
  if (exists) throw new UsageError(t('modules.price_exists', { item, from }));
  const row = tx.insert(prices).values({ item, ttcCents, effectiveFrom: from, announcedOn: announced }).returning({ id: prices.id }).get();
  return row.id;
}

/** A new price from a date, announced at least one month before (art. 7.2). */
export function setPrice(conn: Connection, actor: Actor, c: PriceChange): { id: number } {
  if (!Number.isSafeInteger(c.ttcCents) || c.ttcCents < 0) throw new UsageError(t('modules.price_positive'));
  enforce(checkPriceChange(c.announced, c.from));
  return writeTx(conn, (tx) => {
    const before = versionInForce(loadVersions(tx), c.item, c.from);
    const id = insertVersion(tx, c.item, c.ttcCents, c.from, c.announced);
    audit(tx, actor, {
      entity: 'price',
      entityId: id,
      action: 'change',
      change: { item: c.item, ttc_cents: c.ttcCents, previous_ttc_cents: before?.ttcCents ?? null, effective_from: c.from, announced_on: c.announced },
    });
    return { id };
  });
}

/**
 * `bill prices revoke ITEM --from DATE` (issue 11): a price change announced by mistake is
 * taken back while it is not in force (`on` before its first day) and no invoice line has
 * billed a month from that day on at any price (the monthly run bills in advance). A
 * withdrawal is not revoked here: it ended members' options. Audited with what it was.
 */
export function revokePrice(
  conn: Connection,
  actor: Actor,
  r: { item: PriceItem; from: IsoDate; on: IsoDate },
): { id: number; item: PriceItem; ttc_cents: number; effective_from: IsoDate; announced_on: IsoDate } {
  return writeTx(conn, (tx) => {
    const v = tx.get<{ id: number; ttc_cents: number | null; announced_on: string } | undefined>(
      sql`select id, ttc_cents, announced_on from prices where item = ${r.item} and effective_from = ${r.from}`,
    );
    if (!v) throw new NotFoundError(t('modules.revoke.none', { item: r.item, from: r.from }));
    if (v.ttc_cents === null) throw new UsageError(t('modules.revoke.withdrawal', { item: r.item, from: r.from }));
    const billed = r.from > r.on && tx.get<{ n: number }>(sql`select exists(select 1 from invoice_lines where period >= ${r.from.slice(0, 7)}) as n`).n === 1;
    enforce(revocationDecision({ item: r.item, from: r.from, on: r.on, billedFromThen: billed }));
    tx.run(sql`delete from prices where id = ${v.id}`);
    audit(tx, actor, {
      entity: 'price',
      entityId: v.id,
      action: 'revoke',
      change: { before: { item: r.item, ttc_cents: v.ttc_cents, effective_from: r.from, announced_on: v.announced_on }, after: null },
    });
    return { id: v.id, item: r.item, ttc_cents: v.ttc_cents, effective_from: r.from, announced_on: v.announced_on };
  });
}

/**
 * Withdraws a service or option from a date, announced at least three months before
 * (art. 9): members' options of that kind end, without fees, the day before.
 */
export function withdrawItem(conn: Connection, actor: Actor, w: { item: PriceItem; from: IsoDate; announced: IsoDate }): { id: number; options_ended: number } {
  enforce(checkWithdrawal(w.announced, w.from));
  return writeTx(conn, (tx) => {
    const id = insertVersion(tx, w.item, null, w.from, w.announced);
    let ended = 0;
    if ((OPTION_CODES as readonly string[]).includes(w.item)) {
      const lastDay = addDays(w.from, -1);
      const rows = tx
        .update(memberOptions)
        .set({ endOn: lastDay })
        .where(
          and(
            eq(memberOptions.option, w.item as (typeof OPTION_CODES)[number]),
            lt(memberOptions.startOn, w.from),
            or(isNull(memberOptions.endOn), gte(memberOptions.endOn, w.from)),
          ),
        )
        .returning({ id: memberOptions.id })
        .all();
      ended = rows.length;
    }
    audit(tx, actor, {
      entity: 'price',
      entityId: id,
      action: 'withdraw',
      change: { item: w.item, effective_from: w.from, announced_on: w.announced, options_ended: ended },
    });
    return { id, options_ended: ended };
  });
}

// ---------------------------------------------------------------------------------------
// Changes to the Offer other than prices (art. 9): one month's notice, like a price change.

export interface OfferChangeJson {
  id: number;
  description: string;
  announced_on: IsoDate;
  effective_from: IsoDate;
  /** In force on the date asked (its first day has come). */
  in_force: boolean;
  article: string;
}

const offerJson = (r: typeof offerChanges.$inferSelect, on: IsoDate): OfferChangeJson => ({
  id: r.id,
  description: r.description,
  announced_on: r.announcedOn,
  effective_from: r.effectiveFrom,
  in_force: r.effectiveFrom <= on,
  article: ART_OFFER_CHANGE,
});

/** `bill offer announce TEXT --from D [--announced D]`: recorded once its notice is long enough (art. 9). */
export function announceOfferChange(
  conn: Connection,
  actor: Actor,
  c: { description: string; announcedOn: IsoDate; effectiveFrom: IsoDate; on: IsoDate },
): OfferChangeJson {
  const description = c.description.trim();
  if (!description) throw new UsageError(t('offer.description_missing'));
  enforce(checkOfferChange(c));
  return writeTx(conn, (tx) => {
    const row = tx.insert(offerChanges).values({ description, announcedOn: c.announcedOn, effectiveFrom: c.effectiveFrom }).returning().get();
    audit(tx, actor, {
      entity: 'offer_change',
      entityId: row.id,
      action: 'announce',
      change: { description, announced_on: c.announcedOn, effective_from: c.effectiveFrom, article: ART_OFFER_CHANGE },
    });
    return offerJson(row, c.on);
  });
}

/**
 * `bill offer list [--all]`: the changes in force on `on` (first day come), oldest first;
 * `all`: also those announced by `on` and not yet in force.
 */
export function listOfferChanges(db: Db | Tx, f: { on: IsoDate; all?: boolean }): OfferChangeJson[] {
  const rows = db.select().from(offerChanges).where(lte(offerChanges.announcedOn, f.on)).orderBy(asc(offerChanges.effectiveFrom), asc(offerChanges.id)).all();
  return (f.all ? rows : offerChangesInForce(rows, f.on)).map((r) => offerJson(r, f.on));
}
