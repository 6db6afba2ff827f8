/** Runs the C unit tests of native/core (built by `npm test` into cmake-build/release; outside build/, which node-gyp rebuild wipes) as part of the jest run. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../helpers/child';

const buildDir = path.join(repoRoot, 'cmake-build/release');

test('ctest: every C unit test of the core passes at every ISA level and thread count', () => {
  expect(fs.existsSync(path.join(buildDir, 'CTestTestfile.cmake'))).toBe(true);
  const r = spawnSync('ctest', ['--test-dir', buildDir, '--output-on-failure'], { encoding: 'utf8', timeout: 600000 });
  if (r.status !== 0) throw new Error(r.stdout + r.stderr);
  expect(r.stdout).toMatch(/100% tests passed/);
  expect(r.stdout).toMatch(/test_matrix/);
  expect(r.stdout).toMatch(/test_reduce/);
  expect(r.stdout).toMatch(/test_elementwise/);
  expect(r.stdout).toMatch(/test_integer/);
  expect(r.stdout).toMatch(/test_ml/);
});
