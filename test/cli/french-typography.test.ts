/**
 * French typography in human output (issue 24): no-break spaces inside numbers, before €,
 * %, :, ;, ?, ! and inside « », on a terminal; the wrapper never splits `15 128,94 €` or a
 * quotation; a pipe gets plain spaces (grep), JSON and English never change.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Output } from '../../src/cli/output.js';
import { wrapProse, wrapText } from '../../src/cli/table.js';
import type { Io } from '../../src/cli/io.js';
import { setLang } from '../../src/i18n/index.js';
import { frenchTypography, setTerminalTypography } from '../../src/i18n/format.js';

const NB = '\u00a0';
const NNB = '\u202f';

function io(tty: boolean, columns?: number) {
  const out = { text: '' };
  const err = { text: '' };
  const io: Io = {
    stdout: { write: (s: string) => (out.text += s), isTTY: tty, columns },
    stderr: { write: (s: string) => (err.text += s), isTTY: tty },
    stdinIsTTY: tty,
    env: { NO_COLOR: '1' },
  };
  return { io, out, err };
}

describe('French typography (issue 24)', () => {
  afterEach(() => {
    setLang('en');
    setTerminalTypography(false);
  });

  it('no-break spaces: U+202F between digit groups, U+00A0 before € % : ; ? ! » and after «', () => {
    setLang('fr');
    expect(frenchTypography('Total : 15 128,94 € (2,75 %) ; voir « la note » ! vraiment ?')).toBe(
      `Total${NB}: 15${NNB}128,94${NB}€ (2,75${NB}%)${NB}; voir «${NB}la note${NB}»${NB}! vraiment${NB}?`,
    );
    // not a number group: a member number then a year, a time, a date
    expect(frenchTypography('membre 1042 2026 à 10:00 le 27/11/2026')).toBe('membre 1042 2026 à 10:00 le 27/11/2026');
    setLang('en');
    expect(frenchTypography('Total : 15 128,94 €')).toBe('Total : 15 128,94 €');
  });

  it('the wrappers never break at a no-break space: the amount and the quotation stay whole', () => {
    setLang('fr');
    const text = frenchTypography('Le membre doit encore la somme de 15 128,94 € au titre de « la pénalité de retard »');
    for (let w = 20; w <= 60; w++) {
      for (const lines of [wrapText(text, w), wrapProse(text, w).split('\n')]) {
        const joined = lines.join('\n');
        expect(joined, `width ${w}`).toContain(`15${NNB}128,94${NB}€`);
        expect(joined, `width ${w}`).toContain(`«${NB}la`);
        expect(joined, `width ${w}`).toContain(`retard${NB}»`);
      }
    }
  });

  it('on a terminal: French human lines carry the no-break spaces and wrap around them', () => {
    setLang('fr');
    setTerminalTypography(true);
    const t = io(true, 40);
    const out = new Output(t.io, { json: false, quiet: false });
    out.result({}, () => out.wrap(`Reste dû par le membre 1042 au 27/11/2026 : ${out.money(1512894)} (« relance »)`));
    expect(t.out.text).toContain(`15${NNB}128,94${NB}€`);
    expect(t.out.text).toContain(`«${NB}relance${NB}»`);
    expect(t.out.text).toContain(`${NB}:`);
    for (const line of t.out.text.split('\n')) expect(line.length).toBeLessThanOrEqual(40);
  });

  it('on a pipe: plain spaces (grep "15 128,94"), the amount still kept on one line; JSON untouched', async () => {
    setLang('fr');
    setTerminalTypography(false);
    const t = io(false);
    const out = new Output(t.io, { json: false, quiet: false });
    const long = `${'mot '.repeat(17)}15 128,94 € reste`;
    out.result({}, () => out.wrap(long));
    expect(t.out.text).not.toMatch(/[\u00a0\u202f]/);
    expect(t.out.text.split('\n').some((l) => l.includes('15 128,94 €'))).toBe(true);
    const rows = [{ who: 'Hélène', amount: '15 128,94 €' }];
    const p = io(false);
    await new Output(p.io, { json: false, quiet: false }).list(rows, [
      { header: 'qui', value: (r) => r.who },
      { header: 'montant', value: (r) => r.amount },
    ]);
    expect(p.out.text).toContain('15 128,94 €');
    const j = io(false);
    await new Output(j.io, { json: true, quiet: false }).list(rows, [{ header: 'qui', value: (r) => r.who }]);
    expect(JSON.parse(j.out.text)).toEqual(rows);
  });

  it('English human output is unchanged on a terminal', () => {
    setLang('en');
    const t = io(true, 80);
    new Output(t.io, { json: false, quiet: false }).result({}, 'Total : 15 128,94 €');
    expect(t.out.text).toBe('Total : 15 128,94 €\n');
  });
});
