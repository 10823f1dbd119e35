/**
 * Text that is not text (issue 12): control characters — a terminal escape typed into a
 * name (`\e]0;pwned\a\e[2J`), a NUL, a carriage return that overwrites a line, a bidi
 * override that reverses one — are refused on input (exit 4) and shown escaped on output
 * for data stored before the refusal existed.
 *
 * Input refuses C0 controls (except tab and line feed; a CSV cell may also hold the CR of a
 * quoted CRLF), DEL, C1 controls, the bidi embedding/override/isolate characters, and the
 * invisible marks and separators (issue 28): left-to-right / right-to-left / Arabic letter
 * marks (U+200E, U+200F, U+061C), the line and paragraph separators (U+2028, U+2029), the
 * zero-width space (U+200B) and the zero-width no-break space (U+FEFF) — a BOM at the start
 * of a file is its encoding and is dropped by the readers before this check.
 */

// eslint-disable-next-line no-control-regex
const REFUSED = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\u061c\u2028\u2029\ufeff]/;
// eslint-disable-next-line no-control-regex
const REFUSED_IN_CELL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\u061c\u2028\u2029\ufeff]/;
// eslint-disable-next-line no-control-regex
const SHOWN_ESCAPED =
  /(\u001b\[[0-9;]*m)|(\r\n)|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\u061c\u2028\u2029\ufeff]/g;

/** The invisible marks and separators refused with the controls. */
const INVISIBLE = new Set([0x200b, 0x200e, 0x200f, 0x061c, 0x2028, 0x2029, 0xfeff]);

/** `U+001B` for a character. */
export function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The first refused control character of a value typed on the command line, or null. */
export function controlIn(s: string): string | null {
  const m = REFUSED.exec(s);
  return m ? m[0] : null;
}

/** The first refused control character of a CSV cell (CR allowed: a quoted CRLF), or null. */
export function controlInCell(s: string): string | null {
  const m = REFUSED_IN_CELL.exec(s);
  return m ? m[0] : null;
}

/** Cheap pre-test for a whole decoded chunk of a file. */
export function mayHoldControl(s: string): boolean {
  return REFUSED_IN_CELL.test(s);
}

/**
 * The text as a terminal should show it: each control character as `\x1b` / `\u202e`
 * (tab, line feed and CRLF kept: a CSV written to stdout ends its lines so). `keepStyle` keeps colour sequences (`\e[…m`), which this tool
 * itself writes when the output is a colour terminal.
 */
export function escapeControls(s: string, keepStyle = false): string {
  if (!mayShowEscaped(s)) return s; // what it says yes to, the regex matches: no second test
  return s.replace(SHOWN_ESCAPED, (whole, style: string | undefined, crlf: string | undefined) => {
    if (crlf !== undefined) return crlf;
    if (style !== undefined) return keepStyle ? style : style.replace(/\u001b/g, '\\x1b');
    const c = whole.charCodeAt(0);
    return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
  });
}

/**
 * Whether a string holds a character SHOWN_ESCAPED may match (a C0 control other than tab
 * and line feed, DEL, C1, a bidi control, an invisible mark or separator): a walk over the char codes, cheaper than the
 * regex on the short cells of a table (issue 14: 700 000 cells in a 100 000-row list).
 */
function mayShowEscaped(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) {
      if (c !== 0x09 && c !== 0x0a) return true;
    } else if (c >= 0x7f) {
      if (c <= 0x9f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || INVISIBLE.has(c)) return true;
    }
  }
  return false;
}
