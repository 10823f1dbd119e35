// Bundles with esbuild: the CLI as one CommonJS file with its V8 code cache (dist/cli.cjs and
// dist/cli.cjs.v8cache, run by bin/parnasse.js), and the worker-thread entries of `candidate
// import` (dist/import-worker.js) and of the PDF renderers of `bill pdf --month` and `bill send`
// (dist/pdf-worker.js, one per core), ES modules sharing their chunks.
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

/** Required at run time from node_modules (see the worker build). */
const EXTERNAL = ['better-sqlite3', 'pdfkit', 'date-holidays'];

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

// The worker-thread entries, ES modules sharing their chunks (a worker starts once per import or month).
await build({
  entryPoints: { 'import-worker': 'src/candidacy/import-worker.ts', 'pdf-worker': 'src/documents/pdf-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // required at run time from node_modules: native (better-sqlite3), font files read by path
  // (pdfkit), or loaded only on first use (date-holidays, 2 MB of data: see src/rules/calendar.ts)
  external: EXTERNAL,
  plugins: [catalogueFiles],
  banner: {
    js: "import { createRequire as __parnasseCreateRequire } from 'node:module'; const require = __parnasseCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

/**
 * commander requires node:child_process at its top for the one thing it spawns (a subcommand
 * as a separate executable, which parnasse never declares): loading it (and with it dgram,
 * net handles, spawn_sync) cost every run ~4 ms of CPU. In the CLI bundle it is required on
 * that first spawn; the build fails if commander no longer reads as expected.
 */
const lazyCommanderSpawn = {
  name: 'lazy-commander-spawn',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const text = fs.readFileSync(args.path, 'utf8');
      const line = "const childProcess = require('node:child_process');";
      if (!text.includes(line) || (text.match(/childProcess\.(\w+)/g) ?? []).some((u) => u !== 'childProcess.spawn'))
        throw new Error(`${args.path}: no longer requires node:child_process for spawn alone; see lazyCommanderSpawn in scripts/build.mjs`);
      return { loader: 'js', contents: text.replace(line, "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };") };
    });
  },
};

/**
 * node:crypto (17 modules of Node's, ~2 ms of CPU) on first use: our sources and drizzle's
 * migration reader import it at their top, for hashes that only writes and migrations make.
 * A source importing another of its functions fails the build ("No matching export").
 */
const lazyCrypto = {
  name: 'lazy-crypto',
  setup(b) {
    b.onResolve({ filter: /^node:crypto$/ }, (args) =>
      /[\\/]src[\\/]|[\\/]drizzle-orm[\\/]migrator\.js$/.test(args.importer) ? { path: 'node:crypto', namespace: 'lazy-crypto' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-crypto' }, () => ({
      loader: 'js',
      contents: `let loaded;
const crypto = () => (loaded ??= require('node:crypto'));
export const createHash = (...a) => crypto().createHash(...a);
export const randomBytes = (...a) => crypto().randomBytes(...a);
export default { createHash, randomBytes };`,
    }));
  },
};

// The CLI (issue 27: start-up): one CommonJS file, dist/cli.cjs, that bin/parnasse.js compiles
// with V8's code cache (dist/cli.cjs.v8cache, made below). Node 20 caches no ES module's
// compilation, and each of the ~50 chunks a command loaded cost a resolution, a read and a
// compilation. The modules a command imports with `import()` stay lazy: esbuild wraps each
// in an init function run on first use; dynamic imports become `require` (vm.Script runs
// no `import()` without an experimental loader). `import.meta.url` is the bundle's URL, in
// dist/ like the chunks' (the catalogues, the workers and the migrations are found from it).
await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  supported: { 'dynamic-import': false },
  sourcemap: 'linked',
  // better-sqlite3's JavaScript is bundled too (a dozen files fewer to resolve and compile):
  // its addon is named by path (src/db/sqlite.ts), so its `bindings` lookup never runs.
  // nodemailer (420 kB, `bill send` only) and chardet (the prompts' external editor only) are
  // required from node_modules on first use: every other command reads and deserializes a
  // bundle 0.5 MB smaller (~1 ms of CPU; nodemailer then costs `bill send` ~40 ms once)
  external: [...EXTERNAL.filter((p) => p !== 'better-sqlite3'), 'nodemailer', 'chardet'],
  plugins: [catalogueFiles, lazyCommanderSpawn, lazyCrypto],
  define: { 'import.meta.url': '__parnasseBundleUrl' },
  banner: { js: "var __parnasseBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});

// The code cache: bin/parnasse.js compiles dist/cli.cjs as this child does, runs a few
// command lines, and keeps what V8 compiled (scripts/code-cache.mjs).
const cache = spawnSync(process.execPath, ['scripts/code-cache.mjs'], { stdio: 'inherit' });
if (cache.status !== 0) throw new Error(`scripts/code-cache.mjs: exit ${cache.status}`);
