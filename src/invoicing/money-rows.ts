/**
 * `db check`, what moves money (issue 28 item 4), the rows: pending charges, disputes, the
 * recovery procedure (procedures, steps and the invoices each notice claims) and cooptations
 * with their rewards. Each row is replayed from the audit entries its writes record — fed
 * one by one, in the log's order, by money-state.ts's one pass over the log — then the
 * tables are streamed (statements on the raw handle, `iterate`) and compared field by
 * field: a row changed, inserted or deleted through SQL is a finding naming the table, the
 * row and the field. Older entries that did not record a field leave it uncompared (README
 * "Books" says which).
 */
import type Database from 'better-sqlite3';
import { t } from '../i18n/index.js';

type Row = Record<string, unknown>;
export interface StateEntry {
  id: number;
  entity: string;
  entity_id: string | null;
  action: string;
  change: Row;
}

const show = (v: unknown) => (v === undefined ? 'nothing' : v === null ? 'null' : String(v));
const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);
const str = (v: unknown) => (v === undefined || v === null ? v : String(v));

/** The entities and member actions whose entries this module reads (money-state.ts selects them). */
export const ROW_ENTITIES = ['intervention', 'pro_quote', 'dispute', 'cooptation'] as const;
export const ROW_MEMBER_ACTIONS = ['dunning_first_notice', 'dunning_second_notice', 'dunning_suspension', 'dunning_closed', 'terminate'] as const;

/** What an entry recorded of one row: the fields it knows (a field absent was not recorded: not compared). */
type Want = Record<string, unknown>;

/** Compares a row with what was recorded, field by field, in the order of `fields`. */
function compare(out: string[], what: string, want: Want, now: Want, fields: readonly string[]) {
  for (const k of fields)
    if (k in want && !same(want[k], now[k])) out.push(t('check.state_changed', { what: `${what} ${k}`, now: show(now[k]), was: show(want[k]) }));
}

export class MoneyRows {
  private charges = new Map<number, Want>();
  /** Univers Pro works recorded before their charges were: the quote's label prefix → the installation date. */
  private legacyWorks = new Map<string, unknown>();
  private disputes = new Map<number, Want>();
  private cooptations = new Map<number, Want>();
  /** Steps by `procedure:step` (one of each per procedure: dunning_steps_procedure_step_uq). */
  private steps = new Map<string, Want>();
  private claims = new Map<number, Map<string, unknown>>();
  private procedures = new Map<number, Want>();
  /** Members terminated for non-payment before the termination recorded its dunning step. */
  private legacyTerminated = new Set<string>();

  take(e: StateEntry): void {
    const c = e.change;
    switch (e.entity) {
      case 'intervention':
        if (e.action === 'add' && typeof c.pending_charge_id === 'number') {
          const p = (c.pending_charge ?? {}) as Row;
          this.charges.set(c.pending_charge_id, {
            member_no: str(c.member_no),
            intervention_id: Number(e.entity_id),
            ...('label' in p ? { label: p.label } : {}),
            ttc_cents: p.ttc_cents ?? c.charge_cents,
            // the visit's day (the charge is due on it); recorded since issue 28
            due_on: p.due_on ?? (typeof c.start === 'string' ? c.start.slice(0, 10) : undefined),
          });
        } else if (e.action === 'cancel' && typeof c.pending_charge_removed === 'number') this.charges.delete(c.pending_charge_removed);
        return;
      case 'pro_quote':
        if (e.action !== 'works_done') return;
        if (Array.isArray(c.charges))
          for (const p of c.charges as Row[])
            this.charges.set(Number(p.id), { member_no: str(p.member_no), intervention_id: null, label: p.label, ttc_cents: p.ttc_cents, due_on: p.due_on });
        else if (typeof c.pending_charges === 'number' && c.pending_charges > 0) this.legacyWorks.set(`Univers Pro — devis ${e.entity_id} — `, c.done_on);
        return;
      case 'dispute': {
        const id = Number(e.entity_id);
        if (e.action === 'open')
          this.disputes.set(id, {
            invoice: c.invoice,
            amount_cents: c.amount_cents,
            opened_on: c.opened_on,
            reason: c.reason,
            status: 'open',
            resolved_on: null,
            credit_note: null,
          });
        else if (e.action === 'upheld' || e.action === 'granted') {
          const d = this.disputes.get(id) ?? { invoice: c.invoice, amount_cents: c.amount_cents };
          this.disputes.set(id, { ...d, status: e.action, resolved_on: c.resolved_on, credit_note: c.credit_note ?? null });
        }
        return;
      }
      case 'cooptation': {
        const id = Number(e.entity_id);
        const k = this.cooptations.get(id);
        if (e.action === 'propose')
          this.cooptations.set(id, {
            referrer: str(c.referrer),
            candidate: c.candidate,
            proposed_on: c.proposed_on,
            status: 'proposed',
            override: c.override,
            override_reason: c.override_reason ?? null,
            decided_on: null,
            cancelled_on: null,
            reward_item: null,
            reward_chosen_on: null,
            delivery_on: null,
          });
        else if (!k) return;
        else if (e.action === 'accept' || e.action === 'reject') Object.assign(k, { status: (c.status as Row | undefined)?.to, decided_on: c.decided_on });
        else if (e.action === 'cancel') Object.assign(k, { status: 'cancelled', cancelled_on: c.cancelled_on });
        else if (e.action === 'reward') Object.assign(k, { reward_item: c.item, reward_chosen_on: c.chosen_on, delivery_on: c.delivery_on });
        return;
      }
      case 'member':
        this.takeDunning(e);
        return;
    }
  }

  private procedure(id: unknown, member: string | null, on: unknown): Want | undefined {
    if (typeof id !== 'number') return undefined;
    let p = this.procedures.get(id);
    // opened with its first step, the same day (src/dunning: the procedure is created by the step that needs it)
    if (!p) this.procedures.set(id, (p = { member_no: member, opened_on: on, closed_on: null, close_reason: null }));
    return p;
  }

  private takeDunning(e: StateEntry): void {
    const c = e.change;
    const member = e.entity_id;
    if (e.action === 'dunning_first_notice' || e.action === 'dunning_second_notice') {
      const step = e.action.slice('dunning_'.length);
      if (!this.procedure(c.procedure_id, member, c.date)) return;
      const invoices = Array.isArray(c.invoices) ? (c.invoices as Row[]) : [];
      this.steps.set(`${c.procedure_id}:${step}`, {
        ...(typeof c.step_id === 'number' ? { id: c.step_id } : {}),
        member_no: member,
        on_date: c.date,
        invoice: invoices[0]?.invoice ?? null,
        claimed_cents: c.claimed_cents,
        deadline_on: c.deadline_on,
      });
      if (typeof c.step_id === 'number') this.claims.set(c.step_id, new Map(invoices.map((i) => [String(i.invoice), i.amount_cents])));
    } else if (e.action === 'dunning_suspension') {
      if (!this.procedure(c.procedure_id, member, c.date)) return;
      this.steps.set(`${c.procedure_id}:suspension`, {
        ...(typeof c.step_id === 'number' ? { id: c.step_id } : {}),
        member_no: member,
        on_date: c.date,
        invoice: null,
        claimed_cents: null,
        deadline_on: null,
      });
    } else if (e.action === 'dunning_closed') {
      const p = this.procedure(c.procedure_id, member, c.closed_on);
      if (p) Object.assign(p, { closed_on: c.closed_on, close_reason: c.reason ?? 'paid' });
    } else if (e.action === 'terminate' && c.reason === 'unpaid') {
      const d = c.dunning as Row | undefined;
      if (!d || typeof d !== 'object') {
        if (member !== null) this.legacyTerminated.add(member);
        return;
      }
      const p = this.procedure(d.procedure_id, member, d.on);
      if (!p) return;
      Object.assign(p, { closed_on: d.on, close_reason: 'terminated' });
      this.steps.set(`${d.procedure_id}:termination`, {
        ...(typeof d.step_id === 'number' ? { id: d.step_id } : {}),
        member_no: member,
        on_date: d.on,
        invoice: null,
        claimed_cents: null,
        deadline_on: null,
      });
    }
  }

  problems(sqlite: Database.Database): string[] {
    return [...this.chargeProblems(sqlite), ...this.disputeProblems(sqlite), ...this.dunningProblems(sqlite), ...this.cooptationProblems(sqlite)];
  }

  private chargeProblems(sqlite: Database.Database): string[] {
    const out: string[] = [];
    // a billed charge points at the line whose key names it (`charge:ID`, the run's; that line is covered by its invoice's entry)
    const rows = sqlite
      .prepare(
        `select p.id, cast(m.member_no as text), p.intervention_id, p.label, p.ttc_cents, p.due_on, p.invoice_line_id, l.id, m.purged_on
         from pending_charges p left join members m on m.id = p.member_id left join invoice_lines l on l.source_key = 'charge:' || p.id order by p.id`,
      )
      .raw()
      .iterate() as IterableIterator<[number, string | null, number | null, string, number, string, number | null, number | null, string | null]>;
    const fields = ['member_no', 'intervention_id', 'label', 'ttc_cents', 'due_on', 'invoice_line_id'] as const;
    for (const [id, member_no, intervention_id, label, ttc_cents, due_on, invoice_line_id, line, purged] of rows) {
      const what = t('refusals.what.pending_charge', { id });
      const now = { member_no, intervention_id, label, ttc_cents, due_on, invoice_line_id };
      const w = this.charges.get(id);
      this.charges.delete(id);
      if (!w) {
        const legacy = [...this.legacyWorks].find(([prefix]) => label.startsWith(prefix));
        if (legacy) compare(out, what, { due_on: legacy[1] }, now, fields);
        else if (purged === null)
          out.push(t('check.state_unrecorded', { what, now: t('refusals.what.charge_state', { member_no, cents: ttc_cents, due: due_on }) }));
        continue;
      }
      compare(out, what, { ...w, invoice_line_id: line }, now, fields);
    }
    for (const [id, w] of this.charges)
      out.push(
        t('check.state_missing', {
          what: t('refusals.what.pending_charge', { id }),
          was: t('refusals.what.charge_was', { member_no: show(w.member_no), cents: show(w.ttc_cents) }),
        }),
      );
    return out;
  }

  private disputeProblems(sqlite: Database.Database): string[] {
    const out: string[] = [];
    const rows = sqlite
      .prepare(
        `select d.id, i.number, d.amount_cents, d.opened_on, d.reason, d.status, d.resolved_on, c.number
         from disputes d left join invoices i on i.id = d.invoice_id left join invoices c on c.id = d.credit_note_id order by d.id`,
      )
      .raw()
      .iterate() as IterableIterator<[number, string | null, number, string, string, string, string | null, string | null]>;
    const fields = ['invoice', 'amount_cents', 'opened_on', 'reason', 'status', 'resolved_on', 'credit_note'] as const;
    for (const [id, invoice, amount_cents, opened_on, reason, status, resolved_on, credit_note] of rows) {
      const w = this.disputes.get(id);
      this.disputes.delete(id);
      if (!w) out.push(t('check.state_unrecorded', { what: t('refusals.what.dispute', { id }), now: `${invoice}, ${amount_cents}, ${status}` }));
      else compare(out, t('refusals.what.dispute', { id }), w, { invoice, amount_cents, opened_on, reason, status, resolved_on, credit_note }, fields);
    }
    for (const [id, w] of this.disputes)
      out.push(t('check.state_missing', { what: t('refusals.what.dispute', { id }), was: `${show(w.invoice)}, ${show(w.amount_cents)}` }));
    return out;
  }

  private dunningProblems(sqlite: Database.Database): string[] {
    const out: string[] = [];
    const stepOf = new Map<number, string>(); // step id → its name in messages
    const steps = sqlite
      .prepare(
        `select s.id, s.procedure_id, cast(m.member_no as text), s.step, s.on_date, i.number, s.claimed_cents, s.deadline_on, m.purged_on
         from dunning_steps s left join members m on m.id = s.member_id left join invoices i on i.id = s.invoice_id order by s.id`,
      )
      .raw()
      .iterate() as IterableIterator<[number, number | null, string | null, string, string, string | null, number | null, string | null, string | null]>;
    const stepFields = ['id', 'member_no', 'on_date', 'invoice', 'claimed_cents', 'deadline_on'] as const;
    for (const [id, procedure, member_no, step, on_date, invoice, claimed_cents, deadline_on, purged] of steps) {
      stepOf.set(id, t('refusals.what.step', { id, member_no }));
      if (procedure === null) continue; // a step recorded before procedures (migration 0007): its entry has no key
      const key = `${procedure}:${step}`;
      const what = t('refusals.what.dunning_step', { step, procedure, member_no });
      const w = this.steps.get(key);
      this.steps.delete(key);
      if (!w) {
        const legacy = step === 'termination' && member_no !== null && this.legacyTerminated.has(member_no);
        if (!legacy && purged === null) out.push(t('check.state_unrecorded', { what, now: t('refusals.what.on', { date: on_date }) }));
        continue;
      }
      compare(out, what, w, { id, member_no, on_date, invoice, claimed_cents, deadline_on }, stepFields);
    }
    for (const [key, w] of this.steps) {
      const [procedure, step] = key.split(':');
      out.push(
        t('check.state_missing', {
          what: t('refusals.what.dunning_step', { step, procedure, member_no: show(w.member_no) }),
          was: t('refusals.what.on', { date: show(w.on_date) }),
        }),
      );
    }

    const claims = sqlite
      .prepare('select c.step_id, i.number, c.amount_cents from dunning_claims c left join invoices i on i.id = c.invoice_id order by c.step_id, c.id')
      .raw()
      .iterate() as IterableIterator<[number, string | null, number]>;
    for (const [stepId, invoice, amount] of claims) {
      const what = t('refusals.what.claim', { step: stepOf.get(stepId) ?? t('refusals.what.step_only', { id: stepId }), invoice });
      const w = this.claims.get(stepId);
      if (!w) {
        out.push(t('check.state_unrecorded', { what, now: String(amount) }));
        continue;
      }
      const was = w.get(String(invoice));
      w.delete(String(invoice));
      if (was === undefined) out.push(t('check.state_unrecorded', { what, now: String(amount) }));
      else if (!same(was, amount)) out.push(t('check.state_changed', { what, now: String(amount), was: show(was) }));
    }
    for (const [stepId, w] of this.claims)
      for (const [invoice, was] of w)
        out.push(
          t('check.state_missing', {
            what: t('refusals.what.claim', { step: stepOf.get(stepId) ?? t('refusals.what.step_only', { id: stepId }), invoice }),
            was: show(was),
          }),
        );

    const procedures = sqlite
      .prepare(
        `select p.id, cast(m.member_no as text), p.opened_on, p.closed_on, p.close_reason, m.purged_on
         from dunning_procedures p left join members m on m.id = p.member_id order by p.id`,
      )
      .raw()
      .iterate() as IterableIterator<[number, string | null, string, string | null, string | null, string | null]>;
    for (const [id, member_no, opened_on, closed_on, close_reason, purged] of procedures) {
      const what = t('refusals.what.procedure', { id, member_no });
      const w = this.procedures.get(id);
      this.procedures.delete(id);
      if (!w) {
        if (purged === null) out.push(t('check.state_unrecorded', { what, now: t('refusals.what.opened', { date: opened_on }) }));
        continue;
      }
      // a termination for non-payment recorded before issue 28 did not say which procedure it closed
      const closure =
        member_no !== null && this.legacyTerminated.has(member_no) && w.closed_on === null ? {} : { closed_on: w.closed_on, close_reason: w.close_reason };
      compare(out, what, { member_no: w.member_no, opened_on: w.opened_on, ...closure }, { member_no, opened_on, closed_on, close_reason }, [
        'member_no',
        'opened_on',
        'closed_on',
        'close_reason',
      ]);
    }
    for (const [id, w] of this.procedures)
      out.push(
        t('check.state_missing', {
          what: t('refusals.what.procedure', { id, member_no: show(w.member_no) }),
          was: t('refusals.what.opened', { date: show(w.opened_on) }),
        }),
      );
    return out;
  }

  private cooptationProblems(sqlite: Database.Database): string[] {
    const out: string[] = [];
    const rows = sqlite
      .prepare(
        `select k.id, cast(m.member_no as text), c.ref, k.proposed_on, k.status, k.override, k.override_reason, k.decided_on, k.cancelled_on,
                k.reward_item, k.reward_chosen_on, k.delivery_on
         from cooptations k left join members m on m.id = k.referrer_id left join candidacies c on c.id = k.candidacy_id order by k.id`,
      )
      .raw()
      .iterate() as IterableIterator<unknown[]>;
    const fields = [
      'referrer',
      'candidate',
      'proposed_on',
      'status',
      'override',
      'override_reason',
      'decided_on',
      'cancelled_on',
      'reward_item',
      'reward_chosen_on',
      'delivery_on',
    ] as const;
    for (const r of rows) {
      const id = r[0] as number;
      const now: Want = {};
      fields.forEach((f, i) => {
        now[f] = f === 'override' ? !!r[i + 1] : r[i + 1];
      });
      const what = t('refusals.what.cooptation', { id, member_no: show(now.referrer) });
      const w = this.cooptations.get(id);
      this.cooptations.delete(id);
      if (!w) out.push(t('check.state_unrecorded', { what, now: `${show(now.candidate)}, ${show(now.status)}` }));
      else compare(out, what, w, now, fields);
    }
    for (const [id, w] of this.cooptations)
      out.push(
        t('check.state_missing', { what: t('refusals.what.cooptation', { id, member_no: show(w.referrer) }), was: `${show(w.candidate)}, ${show(w.status)}` }),
      );
    return out;
  }
}
