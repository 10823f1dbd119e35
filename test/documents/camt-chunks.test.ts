/**
 * Issue 25: a bank statement is read as the file is read (1 MiB at a time), never whole.
 * A token cut by a piece's end — a tag, an end tag, a comment, CDATA, an entity, a
 * character of several UTF-8 bytes — reads as in the whole text: same transactions, same
 * lines, same errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iterateCamt } from '../../src/files/camt.js';
import { readTextChunks } from '../../src/files/input.js';
import { camt, frIban, type CamtEntrySpec } from '../helpers/camt.js';
import { tempDir } from '../helpers/cli.js';

const entries: CamtEntrySpec[] = [
  {
    ref: 'R-1',
    credit: true,
    bookedOn: '2026-12-10',
    family: 'RCDT',
    subFamily: 'ESCT',
    txs: [{ amountCents: 12_345, payerName: 'Zoé & Mélanie Übel', payerIban: frIban(1), ustrd: ['Facture F2026-000001 — merci'] }],
  },
  {
    ref: 'R-2',
    credit: true,
    bookedOn: '2026-12-11',
    family: 'RCDT',
    subFamily: 'ESCT',
    txs: [{ amountCents: 500, payerIban: frIban(2), strdRef: 'F2026-000002' }],
  },
  {
    ref: 'DD-1',
    credit: false,
    bookedOn: '2026-12-12',
    family: 'IDDT',
    subFamily: 'UPDD',
    txs: [{ amountCents: 9_000, e2e: 'F2026-000003', returnReason: 'AM04' }],
  },
];
// a comment, CDATA and a processing instruction where a bank may put them
const xml = camt('053', '08', entries, { prefix: 'ns3' })
  .replace('<ns3:Stmt>', '<!-- relevé du jour -->\n<ns3:Stmt>')
  .replace('merci', 'merci <![CDATA[<pour tout>]]>')
  .replace('<ns3:Stmt>', '<?bank page="1"?><ns3:Stmt>');

/** The text cut at the given offsets. */
const cut = (text: string, at: number[]) => {
  const points = [...new Set(at.map((k) => k % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const p of points) {
    pieces.push(text.slice(from, p));
    from = p;
  }
  pieces.push(text.slice(from));
  return pieces;
};

describe('a camt read in pieces (issue 25)', () => {
  const whole = [...iterateCamt(xml)];

  it('the whole text gives the three transactions with their lines', () => {
    expect(whole.map((x) => [x.ref, x.amountCents, x.returned])).toEqual([
      ['R-1', 12_345, false],
      ['R-2', 500, false],
      ['DD-1', 9_000, true],
    ]);
    expect(whole[0]!.remittance).toEqual(['Facture F2026-000001 — merci <pour tout>']);
    expect(whole[0]!.payerName).toBe('Zoé & Mélanie Übel');
  });

  it('cut anywhere, into pieces of any size: the same transactions', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (at) => {
        expect([...iterateCamt(cut(xml, at))]).toEqual(whole);
      }),
      { numRuns: 300 },
    );
    // one character at a time
    expect([...iterateCamt(xml.split(''))]).toEqual(whole);
  });

  it('malformed, cut anywhere: the same error at the same line', () => {
    const broken = xml.replace('</ns3:Ntry>', '</ns3:Ntri>');
    const error = (x: string | string[]) => {
      try {
        [...iterateCamt(x)];
      } catch (e) {
        return [(e as Error).message, (e as { rows?: unknown }).rows];
      }
      return null;
    };
    const expected = error(broken);
    expect(expected).not.toBeNull();
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 20 }), (at) => {
        expect(error(cut(broken, at))).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('a file read 7 bytes at a time (UTF-8 characters cut between reads): the same transactions; a control character: refused with its line', () => {
    const dir = tempDir();
    const file = path.join(dir, 'releve.xml');
    fs.writeFileSync(file, `\uFEFF${xml}`);
    expect([...iterateCamt(readTextChunks(file, 7))]).toEqual(whole);
    const lines = xml.split('\n');
    lines[5] = `${lines[5]}\u0007`;
    fs.writeFileSync(file, lines.join('\n'));
    expect(() => [...readTextChunks(file, 64)]).toThrow(/line 6\b|ligne 6\b/);
  });
});
