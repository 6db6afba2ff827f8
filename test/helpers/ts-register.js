// Lets a child `node` process run the TypeScript sources directly, as jest does, with the installed @swc/core:
// `node --require ./test/helpers/ts-register.js lib/cli/alimentar.ts ...`. No build step, no extra dependency.
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compileTs(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    module: { type: 'commonjs' },
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
  });
  module._compile(code, filename);
};
