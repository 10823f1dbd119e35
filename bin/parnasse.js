#!/usr/bin/env node
// The parnasse command: runs the CLI bundle dist/cli.cjs (npm run build makes dist/). CommonJS
// (bin/package.json), like the bundle: Node 20 caches the compilation of no ES module, and
// starting the ES module loader costs a few milliseconds more (issue 27: start-up).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const file = path.join(__dirname, '..', 'dist', 'cli.cjs');
/** V8's compilation of the bundle, made by the build (scripts/code-cache.mjs). */
const cacheFile = `${file}.v8cache`;

/**
 * The bundle, compiled with the code cache when there is one that V8 accepts (same Node, same
 * flags, this very bundle); otherwise compiled from its text, as `require` would.
 */
function compile() {
  // ASCII (esbuild escapes the rest): latin1 reads it as it is, without decoding UTF-8
  const source = fs.readFileSync(file, 'latin1');
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, require('node:module').createRequire(file), mod, file, path.dirname(file));
  return { cli: mod.exports, script };
}

if (require.main === module) compile().cli.main();
else module.exports = { compile, cacheFile };
