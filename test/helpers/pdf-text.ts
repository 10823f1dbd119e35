/**
 * Reads back the text of a PDF written by pdfkit, with no PDF library in the project:
 * inflates every stream, reads each embedded font's ToUnicode map (the club's documents
 * embed their fonts, PDF/A), follows the `Tf` font changes of the content streams and
 * decodes the strings of the text operators — through the font's map (two-byte glyph
 * codes), or as WinAnsi for a standard font without one. Enough to check that mentions and
 * figures are extractable, as a reader's copy-paste or a search engine would see them.
 */
import zlib from 'node:zlib';
import iconv from 'iconv-lite';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function objects(bytes: Buffer): Map<number, PdfObject> {
  const bin = bytes.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(bin))) {
    const start = m.index + m[0].length;
    const endobj = bin.indexOf('endobj', start);
    if (endobj < 0) break;
    const s = /stream\r?\n/.exec(bin.slice(start, endobj));
    if (!s) {
      out.set(Number(m[1]), { dict: bin.slice(start, endobj), stream: null });
      re.lastIndex = endobj;
      continue;
    }
    // a stream: its /Length says where it ends (its bytes may hold anything, "endobj" included)
    const dict = bin.slice(start, start + s.index);
    const from = start + s.index + s[0].length;
    const len = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    const to = len ? from + Number(len[1]) : bin.indexOf('endstream', from);
    const raw = bytes.subarray(from, to);
    let stream: Buffer;
    try {
      stream = zlib.inflateSync(raw);
    } catch {
      stream = raw;
    }
    out.set(Number(m[1]), { dict, stream });
    re.lastIndex = bin.indexOf('endobj', to);
  }
  return out;
}

/** A ToUnicode CMap: code (hex, as written) → text. pdfkit writes bfrange arrays; bfchar and plain ranges are read too. */
function parseCmap(text: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string) => Buffer.from(hex.replace(/\s/g, ''), 'hex').swap16().toString('utf16le');
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const r of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]+>)/g)) {
      const lo = parseInt(r[1]!, 16);
      const hi = parseInt(r[2]!, 16);
      if (r[3]!.startsWith('[')) {
        const dst = [...r[3]!.matchAll(/<([0-9a-fA-F\s]*)>/g)].map((x) => x[1]!);
        for (const [i, d] of dst.entries()) map.set(lo + i, utf16(d));
      } else {
        const base = utf16(r[3]!.slice(1, -1));
        for (let c = lo; c <= hi; c++) map.set(c, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + (c - lo)));
      }
    }
  }
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const r of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g)) map.set(parseInt(r[1]!, 16), utf16(r[2]!));
  return map;
}

/** Font resource name (`F1`) → its ToUnicode map, or null for a font without one. */
function fontMaps(objs: Map<number, PdfObject>): Map<string, Map<number, string> | null> {
  const byObject = new Map<number, Map<number, string> | null>();
  for (const [id, o] of objs) {
    if (!/\/Type\s*\/Font\b/.test(o.dict) || /\/Subtype\s*\/CIDFontType/.test(o.dict)) continue;
    const tu = /\/ToUnicode\s+(\d+) 0 R/.exec(o.dict);
    const cmap = tu ? objs.get(Number(tu[1])) : undefined;
    byObject.set(id, cmap?.stream ? parseCmap(cmap.stream.toString('latin1')) : null);
  }
  const out = new Map<string, Map<number, string> | null>();
  for (const o of objs.values())
    for (const res of o.dict.matchAll(/\/Font\s*<<([^>]*)>>/g))
      for (const f of res[1]!.matchAll(/\/([^\s/]+)\s+(\d+) 0 R/g)) if (byObject.has(Number(f[2]))) out.set(f[1]!, byObject.get(Number(f[2]))!);
  return out;
}

function decode(hex: string, cmap: Map<number, string> | null): string {
  if (!cmap) return iconv.decode(Buffer.from(hex, 'hex'), 'win1252');
  let s = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) s += cmap.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\ufffd';
  return s;
}

export function pdfText(bytes: Buffer): string {
  const objs = objects(bytes);
  const fonts = fontMaps(objs);
  const out: string[] = [];
  for (const o of objs.values()) {
    if (!o.stream) continue;
    const content = o.stream.toString('latin1');
    if (!/\bBT\b/.test(content) || !/T[Jj]/.test(content)) continue;
    let cmap: Map<number, string> | null = null;
    for (const op of content.matchAll(/\/([^\s/]+)\s+[\d.]+\s+Tf|\[((?:<[0-9a-fA-F]*>|\s|-?[\d.]+)*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      if (op[1] !== undefined) {
        cmap = fonts.get(op[1]) ?? null;
        continue;
      }
      const parts = op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1]!) : [op[3]!];
      out.push(parts.map((h) => decode(h, cmap)).join(''));
    }
  }
  return out.join('\n');
}

/** Text with line breaks folded into spaces (a sentence wrapped over lines reads whole). */
export function pdfFlatText(bytes: Buffer): string {
  return pdfText(bytes).replace(/\s+/g, ' ');
}

/** The XMP metadata packet of the document (where PDF/A declares its conformance), or null. */
export function pdfXmp(bytes: Buffer): string | null {
  for (const o of objects(bytes).values()) if (/\/Type\s*\/Metadata\b/.test(o.dict) && o.stream) return o.stream.toString('utf8');
  return null;
}

/** The fonts a document uses: BaseFont name and whether its program is embedded (FontFile, FontFile2 or FontFile3). */
export function pdfFonts(bytes: Buffer): { name: string; embedded: boolean }[] {
  const objs = objects(bytes);
  const out: { name: string; embedded: boolean }[] = [];
  for (const o of objs.values()) {
    if (!/\/Type\s*\/Font\b/.test(o.dict) || /\/Subtype\s*\/CIDFontType/.test(o.dict)) continue;
    const name = /\/BaseFont\s*\/([^\s/>]+)/.exec(o.dict)?.[1] ?? '?';
    // a composite font's program hangs from its descendant's descriptor
    const desc = /\/DescendantFonts\s*\[\s*(\d+) 0 R/.exec(o.dict);
    const holder = desc ? (objs.get(Number(desc[1]))?.dict ?? '') : o.dict;
    const fd = /\/FontDescriptor\s+(\d+) 0 R/.exec(holder);
    const embedded = !!fd && /\/FontFile[23]?\s+\d+ 0 R/.test(objs.get(Number(fd[1]))?.dict ?? '');
    out.push({ name, embedded });
  }
  return out;
}

export interface EmbeddedFile {
  /** /F and /UF of the file specification. */
  name: string;
  unicodeName: string;
  relationship: string | null;
  /** The embedded file stream's /Subtype (its MIME type, `#2F` for `/`). */
  subtype: string | null;
  hasModDate: boolean;
  /** Whether the catalogue's /AF array and its /Names /EmbeddedFiles tree both list the specification. */
  inCatalogAf: boolean;
  inNames: boolean;
  bytes: Buffer;
}

/** The files embedded in a PDF (PDF/A-3 associated files): each file specification with its stream, inflated. */
export function pdfEmbeddedFiles(bytes: Buffer): EmbeddedFile[] {
  const objs = objects(bytes);
  const catalog = [...objs.values()].find((o) => /\/Type\s*\/Catalog\b/.test(o.dict))?.dict ?? '';
  const af = /\/AF\s*\[([^\]]*)\]/.exec(catalog)?.[1] ?? '';
  const namesText = [...objs.values()]
    .map((o) => o.dict)
    .filter((d) => /\/Names\s*\[/.test(d))
    .join(' ');
  const out: EmbeddedFile[] = [];
  for (const [id, o] of objs) {
    if (!/\/Type\s*\/Filespec\b/.test(o.dict)) continue;
    const ef = /\/EF\s*<<\s*\/F\s+(\d+) 0 R/.exec(o.dict);
    const file = ef ? objs.get(Number(ef[1])) : undefined;
    out.push({
      name: /\/F\s*\(([^)]*)\)/.exec(o.dict)?.[1] ?? '',
      unicodeName: /\/UF\s*\(([^)]*)\)/.exec(o.dict)?.[1] ?? '',
      relationship: /\/AFRelationship\s*\/(\w+)/.exec(o.dict)?.[1] ?? null,
      subtype: file ? (/\/Subtype\s*\/([^\s/>]+)/.exec(file.dict)?.[1] ?? null) : null,
      hasModDate: file ? /\/ModDate\s*\(/.test(file.dict) : false,
      inCatalogAf: new RegExp(`\\b${id} 0 R`).test(af),
      inNames: new RegExp(`\\b${id} 0 R`).test(namesText),
      bytes: file?.stream ?? Buffer.alloc(0),
    });
  }
  return out;
}

/** A PDF literal string's text: its escapes undone, UTF-16BE when it starts with a byte-order mark (pdfkit's Unicode strings), else PDFDocEncoding (ASCII here). */
function literal(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      bytes.push(c.charCodeAt(0));
      continue;
    }
    const n = s[++i]!;
    const octal = /^[0-7]{1,3}/.exec(s.slice(i));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += octal[0].length - 1;
    } else bytes.push(({ n: 10, r: 13, t: 9, b: 8, f: 12 } as Record<string, number>)[n] ?? n.charCodeAt(0));
  }
  const b = Buffer.from(bytes);
  return b[0] === 0xfe && b[1] === 0xff ? Buffer.from(b.subarray(2)).swap16().toString('utf16le') : b.toString('latin1');
}

/** The document information dictionary (the trailer's /Info): each string entry, decoded. */
export function pdfInfo(bytes: Buffer): Record<string, string> {
  const bin = bytes.toString('latin1');
  const info = /trailer[\s\S]*?\/Info\s+(\d+) 0 R/.exec(bin);
  if (!info) return {};
  const objs = objects(bytes);
  const out: Record<string, string> = {};
  for (const e of (objs.get(Number(info[1]))?.dict ?? '').matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
    const v = /^\s*\(((?:\\[\s\S]|[^\\)])*)\)/.exec(objs.get(Number(e[2]))?.dict ?? '');
    if (v) out[e[1]!] = literal(v[1]!);
  }
  return out;
}
