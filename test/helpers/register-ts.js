/*
 * Lets a supervised child process (node -r test/helpers/register-ts.js child.ts) load TypeScript the way jest does:
 * @swc/jest's compiler, CommonJS output. Test children are TypeScript like the tests; this keeps them so without a build.
 */
'use strict';
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
