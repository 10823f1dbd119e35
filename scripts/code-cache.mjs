// Makes dist/cli.cjs.v8cache (npm run build, last): compiles dist/cli.cjs as bin/parnasse.js
// does, runs the command lines below in this process, then saves every function V8 compiled
// for them; bin/parnasse.js hands the file to V8, which then compiles none of them again
// (issue 27: start-up). V8 refuses a cache made by another Node, with other V8 flags or for
// a bundle of another length, and the bundle is then compiled from its text: slower, same
// result. The cache is made with its bundle, never edit one without the other. A larger
// cache costs every command to read (the --help-only one is 450 kB, this one ~900 kB: 1–2 ms
// of CPU more): these are the lines an operator types most — help, a show, lists, a number
// that does not exist; imports and the monthly run outlast their start by far.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const { compile, cacheFile } = createRequire(import.meta.url)('../bin/parnasse.js');
fs.rmSync(cacheFile, { force: true });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parnasse-code-cache-'));
const db = path.join(dir, 'club.db');
try {
  // the members come from another process: the import's own code stays out of the cache
  const made = spawnSync(process.execPath, ['bin/parnasse.js', '--db', db, '--quiet', 'member', 'import', 'fixtures/members.csv'], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`member import: exit ${made.status}\n${made.stderr}`);
  const { cli, script } = compile();
  const sink = { write: () => true };
  const io = { stdout: { ...sink, isTTY: false }, stderr: sink, stdinIsTTY: false, env: { PARNASSE_DB: db, LANG: 'C' } };
  for (const argv of [['--help'], ['member', 'show', '501'], ['member', 'show', '1'], ['member', 'list'], ['candidate', 'list'], ['bill', 'list']]) {
    await cli.run(argv, io);
  }
  fs.writeFileSync(cacheFile, script.createCachedData());
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
