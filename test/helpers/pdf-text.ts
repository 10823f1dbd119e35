/**
 * Reads back the text of a PDF written by pdfkit with its standard fonts: inflates every
 * content stream and decodes the strings of its text operators (WinAnsi). Enough to check
 * that mentions and figures are extractable, with no PDF library in the project.
 */
import zlib from 'node:zlib';
import iconv from 'iconv-lite';

export function pdfText(bytes: Buffer): string {
  const out: string[] = [];
  const bin = bytes.toString('latin1');
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(bin))) {
    const start = m.index + m[0].length;
    const end = bin.indexOf('endstream', start);
    if (end < 0) break;
    const raw = bytes.subarray(start, end);
    let content: string;
    try {
      content = zlib.inflateSync(raw).toString('latin1');
    } catch {
      content = raw.toString('latin1');
    }
    re.lastIndex = end;
    if (!content.includes('BT')) continue;
    for (const op of content.matchAll(/\[((?:<[0-9a-fA-F]*>|\s|-?[\d.]+)*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const parts = op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1]!) : [op[2]!];
      out.push(parts.map((h) => iconv.decode(Buffer.from(h, 'hex'), 'win1252')).join(''));
    }
  }
  return out.join('\n');
}

/** Text with line breaks folded into spaces (a sentence wrapped over lines reads whole). */
export function pdfFlatText(bytes: Buffer): string {
  return pdfText(bytes).replace(/\s+/g, ' ');
}
