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
run('cmake', ['-S', '.', '-B', 'cmake-build/release', '-DCMAKE_BUILD_TYPE=Release']);
run('cmake', ['--build', 'cmake-build/release', '-j2']);
run(process.execPath, [path.join(root, 'scripts/build-ts.js')]);
const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(jest.status ?? 1);
