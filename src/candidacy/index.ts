/**
 * The candidacy capability (art. 3; CLI.md `candidate`): add, import, list, show, check,
 * docs, withdraw. Loads state, asks the rules, writes in one transaction with its audit.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Connection, Db, Tx } from '../db/connection.js';
import { audit, writeTx, type Actor } from '../db/audit.js';
import { iterateSelect } from '../db/iterate.js';
import { candidacies, DECIDED_CANDIDACY_STATUSES_SQL, members } from '../db/schema.js';
import { InvalidInputError, NotFoundError, RefusedError } from '../errors.js';
import { ART_COMMITTEE, committeeDeadline, parseDocumentList } from '../rules/eligibility.js';
import { CANDIDACY_STATUSES, type DocumentId } from '../rules/enums.js';
import type { Check } from '../rules/decision.js';
import { BatchEvaluator, evaluateStored, type CandidacyRow } from './evaluate.js';
import { CandidacyJudge, UNDECIDED_STATUSES, candidacyStatus, type JudgedStatus } from './status.js';
import type { CandidacyInput } from './record.js';
import { DECIDED_STATUSES } from './store.js';
import { storedRef } from './ref.js';
import { possibleDuplicates, type DuplicateWarning } from './duplicates.js';
import { t } from '../i18n/index.js';
import { fmtEnum } from '../i18n/format.js';
import { cooptationsByCandidacy, type CooptedBy } from './coopted-by.js';

export { importCandidacies, type ImportOptions, type ImportResult } from './import.js';
export { validateCandidacy, CANDIDACY_COLUMNS, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, type CandidacyInput, type CandidacyColumn } from './record.js';
export { evaluateStored, factsOf, BatchEvaluator, type CandidacyRow } from './evaluate.js';
export { DECIDED_STATUSES } from './store.js';
export { CandidacyJudge, candidacyStatus, UNDECIDED_STATUSES, type JudgedStatus } from './status.js';
export type { DuplicateWarning } from './duplicates.js';

/** `candidate show` JSON: every CSV column under its own name (amounts in cents), plus status, zone, deadline, member_no. */
export interface CandidacyJson {
  ref: string;
  kind: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string | null;
  birth_date: string | null;
  foreign_national: boolean;
  street: string;
  postal_code: string;
  city: string;
  department: string | null;
  company_name: string;
  company_siren: string;
  company_revenue_cents: number;
  is_executive: boolean;
  annual_income_cents: number;
  preventel_listed: boolean;
  operator_unpaid: boolean;
  banking_ban: boolean;
  sponsor_member_no: string | null;
  invited_by_parnasse: boolean;
  charter_accepted: boolean;
  line_technology: string;
  orange_subscriptions: number;
  incompatible_offer: boolean;
  iban: string | null;
  applied_on: string;
  documents: string[];
  id_expires_on: string | null;
  residence_card_expires_on: string | null;
  addresses_differ: boolean;
  status: string;
  zone: string | null;
  deadline: string;
  member_no: string | null;
  decided_on: string | null;
  source: string;
  /** Data collected online during vetting; null once erased (annex 5). */
  vetting_notes: string | null;
}

/** A candidacy's JSON; `judged`: its status and zone on the command's date (src/candidacy/status.ts), else as stored. */
export function toJson(
  row: CandidacyRow,
  memberNo: number | null,
  judged: JudgedStatus = { status: row.status as JudgedStatus['status'], zone: row.zoneId },
  deadlineOf: (appliedOn: string) => string = committeeDeadline,
): CandidacyJson {
  return {
    ref: row.ref,
    kind: row.kind,
    first_name: row.firstName,
    last_name: row.lastName,
    email: row.email,
    phone: row.phone,
    birth_date: row.birthDate,
    foreign_national: row.foreignNational,
    street: row.street,
    postal_code: row.postalCode,
    city: row.city,
    department: row.department,
    company_name: row.companyName,
    company_siren: row.companySiren,
    company_revenue_cents: row.companyRevenueCents,
    is_executive: row.isExecutive,
    annual_income_cents: row.annualIncomeCents,
    preventel_listed: row.preventelListed,
    operator_unpaid: row.operatorUnpaid,
    banking_ban: row.bankingBan,
    sponsor_member_no: row.sponsorMemberNo,
    invited_by_parnasse: row.invitedByParnasse,
    charter_accepted: row.charterAccepted,
    line_technology: row.lineTechnology,
    orange_subscriptions: row.orangeSubscriptions,
    incompatible_offer: row.incompatibleOffer,
    iban: row.iban,
    applied_on: row.appliedOn,
    documents: parseDocumentList(row.documents).documents,
    id_expires_on: row.idExpiresOn,
    residence_card_expires_on: row.residenceCardExpiresOn,
    addresses_differ: row.addressesDiffer,
    status: judged.status,
    zone: judged.zone,
    deadline: deadlineOf(row.appliedOn),
    member_no: memberNo === null ? null : String(memberNo),
    decided_on: row.decidedOn,
    source: row.source,
    vetting_notes: row.vettingNotes,
  };
}

function loadWithMember(db: Db | Tx, ref: string): { row: CandidacyRow; memberNo: number | null } {
  const r = db
    .select({ c: candidacies, memberNo: members.memberNo })
    .from(candidacies)
    .leftJoin(members, eq(members.id, candidacies.memberId))
    .where(eq(candidacies.ref, storedRef(db, ref) ?? ref))
    .get();
  if (!r) throw new NotFoundError(t('modules.no_candidacy', { ref }));
  return { row: r.c, memberNo: r.memberNo ?? null };
}

export function getCandidacy(db: Db | Tx, ref: string): CandidacyRow {
  return loadWithMember(db, ref).row;
}

/** `candidate show`: the candidacy with its status on `on`, and its cooptation (annex 3) when one was proposed. */
export function showCandidacy(conn: Connection, ref: string, on: string): CandidacyJson & { cooptation: CooptedBy | null } {
  const { row, memberNo } = loadWithMember(conn.db, ref);
  return { ...toJson(row, memberNo, candidacyStatus(conn.db, row, on)), cooptation: cooptationsByCandidacy(conn.db, [row.id]).get(row.id) ?? null };
}

export function listCandidacies(conn: Connection, opts: { status?: string; on: string }): CandidacyJson[] {
  return [...iterateCandidacies(conn, opts)];
}

/**
 * `candidate list`: candidacies oldest first, read one at a time (issue 14), each with its
 * status on `opts.on` (src/candidacy/status.ts). A decided status is filtered in SQL (it
 * is stored for good); an undecided one is judged row by row as the rows stream.
 */
export function iterateCandidacies(conn: Connection, opts: { status?: string; on: string }): Generator<CandidacyJson> {
  if (opts.status !== undefined && !(CANDIDACY_STATUSES as readonly string[]).includes(opts.status)) {
    throw new InvalidInputError(t('modules.unknown_status', { status: opts.status, statuses: CANDIDACY_STATUSES.join(', ') }));
  }
  const judge = new CandidacyJudge(conn.db, opts.on);
  const decided = opts.status !== undefined && DECIDED_STATUSES.includes(opts.status);
  if (!decided) judge.preloadSponsors();
  const q = conn.db.select({ c: candidacies, memberNo: members.memberNo }).from(candidacies).leftJoin(members, eq(members.id, candidacies.memberId));
  const query = (
    opts.status === undefined
      ? q
      : decided
        ? // the decided term: read through candidacies_decided_idx
          q.where(and(sql`${candidacies.status} in ${sql.raw(DECIDED_CANDIDACY_STATUSES_SQL)}`, eq(candidacies.status, opts.status)))
        : // `+status`: in applied_on order through candidacies_applied_idx, filtered as it goes (as the agenda)
          q.where(sql`+${candidacies.status} in ${[...UNDECIDED_STATUSES]}`)
  ).orderBy(asc(candidacies.appliedOn), asc(candidacies.ref));
  return judged(iterateSelect(query), judge, decided ? undefined : opts.status);
}

function* judged(rows: Iterable<{ c: CandidacyRow; memberNo: number | null }>, judge: CandidacyJudge, status: string | undefined): Generator<CandidacyJson> {
  // a list holds few application dates: each deadline is computed once (issue 27)
  const deadlines = new Map<string, string>();
  const deadlineOf = (appliedOn: string): string => {
    let d = deadlines.get(appliedOn);
    if (d === undefined) {
      if (deadlines.size >= 10_000) deadlines.clear();
      deadlines.set(appliedOn, (d = committeeDeadline(appliedOn)));
    }
    return d;
  };
  for (const r of rows) {
    const j = judge.status(r.c);
    if (status !== undefined && j.status !== status) continue;
    yield toJson(r.c, r.memberNo ?? null, j, deadlineOf);
  }
}

export interface CheckResult {
  ref: string;
  /** The candidacy's status on the date (src/candidacy/status.ts): the verdict while undecided. */
  status: string;
  /** The verdict of the criteria on the date (ready | ineligible | incomplete). */
  verdict: string;
  date: string;
  zone: string | null;
  checks: Check[];
}

/** Every criterion (E1–E6, A1–A3, D1–D6) of a stored candidacy on a date; writes nothing. */
export function checkCandidacy(conn: Connection, ref: string, on: string): CheckResult {
  const row = getCandidacy(conn.db, ref);
  const judge = new CandidacyJudge(conn.db, on);
  const ev = judge.evaluate(row);
  return { ref: row.ref, status: judge.status(row).status, verdict: ev.verdict, date: on, zone: ev.zoneId, checks: ev.checks };
}

/**
 * `candidate add`: one candidacy typed at the Desk; its status is the verdict on `on`.
 * `warnings`: the stored candidacies it may duplicate (same name and postal code, e-mail or
 * IBAN) — a warning, never a refusal (src/candidacy/duplicates.ts).
 */
export function addCandidacy(
  conn: Connection,
  actor: Actor,
  input: CandidacyInput,
  on: string,
  opts: { addressesDiffer?: boolean } = {},
): CandidacyJson & { warnings: DuplicateWarning[] } {
  return writeTx(conn, (tx) => {
    const existing = storedRef(tx, input.ref);
    if (existing !== null) {
      // a single record speaks of its field, not of a CSV line
      throw new InvalidInputError(t('candidate.ref_exists', { ref: existing }), [], { field: 'ref', existing });
    }
    const addressesDiffer = !!opts.addressesDiffer;
    const warnings = possibleDuplicates(conn.sqlite, input.ref, input);
    const ev = new BatchEvaluator(tx, on).evaluate(input, addressesDiffer);
    const row = tx
      .insert(candidacies)
      .values({ ...input, addressesDiffer, status: ev.verdict, zoneId: ev.zoneId, source: 'desk' })
      .returning()
      .get();
    audit(tx, actor, {
      entity: 'candidacy',
      entityId: input.ref,
      action: 'add',
      change: { ...input, addressesDiffer, status: ev.verdict, zone: ev.zoneId, date: on },
    });
    return { ...toJson(row, null), warnings };
  });
}

function assertUndecided(row: CandidacyRow, what: string): void {
  if (DECIDED_STATUSES.includes(row.status)) {
    throw new RefusedError(ART_COMMITTEE, t('modules.already_decided', { ref: row.ref, status: fmtEnum('candidacy_status', row.status), what }));
  }
}

/** `candidate docs`: records received documents (and the identity document's expiry), re-evaluates. */
export function receiveDocuments(
  conn: Connection,
  actor: Actor,
  ref: string,
  received: DocumentId[],
  on: string,
  opts: { idExpiresOn?: string; residenceCardExpiresOn?: string; addressesDiffer?: boolean } = {},
): CandidacyJson & { received: string[] } {
  return writeTx(conn, (tx) => {
    const { row, memberNo } = loadWithMember(tx, ref);
    assertUndecided(row, 'recording documents');
    const before = parseDocumentList(row.documents).documents;
    const documents = parseDocumentList([...before, ...received].join('|')).documents.join('|');
    const next: CandidacyRow = {
      ...row,
      documents,
      idExpiresOn: opts.idExpiresOn ?? row.idExpiresOn,
      residenceCardExpiresOn: opts.residenceCardExpiresOn ?? row.residenceCardExpiresOn,
      addressesDiffer: opts.addressesDiffer ?? row.addressesDiffer,
    };
    const ev = evaluateStored(tx, next, on);
    const updated = tx
      .update(candidacies)
      .set({
        documents,
        idExpiresOn: next.idExpiresOn,
        residenceCardExpiresOn: next.residenceCardExpiresOn,
        addressesDiffer: next.addressesDiffer,
        status: ev.verdict,
        zoneId: ev.zoneId,
        updatedAt: new Date().toISOString(),
      })
      .where(eq(candidacies.id, row.id))
      .returning()
      .get();
    audit(tx, actor, {
      entity: 'candidacy',
      entityId: ref,
      action: 'documents',
      change: {
        documents: [row.documents, documents],
        ...(next.idExpiresOn !== row.idExpiresOn ? { id_expires_on: [row.idExpiresOn, next.idExpiresOn] } : {}),
        ...(next.residenceCardExpiresOn !== row.residenceCardExpiresOn
          ? { residence_card_expires_on: [row.residenceCardExpiresOn, next.residenceCardExpiresOn] }
          : {}),
        ...(next.addressesDiffer !== row.addressesDiffer ? { addresses_differ: [row.addressesDiffer, next.addressesDiffer] } : {}),
        status: [row.status, ev.verdict],
        date: on,
      },
    });
    return { ...toJson(updated, memberNo), received };
  });
}

/** `candidate withdraw`: at any point before `member` (RULES.md §2.4). Withdrawing twice changes nothing. */
export function withdrawCandidacy(conn: Connection, actor: Actor, ref: string, on: string): CandidacyJson & { changed: boolean } {
  return writeTx(conn, (tx) => {
    const { row, memberNo } = loadWithMember(tx, ref);
    if (row.status === 'withdrawn') return { ...toJson(row, memberNo), changed: false };
    if (row.status === 'member') {
      const who = memberNo === null ? t('modules.a_member') : t('modules.member_no', { member_no: memberNo });
      throw new RefusedError(ART_COMMITTEE, t('modules.became_member', { ref, who }));
    }
    const updated = tx
      .update(candidacies)
      .set({ status: 'withdrawn', updatedAt: new Date().toISOString() })
      .where(eq(candidacies.id, row.id))
      .returning()
      .get();
    audit(tx, actor, { entity: 'candidacy', entityId: ref, action: 'withdraw', change: { status: [row.status, 'withdrawn'], date: on } });
    return { ...toJson(updated, memberNo), changed: true };
  });
}

/**
 * `candidate vet`: records data collected online about the candidate during vetting (annex 5).
 * Only before the committee decides; the notes are erased once it validates the candidacy.
 * The audit entry records that notes were added and their size, never their text: the audit
 * log is append-only, and the data must be destroyable.
 */
export function addVettingNote(conn: Connection, actor: Actor, ref: string, note: string, on: string): CandidacyJson {
  return writeTx(conn, (tx) => {
    const { row, memberNo } = loadWithMember(tx, ref);
    assertUndecided(row, 'vetting');
    const text = note.trim();
    const notes = row.vettingNotes ? `${row.vettingNotes}\n${on}: ${text}` : `${on}: ${text}`;
    const updated = tx
      .update(candidacies)
      .set({ vettingNotes: notes, updatedAt: new Date().toISOString() })
      .where(eq(candidacies.id, row.id))
      .returning()
      .get();
    audit(tx, actor, { entity: 'candidacy', entityId: ref, action: 'vetting_note', change: { note_chars: text.length, date: on } });
    return toJson(updated, memberNo, candidacyStatus(tx, updated, on));
  });
}
