// Bundles the CLI with esbuild: one fast-starting entry, heavy modules split into lazy chunks,
// and the worker-thread entries of `candidate import` (dist/import-worker.js) and `bill pdf --month`
// (dist/pdf-worker.js), sharing the chunks.
import fs from 'node:fs';
import { build } from 'esbuild';

// chunks are named by content hash: without a clean start, every build would leave the old ones behind
fs.rmSync('dist', { recursive: true, force: true });

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
  banner: {
    js: "import { createRequire as __parnasseCreateRequire } from 'node:module'; const require = __parnasseCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
