import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Builds dist/ once if it is missing (npm test builds it first; this covers `vitest` alone). */
export function ensureBuilt(): void {
  if (!fs.existsSync('dist/cli.cjs')) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
