#!/usr/bin/env node
/*
 * npm install hook. Uses a prebuilt addon when one matches this platform; otherwise builds it from source with
 * node-gyp. A failed build is not an install failure: the library then runs on the committed WASM build, and
 * backendInfo() says so. SOVEREIGN_SKIP_NATIVE=1 skips the build entirely.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function nativeLoads() {
  try {
    require(require('node-gyp-build').path(root));
    return true;
  } catch {
    return false;
  }
}

if (process.env.SOVEREIGN_SKIP_NATIVE === '1') {
  console.log('sovereign-ai: SOVEREIGN_SKIP_NATIVE=1, using the WASM backend');
} else if (!nativeLoads()) {
  const result = spawnSync('node-gyp', ['rebuild'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0 || !nativeLoads()) {
    console.warn(
      'sovereign-ai: the native addon could not be built here (a C/C++ toolchain is needed); ' +
        'the library will use its WebAssembly build instead. See README "How the fallback works".',
    );
  }
}
