/**
 * Validates a Factur-X EN16931 CII document the way a plateforme agréée does, with the
 * FNFE-MPE validation pack (test/fixtures/facturx, Apache 2.0; see its README):
 *   1. the XSD (libxml2 in WebAssembly);
 *   2. FACTUR-X_EN16931.xslt: the EN16931 business rules and the Factur-X profile rules;
 *   3. BR-FR-Flux2-Schematron-CII.xslt: the French rules, "fatal" build.
 * The schematrons are XSLT 2.0: compiled once to SEF with `xslt3` and run with `saxon-js`.
 * The compiled SEF is cached in node_modules/.cache/parnasse-facturx, keyed by the SHA-256
 * of the XSLT and of xslt3's version (compiling takes 5–15 s; test files running in
 * parallel forks share it: written under a temporary name and renamed).
 * Every `svrl:failed-assert` (and `svrl:successful-report`) whose flag is neither `warning`
 * nor `information` is a failure: the EN16931 rules carry no flag at all.
 */
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { XmlDocument, XsdValidator } from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';

export const FACTURX_DIR = path.join(import.meta.dirname, '..', 'fixtures', 'facturx');
const root = path.join(import.meta.dirname, '..', '..');
const CACHE = path.join(root, 'node_modules', '.cache', 'parnasse-facturx');
const require = createRequire(import.meta.url);

interface SaxonJs {
  transform(
    options: { stylesheetInternal: unknown; stylesheetBaseURI: string; sourceText: string; destination: 'serialized' },
    mode: 'sync',
  ): { principalResult: string };
}
let saxon: SaxonJs | null = null;

export interface Finding {
  /** The schematron that found it: `EN16931` (with the Factur-X rules) or `BR-FR`. */
  schematron: 'EN16931' | 'BR-FR';
  id: string;
  flag: string;
  location: string;
  text: string;
}

const SCHEMATRONS = { EN16931: 'FACTUR-X_EN16931.xslt', 'BR-FR': 'BR-FR-Flux2-Schematron-CII.xslt' } as const;
const sefs = new Map<string, unknown>();

/** The SEF of a schematron's XSLT (parsed), compiled once and cached on disk by the XSLT's hash. */
function sef(file: string): unknown {
  const known = sefs.get(file);
  if (known) return known;
  const xslt = path.join(FACTURX_DIR, file);
  const xslt3 = path.join(path.dirname(require.resolve('xslt3/package.json')), 'xslt3.js');
  const version = (JSON.parse(fs.readFileSync(path.join(path.dirname(xslt3), 'package.json'), 'utf8')) as { version: string }).version;
  const hash = crypto.createHash('sha256').update(fs.readFileSync(xslt)).update(version).digest('hex').slice(0, 16);
  const target = path.join(CACHE, `${path.basename(file, '.xslt')}-${hash}.sef.json`);
  if (!fs.existsSync(target)) {
    fs.mkdirSync(CACHE, { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    execFileSync(process.execPath, [xslt3, `-xsl:${xslt}`, `-export:${tmp}`, '-nogo', '-relocate:on'], { stdio: 'pipe' });
    fs.renameSync(tmp, target);
  }
  const parsed: unknown = JSON.parse(fs.readFileSync(target, 'utf8'));
  sefs.set(file, parsed);
  return parsed;
}

/** Compiles (or finds in the cache) both schematrons: call it in a `beforeAll` with a long timeout. */
export function prepareFacturx(): void {
  for (const file of Object.values(SCHEMATRONS)) sef(file);
}

let xsd: XsdValidator | null = null;

/** libxml2's messages if `xml` breaks the Factur-X EN16931 XSD, else []. */
export function xsdErrors(xml: string): string[] {
  if (!xsd) {
    xmlRegisterFsInputProviders(); // the XSD imports its three neighbours
    const file = path.join(FACTURX_DIR, 'Factur-X_EN16931.xsd');
    const schema = XmlDocument.fromString(fs.readFileSync(file, 'utf8'), { url: pathToFileURL(file).href });
    xsd = XsdValidator.fromDoc(schema);
  }
  const doc = XmlDocument.fromString(xml);
  try {
    xsd.validate(doc);
    return [];
  } catch (e) {
    const details = (e as { details?: { message: string; line?: number }[] }).details;
    return details?.length ? details.map((d) => `line ${d.line ?? '?'}: ${d.message.trim()}`) : [(e as Error).message];
  } finally {
    doc.dispose();
  }
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** What one schematron reports on `xml`: every failed assert and successful report, with its flag. */
export function schematronFindings(xml: string, which: keyof typeof SCHEMATRONS): Finding[] {
  saxon ??= require('saxon-js') as SaxonJs;
  const svrl = saxon.transform(
    {
      stylesheetInternal: sef(SCHEMATRONS[which]),
      stylesheetBaseURI: pathToFileURL(path.join(FACTURX_DIR, SCHEMATRONS[which])).href,
      sourceText: xml,
      destination: 'serialized',
    },
    'sync',
  ).principalResult;
  const out: Finding[] = [];
  for (const m of svrl.matchAll(/<svrl:(failed-assert|successful-report)\b([^>]*)>([\s\S]*?)<\/svrl:\1>/g)) {
    const attrs = m[2]!;
    const attr = (name: string) => decode(new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1] ?? '');
    const text = decode((/<svrl:text>([\s\S]*?)<\/svrl:text>/.exec(m[3]!)?.[1] ?? '').replace(/\s+/g, ' ').trim());
    out.push({ schematron: which, id: attr('id'), flag: attr('flag'), location: attr('location').replace(/\[namespace-uri\(\)='[^']*'\]/g, ''), text });
  }
  return out;
}

/** The failures: findings flagged neither `warning` nor `information` (the EN16931 rules have no flag). */
export function failures(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.flag !== 'warning' && f.flag !== 'information');
}

/**
 * Everything wrong with `xml` as a Factur-X EN16931 invoice for a French platform: XSD
 * messages, then each failed rule as `[schematron] id (flag): text @ location`. Empty when valid.
 */
export function facturxProblems(xml: string): string[] {
  const structure = xsdErrors(xml).map((e) => `[XSD] ${e}`);
  const rules = [...failures(schematronFindings(xml, 'EN16931')), ...failures(schematronFindings(xml, 'BR-FR'))].map(
    (f) => `[${f.schematron}] ${f.id || '(no id)'} (${f.flag || 'no flag'}): ${f.text} @ ${f.location}`,
  );
  return [...structure, ...rules];
}

/** Throws with every problem (rule id and text) unless `xml` passes the XSD and both schematrons. */
export function assertFacturx(xml: string, what = 'the CII XML'): void {
  const problems = facturxProblems(xml);
  if (problems.length > 0) throw new Error(`${what} is not a valid Factur-X EN16931 invoice:\n  ${problems.join('\n  ')}`);
}
