#!/usr/bin/env node
/*
 * Builds the browser entry of sovereign-ai: dist/browser/<module>.mjs, real ES modules (one per subpath export, shared
 * code in common chunks so trueno has one backend instance however many modules a page imports), with the WASM files
 * they locate by `new URL('./x.wasm', import.meta.url)` copied beside them. Dependencies stay bare imports for the
 * app's bundler. A `<name>.browser.ts` sibling replaces a Node-only source file (scripts/browser/platform-files.js);
 * a Node built-in reached from a browser entry fails this build. The entries' type declarations go to
 * dist/browser/types (scripts/browser/declarations.js), which the `browser` condition's `types` names.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const { platformFiles } = require('./browser/platform-files');
const { emitBrowserDeclarations } = require('./browser/declarations');

const root = path.resolve(__dirname, '..');
const outdir = path.join(root, 'dist', 'browser');

/** The WASM files the browser modules locate beside themselves. */
const WASM_FILES = [
  'prebuilds/wasm/trueno-simd128.wasm',
  'prebuilds/wasm/trueno-scalar.wasm',
  'node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm',
];

/**
 * The module a `browser` condition names: `{ types, default }` (the form package.json uses), or a plain path.
 * @param {string | { default: string }} browser - the condition's value
 * @returns {string} the .mjs path
 */
function browserModule(browser) {
  return typeof browser === 'string' ? browser : browser.default;
}

/** Each browser subpath of package.json `exports` with its source entry (the .browser.ts one where there is one). */
function browserEntries() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const entries = {};
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target !== 'object' || !target.browser) continue;
    const name = path.basename(browserModule(target.browser), '.mjs');
    const dir = subpath === '.' ? 'lib' : path.join('lib', subpath.slice(2));
    const browser = path.join(root, dir, 'index.browser.ts');
    entries[name] = fs.existsSync(browser) ? browser : path.join(root, dir, 'index.ts');
  }
  return entries;
}

/**
 * Builds dist/browser.
 * @returns the esbuild result (with its metafile)
 */
async function buildBrowser() {
  fs.rmSync(outdir, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: browserEntries(),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'shared-[hash]',
    plugins: [platformFiles({ root })],
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
    // model files record the library's version (lib/aprender/model-file/target-file.browser.ts)
    define: { __SOVEREIGN_VERSION__: JSON.stringify(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version) },
  });
  // the trueno Web Worker: one self-contained module (a worker cannot resolve the bare imports the entries keep)
  await esbuild.build({
    entryPoints: { 'trueno-worker': path.join(root, 'lib/trueno/worker-main.browser.ts') },
    minify: true, // served as it is (an app's bundler does not process a worker it only names by URL)
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outExtension: { '.js': '.mjs' },
    plugins: [platformFiles({ root })],
    logLevel: 'warning',
    legalComments: 'none',
  });
  for (const file of WASM_FILES) fs.copyFileSync(path.join(root, file), path.join(outdir, path.basename(file)));
  emitBrowserDeclarations({ root, entries: Object.values(browserEntries()), outDir: path.join(outdir, 'types') });
  return result;
}

if (require.main === module) {
  buildBrowser().then(
    () => console.log('built dist/browser'),
    (e) => {
      console.error(`build-browser: ${e.message}`);
      process.exit(1);
    },
  );
}

module.exports = { buildBrowser, browserEntries, browserModule, WASM_FILES };
