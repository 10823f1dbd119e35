/** The `bill` group: one file per area of commands. */
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../../app.js';
import { t } from '../../../i18n/index.js';
import { registerBillRead } from './read.js';
import { registerBillCredits, registerBillRefund } from './credits.js';
import { registerBillPay, registerBillPayments } from './payments.js';
import { registerBillCreditNotes } from './credit-notes.js';
import { registerBillRun } from './run.js';
import { registerBillDisputes } from './disputes.js';
import { registerBillRates } from './rates.js';
import { registerBillPrices } from './prices.js';
import { registerBillOffer } from './offer.js';
import { registerDunning } from './dunning.js';
import { registerBillDocuments, registerBillXml } from './documents.js';
import { registerBillExport } from './export.js';
import { registerBillSend } from './send.js';
import { registerBillReturns } from './returns.js';

export { registerMandate } from './mandate.js';

/** `bill`, its commands in the order `bill --help` lists them. */
export function registerBill(program: CommandUnknownOpts, wrap: Wrap): void {
  const group = program
    .command('bill')
    .description(t('bill.group'))
    .addHelpText('after', '\nExample:\n  $ parnasse bill list --status late\n  $ parnasse bill pay F2026-000001 --amount 1500 --method card --date 2026-12-12');

  registerBillRead(group, wrap);
  registerBillCredits(group, wrap);
  registerBillPay(group, wrap);
  registerBillPayments(group, wrap);
  registerBillCreditNotes(group, wrap);
  registerBillRun(group, wrap);
  registerBillDisputes(group, wrap);
  registerBillRefund(group, wrap);
  registerBillRates(group, wrap);
  registerBillPrices(group, wrap);
  registerBillOffer(group, wrap);
  registerDunning(group, wrap);
  registerBillDocuments(group, wrap);
  registerBillXml(group, wrap);
  registerBillExport(group, wrap);
  registerBillSend(group, wrap);
  registerBillReturns(group, wrap);
}
