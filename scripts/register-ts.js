/*
 * A require hook that runs the TypeScript sources directly (transformed by @swc/core, as jest does), so that bench/
 * and the CLI tests need no build step: `node -r ./scripts/register-ts.js bench/run.js tensor`.
 */
'use strict';
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    module: { type: 'commonjs' },
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  });
  module._compile(code, filename);
};
