/** Validates XML against the official pain.008 schemas (test/fixtures/sepa) with libxml2 in WebAssembly. */
import fs from 'node:fs';
import path from 'node:path';
import { XmlDocument, XsdValidator } from 'libxml2-wasm';

const dir = path.join(import.meta.dirname, '..', 'fixtures', 'sepa');
const validators = new Map<string, XsdValidator>();

/** Throws with libxml2's messages if `xml` is not valid against `pain.008.001.<v>.xsd`. */
export function validatePain008(xml: string, version: '08' | '02'): void {
  let v = validators.get(version);
  if (!v) {
    const xsd = XmlDocument.fromString(fs.readFileSync(path.join(dir, `pain.008.001.${version}.xsd`), 'utf8'));
    v = XsdValidator.fromDoc(xsd);
    validators.set(version, v);
  }
  const doc = XmlDocument.fromString(xml);
  try {
    v.validate(doc);
  } finally {
    doc.dispose();
  }
}
