#!/usr/bin/env node
/*
 * Compiles lib/ to CommonJS (dist/cjs, with .d.ts) and writes one ESM wrapper per subpath export
 * (dist/esm/<part>.mjs) that re-exports the CommonJS module's names, so `import` and `require` share one instance
 * of each module (one native addon, one backend choice) instead of two copies. Marks every package.json bin
 * executable: tsc writes plain 0644 files, and a bin run straight from dist (or linked by `npm link`) needs +x. Then
 * builds the browser entry, dist/browser (scripts/build-browser.js).
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
try {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')], {
    cwd: root,
    stdio: 'inherit',
  });
} catch (e) {
  console.error('build-ts: tsc reported errors (above)');
  process.exit(e.status || 1);
}

const pkg = require(path.join(root, 'package.json'));
for (const [subpath, target] of Object.entries(pkg.exports)) {
  if (typeof target !== 'object' || !target.import) continue;
  const esmFile = path.join(root, target.import);
  const cjsFile = path.join(root, target.require);
  const names = Object.keys(require(cjsFile)).filter((n) => n !== 'default' && n !== '__esModule');
  const relative = path.relative(path.dirname(esmFile), cjsFile).split(path.sep).join('/');
  const lines = [
    `// ESM entry of sovereign-ai${subpath === '.' ? '' : subpath.slice(1)}: re-exports the CommonJS build (one shared instance).`,
    `import cjs from './${relative}';`,
    `export const { ${names.join(', ')} } = cjs;`,
    'export default cjs;',
    '',
  ];
  fs.mkdirSync(path.dirname(esmFile), { recursive: true });
  fs.writeFileSync(esmFile, lines.join('\n'));
  const typesFile = esmFile.replace(/\.mjs$/, '.d.mts');
  const typesTarget = path.relative(path.dirname(esmFile), path.join(root, target.types)).split(path.sep).join('/');
  fs.writeFileSync(typesFile, `export * from './${typesTarget.replace(/\.d\.ts$/, '.js')}';\n`);
}
for (const [name, file] of Object.entries(pkg.bin ?? {})) {
  const bin = path.join(root, file);
  if (!fs.existsSync(bin)) {
    console.error(`build-ts: the bin ${name} (${file}) was not built: is its source in lib/?`);
    process.exit(1);
  }
  fs.chmodSync(bin, fs.statSync(bin).mode | 0o111);
}
// the browser entry (dist/browser, real ES modules): see scripts/build-browser.js
require('./build-browser').buildBrowser().then(
  () => console.log('built dist/cjs, dist/esm and dist/browser'),
  (e) => {
    console.error(`build-ts: the browser build failed: ${e.message}`);
    process.exit(1);
  },
);
