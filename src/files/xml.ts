/**
 * The small XML reader of bank files (pain.002 status reports today; camt.054 may follow):
 * a whole document into a tree of elements named by their local name — namespace prefixes
 * dropped (`ns2:TxSts` is `TxSts`), which is how the ISO 20022 messages are read whatever
 * prefix a bank chose. Text is decoded (the five entities, character references, CDATA);
 * comments and processing instructions are skipped; a DOCTYPE is refused (no entity
 * expansion from a file off the Internet). Malformed XML throws `XmlError` with its line.
 */
import { t } from '../i18n/index.js';

export interface XmlElement {
  /** Local name (no prefix). */
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (its children's not included), trimmed. */
  text: string;
  /** The line of its start tag (1-based). */
  line: number;
}

export class XmlError extends Error {
  constructor(
    readonly detail: string,
    readonly line: number,
  ) {
    super(t('refusals.xml.at_line', { line, detail }));
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, lineAt: () => number): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);|&/g, (_m, ref: string | undefined) => {
    if (ref === undefined) throw new XmlError(t('refusals.xml.bare_amp'), lineAt());
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    const e = ENTITIES[ref];
    if (e === undefined) throw new XmlError(t('refusals.xml.entity', { ref }), lineAt());
    return e;
  });
}

const local = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

/** Reads `xml` into its root element. */
export function readXml(xml: string): XmlElement {
  let pos = 0;
  let line = 1;
  const advanceTo = (to: number) => {
    for (let i = pos; i < to; i++) if (xml.charCodeAt(i) === 10) line++;
    pos = to;
  };
  const stack: (XmlElement & { qname: string; parts: string[] })[] = [];
  let root: XmlElement | null = null;
  const body = xml.replace(/^\uFEFF/, '');
  if (body !== xml) pos = 1;
  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    const textEnd = lt === -1 ? xml.length : lt;
    if (textEnd > pos) {
      const raw = xml.slice(pos, textEnd);
      const at = line;
      if (stack.length > 0) stack[stack.length - 1]!.parts.push(decode(raw, () => at));
      else if (raw.trim() !== '') throw new XmlError(t('refusals.xml.text_outside'), line);
      advanceTo(textEnd);
    }
    if (lt === -1) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end === -1) throw new XmlError(t('refusals.xml.comment'), line);
      advanceTo(end + 3);
    } else if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt + 2);
      if (end === -1) throw new XmlError(t('refusals.xml.pi'), line);
      advanceTo(end + 2);
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end === -1 || stack.length === 0) throw new XmlError(t('refusals.xml.cdata'), line);
      stack[stack.length - 1]!.parts.push(xml.slice(lt + 9, end));
      advanceTo(end + 3);
    } else if (xml.startsWith('<!', lt)) {
      throw new XmlError(t('refusals.xml.doctype'), line);
    } else if (xml.startsWith('</', lt)) {
      const m = /^<\/([^\s>]+)\s*>/.exec(xml.slice(lt, lt + 300));
      if (!m) throw new XmlError(t('refusals.xml.end_tag'), line);
      const open = stack.pop();
      if (!open || open.qname !== m[1])
        throw new XmlError(open ? t('refusals.xml.mismatch', { end: m[1], open: open.qname }) : t('refusals.xml.stray_end', { end: m[1] }), line);
      close(open);
      advanceTo(lt + m[0].length);
    } else {
      const end = findTagEnd(xml, lt);
      if (end === -1) throw new XmlError(t('refusals.xml.start_tag_open'), line);
      const inner = xml.slice(lt + 1, end);
      const selfClosing = inner.endsWith('/');
      const m = /^([^\s/>]+)([\s\S]*?)\/?$/.exec(inner);
      if (!m || m[1]!.length === 0) throw new XmlError(t('refusals.xml.start_tag'), line);
      if (root !== null && stack.length === 0) throw new XmlError(t('refusals.xml.second_root'), line);
      const at = line;
      const attrs: Record<string, string> = {};
      for (const a of m[2]!.matchAll(/([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) attrs[local(a[1]!)] = decode(a[3] ?? a[4] ?? '', () => at);
      const el = { name: local(m[1]!), qname: m[1]!, attrs, children: [], text: '', line: at, parts: [] as string[] };
      if (stack.length > 0) stack[stack.length - 1]!.children.push(el);
      else root = el;
      if (selfClosing) close(el);
      else stack.push(el);
      advanceTo(end + 1);
    }
  }
  if (stack.length > 0) throw new XmlError(t('refusals.xml.never_closed', { name: stack[stack.length - 1]!.qname }), line);
  if (root === null) throw new XmlError(t('refusals.xml.no_element'), line);
  return root;
}

function close(el: XmlElement & { parts?: string[] }): void {
  el.text = (el.parts ?? []).join('').trim();
  delete el.parts;
  delete (el as { qname?: string }).qname;
}

/** The `>` that ends the tag starting at `lt`, quotes in attribute values skipped. */
function findTagEnd(xml: string, lt: number): number {
  let quote: string | null = null;
  for (let i = lt + 1; i < xml.length; i++) {
    const c = xml[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
    else if (c === '<') return -1;
  }
  return -1;
}

/** The first child named `name`, or null. */
export function child(el: XmlElement | null | undefined, name: string): XmlElement | null {
  return el?.children.find((c) => c.name === name) ?? null;
}

/** Every child named `name`. */
export function childrenNamed(el: XmlElement | null | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** The text at a path of child names (`StsRsnInf/Rsn/Cd`), or null when an element is missing or empty. */
export function textAt(el: XmlElement | null | undefined, pathNames: string): string | null {
  let cur: XmlElement | null = el ?? null;
  for (const n of pathNames.split('/')) cur = child(cur, n);
  return cur && cur.text !== '' ? cur.text : null;
}
