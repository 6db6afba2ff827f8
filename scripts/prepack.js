#!/usr/bin/env node
/*
 * npm pack / npm publish hook: puts this platform's native addon in prebuilds/<platform>-<arch>/ (prebuildify, N-API,
 * stripped), so the packed package carries it and a consumer's install loads it without compiling (install.js and
 * the loader find it through node-gyp-build). A prebuild already newer than every native source is kept, so packing
 * twice does not compile twice. Other platforms' prebuilds are made the same way on those platforms (README,
 * "Prebuilt binaries"): each CI runner runs `npm run prebuild` and the publish job gathers every prebuilds/ folder
 * before `npm publish`. SOVEREIGN_SKIP_PREBUILD=1 packs without one (the package then compiles on install).
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const target = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`);

/** The newest modification time among the files that make the addon. */
function newestSource() {
  let newest = 0;
  const visit = (p) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['native', 'binding.gyp']) visit(path.join(root, p));
  return newest;
}

/** The prebuild's time, or 0 when there is none. */
function prebuildTime() {
  if (!fs.existsSync(target)) return 0;
  const files = fs.readdirSync(target).filter((f) => f.endsWith('.node'));
  return files.length === 0 ? 0 : Math.min(...files.map((f) => fs.statSync(path.join(target, f)).mtimeMs));
}

if (process.env.SOVEREIGN_SKIP_PREBUILD === '1') {
  console.log('prepack: SOVEREIGN_SKIP_PREBUILD=1, packing without a native prebuild');
} else if (prebuildTime() > newestSource()) {
  console.log(`prepack: ${path.relative(root, target)} is up to date`);
} else {
  console.log(`prepack: building ${path.relative(root, target)} with prebuildify (N-API)`);
  execFileSync(process.execPath, [require.resolve('prebuildify/bin.js'), '--napi', '--strip'], { cwd: root, stdio: 'inherit' });
}
