/**
 * The demo's invoices are Factur-X (issue 23): every document of the walk-through
 * (fixtures/demo.sh run in process) — entry fees, the December run with options, the
 * interventions' charges, the Univers Pro works and brick, credit notes, and the January
 * run's late charges on their own invoices — passes the XSD, EN16931 and BR-FR (fatal),
 * and each PDF embeds exactly its XML.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers/cli.js';
import { buildDemoDb } from '../helpers/demo-db.js';
import { facturxProblems, prepareFacturx } from '../helpers/facturx.js';
import { pdfEmbeddedFiles } from '../helpers/pdf-text.js';

let db: string;
beforeAll(async () => {
  prepareFacturx();
  const demo = await buildDemoDb();
  expect(demo.ran.filter((r) => r.code !== r.expected).map((r) => `${r.argv.join(' ')}: ${r.code} ${r.stderr}`)).toEqual([]);
  db = demo.db;
  // January: the late members' penalties and indemnities
  expect((await cli(db, ['bill', 'rates', 'set', '2026-S2', '2.75'])).code).toBe(0);
  const r = await cli(db, ['--json', 'bill', 'run', '--month', '2027-01', '--date', '2027-01-05']);
  expect(r.code, r.stderr).toBe(0);
}, 600_000);

it('every document of the demo is a valid Factur-X EN16931 e-invoice, embedded as is in its PDF', async () => {
  const xmlDir = tempDir();
  const pdfDir = tempDir();
  const kinds = new Set<string>();
  for (const month of ['2026-12', '2027-01']) {
    const x = await cli(db, ['--json', 'bill', 'xml', '--month', month, '--out', xmlDir], { env: { LANG: 'C' } });
    expect(x.code, x.stderr).toBe(0);
    expect(x.json().skipped).toEqual([]);
    expect((await cli(db, ['bill', 'pdf', '--month', month, '--out', pdfDir])).code).toBe(0);
  }
  const files = fs
    .readdirSync(xmlDir)
    .filter((f) => f.endsWith('.xml'))
    .sort();
  expect(files.length).toBeGreaterThan(10);
  const problems: string[] = [];
  for (const f of files) {
    const xml = fs.readFileSync(path.join(xmlDir, f), 'utf8');
    for (const p of facturxProblems(xml)) problems.push(`${f}: ${p}`);
    if (xml.includes('<ram:CategoryCode>O</ram:CategoryCode>')) kinds.add('late charges');
    if (xml.includes('<ram:TypeCode>381</ram:TypeCode>')) kinds.add('credit note');
    if (xml.includes('Univers Pro — devis')) kinds.add('works');
    if (xml.includes('B2B')) kinds.add('company');
    const embedded = pdfEmbeddedFiles(fs.readFileSync(path.join(pdfDir, f.replace(/\.xml$/, '.pdf'))));
    expect(
      embedded.map((e) => e.name),
      f,
    ).toEqual(['factur-x.xml']);
    expect(embedded[0]!.bytes.equals(Buffer.from(xml, 'utf8')), f).toBe(true);
  }
  expect(problems).toEqual([]);
  expect([...kinds].sort()).toEqual(['company', 'credit note', 'late charges', 'works']);
}, 600_000);
