/**
 * The bank's files of the walk-through (fixtures/demo.sh, issue 25), generated here and kept
 * in fixtures/ byte for byte (test/e2e/demo-bank-files.test.ts compares them; run it with
 * `UPDATE_FIXTURES=1` to write them again): December 2026 at the club's bank account.
 *
 * - `camt054-2026-12.xml`: the bank's notification that member 508's direct debit of the
 *   December file (F2026-000010, 250,00 €) came back on 14/12, AM04 (insufficient funds).
 * - `camt053-2026-12.xml`: the statement of 16/12 — the December collection credited (three
 *   debits, recognised: booked by the SEPA export), the same return, a transfer naming
 *   F2026-000005 (member 503, in a non-payment procedure), a transfer from member 505's
 *   account for the exact amount of its invoice without a reference, a gift from an unknown
 *   account (for the Desk) and the bank's fees (money out).
 */
import { camt, frIban, type CamtEntrySpec } from './camt.js';

/** The club's account (`creditor.iban` of the walk-through). */
const CLUB = 'FR7630006000011234567890189';

const ret: CamtEntrySpec = {
  ref: '20261214-RET-000451',
  credit: false,
  bookedOn: '2026-12-14',
  family: 'IDDT',
  subFamily: 'UPDD',
  txs: [
    {
      amountCents: 25_000,
      msgId: 'PARNASSE-2026-12-1',
      e2e: 'F2026-000010',
      mandateId: 'RUM-000508',
      payerName: 'Rhin Mécanique SA',
      payerIban: 'FR7618206588308284106189725',
      returnReason: 'AM04',
    },
  ],
};

/** Indents the helper's one-line XML: one element a line, text kept beside its tags. */
export function pretty(xml: string): string {
  const [decl, body] = [xml.slice(0, xml.indexOf('\n') + 1), xml.slice(xml.indexOf('\n') + 1).trim()];
  const tokens = body.match(/<[^>]+>|[^<]+/g)!;
  const out: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (tok.startsWith('</')) {
      depth--;
      out.push(`${'  '.repeat(depth)}${tok}`);
    } else if (tokens[i + 1] !== undefined && !tokens[i + 1]!.startsWith('<') && tokens[i + 2]?.startsWith('</')) {
      out.push(`${'  '.repeat(depth)}${tok}${tokens[i + 1]}${tokens[i + 2]}`); // <Cd>BOOK</Cd>
      i += 2;
    } else {
      out.push(`${'  '.repeat(depth)}${tok}`);
      if (!tok.endsWith('/>')) depth++;
    }
  }
  return `${decl}${out.join('\n')}\n`;
}

export function demoBankFiles(): Record<'camt054-2026-12.xml' | 'camt053-2026-12.xml', string> {
  const notification = camt('054', '12', [ret], { account: CLUB, msgId: 'BQ-NTF-20261214', createdAt: '2026-12-14T07:30:00' });
  const transfer = (ref: string, bookedOn: string, cents: number, payerName: string, payerIban: string, ustrd: string): CamtEntrySpec => ({
    ref,
    credit: true,
    bookedOn,
    family: 'RCDT',
    subFamily: 'ESCT',
    txs: [{ amountCents: cents, payerName, payerIban, ustrd: [ustrd] }],
  });
  const statement = camt(
    '053',
    '12',
    [
      {
        ref: '20261211-DD-000117',
        credit: true,
        bookedOn: '2026-12-11',
        family: 'IDDT',
        subFamily: 'ESDD',
        txs: [
          { amountCents: 37_400, msgId: 'PARNASSE-2026-12-1', e2e: 'F2026-000003' },
          { amountCents: 25_833, msgId: 'PARNASSE-2026-12-1', e2e: 'F2026-000009' },
          { amountCents: 25_000, msgId: 'PARNASSE-2026-12-1', e2e: 'F2026-000010' },
        ],
      },
      ret,
      transfer('20261215-VIR-000803', '2026-12-15', 25_000, 'Odile Marchetti', 'FR7618206733055322486211652', 'Cotisation decembre F2026-000005'),
      transfer('20261215-VIR-000804', '2026-12-15', 25_000, 'Armor Logistique SAS', 'FR7630004445720687507124262', 'Virement Armor Logistique'),
      transfer('20261216-VIR-000912', '2026-12-16', 8_000, 'Paul Girard', frIban(4242), 'Don au club'),
      { ref: '20261216-FRS-000001', credit: false, bookedOn: '2026-12-16', family: 'CCRD', subFamily: 'CHRG', txs: [{ amountCents: 1_250 }] },
    ],
    { account: CLUB, msgId: 'BQ-STMT-20261216', createdAt: '2026-12-16T06:00:00' },
  );
  return { 'camt054-2026-12.xml': pretty(notification), 'camt053-2026-12.xml': pretty(statement) };
}
