// Bundles the CLI with esbuild: one fast-starting entry, heavy modules split into lazy chunks,
// and the worker-thread entries of `candidate import` (dist/import-worker.js) and of the PDF
// renderers of `bill pdf --month` and `bill send` (dist/pdf-worker.js, one per core), sharing the chunks.
import fs from 'node:fs';
import { build } from 'esbuild';

// chunks are named by content hash: without a clean start, every build would leave the old ones behind
fs.rmSync('dist', { recursive: true, force: true });

// The message catalogues as data (issue 27): dist/i18n-en.json and dist/i18n-fr.json, read on
// first use by the language a run speaks instead of compiling both languages' modules.
const catalogues = await build({
  entryPoints: ['src/i18n/catalogue-files.ts'],
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  logLevel: 'warning',
});
const { loadCatalogue } = await import(`data:text/javascript;base64,${Buffer.from(catalogues.outputFiles[0].text).toString('base64')}`);
fs.mkdirSync('dist', { recursive: true });
for (const lang of ['en', 'fr']) fs.writeFileSync(`dist/i18n-${lang}.json`, JSON.stringify(loadCatalogue(lang)));

/** src/i18n/catalogue-files.ts, in the bundle: reads the JSON next to the chunk. */
const catalogueFiles = {
  name: 'catalogue-files',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]i18n[\\/]catalogue-files\.ts$/ }, () => ({
      loader: 'js',
      contents: `import fs from 'node:fs';
export function loadCatalogue(lang) {
  return JSON.parse(fs.readFileSync(new URL('./i18n-' + lang + '.json', import.meta.url), 'utf8'));
}`,
    }));
  },
};

await build({
  entryPoints: { main: 'src/cli/main.ts', 'import-worker': 'src/candidacy/import-worker.ts', 'pdf-worker': 'src/documents/pdf-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // required at run time from node_modules: native (better-sqlite3), font files read by path
  // (pdfkit), or loaded only on first use (date-holidays, 2 MB of data: see src/rules/calendar.ts)
  external: ['better-sqlite3', 'pdfkit', 'date-holidays'],
  plugins: [catalogueFiles],
  banner: {
    js: "import { createRequire as __parnasseCreateRequire } from 'node:module'; const require = __parnasseCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
