// `npm run bench`: runs every bench/*.bench.mjs in turn (or only those named:
// `npm run bench -- import lists`). Each suite prints its own table of figures.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const suites = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.bench\.mjs$/, '')))
  .sort();
let failed = 0;
for (const s of suites) {
  console.log(`\n### ${s.replace(/\.bench\.mjs$/, '')}\n`);
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(here, s)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
