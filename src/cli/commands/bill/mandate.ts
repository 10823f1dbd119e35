/** `member mandate`: SEPA mandates (registered under `member`). */
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../../app.js';
import { UsageError } from '../../../errors.js';
import { t } from '../../../i18n/index.js';
import { fmtDate } from '../../../i18n/format.js';
import { dateArg } from '../../args.js';

/** `member mandate NO [--iban --rum --signed]`: shows, or records, the member's SEPA mandate. */
export function registerMandate(member: CommandUnknownOpts, wrap: Wrap): void {
  member
    .command('mandate')
    .description(t('help.bill_documents.the_sepa_mandate_art_7'))
    .argument('<no>', t('help.bill_documents.member_number'))
    .option('--iban <iban>', t('help.bill_documents.the_account_to_debit'))
    .option('--rum <ref>', t('help.bill_documents.the_unique_mandate_reference_default'))
    .option('--signed <date>', t('help.bill_documents.the_date_the_mandate_was'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ parnasse member mandate 12\n  $ parnasse member mandate 12 --iban "FR76 3000 6000 0112 3456 7890 189" --rum RUM-2019-0042 --signed 2019-03-04',
    )
    .action(
      wrap(async (app, [no], opts) => {
        const m = await import('../../../collection/mandates.js');
        const memberNo = String(no);
        if (opts.iban === undefined && opts.signed === undefined && opts.rum === undefined) {
          const cur = m.currentMandate(app.conn.db, memberNo, app.today());
          app.out.result(cur, () =>
            cur === null
              ? t('documents.mandate.none', { member_no: memberNo })
              : app.out.fields([
                  ['RUM', cur.rum],
                  ['IBAN', cur.iban],
                  [t('words.f.signed'), fmtDate(cur.signed_on)],
                  [t('words.f.recorded'), fmtDate(cur.recorded_on)],
                  [t('words.f.last_collection'), fmtDate(cur.last_collection)],
                  [t('words.f.lapsed'), cur.lapsed ? t('documents.mandate.lapsed') : false],
                ]),
          );
          return;
        }
        if (opts.iban === undefined || opts.signed === undefined) throw new UsageError(t('documents.mandate.missing_flags'));
        const r = m.replaceMandate(app.conn, app.actor, {
          memberNo,
          iban: String(opts.iban),
          rum: opts.rum === undefined ? undefined : String(opts.rum),
          signedOn: dateArg(opts.signed, '--signed'),
          on: app.today(),
        });
        app.out.result(
          r,
          t('documents.mandate.recorded', { rum: r.rum, member_no: r.member_no, iban: r.iban, signed_on: r.signed_on }) +
            (r.replaced ? `\n${t('documents.mandate.replaces', { rum: r.replaced })}` : ''),
        );
      }),
    );
}
