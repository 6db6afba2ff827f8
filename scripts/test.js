#!/usr/bin/env node
/*
 * `npm test`: builds what the tests need (the native addon when its sources changed, the C unit tests, the TS build
 * used by the export tests), then runs jest, whose reporter prints the closing "N passed, N failed" line.
 * Extra arguments go to jest (npm test -- test/trueno).
 */
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const addon = path.join(root, 'build/Release/trueno.node');
const sourcesChanged = !fs.existsSync(addon) ||
  Math.max(newestMtime(path.join(root, 'native')), fs.statSync(path.join(root, 'binding.gyp')).mtimeMs) > fs.statSync(addon).mtimeMs;
if (sourcesChanged) run('npx', ['node-gyp', 'rebuild']);
// The WASM binaries are committed; after a change to the C they are rebuilt here, so the WASM tests run the same C as
// the addon (commit them afterwards: CI's `build-wasm.js --check` fails on stale ones). Without clang, say so.
const wasm = path.join(root, 'prebuilds/wasm/trueno-simd128.wasm');
if (!fs.existsSync(wasm) || newestMtime(path.join(root, 'native/core')) > fs.statSync(wasm).mtimeMs) {
  if (spawnSync(process.env.CLANG || 'clang', ['--version'], { stdio: 'ignore' }).status === 0) run(process.execPath, [path.join(root, 'scripts/build-wasm.js')]);
  else console.warn('warning: native/core changed after prebuilds/wasm was built and clang is missing: the WASM tests run the old binaries');
}
run('cmake', ['-S', '.', '-B', 'cmake-build/release', '-DCMAKE_BUILD_TYPE=Release']);
run('cmake', ['--build', 'cmake-build/release', '-j2']);
run(process.execPath, [path.join(root, 'scripts/build-ts.js')]);
const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(jest.status ?? 1);
