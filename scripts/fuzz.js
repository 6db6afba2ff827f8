#!/usr/bin/env node
/*
 * `npm run fuzz`: the fuzz harness of test/fuzz at a size of your choosing (the `npm test` run is sized for CI).
 * Builds dist/ (the supervised children load the built package, as users and the CLI do), then runs the jest tests.
 *
 *   npm run fuzz -- --mutants 3000 --cli 100          more mutants per format, more real CLI processes
 *   npm run fuzz -- --formats arrow,parquet           only these formats
 *   npm run fuzz -- --max-kills 1000                  keep trying a path after many crashes / hangs (default 5)
 *   npm run fuzz -- --only diabetes.arrow#121         one mutant again (ids from a run's summary or failures.json)
 *   npm run fuzz -- --dir /tmp/fz files               keep the run's folder (seeds, failures/); only the file fuzz
 *   npm run fuzz -- tensor                            only the Tensor abuse sweep
 */
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const FLAGS = { '--mutants': 'SOVEREIGN_FUZZ_MUTANTS', '--cli': 'SOVEREIGN_FUZZ_CLI', '--formats': 'SOVEREIGN_FUZZ_FORMATS', '--only': 'SOVEREIGN_FUZZ_ONLY', '--dir': 'SOVEREIGN_FUZZ_DIR', '--timeout-ms': 'SOVEREIGN_FUZZ_TIMEOUT_MS', '--max-kills': 'SOVEREIGN_FUZZ_MAX_KILLS' };
const TESTS = { files: 'test/fuzz/files.test.ts', tensor: 'test/fuzz/tensor-abuse.test.ts' };

const env = { ...process.env };
const tests = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (FLAGS[args[i]] !== undefined && i + 1 < args.length) env[FLAGS[args[i]]] = args[++i];
  else if (TESTS[args[i]] !== undefined) tests.push(TESTS[args[i]]);
  else {
    console.error(`fuzz: unknown argument '${args[i]}' (expected ${Object.keys(FLAGS).join(', ')} with a value, or ${Object.keys(TESTS).join(' / ')})`);
    process.exit(1);
  }
}
execFileSync(process.execPath, [path.join(root, 'scripts/build-ts.js')], { cwd: root, stdio: 'inherit' });
const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), ...(tests.length ? tests : ['test/fuzz'])], { cwd: root, env, stdio: 'inherit' });
process.exit(jest.status ?? 1);
