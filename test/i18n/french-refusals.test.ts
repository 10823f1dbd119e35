/**
 * Every refusal and usage error in French when the run speaks French (issue 24).
 *
 * Two halves make the walk complete without a hand-picked list:
 * 1. The code: every message given to an error the modules raise (`new RefusedError(`,
 *    `new UsageError(`, `new InvalidInputError(`, … and a rule's `refused(article, reason)`,
 *    a row error's `message:`, a decision's `reason:`), the values passed into `t(…)`, and the
 *    `return`s of the helpers those messages call, hold no English sentence of their own:
 *    their words come from the catalogue.
 * 2. The catalogue: no French message holds an English sentence (the other half of
 *    test/i18n/catalogue.test.ts, which finds no key missing from one language).
 * Then the seven refusals the issue saw in English, asked of the rules in French.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogues, setLang, t } from '../../src/i18n/index.js';
import { checkDelegate, checkHonorary, checkMemberOpen, checkMobileLine, checkRemoveSubscription } from '../../src/rules/membership.js';
import { checkExclusions, checkMemberStatus } from '../../src/rules/interventions.js';
import { checkPriceChange } from '../../src/rules/prices.js';
import { RefusedError } from '../../src/errors.js';

/** Two English-looking words in a row: what a message literal must not carry outside the catalogue. */
const SENTENCE = /[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}/;
/** Words of English grammar that French never uses. */
const ENGLISH =
  /\b(the|is|are|cannot|must|already|was|has|have|with|without|before|after|only|this|that|which|does|should|not|and|of|for|to|from|been|its|when|than|any|every)\b/i;

/** Not prose: a command line to type (`parnasse settings set …`), a list of identifiers (`wifi_public, security`). */
const NOT_PROSE = [/^parnasse /, /^\w+(, \w+)+$/];

/** Errors that are a bug, not a message for the Desk (an uncaught bug is reported as such). */
const BUGS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError']);

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

const isT = (n: ts.Node): n is ts.CallExpression =>
  ts.isCallExpression(n) && ts.isIdentifier(n.expression) && (n.expression.text === 't' || n.expression.text === 'tIn');

/** English literals of messages in src/ (outside the catalogue), as `file:line text`. */
function englishInCode(): string[] {
  const found: string[] = [];
  const sources = files('src')
    .filter((f) => !f.startsWith(path.join('src', 'i18n')))
    .map((f) => ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true));
  // functions by name, to follow a message built by a helper (headerMismatch(…))
  const functions = new Map<string, ts.FunctionDeclaration[]>();
  for (const sf of sources)
    ts.forEachChild(sf, (n) => {
      if (ts.isFunctionDeclaration(n) && n.name) functions.set(n.name.text, [...(functions.get(n.name.text) ?? []), n]);
    });
  const followed = new Set<ts.Node>();
  const check = (sf: ts.SourceFile, node: ts.Node): void => {
    const visit = (x: ts.Node): void => {
      if (isT(x)) {
        // the key is the catalogue's; the values filled in are message text too
        x.arguments.slice(1).forEach(visit);
        return;
      }
      let text: string | undefined;
      if (ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x)) text = x.text;
      else if (ts.isTemplateExpression(x)) text = [x.head.text, ...x.templateSpans.map((s) => s.literal.text)].join(' ');
      if (text !== undefined && SENTENCE.test(text.replace(/--[\w-]+/g, ' ')) && !NOT_PROSE.some((re) => re.test(text))) {
        found.push(`${sf.fileName}:${sf.getLineAndCharacterOfPosition(x.getStart()).line + 1} ${text}`);
      }
      if (ts.isCallExpression(x) && ts.isIdentifier(x.expression)) {
        for (const fn of functions.get(x.expression.text) ?? []) {
          if (followed.has(fn)) continue;
          followed.add(fn);
          const returns = (y: ts.Node): void => {
            if (ts.isReturnStatement(y) && y.expression) check(fn.getSourceFile(), y.expression);
            else if (!ts.isFunctionLike(y)) ts.forEachChild(y, returns);
          };
          if (fn.body) ts.forEachChild(fn.body, returns);
        }
      }
      ts.forEachChild(x, visit);
    };
    visit(node);
  };
  for (const sf of sources) {
    const walk = (n: ts.Node): void => {
      if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text.endsWith('Error') && !BUGS.has(n.expression.text))
        for (const a of n.arguments ?? []) check(sf, a);
      else if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'refused') for (const a of n.arguments.slice(1)) check(sf, a);
      else if (isT(n)) for (const a of n.arguments.slice(1)) check(sf, a);
      else if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && (n.name.text === 'reason' || n.name.text === 'message')) check(sf, n.initializer);
      ts.forEachChild(n, walk);
    };
    walk(sf);
  }
  return [...new Set(found)];
}

/** A French message's English words, once placeholders, flags, `code`, quoted values and setting keys are set aside. */
function englishWords(text: string): string[] {
  const prose = text
    .replace(/\{\w+\}/g, ' ')
    .replace(/--[\w-]+/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/"[^"]*"/g, ' ')
    .replace(/\b\w+(\.\w+)+\b/g, ' ');
  return prose.match(new RegExp(ENGLISH.source, 'gi')) ?? [];
}

describe('French, all of it: refusals and usage errors (issue 24)', () => {
  afterEach(() => setLang('en'));

  it('no message an error carries is an English literal in the code: every word comes from the catalogue', () => {
    expect(englishInCode()).toEqual([]);
  });

  it('no French message of the catalogue holds an English sentence', () => {
    const english = Object.entries(catalogues.fr)
      .map(([k, v]) => [k, englishWords(v)] as const)
      .filter(([, w]) => w.length > 0)
      .map(([k, w]) => `${k}: ${w.join(' ')}`);
    expect(english).toEqual([]);
  });

  it('the detector finds English: the literals this test was written against, and a French message left in English', () => {
    expect(englishWords('the contract is terminated: its services and options have ended')).not.toEqual([]);
    expect(englishWords('le contrat est résilié : ses services et ses options ont pris fin')).toEqual([]);
    expect(SENTENCE.test(' is withdrawn since ')).toBe(true);
  });

  it('the seven refusals seen in English (art. 3.4, 5.6, 5.2.2, 7.2, 1, 10.4, 242 nonies A) are French, and unchanged in English', () => {
    const ask = () =>
      [
        checkRemoveSubscription(1, false),
        checkMobileLine(0, 'sosh'),
        checkExclusions('technician', { dangerous: true }),
        checkPriceChange('2026-11-01', '2026-11-15'),
        checkDelegate(true, null),
        checkHonorary('active', false, false),
        checkMemberOpen('terminated'),
        checkMemberStatus('terminated', '2026-11-01', null),
      ].map((d) => (d.ok ? '' : new RefusedError(d.article, d.reason).message));
    const english = ask();
    setLang('fr');
    const french = ask();
    expect(english.map((m) => m.slice(0, 'refused ('.length))).toEqual(english.map(() => 'refused ('));
    expect(english[1]).toBe('refused (art. 5.6): Sosh lines are excluded from Orange VIP');
    for (const m of french) {
      expect(m).toMatch(/^refusé \(art\. /);
      expect(englishWords(m), m).toEqual([]);
    }
    expect(french[1]).toBe('refusé (art. 5.6) : les lignes Sosh sont exclues d’Orange VIP');
    expect(french[3]).toContain('préavis d’un mois');
    // the chronological series (CGI 242 nonies A) named its kind in English inside a French sentence
    expect(t('billing.chrono', { kind: t('refusals.kind_credit_note'), date: 'd', last: 'A1', last_date: 'e' })).toMatch(/^un avoir du d /);
  });
});
