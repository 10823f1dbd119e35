/**
 * The small XML reader of bank files (pain.002 status reports, camt.053 statements, camt.054 notifications):
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

/** What the tokenizer meets, in document order. */
type XmlEvent =
  | { kind: 'open'; qname: string; attrs: Record<string, string>; line: number; selfClosing: boolean }
  | { kind: 'text'; text: string }
  | { kind: 'close'; qname: string; line: number };

/**
 * The document's events, one pass, nothing kept: the tree reader (`readXml`) and the
 * streamed one (`iterateXml`) both read through it. Well-formedness of nesting is checked
 * here (an end tag that closes something else, a second root, an element never closed).
 * The document comes whole or in pieces (`chunks`: a file read 1 MiB at a time, issue 25):
 * a token cut by a piece's end is read again once the next piece is joined to what is left.
 */
function* xmlEvents(chunks: Iterable<string>): Generator<XmlEvent> {
  const source = chunks[Symbol.iterator]();
  let xml = '';
  let ended = false;
  let pos = 0;
  let line = 1;
  /** Joins the next piece to what is not read yet (false: there is none). */
  const more = (): boolean => {
    if (ended) return false;
    const r = source.next();
    if (r.done) {
      ended = true;
      return false;
    }
    xml = xml.slice(pos) + r.value;
    pos = 0;
    return true;
  };
  const advanceTo = (to: number) => {
    for (let i = pos; i < to; i++) if (xml.charCodeAt(i) === 10) line++;
    pos = to;
  };
  const open: string[] = [];
  let rooted = false;
  more();
  if (xml.charCodeAt(0) === 0xfeff) pos = 1;
  while (pos < xml.length || more()) {
    const lt = xml.indexOf('<', pos);
    if (lt === -1 && more()) continue; // text that may go on in the next piece
    const textEnd = lt === -1 ? xml.length : lt;
    if (textEnd > pos) {
      const raw = xml.slice(pos, textEnd);
      const at = line;
      if (open.length > 0) yield { kind: 'text', text: raw.indexOf('&') === -1 ? raw : decode(raw, () => at) };
      else if (raw.trim() !== '') throw new XmlError(t('refusals.xml.text_outside'), line);
      advanceTo(textEnd);
    }
    if (lt === -1) break;
    // enough of the tag to know what it is (`<![CDATA[`: nine characters)
    if (xml.length - lt < 9 && more()) continue;
    const c1 = xml.charCodeAt(pos + 1);
    if (c1 === 33 /* ! */ && xml.startsWith('<!--', pos)) {
      const end = xml.indexOf('-->', pos + 4);
      if (end === -1 && more()) continue;
      if (end === -1) throw new XmlError(t('refusals.xml.comment'), line);
      advanceTo(end + 3);
    } else if (c1 === 63 /* ? */) {
      const end = xml.indexOf('?>', pos + 2);
      if (end === -1 && more()) continue;
      if (end === -1) throw new XmlError(t('refusals.xml.pi'), line);
      advanceTo(end + 2);
    } else if (c1 === 33 && xml.startsWith('<![CDATA[', pos)) {
      const end = xml.indexOf(']]>', pos + 9);
      if (end === -1 && more()) continue;
      if (end === -1 || open.length === 0) throw new XmlError(t('refusals.xml.cdata'), line);
      yield { kind: 'text', text: xml.slice(pos + 9, end) };
      advanceTo(end + 3);
    } else if (c1 === 33) {
      throw new XmlError(t('refusals.xml.doctype'), line);
    } else if (c1 === 47 /* / */) {
      const m = /^<\/([^\s>]+)\s*>/.exec(xml.slice(pos, pos + 300));
      if (!m && more()) continue;
      if (!m) throw new XmlError(t('refusals.xml.end_tag'), line);
      const was = open.pop();
      if (was !== m[1])
        throw new XmlError(was !== undefined ? t('refusals.xml.mismatch', { end: m[1], open: was }) : t('refusals.xml.stray_end', { end: m[1] }), line);
      yield { kind: 'close', qname: m[1]!, line };
      advanceTo(pos + m[0].length);
    } else {
      const end = findTagEnd(xml, pos);
      if (end === -1 && more()) continue;
      if (end === -1) throw new XmlError(t('refusals.xml.start_tag_open'), line);
      const inner = xml.slice(pos + 1, end);
      const selfClosing = inner.endsWith('/');
      const m = /^([^\s/>]+)([\s\S]*?)\/?$/.exec(inner);
      if (!m || m[1]!.length === 0) throw new XmlError(t('refusals.xml.start_tag'), line);
      if (rooted && open.length === 0) throw new XmlError(t('refusals.xml.second_root'), line);
      rooted = true;
      const at = line;
      const attrs: Record<string, string> = {};
      if (m[2]!.length > 0)
        for (const a of m[2]!.matchAll(/([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) attrs[local(a[1]!)] = decode(a[3] ?? a[4] ?? '', () => at);
      if (!selfClosing) open.push(m[1]!);
      yield { kind: 'open', qname: m[1]!, attrs, line: at, selfClosing };
      if (selfClosing) yield { kind: 'close', qname: m[1]!, line: at };
      advanceTo(end + 1);
    }
  }
  if (open.length > 0) throw new XmlError(t('refusals.xml.never_closed', { name: open[open.length - 1]! }), line);
  if (!rooted) throw new XmlError(t('refusals.xml.no_element'), line);
}

/** Reads `xml` into its root element. */
export function readXml(xml: string): XmlElement {
  let root: XmlElement | null = null;
  for (const { path, el } of iterateXml(xml, () => true)) if (path.length === 0) root = el;
  return root!;
}

/**
 * A document read as it goes (issue 25: a 50 000-entry camt.053 is never held as one tree):
 * each element for which `keep(name, path)` is true is built with its subtree and yielded
 * once closed, with the local names of its ancestors; nothing else is kept. An element inside
 * a kept one is part of it and not asked about. `xml`: the whole text, or its pieces in order
 * (a file read as it goes: neither the text nor a tree is ever held whole).
 */
export function* iterateXml(
  xml: string | Iterable<string>,
  keep: (name: string, path: readonly string[]) => boolean,
): Generator<{ path: readonly string[]; el: XmlElement }> {
  const path: string[] = [];
  // the subtree being built and each open element's text pieces (kept apart: an element keeps one shape)
  const stack: XmlElement[] = [];
  const texts: string[][] = [];
  for (const ev of xmlEvents(typeof xml === 'string' ? [xml] : xml)) {
    if (ev.kind === 'open') {
      const name = flat(local(ev.qname));
      if (stack.length > 0 || keep(name, path)) {
        const el: XmlElement = { name, attrs: ev.attrs, children: [], text: '', line: ev.line };
        if (stack.length > 0) stack[stack.length - 1]!.children.push(el);
        stack.push(el);
        texts.push([]);
      }
      path.push(name);
    } else if (ev.kind === 'text') {
      if (stack.length > 0) texts[texts.length - 1]!.push(ev.text);
    } else {
      path.pop();
      // inside a kept subtree every element was pushed, so this close is the top's
      const top = stack.pop();
      if (top !== undefined) {
        const parts = texts.pop()!;
        top.text = parts.length === 0 ? '' : flat(parts.length === 1 ? parts[0]!.trim() : parts.join('').trim());
        if (stack.length === 0) yield { path: path.slice(), el: top };
      }
    }
  }
}

/**
 * A string of its own: what the reader keeps (an element's text and name) is otherwise a
 * slice of the piece of the file it was read from, and one reference kept in the import's
 * answer would keep the whole piece (1 MiB) alive.
 */
const flat = (s: string): string => (s.length < 13 ? s : ` ${s}`.slice(1));

/** The `>` that ends the tag starting at `lt`, quotes in attribute values skipped. */
function findTagEnd(xml: string, lt: number): number {
  let quote = 0;
  for (let i = lt + 1; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62 /* > */) return i;
    else if (c === 60 /* < */) return -1;
  }
  return -1;
}

/** The first child named `name`, or null. */
export function child(el: XmlElement | null | undefined, name: string): XmlElement | null {
  if (!el) return null;
  const cs = el.children;
  for (let i = 0; i < cs.length; i++) if (cs[i]!.name === name) return cs[i]!;
  return null;
}

/** Every child named `name`. */
export function childrenNamed(el: XmlElement | null | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Paths already split (a reader asks the same few paths of every entry). */
const SPLIT = new Map<string, string[]>();

/** The text at a path of child names (`StsRsnInf/Rsn/Cd`), or null when an element is missing or empty. */
export function textAt(el: XmlElement | null | undefined, pathNames: string): string | null {
  let names = SPLIT.get(pathNames);
  if (names === undefined) {
    names = pathNames.split('/');
    SPLIT.set(pathNames, names);
  }
  let cur: XmlElement | null = el ?? null;
  for (let i = 0; i < names.length && cur !== null; i++) cur = child(cur, names[i]!);
  return cur && cur.text !== '' ? cur.text : null;
}
