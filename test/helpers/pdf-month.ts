/**
 * The month the PDF worker tests render (test/e2e/pdf-worker.test.ts, pdf-pool.test.ts).
 */
import path from 'node:path';
import { openDatabase } from '../../src/db/connection.js';
import { writeTx } from '../../src/db/audit.js';
import { issueCreditNote } from '../../src/invoicing/core.js';
import { insertMember } from './factory.js';
import { issue, setClubSettings } from './documents.js';
import { testActor } from './db.js';
import { tempDir } from './cli.js';

/** December: a company's invoice, `people` invoices of people (accented names), a credit note; one January invoice. */
export function pdfMonth(people = 2): { db: string; numbers: string[] } {
  const db = path.join(tempDir(), 'club.db');
  const conn = openDatabase(db);
  setClubSettings(conn);
  const company = insertMember(conn, { kind: 'company', firstName: 'Hélène', lastName: 'Dupré', companyName: 'Dupré & Fils SARL', companySiren: '552100554' });
  const numbers = [issue(conn, company, '2026-12-01', [{ kind: 'subscription', label: 'Abonnement Parnasse', period: '2026-12', ttcCents: 25_000 }])];
  for (let i = 0; i < people; i++) {
    const m = insertMember(conn, { firstName: i % 2 ? 'Zoé' : 'Éloïse', lastName: `Martín-${i}` });
    numbers.push(issue(conn, m, '2026-12-02', [{ kind: 'charge', label: `Intervention n° ${i}`, ttcCents: 1_000 + i }]));
  }
  const cn = writeTx(conn, (tx) =>
    issueCreditNote(tx, testActor, {
      invoiceId: conn.sqlite.prepare('select id from invoices where number = ?').pluck().get(numbers[0]) as number,
      issuedOn: '2026-12-05',
      lines: [{ kind: 'credit', label: 'Avoir sur abonnement', ttcCents: 5_000 }],
    }),
  );
  numbers.push(cn.number);
  issue(conn, company, '2027-01-02', [{ kind: 'charge', label: 'Intervention coach', ttcCents: 6_000 }]);
  conn.close();
  return { db, numbers };
}
