/** `bill show` and `bill list`: an invoice and the invoices, as of the date. */
import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../../app.js';
import { t } from '../../../i18n/index.js';
import { flatJson } from '../../flat-json.js';
import { fmtDate, fmtEnum, fmtMonth } from '../../../i18n/format.js';
import { listFlags } from '../../output.js';
import { INVOICE_STATUSES } from '../../../rules/enums.js';

export function registerBillRead(group: CommandUnknownOpts, wrap: Wrap): void {
  group
    .command('show')
    .description(t('bill.show.desc'))
    .argument('<invoice>', t('bill.arg.invoice_example'))
    .addHelpText('after', '\nExample:\n  $ parnasse --json bill show F2026-000001')
    .action(
      wrap(async (app, [number]) => {
        const m = await import('../../../invoicing/index.js');
        const inv = m.showInvoice(app.conn.db, String(number), app.today());
        app.out.result(inv, () => {
          const o = app.out;
          const s = inv._summary;
          const note = s.kind === 'credit_note';
          // a debit the bank rejected is shown as such: it never paid (issue 21)
          const rejected = inv.payments.some((p) => p.rejected_on !== null);
          const head = o.fields(
            [
              [t('bill.f.number'), inv.number + (s.kind === 'credit_note' ? t('bill.f.credit_note_on', { invoice: s.refersTo }) : '')],
              [t('bill.f.member'), inv.member_no],
              [t('bill.f.issued_on'), o.date(inv.issued_on)],
              [t('bill.f.pay_by'), inv.pay_by === null ? null : o.date(inv.pay_by)],
              [t('bill.f.total_ht'), o.money(inv.total_ht_cents)],
              [t('bill.f.vat'), o.money(inv.total_vat_cents)],
              [t('bill.f.total_ttc'), o.money(inv.total_ttc_cents)],
              // a credit note is not paid (issue 21): no pay-by, paid, outstanding or status
              // … and after a bank return, the rejected debit below says it rather than "paid 0,00"
              [t('bill.f.paid'), note || (inv.paid_cents === 0 && rejected) ? null : o.money(inv.paid_cents)],
              [t('billing.show.guarantee_applied'), inv.guarantees.length ? o.money(inv.guarantees.reduce((n, g) => n + g.amount_cents, 0)) : null],
              [t('bill.f.credited'), s.creditedCents ? o.money(s.creditedCents) : null],
              [t('billing.show.credit_used'), s.allocatedCents ? o.money(s.allocatedCents) : null],
              [t('bill.f.outstanding'), note ? null : o.money(inv.outstanding_cents)],
              [t('billing.show.contested'), s.contestedCents ? o.money(s.contestedCents) : null],
              [t('billing.show.late', { date: o.date(app.today()) }), s.lateCents ? o.money(s.lateCents) : null],
              [t('billing.show.credit_held'), s.creditCents ? o.money(s.creditCents) : null],
              [t('billing.show.refunded'), s.refundedCents + s.allocatedOutCents ? o.money(s.refundedCents + s.allocatedOutCents) : null],
              [t('bill.f.status'), inv.status === null ? null : fmtEnum('invoice_status', inv.status)],
            ].filter(([, v]) => v !== null) as [string, string][],
          );
          const lines = o.table(inv.lines, [
            { header: t('bill.h.kind'), value: (l) => fmtEnum('line_kind', l.kind) },
            { header: t('bill.h.label'), value: (l) => l.label, wrap: true },
            { header: t('bill.h.period'), value: (l) => fmtMonth(l.period) },
            { header: t('bill.h.ht'), value: (l) => o.money(l.ht_cents), align: 'right' },
            { header: t('bill.h.ttc'), value: (l) => o.money(l.ttc_cents), align: 'right' },
          ]);
          const pays = inv.payments.length
            ? `\n\n${t('bill.payments')}\n${o.table(inv.payments, [
                { header: t('bill.h.date'), value: (p) => o.date(p.paid_on) },
                { header: t('bill.h.method'), value: (p) => fmtEnum('payment_method', p.method) },
                { header: t('bill.h.amount'), value: (p) => o.money(p.amount_cents), align: 'right' },
                ...(rejected
                  ? [
                      {
                        header: t('bill.h.outcome'),
                        value: (p: (typeof inv.payments)[number]) =>
                          p.rejected_on === null ? '' : t('bill.payment_rejected', { date: p.rejected_on, reason: p.reject_reason ?? '' }),
                      },
                    ]
                  : []),
              ])}`
            : '';
          const disp = inv.disputes.length
            ? `\n\n${t('bill.disputes')}\n${o.table(inv.disputes, [
                { header: t('bill.h.id'), value: (d) => d.id },
                { header: t('bill.h.opened'), value: (d) => o.date(d.opened_on) },
                { header: t('bill.h.amount'), value: (d) => o.money(d.amount_cents), align: 'right' },
                { header: t('bill.h.status'), value: (d) => d.status },
                { header: t('bill.h.reason'), value: (d) => d.reason },
              ])}`
            : '';
          return `${head}\n\n${lines}${pays}${disp}`;
        });
      }),
    );

  listFlags(group.command('list'))
    .description(t('help.bill.invoices_and_credit_notes_oldest'))
    .option('--member <no>', t('help.bill.only_this_member'))
    .addOption(new Option('--status <status>', t('help.bill.only_this_status')).choices([...INVOICE_STATUSES]))
    .addHelpText('after', '\nExample:\n  $ parnasse bill list --member 1 --status open')
    .action(
      wrap(async (app, _a, opts) => {
        const m = await import('../../../invoicing/index.js');
        const rows = m.iterateInvoiceList(app.conn.db, {
          memberNo: opts.member,
          status: opts.status,
          on: app.today(),
        });
        await app.out.list(
          rows,
          [
            { header: t('bill.f.number'), value: (r) => r.number },
            { header: t('bill.f.member'), value: (r) => r.member_no, align: 'right', width: 6 },
            { header: t('bill.h.issued'), value: (r) => fmtDate(r.issued_on), drop: 2 },
            { header: t('bill.h.pay_by'), value: (r) => fmtDate(r.pay_by), drop: 1 },
            { header: t('bill.h.ttc'), value: (r) => app.out.money(r.total_ttc_cents), align: 'right', width: 12 },
            { header: t('bill.f.outstanding'), value: (r) => app.out.money(r.outstanding_cents), align: 'right', width: 12 },
            { header: t('bill.f.status'), value: (r) => fmtEnum('invoice_status', r.status) },
          ],
          { empty: t('bill.list.none'), jsonText: flatJson() },
        );
      }),
    );
}
