#!/usr/bin/env node
/*
 * Builds the WASM fallback from the same core sources as the addon (native/core/sources.json):
 *   prebuilds/wasm/trueno-simd128.wasm  clang --target=wasm32-wasi -msimd128 (engines with WASM SIMD)
 *   prebuilds/wasm/trueno-scalar.wasm   the same without SIMD
 * The outputs are committed; `node scripts/build-wasm.js --check` rebuilds into a temp folder and fails when the
 * committed files differ (CI runs it). Needs Debian's clang, lld and wasi-libc.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const sources = require(path.join(root, 'native/core/sources.json')).map((f) => path.join('native/core', f));
// The exported C functions: the runtime controls and trueno_<name> of every kernel in trueno_ops.def.
const exportsList = require('./gen-ops').kernelExports();
// Debian's clang finds Debian's wasi-libc by itself; WASI_SYSROOT points elsewhere (e.g. a wasi-sdk sysroot).
const sysroot = process.env.WASI_SYSROOT ? [`--sysroot=${process.env.WASI_SYSROOT}`] : [];
const clang = process.env.CLANG || 'clang';

const variants = [
  { name: 'simd128', flags: ['-msimd128'] },
  { name: 'scalar', flags: [] },
];

function build(outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  for (const v of variants) {
    const out = path.join(outDir, `trueno-${v.name}.wasm`);
    const args = [
      '--target=wasm32-wasi', ...sysroot, '-O3', '-std=c11', ...v.flags,
      '-DTRUENO_NO_THREADS', '-fno-math-errno', '-fno-trapping-math', '-Inative/core/include', '-Inative/core',
      '-mexec-model=reactor', '-Wl,--no-entry', '-Wl,--strip-all', '-Wl,-z,stack-size=1048576',
      '-Wl,--initial-memory=16777216', '-Wl,--max-memory=4294967296',
      ...exportsList.map((name) => `-Wl,--export=${name}`),
      '-o', out, ...sources,
    ];
    execFileSync(clang, args, { cwd: root, stdio: 'inherit' });
  }
}

if (process.argv.includes('--check')) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trueno-wasm-'));
  build(tmp);
  let stale = false;
  for (const v of variants) {
    const name = `trueno-${v.name}.wasm`;
    const committed = path.join(root, 'prebuilds/wasm', name);
    if (!fs.existsSync(committed) || !fs.readFileSync(committed).equals(fs.readFileSync(path.join(tmp, name)))) {
      console.error(`stale: prebuilds/wasm/${name} differs from a fresh build; run npm run build:wasm and commit it`);
      stale = true;
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  if (stale) process.exit(1);
  console.log('prebuilds/wasm is up to date');
} else {
  build(path.join(root, 'prebuilds/wasm'));
  console.log('built prebuilds/wasm/trueno-{simd128,scalar}.wasm');
}
