/**
 * A command's JSON result written in pieces (issue 14: a result listing 100 000 debits is
 * never one string, nor its list one array): exactly the text of `JSON.stringify(doc, null,
 * 2)` and a newline, as `out.result` prints it, but each list (an array, or any iterable
 * that is not a string: read once, as it is written) is given element by element. Hand the
 * pieces to `out.stream`. Property-tested equal to `JSON.stringify`.
 */

const isList = (v: unknown): v is Iterable<unknown> =>
  Array.isArray(v) || (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON !== 'function' && Symbol.iterator in v);

/** `text` (JSON.stringify's, indented by 2) moved right by `pad`: its lines but the first. */
const indent = (text: string, pad: string): string => (text.includes('\n') ? text.replace(/\n/g, `\n${pad}`) : text);

/** The pieces of `JSON.stringify(doc, null, 2) + '\n'`, the lists of `doc`'s top level streamed. */
export function* jsonResultPieces(doc: Record<string, unknown>): Generator<string> {
  let first = true;
  for (const key of Object.keys(doc)) {
    const value = doc[key];
    if (isList(value)) {
      yield `${first ? '{\n' : ',\n'}  ${JSON.stringify(key)}: [`;
      first = false;
      let empty = true;
      for (const element of value) {
        // as JSON.stringify writes an element: undefined, a function or a symbol is null
        const text = JSON.stringify(element, null, 2) ?? 'null';
        yield `${empty ? '\n' : ',\n'}    ${indent(text, '    ')}`;
        empty = false;
      }
      yield empty ? ']' : '\n  ]';
      continue;
    }
    const text = JSON.stringify(value, null, 2);
    if (text === undefined) continue; // undefined, a function or a symbol: no property
    yield `${first ? '{\n' : ',\n'}  ${JSON.stringify(key)}: ${indent(text, '  ')}`;
    first = false;
  }
  yield first ? '{}\n' : '\n}\n';
}
