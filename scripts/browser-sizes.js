#!/usr/bin/env node
/*
 * Measures what each browser subpath of sovereign-ai costs a page: an app importing everything from it, bundled and
 * minified by esbuild (dependencies included), gzipped (level 9); plus the WebAssembly each needs, gzipped. Prints the
 * Markdown table the README shows. Run after `npm run build:ts` (which builds dist/browser).
 */
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const esbuild = require('esbuild');
const { browserModule } = require('./build-browser');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
/**
 * The WebAssembly each subpath's `ready()` fetches (alimentar's also compiles parquet-wasm, and so do trueno-graph's,
 * whose readEdgeList reads Parquet, and the root's, which has alimentar).
 */
const WASM = {
  index: ['trueno-simd128.wasm', 'parquet_wasm_bg.wasm'],
  trueno: ['trueno-simd128.wasm'],
  alimentar: ['trueno-simd128.wasm', 'parquet_wasm_bg.wasm'],
  aprender: ['trueno-simd128.wasm'],
  'trueno-db': ['trueno-simd128.wasm'],
  'trueno-graph': ['trueno-simd128.wasm', 'parquet_wasm_bg.wasm'],
};

const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
const gz = (bytes) => zlib.gzipSync(bytes, { level: 9 }).length;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-sizes-'));
  try {
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(root, path.join(dir, 'node_modules', 'sovereign-ai'), 'dir');
    const rows = ['| import | JS (minified) | JS (gzip) | WASM fetched (gzip) |', '| --- | --- | --- | --- |'];
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target !== 'object' || !target.browser) continue;
      const name = `sovereign-ai${subpath.slice(1)}`;
      const result = await esbuild.build({
        // the root entry has no names of its own to re-export with `export *`: its parts are namespaces
        stdin: { contents: subpath === '.' ? `export * as all from '${name}';` : `export * from '${name}';`, resolveDir: dir, loader: 'js' },
        bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false,
        nodePaths: [path.join(dir, 'node_modules')], logLevel: 'error', legalComments: 'none',
      });
      const js = result.outputFiles[0].contents;
      const wasm = WASM[path.basename(browserModule(target.browser), '.mjs')];
      if (wasm === undefined) throw new Error(`Expected the WebAssembly of ${name} in WASM (scripts/browser-sizes.js)`);
      const wasmGz = wasm.reduce((n, f) => n + gz(fs.readFileSync(path.join(root, 'dist/browser', f))), 0);
      rows.push(`| \`${name}\` | ${kib(js.length)} | ${kib(gz(js))} | ${wasm.length ? `${kib(wasmGz)} (${wasm.join(' + ')})` : 'none'} |`);
    }
    console.log(rows.join('\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`browser-sizes: ${e.message}`);
  process.exit(1);
});
