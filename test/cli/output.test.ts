/**
 * The streaming output layer (issues 11, 14): lists are written as they are read, wait for
 * a full pipe to drain, stop when the reader has gone; tables fit the width from a first
 * page and never print a line wider than it.
 */
import { describe, expect, it } from 'vitest';
import { Output, FIRST_PAGE, type OutputOptions } from '../../src/cli/output.js';
import type { Column } from '../../src/cli/table.js';
import { layout, renderRow, visibleWidth } from '../../src/cli/table.js';
import type { Io, Stream } from '../../src/cli/io.js';
import { setLang } from '../../src/i18n/index.js';

/** A pipe of `capacity` bytes the reader empties only when asked (`drainAll`). */
class SlowPipe implements Stream {
  data = '';
  writes = 0;
  queued = 0;
  closed = false;
  isTTY = false;
  columns: number | undefined;
  rows: number | undefined;
  private waiters: (() => void)[] = [];
  constructor(
    private readonly capacity = Infinity,
    private readonly closeAfter = Infinity,
  ) {}
  write(s: string): boolean {
    if (this.closed) return true;
    this.writes++;
    this.data += s;
    this.queued += s.length;
    if (this.writes >= this.closeAfter) this.closed = true;
    return this.queued < this.capacity;
  }
  once(_e: 'drain', fn: () => void) {
    this.waiters.push(fn);
    // the reader takes everything a little later
    setTimeout(() => {
      this.queued = 0;
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
    }, 1);
  }
}

function output(stdout: Stream, opts: Partial<OutputOptions> = {}, env: Record<string, string> = {}) {
  let stderr = '';
  const io: Io = { stdout, stderr: { write: (s: string) => (stderr += s) }, stdinIsTTY: false, env: { NO_COLOR: '1', ...env } };
  return { out: new Output(io, { json: false, quiet: false, ...opts }), stderr: () => stderr };
}

type Row = { id: number; name: string; city: string; note: string };
function* rows(n: number, counter: { pulled: number } = { pulled: 0 }, long = -1): Generator<Row> {
  for (let i = 1; i <= n; i++) {
    counter.pulled++;
    yield { id: i, name: i === long ? 'Anne-Marie-Clémence de La Tour d’Auvergne-Lauraguais' : `Name ${i}`, city: 'Neuilly-sur-Seine', note: `n°${i}` };
  }
}
const columns: Column<Row>[] = [
  { header: 'id', value: (r) => r.id, align: 'right' },
  { header: 'name', value: (r) => r.name, min: 8 },
  { header: 'city', value: (r) => r.city, drop: 1 },
  { header: 'note', value: (r) => r.note, drop: 2 },
];

describe('out.list with --json', () => {
  it('writes one JSON array element by element, in chunks, waiting for the pipe to drain', async () => {
    const pipe = new SlowPipe(16 * 1024);
    const counter = { pulled: 0 };
    let pulledAtFirstWrite = -1;
    const write = pipe.write.bind(pipe);
    pipe.write = (s: string) => {
      if (pulledAtFirstWrite < 0) pulledAtFirstWrite = counter.pulled;
      return write(s);
    };
    const { out } = output(pipe, { json: true });
    await out.list(rows(20000, counter), columns, { json: (r) => ({ id: r.id, name: r.name }) });
    const doc = JSON.parse(pipe.data) as { id: number; name: string }[];
    expect(doc).toHaveLength(20000);
    expect(doc[19999]).toEqual({ id: 20000, name: 'Name 20000' });
    expect(pipe.writes).toBeGreaterThan(5);
    // streamed: the first bytes left before most rows were read
    expect(pulledAtFirstWrite).toBeGreaterThan(0);
    expect(pulledAtFirstWrite).toBeLessThan(5000);
  });

  it('an empty list is [] and --offset/--limit cut the array', async () => {
    const a = new SlowPipe();
    await output(a, { json: true }).out.list(rows(0), columns);
    expect(JSON.parse(a.data)).toEqual([]);
    const b = new SlowPipe();
    await output(b, { json: true, offset: 10, limit: 3 }).out.list(rows(100), columns);
    expect((JSON.parse(b.data) as Row[]).map((r) => r.id)).toEqual([11, 12, 13]);
  });

  it('stops reading rows once the reader has gone', async () => {
    const pipe = new SlowPipe(Infinity, 1);
    const counter = { pulled: 0 };
    await output(pipe, { json: true }).out.list(rows(100000, counter), columns);
    expect(counter.pulled).toBeLessThan(5000);
  });
});

/** A stream that takes bytes (as the process's stdout does): what reaches the reader is decoded at the end. */
class BytePipe extends SlowPipe {
  chunks: Uint8Array[] = [];
  stringWrites = 0;
  override write(s: string): boolean {
    this.stringWrites++;
    return this.writeBytes(Buffer.from(s));
  }
  writeBytes(b: Uint8Array): boolean {
    // the writer must not reuse a Buffer it has handed over: keep the very object
    this.chunks.push(b);
    return super.write('x'.repeat(b.length));
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

describe('out.list on a stream that takes bytes', () => {
  it('JSON and tables arrive whole, multi-byte characters intact across chunks, in chunks of about 64 KiB, waiting for the reader', async () => {
    const pipe = new BytePipe(100 * 1024);
    const many = function* () {
      for (let i = 1; i <= 30000; i++) yield { id: i, name: `Hélène Dürer n°${i} € ${'é'.repeat(i % 7)}`, city: '北京', note: '\u202f' };
    };
    await output(pipe, { json: true }).out.list(many(), columns);
    const doc = JSON.parse(pipe.text()) as Row[];
    expect(doc).toHaveLength(30000);
    expect(doc[29999]).toEqual({ id: 30000, name: `Hélène Dürer n°30000 € ${'é'.repeat(30000 % 7)}`, city: '北京', note: '\u202f' });
    expect(pipe.stringWrites).toBe(0);
    expect(pipe.chunks.length).toBeGreaterThan(10);
    expect(Math.max(...pipe.chunks.slice(0, -1).map((c) => c.length))).toBeLessThan(200 * 1024);
    // every chunk handed over is a distinct buffer (the stream may still hold the earlier ones)
    expect(new Set(pipe.chunks.map((c) => c.buffer)).size).toBe(pipe.chunks.length);
    const human = new BytePipe(100 * 1024);
    await output(human).out.list(many(), columns);
    const lines = human.text().trimEnd().split('\n');
    expect(lines).toHaveLength(30001);
    expect(lines.at(-1)).toContain('30000');
  });

  it('a single piece larger than a chunk is written whole', async () => {
    const pipe = new BytePipe();
    const big = 'ü'.repeat(300 * 1024);
    await output(pipe, { json: true }).out.list([{ id: 1, name: big, city: '', note: '' }], columns);
    expect((JSON.parse(pipe.text()) as Row[])[0]!.name).toBe(big);
  });

  it('an export is written verbatim (data, not human text): no date rewritten, controls kept', async () => {
    const pipe = new BytePipe();
    const lines = ['a,2026-12-01,x\u0001y\r\n', 'b,2026-12-02,ü\r\n'];
    setLang('fr');
    try {
      const o = output(pipe).out;
      expect(o.date('2026-12-01')).toBe('01/12/2026'); // human text would change
      await o.stream(lines);
    } finally {
      setLang('en');
    }
    expect(pipe.text()).toBe(lines.join(''));
  });
});

describe('out.list in human form', () => {
  it('streams a table: widths from the first page, a longer later cell is cut, no line wider than 80', async () => {
    const pipe = new SlowPipe(8 * 1024);
    const counter = { pulled: 0 };
    let pulledAtFirstWrite = -1;
    const write = pipe.write.bind(pipe);
    pipe.write = (s: string) => {
      if (pulledAtFirstWrite < 0) pulledAtFirstWrite = counter.pulled;
      return write(s);
    };
    await output(pipe).out.list(rows(10000, counter, 500), columns);
    const lines = pipe.data.trimEnd().split('\n');
    expect(lines).toHaveLength(10001);
    expect(lines[0]).toMatch(/^\s*ID\s+NAME\s+CITY\s+NOTE$/);
    expect(Math.max(...lines.map(visibleWidth))).toBeLessThanOrEqual(80);
    const long = lines.find((l) => l.trim().startsWith('500 '))!;
    expect(long).toContain('Anne-');
    expect(long).toContain('…');
    // the cut cell keeps its column: the city starts where the header's does
    expect(long.indexOf('Neuilly')).toBe(lines[0]!.indexOf('CITY'));
    expect(pulledAtFirstWrite).toBeLessThan(5000);
    // a number longer than the first page's is never cut
    expect(lines.at(-1)).toMatch(/^10000\s+Name/);
  });

  it('drops the least useful columns to fit a narrow terminal; --wide shows them all, uncut', async () => {
    const narrow = new SlowPipe();
    narrow.isTTY = true;
    narrow.columns = 30;
    await output(narrow, { limit: 0 }).out.list(rows(5, undefined, 3), columns);
    const lines = narrow.data.trimEnd().split('\n');
    expect(lines[0]).not.toContain('NOTE');
    expect(Math.max(...lines.map(visibleWidth))).toBeLessThanOrEqual(30);
    const wide = new SlowPipe();
    wide.isTTY = true;
    wide.columns = 30;
    await output(wide, { limit: 0, wide: true }).out.list(rows(5, undefined, 3), columns);
    expect(wide.data).toContain('Anne-Marie-Clémence de La Tour d’Auvergne-Lauraguais');
    expect(wide.data.split('\n')[0]).toContain('NOTE');
  });

  it('a column dropped to fit is not computed after the first page; the rows are the same', async () => {
    let asked = 0;
    const counted: Column<Row>[] = [
      ...columns,
      {
        header: 'extra',
        value: (r) => {
          asked++;
          return `extra ${r.id}`;
        },
        drop: 9,
      },
    ];
    const narrow = new SlowPipe();
    narrow.columns = 30;
    narrow.isTTY = true;
    await output(narrow, { limit: 0 }).out.list(rows(FIRST_PAGE + 400), counted);
    expect(narrow.data.split('\n')[0]).not.toContain('EXTRA');
    expect(asked).toBe(FIRST_PAGE);
    const plain = new SlowPipe();
    plain.columns = 30;
    plain.isTTY = true;
    await output(plain, { limit: 0 }).out.list(rows(FIRST_PAGE + 400), columns);
    expect(narrow.data).toBe(plain.data);
  });

  it('$COLUMNS sets the width of a pipe; 80 when unknown', async () => {
    const p = new SlowPipe();
    await output(p, {}, { COLUMNS: '40' }).out.list(rows(3, undefined, 2), columns);
    expect(Math.max(...p.data.trimEnd().split('\n').map(visibleWidth))).toBeLessThanOrEqual(40);
    expect(output(new SlowPipe()).out.width).toBe(80);
  });

  it('on a terminal without a pager every row is shown (issue 24: no stop at one page, test/cli/pager.test.ts); --offset/--limit on a pipe, with the total on stderr', async () => {
    setLang('en');
    const tty = new SlowPipe();
    tty.isTTY = true;
    tty.rows = 30;
    const t = output(tty);
    await t.out.list(rows(1000), columns);
    expect(tty.data.trimEnd().split('\n')).toHaveLength(1 + 1000);
    expect(t.stderr()).not.toContain('rows 1–26 of 1000');

    const pipe = new SlowPipe();
    const p = output(pipe, { offset: 990, limit: 5 });
    await p.out.list(rows(1000), columns);
    const lines = pipe.data.trimEnd().split('\n');
    expect(lines.slice(1).map((l) => Number(l.trim().split(/\s+/)[0]))).toEqual([991, 992, 993, 994, 995]);
    expect(p.stderr()).toContain('rows 991–995 of 1000');

    const all = new SlowPipe();
    const a = output(all);
    await a.out.list(rows(1000), columns);
    expect(all.data.trimEnd().split('\n')).toHaveLength(1001);
    expect(a.stderr()).toBe('');
  });

  it('says so when there is no row', async () => {
    const p = new SlowPipe();
    await output(p).out.list(rows(0), columns, { empty: 'No member.' });
    expect(p.data).toBe('No member.\n');
  });

  it('the layout comes from a first page, not from the whole list', async () => {
    const pipe = new SlowPipe();
    // a long name after the first page does not widen the column
    await output(pipe, { wide: false }).out.list(rows(FIRST_PAGE + 50, undefined, FIRST_PAGE + 10), columns);
    const lines = pipe.data.trimEnd().split('\n');
    const widths = new Set(lines.slice(1).map((l) => l.indexOf('Neuilly')));
    expect(widths.size).toBe(1);
  });
});

describe('table layout', () => {
  it('wrap columns wrap within their column instead of being cut', () => {
    const cols: Column<{ a: string; b: string }>[] = [
      { header: 'zone', value: (r) => r.a },
      { header: 'départements', value: (r) => r.b, wrap: true },
    ];
    const cells = [['ile_de_france', Array.from({ length: 40 }, (_, i) => String(i + 10)).join(' ')]];
    const l = layout(cols, ['ZONE', 'DÉPARTEMENTS'], cells, 40);
    const out = renderRow(l, cells[0]!);
    expect(out.length).toBeGreaterThan(1);
    expect(Math.max(...out.map(visibleWidth))).toBeLessThanOrEqual(40);
    expect(out.slice(1).every((line) => line.startsWith(' '.repeat('ile_de_france'.length + 2)))).toBe(true);
    expect(
      out
        .join(' ')
        .split(/\s+/)
        .filter((w) => /^\d+$/.test(w)),
    ).toHaveLength(40);
  });
});
